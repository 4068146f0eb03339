"""What importers produce: YAML model files written all at once (or not at all), and the problems met on the way.

An importer builds plain dicts in semctx's YAML shape (``domains``, ``entities``, ``relationships``, ``metrics``),
collects :class:`ImportProblem` records (where, what, and what it did about it), and calls
:func:`write_project`, which writes ``semctx.yml``, ``models/*.yml`` and ``import-report.md`` into a temporary
folder beside the target and moves it into place only when everything is written.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp()) / "shop"
>>> problems = [ImportProblem("warning", "shop.ttl:3", "class ex:Store has no mapping", "kept without a table")]
>>> write_project(out, {"shop.yml": {"entities": []}}, name="shop", problems=problems).name
'shop'
>>> sorted(p.name for p in out.iterdir())
['import-report.md', 'models', 'semctx.yml']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from semantic.errors import SemctxError
from semantic.staging import staged_folder


class InteropError(SemctxError):
    """An input that cannot be imported at all (unreadable file, invalid syntax, nothing usable)."""

    code = "import_failed"


@dataclass(frozen=True)
class ImportProblem:
    level: str  # warning | error
    where: str  # file:line, file, or the IRI / YAML path concerned
    message: str
    action: str  # what the importer did about it

    def line(self) -> str:
        return f"{self.level}: {self.where}: {self.message} -> {self.action}"


def snake(text: str) -> str:
    """A name semctx accepts, from a local name, label or column.

    >>> snake("CustomerOrder"), snake("hasCustomer"), snake("order-total (USD)"), snake("3rdParty")
    ('customer_order', 'has_customer', 'order_total_usd', 'n_3rd_party')
    """
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text.strip())
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    if not text:
        return "unnamed"
    return f"n_{text}" if text[0].isdigit() else text


def write_project(
    out: Path,
    files: dict[str, dict[str, Any]],
    *,
    name: str,
    problems: list[ImportProblem],
    warehouse: Optional[str] = None,
    source: str = "",
    force: bool = False,
) -> Path:
    """Write a project folder: ``semctx.yml``, one YAML file per entry of ``files`` under ``models/``, and the
    report. An existing non-empty ``out`` is replaced only with ``force``; nothing is left half-written."""
    out = Path(out).expanduser().absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise InteropError(f"{out} already exists and is not empty; choose another --out or pass --force")
    with staged_folder(out) as staging:
        config: dict[str, Any] = {"name": snake(name), "models": "models", "dialect": "duckdb"}
        if warehouse:
            config["warehouse"] = {"type": "duckdb", "path": warehouse}
        header = f"# semctx project imported from {source}\n" if source else ""
        (staging / "semctx.yml").write_text(header + _dump(config), encoding="utf-8")
        (staging / "models").mkdir()
        for filename, data in files.items():
            text = f"# Imported from {source}. Meant to be read and edited.\n" if source else ""
            (staging / "models" / filename).write_text(text + _dump(data), encoding="utf-8")
        (staging / "import-report.md").write_text(report_text(problems, source), encoding="utf-8")
    return out


def report_text(problems: list[ImportProblem], source: str) -> str:
    lines = [f"# Import report: {source}" if source else "# Import report", ""]
    if not problems:
        lines.append("No problems found.")
    lines += [f"- **{p.level}** `{p.where}`: {p.message}. *Done:* {p.action}." for p in problems]
    return "\n".join(lines) + "\n"


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
