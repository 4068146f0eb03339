"""The project's access policy: ``policies.yml`` checked against the model, then applied to every facade call.

``load_policy(root, graph)`` is what the core finds through the ``semctx.policy`` entry point when a project has
a policies file. A principal passed without roles gets its roles and attributes from the file (by name); one
the file does not list gets ``default_role`` (or nothing at all).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional, Sequence

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from governance.access import Access
from governance.enforce import bind_attributes, enforcement_pass
from governance.policies import POLICIES_FILE, PoliciesFile, read_policies
from semantic.access import Principal
from semantic.errors import ModelValidationError, SemctxError
from semantic.graph.graph import SemanticGraph
from semantic.model.issues import Issue
from semantic.model.yaml_lines import line_of
from semantic.names import did_you_mean
from semantic.plan.build import Pass
from semantic.query.filters import parse_filter

NAME_COLUMN_MIN = 5


class ProjectPolicy:
    def __init__(self, policies: PoliciesFile, graph: SemanticGraph, issues: Sequence[Issue] = ()) -> None:
        self.policies = policies
        self.issues = list(issues)  # warnings found while loading (shown by `semctx validate`)
        self.graph = graph
        self._listed = {p.name: p for p in policies.principals}
        self._cache: dict[str, Access] = {}

    def resolve(self, principal: Principal) -> Principal:
        """Fill in roles and attributes from the file; roles given by the caller (a verified token) win."""
        listed = self._listed.get(principal.name)
        roles = principal.roles or (listed.roles if listed else ())
        if not roles and self.policies.default_role:
            roles = (self.policies.default_role,)
        attributes = {**(listed.attributes if listed else {}), **principal.attributes}
        return Principal(principal.name, tuple(roles), attributes)

    def access(self, principal: Principal) -> Access:
        resolved = self.resolve(principal)
        key = json.dumps([resolved.roles], sort_keys=True)
        if key not in self._cache:
            self._cache[key] = Access.combine(
                self.policies.roles[r] for r in resolved.roles if r in self.policies.roles
            )
        return self._cache[key]

    def can_see(self, principal: Principal, kind: str, name: str, domain: Optional[str]) -> bool:
        access = self.access(principal)
        if kind == "domain":
            return access.domain_allowed(name)
        if not access.domain_allowed(domain):
            return False
        if kind == "metric" and name in self.graph.metrics:
            metric = self.graph.metrics[name]
            return all(
                access.metric_granted(m) and access.domain_allowed(self.graph.metric_domain(self.graph.metrics[m]))
                for m in [name, *self.graph.upstream_metrics(metric)]
            )
        if kind == "dimension":
            return name not in access.deny_dimensions
        return True

    # ---- output guard (Presidio) --------------------------------------------------------------

    def _uncleared(self, principal: Principal) -> set[str]:
        """Detected PII types the principal is not cleared to see in clear."""
        from governance.pii import PII_CLASS

        cleared = self.access(principal).pii
        if "all" in cleared:
            return set()
        return {kind for kind, pii_class in PII_CLASS.items() if pii_class not in cleared}

    def guard_rows(self, principal: Principal, rows: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], int]:
        """Text values holding PII the principal is not cleared for become ``<TYPE>`` placeholders; how many.

        Structured types (emails, cards, ...) are redacted wherever found. Names are redacted only in a column
        where most of at least ``NAME_COLUMN_MIN`` distinct values read as names: spaCy also takes some store and
        product names for people, and one such value is no reason to blank a column of store names."""
        hidden = self._uncleared(principal)
        if not hidden or not rows:
            return rows, 0
        from governance.pii import PiiDetector, redact_with

        texts = sorted({v for row in rows for v in row if isinstance(v, str)})
        found = dict(zip(texts, PiiDetector.shared().findings_many(texts)))
        name_columns = set()
        if "PERSON" in hidden:
            for index in range(len(rows[0])):
                values = {row[index] for row in rows if isinstance(row[index], str)}
                names = sum(1 for v in values if any(f.type == "PERSON" for f in found.get(v, ())))
                if len(values) >= NAME_COLUMN_MIN and names * 2 >= len(values):
                    name_columns.add(index)
        total, guarded = 0, []
        for row in rows:
            values = []
            for index, value in enumerate(row):
                if isinstance(value, str) and found.get(value):
                    keep = [
                        f for f in found[value] if f.type in hidden and (f.type != "PERSON" or index in name_columns)
                    ]
                    if keep:
                        value, counts = redact_with(value, keep)
                        total += sum(counts.values())
                values.append(value)
            guarded.append(tuple(values))
        return guarded, total

    def guard_text(self, principal: Principal, text: str) -> tuple[str, int]:
        """Structured PII in prose (context, descriptions); names are left to the model's declarations there."""
        hidden = self._uncleared(principal) - {"PERSON"}
        if not hidden or not text:
            return text, 0
        from governance.pii import PiiDetector, redact_with

        findings = [f for f in PiiDetector.shared().findings(text) if f.type in hidden]
        redacted, counts = redact_with(text, findings)
        return redacted, sum(counts.values())

    def plan_passes(self, principal: Principal) -> Sequence[Pass]:
        resolved = self.resolve(principal)
        return (enforcement_pass(self.access(resolved), resolved),)


