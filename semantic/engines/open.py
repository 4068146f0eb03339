"""The engine a project's ``warehouse`` names: DuckDB (the default, a file or memory), PostgreSQL or Spark."""

from __future__ import annotations

import os
from pathlib import Path

from semantic.engines.base import Engine
from semantic.errors import EngineError
from semantic.model.semantic_model import SemanticModel


def open_engine(model: SemanticModel) -> Engine:
    """The engine ``warehouse.type`` names: DuckDB (default), PostgreSQL or Spark."""
    settings = model.config.warehouse
    path = None
    if settings.path:
        path = Path(settings.path)
        if not path.is_absolute() and model.root is not None:
            path = model.root / path
    if settings.type == "postgres":
        from semantic.engines.postgres_engine import PostgresEngine, expand_url

        if not settings.url:
            raise EngineError("warehouse.type postgres needs warehouse.url, e.g. postgresql://${PGUSER}@host/db")
        return PostgresEngine(expand_url(settings.url, os.environ))
    if settings.type == "spark":
        from semantic.engines.spark_engine import SparkEngine

        if path is None:
            raise EngineError("warehouse.type spark needs warehouse.path: a folder of parquet tables")
        return SparkEngine(path, master=settings.master)
    from semantic.engines.duckdb_engine import DuckDBEngine

    return DuckDBEngine(path, read_only=settings.read_only)
