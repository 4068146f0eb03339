"""One word that several model elements answer to is asked back, unless the rest of the question says which:
'segment' (the customer's, or the segment a campaign targets), 'channel' (the campaign's, or the session's
'acquisition channel'), 'costs' (operating expenses, or cogs as 'cost of goods sold')."""

from __future__ import annotations

from semantic.api import SemanticLayer


def read(layer: SemanticLayer, question: str):
    return layer.ask(question, run=False)


def option_dimensions(result) -> set[str]:
    return {d for option in result.options for d in option.query.get("dimensions", [])}


def test_a_word_ending_another_reachable_dimensions_name_is_asked_back(demo: SemanticLayer) -> None:
    result = read(demo, "Number of orders by segment in 2024")
    assert not result.answered
    assert {"customers.segment", "campaigns.target_segment"} <= option_dimensions(result)


def test_a_synonyms_head_word_counts_as_well(demo: SemanticLayer) -> None:
    result = read(demo, "sessions by channel last month")  # traffic_source is the 'acquisition channel'
    assert not result.answered
    assert {"campaigns.channel", "web_sessions.traffic_source"} <= option_dimensions(result)


def test_the_measured_rows_own_dimension_is_meant(demo: SemanticLayer) -> None:
    result = read(demo, "orders by channel")
    assert result.answered, result.clarification
    assert result.query["dimensions"] == ["orders.channel"]


def test_an_entity_named_elsewhere_picks_its_dimension(demo: SemanticLayer) -> None:
    result = read(demo, "revenue per customer for online orders, by segment")
    assert result.answered, result.clarification
    assert result.query["dimensions"] == ["customers.segment"]


def test_a_word_heading_another_metrics_of_phrase_is_asked_back(demo: SemanticLayer) -> None:
    result = read(demo, "What were our costs by category in 2024?")
    assert not result.answered
    assert {"operating_expenses", "cogs"} <= {m for option in result.options for m in option.query["metrics"]}


def test_members_said_before_the_word_say_which_metric(demo: SemanticLayer) -> None:
    result = read(demo, "Travel costs by department last year")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["operating_expenses"]
    assert "expenses.category = 'travel'" in result.query["filters"]


def test_a_kind_of_phrase_is_no_rival(demo: SemanticLayer) -> None:
    # 'product sales' is a kind of sales, as a filtered metric is: 'sales' stays revenue
    result = read(demo, "sales by month in 2024")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["revenue"]


def test_a_member_tied_between_places_goes_to_the_one_the_named_entities_reach(demo: SemanticLayer) -> None:
    result = read(demo, "For the South region, completed orders by store in 2024")
    assert result.answered, result.clarification
    assert "regions.region = 'South'" in result.query["filters"]  # the stores' region, not the customers'
    assert "customers.region = 'West'" in read(demo, "orders from customers in the West region").query["filters"]
    assert not read(demo, "revenue in the West region").answered  # nothing says whose region


def test_a_count_through_what_the_question_names(demo: SemanticLayer) -> None:
    result = read(demo, "How many customers contacted support in each quarter of 2024?")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["customers_with_tickets"]
    placed = read(demo, "how many customers placed orders in 2024?")
    assert placed.query["metrics"] == ["active_customers"]  # 'orders' only says what they did
    both = read(demo, "how many customers placed orders and how many orders did they place in 2024?")
    assert both.query["metrics"] == ["active_customers", "order_count"]


def test_an_ordinal_percentile_is_the_models_p_name(demo: SemanticLayer) -> None:
    result = read(demo, "What is the 90th percentile order value for online orders?")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["p90_order_value"]


def test_a_ranking_without_a_metric_counts_the_rows_named_last(demo: SemanticLayer) -> None:
    result = read(demo, "which store had the most orders in 2024")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["order_count"]
    assert result.query["dimensions"] == ["stores.store_name"] and result.query["limit"] == 1
    urgent = read(demo, "Which contact channel got the most urgent tickets last year?")
    assert urgent.query["metrics"] == ["ticket_count"]
    assert "support_tickets.priority = 'urgent'" in urgent.query["filters"]