def load_policy(root: Path, graph: SemanticGraph) -> Optional[ProjectPolicy]:
    policies, raw = read_policies(root)
    if policies is None:
        return None
    issues = check_policies(policies, raw, graph)
    if any(i.level == "error" for i in issues):
        raise ModelValidationError(issues)
    return ProjectPolicy(policies, graph, issues)


def check_policies(policies: PoliciesFile, raw: Any, graph: SemanticGraph) -> list[Issue]:
    """Every name in the file must exist in the model; every filter must parse and name known dimensions."""
    issues: list[Issue] = []

    def problem(code: str, message: str, loc: tuple[Any, ...], name: str = "", candidates: Any = ()) -> None:
        suggestions = tuple(did_you_mean(name, candidates)) if name else ()
        issues.append(Issue("error", code, message, POLICIES_FILE, line_of(raw, loc), suggestions))

    roles = policies.roles
    if policies.default_role and policies.default_role not in roles:
        problem(
            "unknown_role",
            f"default_role {policies.default_role!r} is not a role",
            ("default_role",),
            policies.default_role,
            roles,
        )
    for index, principal in enumerate(policies.principals):
        for position, role in enumerate(principal.roles):
            if role not in roles:
                problem(
                    "unknown_role",
                    f"principal {principal.name!r} has unknown role {role!r}",
                    ("principals", index, "roles", position),
                    role,
                    roles,
                )
    for role_name, role in roles.items():
        at = ("roles", role_name)
        for position, domain in enumerate(role.domains or ()):
            if domain not in graph.domains:
                problem(
                    "unknown_domain",
                    f"role {role_name!r}: unknown domain {domain!r}",
                    (*at, "domains", position),
                    domain,
                    graph.domains,
                )
        for field in ("allow_metrics", "deny_metrics"):
            for position, name in enumerate(getattr(role, field) or ()):
                if name not in graph.metrics:
                    problem(
                        "unknown_metric",
                        f"role {role_name!r}: unknown metric {name!r} in {field}",
                        (*at, field, position),
                        name,
                        graph.metrics,
                    )
        names = [(p, d, ("deny_dimensions", p)) for p, d in enumerate(role.deny_dimensions)]
        names += [(p, m.dimension, ("masks", p, "dimension")) for p, m in enumerate(role.masks)]
        for _, name, loc in names:
            if name not in graph.dimensions:
                problem(
                    "unknown_dimension",
                    f"role {role_name!r}: unknown dimension {name!r}",
                    (*at, *loc),
                    name,
                    graph.dimensions,
                )
        for position, rule in enumerate(role.row_filters):
            loc = (*at, "row_filters", position, "filter")
            message = _filter_problem(rule.filter, graph)
            if message:
                problem("invalid_row_filter", f"role {role_name!r}: {message}", loc)
            for domain in rule.domains:
                if domain not in graph.domains:
                    problem(
                        "unknown_domain",
                        f"role {role_name!r}: row filter domain {domain!r} is unknown",
                        (*at, "row_filters", position, "domains"),
                        domain,
                        graph.domains,
                    )
            needed = _placeholders(rule.filter)
            for index, principal in enumerate(policies.principals):
                missing = sorted(needed - set(principal.attributes)) if role_name in principal.roles else []
                if missing:
                    issues.append(
                        Issue(
                            "warning",
                            "missing_attribute",
                            f"principal {principal.name!r} lacks {', '.join(missing)} for role {role_name!r}'s row "
                            "filter; its queries touching that filter will be denied",
                            POLICIES_FILE,
                            line_of(raw, ("principals", index)),
                        )
                    )
    return issues


def _placeholders(text: str) -> set[str]:
    try:
        return {p.name for p in sqlglot.parse_one(text).find_all(exp.Placeholder)}
    except (ParseError, TokenError):
        return set()


def _filter_problem(text: str, graph: SemanticGraph) -> Optional[str]:
    try:
        sample = {name: "x" for name in _placeholders(text)}
        bound = bind_attributes(text, "duckdb", sample, "the check")
        parse_filter(bound, "duckdb", lambda key: graph.dimension(key))
    except (ParseError, TokenError) as error:
        return f"row filter {text!r} is not valid SQL: {str(error).splitlines()[0][:120]}"
    except SemctxError as error:
        return error.message
    return None
