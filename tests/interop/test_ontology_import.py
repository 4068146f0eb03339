"""`semctx import ontology` on a realistic, imperfect OWL ontology + R2RML mapping over the demo warehouse
(ontologies/, written separately from the importer): every imperfection reported with its line, the model valid,
and each hand-written check (ontologies/acme_retail_checks.yml) answered with the rows of its hand-written SQL."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml
from click.testing import CliRunner

from evals.gold import normalize
from semantic.api import SemanticLayer
from semantic.cli import main
from semantic.demo import WAREHOUSE_FILE, build_demo_project

ONTOLOGIES = Path(__file__).resolve().parents[2] / "ontologies"
CHECKS = yaml.safe_load((ONTOLOGIES / "acme_retail_checks.yml").read_text(encoding="utf-8"))["checks"]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("onto")
    demo = build_demo_project(base / "demo", scale=0.05)
    warehouse = base / "warehouse.duckdb"
    shutil.copyfile(demo / WAREHOUSE_FILE, warehouse)
    shutil.copyfile(demo / WAREHOUSE_FILE, base / "truth.duckdb")  # the same data, for the hand-written SQL
    out = base / "acme"
    result = CliRunner().invoke(
        main,
        [
            "import",
            "ontology",
            str(ONTOLOGIES / "acme_retail.ttl"),
            "--mapping",
            str(ONTOLOGIES / "acme_retail_r2rml.ttl"),
            "--out",
            str(out),
            "--warehouse",
            str(warehouse),
        ],
    )
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def layer(imported):
    layer = SemanticLayer.load(imported[0])
    yield layer
    layer.close()


def test_every_imperfection_is_reported_with_its_line(imported) -> None:
    _, output = imported
    expected = [
        ("acme_retail_r2rml.ttl:", "class SupportTicket is mapped but not declared"),
        ("acme_retail.ttl:68", "class Campaign is declared but no R2RML mapping"),
        ("acme_retail_r2rml.ttl:", "column 'Order_Total' of orders is spelled 'order_total'"),
        ("acme_retail_r2rml.ttl:77", "locatedIn joins region on region_id, not on its key"),
        ("acme_retail_r2rml.ttl:", "property lineDiscount is used in the mapping but not declared"),
        ("acme_retail_r2rml.ttl:", "maps Customer again over the same table and template"),
    ]
    for where, words in expected:
        line = next((x for x in output.splitlines() if words in x), None)
        assert line is not None and where in line, words
    assert "validates" in output
    assert (imported[0] / "import-report.md").read_text().count("**warning**") == 6


def test_the_model_reads_like_the_ontology(layer: SemanticLayer) -> None:
    entities = layer.graph.entities
    assert set(entities) == {"customer", "order", "order_item", "product", "region", "store", "support_ticket"}
    order = entities["order"]
    assert order.label == "Order" and order.description and order.default_time_dimension
    types = {d.name: d.type for d in order.dimensions}
    assert types["order_total"] == "number" and types["order_date"] == "time"
    customer = {d.name for d in entities["customer"].dimensions}
    assert {"email", "full_name"} <= customer  # the two customer mappings became one entity
    line_discount = next(d for d in entities["order_item"].dimensions if d.name == "line_discount")
    assert line_discount.type == "number"  # undeclared in the ontology: typed from the warehouse column
    assert "total_order_total" in layer.graph.metrics and "order_count" in layer.graph.metrics


@pytest.mark.parametrize("check", CHECKS, ids=[c["id"] for c in CHECKS])
def test_checks_give_the_rows_of_hand_written_sql(layer: SemanticLayer, imported, check: dict) -> None:
    got = layer.query(check["query"]).rows
    with duckdb.connect(str(imported[0].parent / "truth.duckdb"), read_only=True) as connection:
        truth = connection.execute(check["sql"]).fetchall()
    assert len(got) == len(truth) == check["rows"]
    for mine, theirs in zip(sorted(got, key=_key), sorted(truth, key=_key)):
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs):
            if isinstance(a, (int, float)) or isinstance(b, (int, float)) or hasattr(a, "as_tuple"):
                assert math.isclose(float(a), float(b), abs_tol=0.011), (mine, theirs)
            else:
                assert normalize(a) == normalize(b), (mine, theirs)


def _key(row: tuple) -> tuple:
    return tuple(str(v) for v in row)


CYCLIC = """\
@prefix rr: <http://www.w3.org/ns/r2rml#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.com/x#> .
ex:A a owl:Class ; rdfs:subClassOf ex:B .
ex:B a owl:Class ; rdfs:subClassOf ex:A .
ex:AMap rr:logicalTable [ rr:tableName "a" ] ;
  rr:subjectMap [ rr:template "https://example.com/a/{id}" ; rr:class ex:A ] ;
  rr:predicateObjectMap [ rr:predicate ex:toB ;
    rr:objectMap [ rr:parentTriplesMap ex:BMap ; rr:joinCondition [ rr:child "b_id" ; rr:parent "id" ] ] ] .
ex:BMap rr:logicalTable [ rr:tableName "b" ] ;
  rr:subjectMap [ rr:template "https://example.com/b/{id}" ; rr:class ex:B ] ;
  rr:predicateObjectMap [ rr:predicate ex:toA ;
    rr:objectMap [ rr:parentTriplesMap ex:AMap ; rr:joinCondition [ rr:child "a_id" ; rr:parent "id" ] ] ] .
"""


def test_cycles_are_reported_and_the_model_still_written(tmp_path: Path) -> None:
    from semantic.interop.ontology import import_ontology

    path = tmp_path / "cyclic.ttl"
    path.write_text(CYCLIC, encoding="utf-8")
    files, problems, _ = import_ontology(path)
    messages = [p.line() for p in problems]
    assert any("rdfs:subClassOf cycle" in m and ("cyclic.ttl:5" in m or "cyclic.ttl:6" in m) for m in messages)
    assert any("relationships form a cycle" in m for m in messages), messages
    model = next(iter(files.values()))
    assert {e["name"] for e in model["entities"]} == {"a", "b"} and len(model["relationships"]) == 2
