"""Presidio guardrails: values the model forgot to declare are redacted for principals without clearance; the scan
finds such columns; questions reach the audit log without their PII."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from governance.pii import PiiDetector
from semantic.access import Principal
from semantic.api import SemanticLayer
from semantic.cli import main


def forget_email_is_pii(root: Path) -> None:
    sales = root / "models" / "sales.yml"
    text = sales.read_text(encoding="utf-8")
    assert "        pii: email\n" in text
    sales.write_text(text.replace("        pii: email\n", "        pii: none\n", 1), encoding="utf-8")


def test_undeclared_pii_in_results_is_redacted_for_principals_without_clearance(project_copy: Path) -> None:
    forget_email_is_pii(project_copy)
    layer = SemanticLayer.load(project_copy)
    try:
        query = {
            "dimensions": ["customers.customer_id", "customers.email", "customers.first_name"],
            "limit": 20,
            "order_by": ["customers.customer_id"],
        }
        clear = layer.query(query)  # the local user: role admin, cleared for all PII
        assert clear.redactions == 0 and all("@" in row[1] for row in clear.rows)
        fred = layer.query(query, principal=Principal("fred"))  # finance: names only
        assert fred.redactions == len(fred.rows) == 20
        assert all(row[1] == "<EMAIL_ADDRESS>" for row in fred.rows)
        assert [r[2] for r in fred.rows] == [r[2] for r in clear.rows]  # names: fred is cleared for them
        answer = layer.ask("list the customer emails", principal=Principal("fred"))
        assert all("@" not in str(value) for row in answer.rows for value in row)
    finally:
        layer.close()


def test_scan_reports_undeclared_and_missing_pii(project_copy: Path) -> None:
    forget_email_is_pii(project_copy)
    people = project_copy / "models" / "people.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("      - name: job_title\n", "      - name: job_title\n        pii: phone\n", 1))
    result = CliRunner().invoke(main, ["pii", "scan", "-p", str(project_copy), "--format", "json"])
    assert result.exit_code == 1
    report = {d["dimension"]: d for d in json.loads(result.output)["dimensions"]}
    assert (
        report["customers.email"]["verdict"] == "undeclared"
        and report["customers.email"]["found"]["EMAIL_ADDRESS"] >= 40
    )
    assert report["employees.job_title"]["verdict"] == "not_found"
    assert report["customers.phone"]["verdict"] == "ok" and report["regions.region"]["verdict"] == "ok"


def test_the_demo_model_declares_its_pii(governed_root: Path) -> None:
    result = CliRunner().invoke(main, ["pii", "scan", "-p", str(governed_root)])
    assert result.exit_code == 0 and "dimensions scanned" in result.output


def test_detector_types_and_clean_text() -> None:
    detector = PiiDetector.shared()
    found = detector.findings("Mail jane.doe@corp.internal, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00")
    assert [f.type for f in found] == ["EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE"]
    for clean in ("West", "shipped", "revenue by month in 2024", "SKU-10023", "Electronics", "2025-06-30"):
        assert detector.findings(clean) == (), clean
