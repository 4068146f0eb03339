"""The Acme Retail demo project: it builds fast, deterministically and atomically, and its model is valid.

Built at scale 0.05 (a few thousand rows) so the whole file runs in a few seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from semantic.demo import DOMAINS, build_demo_project, model_files
from semantic.model.loader import load_project
from semantic.model.rules import validate_model

SCALE = 0.05
TABLES = (
    "regions",
    "stores",
    "customers",
    "products",
    "orders",
    "order_items",
    "payments",
    "refunds",
    "campaigns",
    "web_sessions",
    "departments",
    "employees",
    "support_tickets",
    "expenses",
    "budgets",
)


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_project(tmp_path_factory.mktemp("demo") / "acme", scale=SCALE)


def _connect(root: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)


def _checksums(root: Path) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every row, per table."""
    with _connect(root) as connection:
        return {
            table: connection.execute(f"SELECT count(*), sum(hash(t)) FROM {table} AS t").fetchone() for table in TABLES
        }


def test_builds_project_layout(demo_root: Path) -> None:
    assert sorted(p.name for p in demo_root.iterdir()) == [
        "contracts.yml", "evals", "knowledge", "models", "policies.yml", "semctx.yml", "warehouse.duckdb"
    ]
    assert (demo_root / "evals" / "questions.yml").is_file()
    assert sorted(p.stem for p in (demo_root / "models").glob("*.yml")) == sorted(DOMAINS)
    leftovers = [p.name for p in demo_root.parent.iterdir() if p.name != demo_root.name]
    assert leftovers == [], "the temporary build folder must be gone"


def test_scale_005_builds_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    build_demo_project(tmp_path / "quick", scale=SCALE)
    assert time.perf_counter() - started < 5  # ~0.3 s on 2 cores; generous for slow CI


def test_model_loads_and_validates(demo_root: Path) -> None:
    model, issues = load_project(demo_root)
    issues += validate_model(model)
    errors = [f"{i.file}:{i.line} {i.code}: {i.message}" for i in issues if i.level == "error"]
    assert errors == []
    assert model.config.name == "acme_retail"
    assert model.config.reference_date == "2025-06-30"
    assert model.config.warehouse.path == "warehouse.duckdb"
    assert {d.name for d in model.domains} >= {"sales", "marketing", "finance", "support", "people"}
    assert len(model.entities) >= 12
    assert len(model.metrics) >= 30
    assert len(model.verified_questions) >= 10
    for element in (*model.domains, *model.entities, *model.metrics):
        assert element.description, f"{element.name} needs a description"
    for metric in model.metrics:
        assert metric.owner, f"metric {metric.name} needs an owner"
    assert sum(m.certified for m in model.metrics) >= 10
    types = {m.type for m in model.metrics}
    assert types == {"simple", "ratio", "derived", "cumulative"}


def test_warehouse_has_every_table_and_entity_sources_resolve(demo_root: Path) -> None:
    model, _ = load_project(demo_root)
    with _connect(demo_root) as connection:
        tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert tables >= set(TABLES)
        assert len(tables) >= 12
        for entity in model.entities:
            assert entity.table in tables
            columns = [d.expr or d.name for d in entity.dimensions] + [m.expr or "1" for m in entity.measures]
            keys = list(entity.key_columns)
            # Every dimension and measure expression is valid SQL over its table.
            connection.execute(f"SELECT {', '.join(keys + columns)} FROM {entity.table} LIMIT 1")
        for rel in model.relationships:
            source = next(e for e in model.entities if e.name == rel.from_entity)
            connection.execute(f"SELECT {rel.from_columns} FROM {source.table} LIMIT 1")


def test_pii_is_declared(demo_root: Path) -> None:
    model, _ = load_project(demo_root)
    pii = {(e.name, d.name): d.pii.value for e in model.entities for d in e.dimensions}
    expected = {
        ("customers", "first_name"): "name",
        ("customers", "last_name"): "name",
        ("customers", "email"): "email",
        ("customers", "phone"): "phone",
        ("customers", "street_address"): "address",
        ("customers", "birth_date"): "date_of_birth",
        ("employees", "first_name"): "name",
        ("employees", "work_email"): "email",
        ("employees", "phone"): "phone",
        ("employees", "home_address"): "address",
    }
    assert {key: pii[key] for key in expected} == expected
    assert pii[("orders", "status")] == "none"


def test_deterministic_for_same_seed(tmp_path: Path, demo_root: Path) -> None:
    again = build_demo_project(tmp_path / "again", scale=SCALE, seed=42)
    assert _checksums(again) == _checksums(demo_root)
    other = build_demo_project(tmp_path / "other", scale=SCALE, seed=7)
    assert _checksums(other)["orders"] != _checksums(demo_root)["orders"]


