"""`semctx index` and `semctx context` through the real CLI entry points."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from semantic.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_index_updates_and_check_reports_fresh(private_demo: Path) -> None:
    code, out = run("index", "-p", str(private_demo))
    assert code == 0 and "0 embedded" in out and "index updated" in out
    code, out = run("index", "--check", "-p", str(private_demo), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["fresh"] and report["indexed"] == report["elements"]


def test_check_exits_non_zero_when_stale(private_demo: Path) -> None:
    models = private_demo / "models" / "marketing.yml"
    models.write_text(models.read_text(encoding="utf-8").replace("description:", "description: New.", 1))
    code, out = run("index", "--check", "-p", str(private_demo))
    assert code == 1 and "NOT fresh" in out and "stale (1)" in out
    code, out = run("index", "--rebuild", "-p", str(private_demo), "--format", "json")
    assert code == 0 and json.loads(out)["rebuilt"] is True


def test_context_as_markdown_and_json(indexed_demo_root: Path) -> None:
    code, out = run("context", "average order value by channel", "-p", str(indexed_demo_root), "--budget", "300")
    assert code == 0 and "## Metrics" in out and "average_order_value" in out
    assert "tokens (o200k_base) of a 300-token budget" in out
    code, out = run(
        "context", "tickets by priority", "--domain", "support", "--format", "json", "-p", str(indexed_demo_root)
    )
    pack = json.loads(out)
    assert code == 0 and {"tokens", "text", "items", "tokenizer", "warnings"} <= set(pack)
    assert pack["tokens"] <= 800 and all({"kind", "name", "score", "why"} <= set(i) for i in pack["items"])


def test_context_errors_are_messages_not_tracebacks(indexed_demo_root: Path, tmp_path: Path) -> None:
    code, out = run("context", "tickets", "--domain", "suport", "-p", str(indexed_demo_root))
    assert code == 1 and "did you mean 'support'" in out and "Traceback" not in out
    code, out = run("context", "tickets", "--budget", "-1", "-p", str(indexed_demo_root))
    assert code == 1 and "budget" in out
    code, out = run("context", "tickets", "-p", str(tmp_path))
    assert code == 1 and "no semctx.yml" in out
