"""Gold question sets: loading them and deciding whether an answer matches (rows, not SQL text).

>>> normalized_rows([(1, "a"), (2.0000001, "b")]) == normalized_rows([("b", 2), ("a", 1)])
True
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

DEMO_GOLD = Path(__file__).resolve().parents[1] / "semantic" / "demo" / "evals" / "questions.yml"
# Dev-only sets written later, each by an author who never saw the question reader (see gold/README.md)
DEMO_DEV_FILES = tuple(
    Path(__file__).resolve().parent / "gold" / name
    for name in (
        "demo_dev_extra.yml",
        "demo_dev_fresh.yml",
        "demo_dev_fresh2.yml",
        "demo_dev_fresh3.yml",
        "demo_dev_fresh4.yml",
        "demo_dev_fresh5.yml",
        "demo_dev_fresh6.yml",
        "demo_dev_fresh7.yml",
        "demo_dev_fresh8.yml",
        "demo_dev_fresh9.yml",
        "demo_dev_fresh10.yml",
        "demo_dev_fresh11.yml",
        "demo_dev_fresh12.yml",
        "demo_dev_fresh13.yml",
        "demo_dev_fresh14.yml",
        "demo_dev_fresh15.yml",
        "demo_dev_fresh16.yml",
        "demo_dev_fresh17.yml",
        "demo_dev_fresh18.yml",
        "demo_dev_fresh19.yml",
    )
)


class GoldQuestion(BaseModel):
    """One gold question: the words, and what a right answer is (rows, truth SQL, a query, or a clarification)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(..., description="Unique id, e.g. q001.")
    question: str = Field(..., description="The question as a user or agent would ask it.")
    domain: Optional[str] = Field(None, description="Domain the question belongs to (for reports).")
    tags: tuple[str, ...] = Field((), description="What it exercises: time, value_filter, top_n, ... (for reports).")
    split: Optional[Literal["dev", "test"]] = Field(None, description="dev (tune on it) or test (report only).")
    rows: Optional[list[list[Any]]] = Field(None, description="The expected rows (order and column names ignored).")
    sql: Optional[str] = Field(None, description="A read-only SELECT over the warehouse whose rows are the truth.")
    query: Optional[dict[str, Any]] = Field(None, description="A semctx query whose rows are the truth.")
    expect: Optional[Literal["clarification"]] = Field(None, description="'clarification': asking back is right.")
    options: tuple[str, ...] = Field((), description="For clarifications: acceptable candidate names.")

    @model_validator(mode="after")
    def _has_truth(self) -> "GoldQuestion":
        if self.expect is None and self.rows is None and self.sql is None and self.query is None:
            raise ValueError("give rows, sql or query (the expected answer), or expect: clarification")
        return self


class GoldFile(BaseModel):
    """A project's gold questions file (``evals.gold`` in semctx.yml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    questions: list[GoldQuestion] = Field(..., min_length=1, description="The gold questions.")


def read_gold_file(path: Path) -> list[GoldQuestion]:
    """Validated gold questions; problems are reported as ``file:line`` (ModelValidationError).

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "q.yml"
    >>> _ = p.write_text("questions:\\n  - {id: a, question: revenue}\\n")
    >>> read_gold_file(p)
    Traceback (most recent call last):
    ...
    semantic.errors.ModelValidationError: the model has 1 error(s):
    q.yml:2: gold: questions.0: Value error, give rows, sql or query ...
    """
    from governance.yaml_file import read_checked
    from semantic.errors import ModelValidationError
    from semantic.model.issues import Issue

    parsed, _ = read_checked(path, GoldFile, "gold")
    if parsed is None:
        raise ModelValidationError([Issue("error", "gold", f"gold questions file {path} does not exist", path.name)])
    seen: set[str] = set()
    for item in parsed.questions:
        if item.id in seen:
            raise ModelValidationError([Issue("error", "gold", f"question id {item.id!r} is used twice", path.name)])
        seen.add(item.id)
    return parsed.questions


def demo_gold_files(split: str) -> list[Path]:
    """The demo's gold files for a split: the extra and fresh files hold dev questions only."""
    files = [DEMO_GOLD]
    if split in ("dev", "all"):
        files += [path for path in DEMO_DEV_FILES if path.exists()]
    return files


def load_gold(path: Path = DEMO_GOLD, split: str | None = None) -> list[dict[str, Any]]:
    """Items of a gold file (optionally one split: 'dev' or 'test')."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [item for item in items if split is None or item["split"] == split]


@contextmanager
def demo_with_truth(scale: float = 0.1) -> Iterator[tuple[Any, Any]]:
    """A fresh demo project's layer and a read-only copy of its warehouse for the gold SQL, closed afterwards."""
    import duckdb

    from semantic.api import SemanticLayer
    from semantic.demo import WAREHOUSE_FILE, build_demo_project

    with tempfile.TemporaryDirectory() as tmp:
        root = build_demo_project(Path(tmp) / "demo", scale=scale)
        copy = Path(tmp) / "truth.duckdb"
        shutil.copyfile(root / WAREHOUSE_FILE, copy)
        truth = duckdb.connect(str(copy), read_only=True)
        layer = SemanticLayer.load(root)
        try:
            yield layer, truth
        finally:
            truth.close()
            layer.close()


def expects_clarification(item: dict[str, Any]) -> bool:
    return item.get("expect") == "clarification"


def judge(rows: Optional[list], expected: Optional[list], expect_clarification: bool) -> str:
    """correct, wrong (rows that differ, or rows where asking back was right) or asked_back.

    >>> judge([(1.0000001, "a")], [("a", 1)], False), judge(None, None, True), judge([(1,)], None, True)
    ('correct', 'correct', 'wrong')
    >>> judge(None, [(1,)], False), judge([(2,)], [(1,)], False)
    ('asked_back', 'wrong')
    """
    if rows is None:
        return "correct" if expect_clarification else "asked_back"
    if expect_clarification:
        return "wrong"
    return "correct" if normalized_rows(rows) == normalized_rows(expected or []) else "wrong"


def normalize(value: Any) -> Any:
    """One value in comparable form: dates as ISO text, numbers to 6 significant digits."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        number = float(value)
        if number == 0 or not math.isfinite(number):
            return number
        return float(f"{number:.6g}")
    return str(value)


def normalized_rows(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows as sorted tuples of normalized values (column order and names ignored), the list sorted too."""
    out = []
    for row in rows:
        values = [normalize(v) for v in row]
        out.append(tuple(sorted(values, key=lambda v: (type(v).__name__, str(v)))))
    return sorted(out, key=repr)
