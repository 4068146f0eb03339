"""The ``semctx`` command line: a thin shell over :class:`semantic.api.SemanticLayer`.

Every command finds the project from ``--project`` (or $SEMCTX_PROJECT, or the current folder
upwards). Errors print as ``error: ...`` (or a JSON object with ``--format json``) and exit 1;
nothing prints a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import click

from semantic.errors import SemctxError

FORMATS = click.Choice(["table", "json", "csv"])


def _fail(error: SemctxError, fmt: str = "table") -> None:
    if fmt == "json":
        click.echo(json.dumps({"error": error.to_dict()}, indent=2, default=str))
    else:
        click.echo(f"error: {error.message}", err=True)
    sys.exit(1)


def guarded(fmt_param: str = "fmt") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except SemctxError as error:
                _fail(error, kwargs.get(fmt_param, "table"))
            except BrokenPipeError:  # e.g. piped into `head`
                sys.stderr.close()
                sys.exit(0)
            except (OSError, ValueError) as error:
                _fail(SemctxError(str(error)), kwargs.get(fmt_param, "table"))
            except Exception as error:  # noqa: BLE001 - never a traceback to a user
                internal = SemctxError(
                    f"internal error ({type(error).__name__}: {error}); please report it with the command you ran"
                )
                internal.code = "internal_error"
                _fail(internal, kwargs.get(fmt_param, "table"))

        inner.__name__ = func.__name__
        inner.__doc__ = func.__doc__
        return inner

    return wrap


def current_principal():  # type: ignore[no-untyped-def]
    """The principal named by ``semctx --as NAME`` (or $SEMCTX_PRINCIPAL); the project's policy fills in the rest."""
    from semantic.access import LOCAL, Principal

    context = click.get_current_context(silent=True)
    name = context.find_root().params.get("as_principal") if context else None
    name = name or os.environ.get("SEMCTX_PRINCIPAL")
    return Principal(name) if name else LOCAL


def open_layer(project: Optional[str]):  # type: ignore[no-untyped-def]
    from semantic.api import SemanticLayer

    return SemanticLayer.load(project or os.environ.get("SEMCTX_PROJECT") or None)


project_option = click.option(
    "--project",
    "-p",
    type=click.Path(file_okay=False),
    default=None,
    help="Project folder (default: $SEMCTX_PROJECT or the nearest semctx.yml).",
)


