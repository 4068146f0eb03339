"""``semctx audit``: show and filter the audit log (registered through the ``semctx.commands`` entry point)."""

from __future__ import annotations

import json
from typing import Optional

import click

from semantic.cli import FORMATS, emit, guarded, open_layer, project_option


@click.command(name="audit")
@click.option("--principal", default=None, help="Only this principal's records.")
@click.option("--entry", default=None, help="Only this entry point (query, ask, context, compile, list, ...).")
@click.option("--since", default=None, help="Only records at or after this ISO time, e.g. 2026-11-26T09:00.")
@click.option("--errors", is_flag=True, help="Only calls that ended in an error.")
@click.option("--limit", type=int, default=50, show_default=True, help="Most recent N records.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@project_option
@guarded()
def audit_command(
    principal: Optional[str],
    entry: Optional[str],
    since: Optional[str],
    errors: bool,
    limit: int,
    fmt: str,
    project: Optional[str],
) -> None:
    """The audit log: who called what, the query and SQL hash, rows, policy decisions, latency."""
    layer = open_layer(project)
    auditor = layer.auditor
    if auditor is None:
        click.echo("auditing is off (audit.enabled: false in semctx.yml)")
        return
    records, bad = auditor.log.read()
    chosen = (
        [
            r
            for r in records
            if (principal is None or r.get("principal") == principal)
            and (entry is None or r.get("entry") == entry)
            and (since is None or str(r.get("time", "")) >= since)
            and (not errors or "error" in r)
        ][-max(limit, 0) :]
        if limit
        else []
    )
    rows = [
        [
            r.get("time", ""),
            r.get("principal", ""),
            r.get("entry", ""),
            r.get("rows", ""),
            r.get("error", ""),
            "; ".join(r.get("policy") or []),
            json.dumps(r.get("query") or r.get("question") or r.get("name") or "")[:80],
        ]
        for r in chosen
    ]
    emit(
        ["time", "principal", "entry", "rows", "error", "policy", "what"],
        rows,
        fmt,
        {"records": chosen, "unreadable_lines": bad},
    )
    if bad and fmt == "table":
        click.echo(f"note: {bad} unreadable line(s) skipped")


@click.group(name="pii")
def pii_command() -> None:
    """Personal data: find it where the model does not say so (Presidio, offline)."""


@pii_command.command(name="scan")
@click.option("--sample", type=int, default=50, show_default=True, help="Distinct values read per dimension.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@project_option
@guarded()
def pii_scan_command(sample: int, fmt: str, project: Optional[str]) -> None:
    """Sample every text dimension, run Presidio, and report undeclared PII (and declared PII not found).
    Exits 1 when a dimension holds PII the model does not declare."""
    import sys

    from governance.pii_scan import scan

    report = scan(open_layer(project), sample=max(sample, 1))
    shown = report.problems if fmt == "table" else report.dimensions
    rows = [
        [d.dimension, d.declared, d.sampled, ", ".join(f"{k} {v}" for k, v in sorted(d.found.items())), d.verdict]
        for d in shown
    ]
    emit(["dimension", "declared", "sampled", "found", "verdict"], rows, fmt, report.model_dump())
    if fmt == "table":
        click.echo(
            f"{len(report.dimensions)} dimensions scanned; found: "
            + (", ".join(f"{k} {v}" for k, v in sorted(report.totals.items())) or "nothing")
        )
    if any(d.verdict == "undeclared" for d in report.dimensions):
        sys.exit(1)


@click.group(name="contracts")
def contracts_command() -> None:
    """Data contracts on source tables (contracts.yml)."""


@contracts_command.command(name="check")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@project_option
@guarded()
def contracts_check_command(fmt: str, project: Optional[str]) -> None:
    """Run every contract against the warehouse; report violations with offending counts (exit 1 if any).
    Metrics built on a violating table then carry a caveat in describe, answers and context."""
    import sys

    from governance.contracts import check_contracts

    report = check_contracts(open_layer(project))
    rows = [[v.table, v.check, v.count, v.message] for v in report.violations]
    emit(["table", "check", "count", "message"], rows, fmt, report.model_dump())
    if fmt == "table":
        click.echo(f"{report.checks} checks on {len(report.tables)} tables: {len(report.violations)} violation(s)")
    if report.violations:
        sys.exit(1)
