"""Property-based tests of the YAML loader: whatever the text, ``load_texts`` returns (model, issues), never raises.

Three generators: arbitrary text, arbitrary YAML documents (random nested structures, some shaped like the
model's sections), and random mutations of the real soundness model file. On top of "never raises" we check the
issues are well formed (level, code, message, a known file, a line inside the file) and that building the graph
and validating the model either works or raises a typed ModelValidationError, never anything else.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semantic.errors import SemctxError
from semantic.graph.graph import SemanticGraph
from semantic.model.issues import Issue
from semantic.model.loader import SECTIONS, load_texts
from semantic.model.rules import validate_model
from semantic.model.semantic_model import SemanticModel

MODEL_TEXT = (
    Path(__file__).resolve().parent / "fixtures" / "projects" / "soundness" / "models" / "model.yml"
).read_text(encoding="utf-8")
MODEL_LINES = MODEL_TEXT.splitlines()

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCABULARY = sorted(
    set(SECTIONS)
    | {
        "name",
        "domain",
        "table",
        "sql",
        "primary_key",
        "default_time_dimension",
        "dimensions",
        "measures",
        "type",
        "expr",
        "grain",
        "pii",
        "agg",
        "percentile",
        "measure",
        "filter",
        "numerator",
        "denominator",
        "inputs",
        "metric",
        "alias",
        "offset",
        "window",
        "grain_to_date",
        "from",
        "to",
        "from_key",
        "to_key",
        "cardinality",
        "question",
        "query",
        "metrics",
        "description",
        "synonyms",
        "meta",
        "label",
        "owner",
        "certified",
        "tags",
    }
)
VALUES = [
    "orders",
    "customers",
    "amount",
    "sum",
    "count",
    "median",
    "percentile",
    "ratio",
    "derived",
    "cumulative",
    "simple",
    "time",
    "day",
    "month",
    "year",
    "1 year",
    "7 day",
    "many_to_one",
    "one_to_many",
    "customer_id",
    "orders.amount",
    "gross_sales",
    "x > 1",
    "SELECT 1",
    "",
    "~",
    "null",
    0,
    -1,
    1.5,
    True,
    None,
]


def check_result(result: object, filenames: list[str], texts: dict[str, str]) -> SemanticModel:
    assert isinstance(result, tuple) and len(result) == 2
    model, issues = result
    assert isinstance(model, SemanticModel)
    assert isinstance(issues, list)
    for issue in issues:
        assert isinstance(issue, Issue)
        assert issue.level in ("error", "warning")
        assert isinstance(issue.code, str) and issue.code
        assert isinstance(issue.message, str) and issue.message
        assert issue.file is None or issue.file in filenames
        if issue.line is not None:
            assert isinstance(issue.line, int) and issue.line >= 1
            if issue.file in texts:
                assert issue.line <= _yaml_lines(texts[issue.file]) + 2, issue
        issue.format()
        issue.to_dict()
    return model


def check_graph_and_rules(model: SemanticModel) -> None:
    """Building the graph and running the rules may report issues, never crash."""
    try:
        graph = SemanticGraph(model)
        issues = validate_model(model, graph)
    except SemctxError:
        return
    assert all(isinstance(issue, Issue) for issue in issues)


@FAST
@given(st.text(max_size=400))
def test_any_text_loads_without_raising(text: str) -> None:
    texts = {"m.yml": text}
    check_result(load_texts(texts), ["m.yml"], texts)


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_decoded_load_without_raising(data: bytes) -> None:
    texts = {"b.yml": data.decode("latin-1")}
    check_result(load_texts(texts), ["b.yml"], texts)


def yaml_values() -> st.SearchStrategy:
    scalars = st.one_of(
        st.sampled_from(VALUES),
        st.text(max_size=12),
        st.integers(),
        st.floats(allow_nan=False),
        st.booleans(),
        st.none(),
    )
    keys = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=8))
    return st.recursive(
        scalars,
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
        max_leaves=30,
    )


def model_shaped() -> st.SearchStrategy:
    element = st.dictionaries(st.sampled_from(VOCABULARY), yaml_values(), max_size=6)
    return st.dictionaries(
        st.sampled_from(sorted(SECTIONS)), st.one_of(st.lists(element, max_size=3), yaml_values()), max_size=4
    )


@FAST
@given(st.one_of(yaml_values(), model_shaped()))
def test_random_yaml_structures_load_without_raising(document: object) -> None:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    texts = {"models/random.yml": text}
    model = check_result(load_texts(texts), ["models/random.yml"], texts)
    check_graph_and_rules(model)


@FAST
@given(st.lists(model_shaped(), min_size=1, max_size=3))
def test_several_random_files_load_without_raising(documents: list[object]) -> None:
    texts = {f"models/f{i}.yml": yaml.safe_dump(doc, sort_keys=False) for i, doc in enumerate(documents)}
    model = check_result(load_texts(texts), list(texts), texts)
    check_graph_and_rules(model)


@st.composite
def mutated_model(draw: st.DrawFn) -> str:
    lines = list(MODEL_LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "indent", "dedent", "replace_word", "insert", "truncate", "char"]
            )
        )
        line = lines[index]
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "indent":
            lines[index] = "  " + line
        elif kind == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif kind == "replace_word":
            words = [w for w in line.replace("{", " ").replace("}", " ").replace(",", " ").split() if w]
            if words:
                word = draw(st.sampled_from(words))
                replacement = draw(
                    st.one_of(st.sampled_from([str(v) for v in VALUES] + VOCABULARY), st.text(max_size=6))
                )
                lines[index] = line.replace(word, replacement, 1)
        elif kind == "insert":
            lines.insert(index, draw(st.text(max_size=30)))
        elif kind == "truncate":
            lines[index] = line[: draw(st.integers(0, len(line)))]
        else:
            position = draw(st.integers(0, len(line)))
            lines[index] = line[:position] + draw(st.sampled_from(list(":{}[]-&*!|>'\"#%@`,?\t"))) + line[position:]
    return "\n".join(lines) + "\n"


def test_the_unmutated_model_is_clean() -> None:
    model, issues = load_texts({"models/model.yml": MODEL_TEXT})
    assert issues == []
    assert not [i for i in validate_model(model, SemanticGraph(model)) if i.level == "error"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_model())
def test_mutated_model_loads_without_raising(text: str) -> None:
    texts = {"models/model.yml": text}
    model = check_result(load_texts(texts), ["models/model.yml"], texts)
    check_graph_and_rules(model)


def _yaml_lines(text: str) -> int:
    """Line breaks as YAML counts them (it also breaks lines at CR, NEL, LS and PS)."""
    import re

    return len(re.findall(r"\r\n|[\n\r\x85\u2028\u2029]", text))
