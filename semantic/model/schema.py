"""JSON Schema for model files and ``semctx.yml``, generated from the pydantic types (one source of truth).

>>> schema = json_schema("model")
>>> sorted(schema["properties"])[:3]
['domains', 'entities', 'glossary']
"""

from __future__ import annotations

from typing import Any, Literal

from semantic.model.config import ProjectConfig
from semantic.model.types import ModelFile


def json_schema(kind: Literal["model", "project"] = "model") -> dict[str, Any]:
    model = ModelFile if kind == "model" else ProjectConfig
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "semctx model file" if kind == "model" else "semctx project file (semctx.yml)"
    return schema
