"""Ratio, derived-with-offset, cumulative (running, trailing window, grain-to-date) and non-additive measures."""

from __future__ import annotations

from datetime import date

import pytest

from semantic.errors import QueryError

# ---- ratio of sums --------------------------------------------------------------------------------


def test_ratio_is_ratio_of_sums_overall(ask):
    """average_order_value = 210 / 6 = 35 (sum of amounts over count of orders)."""
    assert ask({"metrics": ["average_order_value"]}, columns=["average_order_value"]) == [(35,)]


def test_ratio_by_year_is_not_average_of_monthly_ratios(ask):
    """average_order_value by year: 2023 = 60 / 3 = 20; 2024 = 150 / 3 = 50.

    The average of the monthly ratios would be 2023: (10/1 + 50/2) / 2 = 17.5 and 2024: (40/1 + 110/2) / 2 = 47.5;
    integer division would be harmless here but 100/3 elsewhere (see the category test) would become 33.
    """
    rows = ask({"metrics": ["average_order_value"], "dimensions": ["metric_time__year"]})
    assert rows == [(date(2023, 1, 1), 20), (date(2024, 1, 1), 50)]


def test_ratio_by_segment_with_components(ask):
    """average_order_value by segment: consumer 180 / 4 = 45, premium 30 / 2 = 15 (with its parts beside it).

    The NULL segment has no orders, so it has no row (or NULL), never a division by zero error.
    """
    rows = ask({"metrics": ["average_order_value", "gross_sales", "order_count"], "dimensions": ["customers.segment"]})
    assert rows == [("consumer", 45, 180, 4), ("premium", 15, 30, 2)]


def test_ratio_is_floating_point(ask):
    """average_order_value by category: toys = 70 / 3 = 23.333333 (integer division would give 23)."""
    rows = dict(ask({"metrics": ["average_order_value"], "dimensions": ["order_items.category"]}))
    assert rows["toys"] == round(70 / 3, 6)


# ---- derived with a time offset -------------------------------------------------------------------


def test_sales_growth_year_over_year(ask):
    """sales_growth = gross_sales - gross_sales one year earlier, by year.

    2023: 60 - (2022: nothing) = NULL; 2024: 150 - 60 = 90. Guards against the offset being ignored
    (growth 0 every year) or applied in the wrong direction (2023: 60 - 150 = -90).
    """
    rows = ask(
        {"metrics": ["sales_growth", "gross_sales"], "dimensions": ["metric_time__year"]},
        columns=["metric_time__year", "sales_growth", "gross_sales"],
    )
    assert rows == [(date(2023, 1, 1), None, 60), (date(2024, 1, 1), 90, 150)]


def test_sales_growth_by_month(ask):
    """By month: 2024-01 = 40 - 10 (2023-01) = 30; 2024-02 = (50 + 60) - (20 + 30) = 60; 2023 months NULL."""
    rows = ask({"metrics": ["sales_growth"], "dimensions": ["metric_time__month"]})
    assert rows == [(date(2023, 1, 1), None), (date(2023, 2, 1), None), (date(2024, 1, 1), 30), (date(2024, 2, 1), 60)]


def test_sales_growth_with_time_filter_keeps_last_year(ask):
    """metric_time >= 2024 filters the output periods, not the shifted input: 2024 = 150 - 60 = 90.

    Applying the filter to the raw facts before shifting would remove 2023 and give 150 - NULL = NULL.
    """
    rows = ask(
        {"metrics": ["sales_growth"], "dimensions": ["metric_time__year"], "filters": ["metric_time >= '2024-01-01'"]}
    )
    assert rows == [(date(2024, 1, 1), 90)]


def test_sales_growth_over_a_bounded_time_range_without_grouping(ask):
    """January 2024 without a time grouping: gross_sales = order 4 = 40; a year earlier (January 2023) = order 1 = 10;
    growth = 30. Guards against the offset being dropped (40 - 40 = 0) or the filter applied to unshifted times of
    the earlier period (40 - NULL = NULL)."""
    rows = ask(
        {
            "metrics": ["sales_growth", "gross_sales"],
            "filters": ["metric_time >= '2024-01-01'", "metric_time < '2024-02-01'"],
        }
    )
    assert rows == [(30, 40)]


def test_offset_metric_without_time_dimension_is_refused(layer):
    """sales_growth with no time dimension (or grouped by segment only) has no "last year" to compare with.

    Silently dropping the offset returns 210 - 210 = 0 (consumer 0, premium 0): a confident, wrong "no growth".
    It must be a QueryError asking for metric_time.
    """
    for query in ({"metrics": ["sales_growth"]}, {"metrics": ["sales_growth"], "dimensions": ["customers.segment"]}):
        with pytest.raises(QueryError):
            layer.compile(query)


