"""Time phrases the reader used to miss or misread: parts of periods ('the first week of June 2025' was all of
June), months and quarters without a year, open ranges, 'the 12 months before', partial years compared like for
like, fiscal periods, and what no grain expresses (parts of cycles, snapshots, trends without periods)."""

from __future__ import annotations

import datetime as dt

import pytest

from nl.asking import IN_2024
from semantic.api import SemanticLayer
from semantic.model.types import Grain
from semantic.nl.cues import clean_question
from semantic.nl.timeparse import parse_time

TODAY = dt.date(2025, 6, 30)


def read(layer: SemanticLayer, question: str):
    return layer.ask(question, run=False)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("revenue in the first week of june 2025", dt.date(2025, 6, 1), dt.date(2025, 6, 8)),
        ("orders in the first 10 days of march 2025", dt.date(2025, 3, 1), dt.date(2025, 3, 11)),
        ("revenue in the last week of may 2025", dt.date(2025, 5, 25), dt.date(2025, 6, 1)),
        ("revenue in the last 3 months of 2024", dt.date(2024, 10, 1), dt.date(2025, 1, 1)),
        ("tickets in the first two months of this year", dt.date(2025, 1, 1), dt.date(2025, 3, 1)),
        ("june revenue", dt.date(2025, 6, 1), dt.date(2025, 7, 1)),
        ("revenue this june", dt.date(2025, 6, 1), dt.date(2025, 7, 1)),
        ("revenue last june", dt.date(2024, 6, 1), dt.date(2024, 7, 1)),
        ("revenue last march", dt.date(2025, 3, 1), dt.date(2025, 4, 1)),
        ("revenue for june of last year", dt.date(2024, 6, 1), dt.date(2024, 7, 1)),
        ("sales in calendar year 2024", dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
    ],
)
def test_parts_of_periods_and_months_without_a_year(text: str, start: dt.date, end: dt.date) -> None:
    spec, _ = parse_time(clean_question(text), TODAY)
    assert (spec.start, spec.end) == (start, end)


def test_may_the_verb_is_not_a_month() -> None:
    spec, _ = parse_time("which products may sell out", TODAY)
    assert not spec.has_range


@pytest.mark.parametrize(
    "text, compare",
    [
        ("revenue over the last 12 months compared with the 12 months before", (1, Grain.year)),
        ("orders in the last 3 months vs the previous 3 months", (1, Grain.quarter)),
        ("sessions in the last 30 days against the 30 days before", (30, Grain.day)),
    ],
)
def test_a_span_against_the_same_span_before_it(text: str, compare: tuple[int, Grain]) -> None:
    spec, _ = parse_time(text, TODAY)
    assert spec.compare == compare


def test_the_twelve_months_before_is_year_over_year_without_a_month_column(demo: SemanticLayer) -> None:
    result = read(demo, "How does revenue over the last 12 months compare with the 12 months before?")
    assert result.query == {
        "metrics": ["revenue", "revenue_last_year", "revenue_growth_yoy"],
        "filters": ["metric_time >= '2024-07-01'", "metric_time < '2025-07-01'"],
    }


def test_this_month_against_the_same_month_last_year(demo: SemanticLayer) -> None:
    result = read(demo, "Revenue this June vs June last year")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    assert result.query["filters"] == ["metric_time >= '2025-06-01'", "metric_time < '2025-07-01'"]


@pytest.mark.parametrize(
    "question, grain",
    [
        ("How has CSAT moved from year to year?", "metric_time__year"),
        ("revenue month to month in 2024", "metric_time__month"),
    ],
)
def test_from_unit_to_unit_is_a_grain(demo: SemanticLayer, question: str, grain: str) -> None:
    assert read(demo, question).query["dimensions"] == [grain]


def test_more_than_a_day_is_a_threshold_not_a_daily_grain() -> None:
    spec, rest = parse_time("which priorities take more than a day to resolve", TODAY)
    assert spec.grain is None and "a day" in rest


def test_a_ranked_unit_of_time_is_the_grain(demo: SemanticLayer) -> None:
    result = read(demo, "highest revenue month in 2024")
    assert result.query["dimensions"] == ["metric_time__month"]
    assert result.query["limit"] == 1


