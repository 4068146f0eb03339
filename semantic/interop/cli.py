"""``semctx import ontology|dbt`` and ``semctx export rdf`` (registered as plugin commands; rdflib loads on use)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional

import click

from semantic.cli import guarded, open_layer, project_option


def _warehouse_columns(warehouse: Optional[str]) -> Optional[dict[str, dict[str, str]]]:
    if not warehouse:
        return None
    import duckdb

    from semantic.interop.output import InteropError

    if not Path(warehouse).is_file():
        raise InteropError(f"{warehouse}: no such warehouse file")
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}  # as the engine opens it
    with duckdb.connect(warehouse, read_only=True, config=config) as connection:
        rows = connection.execute("SELECT table_name, column_name, data_type FROM information_schema.columns")
        columns: dict[str, dict[str, str]] = {}
        for table, column, kind in rows.fetchall():
            columns.setdefault(str(table), {})[str(column)] = str(kind)
    return columns


def _finish(
    out: Path, files: dict, problems: list, name: str, warehouse: Optional[str], source: str, force: bool
) -> None:
    from semantic.api import SemanticLayer
    from semantic.errors import SemctxError
    from semantic.interop.output import write_project

    location = os.path.relpath(Path(warehouse).absolute(), Path(out).absolute()) if warehouse else None
    written = write_project(out, files, name=name, problems=problems, warehouse=location, source=source, force=force)
    for problem in problems:
        click.echo(problem.line(), err=True)
    counts = {key: sum(len(f.get(key, [])) for f in files.values()) for key in ("entities", "relationships", "metrics")}
    click.echo(
        f"wrote {written}: {counts['entities']} entities, {counts['relationships']} relationships, "
        f"{counts['metrics']} metrics; {len(problems)} problem(s), see import-report.md"
    )
    if warehouse:
        try:
            SemanticLayer.load(written).close()
            click.echo("the imported model validates against semctx's rules")
        except SemctxError as error:
            click.echo(f"the imported model needs edits before it loads:\n{error.message}", err=True)
            raise SystemExit(1) from None


@click.group(name="import")
def import_group() -> None:
    """Start a project from what you already have: an OWL ontology with R2RML, or a dbt MetricFlow project."""


@import_group.command(name="ontology")
@click.argument("ontology", type=click.Path(dir_okay=False))
@click.option(
    "--mapping",
    default=None,
    type=click.Path(dir_okay=False),
    help="R2RML mapping (Turtle); default: the ontology file itself.",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Project folder to write.")
@click.option("--warehouse", default=None, help="DuckDB file: fixes column case, and the project points at it.")
@click.option("--force", is_flag=True, help="Replace a non-empty --out folder.")
@guarded()
def import_ontology_command(
    ontology: str, mapping: Optional[str], out: str, warehouse: Optional[str], force: bool
) -> None:
    """OWL/RDFS classes and properties with their R2RML mapping → semctx YAML (entities, dimensions,
    relationships, default measures and metrics); every problem reported with its file:line."""
    from semantic.interop.ontology import import_ontology

    files, problems, name = import_ontology(
        Path(ontology), Path(mapping) if mapping else None, columns=_warehouse_columns(warehouse)
    )
    source = Path(ontology).name + (f" + {Path(mapping).name}" if mapping else "")
    _finish(Path(out), files, problems, name, warehouse, source, force)


@import_group.command(name="dbt")
@click.argument("project_dir", type=click.Path(file_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Project folder to write.")
@click.option("--warehouse", default=None, help="DuckDB file holding the dbt models' tables.")
@click.option("--force", is_flag=True, help="Replace a non-empty --out folder.")
@guarded()
def import_dbt_command(project_dir: str, out: str, warehouse: Optional[str], force: bool) -> None:
    """dbt semantic_models and metrics (MetricFlow YAML) → semctx YAML; what cannot be translated is reported."""
    from semantic.interop.dbt import import_dbt

    files, problems, name = import_dbt(Path(project_dir))
    _finish(Path(out), files, problems, name, warehouse, f"dbt project {Path(project_dir).name}", force)


@click.group(name="export")
def export_group() -> None:
    """Write the semantic graph in other formats."""


@export_group.command(name="rdf")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Turtle file to write.")
@click.option("--base", default="https://semctx.dev/model/", show_default=True, help="Base of the IRIs.")
@project_option
@guarded()
def export_rdf_command(out: str, base: str, project: Optional[str]) -> None:
    """The model as RDF: OWL classes and properties, the R2RML mapping to tables, metrics and lineage (prov)."""
    from semantic.interop.rdf_export import export_rdf

    layer = open_layer(project)
    try:
        text = export_rdf(layer.model, base=base)
    finally:
        layer.close()
    target = Path(out).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, target)
    click.echo(f"wrote {target}: {len(text.splitlines())} lines of Turtle")
