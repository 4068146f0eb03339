"""A check shared by the query-safety tests: compiled SQL stays one SELECT over the soundness model's tables."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

MODEL_TABLES = {"customers", "regions", "stores", "companies", "orders", "order_items", "tickets"}


def assert_sql_is_contained(sql: str) -> None:
    """One SELECT over model tables; every function is one semctx itself uses or the filter whitelist allows."""
    statements = sqlglot.parse(sql, read="duckdb")
    assert len(statements) == 1
    tree = statements[0]
    assert isinstance(tree, exp.Query), sql
    cte_names = {cte.alias for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        assert table.name in MODEL_TABLES | cte_names, f"unexpected table {table.sql()} in\n{sql}"
    for node in tree.walk():
        assert not isinstance(
            node, (exp.Anonymous, exp.Command, exp.Drop, exp.Insert, exp.Delete, exp.Update, exp.Create)
        ), f"unexpected {node.sql()} in\n{sql}"
