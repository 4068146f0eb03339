"""Rows, counts, rankings and thresholds: what is counted after 'how many' or 'most', rankings by a metric or a
column, thresholds on each row or on a group, breakdowns kept after 'and', listings that show the rows' name, and
verified shapes."""

from __future__ import annotations

import pytest

from nl.asking import IN_2024, read
from semantic.api import SemanticLayer


@pytest.mark.parametrize(
    "question, dimension, extra",
    [
        (
            "Which ticket categories take more than 35 hours on average to resolve?",
            "category",
            "avg_resolution_hours > 35",
        ),
        ("Which priorities take more than a day to resolve on average?", "priority", "avg_resolution_hours > 24"),
    ],
)
def test_taking_longer_than_a_duration_to_resolve_is_a_threshold_on_resolution_time(
    demo: SemanticLayer, question: str, dimension: str, extra: str
) -> None:
    result = read(demo, question)
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["avg_resolution_hours"]
    assert result.query["dimensions"] == [f"support_tickets.{dimension}"]
    assert extra in result.query["filters"]


def test_takes_the_longest_to_resolve_ranks_by_resolution_time(demo: SemanticLayer) -> None:
    result = read(demo, "The 3 ticket categories that took longest to resolve on average in 2024")
    assert result.answered, result.clarification
    assert result.query["order_by"] == ["-avg_resolution_hours"] and result.query["limit"] == 3
    assert read(demo, "Which urgency level takes the longest to resolve on average?").query["limit"] == 1


def test_fastest_growing_is_not_a_ranking_by_speed(demo: SemanticLayer) -> None:
    result = read(demo, "fastest growing product categories")
    assert "order_by" not in (result.query or {})
    assert not any(o.query.get("order_by") for o in result.options)


def test_volume_of_rows_the_volume_metric_cannot_reach_is_their_count(demo: SemanticLayer) -> None:
    result = read(demo, "top 3 ticket categories by volume this year")
    assert result.query["metrics"] == ["ticket_count"]
    assert read(demo, "volume by category").query["metrics"] == ["units_sold"]


def test_the_rows_after_most_are_counted_and_ranked_before_another_metric(demo: SemanticLayer) -> None:
    result = read(demo, "Which store had the most orders? Show revenue too")
    assert result.query["metrics"] == ["order_count", "revenue"]
    assert result.query["dimensions"] == ["stores.store_name"]
    assert result.query["order_by"] == ["-order_count"] and result.query["limit"] == 1


def test_a_ranking_shown_for_each_keeps_every_row(demo: SemanticLayer) -> None:
    result = read(
        demo, "Which department employs the most people? Show headcount, payroll and average salary for each."
    )
    assert result.query["order_by"] == ["-headcount"]
    assert "limit" not in result.query


def test_ignored_words_naming_the_parts_a_verified_query_shows_take_its_columns(demo: SemanticLayer) -> None:
    result = read(
        demo, "Month by month this year, what share of orders got refunded? Show the refunded and completed orders too."
    )
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["refunded_orders", "completed_orders", "refund_rate"]
    assert read(demo, "refund rate by quarter").query["metrics"] == ["refund_rate"]  # not added when not said


def test_which_with_a_plural_ranks_them_all_and_a_singular_takes_the_top_one(demo: SemanticLayer) -> None:
    plural = read(demo, "which stores had the most orders")
    assert plural.query["order_by"] == ["-order_count"] and "limit" not in plural.query
    assert read(demo, "which store had the most orders").query["limit"] == 1
    assert read(demo, "what was our best month ever for revenue").query["limit"] == 1


def test_a_duration_threshold_goes_to_the_duration_metric_the_question_names(demo: SemanticLayer) -> None:
    result = read(demo, "ticket topics where resolution takes more than 35 hours on average")
    assert result.query["metrics"] == ["avg_resolution_hours"]
    assert "avg_resolution_hours > 35" in result.query["filters"]


