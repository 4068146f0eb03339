"""Dimension-only queries, ordering and limits, and deterministic SQL."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from semantic.api import SemanticLayer


def test_dimension_only_lists_distinct_rows(ask):
    """orders.order_id + orders.ordered_at: the six orders, once each, sorted by id.

    Guards against listing from order_items (order 1 would appear 3 times, 10 rows).
    """
    rows = ask(
        {"dimensions": ["orders.order_id", "orders.ordered_at"]}, columns=["orders__order_id", "orders__ordered_at"]
    )
    assert rows == [
        (1, date(2023, 1, 15)),
        (2, date(2023, 2, 10)),
        (3, date(2023, 2, 20)),
        (4, date(2024, 1, 5)),
        (5, date(2024, 2, 7)),
        (6, date(2024, 2, 9)),
    ]


def test_dimension_only_segment_keeps_null(ask):
    """customers.segment alone: consumer, premium, NULL (Dee). Starting from orders would lose Dee's NULL
    (she has no orders); a plain SELECT without DISTINCT would list consumer twice."""
    assert ask({"dimensions": ["customers.segment"]}, columns=["customers__segment"]) == [
        ("consumer",),
        ("premium",),
        (None,),
    ]


def test_dimension_only_across_a_join(ask):
    """segment with home region: Ann premium/West, Bob consumer/East, Cid consumer/West, Dee NULL/East."""
    rows = ask({"dimensions": ["customers.segment", "regions.region_name"]})
    assert rows == [("consumer", "East"), ("consumer", "West"), ("premium", "West"), (None, "East")]


def test_dimension_only_status_and_segment(ask):
    """orders.status with customers.segment: distinct pairs (completed/consumer, completed/premium,
    returned/premium, NULL/consumer); orders 4 and 5 collapse into one completed/consumer row."""
    rows = ask({"dimensions": ["orders.status", "customers.segment"]})
    assert rows == [("completed", "consumer"), ("completed", "premium"), ("returned", "premium"), (None, "consumer")]


def test_dimension_only_with_filter_and_grain(ask):
    """Orders from 2024 with their month: 4 (Jan), 5 and 6 (Feb)."""
    rows = ask(
        {
            "dimensions": ["orders.order_id", "orders.ordered_at__month"],
            "filters": ["orders.ordered_at >= '2024-01-01'"],
        }
    )
    assert rows == [(4, date(2024, 1, 1)), (5, date(2024, 2, 1)), (6, date(2024, 2, 1))]


def test_dimension_only_order_and_limit(ask):
    """Newest two orders: 6 (2024-02-09), 5 (2024-02-07); categories descending: toys, garden, books."""
    assert ask(
        {"dimensions": ["orders.order_id", "orders.ordered_at"], "order_by": ["-orders.ordered_at"], "limit": 2}
    ) == [(6, date(2024, 2, 9)), (5, date(2024, 2, 7))]
    assert ask({"dimensions": ["order_items.category"], "order_by": ["-order_items.category"]}) == [
        ("toys",),
        ("garden",),
        ("books",),
    ]


def test_order_by_metric_and_limit(ask):
    """gross_sales by segment, highest first, limit 1: consumer 180 (premium has 30).
    Ascending by gross_sales per customer, limit 1: Ann 30 (Bob and Cid have 90)."""
    assert ask(
        {"metrics": ["gross_sales"], "dimensions": ["customers.segment"], "order_by": ["-gross_sales"], "limit": 1}
    ) == [("consumer", 180)]
    assert ask(
        {"metrics": ["gross_sales"], "dimensions": ["customers.name"], "order_by": ["gross_sales"], "limit": 1}
    ) == [("Ann", 30)]


def test_order_by_dimension_desc_words(ask):
    """'customers.name desc': Cid 90, Bob 90, Ann 30."""
    rows = ask({"metrics": ["gross_sales"], "dimensions": ["customers.name"], "order_by": ["customers.name desc"]})
    assert rows == [("Cid", 90), ("Bob", 90), ("Ann", 30)]


def test_order_by_hidden_metric(ask):
    """Order by a metric that is not selected: segments by order_count descending (consumer 4, premium 2), with
    only gross_sales shown."""
    rows = ask(
        {"metrics": ["gross_sales"], "dimensions": ["customers.segment"], "order_by": ["-order_count"]},
        columns=["customers__segment", "gross_sales"],
    )
    assert rows == [("consumer", 180), ("premium", 30)]


def test_order_by_metric_of_another_fact_does_not_add_rows(ask):
    """Ordering gross_sales by segment by ticket_count (tickets: premium 3, consumer 1) must return the same rows as
    without the order: premium 30, consumer 180. Guards against the hidden metric's fact widening the spine and
    adding Dee's NULL segment row (None, None), which has tickets but no sales."""
    plain = ask({"metrics": ["gross_sales"], "dimensions": ["customers.segment"]})
    ordered = ask({"metrics": ["gross_sales"], "dimensions": ["customers.segment"], "order_by": ["-ticket_count"]})
    assert sorted(ordered, key=repr) == sorted(plain, key=repr)
    assert ordered == [("premium", 30), ("consumer", 180)]


