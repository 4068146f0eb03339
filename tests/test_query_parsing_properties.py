"""Property-based tests of query parsing and compilation: only typed semctx errors, and no SQL injection.

``SemanticLayer.compile`` receives random query dicts (real names, near-misses, grains, junk, wrong types) and
random filter texts built from a small SQL grammar. Whatever comes in, the only exceptions allowed out are
subclasses of :class:`semantic.errors.SemctxError`. When a filter is accepted, the compiled SQL must be one SELECT
that reads only the model's tables and calls no function outside the filter whitelist, so user text cannot escape
as raw SQL. Hand-picked hostile filters are in test_filter_injection.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sql_checks import MODEL_TABLES, assert_sql_is_contained

from semantic.errors import QueryError, SemctxError
from semantic.query.semantic_query import SemanticQuery

FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)

METRICS = [
    "revenue",
    "gross_sales",
    "order_count",
    "customer_count",
    "credit_limit",
    "avg_credit_limit",
    "units",
    "ticket_count",
    "median_order",
    "p75_order",
    "buyers",
    "average_order_value",
    "sales_growth",
    "cumulative_sales",
    "sales_30d",
    "sales_ytd",
]
DIMENSIONS = [
    "customers.segment",
    "customers.name",
    "customers.customer_id",
    "regions.region_name",
    "stores.store_name",
    "companies.company_name",
    "orders.status",
    "orders.amount",
    "orders.order_id",
    "orders.ordered_at",
    "order_items.category",
    "tickets.priority",
    "tickets.opened_at",
    "metric_time",
    "segment",
    "status",
    "category",
    "customers__segment",
    "orders__status",
]
GRAINS = ["", "__day", "__week", "__month", "__quarter", "__year", "__hour", "__"]
ENTITIES = sorted(MODEL_TABLES) + ["store_region", "customer_home_region", "item_order", "nowhere"]

junk = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


def near_miss(names: list[str]) -> st.SearchStrategy[str]:
    """A real name, or one with a character dropped, doubled, or case changed."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        name = draw(st.sampled_from(names))
        how = draw(st.sampled_from(["same", "drop", "double", "upper", "suffix"]))
        if how == "same" or len(name) < 2:
            return name
        i = draw(st.integers(0, len(name) - 1))
        if how == "drop":
            return name[:i] + name[i + 1 :]
        if how == "double":
            return name[:i] + name[i] + name[i:]
        if how == "upper":
            return name.upper()
        return name + draw(st.sampled_from(GRAINS))

    return build()


metric_names = st.one_of(near_miss(METRICS), junk)
dimension_names = st.one_of(
    st.builds(lambda d, g: d + g, st.sampled_from(DIMENSIONS), st.sampled_from(GRAINS)), near_miss(DIMENSIONS), junk
)

# ---- a tiny SQL grammar for filters ---------------------------------------------------------------

columns = st.one_of(
    st.sampled_from(DIMENSIONS + METRICS + ["nope", "orders.nope", "a.b.c", "orders.*"]), near_miss(DIMENSIONS)
)
literals = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.sampled_from(
        [
            "'completed'",
            "'West'",
            "'2024-01-01'",
            "NULL",
            "TRUE",
            "1.5",
            "''",
            "'it''s'",
            "DATE '2024-01-01'",
            "INTERVAL '1' DAY",
            "CURRENT_DATE",
        ]
    ),
    junk.map(lambda s: "'" + s.replace("'", "''") + "'"),
)
operands = st.one_of(
    columns,
    literals,
    st.builds(
        lambda f, c: f"{f}({c})",
        st.sampled_from(
            [
                "LOWER",
                "UPPER",
                "ABS",
                "LENGTH",
                "TRIM",
                "YEAR",
                "MONTH",
                "read_csv",
                "pg_sleep",
                "version",
                "random",
                "exec",
            ]
        ),
        columns,
    ),
)
comparisons = st.one_of(
    st.builds(
        lambda a, op, b: f"{a} {op} {b}",
        operands,
        st.sampled_from(["=", "<>", "!=", "<", "<=", ">", ">=", "LIKE", "ILIKE", "+", "||"]),
        operands,
    ),
    st.builds(lambda a, neg: f"{a} IS {'NOT ' if neg else ''}NULL", columns, st.booleans()),
    st.builds(lambda a, items: f"{a} IN ({', '.join(items)})", columns, st.lists(literals, min_size=1, max_size=3)),
    st.builds(lambda a, lo, hi: f"{a} BETWEEN {lo} AND {hi}", columns, literals, literals),
)
filters = st.recursive(
    comparisons,
    lambda inner: st.one_of(
        st.builds(lambda a, op, b: f"({a}) {op} ({b})", inner, st.sampled_from(["AND", "OR"]), inner),
        inner.map(lambda a: f"NOT ({a})"),
    ),
    max_leaves=4,
)
hostile_suffixes = st.sampled_from(
    [
        "",
        "; DROP TABLE orders; --",
        " -- comment",
        " UNION SELECT 1",
        " OR 1=1",
        ")",
        "(",
        " AND (SELECT 1) = 1",
        "/*",
        "'",
        "\x00",
        ";",
    ]
)


@pytest.fixture(scope="module")
def compile_checked(layer):
    def run(query: object):
        try:
            compiled = layer.compile(query)
        except SemctxError as error:
            assert isinstance(error.message, str) and error.message
            error.to_dict()
            return None
        assert_sql_is_contained(compiled.sql)
        return compiled

    return run


