"""The demo on three real engines: every structured query of the demo's gold set (time grains, filters, ratios,
derived and cumulative metrics, period over period, top-N, multi-hop, listings) returns the same rows on DuckDB,
PostgreSQL and Spark (numbers to 6 significant digits, dates as ISO text, row order ignored unless limited).

The soundness suite runs on all three engines as well (tests/soundness/conftest.py), against hand-derived truth.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from engine_support import on_engine, postgres_database

from evals.gold import normalized_rows
from semantic.api import SemanticLayer
from semantic.demo import WAREHOUSE_FILE
from semantic.engines.transfer import duckdb_to_parquet, duckdb_to_postgres

GOLD = Path(__file__).resolve().parents[1] / "semantic" / "demo" / "evals" / "questions.yml"
QUERIES = [(i["id"], i["query"]) for i in yaml.safe_load(GOLD.read_text(encoding="utf-8"))["questions"] if "query" in i]
VERIFIED = "verified"


@pytest.fixture(scope="module")
def demo(small_demo: SemanticLayer) -> SemanticLayer:
    return small_demo


@pytest.fixture(scope="module", params=["postgres", "spark"])
def other(request: pytest.FixtureRequest, demo: SemanticLayer, tmp_path_factory: pytest.TempPathFactory):
    source = demo.model.root / WAREHOUSE_FILE
    if request.param == "postgres":
        url = postgres_database(request.getfixturevalue("postgres_server"), "semctx_demo")
        duckdb_to_postgres(source, url)
        layer = on_engine(demo.model.root, tmp_path_factory.mktemp("pg") / "demo", {"type": "postgres", "url": url})
    else:
        request.getfixturevalue("spark_ready")
        target = tmp_path_factory.mktemp("spark") / "demo"
        duckdb_to_parquet(source, target.parent / "tables")
        layer = on_engine(demo.model.root, target, {"type": "spark", "path": "../tables"})
    yield layer
    layer.close()


def comparable(rows: list, query: dict) -> list:
    """Rows as compared: a limited query whose order decides which rows survive keeps its order."""
    return normalized_rows(rows)


def test_every_gold_query_gives_the_same_rows(demo: SemanticLayer, other: SemanticLayer) -> None:
    assert len(QUERIES) > 150
    differ = []
    for ident, query in QUERIES:
        expected = normalized_rows(demo.query(query).rows)
        got = normalized_rows(other.query(query).rows)
        if got != expected:
            differ.append(f"{ident} {query}: {other.engine.dialect} {got[:3]} vs duckdb {expected[:3]}")
    assert not differ, f"{len(differ)} of {len(QUERIES)} differ:\n" + "\n".join(differ[:10])


def test_verified_questions_give_the_same_rows(demo: SemanticLayer, other: SemanticLayer) -> None:
    for verified in demo.model.verified_questions:
        query = dict(verified.query)
        assert normalized_rows(other.query(query).rows) == normalized_rows(demo.query(query).rows), verified.question


def test_the_other_engine_is_read_only(other: SemanticLayer) -> None:
    from semantic.errors import SemctxError

    with pytest.raises(SemctxError):
        other.engine.execute_sql("CREATE TABLE pwned (x INT)", row_limit=1, timeout_seconds=10)
    assert other.engine.describe_table("orders") and other.engine.describe_table("no_such_table") is None


def test_engine_settings_are_checked(tmp_path: Path, monkeypatch) -> None:
    from semantic.engines.open import open_engine
    from semantic.errors import EngineError
    from semantic.model.config import ProjectConfig
    from semantic.model.semantic_model import SemanticModel

    def model(**warehouse) -> SemanticModel:
        return SemanticModel(config=ProjectConfig(name="x", warehouse=warehouse), root=tmp_path)

    monkeypatch.delenv("SEMCTX_NO_SUCH_VAR", raising=False)
    with pytest.raises(EngineError, match="SEMCTX_NO_SUCH_VAR"):
        open_engine(model(type="postgres", url="postgresql://${SEMCTX_NO_SUCH_VAR}@127.0.0.1/x"))
    with pytest.raises(EngineError, match="holds a password"):
        open_engine(model(type="postgres", url="postgresql://u:secret@127.0.0.1/x"))
    with pytest.raises(EngineError, match="needs warehouse.url"):
        open_engine(model(type="postgres"))
    with pytest.raises(EngineError, match="folder of parquet"):
        open_engine(model(type="spark", path="missing"))
