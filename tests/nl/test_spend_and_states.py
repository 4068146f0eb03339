"""What buyers spend, how long things take to resolve, yes/no columns said both ways, counts that are ranked,
and words that name a column by its unit ('square footage', 'hrs')."""

from __future__ import annotations

import pytest

from semantic.api import SemanticLayer

Q1_2025 = ["metric_time >= '2025-01-01'", "metric_time < '2025-04-01'"]
IN_2024 = ["metric_time >= '2024-01-01'", "metric_time < '2025-01-01'"]


def read(layer: SemanticLayer, question: str):
    return layer.ask(question, run=False)


def same_rows(layer: SemanticLayer, question: str, query: dict) -> None:
    answer = layer.ask(question)
    assert answer.answered, answer.clarification
    assert sorted(map(tuple, answer.rows)) == sorted(map(tuple, layer.query(query).rows))


def test_what_buyers_spend_with_us_is_revenue(demo: SemanticLayer) -> None:
    same_rows(
        demo,
        "How much did our premium customers spend with us in Q1 2025?",
        {"metrics": ["revenue"], "filters": ["customers.segment = 'premium'", *Q1_2025]},
    )
    result = read(demo, "how much did customers living in CA, OR and WA spend with us in 2024, state by state?")
    assert result.query["metrics"] == ["revenue"]
    assert result.query["dimensions"] == ["customers.customer_state"]


def test_buyers_who_spent_more_than_an_amount_are_listed_by_their_revenue(demo: SemanticLayer) -> None:
    answer = demo.ask("Which customers spent more than $5,000 with us in 2024?")
    assert answer.answered, answer.clarification
    assert answer.query["metrics"] == ["revenue"] and "revenue > 5000" in answer.query["filters"]
    assert answer.rows and all(row[-1] > 5000 for row in answer.rows)


@pytest.mark.parametrize(
    "question",
    ["How much did we spend on marketing?", "how much did we spend on acquisition campaigns last year?"],
)
def test_money_we_spend_is_not_what_buyers_spend(demo: SemanticLayer, question: str) -> None:
    result = read(demo, question)
    assert "revenue" not in (result.query or {}).get("metrics", [])


def test_customer_acquisition_spend_is_not_revenue(demo: SemanticLayer) -> None:
    result = read(demo, "customer acquisition spend")
    assert not (result.answered and result.query.get("metrics") == ["revenue"])


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


def test_priority_wise_is_by_priority_and_a_period_before_a_noun_keeps_its_preposition(demo: SemanticLayer) -> None:
    result = read(demo, "priority-wise, avg time to resolve for 2024 tickets")
    assert result.query == {
        "metrics": ["avg_resolution_hours"],
        "dimensions": ["support_tickets.priority"],
        "filters": IN_2024,
    }


def test_abbreviated_units(demo: SemanticLayer) -> None:
    result = read(demo, "avg resolution hrs for phone tickets in Q1 2025")
    assert result.query == {
        "metrics": ["avg_resolution_hours"],
        "filters": ["support_tickets.channel = 'phone'", *Q1_2025],
    }
    assert read(demo, "stores over 50,000 sq ft").query["filters"] == ["stores.square_feet > 50000"]
    listing = read(demo, "Show the square footage of each flagship store.")
    assert "stores.square_feet" in listing.query["dimensions"]


def test_a_metric_per_unit_of_a_summed_column_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "sales per square foot by store").answered
    assert read(demo, "opex budget per fiscal year").query["dimensions"] == ["budgets.fiscal_year"]


def test_volume_of_rows_the_volume_metric_cannot_reach_is_their_count(demo: SemanticLayer) -> None:
    result = read(demo, "top 3 ticket categories by volume this year")
    assert result.query["metrics"] == ["ticket_count"]
    assert read(demo, "volume by category").query["metrics"] == ["units_sold"]


def test_a_yes_no_column_said_both_ways_is_a_breakdown(demo: SemanticLayer) -> None:
    for question in (
        "Revenue from campaign-attributed versus unattributed orders in 2024",
        "how many orders were attributed to a campaign vs not?",
    ):
        result = read(demo, question)
        assert result.answered, result.clarification
        assert result.query["dimensions"] == ["orders.is_attributed"]
    same_rows(
        demo,
        "revenue from unattributed orders",
        {"metrics": ["revenue"], "filters": ["orders.is_attributed = FALSE"]},
    )
    assert read(demo, "non-converted sessions by device").query["filters"] == ["web_sessions.converted = FALSE"]
    assert not read(demo, "sessions that did not convert").answered  # a negation it cannot read stays asked


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


