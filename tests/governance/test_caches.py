"""The compiled-SQL and result caches never hand one principal's answer to another, never serve stale rows, and
can be turned off. Rows are compared with uncached runs on a fresh layer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from semantic.access import Principal
from semantic.api import SemanticLayer
from semantic.engines.duckdb_engine import DuckDBEngine
from semantic.errors import EngineError

QUERY = {"metrics": ["revenue"], "dimensions": ["customers.region"]}
ANA, FRED = Principal("ana"), Principal("fred")


def audit_records(root: Path) -> list[dict]:
    path = root / ".semctx" / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_principals_get_their_own_rows_from_warm_caches(project_copy: Path) -> None:
    layer = SemanticLayer.load(project_copy)
    try:
        first = {p.name: layer.query(QUERY, principal=p).rows for p in (ANA, FRED, ANA, FRED)}
        again = {p.name: layer.query(QUERY, principal=p).rows for p in (FRED, ANA)}
        assert [r[0] for r in again["ana"]] == ["West"]  # ana's row filter holds on a cache hit
        assert len(again["fred"]) == 5
        assert again == first
        assert layer.compile(QUERY, principal=ANA).sql != layer.compile(QUERY, principal=FRED).sql
    finally:
        layer.close()
    cached = [r.get("cached") for r in audit_records(project_copy) if r["entry"] == "query"]
    assert cached == [False, False, True, True, True, True]


def test_a_cached_answer_is_the_uncached_answer_and_cannot_be_changed_by_a_caller(project_copy: Path) -> None:
    layer = SemanticLayer.load(project_copy)
    try:
        answer = layer.query(QUERY, principal=FRED)
        expected = list(answer.rows)
        answer.rows.clear()  # a caller editing its result must not edit the cache
        assert layer.query(QUERY, principal=FRED).rows == expected
    finally:
        layer.close()


def test_the_result_cache_can_be_turned_off(project_copy: Path) -> None:
    config = project_copy / "semctx.yml"
    config.write_text(config.read_text().replace("warehouse:\n", "warehouse:\n  result_cache_mb: 0\n", 1))
    layer = SemanticLayer.load(project_copy)
    try:
        assert layer.query(QUERY, principal=FRED).rows == layer.query(QUERY, principal=FRED).rows
    finally:
        layer.close()
    assert [r.get("cached") for r in audit_records(project_copy) if r["entry"] == "query"] == [False, False]


def test_rows_written_while_the_layer_was_closed_are_seen_after_reopening(project_copy: Path) -> None:
    layer = SemanticLayer.load(project_copy)
    try:
        before = dict(layer.query(QUERY, principal=FRED).rows)
        layer.close()  # releases the read lock: the file may now change
        with duckdb.connect(str(project_copy / "warehouse.duckdb")) as writer:
            writer.execute("UPDATE orders SET order_total = order_total * 2")
        after = dict(layer.query(QUERY, principal=FRED).rows)
    finally:
        layer.close()
    assert {region: float(total) for region, total in after.items()} == {
        region: pytest.approx(float(total) * 2) for region, total in before.items()
    }


def test_no_writer_can_open_the_file_while_the_layer_holds_it(project_copy: Path) -> None:
    """Why the cache is sound: DuckDB's lock keeps writers out while semctx has the file open read-only."""
    layer = SemanticLayer.load(project_copy)
    try:
        layer.query(QUERY, principal=FRED)
        assert layer.engine.data_frozen
        writer = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('DELETE FROM orders')"
        tried = subprocess.run(
            [sys.executable, "-c", writer, str(project_copy / "warehouse.duckdb")], capture_output=True, text=True
        )
        assert tried.returncode != 0 and "lock" in tried.stderr
        assert len(layer.query(QUERY, principal=FRED).rows) == 5
    finally:
        layer.close()


def test_only_read_only_files_count_as_frozen(tmp_path: Path, governed_root: Path) -> None:
    assert not DuckDBEngine(None).data_frozen  # in memory: anyone holding the connection may write
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(governed_root / "warehouse.duckdb", copy)
    assert not DuckDBEngine(copy, read_only=False).data_frozen


def test_a_slow_query_is_stopped_by_the_shared_watchdog(governed: SemanticLayer) -> None:
    engine = governed.engine
    with pytest.raises(EngineError, match="longer than 0.2 s"):
        engine.execute_sql("SELECT count(*) FROM range(100000000000) a", row_limit=1, timeout_seconds=0.2)
    assert engine.execute_sql("SELECT 42", row_limit=1, timeout_seconds=0.2).rows == [(42,)]  # the next one runs