def test_a_ranking_without_a_metric_uses_the_grouped_rows_one_amount(demo: SemanticLayer) -> None:
    result = read(demo, "top 3 expense categories last year")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["operating_expenses"] and result.query["limit"] == 3
    assert not read(demo, "top 5 products").answered  # products have no amount of their own: ranked by what?


def test_a_threshold_on_a_number_column_filters_the_rows(demo: SemanticLayer) -> None:
    result = read(demo, "Which Electronics products have a list price above $300?")
    assert result.answered, result.clarification
    assert result.query == {
        "dimensions": ["products.product_name"],
        "filters": ["products.category = 'Electronics'", "products.list_price > 300"],
    }
    rows = demo.query(result.query).rows
    assert rows and len(rows) < len(demo.query({"dimensions": ["products.product_name"]}).rows)


def test_a_threshold_on_a_kind_of_rows_counts_them(demo: SemanticLayer) -> None:
    result = read(demo, "Which departments have more than 10 current employees?")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["headcount"] and "headcount > 10" in result.query["filters"]


def test_a_spending_verb_with_a_threshold_names_the_grouped_domains_spend(demo: SemanticLayer) -> None:
    result = read(demo, "Which campaign channels spent more than $50,000 in 2024?")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["marketing_spend"] and "marketing_spend > 50000" in result.query["filters"]


def test_what_the_counted_rows_did_picks_the_count(demo: SemanticLayer) -> None:
    left = read(demo, "How many employees left the company last year?")
    assert left.answered, left.clarification
    assert left.query["metrics"] == ["terminations"]
    said = read(demo, "Number of customers who contacted support each quarter of 2024")
    assert said.answered and said.query["metrics"] == ["customers_with_tickets"]
    both = read(demo, "hires and leavers per year since 2022")  # 'leavers' is a metric of its own, not an act
    assert both.answered and sorted(both.query["metrics"]) == ["new_hires", "terminations"]


def test_spend_said_with_a_domains_metrics_is_that_domains_spend(demo: SemanticLayer) -> None:
    result = read(demo, "budget vs actual spend for tv campaigns, by year")
    assert result.answered, result.clarification
    assert sorted(result.query["metrics"]) == ["campaign_budget", "marketing_spend"]


def test_a_head_noun_shared_by_two_modifiers(demo: SemanticLayer) -> None:
    result = read(demo, "List the tv campaigns with their start and end dates.")
    assert result.answered, result.clarification
    assert result.query["dimensions"] == ["campaigns.campaign_name", "campaigns.start_date", "campaigns.end_date"]


def test_a_plain_number_before_rows_counts_them(demo: SemanticLayer) -> None:
    result = read(demo, "Which payment methods were used for more than 500 payments in 2024?")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["payment_count"] and "payment_count > 500" in result.query["filters"]
    money = read(demo, "Which payment methods brought in more than $50,000 of payments in 2024?").query
    assert money is None or "payment_count" not in money.get("metrics", [])  # money is an amount, never a count


def test_a_count_word_naming_linked_rows_only_qualifies_the_metric(demo: SemanticLayer) -> None:
    result = read(demo, "Collections on Acme Boston orders in Q1 2025")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["payments_collected"]  # the orders' payments, not also a count of orders
    refunds = read(demo, "How much did we refund to customers living in the West in 2024?")
    assert refunds.query["metrics"] == ["refund_amount"]
    assert read(demo, "revenue and orders by month").query["metrics"] == ["revenue", "order_count"]


def test_exist_is_no_misspelt_exits(demo: SemanticLayer) -> None:
    result = read(demo, "What job titles exist in the Technology department?")
    assert result.query == {
        "dimensions": ["employees.job_title"],
        "filters": ["departments.department_name = 'Technology'"],
    }


