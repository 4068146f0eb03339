"""Time phrases the reader used to miss or misread ('the first week of June 2025' read as all of June, 'this June',
'the 12 months before'), thresholds said in units of time, generic head nouns ('device type'), rival metrics told
apart by what they reach, and states said with a possessive ('went over their budget')."""

from __future__ import annotations

import datetime as dt

import pytest

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


def test_a_threshold_in_days_applies_in_the_metrics_own_unit(demo: SemanticLayer) -> None:
    result = read(demo, "priorities with average resolution time above 2 days")
    assert result.query["filters"] == ["avg_resolution_hours > 48"]
    assert result.query["dimensions"] == ["support_tickets.priority"]


def test_a_threshold_in_days_on_a_count_is_asked_back(demo: SemanticLayer) -> None:
    result = read(demo, "tickets open for more than 7 days")  # never 'ticket_count > 7'
    assert not result.answered
    assert "length of time" in result.clarification


def test_more_than_a_day_is_a_threshold_not_a_daily_grain() -> None:
    spec, rest = parse_time("which priorities take more than a day to resolve", TODAY)
    assert spec.grain is None and "a day" in rest


def test_a_word_of_a_metric_is_not_folded_into_a_reordered_dimension_phrase(demo: SemanticLayer) -> None:
    result = read(demo, "West region sales in Q1 2025")  # not the dimension 'sales region'
    assert result.query == {
        "metrics": ["revenue"],
        "filters": ["regions.region = 'West'", "metric_time >= '2025-01-01'", "metric_time < '2025-04-01'"],
    }
    assert read(demo, "sales region").query == {"dimensions": ["regions.region"]}


@pytest.mark.parametrize(
    "question, dimension",
    [
        ("Sessions by device type", "web_sessions.device"),
        ("avg pay by contract type", "employees.employment_type"),  # 'contract' is a member of employment_type
    ],
)
def test_a_generic_noun_after_a_dimension_or_member_names_that_dimension(
    demo: SemanticLayer, question: str, dimension: str
) -> None:
    result = read(demo, question)
    assert result.answered, result.clarification
    assert result.query["dimensions"] == [dimension]


def test_rival_metrics_are_told_apart_by_what_the_rest_of_the_question_names(demo: SemanticLayer) -> None:
    by_cost_center = read(demo, "Budget by cost center in 2024").query
    assert by_cost_center["metrics"] == ["budgeted_expenses"]
    assert read(demo, "tv spend vs budget by year").query["metrics"][0] == "campaign_budget"
    assert not read(demo, "budget in 2024").answered  # nothing says whose budget


def test_went_over_their_budget_is_over_budget(demo: SemanticLayer) -> None:
    over = read(demo, "Which departments went over their budget in 2024?")
    assert over.source == "verified" and over.query["metrics"][-1] == "budget_variance"
    under = read(demo, "Which departments came in under budget last year?")
    assert under.source != "verified"  # the verified question is about being over
    assert "budget_variance < 0" in under.query["filters"]


def test_a_count_of_the_same_rows_after_of_names_the_measured_rows(demo: SemanticLayer) -> None:
    result = read(demo, "Revenue of the orders fulfilled by our Texas stores in 2024")
    assert result.query["metrics"] == ["revenue"]  # not revenue and completed_orders
    assert read(demo, "revenue and completed orders by month").query["metrics"] == ["revenue", "completed_orders"]


def test_a_top_n_ranks_the_rows_named_beside_a_member(demo: SemanticLayer) -> None:
    result = read(demo, "top 5 Outdoor products by revenue in 2024")  # was one total row limited to 5
    assert result.query["dimensions"] == ["products.product_name"]
    assert result.query["limit"] == 5
    assert not read(demo, "top 3 revenue").answered


def test_a_ranked_unit_of_time_is_the_grain(demo: SemanticLayer) -> None:
    result = read(demo, "highest revenue month in 2024")
    assert result.query["dimensions"] == ["metric_time__month"]
    assert result.query["limit"] == 1