def test_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    root = build_demo_project(tmp_path / "acme", scale=0.01)
    (root / "models" / "extra.yml").write_text("domains: []\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already holds a semctx project"):
        build_demo_project(root, scale=0.01)
    assert (root / "models" / "extra.yml").exists(), "a refused build must not touch the project"
    (root / "notes.txt").write_text("keep me", encoding="utf-8")
    build_demo_project(root, scale=0.01, force=True)
    assert not (root / "models" / "extra.yml").exists()
    assert (root / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme"]


def test_builds_into_existing_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    root = build_demo_project(tmp_path / "empty", scale=0.01)
    assert (root / "semctx.yml").is_file()


def test_rejects_bad_scale(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        build_demo_project(tmp_path / "x", scale=0)
    assert not (tmp_path / "x").exists()


def test_model_files_come_from_package_data() -> None:
    files = model_files()
    assert sorted(files) == sorted(f"{d}.yml" for d in DOMAINS)
    assert all(text.strip() for text in files.values())


def test_data_holds_the_double_counting_traps(demo_root: Path) -> None:
    with _connect(demo_root) as c:

        def one(sql: str):  # type: ignore[no-untyped-def]
            return c.execute(sql).fetchone()

        assert one("SELECT min(ordered_at), max(ordered_at) FROM orders") == (
            __import__("datetime").date(2023, 1, 1),
            __import__("datetime").date(2025, 6, 30),
        )
        assert one("SELECT count(*) FROM (SELECT order_id FROM order_items GROUP BY 1 HAVING count(*) > 1)")[0] > 0
        assert one("SELECT count(*) FROM (SELECT order_id FROM payments GROUP BY 1 HAVING count(*) > 1)")[0] > 0
        assert one("SELECT count(*) FROM (SELECT customer_id FROM orders GROUP BY 1 HAVING count(*) > 1)")[0] > 0
        assert (
            one("SELECT count(*) FROM (SELECT customer_id FROM support_tickets GROUP BY 1 HAVING count(*) > 1)")[0] > 0
        )
        assert one("SELECT count(*) FROM orders WHERE channel IS NULL")[0] > 0
        assert one("SELECT count(*) FROM support_tickets WHERE resolved_at IS NULL")[0] > 0
        assert set(r[0] for r in c.execute("SELECT DISTINCT region_name FROM regions").fetchall()) >= {
            "West",
            "East",
            "North",
            "South",
        }
        # order_total is the sum of its lines, and payments of non-cancelled orders add up to it.
        assert (
            one(
                "SELECT count(*) FROM orders o JOIN (SELECT order_id, sum(line_amount) s FROM order_items "
                "GROUP BY 1) i USING (order_id) WHERE o.order_total <> i.s"
            )[0]
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM orders o JOIN (SELECT order_id, sum(amount) s FROM payments "
                "GROUP BY 1) p USING (order_id) WHERE o.order_total <> p.s"
            )[0]
            == 0
        )
        types = dict(
            c.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'orders'"
            ).fetchall()
        )
        assert types["ordered_at"] == "DATE" and types["order_total"].startswith("DECIMAL")


def test_verified_questions_run(demo_root: Path) -> None:
    """Every verified question compiles and returns rows on the demo warehouse (through the facade)."""
    from semantic.api import SemanticLayer

    layer = SemanticLayer.load(demo_root)
    failures = []
    try:
        for question in layer.model.verified_questions:
            try:
                result = layer.query(question.query)
                if not result.rows:
                    failures.append(f"{question.question}: no rows")
                missing = [m for m in question.query.get("metrics", []) if m not in result.columns]
                if missing:
                    failures.append(f"{question.question}: result lacks {missing}")
            except Exception as exc:  # noqa: BLE001 - collect them all
                failures.append(f"{question.question}: {type(exc).__name__}: {exc}")
    finally:
        layer.close()
    assert failures == []


def test_every_metric_runs_by_year(demo_root: Path) -> None:
    """Each metric alone, by metric_time__year: a column with that name and at least one non-NULL value."""
    from semantic.api import SemanticLayer

    layer = SemanticLayer.load(demo_root)
    failures = []
    try:
        for metric in layer.model.metrics:
            try:
                result = layer.query({"metrics": [metric.name], "dimensions": ["metric_time__year"]})
            except Exception as exc:  # noqa: BLE001 - collect them all
                failures.append(f"{metric.name}: {type(exc).__name__}: {exc}")
                continue
            if metric.name not in result.columns:
                failures.append(f"{metric.name}: missing from columns {result.columns}")
            elif all(row[result.columns.index(metric.name)] is None for row in result.rows):
                failures.append(f"{metric.name}: no values")
            elif any(row[0] is None for row in result.rows):
                failures.append(f"{metric.name}: a row without a year")
    finally:
        layer.close()
    assert failures == []


def test_revenue_matches_hand_computed_total(demo_root: Path) -> None:
    from semantic.api import SemanticLayer

    layer = SemanticLayer.load(demo_root)
    try:
        result = layer.query({"metrics": ["revenue", "order_count"], "dimensions": ["metric_time__year"]})
        by_year = {row[0].year: (row[1], row[2]) for row in result.rows}
    finally:
        layer.close()
    with _connect(demo_root) as c:
        truth = dict(
            (y, (r, n))
            for y, r, n in c.execute(
                "SELECT year(ordered_at), sum(order_total) FILTER (WHERE status IN ('completed', 'shipped')), "
                "count(*) FROM orders GROUP BY 1"
            ).fetchall()
        )
    assert by_year == truth


def test_failed_build_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import semantic.demo.generator as generator

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator, "load_tables", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_demo_project(tmp_path / "acme", scale=0.01)
    assert list(tmp_path.iterdir()) == []
