"""A bad policies file is reported with policies.yml:LINE and a did-you-mean; nothing loads half-checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from semantic.api import SemanticLayer
from semantic.cli import main
from semantic.errors import ModelValidationError

BROKEN = """\
default_role: admn
roles:
  admin:
    pii: [all]
  sales:
    domains: [sales, finanse]
    deny_metrics: [revenu]
    masks: [{dimension: customers.emial, mask: hash}]
    row_filters:
      - {filter: "customers.regio = :region"}
      - {filter: "customers.region = = :region"}
principals:
  - {name: ana, roles: [sales, analyst], attributes: {region: West}}
"""


def test_every_problem_has_its_line(project_copy: Path) -> None:
    (project_copy / "policies.yml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(ModelValidationError) as caught:
        SemanticLayer.load(project_copy)
    found = {(i.code, i.line): i for i in caught.value.issues}
    assert found[("unknown_role", 1)].suggestions == ("admin",)
    assert found[("unknown_domain", 6)].suggestions == ("finance",)
    assert found[("unknown_metric", 7)].suggestions[0] == "revenue"
    assert found[("unknown_dimension", 8)].suggestions[0] == "customers.email"
    assert "customers.regio" in found[("invalid_row_filter", 10)].message
    assert "not valid SQL" in found[("invalid_row_filter", 11)].message
    assert ("unknown_role", 13) in found
    assert all(i.file == "policies.yml" for i in caught.value.issues)


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("roles: [a, b\n", 2, "invalid YAML"),
        ("roles:\n  a:\n    colour: red\n", 3, "Extra inputs"),
        ("roles:\n  a:\n    masks: [{dimension: customers.email, mask: blur}]\n", 3, "redact"),
    ],
)
def test_malformed_files(project_copy: Path, text: str, line: int, words: str) -> None:
    (project_copy / "policies.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ModelValidationError) as caught:
        SemanticLayer.load(project_copy)
    issue = caught.value.issues[0]
    assert (issue.file, issue.line) == ("policies.yml", line) and words in issue.message


def test_a_principal_without_a_needed_attribute_is_a_warning_and_denied(governed: SemanticLayer) -> None:
    warnings = [i for i in governed.validate() if i.code == "missing_attribute"]
    assert len(warnings) == 1 and "'nora'" in warnings[0].message and warnings[0].line == 23


def test_the_cli_acts_as_a_principal(governed_root: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "--as",
            "ana",
            "query",
            "-p",
            str(governed_root),
            "-m",
            "revenue",
            "-d",
            "customers.region",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0 and '"West"' in result.output and '"East"' not in result.output
    result = runner.invoke(
        main, ["query", "-p", str(governed_root), "-m", "headcount"], env={"SEMCTX_PRINCIPAL": "fred"}
    )
    assert result.exit_code == 1 and "unknown metric 'headcount'" in result.output
    result = runner.invoke(main, ["--as", "fred", "list", "metrics", "-p", str(governed_root), "--format", "json"])
    assert result.exit_code == 0 and "headcount" not in result.output and "revenue" in result.output
