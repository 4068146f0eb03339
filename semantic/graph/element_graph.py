"""The element graph: domains, entities, dimensions, measures and metrics as nodes, linked by meaning.

Edges: domain -contains-> entity/metric; entity -has-> dimension/measure; metric -uses-> measure or
metric; entity -joins-> entity (with the relationship's cardinality). Retrieval expands along them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from semantic.errors import SemctxError

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph


def build_element_graph(graph: SemanticGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for name in graph.domains:
        g.add_node(f"domain:{name}", kind="domain", name=name, domain=name)
    for entity in graph.entities.values():
        node = f"entity:{entity.name}"
        g.add_node(node, kind="entity", name=entity.name, domain=entity.domain)
        if entity.domain:
            g.add_edge(f"domain:{entity.domain}", node, key="contains")
        for dimension in entity.dimensions:
            child = f"dimension:{entity.name}.{dimension.name}"
            g.add_node(child, kind="dimension", name=f"{entity.name}.{dimension.name}", domain=entity.domain)
            g.add_edge(node, child, key="has")
        for measure in entity.measures:
            child = f"measure:{entity.name}.{measure.name}"
            g.add_node(child, kind="measure", name=f"{entity.name}.{measure.name}", domain=entity.domain)
            g.add_edge(node, child, key="has")
    for step in graph.entity_graph.steps():
        g.add_edge(
            f"entity:{step.left}", f"entity:{step.right}", key=f"joins:{step.relationship}", fans_out=step.fans_out
        )
    for metric in graph.metrics.values():
        node = f"metric:{metric.name}"
        domain = graph.metric_domain(metric)
        g.add_node(node, kind="metric", name=metric.name, domain=domain)
        if domain:
            g.add_edge(f"domain:{domain}", node, key="contains")
        if metric.measure:
            try:
                g.add_edge(node, f"measure:{graph.measure(metric.measure).qualified}", key="uses")
            except SemctxError:
                pass
        for upstream in graph._upstream_metric_names(metric):
            if upstream in graph.metrics:
                g.add_edge(node, f"metric:{upstream}", key="uses")
    return g
