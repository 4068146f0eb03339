"""The audit log: one record per outermost facade call, with what governance decided; crash-safe under kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from governance.audit import AuditLog
from semantic.access import Principal
from semantic.api import SemanticLayer
from semantic.cli import main
from semantic.errors import SemctxError


def test_each_call_leaves_one_record_with_policy_decisions(project_copy: Path) -> None:
    layer = SemanticLayer.load(project_copy)
    try:
        layer.query({"metrics": ["revenue"], "dimensions": ["customers.region"]}, principal=Principal("ana"))
        layer.ask("revenue in 2024 for ana@example.com", principal=Principal("fred"))
        try:
            layer.query({"metrics": ["gross_margin"]}, principal=Principal("ana"))
        except SemctxError:
            pass
        layer.list("metrics")
        records, bad = layer.auditor.log.read()
    finally:
        layer.close()
    assert bad == 0 and [r["entry"] for r in records] == ["query", "ask", "query", "list"]
    first, asked, denied, listed = records
    assert first["principal"] == "ana" and first["roles"] == ["west_sales"] and first["rows"] == 1
    assert first["policy"] == ["where policy: customers.region = 'West'"] and len(first["sql_sha256"]) == 16
    assert asked["question"] == "revenue in 2024 for <EMAIL_ADDRESS>" and asked["question_redactions"] == 1
    assert "ana@example.com" not in (project_copy / ".semctx" / "audit.jsonl").read_text()
    assert denied["error"] == "not_permitted" and listed["count"] > 50


def test_cli_shows_and_filters_the_log(project_copy: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["--as", "ana", "query", "-p", str(project_copy), "-m", "order_count"])
    runner.invoke(main, ["--as", "fred", "query", "-p", str(project_copy), "-m", "headcount"])
    result = runner.invoke(main, ["audit", "-p", str(project_copy), "--principal", "ana", "--format", "json"])
    records = json.loads(result.output)["records"]
    assert result.exit_code == 0 and [r["principal"] for r in records] == ["ana"]
    result = runner.invoke(main, ["audit", "-p", str(project_copy), "--errors"])
    assert result.exit_code == 0 and "fred" in result.output and "unknown_name" in result.output


WRITER = """
import sys
from pathlib import Path
from governance.audit import AuditLog
log = AuditLog(Path(sys.argv[1]))
for number in range(1_000_000):
    log.append({"seq": number, "padding": "x" * 2000})
    print(number, flush=True)
"""


def test_a_killed_writer_loses_no_acknowledged_record_and_tears_no_line(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_bytes(b'{"seq": -1}\n{"torn": ')  # a line torn by an earlier crash
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    assert writer.stdout is not None
    for line in writer.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 300:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    records, bad = AuditLog(path).read()
    assert bad == 1  # only the line that was torn before
    seqs = [r["seq"] for r in records]
    assert set(acknowledged) <= set(seqs) and seqs[1:] == list(range(len(seqs) - 1))
    assert path.read_bytes().endswith(b"\n")