def test_a_yes_no_column_is_named_by_its_description(demo: SemanticLayer) -> None:
    same_rows(
        demo,
        "Product revenue from discounted order lines in 2024",
        {"metrics": ["product_revenue"], "filters": ["order_items.has_discount = TRUE", *IN_2024]},
    )
    listing = read(demo, "products still sold in Toys")
    assert "products.is_active = TRUE" in listing.query["filters"]


def test_a_yes_no_adjective_of_the_measured_rows_filters_them(demo: SemanticLayer) -> None:
    result = read(demo, "Converted paid search sessions by device over the last 90 days")
    assert result.query["metrics"] == ["converted_sessions"]
    assert result.query["dimensions"] == ["web_sessions.device"]
    assert read(demo, "sessions by converted").query["dimensions"] == ["web_sessions.converted"]


def test_the_rows_an_entity_description_names_are_that_entity(demo: SemanticLayer) -> None:
    from semantic.nl.build import build_interpreter

    lexicon = build_interpreter(demo).lexicon
    assert any(t.kind == "entity" and t.name == "order_items" for t in lexicon.phrases[("order", "line")])


@pytest.mark.parametrize(
    "question, amount",
    [
        ("Which departments exceeded their budget by more than $20k in 2024?", 20000),
        ("Which departments overspent their budget by more than $5,000 in 2024?", 5000),
        ("departments over budget by more than 10k in 2024", 10000),
    ],
)
def test_over_budget_by_an_amount_is_a_threshold_on_the_over_budget_metric(
    demo: SemanticLayer, question: str, amount: int
) -> None:
    answer = demo.ask(question)
    assert answer.answered, answer.clarification
    assert answer.query["metrics"] == ["budget_variance"]
    assert answer.query["dimensions"] == ["departments.department_name"]
    assert f"budget_variance > {amount}" in answer.query["filters"]
    assert all(row[-1] > amount for row in answer.rows)


def test_overspending_a_budget_without_an_amount_is_being_over_it(demo: SemanticLayer) -> None:
    result = read(demo, "which departments overspent their budget in 2024")
    assert "budget_variance" in result.query["metrics"]


@pytest.mark.parametrize(
    "question",
    ["revenue per ad dollar by campaign channel", "campaign revenue per dollar of ad spend by campaign channel"],
)
def test_revenue_per_ad_dollar_is_return_on_ad_spend(demo: SemanticLayer, question: str) -> None:
    same_rows(demo, question, {"metrics": ["roas"], "dimensions": ["campaigns.channel"]})


def test_return_per_ad_spend_is_the_models_return_on_ad_spend(demo: SemanticLayer) -> None:
    assert read(demo, "return per ad dollar by campaign channel").query["metrics"] == ["roas"]
    assert not read(demo, "revenue per dollar").answered  # a dollar of nothing the model names


def test_which_with_a_plural_ranks_them_all_and_a_singular_takes_the_top_one(demo: SemanticLayer) -> None:
    plural = read(demo, "which stores had the most orders")
    assert plural.query["order_by"] == ["-order_count"] and "limit" not in plural.query
    assert read(demo, "which store had the most orders").query["limit"] == 1
    assert read(demo, "what was our best month ever for revenue").query["limit"] == 1


def test_campaigns_aimed_at_customers_filter_the_target_and_count_no_customers(demo: SemanticLayer) -> None:
    result = read(demo, "How much did we spend on acquisition campaigns aimed at business customers?")
    assert result.query == {
        "metrics": ["marketing_spend"],
        "filters": ["campaigns.objective = 'acquisition'", "campaigns.target_segment = 'business'"],
    }
    listing = read(demo, "list the campaigns aimed at premium customers, with their objective")
    assert listing.query["dimensions"] == ["campaigns.campaign_name", "campaigns.objective"]
    both = read(demo, "For campaigns targeting premium customers: spend and attributed revenue in 2024")
    assert sorted(both.query["metrics"]) == ["attributed_revenue", "marketing_spend"]  # not what customers spent


def test_a_count_is_named_by_words_of_its_description_no_name_has(demo: SemanticLayer) -> None:
    same_rows(
        demo,
        "How many CSAT surveys were answered in Q1 2025?",
        {"metrics": ["csat_responses"], "filters": Q1_2025},
    )
    assert read(demo, "how many surveys were answered by priority").query["metrics"] == ["csat_responses"]
    assert read(demo, "refunds issued by month in 2024").query["metrics"] != ["refund_count"]  # all its words are names