def test_per_entity_groups_though_a_member_of_it_follows(demo: SemanticLayer) -> None:
    result = read(demo, "per department: how many people, what's the payroll and the average salary?")
    assert result.answered, result.clarification
    assert result.query["dimensions"] == ["departments.department_name"]


def test_the_person_a_member_makes(demo: SemanticLayer) -> None:
    result = read(demo, "How many contractors have we hired this year?")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["new_hires"]
    assert "employees.employment_type = 'contract'" in result.query["filters"]
    timers = read(demo, "How many full-timers have left us each year since 2021?")
    assert timers.answered, timers.clarification
    assert timers.query["metrics"] == ["terminations"]
    assert "employees.employment_type = 'full_time'" in timers.query["filters"]


def test_who_asks_is_not_what_is_asked(demo: SemanticLayer) -> None:
    result = read(demo, "Growth team question: how many campaigns did we start per objective in 2024?")
    assert result.answered, result.clarification
    assert result.query["dimensions"] == ["campaigns.objective"]
    team = read(demo, "For the marketing team: conversions by traffic source this year")
    assert team.answered and "departments.department_name" not in str(team.query)


def test_a_metric_said_with_other_forms_of_its_words(demo: SemanticLayer) -> None:
    result = read(demo, "median hours to resolve a ticket, by severity")
    assert result.answered, result.clarification
    assert result.query == {"metrics": ["median_resolution_hours"], "dimensions": ["support_tickets.priority"]}
    # the words must sit together: 'converts ... show sessions' is no 'converted sessions'
    device = read(demo, "Which device converts best? Show sessions and conversion rate per device.")
    assert device.query is None or "converted_sessions" not in device.query.get("metrics", [])


def test_a_share_of_resolved_tickets_is_the_resolution_rate(demo: SemanticLayer) -> None:
    result = read(demo, "What share of the tickets opened in 2025 have been resolved?")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["resolution_rate"]
    assert not any("status" in f for f in result.query["filters"])  # 'resolved' said the rate, not a status filter


def test_an_unsure_reading_with_a_verified_shape_runs_in_that_shape(demo: SemanticLayer) -> None:
    result = read(demo, "Who blew their budget in 2024? Give me opex, budget and variance by department")
    assert result.answered, result.clarification
    assert result.query["order_by"] == ["-budget_variance"]  # the verified question's order
    assert "metric_time >= '2024-01-01'" in result.query["filters"]  # its own period
    assert any("verified question" in note for note in result.notes)
    # an ignored word the model knows ('refunded') is not made up for by a shape
    assert not read(demo, "How many orders got refunded for premium customers, by year?").answered


def test_growth_and_the_prior_year_figure_compare_with_a_year_earlier(demo: SemanticLayer) -> None:
    result = read(demo, "Show quarterly revenue since 2024 with the prior-year figure and the growth rate.")
    assert result.answered, result.clarification
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    assert result.query["filters"] == ["metric_time >= '2024-01-01'"]  # 'prior-year figure' is no range
    beside = read(demo, "Quarterly revenue next to the same quarter a year earlier, from 2024 onwards")
    assert beside.answered and "revenue_last_year" in beside.query["metrics"]
    assert read(demo, "revenue in the prior year").query["filters"] == [
        "metric_time >= '2024-01-01'",
        "metric_time < '2025-01-01'",
    ]


def test_split_between_two_members_shows_each(demo: SemanticLayer) -> None:
    result = read(demo, "Split revenue and completed orders between online and in-store.")
    assert result.answered, result.clarification
    assert result.query["dimensions"] == ["orders.channel"]  # one row per channel, not their sum


def test_a_threshold_said_after_the_number(demo: SemanticLayer) -> None:
    result = read(demo, "customers with 5 orders or more")
    assert result.answered, result.clarification
    assert "order_count >= 5" in result.query["filters"]
    # an amount of money is never a number of orders: it is each order's total, never dropped
    money = read(demo, "How many orders of $200 or more did we receive in 2024?").query
    assert "orders.order_total >= 200" in money["filters"] and "order_count >= 200" not in money["filters"]
