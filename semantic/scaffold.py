"""An empty project skeleton: ``semctx.yml`` and a commented model file to start from."""

from __future__ import annotations

import os
from pathlib import Path

from semantic.errors import SemctxError
from semantic.model.config import CONFIG_FILE

CONFIG = """# semctx project file. Schema: `semctx schema --kind project`.
name: {name}
models: models
dialect: duckdb
warehouse:
  type: duckdb
  path: warehouse.duckdb
"""

MODEL = """# yaml-language-server: $schema=../semctx.schema.json
# One file may hold any of: domains, entities, relationships, metrics, verified_questions, glossary.
domains:
  - name: sales
    description: Orders and the customers who place them.
entities: []
relationships: []
metrics: []
"""


def create_empty_project(directory: str | os.PathLike[str], *, force: bool = False) -> Path:
    root = Path(directory)
    if (root / CONFIG_FILE).exists() and not force:
        raise SemctxError(f"{root / CONFIG_FILE} already exists; use --force to replace it")
    (root / "models").mkdir(parents=True, exist_ok=True)
    (root / CONFIG_FILE).write_text(CONFIG.format(name=root.resolve().name or "project"), encoding="utf-8")
    model_file = root / "models" / "model.yml"
    if not model_file.exists():
        model_file.write_text(MODEL, encoding="utf-8")
    import json

    from semantic.model.schema import json_schema

    (root / "semctx.schema.json").write_text(json.dumps(json_schema("model"), indent=2) + "\n", encoding="utf-8")
    return root
