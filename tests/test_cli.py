"""The CLI end to end on the soundness fixture: every command, every output format, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from semantic.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "projects" / "soundness"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "soundness"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("warehouse.duckdb*"))
    con = duckdb.connect(str(root / "warehouse.duckdb"))
    con.execute((root / "data.sql").read_text())
    con.close()
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_query_json_carries_sql_columns_rows(project: Path) -> None:
    code, out, _ = run("query", "-p", str(project), "-m", "gross_sales", "-d", "metric_time__year", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["columns"] == ["metric_time__year", "gross_sales"]
    assert data["rows"] == [["2023-01-01", 60], ["2024-01-01", 150]]
    assert data["sql"].startswith("SELECT")
    assert data["truncated"] is False


def test_query_csv_and_table(project: Path) -> None:
    code, out, _ = run("query", "-p", str(project), "-m", "order_count", "-d", "customers.segment", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["customers__segment", "order_count"]
    assert ["consumer", "4"] in rows and ["premium", "2"] in rows
    code, out, _ = run("query", "-p", str(project), "-m", "order_count", "-d", "customers.segment")
    assert code == 0 and "consumer" in out and "(2 rows" in out


def test_dimension_only_listing(project: Path) -> None:
    code, out, _ = run(
        "query",
        "-p",
        str(project),
        "-d",
        "orders.order_id",
        "-d",
        "orders.ordered_at",
        "-w",
        "orders.ordered_at >= '2024-01-01'",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["rows"] == [[4, "2024-01-05"], [5, "2024-02-07"], [6, "2024-02-09"]]


@pytest.mark.parametrize(
    "dialect", ["duckdb", "postgres", "snowflake", "bigquery", "trino", "spark", "databricks", "redshift"]
)
def test_compile_every_dialect(project: Path, dialect: str) -> None:
    code, out, _ = run(
        "compile",
        "-p",
        str(project),
        "-m",
        "average_order_value",
        "-d",
        "metric_time__month",
        "--dialect",
        dialect,
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["dialect"] == dialect and "NULLIF" in data["sql"].upper()


def test_compile_query_json_and_explain(project: Path) -> None:
    query = json.dumps({"metrics": ["units"], "dimensions": ["regions.region_name"], "via": ["stores"]})
    code, out, _ = run("compile", "-p", str(project), "-q", query, "--explain")
    assert code == 0
    assert out.startswith("-- ") and "order_items -> orders -> stores -> regions" in out


def test_errors_are_one_line_with_did_you_mean(project: Path) -> None:
    code, _, err = run("query", "-p", str(project), "-m", "revnue")
    assert code == 1
    assert err.strip() == "error: unknown metric 'revnue'; did you mean 'revenue'?"
    code, out, _ = run("compile", "-p", str(project), "-m", "revenue", "--dialect", "postgress", "--format", "json")
    assert code == 1 and json.loads(out)["error"]["code"] == "unknown_dialect"
    code, _, err = run("query", "-p", str(project), "-m", "revenue", "-w", "1=1; DROP TABLE orders")
    assert code == 1 and "filter" in err and "Traceback" not in err


def test_ambiguous_path_names_both_paths(project: Path) -> None:
    code, _, err = run("query", "-p", str(project), "-m", "gross_sales", "-d", "regions.region_name")
    assert code == 1
    assert "orders -> customers -> regions" in err and "orders -> stores -> regions" in err and "via" in err


def test_list_and_describe(project: Path) -> None:
    code, out, _ = run("list", "metrics", "-p", str(project), "--domain", "support", "--format", "json")
    assert code == 0
    assert [i["name"] for i in json.loads(out)["items"]] == ["ticket_count"]
    code, out, _ = run("list", "domains", "-p", str(project))
    assert code == 0 and "sales" in out and "support" in out
    code, out, _ = run("describe", "revenue", "-p", str(project))
    assert code == 0
    assert "sum(orders.amount) where orders.status = 'completed'" in out and "tables: orders" in out
    code, _, err = run("describe", "revenu", "-p", str(project))
    assert code == 1 and "did you mean 'revenue'" in err


def test_validate_reports_every_issue_with_file_line(project: Path, tmp_path: Path) -> None:
    code, out, _ = run("validate", "-p", str(project))
    assert code == 0 and "0 error(s)" in out
    broken = tmp_path / "broken"
    shutil.copytree(project, broken)
    text = (broken / "models" / "model.yml").read_text()
    text = text.replace("measure: order_total, filter:", "measure: order_totl, filter:")
    text = text.replace("{name: opened_at, type: time, grain: day}", "{name: opened_at, type: time}")
    text = text.replace("from: ticket_customer_placeholder", "")
    text += "  - {name: loop_a, type: derived, expr: loop_b + 1}\n  - {name: loop_b, type: derived, expr: loop_a}\n"
    (broken / "models" / "model.yml").write_text(text)
    code, out, _ = run("validate", "-p", str(broken), "--format", "json")
    assert code == 1
    issues = json.loads(out)["issues"]
    codes = {i["code"] for i in issues}
    assert {"unknown_measure", "time_dimension_without_grain", "metric_cycle"} <= codes
    unknown = next(i for i in issues if i["code"] == "unknown_measure")
    assert unknown["file"] == "models/model.yml" and unknown["line"] > 1 and "order_total" in unknown["message"]


def test_validate_against_warehouse(project: Path, tmp_path: Path) -> None:
    code, out, _ = run("validate", "-p", str(project), "--warehouse")
    assert code == 0, out
    broken = tmp_path / "wh"
    shutil.copytree(project, broken)
    text = (broken / "models" / "model.yml").read_text().replace("{name: priority}", "{name: priority, expr: prio}")
    (broken / "models" / "model.yml").write_text(text)
    code, out, err = run("validate", "-p", str(broken), "--warehouse")
    assert code == 1 and "column 'prio' is not in table 'tickets'" in out + err


def test_schema_command_writes_json_schema(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    code, _, _ = run("schema", "--out", str(target))
    assert code == 0
    schema = json.loads(target.read_text())
    assert "metrics" in schema["properties"] and "$defs" in schema


def test_init_empty_and_refuses_to_overwrite(tmp_path: Path) -> None:
    code, out, _ = run("init", str(tmp_path / "p"))
    assert code == 0 and (tmp_path / "p" / "semctx.yml").exists()
    code, _, err = run("init", str(tmp_path / "p"))
    assert code == 1 and "already exists" in err


def test_missing_project_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("list", "metrics", "-p", str(tmp_path))
    assert code == 1 and "no semctx.yml" in err


def test_console_script_runs_as_a_process(project: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "semantic.cli", "query", "-p", str(project), "-m", "ticket_count", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"] == [[5]]


def test_validate_against_warehouse_checks_join_keys(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "keys"
    shutil.copytree(project, broken)
    text = (broken / "models" / "model.yml").read_text()
    text = text.replace(
        "from: orders, to: customers, from_key: customer_id", "from: orders, to: customers, from_key: cust_id"
    )
    (broken / "models" / "model.yml").write_text(text)
    code, out, err = run("validate", "-p", str(broken), "--warehouse", "--format", "json")
    assert code == 1
    issue = next(i for i in json.loads(out)["issues"] if i["code"] == "missing_column")
    assert "cust_id" in issue["message"] and issue["line"] and "customer_id" in issue["suggestions"]
