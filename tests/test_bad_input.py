"""Bad input, model side and query side: every problem is a typed error or an issue with file:line, quickly.

Model side: malformed YAML, unknown fields (did-you-mean), duplicate keys, a file over 20 MB, deep nesting, an
alias bomb and binary content. Query side: unknown names (did-you-mean), unknown dialects, SQL in filters and
wrongly typed query dicts.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from semantic.api import SemanticLayer
from semantic.errors import DialectError, FilterError, ModelValidationError, QueryError, SemctxError, UnknownNameError
from semantic.model.loader import load_texts

FILE = "models/bad.yml"


def issues_of(text: str, filename: str = FILE):
    started = time.perf_counter()
    _, issues = load_texts({filename: text})
    elapsed = time.perf_counter() - started
    return issues, elapsed


def only_issue(text: str):
    issues, _ = issues_of(text)
    assert len(issues) == 1, [i.format() for i in issues]
    return issues[0]


# ---- YAML and schema problems ---------------------------------------------------------------------


def test_yaml_syntax_error_has_file_and_line():
    issue = only_issue("entities:\n  - name: x\n    table: [unclosed\n  - name: y\n")
    assert issue.level == "error" and issue.code == "yaml_syntax"
    assert issue.file == FILE and issue.line in (3, 4)
    assert "invalid YAML" in issue.message
    assert issue.format().startswith(f"{FILE}:{issue.line}: ")


def test_bad_indentation_is_a_yaml_issue():
    issue = only_issue("entities:\n  - name: x\n   table: t\n")
    assert issue.code == "yaml_syntax" and issue.file == FILE and issue.line == 3


def test_unknown_field_with_did_you_mean():
    issue = only_issue("entities:\n  - name: orders\n    table: orders\n    primary_keys: id\n")
    assert issue.code == "schema" and issue.file == FILE and issue.line == 4
    assert "unknown field 'primary_keys'" in issue.message
    assert issue.suggestions == ("primary_key",)
    assert "did you mean 'primary_key'?" in issue.format()


def test_unknown_nested_field_points_at_its_line():
    issue = only_issue(
        "entities:\n  - name: orders\n    table: orders\n    dimensions:\n      - name: a\n        grian: day\n"
    )
    assert issue.line == 6 and "unknown field 'grian'" in issue.message and issue.suggestions == ("grain",)


def test_schema_issue_names_the_element_kind_in_words():
    """The message says "entity 'orders'", not a mangled plural ("entitie 'orders'")."""
    issue = only_issue("entities:\n  - name: orders\n    table: orders\n    primary_keys: id\n")
    assert "entity 'orders'" in issue.message, issue.message


def test_unknown_section_with_did_you_mean():
    issue = only_issue("entites:\n  - name: x\n")
    assert issue.code == "unknown_section" and issue.line == 1 and issue.suggestions == ("entities",)


def test_duplicate_key_is_reported_at_the_second_key():
    issue = only_issue("entities:\n  - name: x\n    table: a\n    table: b\n")
    assert issue.code == "yaml_syntax" and issue.line == 4
    assert "duplicate key 'table'" in issue.message


def test_file_over_20_mb_is_refused_quickly():
    text = "# " + "x" * (20 * 1024 * 1024) + "\nentities: []\n"
    issues, elapsed = issues_of(text)
    assert [i.code for i in issues] == ["yaml_syntax"]
    assert "20 MB" in issues[0].message and issues[0].file == FILE
    assert elapsed < 5


def test_deep_flow_nesting_is_refused_quickly():
    issues, elapsed = issues_of("entities: " + "[" * 5000 + "]" * 5000 + "\n")
    assert [i.code for i in issues] == ["yaml_syntax"] and "nested" in issues[0].message
    assert elapsed < 5


def test_deep_block_nesting_is_refused():
    text = "".join("  " * i + f"k{i}:\n" for i in range(150)) + "  " * 150 + "v\n"
    issues, elapsed = issues_of(text)
    assert [i.code for i in issues] == ["yaml_syntax"] and "nested" in issues[0].message
    assert elapsed < 5


def test_alias_bomb_is_refused_quickly():
    """Billion laughs: 9 levels of 9 aliases each expand to 9**9 (387 million) nodes if expanded naively."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    issues, elapsed = issues_of("\n".join(lines) + "\n")
    assert [i.code for i in issues] == ["yaml_syntax"]
    assert "alias" in issues[0].message
    assert elapsed < 5


@pytest.mark.parametrize("data", [bytes(range(256)), b"\x7fELF\x02\x01\x01\x00\x00\x00", b"PK\x03\x04\x14\x00"])
def test_binary_content_is_a_yaml_issue(data):
    issues, elapsed = issues_of(data.decode("latin-1"))
    assert issues and all(i.level == "error" and i.file == FILE for i in issues)
    assert issues[0].code == "yaml_syntax"
    assert elapsed < 5


def test_model_file_that_is_not_a_mapping():
    issue = only_issue("- just\n- a list\n")
    assert issue.code == "bad_file_shape" and issue.line == 1


