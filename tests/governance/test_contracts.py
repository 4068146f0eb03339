"""Data contracts: each kind of check against hand-counted rows, caveats on metrics, and bad files with lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from governance.contracts import check_contracts
from semantic.api import SemanticLayer
from semantic.cli import main
from semantic.errors import ModelValidationError

BROKEN = """\
contracts:
  - table: orders
    row_count: {max: 10}
    freshness: {column: ordered_at, max_age_days: 2}
    columns:
      - {name: order_id, type: VARCHAR, unique: true}
      - {name: customer_id, unique: true}
      - {name: campaign_id, not_null: true}
      - {name: status, accepted_values: [completed, shipped]}
      - {name: order_total, min: 100, max: 1000}
      - {name: coupon_code, not_null: true}
  - table: no_such_table
"""


def truth(root: Path, sql: str) -> int:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as connection:
        return connection.execute(sql).fetchone()[0]


def test_every_check_reports_its_offending_count(project_copy: Path) -> None:
    (project_copy / "contracts.yml").write_text(BROKEN, encoding="utf-8")
    layer = SemanticLayer.load(project_copy)
    try:
        report = check_contracts(layer, today=dt.date(2025, 7, 10))
    finally:
        layer.close()
    found = {(v.table, v.check, v.message.split(":")[0]): v for v in report.violations}
    rows = truth(project_copy, "SELECT COUNT(*) FROM orders")
    assert found[("orders", "row_count", f"{rows} rows, expected 0..10")].count == rows
    assert found[("orders", "freshness", "newest ordered_at is 10 days old (max 2)")].count == 10
    assert ("orders", "type", "order_id is INTEGER, expected VARCHAR") in found
    assert found[("orders", "unique", "customer_id")].count == truth(
        project_copy, "SELECT COUNT(customer_id) - COUNT(DISTINCT customer_id) FROM orders"
    )
    assert found[("orders", "not_null", "campaign_id")].count == truth(
        project_copy, "SELECT COUNT(*) FROM orders WHERE campaign_id IS NULL"
    )
    assert found[("orders", "accepted_values", "status")].count == truth(
        project_copy, "SELECT COUNT(*) FROM orders WHERE status NOT IN ('completed', 'shipped')"
    )
    assert found[("orders", "min", "order_total")].count == truth(
        project_copy, "SELECT COUNT(*) FROM orders WHERE order_total < 100"
    )
    assert found[("orders", "max", "order_total")].count == truth(
        project_copy, "SELECT COUNT(*) FROM orders WHERE order_total > 1000"
    )
    assert ("orders", "column", "column coupon_code is missing") in found
    assert ("no_such_table", "exists", "table no_such_table does not exist") in found
    assert ("orders", "unique", "order_id") not in found  # the key is unique


def test_broken_contracts_put_caveats_on_metrics_everywhere(project_copy: Path) -> None:
    (project_copy / "contracts.yml").write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["contracts", "check", "-p", str(project_copy)])
    assert result.exit_code == 1 and "violation(s)" in result.output
    saved = json.loads((project_copy / ".semctx" / "contracts.json").read_text())
    assert saved["tables"]["orders"]
    layer = SemanticLayer.load(project_copy)
    try:
        assert any("orders breaks its data contract" in c for c in layer.describe("revenue").caveats)
        assert layer.describe("ticket_count").caveats == []
        assert any("orders" in n for n in layer.query({"metrics": ["revenue"]}).notes)
        assert not any("contract" in n for n in layer.query({"metrics": ["ticket_count"]}).notes)
        assert any("data contract" in n for n in layer.ask("revenue in 2024").notes)
        layer.build_index()
        pack = layer.context("revenue by month")
        assert pack.text.startswith("> caveat: source table orders") and any("orders" in w for w in pack.warnings)
    finally:
        layer.close()


def test_the_demo_contracts_hold(governed_root: Path) -> None:
    result = CliRunner().invoke(main, ["contracts", "check", "-p", str(governed_root), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["checks"] >= 10


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("contracts:\n  - table: orders\n    columns:\n      - {name: x, not_nul: true}\n", 4, "not_nul"),
        ("contracts:\n  - table: orders\n    freshness: {column: ordered_at, max_age_days: 0}\n", 3, "greater than 0"),
        ("contracts: [\n", 2, "invalid YAML"),
    ],
)
def test_bad_contract_files(project_copy: Path, text: str, line: int, words: str) -> None:
    (project_copy / "contracts.yml").write_text(text, encoding="utf-8")
    layer = SemanticLayer.load(project_copy)
    try:
        with pytest.raises(ModelValidationError) as caught:
            check_contracts(layer)
    finally:
        layer.close()
    issue = caught.value.issues[0]
    assert (issue.file, issue.line) == ("contracts.yml", line) and words in issue.message