def test_a_glossary_term_makes_a_synonym_ambiguous(demo: SemanticLayer) -> None:
    result = read(demo, "What was turnover in 2024?")  # revenue by synonym; the glossary: turnover of staff
    assert not result.answered
    assert {o.query["metrics"][0] for o in result.options} == {"revenue", "terminations"}
    assert read(demo, "staff turnover per department in 2024").query["metrics"] == ["terminations"]


def test_all_before_its_noun_is_every_row_not_the_member_all(demo: SemanticLayer) -> None:
    result = read(demo, "list all campaigns that started in 2025")  # 'all' is also a target_segment member
    assert not any("target_segment" in f for f in result.query["filters"])


def test_per_entity_beside_a_member_groups_by_it(demo: SemanticLayer) -> None:
    result = read(demo, "revenue per store in Texas in 2024")
    assert result.query["dimensions"] == ["stores.store_name"]
    assert "stores.store_state = 'TX'" in result.query["filters"]


def test_by_an_entity_that_may_not_be_shown_row_by_row_asks_back(demo: SemanticLayer) -> None:
    result = read(demo, "ticket count by agent")  # employees have no shown name: never the silent total
    assert not result.answered
    assert "one by one" in result.clarification


@pytest.mark.parametrize("question", ["orders by day of week", "revenue on weekends vs weekdays", "hourly sessions"])
def test_parts_of_a_cycle_are_asked_back(demo: SemanticLayer, question: str) -> None:
    result = read(demo, question)
    assert not result.answered  # 'by day of week' was read as 'by day'


def test_a_money_threshold_right_after_rows_filters_each_row(demo: SemanticLayer) -> None:
    result = read(demo, "number of orders over $500 by channel in 2024")  # was a HAVING on a summed value
    assert result.query["metrics"] == ["order_count"]
    assert "orders.order_total > 500" in result.query["filters"]
    listed = read(demo, "list the orders above $1,500 placed this year, with their date and status").query
    assert listed["dimensions"] == ["orders.order_id", "orders.status", "orders.ordered_at"]
    assert "orders.order_total > 1500" in listed["filters"]


def test_their_date_in_a_listing_is_the_rows_own_date(demo: SemanticLayer) -> None:
    result = read(demo, "List the flagship stores with their city and the date they opened")
    assert result.query["dimensions"] == ["stores.store_name", "stores.store_city", "stores.opened_date"]


def test_an_average_of_a_total_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "how many orders per customer on average in 2024").answered  # was a list by customer
    assert read(demo, "average order value in 2024").query["metrics"] == ["average_order_value"]


def test_a_kind_of_rows_said_through_a_count_is_not_dropped(demo: SemanticLayer) -> None:
    result = read(demo, "revenue from new customers in 2025")  # 'new' was silently dropped
    assert not result.answered
    assert read(demo, "revenue from customers in 2025").answered


def test_a_quarter_compared_with_the_one_before(demo: SemanticLayer) -> None:
    result = read(demo, "How did Q2 2025 revenue compare to Q1 2025?")
    assert result.query["dimensions"] == ["metric_time__quarter"]
    assert result.query["filters"] == ["metric_time >= '2025-01-01'", "metric_time < '2025-07-01'"]


def test_the_most_then_a_top_n_takes_the_number(demo: SemanticLayer) -> None:
    result = read(demo, "Which product categories brought in the most in 2024? Give me the top five.")
    assert result.query["limit"] == 5
    assert result.query["metrics"] == ["product_revenue"]


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


def test_compare_sets_members_side_by_side(demo: SemanticLayer) -> None:
    result = read(demo, "compare online and store revenue in 2024")  # was one summed total
    assert result.query["dimensions"] == ["orders.channel"]