def test_furthest_ranks_and_a_ranking_is_not_a_verified_listing(demo: SemanticLayer) -> None:
    result = read(demo, "Which department was furthest over budget in 2024?")
    assert result.query["order_by"] == ["-budget_variance"] and result.query["limit"] == 1


def test_a_breakdown_said_after_and_is_kept(demo: SemanticLayer) -> None:
    result = read(demo, "Expenses by category and department for Q2 2025")
    assert result.query["dimensions"] == ["expenses.category", "departments.department_name"]
    both = read(demo, "revenue and orders by store")
    assert both.query == {"metrics": ["revenue", "order_count"], "dimensions": ["stores.store_name"]}


def test_the_rows_of_a_member_said_after_how_many_are_counted_per_entity(demo: SemanticLayer) -> None:
    result = read(demo, "How many cashiers do we have in each store?")
    assert result.query["metrics"] == ["headcount"]
    assert result.query["dimensions"] == ["stores.store_name"]
    assert "employees.job_title = 'Cashier'" in result.query["filters"]


def test_a_count_is_never_swapped_for_another_entitys_count(demo: SemanticLayer) -> None:
    result = read(demo, "What payment methods do customers use?")
    assert not (result.answered and result.query.get("metrics") == ["ticket_count"])
    assert read(demo, "revenue by brand").query["metrics"] == ["product_revenue"]  # a real line-level counterpart


def test_two_counts_of_the_same_rows(demo: SemanticLayer) -> None:
    result = read(
        demo, "For the tickets opened in each month of 2025, how many were opened and how many are resolved by now?"
    )
    assert result.query["metrics"] == ["ticket_count", "resolved_tickets"]
    assert read(demo, "orders in 2024: how many were cancelled?").query["metrics"] == ["cancelled_orders"]


def test_a_substitute_metric_must_aggregate_the_same_way(demo: SemanticLayer) -> None:
    assert not read(demo, "New customers by marketing channel").answered  # not active customers


def test_listing_the_rows_said_first_shows_their_name(demo: SemanticLayer) -> None:
    stores = read(demo, "List our flagship stores with their city and region")
    assert stores.query["dimensions"] == ["stores.store_name", "stores.store_city", "regions.region"]
    products = read(demo, "Which products have been discontinued? Show category and brand.")
    assert products.query["dimensions"] == ["products.product_name", "products.category", "products.brand"]
    assert products.query["filters"] == ["products.is_active = FALSE"]
    assert read(demo, "Which categories have discontinued products?").query["dimensions"] == ["products.category"]


def test_a_filter_a_metrics_own_filter_rules_out_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "inactive employees by department").answered  # headcount counts active ones


def test_ranked_by_a_metric_after_the_ranked_rows(demo: SemanticLayer) -> None:
    result = read(demo, "Top 3 departments by budget in 2025")
    assert result.query["metrics"] == ["budgeted_expenses"]
    assert result.query["order_by"] == ["-budgeted_expenses"] and result.query["limit"] == 3


def test_counted_rows_reach_the_other_filters_owner(demo: SemanticLayer) -> None:
    result = read(demo, "In Store Operations, how many part-timers do we employ?")
    assert result.query["metrics"] == ["headcount"]


def test_rows_over_an_amount_broken_down_are_counted(demo: SemanticLayer) -> None:
    result = read(demo, "Orders over $200 by channel in 2024")
    assert result.query["metrics"] == ["order_count"]
    assert result.query["dimensions"] == ["orders.channel"]
    assert "orders.order_total > 200" in result.query["filters"]
    assert read(demo, "list orders over $500 with their channel").query["dimensions"] == [
        "orders.order_id",
        "orders.channel",
    ]


def test_naming_every_member_of_a_verified_breakdown_shows_them_all(demo: SemanticLayer) -> None:
    result = read(demo, "Split revenue and completed orders between online and in-store.")
    assert result.query == {
        "metrics": ["revenue", "completed_orders"],
        "dimensions": ["orders.channel"],
        "order_by": ["-revenue"],
    }


