"""What a threshold applies to (a column of the rows, or a metric in its own unit) and which rows are counted,
ranked, listed or grouped: 'orders over $500', 'store employees', 'each one', 'list customers', and the numbers or
measures that are asked back rather than dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from semantic.api import SemanticLayer

TODAY = dt.date(2025, 6, 30)


def read(layer: SemanticLayer, question: str):
    return layer.ask(question, run=False)


def test_a_threshold_in_days_applies_in_the_metrics_own_unit(demo: SemanticLayer) -> None:
    result = read(demo, "priorities with average resolution time above 2 days")
    assert result.query["filters"] == ["avg_resolution_hours > 48"]
    assert result.query["dimensions"] == ["support_tickets.priority"]


def test_a_threshold_in_days_on_a_count_is_asked_back(demo: SemanticLayer) -> None:
    result = read(demo, "tickets open for more than 7 days")  # never 'ticket_count > 7'
    assert not result.answered
    assert "length of time" in result.clarification


def test_a_count_of_the_same_rows_after_of_names_the_measured_rows(demo: SemanticLayer) -> None:
    result = read(demo, "Revenue of the orders fulfilled by our Texas stores in 2024")
    assert result.query["metrics"] == ["revenue"]  # not revenue and completed_orders
    assert read(demo, "revenue and completed orders by month").query["metrics"] == ["revenue", "completed_orders"]


def test_a_top_n_ranks_the_rows_named_beside_a_member(demo: SemanticLayer) -> None:
    result = read(demo, "top 5 Outdoor products by revenue in 2024")  # was one total row limited to 5
    assert result.query["dimensions"] == ["products.product_name"]
    assert result.query["limit"] == 5
    assert not read(demo, "top 3 revenue").answered


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


def test_the_most_then_a_top_n_takes_the_number(demo: SemanticLayer) -> None:
    result = read(demo, "Which product categories brought in the most in 2024? Give me the top five.")
    assert result.query["limit"] == 5
    assert result.query["metrics"] == ["product_revenue"]


def test_a_noun_before_another_metric_of_its_rows_only_names_them(demo: SemanticLayer) -> None:
    assert read(demo, "ticket backlog").query == {"metrics": ["open_tickets"]}
    assert read(demo, "ticket count and csat").query["metrics"] == ["ticket_count", "csat"]


def test_several_metrics_each_take_their_line_level_counterpart(demo: SemanticLayer) -> None:
    result = read(demo, "revenue and gross margin by brand")  # revenue alone cannot reach the brand
    assert result.query["metrics"] == ["product_revenue", "gross_margin"]
    assert result.query["dimensions"] == ["products.brand"]


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


def test_by_an_entity_groups_even_beside_its_own_member(demo: SemanticLayer) -> None:
    result = read(demo, "units sold by product in the Beauty category")  # was one total for Beauty
    assert result.query["dimensions"] == ["products.product_name"]
    agent = read(demo, "tickets opened by customers from the West, by category")  # 'by' naming who did it
    assert agent.query["dimensions"] == ["support_tickets.category"]


def test_a_breakdown_carries_over_a_possessive(demo: SemanticLayer) -> None:
    result = read(demo, "ticket count by the agent's department")  # the department was dropped
    assert result.query["dimensions"] == ["departments.department_name"]


def test_rows_still_in_a_state_the_model_names(demo: SemanticLayer) -> None:
    result = read(demo, "low priority tickets still open")
    assert result.query["metrics"] == ["open_tickets"]


def test_a_constant_column_is_not_listed(demo: SemanticLayer) -> None:
    result = read(demo, "list all the stores in the Central region")
    assert result.query["dimensions"] == ["stores.store_name"]


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
    assert result.answered, result.clarification
    assert "avg_resolution_hours > 35" in result.query["filters"]


def test_a_participle_after_its_rows_filters_them(demo: SemanticLayer) -> None:
    result = read(demo, "Revenue from orders attributed to social campaigns, by month in 2025")
    assert "orders.is_attributed = TRUE" in result.query["filters"]
    assert result.query["dimensions"] == ["metric_time__month"]


def test_list_names_the_rows_not_their_number(demo: SemanticLayer) -> None:
    result = read(demo, "List customers in the premium segment from Texas")  # was the customer count
    assert result.query["dimensions"] == ["customers.customer_id"]
    assert not read(demo, "list all tickets from premium customers in June 2025").answered  # was a customer count


def test_rows_asked_for_by_having_a_measure_ask_back(demo: SemanticLayer) -> None:
    result = read(demo, "How much revenue came from orders with a discount?")  # was revenue and total discount
    assert not result.answered
    assert read(demo, "revenue and discount by month").query["metrics"] == ["revenue", "discount_amount"]


def test_a_money_threshold_after_rows_of(demo: SemanticLayer) -> None:
    result = read(demo, "How many orders of $200 or more did we receive in 2024?")
    assert "orders.order_total >= 200" in result.query["filters"]


def test_rows_with_a_metric_under_a_threshold_are_a_having_not_a_row_condition(demo: SemanticLayer) -> None:
    result = read(demo, "Products with a gross margin under 20% last year")
    assert "gross_margin < 0.2" in result.query["filters"]
    assert not read(demo, "revenue from orders with a discount").answered  # no threshold: a condition on rows


def test_a_breakdown_of_an_unknown_word_is_asked_back_not_listed(demo: SemanticLayer) -> None:
    assert not read(demo, "Takings by store format").answered  # 'takings' names no metric
    assert read(demo, "products by category").query == {"dimensions": ["products.product_name", "products.category"]}


@pytest.mark.parametrize("question", ["Campaigns with spend above their budget", "campaigns over their budget in 2024"])
def test_a_metric_above_another_is_asked_back_not_shown_as_two_totals(demo, question: str) -> None:
    assert not demo.ask(question, run=False).answered


def test_a_threshold_keeps_a_question_from_being_a_verified_paraphrase(demo: SemanticLayer) -> None:
    # 'How many orders did we get each year?' is verified; the $1,000 threshold was dropped with it
    result = demo.ask("How many orders were over $1,000 each year?", run=False)
    assert "orders.order_total > 1000" in result.query["filters"]


def test_a_breakdown_said_before_its_members_is_kept(demo: SemanticLayer) -> None:
    result = demo.ask("revenue by segment for premium and business customers", run=False)
    assert result.query["dimensions"] == ["customers.segment"]
    assert result.query["filters"] == ["customers.segment IN ('premium', 'business')"]


def test_a_member_between_the_verb_and_over_budget_is_over_budget(demo: SemanticLayer) -> None:
    result = demo.ask("In which months of 2024 was Technology over budget?", run=False)
    assert "budget_variance > 0" in result.query["filters"]
    assert "departments.department_name = 'Technology'" in result.query["filters"]


def test_which_member_rows_lists_the_rows_and_the_column_asked(demo: SemanticLayer) -> None:
    result = demo.ask("Which Toys products have been discontinued? give me their list price", run=False)
    assert result.query["dimensions"] == ["products.product_name", "products.list_price"]


def test_the_name_column_after_a_member_names_the_rows(demo: SemanticLayer) -> None:
    result = demo.ask("Product sales of Lumen and Summit items by month in Q2 2025", run=False)
    assert result.query["dimensions"] == ["metric_time__month"]
    assert demo.ask("revenue by item for Lumen", run=False).query["dimensions"] == ["products.product_name"]
