"""What one principal may do: the union of its roles' grants, every deny and every row filter of any role.

Roles combine so that adding a role never widens what a deny or row filter takes away: allowed domains,
metrics and PII classes are unions; denied names are unions; all row filters apply (ANDed); when two roles
mask the same dimension differently, the stronger mask wins (redact over hash over last4).

>>> from governance.policies import Role
>>> a = Access.combine([Role(domains=("sales",)), Role(domains=("finance",), deny_metrics=("payroll",))])
>>> sorted(a.domains), sorted(a.deny_metrics)
(['finance', 'sales'], ['payroll'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from governance.policies import Role, RowFilter

MASK_STRENGTH = {"last4": 0, "hash": 1, "redact": 2}


@dataclass(frozen=True)
class Access:
    domains: Optional[frozenset[str]] = frozenset()  # None: every domain
    allow_metrics: Optional[frozenset[str]] = None  # None: every metric of an allowed domain
    deny_metrics: frozenset[str] = frozenset()
    deny_dimensions: frozenset[str] = frozenset()
    pii: frozenset[str] = frozenset()
    masks: dict[str, str] = field(default_factory=dict)
    row_filters: tuple[RowFilter, ...] = ()

    @classmethod
    def combine(cls, roles: Iterable[Role]) -> "Access":
        roles = list(roles)
        if not roles:
            return cls()  # no role: nothing at all
        domains: Optional[set[str]] = set()
        allow: Optional[set[str]] = set()
        masks: dict[str, str] = {}
        for role in roles:
            domains = None if domains is None or role.domains is None else domains | set(role.domains)
            allow = None if allow is None or role.allow_metrics is None else allow | set(role.allow_metrics)
            for mask in role.masks:
                current = masks.get(mask.dimension)
                if current is None or MASK_STRENGTH[mask.mask] > MASK_STRENGTH[current]:
                    masks[mask.dimension] = mask.mask
        return cls(
            domains=None if domains is None else frozenset(domains),
            allow_metrics=None if allow is None else frozenset(allow),
            deny_metrics=frozenset(m for r in roles for m in r.deny_metrics),
            deny_dimensions=frozenset(d for r in roles for d in r.deny_dimensions),
            pii=frozenset(_pii_classes(c) for r in roles for c in r.pii),
            masks=masks,
            row_filters=tuple(f for r in roles for f in r.row_filters),
        )

    def domain_allowed(self, domain: Optional[str]) -> bool:
        return domain is None or self.domains is None or domain in self.domains

    def metric_granted(self, name: str) -> bool:
        return name not in self.deny_metrics and (self.allow_metrics is None or name in self.allow_metrics)

    def mask_for(self, qualified: str, pii_class: str) -> Optional[str]:
        """The mask a dimension gets: an explicit one, else redact for PII classes not cleared."""
        if qualified in self.masks:
            return self.masks[qualified]
        if pii_class != "none" and pii_class not in self.pii and "all" not in self.pii:
            return "redact"
        return None


def _pii_classes(value: object) -> str:
    return getattr(value, "value", value)  # type: ignore[return-value]