def test_each_of_our_rows_breaks_down_by_them(demo: SemanticLayer) -> None:
    result = read(demo, "headcount at each of our flagship stores")
    assert result.query["dimensions"] == ["stores.store_name"]
    assert "dimensions" not in read(demo, "headcount at flagship stores").query


def test_how_many_of_the_rows_are_in_a_state_is_the_models_count_of_them(demo: SemanticLayer) -> None:
    result = read(demo, "How many of the tickets opened in 2024 are resolved by now?")
    assert result.query == {"metrics": ["resolved_tickets"], "filters": IN_2024}


def test_at_least_is_a_threshold_not_a_ranking(demo: SemanticLayer) -> None:
    sessions = read(demo, "What is the conversion rate for sessions with at least 10 page views?")
    assert sessions.query == {"metrics": ["conversion_rate"], "filters": ["web_sessions.pageviews >= 10"]}
    customers = read(demo, "Customers who have opened at least 8 support tickets")
    assert (
        customers.query["dimensions"] == ["customers.customer_id"] and "ticket_count >= 8" in customers.query["filters"]
    )


def test_the_number_of_a_filtered_count_is_asked_for_itself(demo: SemanticLayer) -> None:
    result = read(demo, "Split revenue and the number of completed orders by sales channel")
    assert result.query["metrics"] == ["revenue", "completed_orders"]


def test_top_rows_by_a_column_of_their_own(demo: SemanticLayer) -> None:
    answer = demo.ask("top 3 stores by square feet")
    assert answer.query["order_by"] == ["-stores.square_feet"] and answer.query["limit"] == 3
    assert [row[1] for row in answer.rows] == sorted((row[1] for row in answer.rows), reverse=True)
    assert read(demo, "which store has the most square feet").query["limit"] == 1


def test_thresholds_on_each_rows_amount_when_rows_are_counted(demo: SemanticLayer) -> None:
    assert read(demo, "How many refunds were larger than $300?").query == {
        "metrics": ["refund_count"],
        "filters": ["refunds.amount > 300"],
    }
    tickets = read(demo, "How many tickets got a satisfaction score of 2 or lower?")
    assert tickets.query == {"metrics": ["ticket_count"], "filters": ["support_tickets.csat_score <= 2"]}
    months = read(demo, "Which months of 2024 had refunds of more than $6,000?")
    assert months.query["metrics"] == ["refund_amount"] and "refund_amount > 6000" in months.query["filters"]


def test_a_number_before_the_ranking_word_is_the_cut(demo: SemanticLayer) -> None:
    result = read(demo, "5 best selling products by units in 2025")
    assert result.query["metrics"] == ["units_sold"] and result.query["limit"] == 5


@pytest.mark.parametrize(
    "question",
    ["Number of customers last month", "Customer numbers by segment for this year", "customer count in 2024"],
)
def test_the_count_of_customers_over_a_period_asks_signed_up_or_active(demo: SemanticLayer, question: str) -> None:
    # customer_count is dated by signup: over a period it is the new customers' number, not the customers there were
    result = read(demo, question)
    assert not result.answered
    assert {"customer_count", "new_customers", "active_customers"} <= {o.query["metrics"][0] for o in result.options}


@pytest.mark.parametrize(
    "question, metric",
    [
        ("Number of customers by segment", "customer_count"),
        ("How many customers signed up last month?", "new_customers"),
        ("number of new customers in 2024", "new_customers"),
        ("how many orders last month", "order_count"),
    ],
)
def test_a_count_without_a_period_or_with_one_reading_is_answered(
    demo: SemanticLayer, question: str, metric: str
) -> None:
    result = read(demo, question)
    assert result.answered, result.clarification
    assert result.query["metrics"] == [metric]


