"""The graph the other layers walk: element graph for retrieval, join paths, groupable dimensions."""

from __future__ import annotations

import pytest

from semantic.errors import AmbiguousPathError, UnreachableError
from semantic.graph.graph import SemanticGraph
from semantic.model.loader import load_texts

MODEL = """
entities:
  - {name: a, table: a, primary_key: id, dimensions: [{name: x}], measures: [{name: n, agg: count}]}
  - {name: b, table: b, primary_key: id, dimensions: [{name: y}]}
  - {name: c, table: c, primary_key: id, dimensions: [{name: z}]}
  - {name: d, table: d, primary_key: id, dimensions: [{name: w}]}
  - {name: lonely, table: l, primary_key: id, dimensions: [{name: v}]}
relationships:
  - {name: a_b, from: a, to: b, from_key: b_id}
  - {name: b_c, from: b, to: c, from_key: c_id}
  - {name: a_d, from: a, to: d, from_key: d_id}
  - {name: d_c, from: d, to: c, from_key: c_id}
metrics:
  - {name: n, measure: n}
"""


@pytest.fixture()
def graph() -> SemanticGraph:
    model, issues = load_texts({"m.yml": MODEL})
    assert issues == []
    return SemanticGraph(model)


def test_two_to_one_paths_are_ambiguous_until_a_via_hint(graph: SemanticGraph) -> None:
    with pytest.raises(AmbiguousPathError) as error:
        graph.paths.path("a", "c")
    assert "a -> b -> c" in error.value.message and "a -> d -> c" in error.value.message
    assert [s.right for s in graph.paths.path("a", "c", via=["d"])] == ["d", "c"]
    assert [s.relationship for s in graph.paths.path("a", "c", via=["b_c"])] == ["a_b", "b_c"]


def test_to_one_path_beats_fan_out(graph: SemanticGraph) -> None:
    path = graph.paths.path("a", "b")
    assert [s.right for s in path] == ["b"] and not path[0].fans_out
    back = graph.paths.path("b", "a")
    assert back[0].fans_out


def test_unreachable_entity_is_an_error(graph: SemanticGraph) -> None:
    with pytest.raises(UnreachableError):
        graph.paths.path("a", "lonely")


def test_element_graph_links_metrics_to_measures_and_entities_to_dimensions(graph: SemanticGraph) -> None:
    g = graph.element_graph
    assert "measure:a.n" in set(g.successors("metric:n"))
    assert {"dimension:a.x"} <= set(g.successors("entity:a"))
    assert g.nodes["metric:n"]["kind"] == "metric"
    joins = {(u, v) for u, v, k in g.edges(keys=True) if k.startswith("joins:")}
    assert ("entity:a", "entity:b") in joins and ("entity:b", "entity:a") in joins


def test_reachable_to_one(graph: SemanticGraph) -> None:
    assert graph.paths.reachable_to_one("a") == {"a", "b", "c", "d"}
    assert graph.paths.reachable_to_one("c") == {"c"}


def test_lineage_of_derived_metric_follows_names_in_its_expression() -> None:
    text = (
        MODEL
        + """  - {name: n2, measure: n}
  - {name: combined, type: derived, expr: "n + COALESCE(n2, 0)"}
"""
    )
    model, issues = load_texts({"m.yml": text})
    assert issues == []
    graph = SemanticGraph(model)
    assert [m.qualified for m in graph.base_measures(graph.metrics["combined"])] == ["a.n"]
    assert graph._upstream_metric_names(graph.metrics["combined"]) == ["n", "n2"]
    assert {"metric:n", "metric:n2"} <= set(graph.element_graph.successors("metric:combined"))
