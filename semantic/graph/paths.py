"""Join paths between entities: to-one paths are safe; fan-out paths are marked; ambiguity is an error.

An edge A→B is *to-one* when each A row matches at most one B row (many_to_one or one_to_one).
Walking it backwards fans out (one_to_many). Paths are found only among simple paths of at most
``MAX_HOPS`` joins; a to-one path always wins over a fan-out path, and two candidates of the same
kind are ambiguous unless a ``via`` hint (entity or relationship names) leaves exactly one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import networkx as nx

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


def add_relationship(graph: nx.MultiDiGraph, rel: Relationship, to_columns: tuple[str, ...]) -> None:
    """Add both directions of a relationship to an entity graph."""
    from_columns = (rel.from_columns,) if isinstance(rel.from_columns, str) else tuple(rel.from_columns)
    forward_to_one = rel.cardinality in ("many_to_one", "one_to_one")
    backward_to_one = rel.cardinality in ("one_to_many", "one_to_one")
    graph.add_edge(rel.from_entity, rel.to_entity, key=rel.label,
                   step=JoinStep(rel.from_entity, rel.to_entity, rel.label, from_columns, to_columns,
                                 not forward_to_one))
    graph.add_edge(rel.to_entity, rel.from_entity, key=rel.label,
                   step=JoinStep(rel.to_entity, rel.from_entity, rel.label, to_columns, from_columns,
                                 not backward_to_one))


class PathFinder:
    """Finds (and caches) the join path from a measure's entity to a dimension's entity."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.to_one = nx.MultiDiGraph()
        self.to_one.add_nodes_from(graph.nodes)
        for left, right, key, data in graph.edges(keys=True, data=True):
            if not data["step"].fans_out:
                self.to_one.add_edge(left, right, key=key, **data)
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
        for graph, kind in ((self.to_one, "to-one"), (self.graph, "fan-out")):
            candidates = self._candidates(graph, start, end)
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

    def _candidates(self, graph: nx.MultiDiGraph, start: str, end: str) -> list[JoinPath]:
        if start not in graph or end not in graph or not nx.has_path(graph, start, end):
            return []
        found: list[JoinPath] = []
        for edge_path in nx.all_simple_edge_paths(graph, start, end, cutoff=MAX_HOPS):
            found.append(tuple(graph.edges[edge]["step"] for edge in edge_path))
            if len(found) >= MAX_CANDIDATES:
                break
        found.sort(key=lambda p: (len(p), [s.relationship for s in p]))
        return found


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
