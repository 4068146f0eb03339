"""RDF export of the demo model, imported back: the same model (every entity, dimension, measure, relationship and
metric, field by field) and the same rows. Plus the export's use of standard vocabularies, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from semantic.api import SemanticLayer
from semantic.cli import main
from semantic.interop.ontology import import_ontology
from semantic.interop.output import InteropError, write_project
from semantic.model.semantic_model import SemanticModel


@pytest.fixture(scope="module")
def demo(small_demo: SemanticLayer) -> SemanticLayer:
    return small_demo


@pytest.fixture(scope="module")
def exported(demo: SemanticLayer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "acme.ttl"
    result = CliRunner().invoke(main, ["export", "rdf", "-p", str(demo.model.root), "--out", str(path)])
    assert result.exit_code == 0, result.output
    return path


def essence(model: SemanticModel) -> dict:
    """The fields that define the model, comparable across a round trip."""
    owner_of = {m.name: e.name for e in model.entities for m in e.measures}

    def measure_ref(name):
        return name if name is None or "." in name else f"{owner_of[name]}.{name}"

    text = lambda values: tuple(sorted(str(v) for v in values))  # noqa: E731
    entities = {
        e.name: (
            e.table,
            e.sql,
            e.primary_key,
            e.default_time_dimension,
            e.domain,
            e.label,
            e.description,
            text(e.synonyms),
            e.owner,
            e.certified,
            {
                d.name: (
                    d.type,
                    d.expr or d.name,
                    d.grain,
                    d.pii,
                    d.label,
                    d.description,
                    text(d.synonyms),
                    text(d.sample_values),
                )
                for d in e.dimensions
            },
            {m.name: (m.agg, m.expr, m.percentile, m.agg_time_dimension, m.description) for m in e.measures},
        )
        for e in model.entities
    }
    keys = {e.name: e.primary_key for e in model.entities}
    relationships = {  # to_key defaults to the target's primary key
        (r.from_entity, r.to_entity, str(r.from_columns), str(r.to_columns or keys[r.to_entity]), r.cardinality)
        for r in model.relationships
    }
    metrics = {
        m.name: (
            m.type,
            measure_ref(m.measure),
            m.filter,
            m.numerator,
            m.denominator,
            m.expr,
            m.window,
            m.grain_to_date,
            m.format,
            m.domain,
            m.label,
            m.description,
            text(m.synonyms),
            m.owner,
            m.certified,
            tuple(sorted((i.metric, i.alias or "", i.offset or "") for i in m.inputs)),
        )
        for m in model.metrics
    }
    domains = {d.name: (d.label, d.description, d.owner, text(d.synonyms)) for d in model.domains}
    return {"entities": entities, "relationships": relationships, "metrics": metrics, "domains": domains}


def test_export_uses_standard_vocabularies(exported: Path) -> None:
    graph = rdflib.Graph().parse(exported, format="turtle")
    text = exported.read_text()
    for prefix in (
        "owl:Class",
        "owl:DatatypeProperty",
        "owl:ObjectProperty",
        "rr:TriplesMap",
        "rr:joinCondition",
        "skos:altLabel",
        "dcterms:description",
        "prov:wasDerivedFrom",
        "sx:Metric",
        "xsd:date",
    ):
        assert prefix in text, prefix
    classes = set(graph.subjects(rdflib.RDF.type, rdflib.OWL.Class))
    assert len(classes) == 15


def test_reimporting_the_export_gives_the_same_model_and_rows(demo: SemanticLayer, exported: Path, tmp_path) -> None:
    files, problems, name = import_ontology(exported)
    assert problems == []
    out = write_project(
        tmp_path / "back", files, name=name, problems=problems, warehouse=str(demo.model.root / "warehouse.duckdb")
    )
    back = SemanticLayer.load(out)
    try:
        assert essence(back.model) == essence(demo.model)
        queries = [
            {"metrics": ["revenue", "order_count", "average_order_value"], "dimensions": ["customers.region"]},
            {"metrics": ["gross_margin", "revenue_growth_yoy"], "dimensions": ["metric_time__year"]},
            {"metrics": ["headcount"], "dimensions": ["departments.department_name"]},
            {"metrics": ["ticket_count"], "filters": ["support_tickets.priority = 'urgent'"]},
        ]
        for query in queries:
            assert back.query(query).rows == demo.query(query).rows
    finally:
        back.close()


def test_cli_import_validates_and_queries(exported: Path, demo: SemanticLayer, tmp_path) -> None:
    warehouse = str(demo.model.root / "warehouse.duckdb")
    out = tmp_path / "imported"
    result = CliRunner().invoke(
        main, ["import", "ontology", str(exported), "--out", str(out), "--warehouse", warehouse]
    )
    assert result.exit_code == 0, result.output
    assert "15 entities" in result.output and "validates" in result.output
    rows = CliRunner().invoke(main, ["query", "-p", str(out), "-m", "order_count", "--format", "json"])
    assert rows.exit_code == 0 and '"rows"' in rows.output
    again = CliRunner().invoke(main, ["import", "ontology", str(exported), "--out", str(out)])
    assert again.exit_code == 1 and "not empty" in again.output


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@prefix ex: <http://x#> .\nex:a ex:b ex:c .\nex:d ex:e ;;; .\n", "bad.ttl:3: invalid Turtle"),
        ("@prefix ex: <http://x#> .\nex:a a ex:Thing .\n", "no R2RML TriplesMap"),
        ("@prefix ex: <http://x#> .\nex:a ex:b unknown:c .\n", "bad.ttl:2"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(tmp_path: Path, text: str, expected: str) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", "ontology", str(bad), "--out", str(out)])
    assert result.exit_code == 1 and expected in result.output and "Traceback" not in result.output
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.ttl"]
    with pytest.raises(InteropError):
        import_ontology(tmp_path / "missing.ttl")