@pytest.mark.parametrize("question", ["orders by day of week", "revenue on weekends vs weekdays", "hourly sessions"])
def test_parts_of_a_cycle_are_asked_back(demo: SemanticLayer, question: str) -> None:
    result = read(demo, question)
    assert not result.answered  # 'by day of week' was read as 'by day'


def test_a_quarter_compared_with_the_one_before(demo: SemanticLayer) -> None:
    result = read(demo, "How did Q2 2025 revenue compare to Q1 2025?")
    assert result.query["dimensions"] == ["metric_time__quarter"]
    assert result.query["filters"] == ["metric_time >= '2025-01-01'", "metric_time < '2025-07-01'"]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("sales in q1 for each store type", dt.date(2025, 1, 1), dt.date(2025, 4, 1)),
        ("revenue in q3", dt.date(2024, 7, 1), dt.date(2024, 10, 1)),  # Q3 2025 has not begun on 2025-06-30
        ("revenue in the same month last year", dt.date(2024, 6, 1), dt.date(2024, 7, 1)),
    ],
)
def test_a_quarter_without_a_year_and_the_same_month_last_year(text: str, start: dt.date, end: dt.date) -> None:
    spec, _ = parse_time(text, TODAY)
    assert (spec.start, spec.end) == (start, end)


def test_a_trend_without_periods_asks_which(demo: SemanticLayer) -> None:
    result = read(demo, "csat trend")  # was one number for all time
    assert not result.answered
    assert {o.query["dimensions"][0] for o in result.options} == {
        "metric_time__month",
        "metric_time__quarter",
        "metric_time__year",
    }
    assert read(demo, "revenue trend by month").query["dimensions"] == ["metric_time__month"]


def test_a_snapshot_at_a_point_in_time_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "headcount at the end of 2024").answered  # was the 2024 hires still employed
    assert read(demo, "Year-to-date revenue at the end of each month of 2024").answered


def test_a_partial_year_is_compared_like_for_like(demo: SemanticLayer) -> None:
    result = read(demo, "How does 2025 revenue so far compare with the same period last year?")
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    assert result.query["filters"] == ["metric_time >= '2025-01-01'", "metric_time < '2025-07-01'"]
    assert "dimensions" not in result.query  # a 2025 year column compared all of 2024 with half of 2025


def test_growth_from_one_year_to_the_next_is_the_later_year_over_the_earlier(demo: SemanticLayer) -> None:
    result = read(demo, "How much did revenue grow from 2023 to 2024?")  # was one figure over both years
    assert result.query["filters"] == ["metric_time >= '2024-01-01'", "metric_time < '2025-01-01'"]
    assert result.query["metrics"][-1] == "revenue_growth_yoy"


def test_a_unit_of_time_ending_a_list_of_breakdowns_is_the_grain(demo: SemanticLayer) -> None:
    result = read(demo, "average order value by channel and month in 2025")  # the month was dropped
    assert result.query["dimensions"] == ["orders.channel", "metric_time__month"]


def test_two_months_a_year_apart_are_one_row_per_month(demo: SemanticLayer) -> None:
    result = read(demo, "Sessions in June 2025 compared with June 2024")  # sessions have no prior-year metric
    assert result.query["dimensions"] == ["metric_time__month"]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("revenue since the start of the year", dt.date(2025, 1, 1), dt.date(2025, 7, 1)),  # was all time
        ("refunds since last march", dt.date(2025, 3, 1), None),  # was March alone
        ("revenue up to may 2025", None, dt.date(2025, 6, 1)),
        ("orders between march and may", dt.date(2025, 3, 1), dt.date(2025, 6, 1)),
    ],
)
def test_open_ranges_and_months_without_a_year(text: str, start: dt.date, end: dt.date) -> None:
    spec, _ = parse_time(text, TODAY)
    assert (spec.start, spec.end) == (start, end)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("net revenue for fy2024", dt.date(2024, 2, 1), dt.date(2025, 2, 1)),
        ("opex in fiscal q1 2025", dt.date(2025, 2, 1), dt.date(2025, 5, 1)),
        ("revenue for fy25", dt.date(2025, 2, 1), dt.date(2026, 2, 1)),
    ],
)
def test_fiscal_periods_follow_the_fiscal_calendar(text: str, start: dt.date, end: dt.date) -> None:
    spec, _ = parse_time(text, TODAY, fiscal_start=2)
    assert (spec.start, spec.end) == (start, end)
    calendar, _ = parse_time(text, TODAY)  # without a fiscal calendar, the fiscal year is the calendar year
    assert calendar.start is not None and calendar.start.month in (1, 4, 7, 10)