@pytest.mark.parametrize("question", ["Agents with CSAT above 4.5", "Employees with more than 10 tickets"])
def test_rows_that_cannot_be_shown_one_by_one_are_asked_about_not_dropped(demo: SemanticLayer, question: str) -> None:
    # employees have no column that may name one (names are PII): the threshold was applied to the grand total
    result = read(demo, question)
    assert not result.answered and "one by one" in result.clarification


def test_rows_with_a_name_are_shown_with_the_threshold(demo: SemanticLayer) -> None:
    result = read(demo, "stores with csat above 4")
    assert result.query["dimensions"] == ["stores.store_name"] and result.query["filters"] == ["csat > 4"]


def test_a_job_title_after_number_of_is_counted_not_read_as_the_count_of_stores(demo: SemanticLayer) -> None:
    # 'number of store' is store_count's synonym; 'store managers' is the job title that was said
    result = read(demo, "Number of store managers in each store region")
    assert result.query == {
        "metrics": ["headcount"],
        "dimensions": ["regions.region"],
        "filters": ["employees.job_title = 'Store Manager'"],
    }
    assert read(demo, "number of stores by region").query["metrics"] == ["store_count"]


@pytest.mark.parametrize("question", ["What's the salary by department?", "salaries by job title"])
def test_a_bare_salary_asks_total_or_average(demo: SemanticLayer, question: str) -> None:
    result = read(demo, question)
    assert not result.answered
    assert {o.query["metrics"][0] for o in result.options} == {"payroll", "average_salary"}


def test_salary_with_an_aggregation_word_is_that_aggregation(demo: SemanticLayer) -> None:
    assert read(demo, "total salary by department").query["metrics"] == ["payroll"]
    assert read(demo, "mean salary for full-time staff").query["metrics"] == ["average_salary"]


def test_how_many_have_been_resolved_of_the_tickets_said_before_is_the_resolved_tickets(demo: SemanticLayer) -> None:
    result = read(demo, "Of the tickets opened each month last quarter, how many have been resolved?")
    assert result.query["metrics"] == ["resolved_tickets"]
    assert "filters" in result.query and not any("status" in f for f in result.query["filters"])


@pytest.mark.parametrize(
    "question, column",
    [
        ("Which stores are in Texas, and what type is each?", "stores.store_type"),
        ("Outlet stores in the South region and the state each is in", "stores.store_state"),
    ],
)
def test_rows_listed_with_a_column_of_each_show_their_name_too(demo: SemanticLayer, question: str, column) -> None:
    assert read(demo, question).query["dimensions"] == ["stores.store_name", column]


def test_a_column_asked_of_rows_qualified_by_a_member_shows_only_the_column(demo: SemanticLayer) -> None:
    assert read(demo, "Which cities have a flagship store?").query["dimensions"] == ["stores.store_city"]


@pytest.mark.parametrize("question", ["Part-time store staff by store format", "store staff by store format"])
def test_rows_broken_down_by_other_rows_column_are_counted(demo: SemanticLayer, question: str) -> None:
    # the staff are counted in each store format; 'stores by format' would list the stores
    result = read(demo, question)
    assert result.query["metrics"] == ["headcount"] and result.query["dimensions"] == ["stores.store_type"]
    assert read(demo, "stores by format").query["dimensions"] == ["stores.store_name", "stores.store_type"]


def test_for_every_team_before_a_colon_is_a_breakdown_not_who_asks(demo: SemanticLayer) -> None:
    result = read(demo, "For every team: number of employees, salary cost and average pay")
    assert result.query["dimensions"] == ["departments.department_name"]
    assert "dimensions" not in read(demo, "Growth team: overall return on ad spend for the last 12 months").query


def test_a_state_for_employees_asks_home_or_store_unless_living_is_said(demo: SemanticLayer) -> None:
    assert not read(demo, "How many employees do we have in Texas?").answered  # living there, or at a Texas store
    lives = read(demo, "How many current employees live in California?")
    assert "employees.home_state = 'CA'" in lives.query["filters"]
