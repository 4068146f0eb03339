"""Money said in business words: what buyers spend or pay, what we spent, 'budget vs actual', 'over budget by
more than $20k', 'revenue per ad dollar', campaign revenue, what rows cost, and totals asked of averages."""

from __future__ import annotations

import pytest

from nl.asking import Q1_2025, read, same_rows
from semantic.api import SemanticLayer


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


def test_a_metric_per_unit_of_a_summed_column_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "sales per square foot by store").answered
    assert read(demo, "opex budget per fiscal year").query["dimensions"] == ["budgets.fiscal_year"]


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


def test_budget_vs_actual_adds_the_actual_figure_the_budget_is_set_against(demo: SemanticLayer) -> None:
    result = read(demo, "Budget vs actual by department in Q1 2025")
    assert result.query["metrics"] == ["budgeted_expenses", "operating_expenses"]
    assert read(demo, "campaign budget vs actual by channel").query["metrics"] == ["campaign_budget", "marketing_spend"]
    assert read(demo, "actual revenue by month").query["metrics"] == ["revenue"]


def test_which_places_customers_spent_the_most_breaks_down_by_the_place(demo: SemanticLayer) -> None:
    result = read(demo, "Which state's customers spent the most in 2024?")
    assert result.query["dimensions"] == ["customers.customer_state"]
    assert result.query["limit"] == 1


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


def test_what_a_member_and_domain_cost_is_asked_back(demo: SemanticLayer) -> None:
    assert not read(demo, "How much did marketing cost us in 2024?").answered
    assert not read(demo, "What does the Marketing department cost us?").answered
    assert read(demo, "what did our campaigns cost in 2024").query["metrics"] == ["marketing_spend"]
    assert read(demo, "How much did we spend on marketing in 2024?").query["metrics"] == ["marketing_spend"]


def test_how_much_of_an_average_metric_asks_for_the_total(demo: SemanticLayer) -> None:
    result = read(demo, "How much did we pay in salaries last year?")
    assert not result.answered
    assert [o.query["metrics"] for o in result.options] == [["payroll"]]
    assert read(demo, "what did we pay in salaries last year").answered is False
    assert read(demo, "how much is the average salary").query["metrics"] == ["average_salary"]


def test_a_rival_named_by_the_word_said_before_it(demo: SemanticLayer) -> None:
    assert read(demo, "operating costs by month in 2024").query["metrics"] == ["operating_expenses"]
    assert not read(demo, "costs by month").answered  # opex or cost of goods sold


def test_how_much_did_we_sell_is_asked_beside_another_metric(demo: SemanticLayer) -> None:
    result = read(demo, "How much did we sell online vs in store, and how many completed orders each?")
    assert result.query["metrics"] == ["revenue", "completed_orders"]


@pytest.mark.parametrize(
    "question, metric",
    [
        ("revenue after refunds by sales channel last year", "net_revenue"),
        ("revenue minus refunds in 2024", "net_revenue"),
        ("product revenue less cogs by category", "gross_profit"),
    ],
)
def test_one_metric_less_another_is_the_derived_difference(demo: SemanticLayer, question: str, metric: str) -> None:
    result = read(demo, question)
    assert result.answered, result.clarification
    assert result.query["metrics"] == [metric]


def test_a_threshold_in_percent_on_a_metric_shown_as_its_percentage(demo: SemanticLayer) -> None:
    # 'over budget by more than 10%' was budget_variance > 10 (ten dollars) beside the percentage
    result = read(demo, "Months in 2024 where Marketing overspent its budget by more than 10%")
    assert "budget_variance_pct > 0.1" in result.query["filters"]
    assert "departments.department_name = 'Marketing'" in result.query["filters"]  # the department, not the domain


def test_how_many_said_last_counts_the_rows_named_before(demo: SemanticLayer) -> None:
    result = read(demo, "Gift card payments, 2024 vs 2023: how many?")
    assert result.query["metrics"] == ["payment_count"]


@pytest.mark.parametrize(
    "question", ["How much did online orders bring in?", "how much did store orders generate in 2024"]
)
def test_how_much_rows_bring_in_is_their_revenue_not_their_number(demo: SemanticLayer, question: str) -> None:
    assert read(demo, question).query["metrics"] == ["revenue"]