def test_project_with_several_errors_reports_all_with_file_and_line(tmp_path: Path, soundness_root: Path):
    """SemanticLayer.load raises once, with every error (not just the first) and file:line in the message."""
    project = tmp_path / "project"
    shutil.copytree(soundness_root, project)
    (project / "models" / "bad.yml").write_text(
        "entities:\n  - name: extra\n    table: extra\n    primary_keys: id\n"
        "metrics:\n  - name: broken\n    measure: no_such_measure\n",
        encoding="utf-8",
    )
    (project / "models" / "worse.yml").write_text("entities: [unclosed\n", encoding="utf-8")
    with pytest.raises(ModelValidationError) as caught:
        SemanticLayer.load(project)
    error = caught.value
    files = {(i.file, i.line) for i in error.issues if i.level == "error"}
    assert ("models/bad.yml", 4) in files
    assert any(f == "models/worse.yml" for f, _ in files)
    assert any(i.code == "unknown_measure" for i in error.issues)
    assert "models/bad.yml:4:" in error.message
    assert error.to_dict()["code"] == "invalid_model"


def test_project_with_binary_model_file(tmp_path: Path, soundness_root: Path):
    """A file that is not UTF-8 becomes an issue naming it, not a UnicodeDecodeError."""
    project = tmp_path / "project"
    shutil.copytree(soundness_root, project)
    (project / "models" / "blob.yml").write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(ModelValidationError) as caught:
        SemanticLayer.load(project)
    assert any(i.file == "models/blob.yml" for i in caught.value.issues)


# ---- query problems -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, suggestion", [("revnue", "revenue"), ("gross_sale", "gross_sales"), ("ticket_cout", "ticket_count")]
)
def test_unknown_metric_suggests(layer, name, suggestion):
    with pytest.raises(UnknownNameError) as caught:
        layer.compile({"metrics": [name]})
    assert f"unknown metric {name!r}" in caught.value.message
    assert f"did you mean {suggestion!r}" in caught.value.message
    assert suggestion in caught.value.to_dict()["suggestions"]
    assert caught.value.code == "unknown_name"


@pytest.mark.parametrize(
    "name, suggestion",
    [("customers.segmnt", "customers.segment"), ("custmers.segment", "customers.segment"), ("segmnt", "segment")],
)
def test_unknown_dimension_suggests(layer, name, suggestion):
    with pytest.raises(UnknownNameError) as caught:
        layer.compile({"metrics": ["gross_sales"], "dimensions": [name]})
    assert f"unknown dimension {name!r}" in caught.value.message
    assert repr(suggestion) in caught.value.message


def test_unknown_name_in_filter_suggests(layer):
    with pytest.raises(FilterError) as caught:
        layer.compile({"metrics": ["gross_sales"], "filters": ["revnue > 1"]})
    assert "revnue" in caught.value.message and "did you mean 'revenue'" in caught.value.message


@pytest.mark.parametrize(
    "dialect, hint", [("postgress", "postgres"), ("snowflak", "snowflake"), ("nosuchdb", "duckdb")]
)
def test_unknown_dialect(layer, dialect, hint):
    with pytest.raises(DialectError) as caught:
        layer.compile({"metrics": ["gross_sales"]}, dialect=dialect)
    assert f"unknown SQL dialect {dialect!r}" in caught.value.message
    assert hint in caught.value.message
    assert caught.value.to_dict()["code"] == "unknown_dialect"


@pytest.mark.parametrize(
    "text",
    [
        "orders.status = 'a'; DROP TABLE orders",
        "orders.status IN (SELECT status FROM orders)",
        "orders.status = 'a' UNION SELECT name FROM customers",
        "read_csv('secrets.csv') IS NOT NULL",
        "1=1) OR (1=1",
    ],
)
def test_sql_in_filters_is_a_filter_error(layer, text):
    with pytest.raises(FilterError) as caught:
        layer.compile({"metrics": ["gross_sales"], "filters": [text]})
    assert text[:10] in caught.value.message
    assert caught.value.code == "invalid_filter"


@pytest.mark.parametrize(
    "query, key",
    [
        ({"metrics": 5}, "metrics"),
        ({"metrics": [None]}, "metrics"),
        ({"metrics": [["gross_sales"]]}, "metrics"),
        ({"metrics": ["gross_sales"], "limit": "ten"}, "limit"),
        ({"metrics": ["gross_sales"], "limit": -1}, "limit"),
        ({"metrics": ["gross_sales"], "filters": {"a": 1}}, "filters"),
        ({"metrics": ["gross_sales"], "via": [1]}, "via"),
        ({"metric": ["gross_sales"]}, "metric"),
        ({"metrics": [""]}, "metrics"),
    ],
)
def test_wrongly_typed_query_is_a_query_error(layer, query, key):
    with pytest.raises(QueryError) as caught:
        layer.compile(query)
    assert "invalid query" in caught.value.message and key in caught.value.message


@pytest.mark.parametrize("value", [None, 3, "gross_sales", ["gross_sales"]])
def test_query_that_is_not_a_mapping(layer, value):
    with pytest.raises(QueryError) as caught:
        layer.compile(value)
    assert "mapping" in caught.value.message


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"filters": ["orders.status = 'a'"]},
        {"order_by": ["-revenue"]},
        {"filters": ["revenue > 1"]},
    ],
)
def test_query_without_metrics_or_dimensions_is_a_query_error(layer, query):
    """Nothing to select: a QueryError at compile time, never SQL like ``SELECT FROM orders_agg`` that only the
    warehouse rejects (an order_by or HAVING naming a metric is not a metric to show)."""
    with pytest.raises(QueryError) as caught:
        layer.compile(query)
    assert "at least one metric or one dimension" in caught.value.message


def test_errors_are_semctx_errors_with_structured_form(layer):
    with pytest.raises(SemctxError) as caught:
        layer.compile({"metrics": ["gross_sales"], "dimensions": ["regions.region_name"]})
    data = caught.value.to_dict()
    assert data["code"] == "ambiguous_join_path" and data["message"] and data["paths"]
