"""More of what the question reader understands: place names, role words, spans of months, second periods,
comparisons without a prior-period metric, acts that pick a count, state predicates ('over budget'), shorthand."""

from __future__ import annotations

import datetime as dt

import pytest

from semantic.api import SemanticLayer
from semantic.nl.cues import clean_question
from semantic.nl.places import state_names
from semantic.nl.timeparse import parse_time

TODAY = dt.date(2025, 6, 30)


def read(layer: SemanticLayer, question: str):
    return layer.ask(question, run=False)


def test_state_names_stand_for_state_codes(demo: SemanticLayer) -> None:
    assert read(demo, "Which of our stores are in Texas?").query == {
        "dimensions": ["stores.store_name"],
        "filters": ["stores.store_state = 'TX'"],
    }
    assert "customers.customer_state = 'NY'" in read(demo, "revenue from New York customers").query["filters"]
    assert state_names(["OR", "IN"]) == {}  # two codes are not a column of states


def test_the_entity_the_question_names_picks_the_place_column(demo: SemanticLayer) -> None:
    filters = read(demo, "How many current employees live in California?").query["filters"]
    assert "employees.home_state = 'CA'" in filters


def test_a_relationship_role_word_names_the_entity_it_reaches(demo: SemanticLayer) -> None:
    result = read(demo, "ticket count by job title of the assigned agent")
    assert result.answered, result.clarification
    assert result.query == {"metrics": ["ticket_count"], "dimensions": ["employees.job_title"]}


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("tickets january-june 2025", dt.date(2025, 1, 1), dt.date(2025, 7, 1)),
        ("units between march and may 2025", dt.date(2025, 3, 1), dt.date(2025, 6, 1)),
        ("revenue in q1 2025 and q2 2025", dt.date(2025, 1, 1), dt.date(2025, 7, 1)),
        ("orders in 2023 and 2024", dt.date(2023, 1, 1), dt.date(2025, 1, 1)),
        ("revenue in the first half of this year", dt.date(2025, 1, 1), dt.date(2025, 7, 1)),
        ("refunds last yr", dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
    ],
)
def test_spans_and_joined_periods(text: str, start: dt.date, end: dt.date) -> None:
    spec, _ = parse_time(clean_question(text), TODAY)
    assert (spec.start, spec.end, spec.other_periods) == (start, end, [])


def test_the_same_period_a_year_earlier_is_a_comparison_and_other_periods_ask_back(demo: SemanticLayer) -> None:
    spec, _ = parse_time("tickets in january 2025 than in january 2024", TODAY)
    assert spec.compare is not None and (spec.start, spec.end) == (dt.date(2025, 1, 1), dt.date(2025, 2, 1))
    asked = read(demo, "orders in 2023 and 2025")
    assert not asked.answered and "not one range" in asked.clarification


def test_a_comparison_without_a_prior_period_metric_shows_each_period(demo: SemanticLayer) -> None:
    result = demo.ask("How did order volume in 2024 compare with 2023?")
    assert result.query["dimensions"] == ["metric_time__year"]
    assert [str(row[0])[:4] for row in sorted(result.rows)] == ["2023", "2024"]
    halves = read(demo, "Did we get more support tickets in January-June 2025 than in January-June 2024?").query
    assert halves["filters"] == [
        "(metric_time >= '2024-01-01' AND metric_time < '2024-07-01') OR "
        "(metric_time >= '2025-01-01' AND metric_time < '2025-07-01')"
    ]
    assert demo.query(halves).rows[0][1] > 0


def test_a_compared_part_of_a_year_has_no_year_column_and_a_year_has_one(demo: SemanticLayer) -> None:
    part = read(demo, "revenue this quarter versus the same quarter last year").query
    assert "dimensions" not in part and "revenue_last_year" in part["metrics"]
    year = read(demo, "revenue 2023 vs 2024").query
    assert year["dimensions"] == ["metric_time__year"] and "metric_time >= '2024-01-01'" in year["filters"]


def test_buying_picks_the_distinct_count_named_for_it(demo: SemanticLayer) -> None:
    assert read(demo, "How many distinct customers bought something in the last 30 days?").query["metrics"] == [
        "active_customers"
    ]
    assert read(demo, "how many customers in 2024").answered is False  # signed up or active: still asks


def test_spend_names_marketing_spend_only_in_marketing_context(demo: SemanticLayer) -> None:
    assert read(demo, "How much did we spend on tv campaigns in 2024?").query["metrics"] == ["marketing_spend"]
    assert not read(demo, "how much did we spend in 2024").answered


def test_over_and_under_a_metric_named_over_budget(demo: SemanticLayer) -> None:
    over = read(demo, "which departments are over budget so far this year?").query
    under = read(demo, "Which departments came in under budget last year?").query
    assert "budget_variance > 0" in over["filters"] and "budget_variance < 0" in under["filters"]
    rows = demo.query(under).rows
    assert rows and all(row[-1] < 0 for row in rows)


def test_shorthand_and_duration_words(demo: SemanticLayer) -> None:
    assert read(demo, "rev by store region Q1 2025").query["metrics"] == ["revenue"]
    assert read(demo, "median resolution time by channel").query["metrics"] == ["median_resolution_hours"]
    assert read(demo, "refund amout by reason").query["metrics"] == ["refund_amount"]


def test_a_synonym_ties_with_another_dimensions_name(demo: SemanticLayer) -> None:
    asked = read(demo, "breakdown by reason for 2024")
    assert not asked.answered  # refund reason, or the ticket category that is also called 'reason'


def test_a_verified_paraphrase_may_name_what_its_query_shows(demo: SemanticLayer) -> None:
    result = read(demo, "Which departments went over budget in 2024? Show opex, budget and the variance.")
    assert result.source == "verified"
