"""Filtered metrics of one fact share one scan (semantic/plan/fold.py) and the numbers do not move.

Each query is compiled twice, with and without the folding pass, and both run on the soundness warehouse: the rows
must be identical, NULLs included (a filtered count over a group with no passing rows reads 0 beside an unfiltered
node of the entity, NULL otherwise), and the folded SQL must read the fact table once.
"""

from __future__ import annotations

import pytest

from semantic.plan.build import PASSES
from semantic.plan.fold import fold_filtered_nodes
from semantic.query.semantic_query import SemanticQuery
from semantic.sql.compiler import compile_query

UNFOLDED = tuple(p for p in PASSES if p is not fold_filtered_nodes)
EXTRA_METRICS = """\
  - {name: returned_orders, measure: orders.order_count, filter: "orders.status = 'returned'"}
  - {name: returned_sales, measure: order_total, filter: "orders.status = 'returned'"}
  - {name: east_sales, measure: order_total, filter: "stores.store_name = 'East Mall'"}
  - {name: completed_share, type: ratio, numerator: revenue, denominator: gross_sales}
"""
QUERIES = [
    {"metrics": ["revenue", "gross_sales", "completed_share"], "dimensions": ["customers.segment"]},
    {"metrics": ["completed_orders", "returned_orders"], "dimensions": ["customers.name"]},  # all filtered
    {"metrics": ["completed_orders", "order_count"], "dimensions": ["metric_time__year"]},
    {"metrics": ["revenue", "returned_sales", "east_sales"], "dimensions": ["stores.store_name"]},
    {
        "metrics": ["returned_orders", "revenue"],
        "dimensions": ["metric_time__month"],
        "filters": ["metric_time >= '2023-02-01'"],
    },
    {"metrics": ["revenue", "returned_sales"]},
    {"metrics": ["returned_orders"], "dimensions": ["customers.segment"], "order_by": ["-order_count"]},
]


@pytest.fixture(scope="module")
def folded_layer(soundness_root, tmp_path_factory):
    import shutil

    from semantic.api import SemanticLayer

    root = tmp_path_factory.mktemp("fold") / "project"
    shutil.copytree(soundness_root, root, ignore=shutil.ignore_patterns(".semctx", "*.wal"))
    models = root / "models" / "model.yml"
    models.write_text(models.read_text(encoding="utf-8") + EXTRA_METRICS, encoding="utf-8")
    layer = SemanticLayer.load(root)
    yield layer
    layer.close()


def _run(layer, query: dict, passes) -> tuple[str, list]:
    compiled = compile_query(
        layer.graph, SemanticQuery.model_validate(query), dialect="duckdb", model_dialect="duckdb", passes=passes
    )
    rows = layer.engine.execute(compiled.expression, sql=compiled.sql, row_limit=1000, timeout_seconds=30).rows
    return compiled.sql, rows


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_folding_keeps_every_row_and_null(folded_layer, query: dict) -> None:
    folded_sql, folded = _run(folded_layer, query, PASSES)
    unfolded_sql, unfolded = _run(folded_layer, query, UNFOLDED)
    assert folded == unfolded, f"{query}\n{folded_sql}\n----\n{unfolded_sql}"


def test_the_fact_is_scanned_once(folded_layer) -> None:
    sql, rows = _run(folded_layer, QUERIES[1], PASSES)
    assert sql.count("FROM orders AS orders") == 1 and "CASE WHEN" in sql
    assert ("Dee", None, None) not in rows  # Dee has no orders: no row at all, as before
    by_name = {name: (done, returned) for name, done, returned in rows}
    assert by_name["Ann"] == (1, 1) and by_name["Bob"] == (1, None)  # Bob returned nothing: NULL, as unfolded


def test_a_node_used_only_for_ordering_is_not_folded(folded_layer) -> None:
    sql, rows = _run(folded_layer, QUERIES[-1], PASSES)
    assert sql.count("FROM orders AS orders") == 2  # order_count only orders the rows: it may not add any
    assert {segment for segment, _ in rows} == {"premium"}  # only Ann returned an order