def test_rows_with_a_fiscal_year_column_are_filtered_on_it(demo: SemanticLayer) -> None:
    result = read(demo, "Budget by cost center for fiscal year 2024")  # the demo's fiscal year starts in February
    assert result.query["filters"] == ["budgets.fiscal_year = 2024"]
    net = read(demo, "What was net revenue for FY2024?").query
    assert net["filters"] == ["metric_time >= '2024-02-01'", "metric_time < '2025-02-01'"]


def test_so_far_ends_at_the_reference_date() -> None:
    spec, _ = parse_time("what is cac for 2025 so far", TODAY)
    assert (spec.start, spec.end) == (dt.date(2025, 1, 1), dt.date(2025, 7, 1))


def test_a_verified_shape_without_a_period_takes_the_verified_period(demo: SemanticLayer) -> None:
    result = read(demo, "Quarter by quarter, how much did revenue grow compared with a year earlier?")
    assert "metric_time >= '2024-01-01'" in result.query["filters"]  # the verified quarters, not empty 2023 ones
    own = read(demo, "revenue growth by quarter in 2025 compared with a year earlier").query
    assert "metric_time >= '2024-01-01'" not in own["filters"]


def test_a_span_of_months_said_without_a_year(demo: SemanticLayer) -> None:
    result = read(demo, "FP&A: operating expenses for fiscal Q1 2025 (February through April)")
    assert result.query["filters"] == ["metric_time >= '2025-02-01'", "metric_time < '2025-05-01'"]


def test_two_quarters_of_one_year_are_both_shown(demo) -> None:
    result = demo.ask("Compare Q1 and Q2 2025 revenue", run=False)
    assert result.query == {
        "metrics": ["revenue"],
        "dimensions": ["metric_time__quarter"],
        "filters": ["metric_time >= '2025-01-01'", "metric_time < '2025-07-01'"],
    }


def test_with_the_same_quarter_last_year_is_a_comparison(demo) -> None:
    result = demo.ask("Compare this quarter's revenue with the same quarter last year", run=False)
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]


def test_this_year_and_last_year_is_not_read_as_this_year_alone(demo) -> None:
    # this year so far stands for the year: with all of last year it is one range, Jan 2024 to the reference date
    result = demo.ask("Revenue by month this year and last year", run=False)
    assert result.query["filters"] == ["metric_time >= '2024-01-01'", "metric_time < '2025-07-01'"]


@pytest.mark.parametrize(
    "question, filters",
    [  # a row per period when no metric compares: all of last year beside this year so far
        ("Tickets this year vs last year", ["metric_time >= '2024-01-01'", "metric_time < '2025-07-01'"]),
        ("Is CSAT better this year than last year?", ["metric_time >= '2024-01-01'", "metric_time < '2025-07-01'"]),
        ("Refund rate in 2025 vs 2024", ["metric_time >= '2024-01-01'", "metric_time < '2026-01-01'"]),
        (  # unless the question asks for the same part of last year
            "Tickets so far this year vs the same period last year",
            [
                "(metric_time >= '2024-01-01' AND metric_time < '2024-07-01') OR "
                "(metric_time >= '2025-01-01' AND metric_time < '2025-07-01')"
            ],
        ),
    ],
)
def test_periods_compared_row_by_row_are_the_periods_named(demo: SemanticLayer, question: str, filters) -> None:
    result = demo.ask(question, run=False)
    assert result.query["dimensions"] == ["metric_time__year"], result.clarification
    assert result.query["filters"] == filters


def test_a_metric_that_compares_compares_like_for_like(demo: SemanticLayer) -> None:
    result = demo.ask("revenue this year vs last year", run=False)
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    assert result.query["filters"] == ["metric_time >= '2025-01-01'", "metric_time < '2025-07-01'"]


