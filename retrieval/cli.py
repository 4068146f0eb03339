"""CLI commands ``semctx index`` and ``semctx context`` (registered through the ``semctx.commands`` entry point)."""

from __future__ import annotations

import json
import sys
from typing import Optional

import click

from semantic.cli import current_principal, guarded, open_layer, project_option


@click.command(name="index")
@click.option("--check", is_flag=True, help="Report stale, missing and orphaned entries instead of building.")
@click.option("--rebuild", is_flag=True, help="Discard the index and build it again from scratch.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@project_option
@guarded()
def index_command(check: bool, rebuild: bool, fmt: str, project: Optional[str]) -> None:
    """Build or update the context index (lancedb); only changed elements are embedded again."""
    layer = open_layer(project)
    service = layer.context_service
    if check:
        report = service.check_index()
        click.echo(json.dumps(report.model_dump(), indent=2) if fmt == "json" else report.to_text())
        if not report.fresh:
            sys.exit(1)
        return
    if fmt == "text" and sys.stderr.isatty():
        with click.progressbar(length=1, label="embedding", file=sys.stderr, show_pos=True) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = max(total, 1)
                bar.update(done - bar.pos)

            report = service.build_index(progress=progress, rebuild=rebuild)
    else:
        report = service.build_index(rebuild=rebuild)
    if fmt == "json":
        click.echo(json.dumps(report.__dict__, indent=2))
        return
    from retrieval.service import describe_report

    click.echo(describe_report(report))
    for note in report.notes:
        click.echo(f"note: {note}")


@click.command(name="context")
@click.argument("question")
@click.option("--domain", default=None, help="Only this domain's elements.")
@click.option("--budget", type=int, default=None, help="Token budget (default: the project's, 800).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@project_option
@guarded()
def context_command(
    question: str, domain: Optional[str], budget: Optional[int], fmt: str, project: Optional[str]
) -> None:
    """The packed context for a question: metrics, dimensions, joins, verified questions, notes, in tokens."""
    result = open_layer(project).context(question, domain=domain, budget=budget, principal=current_principal())
    if fmt == "json":
        click.echo(json.dumps(result.model_dump(), indent=2))
        return
    click.echo(result.text)
    click.echo(
        f"\n<!-- {result.tokens} tokens ({result.tokenizer}) of a {result.budget}-token budget; "
        f"{len(result.items)} items, {result.left_out} left out -->"
    )
