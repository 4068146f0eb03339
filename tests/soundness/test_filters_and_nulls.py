"""Filters on joined dimensions, time ranges, metric values (HAVING) and NULL handling."""

from __future__ import annotations

from datetime import date

import pytest


def test_filter_on_joined_dimension(ask):
    """gross_sales by year for consumer customers: 2023 = order 3 = 30; 2024 = orders 4, 5, 6 = 150.

    Guards against the filter being dropped (60 / 150) or applied after a fan-out.
    """
    rows = ask(
        {"metrics": ["gross_sales"], "dimensions": ["metric_time__year"], "filters": ["customers.segment = 'consumer'"]}
    )
    assert rows == [(date(2023, 1, 1), 30), (date(2024, 1, 1), 150)]


@pytest.mark.parametrize(
    "via, expected",
    [
        # store region West = store 200 = orders 2 (Ann, premium, 20), 4, 5 (Cid, consumer, 40 + 50).
        (["stores"], [("consumer", 90), ("premium", 20)]),
        # home region West = Ann (orders 1, 2: 30, premium) and Cid (orders 4, 5: 90, consumer).
        (["customers"], [("consumer", 90), ("premium", 30)]),
    ],
)
def test_filter_on_two_hop_dimension_with_via(ask, via, expected):
    """gross_sales by segment for region West; the filter's path follows ``via``."""
    rows = ask(
        {
            "metrics": ["gross_sales"],
            "dimensions": ["customers.segment"],
            "filters": ["regions.region_name = 'West'"],
            "via": via,
        }
    )
    assert rows == expected


def test_time_range_on_metric_time(ask):
    """metric_time >= '2024-01-01': orders 4, 5, 6 = 40 + 50 + 60 = 150 (all time: 210)."""
    assert ask({"metrics": ["gross_sales"], "filters": ["metric_time >= '2024-01-01'"]}) == [(150,)]


def test_time_range_between(ask):
    """metric_time BETWEEN '2023-02-01' AND '2024-01-31': orders 2, 3, 4 = 20 + 30 + 40 = 90."""
    assert ask({"metrics": ["gross_sales"], "filters": ["metric_time BETWEEN '2023-02-01' AND '2024-01-31'"]}) == [
        (90,)
    ]


def test_time_range_two_filters_by_month(ask):
    """Two filters are ANDed: January 2024 only = order 4 = 40."""
    rows = ask(
        {
            "metrics": ["gross_sales"],
            "dimensions": ["metric_time__month"],
            "filters": ["metric_time >= '2024-01-01'", "metric_time < '2024-02-01'"],
        }
    )
    assert rows == [(date(2024, 1, 1), 40)]


def test_time_range_on_named_time_dimension(ask):
    """orders.ordered_at >= '2024-01-01' is the same 150."""
    assert ask({"metrics": ["gross_sales"], "filters": ["orders.ordered_at >= '2024-01-01'"]}) == [(150,)]


def test_metric_time_filter_applies_to_each_fact_own_time(ask):
    """metric_time >= 2024 on two facts: orders 4, 5, 6 (3) and tickets 3, 4, 5 (opened 2024-01-02, 02-15, 02-20: 3).

    Applying the orders time to tickets (or none) would give 5 tickets.
    """
    assert ask({"metrics": ["order_count", "ticket_count"], "filters": ["metric_time >= '2024-01-01'"]}) == [(3, 3)]


def test_metric_value_filter_without_dimensions(ask):
    """gross_sales > 50 with no dimensions keeps the single total row (210); > 500 keeps none."""
    assert ask({"metrics": ["gross_sales"], "filters": ["gross_sales > 50"]}) == [(210,)]
    assert ask({"metrics": ["gross_sales"], "filters": ["gross_sales > 500"]}) == []


def test_metric_value_filter_with_dimensions(ask):
    """HAVING-like: gross_sales by segment where gross_sales > 50 keeps consumer (180) and drops premium (30).

    Guards against the filter being applied per order row (WHERE amount > 50 keeps only order 6: consumer 60)
    and against the NULL segment (no sales, NULL > 50 is unknown) appearing.
    """
    rows = ask({"metrics": ["gross_sales"], "dimensions": ["customers.segment"], "filters": ["gross_sales > 50"]})
    assert rows == [("consumer", 180)]


def test_metric_value_filter_on_other_metric(ask):
    """gross_sales by customer name where order_count >= 2: every customer with orders has 2 (Ann 30, Bob 90,
    Cid 90); where gross_sales >= 90: Bob and Cid. order_count is used only in the filter (not a column)."""
    rows = ask(
        {"metrics": ["gross_sales"], "dimensions": ["customers.name"], "filters": ["gross_sales >= 90"]},
        columns=["customers__name", "gross_sales"],
    )
    assert rows == [("Bob", 90), ("Cid", 90)]
    rows = ask(
        {"metrics": ["gross_sales"], "dimensions": ["customers.name"], "filters": ["order_count >= 2"]},
        columns=["customers__name", "gross_sales"],
    )
    assert rows == [("Ann", 30), ("Bob", 90), ("Cid", 90)]


def test_metric_value_filter_on_ratio_by_time(ask):
    """average_order_value by year > 30: 2023 = 60 / 3 = 20 (dropped), 2024 = 150 / 3 = 50 (kept)."""
    rows = ask(
        {
            "metrics": ["average_order_value"],
            "dimensions": ["metric_time__year"],
            "filters": ["average_order_value > 30"],
        }
    )
    assert rows == [(date(2024, 1, 1), 50)]