def test_priority_wise_is_by_priority_and_a_period_before_a_noun_keeps_its_preposition(demo: SemanticLayer) -> None:
    result = read(demo, "priority-wise, avg time to resolve for 2024 tickets")
    assert result.query == {
        "metrics": ["avg_resolution_hours"],
        "dimensions": ["support_tickets.priority"],
        "filters": IN_2024,
    }


def test_a_year_or_later(demo: SemanticLayer) -> None:
    result = read(demo, "Which stores opened in 2023 or later, and when?")
    assert result.query == {
        "dimensions": ["stores.store_name", "stores.opened_date"],
        "filters": ["stores.opened_date >= '2023-01-01'"],
    }


def test_how_a_metric_changed_between_two_years(demo: SemanticLayer) -> None:
    revenue = read(demo, "How did revenue change from 2023 to 2024?")
    assert revenue.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    headcount = read(demo, "How did headcount change between 2023 and 2024?")
    assert headcount.query["dimensions"] == ["metric_time__year"]  # a row per year, not the two years summed
    assert not read(demo, "how has headcount changed since last year").answered
    assert not read(demo, "Which expense category grew the most from 2023 to 2024?").answered


def test_the_last_week_is_the_seven_days_to_today_and_last_week_the_calendar_week(demo: SemanticLayer) -> None:
    # 'the last week' / 'the past week': the 7 days up to the reference date (a Monday, 2025-06-30); 'last week'
    # and 'the previous week': the calendar week before this one, as 'last month' is the calendar month
    the_last = read(demo, "tickets opened per day in the last week")
    assert the_last.query["filters"] == ["metric_time >= '2025-06-24'", "metric_time < '2025-07-01'"]
    for question in ("revenue previous week", "Daily revenue last week"):
        assert read(demo, question).query["filters"] == ["metric_time >= '2025-06-23'", "metric_time < '2025-06-30'"]


def test_month_over_month_without_a_metric_that_compares_is_a_row_per_month(demo: SemanticLayer) -> None:
    # it was a row per year, from December 2024
    result = read(demo, "Month over month revenue in 2025")
    assert result.query["dimensions"] == ["metric_time__month"]
    assert result.query["filters"] == ["metric_time >= '2025-01-01'", "metric_time < '2026-01-01'"]


def test_a_comparison_a_metric_does_not_make_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "Month over month revenue growth in 2025").answered
    assert read(demo, "yoy revenue growth by quarter").query["metrics"] == ["revenue_growth_yoy"]


def test_a_quarter_of_last_year(demo: SemanticLayer) -> None:
    result = read(demo, "How did revenue in Q1 2025 compare with Q1 of last year?")
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    assert result.query["filters"] == ["metric_time >= '2025-01-01'", "metric_time < '2025-04-01'"]


def test_comparing_two_years_gives_a_row_for_each(demo: SemanticLayer) -> None:
    result = read(demo, "Compare ad spend per channel between 2023 and 2024")
    assert result.query["dimensions"] == ["campaigns.channel", "metric_time__year"]


def test_growth_versus_the_year_before_in_a_verified_shape_shows_what_it_compares(demo: SemanticLayer) -> None:
    quarterly = read(demo, "Quarterly revenue growth versus the year before, since 2024")
    assert quarterly.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    monthly = read(demo, "Month by month revenue growth vs last year, for 2025")
    assert monthly.query["metrics"] == ["revenue_growth_yoy"]


@pytest.mark.parametrize(
    "question, start, end",
    [
        ("revenue from June 20 to June 26, 2025", "2025-06-20", "2025-06-27"),
        ("revenue June 10-16, 2025", "2025-06-10", "2025-06-17"),
        ("revenue on June 20, 2025", "2025-06-20", "2025-06-21"),
    ],
)
def test_days_of_a_month(demo: SemanticLayer, question: str, start: str, end: str) -> None:
    assert read(demo, question).query["filters"] == [f"metric_time >= '{start}'", f"metric_time < '{end}'"]


@pytest.mark.parametrize(
    "question, dimension",
    [
        ("Revenue of each store that opened in 2025", "stores.opened_date"),
        ("How many tickets were resolved in June 2025?", "support_tickets.resolved_at"),
        ("list the campaigns that ended in May 2025", "campaigns.end_date"),
        ("revenue from products launched in 2024", "products.launched_date"),
    ],
)
def test_a_range_after_a_verb_naming_a_date_of_the_rows_applies_to_that_date(
    demo: SemanticLayer, question: str, dimension: str
) -> None:
    result = read(demo, question)
    assert result.answered, result.clarification
    assert [f.split(" ")[0] for f in result.query["filters"]] == [dimension, dimension]
    assert not any("metric_time" in f for f in result.query["filters"])