def test_what_buyers_pay_is_the_payments_collected(demo: SemanticLayer) -> None:
    same_rows(
        demo,
        "How much did business customers pay by credit card in Q1 2025?",
        {
            "metrics": ["payments_collected"],
            "filters": ["customers.segment = 'business'", "payments.method = 'credit_card'", *Q1_2025],
        },
    )
    assert read(demo, "How much did premium customers pay via PayPal in 2025?").query["metrics"] == [
        "payments_collected"
    ]


def test_paid_names_payments_only_when_how_much_is_asked(demo: SemanticLayer) -> None:
    assert read(demo, "How much was paid with gift cards in Q1 2025?").query["metrics"] == ["payments_collected"]
    orders = read(demo, "orders paid with gift cards in 2024")  # orders, not an amount: asked back
    assert not (orders.answered and orders.query.get("metrics") == ["payments_collected"])
    assert read(demo, "paid search sessions by device").query["metrics"] == ["sessions"]


def test_how_much_is_a_verbs_metric_not_a_count_of_the_rows_it_comes_from(demo: SemanticLayer) -> None:
    result = read(demo, "How much cash did we collect from business customers in Q1 2025?")
    assert result.query == {
        "metrics": ["payments_collected"],
        "filters": ["customers.segment = 'business'", *Q1_2025],
    }


def test_slips_a_left_out_letter_and_short_plurals(demo: SemanticLayer) -> None:
    result = read(demo, "tickts opend in the last 30 days by chanel")
    assert result.query["metrics"] == ["ticket_count"]
    assert result.query["dimensions"] == ["support_tickets.channel"]
    assert read(demo, "unts sold by brand last quartr").query["metrics"] == ["units_sold"]
    topics = read(demo, "ticket topics by month")
    assert topics.answered and not any("topic" in note for note in topics.notes)  # a plural is not a slip


def test_a_year_or_later(demo: SemanticLayer) -> None:
    result = read(demo, "Which stores opened in 2023 or later, and when?")
    assert result.query == {
        "dimensions": ["stores.store_name", "stores.opened_date"],
        "filters": ["stores.opened_date >= '2023-01-01'"],
    }


def test_a_column_named_by_its_description(demo: SemanticLayer) -> None:
    result = read(demo, "List the outlet stores with their state and selling area in square feet.")
    assert result.query["dimensions"] == ["stores.store_name", "stores.store_state", "stores.square_feet"]
    assert read(demo, "campaign spend by goal").query["dimensions"] == ["campaigns.objective"]


def test_a_duration_threshold_goes_to_the_duration_metric_the_question_names(demo: SemanticLayer) -> None:
    result = read(demo, "ticket topics where resolution takes more than 35 hours on average")
    assert result.query["metrics"] == ["avg_resolution_hours"]
    assert "avg_resolution_hours > 35" in result.query["filters"]


def test_how_a_metric_changed_between_two_years(demo: SemanticLayer) -> None:
    revenue = read(demo, "How did revenue change from 2023 to 2024?")
    assert revenue.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    headcount = read(demo, "How did headcount change between 2023 and 2024?")
    assert headcount.query["dimensions"] == ["metric_time__year"]  # a row per year, not the two years summed
    assert not read(demo, "how has headcount changed since last year").answered
    assert not read(demo, "Which expense category grew the most from 2023 to 2024?").answered


def test_an_entity_noun_that_is_a_metric_synonym_measures_its_own_members(demo: SemanticLayer) -> None:
    same_rows(
        demo,
        "refunds for changed mind by month",
        {
            "metrics": ["refund_amount"],
            "dimensions": ["metric_time__month"],
            "filters": ["refunds.reason = 'changed_mind'"],
        },
    )


def test_budget_vs_actual_adds_the_actual_figure_the_budget_is_set_against(demo: SemanticLayer) -> None:
    result = read(demo, "Budget vs actual by department in Q1 2025")
    assert result.query["metrics"] == ["budgeted_expenses", "operating_expenses"]
    assert read(demo, "campaign budget vs actual by channel").query["metrics"] == ["campaign_budget", "marketing_spend"]
    assert read(demo, "actual revenue by month").query["metrics"] == ["revenue"]


def test_a_word_that_ends_another_phrase_of_the_same_metric_belongs_to_it(demo: SemanticLayer) -> None:
    result = read(demo, "average basket size by store type")
    assert result.query == {"metrics": ["average_order_value"], "dimensions": ["stores.store_type"]}
    assert read(demo, "basket size band").query == {"dimensions": ["orders.order_size"]}