@pytest.mark.parametrize(
    "question",
    [
        "customers with no orders in 2025",  # was the count of customers who did order
        "orders from customers outside California",
        "revenue excluding gift card payments",
        "revenue from non-premium customers",
    ],
)
def test_a_negation_is_asked_back_never_dropped(demo: SemanticLayer, question: str) -> None:
    assert not read(demo, question).answered


def test_a_trend_without_periods_asks_which(demo: SemanticLayer) -> None:
    result = read(demo, "csat trend")  # was one number for all time
    assert not result.answered
    assert {o.query["dimensions"][0] for o in result.options} == {
        "metric_time__month",
        "metric_time__quarter",
        "metric_time__year",
    }
    assert read(demo, "revenue trend by month").query["dimensions"] == ["metric_time__month"]


def test_a_noun_before_another_metric_of_its_rows_only_names_them(demo: SemanticLayer) -> None:
    assert read(demo, "ticket backlog").query == {"metrics": ["open_tickets"]}
    assert read(demo, "ticket count and csat").query["metrics"] == ["ticket_count", "csat"]


def test_several_metrics_each_take_their_line_level_counterpart(demo: SemanticLayer) -> None:
    result = read(demo, "revenue and gross margin by brand")  # revenue alone cannot reach the brand
    assert result.query["metrics"] == ["product_revenue", "gross_margin"]
    assert result.query["dimensions"] == ["products.brand"]


def test_a_snapshot_at_a_point_in_time_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "headcount at the end of 2024").answered  # was the 2024 hires still employed
    assert read(demo, "Year-to-date revenue at the end of each month of 2024").answered


def test_a_member_is_not_cut_down_to_its_first_word(demo: SemanticLayer) -> None:
    result = read(demo, "revenue by store manager")  # was revenue of orders in the 'store' channel
    assert not result.answered
    damaged = read(demo, "How much was refunded for damaged items in 2024?")
    assert "refunds.reason = 'damaged'" in damaged.query["filters"]


def test_rows_that_are_in_a_state_the_model_names(demo: SemanticLayer) -> None:
    assert read(demo, "show tickets that are still open").query == {"metrics": ["open_tickets"]}  # was all tickets
    assert read(demo, "how many orders are shipped").query["filters"] == ["orders.status = 'shipped'"]


def test_a_row_named_by_its_key(demo: SemanticLayer) -> None:
    result = read(demo, "revenue from customer #171 in 2024")
    assert "customers.customer_id = 171" in result.query["filters"]


def test_a_number_no_rule_places_is_asked_back(demo: SemanticLayer) -> None:
    result = read(demo, "customers with 5 orders")  # was every buying customer
    assert not result.answered
    assert "'5'" in result.clarification


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


def test_by_an_entity_groups_even_beside_its_own_member(demo: SemanticLayer) -> None:
    result = read(demo, "units sold by product in the Beauty category")  # was one total for Beauty
    assert result.query["dimensions"] == ["products.product_name"]
    agent = read(demo, "tickets opened by customers from the West, by category")  # 'by' naming who did it
    assert agent.query["dimensions"] == ["support_tickets.category"]


def test_two_months_a_year_apart_are_one_row_per_month(demo: SemanticLayer) -> None:
    result = read(demo, "Sessions in June 2025 compared with June 2024")  # sessions have no prior-year metric
    assert result.query["dimensions"] == ["metric_time__month"]


def test_a_breakdown_carries_over_a_possessive(demo: SemanticLayer) -> None:
    result = read(demo, "ticket count by the agent's department")  # the department was dropped
    assert result.query["dimensions"] == ["departments.department_name"]


def test_a_member_before_an_entity_noun_qualifies_the_entity(demo: SemanticLayer) -> None:
    result = read(demo, "revenue from West stores")  # not also the 'store' sales channel
    assert result.query["filters"] == ["regions.region = 'West'"]


def test_rows_still_in_a_state_the_model_names(demo: SemanticLayer) -> None:
    result = read(demo, "low priority tickets still open")
    assert result.query["metrics"] == ["open_tickets"]


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


