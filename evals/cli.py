"""``semctx eval [SUITE ...]``: run the eval suites on a project and write the report (a plugin command)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

import click

from semantic.cli import guarded, open_layer, project_option


def _bounds(values: tuple[str, ...], option: str) -> dict[str, float]:
    out = {}
    for value in values:
        name, _, number = value.partition("=")
        try:
            out[name.strip()] = float(number)
        except ValueError:
            raise click.BadParameter(f"{value!r}: write NAME=NUMBER, e.g. completion@800=0.6", param_hint=option)
    return out


def _progress(items: Iterable[Any], label: str) -> Iterable[Any]:
    """A progress bar on stderr (shown on a terminal; one line at the end otherwise)."""
    items = list(items)
    with click.progressbar(items, label=f"eval: {len(items)} {label}", file=sys.stderr, show_pos=True) as bar:
        yield from bar


@click.command(name="eval")
@click.argument("suites", nargs=-1, type=click.Choice(["completion", "llm", "retrieval", "safety"]))
@click.option("--report", "report_dir", default=None, help="Report folder (default: evals.report_dir, .semctx/eval).")
@click.option(
    "--gold", default=None, type=click.Path(dir_okay=False), help="Gold questions file (default: evals.gold)."
)
@click.option("--budgets", default=None, help="Context budgets in tokens, comma-separated (default: evals.budgets).")
@click.option("--mock-llm", is_flag=True, help="Run the llm suite on litellm mock responses (no key, no network).")
@click.option("--min", "minimums", multiple=True, help="Gate: NAME=VALUE, fail when the figure is lower.")
@click.option("--max", "maximums", multiple=True, help="Gate: NAME=VALUE, fail when the figure is higher.")
@project_option
@guarded()
def eval_command(
    suites: tuple[str, ...],
    report_dir: Optional[str],
    gold: Optional[str],
    budgets: Optional[str],
    mock_llm: bool,
    minimums: tuple[str, ...],
    maximums: tuple[str, ...],
    project: Optional[str],
) -> None:
    """Score the project: task completion against context size, retrieval, safety (and an LLM agent). Writes
    summary.md, report.html, completion.svg and results.json; exits 1 when a threshold is missed."""
    from evals.report import markdown, write_report
    from evals.run import run_evals

    chosen_budgets = None
    if budgets:
        try:
            chosen_budgets = tuple(int(b) for b in budgets.split(",") if b.strip())
        except ValueError:
            raise click.BadParameter(f"{budgets!r}: write token counts like 200,800,3200", param_hint="--budgets")
    layer = open_layer(project)
    try:
        run = run_evals(
            layer,
            list(suites) or None,
            gold=Path(gold) if gold else None,
            budgets=chosen_budgets,
            mock_llm=mock_llm,
            minimums=_bounds(minimums, "--min"),
            maximums=_bounds(maximums, "--max"),
            progress=_progress,
        )
        folder = Path(report_dir) if report_dir else layer.model.root / layer.model.config.evals.report_dir
        written = write_report(run, folder)
    finally:
        layer.close()
    click.echo(markdown(run))
    click.echo(f"report: {written / 'report.html'} (plot: {written / 'completion.svg'})")
    if run.failures:
        for failure in run.failures:
            click.echo(f"threshold missed: {failure}", err=True)
        sys.exit(1)
