"""Join paths between entities: to-one paths are safe; fan-out paths are marked; ambiguity is an error.

An edge A→B is *to-one* when each A row matches at most one B row (many_to_one or one_to_one).
Walking it backwards fans out (one_to_many). Paths are found only among simple paths of at most
``MAX_HOPS`` joins; a to-one path always wins over a fan-out path, and two candidates of the same
kind are ambiguous unless a ``via`` hint (entity or relationship names) leaves exactly one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from semantic.errors import AmbiguousPathError, UnreachableError
from semantic.model.types import Relationship

MAX_HOPS = 6
MAX_CANDIDATES = 64


@dataclass(frozen=True)
class JoinStep:
    """One join: ``left.left_columns = right.right_columns``; ``fans_out`` when right is the many side."""

    left: str
    right: str
    relationship: str
    left_columns: tuple[str, ...]
    right_columns: tuple[str, ...]
    fans_out: bool
    inner: bool = False  # every left row has its right row (declared join: inner): INNER JOIN is the same join

    def describe(self) -> str:
        arrow = "-<" if self.fans_out else "->"
        return f"{self.left} {arrow} {self.right}"


JoinPath = tuple[JoinStep, ...]


def describe_path(start: str, path: JoinPath) -> str:
    """'orders -> customers -> regions' ('-<' marks a fan-out step)."""
    text = start
    for step in path:
        text += (" -< " if step.fans_out else " -> ") + step.right
    return text


class EntityGraph:
    """Entities and the join steps between them (both directions of every relationship)."""

    def __init__(self, entities: Iterable[str]) -> None:
        self.edges: dict[str, list[JoinStep]] = {name: [] for name in entities}

    def add_relationship(self, rel: Relationship, to_columns: tuple[str, ...]) -> None:
        from_columns = (rel.from_columns,) if isinstance(rel.from_columns, str) else tuple(rel.from_columns)
        forward_to_one = rel.cardinality in ("many_to_one", "one_to_one")
        backward_to_one = rel.cardinality in ("one_to_many", "one_to_one")
        inner = rel.join == "inner"
        self.edges[rel.from_entity].append(
            JoinStep(
                rel.from_entity,
                rel.to_entity,
                rel.label,
                from_columns,
                to_columns,
                not forward_to_one,
                inner and rel.cardinality != "one_to_many",
            )
        )
        self.edges[rel.to_entity].append(
            JoinStep(
                rel.to_entity,
                rel.from_entity,
                rel.label,
                to_columns,
                from_columns,
                not backward_to_one,
                inner and rel.cardinality == "one_to_many",
            )
        )

    def steps(self) -> Iterable[JoinStep]:
        for steps in self.edges.values():
            yield from steps


class PathFinder:
    """Finds (and caches) the join path from a measure's entity to a dimension's entity."""

    def __init__(self, graph: EntityGraph) -> None:
        self.graph = graph
        self._cache: dict[tuple[str, str, tuple[str, ...]], JoinPath] = {}

    def path(self, start: str, end: str, via: Iterable[str] = ()) -> JoinPath:
        """The one join path from ``start`` to ``end``; raises when none or several fit."""
        hints = tuple(sorted(set(via)))
        key = (start, end, hints)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._find(start, end, hints)
            self._cache[key] = cached
        return cached

    def _find(self, start: str, end: str, via: tuple[str, ...]) -> JoinPath:
        if start == end:
            return ()
        for fan_out_allowed, kind in ((False, "to-one"), (True, "fan-out")):
            candidates = self._candidates(start, end, fan_out_allowed)
            if not candidates:
                continue
            relevant = tuple(h for h in via if any(_matches_via(p, (h,)) for p in candidates))
            if relevant:
                candidates = [path for path in candidates if _matches_via(path, relevant)] or candidates
            if len(candidates) == 1:
                return candidates[0]
            if kind == "fan-out":
                fewest = min(sum(step.fans_out for step in p) for p in candidates)
                candidates = [p for p in candidates if sum(step.fans_out for step in p) == fewest]
                if len(candidates) == 1:
                    return candidates[0]
            raise AmbiguousPathError(
                f"{len(candidates)} different join paths lead from {start!r} to {end!r}: "
                + "; ".join(describe_path(start, p) for p in candidates[:5])
                + ". Pick one with a via hint naming an entity or relationship on it, e.g. "
                + f"via: [{_distinguishing_hint(candidates)!r}]",
                details={"paths": [describe_path(start, p) for p in candidates[:10]]},
            )
        raise UnreachableError(
            f"{end!r} cannot be reached from {start!r} through any relationship",
            details={"from": start, "to": end},
        )

    def _candidates(self, start: str, end: str, fan_out_allowed: bool) -> list[JoinPath]:
        """Simple paths of at most MAX_HOPS steps (depth-first, bounded in count)."""
        if start not in self.graph.edges or end not in self.graph.edges:
            return []
        found: list[JoinPath] = []
        stack: list[tuple[str, JoinPath, frozenset[str]]] = [(start, (), frozenset((start,)))]
        while stack and len(found) < MAX_CANDIDATES:
            here, path, seen = stack.pop()
            for step in self.graph.edges[here]:
                if step.right in seen or (step.fans_out and not fan_out_allowed):
                    continue
                extended = path + (step,)
                if step.right == end:
                    found.append(extended)
                elif len(extended) < MAX_HOPS:
                    stack.append((step.right, extended, seen | {step.right}))
        found.sort(key=lambda p: (len(p), [s.relationship for s in p]))
        return found

    def reachable_to_one(self, start: str) -> set[str]:
        """Entities reachable from ``start`` without fanning out."""
        seen, frontier = {start}, [start]
        while frontier:
            here = frontier.pop()
            for step in self.graph.edges.get(here, ()):
                if not step.fans_out and step.right not in seen:
                    seen.add(step.right)
                    frontier.append(step.right)
        return seen


def _matches_via(path: JoinPath, via: tuple[str, ...]) -> bool:
    names = {step.relationship for step in path} | {step.right for step in path} | {step.left for step in path}
    return all(hint in names for hint in via)


def _distinguishing_hint(candidates: list[JoinPath]) -> Optional[str]:
    first = candidates[0]
    others = [{s.right for s in p} | {s.relationship for s in p} for p in candidates[1:]]
    for step in first:
        for name in (step.right, step.relationship):
            if all(name not in other for other in others):
                return name
    return first[0].relationship if first else None
