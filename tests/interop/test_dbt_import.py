"""The dbt MetricFlow importer against tests/fixtures/dbt_shop: every imported metric is queried through semctx and
compared with hand-written SQL over the same DuckDB file; what cannot be translated is reported with file:line."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

import duckdb
import pytest

from semantic.api import SemanticLayer
from semantic.errors import SemctxError
from semantic.interop.dbt import import_dbt
from semantic.interop.dbt_filters import ModelIndex, Untranslatable, translate_filter
from semantic.interop.output import InteropError, write_project

SHOP = Path(__file__).resolve().parents[1] / "fixtures" / "dbt_shop"
METRICS_YML = SHOP / "models" / "metrics.yml"


def build_warehouse(path: Path) -> Path:
    """Each seed raw_<table>.csv becomes table <table>, the name the semantic models ref()."""
    connection = duckdb.connect(str(path))
    try:
        for seed in sorted((SHOP / "seeds").glob("raw_*.csv")):
            table = seed.stem.removeprefix("raw_")
            connection.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv_auto('{seed.as_posix()}')")
    finally:
        connection.close()
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any], dict[str, dict]]:
    base = tmp_path_factory.mktemp("dbt")
    files, problems, name = import_dbt(SHOP)
    out = write_project(base / "shop", files, name=name, problems=problems, warehouse="warehouse.duckdb", source="dbt")
    shutil.copy(build_warehouse(base / "warehouse.duckdb"), out / "warehouse.duckdb")
    return out, problems, files


@pytest.fixture(scope="module")
def layer(imported: tuple[Path, list[Any], dict[str, dict]]) -> SemanticLayer:
    return SemanticLayer.load(imported[0])


@pytest.fixture(scope="module")
def db(imported: tuple[Path, list[Any], dict[str, dict]]):  # type: ignore[no-untyped-def]
    connection = duckdb.connect(str(imported[0].parent / "warehouse.duckdb"))  # the file copied into the project
    yield connection
    connection.close()


def query(
    layer: SemanticLayer, metrics: list[str], dimensions: Sequence[str] = (), filters: Sequence[str] = ()
) -> list:
    return layer.query({"metrics": metrics, "dimensions": list(dimensions), "filters": list(filters)}).rows


def assert_same_rows(actual: list[tuple], expected: list[tuple], keys: int) -> None:
    """Equal as sets of rows sorted on the first ``keys`` columns; numbers compared approximately."""
    assert len(actual) == len(expected), (actual, expected)
    order = lambda row: tuple(str(v) for v in row[:keys])  # noqa: E731
    for got, want in zip(sorted(actual, key=order), sorted(expected, key=order)):
        assert len(got) == len(want)
        for x, y in zip(got, want):
            if isinstance(y, (int, float, Decimal)) and not isinstance(y, bool):
                assert x is not None and float(x) == pytest.approx(float(y)), (got, want)
            else:
                assert x == y, (got, want)


def test_the_imported_project_validates_with_one_entity_per_semantic_model(imported, layer) -> None:
    out, _, files = imported
    assert sorted(layer.graph.entities) == ["customers", "order_items", "orders"]
    tables = {e["name"]: e["table"] for e in files["semantic_models.yml"]["entities"]}
    assert tables == {"customers": "customers", "orders": "orders", "order_items": "order_items"}
    assert {(r["from"], r["to"], r["from_key"]) for r in files["semantic_models.yml"]["relationships"]} == {
        ("orders", "customers", "customer_id"),
        ("order_items", "orders", "order_id"),
    }
    assert (out / "models" / "metrics.yml").exists() and (out / "import-report.md").exists()
    assert not [i for i in layer.issues if i.level == "error"]


def test_simple_metric_with_a_jinja_filter(layer, db) -> None:
    assert_same_rows(
        query(layer, ["revenue"]),
        db.execute("SELECT SUM(order_total) FROM orders WHERE status = 'completed'").fetchall(),
        0,
    )
    assert_same_rows(
        query(layer, ["food_orders"], ["orders.status"]),
        db.execute("SELECT status, COUNT(*) FROM orders WHERE is_food_order GROUP BY status").fetchall(),
        1,
    )


def test_filter_on_a_joined_dimension_and_on_metric_time(layer, db) -> None:
    west = "SELECT SUM(o.order_total) FROM orders o JOIN customers c USING (customer_id) WHERE c.region = 'West'"
    assert_same_rows(query(layer, ["west_revenue"]), db.execute(west).fetchall(), 0)
    late = "SELECT SUM(order_total) FROM orders WHERE status = 'completed' AND ordered_at >= DATE '2024-07-01'"
    assert_same_rows(query(layer, ["second_half_revenue"]), db.execute(late).fetchall(), 0)


def test_query_filter_and_grouping_by_a_joined_dimension(layer, db) -> None:
    expected = db.execute(
        "SELECT c.region, SUM(o.order_total) FROM orders o JOIN customers c USING (customer_id) "
        "WHERE o.status = 'completed' AND c.segment = 'consumer' GROUP BY c.region"
    ).fetchall()
    assert_same_rows(query(layer, ["revenue"], ["customers.region"], ["customers.segment = 'consumer'"]), expected, 1)
    units = "SELECT o.status, SUM(i.quantity) FROM order_items i JOIN orders o USING (order_id) GROUP BY o.status"
    assert_same_rows(query(layer, ["units_sold"], ["orders.status"]), db.execute(units).fetchall(), 1)


def test_every_aggregation_kind(layer, db) -> None:
    metrics = [
        "food_order_count",
        "discounted_orders",
        "ordering_customers",
        "average_order_value",
        "smallest_order",
        "largest_order",
        "median_order_value",
        "p90_order_value",
        "customers_signed_up",
    ]
    expected = db.execute(
        "SELECT SUM(CAST(is_food_order AS INTEGER)), COUNT(CASE WHEN discount > 0 THEN order_id END), "
        "COUNT(DISTINCT customer_id), AVG(order_total), MIN(order_total), MAX(order_total), MEDIAN(order_total), "
        "QUANTILE_CONT(order_total, 0.9), (SELECT COUNT(*) FROM customers) FROM orders"
    ).fetchall()
    assert_same_rows(query(layer, metrics), expected, 0)


def test_grouped_by_metric_time_month_and_by_an_expression_dimension(layer, db) -> None:
    monthly = "SELECT CAST(DATE_TRUNC('month', ordered_at) AS DATE), COUNT(*) FROM orders GROUP BY 1"
    assert_same_rows(query(layer, ["order_count"], ["metric_time__month"]), db.execute(monthly).fetchall(), 1)
    sizes = (
        "SELECT CASE WHEN order_total >= 50 THEN 'large' ELSE 'small' END, SUM(order_total) FROM orders "
        "WHERE status = 'completed' GROUP BY 1"
    )
    assert_same_rows(query(layer, ["revenue"], ["orders.order_size"]), db.execute(sizes).fetchall(), 1)
    by_customer = "SELECT customer_id, COUNT(*) FROM orders GROUP BY 1"  # the foreign entity, as a dimension
    assert_same_rows(query(layer, ["order_count"], ["orders.customer"]), db.execute(by_customer).fetchall(), 1)


def test_ratio_metrics_including_a_filtered_numerator(layer, db) -> None:
    share = (
        "SELECT CAST(DATE_TRUNC('month', ordered_at) AS DATE), SUM(CASE WHEN is_food_order THEN 1 END) / COUNT(*) "
        "FROM orders GROUP BY 1"
    )
    assert_same_rows(query(layer, ["food_order_share"], ["metric_time__month"]), db.execute(share).fetchall(), 1)
    rate = "SELECT COUNT(*) FILTER (WHERE status = 'completed') / COUNT(*) FROM orders"
    assert_same_rows(query(layer, ["completion_rate"]), db.execute(rate).fetchall(), 0)
    assert 0 < query(layer, ["completion_rate"])[0][0] < 1


def test_derived_metrics_with_offset_and_with_a_filtered_input(layer, db) -> None:
    growth = db.execute(
        "WITH m AS (SELECT CAST(DATE_TRUNC('month', ordered_at) AS DATE) AS month, SUM(order_total) AS revenue "
        "FROM orders WHERE status = 'completed' GROUP BY 1) "
        "SELECT m.month, (m.revenue - p.revenue) / p.revenue FROM m JOIN m AS p ON p.month = m.month - INTERVAL 1 MONTH"
    ).fetchall()
    rows = [row for row in query(layer, ["revenue_growth_mom"], ["metric_time__month"]) if row[1] is not None]
    assert len(growth) == 11
    assert_same_rows(rows, growth, 1)
    per_order = "SELECT SUM(order_total) / COUNT(*) FROM orders WHERE status = 'completed'"
    assert_same_rows(query(layer, ["revenue_per_order"]), db.execute(per_order).fetchall(), 0)


def test_cumulative_metrics(layer, db) -> None:
    running = db.execute(
        "WITH p AS (SELECT CAST(DATE_TRUNC('month', ordered_at) AS DATE) AS month, MAX(ordered_at) AS last_day "
        "FROM orders GROUP BY 1) "
        "SELECT p.month, SUM(o.order_total) FROM p JOIN orders o ON o.ordered_at <= p.last_day GROUP BY 1"
    ).fetchall()
    assert_same_rows(query(layer, ["cumulative_revenue"], ["metric_time__month"]), running, 1)
    to_date = db.execute(
        "WITH d AS (SELECT DISTINCT ordered_at AS day FROM orders) SELECT d.day, SUM(o.order_total) FROM d "
        "JOIN orders o ON o.ordered_at <= d.day AND o.ordered_at >= DATE_TRUNC('month', d.day) GROUP BY 1"
    ).fetchall()
    assert_same_rows(query(layer, ["revenue_mtd"], ["metric_time"]), to_date, 1)
    trailing = db.execute(
        "WITH d AS (SELECT DISTINCT ordered_at AS day FROM order_items) SELECT d.day, SUM(i.quantity) FROM d "
        "JOIN order_items i ON i.ordered_at <= d.day AND i.ordered_at > d.day - INTERVAL 7 DAY GROUP BY 1"
    ).fetchall()
    assert_same_rows(query(layer, ["trailing_7d_units"], ["metric_time"]), trailing, 1)


def line_containing(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_untranslatable_items_are_reported_with_file_and_line_and_skipped(imported, layer) -> None:
    out, problems, files = imported
    where = {p.where: p for p in problems}
    metric_filter = "models/metrics.yml:%d" % line_containing(METRICS_YML, 'filter: "{{ Metric(')
    assert "Metric(...)" in where[metric_filter].message and where[metric_filter].action == "metric skipped"
    conversion = "models/metrics.yml:%d" % line_containing(METRICS_YML, "name: signup_to_order")
    assert "conversion" in where[conversion].message
    assert any("big_spender_share" in p.message and "was skipped" in p.message for p in problems)
    semi = "models/semantic_models.yml:%d" % line_containing(SHOP / "models" / "semantic_models.yml", "latest_order_t")
    assert "semi-additive" in where[semi].message
    assert all(p.level == "warning" for p in problems)
    imported_names = {m["name"] for f in files.values() for m in f.get("metrics", [])}
    assert not imported_names & {"big_spender_revenue", "big_spender_share", "signup_to_order"}
    with pytest.raises(SemctxError):
        query(layer, ["big_spender_revenue"])
    report = (out / "import-report.md").read_text()
    assert metric_filter in report and conversion in report


def copy_project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SHOP, tmp_path / "project"))


def import_and_write(project: Path, out: Path) -> Path:
    files, problems, name = import_dbt(project)
    return write_project(out, files, name=name, problems=problems)


def test_invalid_yaml_raises_with_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "models" / "broken.yml").write_text("metrics:\n  - name: x\n    type: [simple\n")
    out = tmp_path / "out"
    with pytest.raises(InteropError, match=r"models/broken\.yml:\d+: invalid YAML"):
        import_and_write(project, out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["project"]


def test_build_folders_are_not_read(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    for folder in ("target", "dbt_packages", "logs"):
        (project / folder).mkdir()
        (project / folder / "junk.yml").write_text("semantic_models: [not: {valid\n")
    files, _, _ = import_dbt(project)
    assert set(files) == {"semantic_models.yml", "metrics.yml"}


def test_missing_folder_and_a_project_without_semantic_models_raise(tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="no such folder"):
        import_dbt(tmp_path / "nowhere")
    (tmp_path / "dbt_project.yml").write_text("name: empty\n")
    (tmp_path / "schema.yml").write_text("models:\n  - name: orders\n")
    with pytest.raises(InteropError, match="no semantic_models"):
        import_and_write(tmp_path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_metric_level_filter_on_a_ratio_is_pushed_into_both_inputs(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "models" / "extra.yml").write_text(
        "metrics:\n"
        "  - name: west_food_share\n    type: ratio\n"
        "    type_params: {numerator: food_orders, denominator: order_count}\n"
        "    filter: \"{{ Dimension('customer__region') }} = 'West'\"\n"
        "  - name: share_of_share\n    type: ratio\n"
        "    type_params: {numerator: {name: food_order_share, filter: \"{{ Entity('customer') }} = 3\"}, "
        "denominator: order_count}\n"
        "  - name: half_done\n    type: ratio\n"
        "    type_params: {numerator: {name: order_count, filter: \"{{ Dimension('order_id__status') }} = 'x'\"}, "
        "denominator: no_such_metric}\n"
    )
    files, problems, _ = import_dbt(project)
    metrics = {m["name"]: m for m in files["extra.yml"]["metrics"]}
    ratio = metrics["west_food_share"]
    assert metrics[ratio["numerator"]]["filter"] == "(orders.is_food_order = true) AND (customers.region = 'West')"
    assert metrics[ratio["denominator"]]["filter"] == "customers.region = 'West'"
    pushed = [p for p in problems if "share_of_share" in p.message]
    assert pushed and "cannot be pushed down" in pushed[0].message and pushed[0].where == "models/extra.yml:8"
    assert any("half_done" in p.message and "'no_such_metric', which is unknown" in p.message for p in problems)
    assert not [name for name in metrics if name.startswith(("share_of_share", "half_done"))]  # nor their inputs


@pytest.fixture()
def index() -> ModelIndex:
    index = ModelIndex()
    # orders has a region of its own (where it shipped); customer__region is the customer's, on customers
    index.add(
        "orders", {"order_id": "primary", "customer": "foreign"}, {"ordered_at": "time", "customer": "", "region": ""}
    )
    index.add("customers", {"customer": "primary"}, {"region": "", "customer": "", "signup": "time", "name": ""})
    index.add("shops", {"shop": "primary"}, {"region": "", "name": ""})
    return index


@pytest.mark.parametrize(
    "dbt, semctx",
    [
        ("{{ Dimension('customer__region') }} = 'West'", "customers.region = 'West'"),
        ('{{Dimension("region", entity_path=["customer"])}} IN (\'a\')', "customers.region IN ('a')"),
        ("{{ TimeDimension('metric_time', 'month') }} >= '2024-03-01'", "metric_time__month >= '2024-03-01'"),
        ("{{ Dimension('metric_time__year') }} = '2024-01-01'", "metric_time__year = '2024-01-01'"),
        ("{{ Dimension('order_id__ordered_at').grain('week') }} IS NULL", "orders.ordered_at__week IS NULL"),
        ("{{ Entity('customer') }} = 7", "orders.customer = 7"),
        ("{{ Dimension('region') }} = 'x'", "orders.region = 'x'"),
        ("{{ Dimension('customer__signup') }} > '2024-01-01'", "customers.signup > '2024-01-01'"),
    ],
)
def test_filters_translate(index: ModelIndex, dbt: str, semctx: str) -> None:
    assert translate_filter(dbt, index, "orders") == semctx


@pytest.mark.parametrize(
    "dbt, reason",
    [
        ("{{ Dimension('name') }} = 'x'", "ambiguous"),
        ("{{ Dimension('customer__colour') }} = 'x'", "no semantic model has dimension 'colour'"),
        ("{{ TimeDimension('metric_time', 'hour') }} > '2024-01-01'", "time grain 'hour'"),
        ("{{ Dimension('customer__region').date_part('year') }} = 1", ".date_part"),
        ("{{ Dimension('customer__region') }} = (SELECT 1)", "SELECT"),
        ("{% if true %}{{ Dimension('customer__region') }} = 'x'{% endif %}", "Jinja statements"),
        ("{{ var('region') }} = 'x'", "var(...)"),
        ("raw_column = 1", "not a Dimension"),
    ],
)
def test_untranslatable_filters_say_why(index: ModelIndex, dbt: str, reason: str) -> None:
    with pytest.raises(Untranslatable) as caught:
        translate_filter(dbt, index, "orders")
    assert reason in caught.value.message