class PluginGroup(click.Group):
    """Core commands plus those other packages register under the ``semctx.commands`` entry point
    (``index`` and ``context`` from retrieval), imported only when invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from semantic.plugins import COMMANDS_GROUP, entry_point_names

        return sorted(set(super().list_commands(ctx)) | set(entry_point_names(COMMANDS_GROUP)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            from semantic.plugins import COMMANDS_GROUP, entry_point_names, load_entry_point

            if cmd_name in entry_point_names(COMMANDS_GROUP):
                command = load_entry_point(COMMANDS_GROUP, cmd_name)
        return command


@click.group(cls=PluginGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="semctx")
@click.option(
    "--as",
    "as_principal",
    default=None,
    help="Act as this principal of policies.yml (default: $SEMCTX_PRINCIPAL, else 'local').",
)
def main(as_principal: Optional[str]) -> None:
    """semctx: a semantic layer for agents. Describe your business in YAML; ask for metrics; get SQL and rows."""


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--demo", is_flag=True, help="Fill it with the Acme Retail demo (model + DuckDB warehouse).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Demo data size factor.")
@click.option("--seed", type=int, default=42, show_default=True, help="Demo data random seed.")
@click.option("--force", is_flag=True, help="Replace an existing project in DIRECTORY.")
@guarded()
def init(directory: str, demo: bool, scale: float, seed: int, force: bool) -> None:
    """Create a project in DIRECTORY (the demo with --demo, else an empty skeleton)."""
    import time

    started = time.perf_counter()
    if demo:
        from semantic.demo import build_demo_project

        if scale <= 0 or scale > 100:
            raise SemctxError("--scale must be greater than 0 and at most 100")
        try:
            root = build_demo_project(directory, scale=scale, seed=seed, force=force)
        except FileExistsError as exc:
            raise SemctxError(str(exc)) from None
        click.echo(f"created the demo project in {root} ({time.perf_counter() - started:.1f} s)")
    else:
        from semantic.scaffold import create_empty_project

        root = create_empty_project(directory, force=force)
        click.echo(f"created an empty project in {root}")
    click.echo(f"next: semctx -h, or semctx list metrics -p {root}")


@main.command()
@project_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--warehouse/--no-warehouse", default=False, help="Also check tables, columns and types.")
def validate(project: Optional[str], fmt: str, warehouse: bool) -> None:
    """Check the model; print every problem as file:line: code: message. Exit 1 on errors."""
    from semantic.api import SemanticLayer
    from semantic.errors import ModelValidationError

    try:
        issues = SemanticLayer.load(project or os.environ.get("SEMCTX_PROJECT") or None).validate(
            check_warehouse=warehouse
        )
    except ModelValidationError as error:
        issues = error.issues
    except SemctxError as error:
        _fail(error, "json" if fmt == "json" else "table")
        return
    errors = [i for i in issues if i.level == "error"]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "valid": not errors,
                    "errors": len(errors),
                    "warnings": len(issues) - len(errors),
                    "issues": [i.to_dict() for i in issues],
                },
                indent=2,
            )
        )
    else:
        for issue in issues:
            click.echo(issue.format(), err=issue.level == "error")
        click.echo(f"{len(errors)} error(s), {len(issues) - len(errors)} warning(s)")
    sys.exit(1 if errors else 0)


@main.command(name="list")
@click.argument("kind", type=click.Choice(["metrics", "dimensions", "entities", "domains", "measures"]))
@click.option("--domain", default=None, help="Only this domain.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@project_option
@guarded()
def list_command(kind: str, domain: Optional[str], fmt: str, project: Optional[str]) -> None:
    """List metrics, dimensions, entities, domains or measures."""
    items = open_layer(project).list(kind, domain=domain, principal=current_principal())  # type: ignore[arg-type]
    rows = [[i.name, i.type or "", i.domain or "", i.description] for i in items]
    emit(["name", "type", "domain", "description"], rows, fmt, {"items": [i.model_dump() for i in items]})


@main.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@project_option
@guarded()
def describe(name: str, fmt: str, project: Optional[str]) -> None:
    """Everything about one element: definition, formula, lineage, owner, domain."""
    detail = open_layer(project).describe(name, principal=current_principal())
    click.echo(json.dumps(detail.model_dump(), indent=2, default=str) if fmt == "json" else detail.to_text())


def _query_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--metric", "-m", "metrics", multiple=True, help="Metric (repeatable, or comma-separated)."),
        click.option(
            "--dimension",
            "--group-by",
            "-d",
            "dimensions",
            multiple=True,
            help="Dimension, e.g. customers.region or metric_time__month (repeatable).",
        ),
        click.option("--where", "-w", "filters", multiple=True, help="Filter predicate (repeatable, ANDed)."),
        click.option("--order", "-o", "order_by", multiple=True, help="Sort by a name; prefix '-' to descend."),
        click.option("--limit", "-l", type=int, default=None, help="Most rows."),
        click.option("--via", multiple=True, help="Entity or relationship naming the join path to use."),
        click.option("--query", "-q", "query_json", default=None, help="The whole query as JSON (or @file.json)."),
        project_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _build_query(
    metrics: Sequence[str],
    dimensions: Sequence[str],
    filters: Sequence[str],
    order_by: Sequence[str],
    limit: Optional[int],
    via: Sequence[str],
    query_json: Optional[str],
) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if query_json:
        text = Path(query_json[1:]).read_text(encoding="utf-8") if query_json.startswith("@") else query_json
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SemctxError(f"--query is not valid JSON: {exc}") from None
        if not isinstance(loaded, dict):
            raise SemctxError("--query must be a JSON object")
        query.update(loaded)

    def split(values: Sequence[str]) -> list[str]:
        return [part.strip() for value in values for part in value.split(",") if part.strip()]

    for key, values in (
        ("metrics", split(metrics)),
        ("dimensions", split(dimensions)),
        ("filters", list(filters)),
        ("order_by", split(order_by)),
        ("via", split(via)),
    ):
        if values:
            query[key] = list(query.get(key, [])) + values
    if limit is not None:
        query["limit"] = limit
    return query


@main.command(name="compile")
@_query_options
@click.option("--dialect", default=None, help="Target SQL dialect (duckdb, postgres, snowflake, bigquery, ...).")
@click.option("--format", "fmt", type=click.Choice(["sql", "json"]), default="sql", show_default=True)
@click.option("--explain", is_flag=True, help="Also print the plan in words (as a SQL comment).")
@guarded()
def compile_command(
    metrics: Sequence[str],
    dimensions: Sequence[str],
    filters: Sequence[str],
    order_by: Sequence[str],
    limit: Optional[int],
    via: Sequence[str],
    query_json: Optional[str],
    project: Optional[str],
    dialect: Optional[str],
    fmt: str,
    explain: bool,
) -> None:
    """Compile a semantic query to SQL without running it."""
    query = _build_query(metrics, dimensions, filters, order_by, limit, via, query_json)
    compiled = open_layer(project).compile(query, dialect=dialect, principal=current_principal())
    if fmt == "json":
        click.echo(json.dumps(compiled.to_dict(), indent=2))
        return
    if explain:
        click.echo("\n".join(f"-- {line}" for line in compiled.explanation.splitlines()))
    click.echo(compiled.sql + ";")


@main.command()
@_query_options
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--show-sql", is_flag=True, help="Print the SQL before the rows (table format).")
@guarded()
def query(
    metrics: Sequence[str],
    dimensions: Sequence[str],
    filters: Sequence[str],
    order_by: Sequence[str],
    limit: Optional[int],
    via: Sequence[str],
    query_json: Optional[str],
    project: Optional[str],
    fmt: str,
    show_sql: bool,
) -> None:
    """Run a semantic query on the warehouse and print the rows."""
    from semantic.results import jsonable

    result = open_layer(project).query(
        _build_query(metrics, dimensions, filters, order_by, limit, via, query_json), principal=current_principal()
    )
    if fmt == "table" and show_sql:
        click.echo(result.sql + ";\n")
    rows = [[jsonable(v) for v in row] for row in result.rows]
    emit(result.columns, rows, fmt, result.to_dict())
    if fmt == "table":
        click.echo(
            f"({result.row_count} row{'s' if result.row_count != 1 else ''}"
            f"{', truncated' if result.truncated else ''}, {result.elapsed_ms:.1f} ms)"
        )


@main.command()
@click.argument("question")
@click.option("--domain", default=None, help="Only consider this domain's metrics.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--no-run", is_flag=True, help="Interpret and compile only; do not run the query.")
@project_option
@guarded()
def ask(question: str, domain: Optional[str], fmt: str, no_run: bool, project: Optional[str]) -> None:
    """Answer a question in words: the reading, the SQL and the rows (or a clarification with options)."""
    from semantic.results import jsonable

    result = open_layer(project).ask(question, domain=domain, run=not no_run, principal=current_principal())
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, default=str))
        return
    if result.clarification is not None:
        click.echo(f"? {result.clarification}")
        for number, option in enumerate(result.options, 1):
            click.echo(f"  {number}. {option.description}  {json.dumps(option.query)}")
        return
    click.echo(
        f"reading: {result.interpretation}  (confidence {result.confidence:.2f}, domain {result.domain}, "
        f"{result.source})"
    )
    for note in result.notes:
        click.echo(f"note: {note}")
    if fmt == "table":
        click.echo((result.sql or "") + ";\n")
    rows = [[jsonable(v) for v in row] for row in result.rows]
    emit(result.columns, rows, fmt, result.to_dict())


@main.command()
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write to a file instead of stdout.")
@click.option(
    "--kind",
    type=click.Choice(["model", "project"]),
    default="model",
    show_default=True,
    help="Schema of model files, or of semctx.yml.",
)
@guarded()
def schema(out: Optional[str], kind: str) -> None:
    """Print the JSON Schema of model files (for YAML editors)."""
    from semantic.model.schema import json_schema

    text = json.dumps(json_schema(kind), indent=2)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(text)


def emit(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, payload: dict[str, Any]) -> None:
    if fmt == "json":
        click.echo(json.dumps(payload, indent=2, default=str))
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(format_table(columns, rows))


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    """A plain aligned text table.

    >>> print(format_table(["a", "bb"], [[1, None]]))
    a | bb
    --+-----
    1 | NULL
    """

    def cell(value: Any) -> str:
        text = (
            "NULL"
            if value is None
            else (f"{value:,.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value))
        )
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    body = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]
    numeric = [
        all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) and rows for i in range(len(columns))
    ]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(), "-+-".join("-" * w for w in widths)]
    for row in body:
        lines.append(
            " | ".join((v.rjust(w) if numeric[i] else v.ljust(w)) for i, (v, w) in enumerate(zip(row, widths))).rstrip()
        )
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    main()
