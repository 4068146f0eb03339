"""Policies enforced in the compiler: row filters, masks, denials, and names hidden by domain — checked on rows."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from semantic.access import Principal
from semantic.api import SemanticLayer
from semantic.errors import NotPermittedError, UnknownNameError

ANA, FRED, NORA = Principal("ana"), Principal("fred"), Principal("nora")


def rows(layer: SemanticLayer, query: dict, who: Principal = Principal("local")) -> list[tuple]:
    return layer.query(query, principal=who).rows


def test_row_filter_limits_ana_to_her_region(governed: SemanticLayer) -> None:
    everyone = dict(rows(governed, {"metrics": ["revenue"], "dimensions": ["customers.region"]}))
    assert len(everyone) == 5
    assert rows(governed, {"metrics": ["revenue"], "dimensions": ["customers.region"]}, ANA) == [
        ("West", everyone["West"])
    ]
    total = rows(governed, {"metrics": ["revenue"]}, ANA)[0][0]  # no region asked for: still only West
    assert total == pytest.approx(everyone["West"])
    sql = governed.compile({"metrics": ["revenue"]}, principal=ANA).sql
    assert "customers.region = 'West'" in sql


def test_a_missing_attribute_denies_instead_of_running_unfiltered(governed: SemanticLayer) -> None:
    with pytest.raises(NotPermittedError, match="attribute 'region'"):
        governed.query({"metrics": ["revenue"]}, principal=NORA)


def test_attribute_values_are_literals_not_sql(governed: SemanticLayer) -> None:
    hostile = Principal("ana", attributes={"region": "West' OR '1'='1"})
    assert rows(governed, {"metrics": ["order_count"]}, hostile) == [(0,)]  # no region has that name
    assert (
        "customers.region = 'West'' OR ''1''=''1'"
        in governed.compile({"metrics": ["order_count"]}, principal=hostile).sql
    )


def test_masks_hash_and_last4_and_pii_redaction(governed: SemanticLayer) -> None:
    query = {
        "dimensions": ["customers.customer_id", "customers.email", "customers.phone"],
        "limit": 5,
        "order_by": ["customers.customer_id"],
        "filters": ["customers.region = 'West'"],
    }
    clear = {r[0]: r for r in rows(governed, query)}
    for customer_id, email, phone in rows(governed, {**query, "filters": []}, ANA):
        raw = clear.get(customer_id)
        if raw is None:
            continue
        assert email == hashlib.md5(raw[1].encode()).hexdigest()
        assert phone == "****" + raw[2][-4:]
    redacted = rows(governed, {"dimensions": ["customers.email", "customers.first_name"], "limit": 3}, FRED)
    assert all(email == "[REDACTED]" and first and first != "[REDACTED]" for email, first in redacted)


@pytest.mark.parametrize("name", ["customers.birth_date", "customers.birth_date__day", "customers.birth_date__year"])
def test_personal_time_dimensions_are_masked_at_every_grain(governed: SemanticLayer, name: str) -> None:
    clear = rows(governed, {"dimensions": [name], "limit": 5})
    assert any(isinstance(row[0], (dt.date, dt.datetime)) for row in clear)  # the local admin sees dates
    for who in (ANA, FRED):  # neither is cleared for date_of_birth
        shown = rows(governed, {"metrics": ["customer_count"], "dimensions": [name]}, who)
        assert {row[0] for row in shown} <= {"[REDACTED]", None}
    with pytest.raises(NotPermittedError, match="birth_date"):
        governed.query({"metrics": ["customer_count"], "filters": [f"{name} > '1990-01-01'"]}, principal=FRED)


def test_a_denied_time_dimension_is_denied_at_every_grain(project_copy) -> None:
    policies = project_copy / "policies.yml"
    policies.write_text(
        policies.read_text().replace(
            "    deny_metrics: [gross_margin]",
            "    deny_metrics: [gross_margin]\n    deny_dimensions: [orders.ordered_at]",
        )
    )
    layer = SemanticLayer.load(project_copy)
    try:
        for name in ("orders.ordered_at", "orders.ordered_at__month"):
            with pytest.raises(NotPermittedError, match="ordered_at"):
                layer.query({"metrics": ["order_count"], "dimensions": [name]}, principal=ANA)
        assert layer.query({"metrics": ["order_count"], "dimensions": ["orders.ordered_at__month"]}).rows
    finally:
        layer.close()


def test_filtering_on_a_masked_dimension_is_refused(governed: SemanticLayer) -> None:
    with pytest.raises(NotPermittedError, match="customers.email"):
        governed.query({"metrics": ["order_count"], "filters": ["customers.email LIKE 'a%'"]}, principal=FRED)


def test_denied_metrics_and_metrics_built_on_them(governed: SemanticLayer) -> None:
    with pytest.raises(NotPermittedError, match="gross_margin"):
        governed.query({"metrics": ["gross_margin"]}, principal=ANA)
    assert "gross_margin" not in {m.name for m in governed.list("metrics", principal=ANA)}
    assert "gross_margin" in {m.name for m in governed.list("metrics")}


def test_other_domains_look_like_names_that_do_not_exist(governed: SemanticLayer) -> None:
    with pytest.raises(UnknownNameError) as hidden:
        governed.query({"metrics": ["headcount"]}, principal=FRED)
    with pytest.raises(UnknownNameError) as absent:
        governed.query({"metrics": ["no_such_metric"]}, principal=FRED)
    assert str(hidden.value) == "unknown metric 'headcount'" and str(absent.value) == "unknown metric 'no_such_metric'"
    with pytest.raises(UnknownNameError) as misspelt:
        governed.query({"metrics": ["headcout"]}, principal=FRED)
    assert "headcount" not in str(misspelt.value)
    with pytest.raises(UnknownNameError, match="did you mean 'headcount'"):
        governed.query({"metrics": ["headcout"]})
    with pytest.raises(UnknownNameError, match="employees"):
        governed.query({"metrics": ["revenue"], "dimensions": ["employees.job_title"]}, principal=FRED)
    with pytest.raises(UnknownNameError):
        governed.describe("headcount", principal=FRED)
    assert governed.describe("headcount").name == "headcount"
    listed = {m.domain for m in governed.list("metrics", principal=FRED)}
    assert listed <= {"finance", "sales"} and "people" not in {d.name for d in governed.list("domains", principal=FRED)}


def test_row_filters_apply_only_to_their_domains(governed: SemanticLayer) -> None:
    everyone = rows(governed, {"metrics": ["sessions"]})
    assert rows(governed, {"metrics": ["sessions"]}, ANA) == everyone  # marketing: the sales filter does not apply


def test_questions_go_through_the_same_policy(governed: SemanticLayer) -> None:
    answer = governed.ask("revenue by customer region", principal=ANA)
    assert answer.answered and [r[0] for r in answer.rows] == ["West"]
    denied = governed.ask("gross margin in 2024", principal=ANA)
    assert not denied.rows


def test_context_leaves_out_other_domains_and_denied_metrics(governed_root) -> None:
    layer = SemanticLayer.load(governed_root)
    try:
        layer.build_index()
        pack = layer.context("gross margin and headcount by region", principal=ANA, budget=1600)
        names = pack.element_names()
        assert "gross_margin" not in names and "headcount" not in names
        assert "gross_margin" in layer.context("gross margin by category", budget=1600).element_names()
    finally:
        layer.close()


def test_clarifications_and_domains_do_not_reveal_hidden_elements(governed: SemanticLayer) -> None:
    answer = governed.ask("headcount by department", principal=FRED)
    assert answer.clarification and "headcount" not in answer.clarification
    assert all("headcount" not in str(option.query) for option in answer.options)
    assert governed.ask("headcount by department").answered  # the admin gets the answer
    with pytest.raises(UnknownNameError) as hidden:
        governed.list("metrics", domain="people", principal=FRED)
    with pytest.raises(UnknownNameError) as absent:
        governed.list("metrics", domain="legal", principal=FRED)
    assert str(hidden.value) == "unknown domain 'people'" and str(absent.value) == "unknown domain 'legal'"
    with pytest.raises(UnknownNameError, match="did you mean 'finance'"):
        governed.list("metrics", domain="finanse", principal=FRED)