def test_the_last_week_is_the_seven_days_to_today_and_the_previous_week_the_calendar_week(demo: SemanticLayer) -> None:
    last = read(demo, "tickets opened per day last week")
    assert last.query["filters"] == ["metric_time >= '2025-06-24'", "metric_time < '2025-07-01'"]
    previous = read(demo, "revenue previous week")
    assert previous.query["filters"] == ["metric_time >= '2025-06-23'", "metric_time < '2025-06-30'"]


def test_furthest_ranks_and_a_ranking_is_not_a_verified_listing(demo: SemanticLayer) -> None:
    result = read(demo, "Which department was furthest over budget in 2024?")
    assert result.query["order_by"] == ["-budget_variance"] and result.query["limit"] == 1


def test_a_domain_said_as_a_row_that_does_not_exist_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "Payroll for the Sales department").answered
    assert read(demo, "sales orders by month").answered  # the domain the orders belong to
    assert read(demo, "how many marketing campaigns ran in 2024").query["metrics"] == ["campaign_count"]


def test_a_domain_word_before_another_domains_rows_is_the_member_they_reach(demo: SemanticLayer) -> None:
    result = read(demo, "how many marketing employees do we have")
    assert result.query == {"metrics": ["headcount"], "filters": ["departments.department_name = 'Marketing'"]}


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


def test_a_comparison_a_metric_does_not_make_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "Month over month revenue growth in 2025").answered
    assert read(demo, "yoy revenue growth by quarter").query["metrics"] == ["revenue_growth_yoy"]


def test_which_places_customers_spent_the_most_breaks_down_by_the_place(demo: SemanticLayer) -> None:
    result = read(demo, "Which state's customers spent the most in 2024?")
    assert result.query["dimensions"] == ["customers.customer_state"]
    assert result.query["limit"] == 1


def test_for_the_member_department_filters_it(demo: SemanticLayer) -> None:
    result = read(demo, "Opex and budget for the People department in 2024")
    assert "departments.department_name = 'People'" in result.query["filters"]


def test_a_column_word_after_its_member_is_not_a_breakdown(demo: SemanticLayer) -> None:
    result = read(demo, "How many high priority tickets were opened last month?")
    assert "dimensions" not in result.query
    assert "support_tickets.priority = 'high'" in result.query["filters"]


def test_two_counts_of_the_same_rows(demo: SemanticLayer) -> None:
    result = read(
        demo, "For the tickets opened in each month of 2025, how many were opened and how many are resolved by now?"
    )
    assert result.query["metrics"] == ["ticket_count", "resolved_tickets"]
    assert read(demo, "orders in 2024: how many were cancelled?").query["metrics"] == ["cancelled_orders"]


def test_a_quarter_of_last_year(demo: SemanticLayer) -> None:
    result = read(demo, "How did revenue in Q1 2025 compare with Q1 of last year?")
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
    assert result.query["filters"] == ["metric_time >= '2025-01-01'", "metric_time < '2025-04-01'"]


@pytest.mark.parametrize(
    "question",
    [
        "How much revenue did our campaigns drive this quarter?",
        "revenue by campaign channel",
        "For each marketing channel: what did we spend, how much revenue did it drive, and what's the ROAS?",
    ],
)
def test_revenue_said_with_campaigns_is_the_models_campaign_revenue(demo: SemanticLayer, question: str) -> None:
    metrics = read(demo, question).query["metrics"]
    assert "attributed_revenue" in metrics and "revenue" not in metrics


def test_a_substitute_metric_must_aggregate_the_same_way(demo: SemanticLayer) -> None:
    assert not read(demo, "New customers by marketing channel").answered  # not active customers


def test_listing_the_rows_said_first_shows_their_name(demo: SemanticLayer) -> None:
    stores = read(demo, "List our flagship stores with their city and region")
    assert stores.query["dimensions"] == ["stores.store_name", "stores.store_city", "regions.region"]
    products = read(demo, "Which products have been discontinued? Show category and brand.")
    assert products.query["dimensions"] == ["products.product_name", "products.category", "products.brand"]
    assert products.query["filters"] == ["products.is_active = FALSE"]
    assert read(demo, "Which categories have discontinued products?").query["dimensions"] == ["products.category"]


def test_plain_words_for_the_false_side_of_a_yes_no_column(demo: SemanticLayer) -> None:
    result = read(demo, "Sessions from logged-in versus anonymous visitors")
    assert result.query == {"metrics": ["sessions"], "dimensions": ["web_sessions.is_identified"]}
    assert "web_sessions.is_identified = FALSE" in read(demo, "Anonymous sessions by device").query["filters"]


def test_a_filter_a_metrics_own_filter_rules_out_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "inactive employees by department").answered  # headcount counts active ones


