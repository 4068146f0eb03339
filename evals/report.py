"""The eval report: ``summary.md`` (Markdown tables), ``report.html`` (one self-contained page with the plot),
``completion.svg`` (task completion against context size) and ``results.json`` (every figure), in one folder.
Written with ``staged_folder``: a failed write leaves the old report intact.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path

from evals.plot import completion_svg
from evals.run import EvalRun
from semantic.staging import staged_folder


def markdown(run: EvalRun) -> str:
    lines = [
        f"# semctx eval: {run.project}",
        "",
        f"{run.questions} gold questions from `{Path(run.gold).name}`; {run.seconds:.1f} s; "
        f"{'all thresholds met' if not run.failures else f'{len(run.failures)} threshold(s) missed'}.",
    ]
    for suite in run.suites:
        lines += ["", f"## {suite.title}", "", f"{suite.cases} deepeval test cases.", ""]
        if suite.rows:
            lines.append("| " + " | ".join(suite.columns) + " |")
            lines.append("|" + "|".join("---" for _ in suite.columns) + "|")
            lines += ["| " + " | ".join(row.get(c, "") for c in suite.columns) + " |" for row in suite.rows]
        lines += [f"- {note}" for note in suite.notes]
    if run.failures:
        lines += ["", "## Thresholds missed", ""] + [f"- {f}" for f in run.failures]
    return "\n".join(lines) + "\n"


def curves(run: EvalRun) -> dict[str, list[tuple[str, float, float]]]:
    names = {"completion": "offline compiler", "llm": "LLM agent"}
    return {names.get(s.name, s.name): s.curve for s in run.suites if s.curve}


def html_page(run: EvalRun, svg: str) -> str:
    body = [
        f"<h1>semctx eval: {escape(run.project)}</h1>",
        f"<p>{run.questions} gold questions from <code>{escape(Path(run.gold).name)}</code>; "
        f"{run.seconds:.1f} s; generated {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.</p>",
    ]
    if run.failures:
        body.append("<h2>Thresholds missed</h2><ul>" + "".join(f"<li>{escape(f)}</li>" for f in run.failures) + "</ul>")
    if any(s.curve for s in run.suites):
        body.append(f"<figure>{svg}</figure>")
    for suite in run.suites:
        body.append(f"<h2>{escape(suite.title)}</h2><p>{suite.cases} deepeval test cases.</p>")
        if suite.rows:
            head = "".join(f"<th>{escape(c)}</th>" for c in suite.columns)
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(r.get(c, ''))}</td>" for c in suite.columns) + "</tr>"
                for r in suite.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        if suite.notes:
            body.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in suite.notes) + "</ul>")
    style = (
        "body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}"
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>semctx eval: '
        f"{escape(run.project)}</title><style>{style}</style></head><body>{''.join(body)}</body></html>\n"
    )


def write_report(run: EvalRun, folder: Path) -> Path:
    """Write the four files into ``folder`` (replacing an older report) and return it."""
    folder = Path(folder)
    with staged_folder(folder) as staging:
        svg = completion_svg(curves(run))
        (staging / "completion.svg").write_text(svg, encoding="utf-8")
        (staging / "summary.md").write_text(markdown(run), encoding="utf-8")
        (staging / "report.html").write_text(html_page(run, svg), encoding="utf-8")
        data = {
            "project": run.project,
            "gold": run.gold,
            "questions": run.questions,
            "seconds": round(run.seconds, 2),
            "figures": run.figures,
            "failures": run.failures,
            "suites": [
                {"name": s.name, "title": s.title, "rows": s.rows, "notes": s.notes, "cases": s.cases}
                for s in run.suites
            ],
        }
        (staging / "results.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return folder