def test_a_constant_column_is_not_listed(demo: SemanticLayer) -> None:
    result = read(demo, "list all the stores in the Central region")
    assert result.query["dimensions"] == ["stores.store_name"]


def test_a_member_that_is_also_an_entity_word_after_most(demo: SemanticLayer) -> None:
    result = read(
        demo, "Which department employs the most people? Show headcount, salary cost and average pay for each."
    )
    assert not any("People" in f for f in result.query.get("filters", []))
    assert read(demo, "headcount in the People department").query["filters"] == [
        "departments.department_name = 'People'"
    ]


def test_rows_named_but_unused_by_the_query_make_it_unsure(demo: SemanticLayer) -> None:
    result = read(demo, "revenue for the People department")  # the department was silently dropped
    assert not result.answered


def test_a_bare_count_listed_with_other_figures_counts_the_rows(demo: SemanticLayer) -> None:
    result = read(demo, "refunds by return reason in 2024 – amount and count")  # the count was dropped
    assert result.query["metrics"] == ["refund_amount", "refund_count"]
    other = read(demo, "Revenue and number of support tickets per customer segment in 2024").query
    assert other["metrics"] == ["revenue", "ticket_count"]


def test_each_one_groups_by_the_rows_named(demo: SemanticLayer) -> None:
    result = read(demo, "Central region stores: how much revenue did each one make in 2024?")
    assert result.query["dimensions"] == ["stores.store_name"]  # was one total for the region
    assert "regions.region = 'Central'" in result.query["filters"]


def test_which_rows_over_a_threshold_leave_out_rows_without_one(demo: SemanticLayer) -> None:
    result = read(demo, "Which stores have more than 5 current employees?")
    assert "stores.store_name IS NOT NULL" in result.query["filters"]  # head office staff are no store


def test_store_employees_count_the_employees_of_a_store(demo: SemanticLayer) -> None:
    by_region = read(demo, "Number of store employees in each sales region").query  # was stores and employees
    assert by_region["metrics"] == ["headcount"]
    assert "regions.region IS NOT NULL" in by_region["filters"]
    assert read(demo, "how many store employees are there").query["filters"] == ["stores.store_name IS NOT NULL"]


def test_a_number_column_after_the_threshold(demo: SemanticLayer) -> None:
    result = read(demo, "List stores over 50,000 square feet, with their format.")
    assert result.query == {
        "dimensions": ["stores.store_name", "stores.store_type"],
        "filters": ["stores.square_feet > 50000"],
    }


def test_a_threshold_in_hours_finds_the_metric_measured_in_hours(demo: SemanticLayer) -> None:
    result = read(demo, "Which ticket categories take more than 35 hours on average to resolve?")
    assert result.options and "avg_resolution_hours > 35" in result.options[0].query["filters"]


def test_a_glossary_term_pointing_at_a_metric_names_it(demo: SemanticLayer) -> None:
    result = read(demo, "Hiring and attrition per year since 2020")  # glossary: attrition, see terminations
    assert result.query["metrics"] == ["new_hires", "terminations"]
    # the 'conversion' term defines a session, not the sessions metric
    assert read(demo, "conversions by device").query["metrics"] == ["converted_sessions"]


def test_campaigns_aimed_at_a_segment_filter_the_target_segment(demo: SemanticLayer) -> None:
    result = read(demo, "Campaign revenue in 2024 from campaigns aimed at premium customers")
    assert "campaigns.target_segment = 'premium'" in result.query["filters"]
    assert "customers.segment = 'premium'" in read(demo, "revenue from premium customers").query["filters"]


def test_a_participle_after_its_rows_filters_them(demo: SemanticLayer) -> None:
    result = read(demo, "Revenue from orders attributed to social campaigns, by month in 2025")
    assert "orders.is_attributed = TRUE" in result.query["filters"]
    assert result.query["dimensions"] == ["metric_time__month"]


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