def test_a_grain_after_such_a_verb_is_of_that_date_too(demo: SemanticLayer) -> None:
    result = read(demo, "tickets resolved per month in 2025")
    assert result.query["dimensions"] == ["support_tickets.resolved_at__month"]


@pytest.mark.parametrize(
    "question",
    [
        "How many tickets were opened in June 2025?",  # the tickets' own date: metric_time
        "orders placed in May 2025",  # 'placed' names no date
        "priority-wise, avg time to resolve for 2024 tickets",  # '2024 tickets': the period is the tickets'
        "how many employees were hired in 2024",  # new_hires is measured by the hire date
    ],
)
def test_a_range_on_the_metrics_own_date_stays_on_metric_time(demo: SemanticLayer, question: str) -> None:
    filters = read(demo, question).query["filters"]
    assert filters and all(f.startswith("metric_time") for f in filters)


def test_every_member_of_a_dimension_named_is_a_breakdown(demo: SemanticLayer) -> None:
    result = read(demo, "How many cases did consumer, premium and business customers open each year?")
    assert result.query["dimensions"] == ["customers.segment", "metric_time__year"]
    assert "filters" not in result.query
    some = read(demo, "low, medium and high priority tickets in 2024")  # not every priority: a filter
    assert "support_tickets.priority IN ('low', 'medium', 'high')" in some.query["filters"]


def test_signed_up_and_registered_name_the_signup_date(demo: SemanticLayer) -> None:
    for question in ("Revenue from customers who signed up in 2025", "revenue from customers registered in 2025"):
        filters = read(demo, question).query["filters"]
        assert filters == ["customers.signup_date >= '2025-01-01'", "customers.signup_date < '2026-01-01'"]


def test_time_to_resolve_per_month_stays_on_the_tickets_own_date(demo: SemanticLayer) -> None:
    result = read(demo, "Average time to resolve per month in 2024")
    assert result.query["dimensions"] == ["metric_time__month"]


def test_calendar_quarters_of_a_fiscal_year_are_asked_about(demo: SemanticLayer) -> None:
    # the demo's fiscal year starts in February: 'by quarter' would give calendar quarters cut across it
    assert not read(demo, "Fiscal year 2024 revenue by quarter").answered
    by_month = read(demo, "FY2024 revenue by month")
    assert by_month.query["filters"] == ["metric_time >= '2024-02-01'", "metric_time < '2025-02-01'"]


@pytest.mark.parametrize(
    "question, filters",
    [  # a month or a day after 'after', 'before', 'since', 'until': one side of the range, not the period itself
        ("orders after March 2025", ["metric_time >= '2025-04-01'"]),
        ("revenue before March 2025", ["metric_time < '2025-03-01'"]),
        ("revenue until March 2025", ["metric_time < '2025-04-01'"]),
        ("revenue from March 2025 onwards", ["metric_time >= '2025-03-01'"]),
        ("orders after Q1 2025", ["metric_time >= '2025-04-01'"]),
        ("revenue from March to May 2025", ["metric_time >= '2025-03-01'", "metric_time < '2025-06-01'"]),
        ("revenue in March 2025", ["metric_time >= '2025-03-01'", "metric_time < '2025-04-01'"]),
    ],
)
def test_a_period_after_a_bound_word_bounds_the_range(demo: SemanticLayer, question: str, filters) -> None:
    assert read(demo, question).query["filters"] == filters


@pytest.mark.parametrize(
    "question", ["Cumulative revenue since the first order, by year", "total orders since we started"]
)
def test_since_the_beginning_is_all_time_and_names_no_rows(demo: SemanticLayer, question: str) -> None:
    result = read(demo, question)
    assert len(result.query["metrics"]) == 1 and "filters" not in result.query  # 'first order' was order_count


def test_prior_year_revenue_is_the_metric_not_a_period(demo: SemanticLayer) -> None:
    result = read(demo, "Quarterly revenue since the start of 2024 with prior-year revenue and YoY growth")
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
