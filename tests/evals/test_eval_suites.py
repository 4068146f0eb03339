"""semctx eval on the demo: deepeval suites with deterministic metrics, a report, gates, and safety probes that
catch a broken policy. A small gold file keeps it quick; CI runs the full demo set through `make eval`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evals.gold import read_gold_file
from evals.run import run_evals
from semantic.api import SemanticLayer
from semantic.cli import main
from semantic.demo import build_demo_project
from semantic.errors import ModelValidationError

GOLD = {
    "questions": [
        {
            "id": "a",
            "question": "What was total revenue in 2024?",
            "split": "dev",
            "tags": ["time"],
            "sql": "SELECT SUM(order_total) FROM orders WHERE status IN ('completed', 'shipped') "
            "AND ordered_at >= '2024-01-01' AND ordered_at < '2025-01-01'",
            "query": {"metrics": ["revenue"], "filters": ["metric_time >= '2024-01-01'", "metric_time < '2025-01-01'"]},
        },
        {
            "id": "b",
            "question": "order count by order status",
            "split": "test",
            "query": {"metrics": ["order_count"], "dimensions": ["orders.status"]},
        },
        {
            "id": "c",
            "question": "How many support tickets were opened?",
            "split": "test",
            "rows": [[999999999]],
        },  # a wrong gold answer: must count as not completed
        {"id": "d", "question": "What's our inventory on hand by store?", "split": "dev", "expect": "clarification"},
    ]
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_demo_project(tmp_path_factory.mktemp("evals") / "demo", scale=0.05)
    (root / "evals" / "small.yml").write_text(yaml.safe_dump(GOLD), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def layer(project: Path):
    layer = SemanticLayer.load(project)
    yield layer
    layer.close()


def test_completion_and_retrieval_suites_score_rows(layer: SemanticLayer, project: Path) -> None:
    run = run_evals(layer, ["completion", "retrieval"], gold=project / "evals" / "small.yml", budgets=(200, 800))
    completion = run.suites[0]
    assert [r["context"] for r in completion.rows] == ["200 tokens", "800 tokens", "full model"]
    full = run.figures["completion@full"]
    assert full == 0.75  # a, b and d right; c's gold rows are deliberately wrong
    assert run.figures["completion@800"] <= full + 1e-9
    full_tokens = int(completion.rows[-1]["median tokens"])
    assert int(completion.rows[1]["median tokens"]) <= 800 < full_tokens
    assert 0 < run.figures["recall@10"] <= 1 and 0 < run.figures["context_precision@800"] <= 1
    assert [label for label, _, _ in completion.curve] == ["200 tokens", "800 tokens", "full model"]


def test_mocked_llm_agent_runs_the_litellm_path(layer: SemanticLayer, project: Path) -> None:
    run = run_evals(layer, ["llm"], gold=project / "evals" / "small.yml", budgets=(800,), mock_llm=True)
    assert run.figures["llm@full"] == 0.75 and "llm@800" in run.figures
    assert any("mocked" in note for note in run.suites[0].notes)


def test_safety_suite_finds_nothing_and_catches_a_broken_mask(layer: SemanticLayer, monkeypatch) -> None:
    run = run_evals(layer, ["safety"])
    assert run.figures == {"pii_leakage": 0.0, "policy_bypass": 0.0}
    assert int(run.suites[0].rows[0]["probes"]) > 100
    from governance.access import Access

    monkeypatch.setattr(Access, "mask_for", lambda self, qualified, pii_class: self.masks.get(qualified))
    broken = SemanticLayer.load(layer.model.root)
    try:
        leaky = run_evals(broken, ["safety"])
    finally:
        broken.close()
    assert leaky.figures["pii_leakage"] > 0
    assert any("clear" in note for note in leaky.suites[0].notes)


def test_cli_writes_the_report_and_gates_on_thresholds(project: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    args = [
        "eval",
        "completion",
        "-p",
        str(project),
        "--gold",
        str(project / "evals" / "small.yml"),
        "--budgets",
        "400",
        "--report",
        str(report),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "| 400 tokens |" in result.output and "report.html" in result.output
    assert {p.name for p in report.iterdir()} == {"summary.md", "report.html", "completion.svg", "results.json"}
    html = (report / "report.html").read_text()
    assert "<svg" in html and "full model" in html
    figures = json.loads((report / "results.json").read_text())["figures"]
    assert figures["completion@full"] == 0.75
    gated = CliRunner().invoke(main, [*args, "--min", "completion@full=0.9"])
    assert gated.exit_code == 1 and "completion@full = 0.75 is below the minimum 0.9" in gated.output
    bad = CliRunner().invoke(main, [*args, "--min", "completion@full"])
    assert bad.exit_code != 0 and "NAME=NUMBER" in bad.output, bad.output


def test_bad_gold_files_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.yml"
    path.write_text("questions:\n  - id: a\n    question: revenue\n  - id: b\n    question: x\n    rows: 5\n")
    with pytest.raises(ModelValidationError) as error:
        read_gold_file(path)
    text = str(error.value)
    assert "gold.yml:2" in text and "give rows, sql or query" in text and "gold.yml:6" in text
    path.write_text("questions:\n  - {id: a, question: q, rows: [[1]]}\n  - {id: a, question: r, rows: [[2]]}\n")
    with pytest.raises(ModelValidationError, match="used twice"):
        read_gold_file(path)
    with pytest.raises(ModelValidationError, match="does not exist"):
        read_gold_file(tmp_path / "missing.yml")


def test_truth_sql_must_be_read_only(layer: SemanticLayer, tmp_path: Path) -> None:
    path = tmp_path / "gold.yml"
    path.write_text("questions:\n  - {id: a, question: revenue, sql: 'DROP TABLE orders'}\n")
    result = CliRunner().invoke(
        main, ["eval", "completion", "-p", str(layer.model.root), "--gold", str(path), "--report", str(tmp_path / "r")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert layer.query({"metrics": ["order_count"]}).rows[0][0] > 0  # the table is still there


def test_deepeval_stays_offline_and_out_of_the_working_tree(tmp_path: Path) -> None:
    """A real evaluation through semctx's own imports, in a fresh process whose environment says nothing about
    deepeval: semctx sets the offline variables itself, and deepeval writes nothing into the working folder."""
    import os
    import subprocess
    import sys

    script = (
        "import os\n"
        "from evals.offline import test_case_type\n"
        "from evals.suites import run_deepeval\n"
        "from evals.metrics import task_completion\n"
        "case = test_case_type()(input='q', actual_output='a', metadata={'rows': [[1]], 'expected': [[1]], "
        "'expect_clarification': False})\n"
        "print(run_deepeval([case], [task_completion()]), os.environ['DEEPEVAL_TELEMETRY_OPT_OUT'])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPEVAL_")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "1" and "'task completion': 1.0" in done.stdout
    assert not (tmp_path / ".deepeval").exists()
