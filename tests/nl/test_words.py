"""How single words and short phrases are read: reordered phrases, generic heads ('device type'), rival metrics
told apart by what they reach, glossary terms, members against entity nouns and personal columns, misspellings,
negations and plain words that name nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from semantic.api import SemanticLayer

TODAY = dt.date(2025, 6, 30)


def read(layer: SemanticLayer, question: str):
    return layer.ask(question, run=False)


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


def test_a_glossary_term_makes_a_synonym_ambiguous(demo: SemanticLayer) -> None:
    result = read(demo, "What was turnover in 2024?")  # revenue by synonym; the glossary: turnover of staff
    assert not result.answered
    assert {o.query["metrics"][0] for o in result.options} == {"revenue", "terminations"}
    assert read(demo, "staff turnover per department in 2024").query["metrics"] == ["terminations"]


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


def test_a_member_is_not_cut_down_to_its_first_word(demo: SemanticLayer) -> None:
    result = read(demo, "revenue by store manager")  # was revenue of orders in the 'store' channel
    assert not result.answered
    damaged = read(demo, "How much was refunded for damaged items in 2024?")
    assert "refunds.reason = 'damaged'" in damaged.query["filters"]


def test_a_member_before_an_entity_noun_qualifies_the_entity(demo: SemanticLayer) -> None:
    result = read(demo, "revenue from West stores")  # not also the 'store' sales channel
    assert result.query["filters"] == ["regions.region = 'West'"]


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


def test_a_glossary_term_pointing_at_a_metric_names_it(demo: SemanticLayer) -> None:
    result = read(demo, "Hiring and attrition per year since 2020")  # glossary: attrition, see terminations
    assert result.query["metrics"] == ["new_hires", "terminations"]
    # the 'conversion' term defines a session, not the sessions metric
    assert read(demo, "conversions by device").query["metrics"] == ["converted_sessions"]


def test_campaigns_aimed_at_a_segment_filter_the_target_segment(demo: SemanticLayer) -> None:
    result = read(demo, "Campaign revenue in 2024 from campaigns aimed at premium customers")
    assert "campaigns.target_segment = 'premium'" in result.query["filters"]
    assert "customers.segment = 'premium'" in read(demo, "revenue from premium customers").query["filters"]


def test_a_metric_before_plan_is_what_the_plan_is_for(demo: SemanticLayer) -> None:
    result = read(demo, "approved opex plan per division for fiscal year 2025")
    assert result.query["metrics"] == ["budgeted_expenses"]


def test_a_short_real_word_is_not_respelled(demo: SemanticLayer) -> None:
    result = read(demo, "How many orders did we ship each week in May 2025?")  # 'ship' was read as 'shop'
    assert "stores.store_name" not in str(result.query or result.options)
    assert read(demo, "hedcount by employment tpye").query["dimensions"] == ["employees.employment_type"]


def test_terminated_employees_are_the_leavers(demo: SemanticLayer) -> None:
    result = read(demo, "How many employees were terminated in Store Operations in 2024?")
    assert result.query["metrics"] == ["terminations"]


def test_a_member_beats_personal_columns_of_the_same_name(demo: SemanticLayer) -> None:
    result = read(demo, "How many tickets were opened by phone in 2024?")  # not customers.phone or employees.phone
    assert "support_tickets.channel = 'phone'" in result.query["filters"]


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


@pytest.mark.parametrize(
    "question, metric",
    [
        ("year over year sales growth for each customer segment, this year so far", "revenue_growth_yoy"),
        ("sales per customer by segment in 2024", "revenue_per_customer"),
        ("cumulative sales in 2025 by month", "cumulative_revenue"),
    ],
)
def test_a_metric_phrase_said_with_a_synonym_of_the_metric_it_names(demo, question: str, metric: str) -> None:
    # 'revenue growth' said as 'sales growth': sales is revenue's synonym
    assert demo.ask(question, run=False).query["metrics"] == [metric]


def test_per_before_a_column_of_the_rows_is_a_breakdown_not_a_per_row_metric(demo) -> None:
    # 'per customer tier' is by tier; 'revenue per customer' only when the customer is not a tier's owner here
    assert demo.ask("sales per customer tier in Q1 2025", run=False).query["metrics"] == ["revenue"]
    assert demo.ask("revenue per customer by segment", run=False).query["metrics"] == ["revenue_per_customer"]


def test_a_period_phrase_is_read_as_a_period_before_a_generated_synonym(demo) -> None:
    result = demo.ask("year-to-date sales by store region, compared with the same period last year", run=False)
    assert result.query["metrics"] == ["revenue", "revenue_last_year", "revenue_growth_yoy"]
