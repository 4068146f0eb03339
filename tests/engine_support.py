"""Real engines for the conformance suite: a PostgreSQL server on loopback and a local Spark session.

PostgreSQL: ``SEMCTX_TEST_POSTGRES_URL`` (``make test`` starts one with ``.ci/postgres.sh`` and sets it), else this
starts one with the same script. Spark: pyspark in local mode, one session for the whole run. An engine that cannot
start is skipped with a loud message, except under ``CI=true``, where that fails the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from semantic.api import SemanticLayer

ROOT = Path(__file__).resolve().parents[1]


def unavailable(engine: str, reason: str) -> None:
    message = f"!!! {engine} is not available ({reason}): its conformance tests do not run"
    print(f"\n{message}\n", file=sys.stderr)
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " (CI=true: an engine may not be skipped)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url = os.environ.get("SEMCTX_TEST_POSTGRES_URL")
    if not url:
        started = subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh"), "start"], capture_output=True, text=True)
        if started.returncode != 0:
            unavailable("PostgreSQL", started.stderr.strip()[-300:] or "could not start")
        url = started.stdout.strip().splitlines()[-1]
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=10) as connection:
            connection.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means the engine is unavailable
        unavailable("PostgreSQL", f"{type(exc).__name__}: {exc}")
    return url


@pytest.fixture(scope="session")
def spark_ready() -> None:
    try:
        from semantic.engines.spark_engine import spark_session

        spark_session().sql("SELECT 1").collect()
    except Exception as exc:  # noqa: BLE001 - Java missing, pyspark missing, ...
        unavailable("Spark", f"{type(exc).__name__}: {str(exc)[:200]}")


def postgres_database(server_url: str, name: str) -> str:
    """A fresh database ``name`` on the server; its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server_url.rsplit("/", 1)[0] + "/" + name


def on_engine(root: Path, target: Path, warehouse: dict) -> SemanticLayer:
    """A copy of the project at ``root`` whose semctx.yml points at another engine."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".semctx"))
    config_file = target / "semctx.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["warehouse"] = warehouse
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return SemanticLayer.load(target)