def test_offset_metric_over_an_open_time_range_is_refused(layer, ask):
    """'since 2024' without a time grouping: shifting only the start compares 2024 onwards with 2023 onwards, so
    'last year' would include this year's own rows (a wrong number, with no error). It must be a QueryError; the
    same range grouped by year, or closed on both sides, is answered."""
    for filters in (["metric_time >= '2024-01-01'"], ["metric_time < '2024-01-01'"]):
        with pytest.raises(QueryError, match="only a start or only an end"):
            layer.compile({"metrics": ["sales_growth"], "filters": filters})
    rows = ask(
        {"metrics": ["sales_growth"], "dimensions": ["metric_time__year"], "filters": ["metric_time >= '2024-01-01'"]}
    )
    assert rows == [(date(2024, 1, 1), 90)]


# ---- cumulative -----------------------------------------------------------------------------------


def test_running_total_by_month(ask):
    """cumulative_sales by month: 10, 60 (10 + 20 + 30), 100 (+ 40), 210 (+ 50 + 60).

    Guards against a plain monthly sum (10, 50, 40, 110).
    """
    rows = ask(
        {"metrics": ["cumulative_sales"], "dimensions": ["metric_time__month"]},
        columns=["metric_time__month", "cumulative_sales"],
    )
    assert rows == [(date(2023, 1, 1), 10), (date(2023, 2, 1), 60), (date(2024, 1, 1), 100), (date(2024, 2, 1), 210)]


def test_running_total_with_time_filter_keeps_history(ask):
    """cumulative_sales from 2024 on still counts 2023's orders: 2024-01 = 100, 2024-02 = 210.

    Filtering the facts first would restart the total: 40, 150.
    """
    rows = ask(
        {
            "metrics": ["cumulative_sales"],
            "dimensions": ["metric_time__month"],
            "filters": ["metric_time >= '2024-01-01'"],
        }
    )
    assert rows == [(date(2024, 1, 1), 100), (date(2024, 2, 1), 210)]


def test_running_total_without_time_is_the_total(ask):
    """cumulative_sales with no time dimension is all of it: 210; by segment consumer 180, premium 30."""
    assert ask({"metrics": ["cumulative_sales"]}) == [(210,)]
    assert ask({"metrics": ["cumulative_sales"], "dimensions": ["customers.segment"]}) == [
        ("consumer", 180),
        ("premium", 30),
    ]


def test_trailing_30_day_window_by_month(ask):
    """sales_30d at month grain = orders in the 30 days ending with the month.

    Ending at the month's end: 2023-01: [2023-01-02, 2023-02-01) -> order 1 = 10; 2023-02: [2023-01-30, 2023-03-01)
    -> 20 + 30 = 50; 2024-01: [2024-01-02, 2024-02-01) -> 40; 2024-02 (29 days): [2024-01-31, 2024-03-01) -> 50 + 60
    = 110. Ending at the month's last order date gives the same numbers on these rows (01-15: 10; 02-20: 50 -
    order 1 is 36 days earlier; 01-05: 40; 02-09: 110 - order 4 is 35 days earlier).
    Guards against a running total (10, 60, 100, 210) or a plain monthly sum in disguise (10, 50, 40, 110 would
    also match, so the by-day test below is the sharper one).
    """
    rows = ask({"metrics": ["sales_30d"], "dimensions": ["metric_time__month"]})
    assert rows == [(date(2023, 1, 1), 10), (date(2023, 2, 1), 50), (date(2024, 1, 1), 40), (date(2024, 2, 1), 110)]


def test_trailing_30_day_window_by_day(ask):
    """sales_30d by day (window = that day and the 29 before it):

    2023-01-15: 10; 2023-02-10: [01-12, 02-10] -> 10 + 20 = 30; 2023-02-20: [01-22, 02-20] -> 20 + 30 = 50
    (order 1 has left the window); 2024-01-05: 40; 2024-02-07: [01-09, 02-07] -> 50 (order 4 on 01-05 is out);
    2024-02-09: [01-11, 02-09] -> 50 + 60 = 110. A running total would read 10, 30, 60, 100, 150, 210.
    """
    rows = ask({"metrics": ["sales_30d"], "dimensions": ["metric_time__day"]})
    assert rows == [
        (date(2023, 1, 15), 10),
        (date(2023, 2, 10), 30),
        (date(2023, 2, 20), 50),
        (date(2024, 1, 5), 40),
        (date(2024, 2, 7), 50),
        (date(2024, 2, 9), 110),
    ]


def test_year_to_date_by_month(ask):
    """sales_ytd by month restarts each January: 10, 60, then 40 (not 100), 150 (not 210)."""
    rows = ask({"metrics": ["sales_ytd"], "dimensions": ["metric_time__month"]})
    assert rows == [(date(2023, 1, 1), 10), (date(2023, 2, 1), 60), (date(2024, 1, 1), 40), (date(2024, 2, 1), 150)]


