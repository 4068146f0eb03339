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
from typing import Any, Iterable, Iterator

import yaml

DEMO_GOLD = Path(__file__).resolve().parent / "gold" / "demo_questions.yml"
DEMO_DEV_EXTRA = Path(__file__).resolve().parent / "gold" / "demo_dev_extra.yml"


def demo_gold_files(split: str) -> list[Path]:
    """The demo's gold files for a split: the extra file holds dev questions only."""
    files = [DEMO_GOLD]
    if split in ("dev", "all") and DEMO_DEV_EXTRA.exists():
        files.append(DEMO_DEV_EXTRA)
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