def test_limit_zero_and_large(ask):
    """limit 0 returns no rows; a limit above the row count returns all (3 statuses)."""
    assert ask({"metrics": ["order_count"], "dimensions": ["orders.status"], "limit": 0}) == []
    assert len(ask({"metrics": ["order_count"], "dimensions": ["orders.status"], "limit": 1000})) == 3


# ---- deterministic SQL ----------------------------------------------------------------------------

DETERMINISM_QUERIES = [
    {"metrics": ["gross_sales", "ticket_count"], "dimensions": ["customers.segment", "metric_time__year"]},
    {"metrics": ["units"], "dimensions": ["regions.region_name", "companies.company_name"], "via": ["stores"]},
    {
        "metrics": ["sales_growth", "average_order_value", "revenue"],
        "dimensions": ["metric_time__month"],
        "filters": ["metric_time >= '2023-06-01'", "gross_sales > 0"],
        "order_by": ["-revenue"],
        "limit": 5,
    },
    {"metrics": ["credit_limit", "buyers"], "dimensions": ["order_items.category", "orders.status"]},
    {"metrics": ["sales_30d", "sales_ytd"], "dimensions": ["metric_time__month"]},
    {"dimensions": ["customers.segment", "regions.region_name"]},
]


def test_identical_requests_compile_to_identical_sql(layer, soundness_root):
    """The same request twice, in between other requests, and in a fresh SemanticLayer: byte-identical SQL."""
    first = [layer.compile(q).sql for q in DETERMINISM_QUERIES]
    again = [layer.compile(q).sql for q in reversed(DETERMINISM_QUERIES)][::-1]
    fresh = SemanticLayer.load(soundness_root)
    try:
        other = [fresh.compile(q).sql for q in reversed(DETERMINISM_QUERIES)][::-1]
    finally:
        fresh.close()
    assert first == again
    assert first == other
    for dialect in ("snowflake", "bigquery"):
        assert [layer.compile(q, dialect=dialect).sql for q in DETERMINISM_QUERIES] == [
            layer.compile(q, dialect=dialect).sql for q in DETERMINISM_QUERIES
        ]


def test_sql_is_identical_across_processes_and_hash_seeds(layer, soundness_root):
    """Set/dict iteration must not leak into SQL: two interpreters with different PYTHONHASHSEED agree with us."""
    script = (
        "import json, sys\n"
        "from semantic.api import SemanticLayer\n"
        "layer = SemanticLayer.load(sys.argv[1])\n"
        "queries = json.loads(sys.stdin.read())\n"
        "print(json.dumps([layer.compile(q).sql for q in queries]))\n"
    )
    import json

    expected = [layer.compile(q).sql for q in DETERMINISM_QUERIES]
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(soundness_root)],
            input=json.dumps(DETERMINISM_QUERIES),
            capture_output=True,
            text=True,
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == expected, f"SQL differs with PYTHONHASHSEED={seed}"


def test_compiled_query_carries_columns_and_explanation(layer):
    """compile() returns the columns in output order and a readable plan."""
    compiled = layer.compile({"metrics": ["average_order_value"], "dimensions": ["customers.segment"]})
    assert compiled.columns == ["customers__segment", "average_order_value"]
    assert compiled.explanation.strip()
    assert compiled.sql.lstrip().upper().startswith(("SELECT", "WITH"))