def test_a_metric_before_plan_is_what_the_plan_is_for(demo: SemanticLayer) -> None:
    result = read(demo, "approved opex plan per division for fiscal year 2025")
    assert result.query["metrics"] == ["budgeted_expenses"]


def test_a_short_real_word_is_not_respelled(demo: SemanticLayer) -> None:
    result = read(demo, "How many orders did we ship each week in May 2025?")  # 'ship' was read as 'shop'
    assert "stores.store_name" not in str(result.query or result.options)
    assert read(demo, "hedcount by employment tpye").query["dimensions"] == ["employees.employment_type"]


def test_list_names_the_rows_not_their_number(demo: SemanticLayer) -> None:
    result = read(demo, "List customers in the premium segment from Texas")  # was the customer count
    assert result.query["dimensions"] == ["customers.customer_id"]
    assert not read(demo, "list all tickets from premium customers in June 2025").answered  # was a customer count


def test_rows_asked_for_by_having_a_measure_ask_back(demo: SemanticLayer) -> None:
    result = read(demo, "How much revenue came from orders with a discount?")  # was revenue and total discount
    assert not result.answered
    assert read(demo, "revenue and discount by month").query["metrics"] == ["revenue", "discount_amount"]


def test_terminated_employees_are_the_leavers(demo: SemanticLayer) -> None:
    result = read(demo, "How many employees were terminated in Store Operations in 2024?")
    assert result.query["metrics"] == ["terminations"]


def test_a_member_beats_personal_columns_of_the_same_name(demo: SemanticLayer) -> None:
    result = read(demo, "How many tickets were opened by phone in 2024?")  # not customers.phone or employees.phone
    assert "support_tickets.channel = 'phone'" in result.query["filters"]


def test_so_far_ends_at_the_reference_date() -> None:
    spec, _ = parse_time("what is cac for 2025 so far", TODAY)
    assert (spec.start, spec.end) == (dt.date(2025, 1, 1), dt.date(2025, 7, 1))


def test_a_verified_shape_without_a_period_takes_the_verified_period(demo: SemanticLayer) -> None:
    result = read(demo, "Quarter by quarter, how much did revenue grow compared with a year earlier?")
    assert "metric_time >= '2024-01-01'" in result.query["filters"]  # the verified quarters, not empty 2023 ones
    own = read(demo, "revenue growth by quarter in 2025 compared with a year earlier").query
    assert "metric_time >= '2024-01-01'" not in own["filters"]


def test_what_the_question_names_is_reached_before_domains_are_weighed(demo: SemanticLayer) -> None:
    result = read(demo, "What was the budget for the Marketing department in Q2 2025?")  # not the campaigns' budget
    assert result.query["metrics"] == ["budgeted_expenses"]


def test_three_misspellings_each_read_as_the_only_model_word_still_answer(demo: SemanticLayer) -> None:
    result = read(demo, "opex by catgory for the Tecnology departmnt in 2024")
    assert result.answered, result.clarification
    assert result.query["dimensions"] == ["expenses.category"]


@pytest.mark.parametrize(
    "question",
    [
        "which regions do our flagship stores belong to?",
        "How much cash did we collect in Q4 2024?",
        "How many current employees sit in the Corporate division?",
    ],
)
def test_plain_words_that_name_nothing_do_not_make_a_reading_unsure(demo: SemanticLayer, question: str) -> None:
    assert read(demo, question).answered


def test_a_money_threshold_after_rows_of(demo: SemanticLayer) -> None:
    result = read(demo, "How many orders of $200 or more did we receive in 2024?")
    assert "orders.order_total >= 200" in result.query["filters"]


def test_a_span_of_months_said_without_a_year(demo: SemanticLayer) -> None:
    result = read(demo, "FP&A: operating expenses for fiscal Q1 2025 (February through April)")
    assert result.query["filters"] == ["metric_time >= '2025-02-01'", "metric_time < '2025-05-01'"]