@FAST
@given(
    metrics=st.lists(metric_names, max_size=3),
    dimensions=st.lists(dimension_names, max_size=3),
    order_by=st.lists(
        st.one_of(
            metric_names,
            dimension_names,
            metric_names.map(lambda n: "-" + n),
            dimension_names.map(lambda n: n + " desc"),
        ),
        max_size=2,
    ),
    limit=st.one_of(st.none(), st.integers(-5, 10**9)),
    via=st.lists(st.one_of(st.sampled_from(ENTITIES), junk), max_size=2),
)
def test_random_names_raise_only_typed_errors(compile_checked, metrics, dimensions, order_by, limit, via):
    query = {"metrics": metrics, "dimensions": dimensions, "order_by": order_by, "limit": limit, "via": via}
    compile_checked(query)


@FAST
@given(
    metrics=st.lists(st.sampled_from(METRICS), min_size=0, max_size=2),
    dimensions=st.lists(
        st.sampled_from(["customers.segment", "orders.status", "metric_time__month", "order_items.category"]),
        max_size=2,
    ),
    texts=st.lists(st.builds(lambda f, s: f + s, filters, hostile_suffixes), min_size=1, max_size=2),
)
def test_random_filters_raise_only_typed_errors_and_stay_contained(compile_checked, metrics, dimensions, texts):
    compiled = compile_checked({"metrics": metrics, "dimensions": dimensions, "filters": texts})
    if compiled is not None:
        for text in texts:
            assert "DROP" not in compiled.sql.upper()
            assert "UNION SELECT 1" not in compiled.sql.upper()


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["metrics", "dimensions", "filters", "order_by", "limit", "via", "extra", "metric"]),
        st.one_of(
            st.none(),
            st.integers(),
            st.floats(),
            st.text(max_size=8),
            st.booleans(),
            st.lists(st.one_of(st.text(max_size=8), st.integers(), st.none()), max_size=3),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        ),
        max_size=5,
    )
)
def test_wrong_types_raise_query_error(compile_checked, query):
    compile_checked(query)


@FAST
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=10),
        st.lists(st.integers(), max_size=2),
        st.tuples(st.text(max_size=3)),
    )
)
def test_non_mapping_queries_raise_query_error(layer, value):
    with pytest.raises(QueryError):
        layer.compile(value)


@FAST
@given(
    st.lists(st.one_of(st.sampled_from(METRICS), junk), max_size=4),
    st.lists(st.one_of(st.sampled_from(DIMENSIONS), junk), max_size=4),
)
def test_semantic_query_model_normalizes_or_raises_validation_error(metrics, dimensions):
    """The pydantic model on its own: either a frozen query of stripped names or a pydantic ValidationError."""
    from pydantic import ValidationError

    try:
        query = SemanticQuery(metrics=metrics, dimensions=dimensions)
    except ValidationError:
        assume(False)
        return
    assert all(name == name.strip() and name for name in query.metrics + query.dimensions)
    assert SemanticQuery.model_validate(query.to_dict()) == query


# ---- whatever compiles must run ------------------------------------------------------------------

TYPED_PREDICATES = st.sampled_from(
    [
        "customers.segment = 'consumer'",
        "customers.segment IS NULL",
        "orders.status <> 'returned'",
        "orders.status IN ('completed', 'returned')",
        "orders.amount BETWEEN 10 AND 40",
        "order_items.category LIKE 'b%'",
        "metric_time >= '2024-01-01'",
        "metric_time < DATE '2024-02-01'",
        "orders.ordered_at__month = '2024-02-01'",
        "regions.region_name = 'West'",
        "tickets.priority = 'high'",
        "LOWER(customers.name) = 'ann'",
        "gross_sales > 50",
        "order_count >= 1",
        "average_order_value < 40",
        "ticket_count > 0",
        "buyers = 2",
        "NOT (orders.status IS NULL)",
        "YEAR(orders.ordered_at) = 2024",
    ]
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    metrics=st.lists(st.sampled_from(METRICS), max_size=3),
    dimensions=st.lists(
        st.sampled_from(
            [
                "customers.segment",
                "orders.status",
                "order_items.category",
                "regions.region_name",
                "companies.company_name",
                "tickets.priority",
                "metric_time__month",
                "metric_time__year",
                "orders.ordered_at__day",
                "orders.order_id",
            ]
        ),
        max_size=3,
    ),
    texts=st.lists(TYPED_PREDICATES, max_size=2),
    order_by=st.lists(st.sampled_from(METRICS + ["-gross_sales", "customers.segment desc"]), max_size=2),
    limit=st.one_of(st.none(), st.integers(0, 5)),
    via=st.sampled_from([[], ["stores"], ["customers"]]),
)
def test_whatever_compiles_runs_on_duckdb(layer, metrics, dimensions, texts, order_by, limit, via):
    """A query that compiles must run: the warehouse never sees SQL it rejects (e.g. ``SELECT FROM ...``)."""
    query = {
        "metrics": metrics,
        "dimensions": dimensions,
        "filters": texts,
        "order_by": order_by,
        "limit": limit,
        "via": via,
    }
    try:
        layer.compile(query)
    except SemctxError:
        return
    result = layer.query(query)
    assert result.columns == list(dict.fromkeys(d.replace(".", "__") for d in dimensions)) + list(
        dict.fromkeys(metrics)
    )
    if limit is not None:
        assert len(result.rows) <= limit
