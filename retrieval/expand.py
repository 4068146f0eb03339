"""Scoping along the graph: from the best search hits to what they need, walking the element graph (networkx).

A chosen metric pulls in the entities its measures live on, the entities reachable from them without fanning
out (its join paths), and their dimensions: exactly what the metric can be grouped and filtered by. A verified
question pulls in the elements of its query. Nothing else is added; the packer decides what fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import networkx as nx

from retrieval.search import Hit

METRICS_EXPANDED = 3
DIRECT_HITS_KEPT = 14
# Most direct hits of each kind worth showing: more verified questions or notes rarely help and cost tokens.
QUOTAS = {
    "verified_question": 2,
    "glossary": 2,
    "knowledge": 2,
    "entity": 1,
    "domain": 1,
    "relationship": 2,
    "join_path": 2,
    "metric": 4,
    "dimension": 8,
}
ENTITY_DIMENSION_WEIGHT = 0.4
EXPANSION_HOPS = 3  # dimensions further than this many joins from a metric are left to search
DIRECT_FLOOR = 0.3  # direct hits scoring below this share of the best one are noise, whatever the budget
GROUPABLE_WEIGHT = 0.3
JOIN_WEIGHT = 0.6


@dataclass
class Candidate:
    id: str
    score: float
    why: str
    direct: bool


class Neighbourhood:
    """Cached walks over the element graph (it does not change while a layer is loaded)."""

    def __init__(self, elements: nx.MultiDiGraph, max_hops: int = EXPANSION_HOPS) -> None:
        self.elements = elements
        self.max_hops = max_hops
        self._homes: dict[str, tuple[str, ...]] = {}
        self._reach: dict[str, dict[str, int]] = {}
        self._dimensions: dict[str, tuple[str, ...]] = {}

    def measure_entities(self, metric_node: str) -> tuple[str, ...]:
        """Entities holding the measures a metric is computed from (following metric -uses-> metric chains)."""
        if metric_node not in self._homes:
            found, stack, seen = set(), [metric_node], set()
            while stack:
                node = stack.pop()
                if node in seen or node not in self.elements:
                    continue
                seen.add(node)
                for _, target, key in self.elements.out_edges(node, keys=True):
                    if key != "uses":
                        continue
                    if target.startswith("measure:"):
                        found.add(target.split(":", 1)[1].split(".")[0])
                    else:
                        stack.append(target)
            self._homes[metric_node] = tuple(sorted(found))
        return self._homes[metric_node]

    def to_one_reach(self, entity: str) -> dict[str, int]:
        """Entities reachable from ``entity`` along joins that do not fan out, within ``max_hops``, with distance."""
        if entity not in self._reach:
            start = f"entity:{entity}"
            distance = {start: 0}
            frontier = [start] if start in self.elements else []
            for hops in range(1, self.max_hops + 1):
                following = []
                for node in frontier:
                    for _, target, key, data in self.elements.out_edges(node, keys=True, data=True):
                        if key.startswith("joins:") and not data.get("fans_out") and target not in distance:
                            distance[target] = hops
                            following.append(target)
                frontier = following
            self._reach[entity] = {node.split(":", 1)[1]: hops for node, hops in distance.items()}
        return self._reach[entity]

    def dimensions(self, entity: str) -> tuple[str, ...]:
        if entity not in self._dimensions:
            node = f"entity:{entity}"
            self._dimensions[entity] = tuple(
                child
                for _, child, key in (self.elements.out_edges(node, keys=True) if node in self.elements else ())
                if key == "has" and child.startswith("dimension:")
            )
        return self._dimensions[entity]


def expand(
    hits: list[Hit],
    graph: Neighbourhood,
    allowed: Callable[[str], bool],
    verified_queries: dict[str, dict],
) -> list[Candidate]:
    """Candidates for the pack, best first: direct hits (scores scaled to the best one) and what they need."""
    if not hits:
        return []
    top = hits[0].score
    chosen: dict[str, Candidate] = {}

    def offer(doc_id: str, score: float, why: str, direct: bool = False) -> None:
        if not allowed(doc_id):
            return
        current = chosen.get(doc_id)
        if current is None or score > current.score:
            chosen[doc_id] = Candidate(doc_id, round(score, 4), why, direct or (current.direct if current else False))

    kept: list[Hit] = []
    used: dict[str, int] = {}
    for hit in hits:
        if hit.score < DIRECT_FLOOR * top:
            break
        kind = hit.id.split(":", 1)[0]
        if used.get(kind, 0) < QUOTAS.get(kind, 2):
            used[kind] = used.get(kind, 0) + 1
            kept.append(hit)
            if len(kept) == DIRECT_HITS_KEPT:
                break
    for hit in kept:
        offer(hit.id, hit.score / top, hit.why(), direct=True)
    for hit in kept:
        if hit.id.startswith("entity:"):
            entity = hit.id.split(":", 1)[1]
            for child in graph.dimensions(entity):
                offer(child, ENTITY_DIMENSION_WEIGHT * hit.score / top, f"a dimension of {entity}")
        query = verified_queries.get(hit.id)
        if query:
            for name in query.get("metrics", []):
                offer(f"metric:{name}", 0.95 * hit.score / top, f"used by the verified question {hit.id}")
            for name in query.get("dimensions", []):
                offer(
                    f"dimension:{name.split('__')[0]}", 0.9 * hit.score / top, f"used by the verified question {hit.id}"
                )
    metrics = sorted((c for c in chosen.values() if c.id.startswith("metric:")), key=lambda c: -c.score)
    hit_dimensions = {c.id.split(":", 1)[1].split(".")[0] for c in chosen.values() if c.id.startswith("dimension:")}
    for metric in metrics[:METRICS_EXPANDED]:
        name = metric.id.split(":", 1)[1]
        for home in graph.measure_entities(metric.id):
            reach = graph.to_one_reach(home)
            if hit_dimensions & (set(reach) - {home}):
                offer(
                    f"join_path:{home}",
                    metric.score * JOIN_WEIGHT,
                    f"join path from {home} to the dimensions asked for",
                )
            for entity, hops in reach.items():
                for child in graph.dimensions(entity):
                    offer(
                        child,
                        metric.score * GROUPABLE_WEIGHT / (1 + hops),
                        f"{name} can be grouped by it" + (f" ({hops} join(s) from {home})" if hops else ""),
                    )
    return sorted(chosen.values(), key=lambda c: (-c.score, c.id))