def test_null_status_is_its_own_group(ask):
    """order_count by status: completed 4 (orders 1, 3, 4, 5), returned 1, NULL 1 (order 6).

    Dropping NULL keys (an inner join on a dimension table, or a spine join with '=') loses order 6: total 5.
    """
    rows = ask({"metrics": ["order_count"], "dimensions": ["orders.status"]})
    assert rows == [("completed", 4), ("returned", 1), (None, 1)]


def test_is_null_filter(ask):
    """orders.status IS NULL: order 6 only (count 1, sales 60); '= NULL' semantics would return nothing."""
    assert ask({"metrics": ["order_count"], "filters": ["orders.status IS NULL"]}) == [(1,)]
    rows = ask(
        {
            "metrics": ["gross_sales", "order_count"],
            "dimensions": ["orders.status"],
            "filters": ["orders.status IS NULL"],
        }
    )
    assert rows == [(None, 60, 1)]


def test_not_equal_excludes_null(ask):
    """status <> 'returned' keeps only completed (130 = 10 + 30 + 40 + 50): SQL's NULL <> 'x' is unknown.
    A filter rewritten as NOT (status = 'returned') with NULLs coerced to false would add order 6 (190)."""
    rows = ask(
        {"metrics": ["gross_sales"], "dimensions": ["orders.status"], "filters": ["orders.status <> 'returned'"]}
    )
    assert rows == [("completed", 130)]


def test_is_null_or_value(ask):
    """status IS NULL OR status = 'returned': returned 1, NULL 1 (OR must stay grouped inside the WHERE)."""
    rows = ask(
        {
            "metrics": ["order_count"],
            "dimensions": ["orders.status"],
            "filters": ["orders.status IS NULL OR orders.status = 'returned'"],
        }
    )
    assert rows == [("returned", 1), (None, 1)]


def test_or_filter_is_parenthesized_with_metric_filter(ask):
    """revenue (metric filter status = 'completed') with user filter status IS NULL OR status = 'returned'.

    The two must be ANDed as whole predicates: nothing is both completed and (NULL or returned), so no revenue.
    Without parentheses, "completed AND NULL OR returned" would return order 2's 20.
    """
    rows = ask({"metrics": ["revenue"], "filters": ["orders.status IS NULL OR orders.status = 'returned'"]})
    assert rows == [(None,)]


def test_null_segment_group_is_kept_for_tickets(ask):
    """ticket_count by segment: consumer 1 (Bob), premium 3 (Ann), NULL 1 (Dee's ticket 5)."""
    rows = ask({"metrics": ["ticket_count"], "dimensions": ["customers.segment"]})
    assert rows == [("consumer", 1), ("premium", 3), (None, 1)]
    assert ask(
        {"metrics": ["ticket_count"], "dimensions": ["customers.segment"], "filters": ["customers.segment IS NULL"]}
    ) == [(None, 1)]


def test_metric_filter_simple_metric(ask):
    """revenue (status = 'completed') by year: 2023 = 10 + 30 = 40, 2024 = 40 + 50 = 90 (order 6 NULL excluded);
    gross_sales beside it is unfiltered: 60 / 150. Sharing one aggregation for both would leak the filter."""
    rows = ask({"metrics": ["revenue", "gross_sales"], "dimensions": ["metric_time__year"]})
    assert rows == [(date(2023, 1, 1), 40, 60), (date(2024, 1, 1), 90, 150)]


def test_metric_filter_by_segment(ask):
    """revenue by segment: consumer = orders 3, 4, 5 = 120; premium = order 1 = 10."""
    assert ask({"metrics": ["revenue"], "dimensions": ["customers.segment"]}) == [("consumer", 120), ("premium", 10)]


def test_filter_across_fan_out_without_grouping(ask):
    """gross_sales where the order has a books line: orders 1, 3, 6 = 10 + 30 + 60 = 100.

    A naive ``orders JOIN order_items WHERE category = 'books'`` counts order 1 twice (two book lines): 110.
    With books OR toys: orders 1, 2, 3, 4, 6 = 160; naively order 1 three times: 10*3 + 20 + 30 + 40 + 60 = 180.
    """
    assert ask({"metrics": ["gross_sales"], "filters": ["order_items.category = 'books'"]}) == [(100,)]
    assert ask(
        {"metrics": ["gross_sales"], "filters": ["order_items.category = 'books' OR order_items.category = 'toys'"]}
    ) == [(160,)]


def test_one_side_measure_filtered_by_many_side(ask):
    """credit_limit of customers with a completed order: {1, 2, 3} = 700 (naive join: 1100, Cid counted twice)."""
    assert ask({"metrics": ["credit_limit"], "filters": ["orders.status = 'completed'"]}) == [(700,)]


def test_ratio_with_dimension_filter(ask):
    """average_order_value of completed orders by year: 2023 = (10 + 30) / 2 = 20; 2024 = (40 + 50) / 2 = 45.

    Filtering only the numerator would give 2023 = 40 / 3 = 13.333333 and 2024 = 90 / 3 = 30.
    """
    rows = ask(
        {
            "metrics": ["average_order_value"],
            "dimensions": ["metric_time__year"],
            "filters": ["orders.status = 'completed'"],
        }
    )
    assert rows == [(date(2023, 1, 1), 20), (date(2024, 1, 1), 45)]