def test_year_to_date_by_year(ask):
    """sales_ytd by year is the year's total: 60, 150 (a running total would say 60, 210)."""
    rows = ask({"metrics": ["sales_ytd"], "dimensions": ["metric_time__year"]})
    assert rows == [(date(2023, 1, 1), 60), (date(2024, 1, 1), 150)]


# ---- non-additive measures ------------------------------------------------------------------------


def test_median_percentile_count_distinct_overall(ask):
    """median(10..60) = 35; p75 (continuous) = 40 + 0.75 * 10 = 47.5; buyers = distinct {1, 2, 3} = 3.

    Re-aggregating yearly values would be wrong: the median of the yearly medians (20, 50) is 35 by luck, but the
    sum of yearly buyers is 4 and the average of yearly p75s (25, 55) is 40.
    """
    rows = ask({"metrics": ["median_order", "p75_order", "buyers"]}, columns=["median_order", "p75_order", "buyers"])
    assert rows == [(35, 47.5, 3)]


def test_median_percentile_count_distinct_by_year(ask):
    """2023: amounts 10, 20, 30 -> median 20, p75 25, buyers {1, 2} = 2; 2024: 40, 50, 60 -> 50, 55, {3, 2} = 2."""
    rows = ask({"metrics": ["median_order", "p75_order", "buyers"], "dimensions": ["metric_time__year"]})
    assert rows == [(date(2023, 1, 1), 20, 25, 2), (date(2024, 1, 1), 50, 55, 2)]


def test_percentile_by_status(ask):
    """p75 by status: completed 10, 30, 40, 50 -> position 2.25 -> 40 + 0.25 * 10 = 42.5; returned 20; NULL 60.

    A discrete percentile would give 40 for completed.
    """
    rows = ask({"metrics": ["p75_order"], "dimensions": ["orders.status"]})
    assert rows == [("completed", 42.5), ("returned", 20), (None, 60)]


def test_count_distinct_by_month_is_not_summed(ask):
    """buyers by month: 2023-01 {1}, 2023-02 {1, 2}, 2024-01 {3}, 2024-02 {3, 2} -> 1, 2, 1, 2 (sum 6, distinct 3)."""
    rows = ask({"metrics": ["buyers"], "dimensions": ["metric_time__month"]})
    assert rows == [(date(2023, 1, 1), 1), (date(2023, 2, 1), 2), (date(2024, 1, 1), 1), (date(2024, 2, 1), 2)]


def test_time_grains(ask):
    """gross_sales by quarter: 2023-Q1 = 60, 2024-Q1 = 150; by ISO week (Monday start): order 1 on Sunday 2023-01-15
    falls in the week of 2023-01-09 (10), order 2 on Friday 2023-02-10 in the week of 2023-02-06 (20)."""
    assert ask({"metrics": ["gross_sales"], "dimensions": ["metric_time__quarter"]}) == [
        (date(2023, 1, 1), 60),
        (date(2024, 1, 1), 150),
    ]
    rows = ask({"metrics": ["gross_sales"], "dimensions": ["metric_time__week"], "limit": 2})
    assert rows == [(date(2023, 1, 9), 10), (date(2023, 2, 6), 20)]
    assert ask(
        {"metrics": ["gross_sales"], "dimensions": ["orders.ordered_at__year"]},
        columns=["orders__ordered_at__year", "gross_sales"],
    ) == [(date(2023, 1, 1), 60), (date(2024, 1, 1), 150)]


def test_filtered_count_is_zero_where_its_entity_has_rows(ask):
    """order_count and completed_orders (status = 'completed') by status: orders 1, 3, 4, 5 are completed, 2 returned,
    6 has no status. The returned and NULL groups have orders but none completed: completed_orders there is 0, not
    NULL (a NULL would also turn any rate built on it into NULL instead of 0)."""
    rows = ask({"metrics": ["order_count", "completed_orders"], "dimensions": ["orders.status"]})
    assert rows == [("completed", 4, 4), ("returned", 1, 0), (None, 1, 0)]


def test_a_metric_filtered_on_metric_time_works_without_a_time_dimension(fresh_soundness_root) -> None:
    """Guards against `entity has no time dimension for metric_time` when the metric's own filter names
    metric_time and the query has no time grain (found by the dbt importer)."""
    from semantic.api import SemanticLayer

    models = fresh_soundness_root / "models" / "model.yml"
    models.write_text(
        models.read_text(encoding="utf-8")
        + "  - {name: sales_2024, measure: order_total, filter: \"metric_time >= '2024-01-01'\"}\n",
        encoding="utf-8",
    )
    layer = SemanticLayer.load(fresh_soundness_root)
    try:
        assert layer.query({"metrics": ["sales_2024"]}).rows == [(150,)]  # orders 4, 5, 6: 40 + 50 + 60
        by_segment = dict(
            (s, v) for s, v in layer.query({"metrics": ["sales_2024"], "dimensions": ["customers.segment"]}).rows
        )
        assert by_segment == {"consumer": 150}  # customers 2 and 3
    finally:
        layer.close()
