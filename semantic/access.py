"""Who is asking, and the hook through which governance shapes every facade call.

The core ships an allow-all policy; ``governance`` provides real ones. The facade passes the
principal to the policy on every call, so listings, plans and results can be filtered without the
core knowing any policy rules.

>>> Principal("ana", roles=("analyst",), attributes={"region": "West"}).attributes["region"]
'West'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

from semantic.plan.build import Pass


@dataclass(frozen=True)
class Principal:
    """A person or agent on whose behalf a call runs."""

    name: str = "local"
    roles: tuple[str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)


LOCAL = Principal()


class AccessPolicy(Protocol):
    def can_see(self, principal: Principal, kind: str, name: str, domain: str | None) -> bool:
        """Whether the principal may know that this element exists."""
        ...

    def plan_passes(self, principal: Principal) -> Sequence[Pass]:
        """Extra plan passes (row filters, masks, denials) run after the core's passes."""
        ...


class OutputGuard(Protocol):
    """Optional on a policy: redact personal data in values that leave the layer (rows, packed text)."""

    def guard_rows(self, principal: Principal, rows: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], int]: ...

    def guard_text(self, principal: Principal, text: str) -> tuple[str, int]: ...


class AllowAll:
    """The default: everyone sees everything (single-user, local use)."""

    def can_see(self, principal: Principal, kind: str, name: str, domain: str | None) -> bool:
        return True

    def plan_passes(self, principal: Principal) -> Sequence[Pass]:
        return ()