def test_what_a_member_and_domain_cost_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "How much did marketing cost us in 2024?").answered
    assert not read(demo, "What does the Marketing department cost us?").answered
    assert read(demo, "what did our campaigns cost in 2024").query["metrics"] == ["marketing_spend"]
    assert read(demo, "How much did we spend on marketing in 2024?").query["metrics"] == ["marketing_spend"]


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


def test_a_plural_noun_is_the_rows_not_a_singular_member(demo: SemanticLayer) -> None:
    result = read(demo, "Revenue by state for stores in the South region")
    assert result.query["filters"] == ["regions.region = 'South'"]  # not in-store orders only
    assert "orders.channel = 'store'" in read(demo, "in-store orders in 2024").query["filters"]


def test_how_much_of_an_average_metric_asks_for_the_total(demo: SemanticLayer) -> None:
    result = read(demo, "How much did we pay in salaries last year?")
    assert not result.answered
    assert [o.query["metrics"] for o in result.options] == [["payroll"]]
    assert read(demo, "what did we pay in salaries last year").answered is False
    assert read(demo, "how much is the average salary").query["metrics"] == ["average_salary"]


def test_short_words_of_a_metrics_synonym_and_harmless_prefixes(demo: SemanticLayer) -> None:
    assert read(demo, "Which departments pay an average salary above $90k?").answered
    result = read(demo, "Finance ask: monthly opex vs budget for the Marketing dept in 2025")
    assert result.query["metrics"] == ["operating_expenses", "budgeted_expenses"]
    assert read(demo, "How much money have we refunded to customers, all time?").query == {"metrics": ["refund_amount"]}


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


def test_comparing_two_years_gives_a_row_for_each(demo: SemanticLayer) -> None:
    result = read(demo, "Compare ad spend per channel between 2023 and 2024")
    assert result.query["dimensions"] == ["campaigns.channel", "metric_time__year"]


def test_a_member_named_before_a_colon_is_about_that_member(demo: SemanticLayer) -> None:
    result = read(demo, "Technology team: actual costs vs budget, and the variance, for each quarter of 2024")
    assert "departments.department_name = 'Technology'" in result.query["filters"]
    assert "departments.department_name" not in str(read(demo, "Growth team question: revenue by month in 2024").query)


def test_a_generic_word_said_alone_with_rivals_named_with_rows_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "Volume by month in 2025").answered  # units sold or order volume
    assert read(demo, "top 3 ticket categories by volume this year").query["metrics"] == ["ticket_count"]
    assert read(demo, "sales by month").query["metrics"] == ["revenue"]  # 'product sales' is a kind of revenue


def test_a_band_after_a_column_is_that_column(demo: SemanticLayer) -> None:
    result = read(demo, "For each order size band, how many orders and how much revenue in 2024")
    assert result.query["dimensions"] == ["orders.order_size"]


def test_a_rival_named_by_the_word_said_before_it(demo: SemanticLayer) -> None:
    assert read(demo, "operating costs by month in 2024").query["metrics"] == ["operating_expenses"]
    assert not read(demo, "costs by month").answered  # opex or cost of goods sold


def test_a_word_other_members_of_the_column_end_with_belongs_to_the_member(demo: SemanticLayer) -> None:
    result = read(demo, "Conversion rate for tablet sessions from organic search")
    assert result.query["filters"] == ["web_sessions.device = 'tablet'", "web_sessions.traffic_source = 'organic'"]


def test_a_number_before_the_ranking_word_is_the_cut(demo: SemanticLayer) -> None:
    result = read(demo, "5 best selling products by units in 2025")
    assert result.query["metrics"] == ["units_sold"] and result.query["limit"] == 5


def test_short_abbreviations(demo: SemanticLayer) -> None:
    assert read(demo, "How much have we spent on ads in 2025?").query["metrics"] == ["marketing_spend"]
    assert read(demo, "hc, payroll and avg pay for each department").query["metrics"] == [
        "headcount",
        "payroll",
        "average_salary",
    ]


def test_a_domain_said_first_is_the_scope_unless_the_metric_reaches_its_member(demo: SemanticLayer) -> None:
    sessions = read(demo, "In marketing, how many sessions converted in 2024?")
    assert sessions.query == {"metrics": ["converted_sessions"], "filters": IN_2024}
    opex = read(demo, "for Marketing, opex by month")
    assert opex.query["filters"] == ["departments.department_name = 'Marketing'"]


def test_how_much_did_we_sell_is_asked_beside_another_metric(demo: SemanticLayer) -> None:
    result = read(demo, "How much did we sell online vs in store, and how many completed orders each?")
    assert result.query["metrics"] == ["revenue", "completed_orders"]


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
