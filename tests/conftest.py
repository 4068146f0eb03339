"""Shared fixtures: the soundness project, copied to a temporary folder with its warehouse built from data.sql.

The warehouse is never committed: ``warehouse.duckdb`` is created from ``data.sql`` in a fresh copy of the project,
so every number the tests assert is derived from rows visible in that one SQL file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from engine_support import postgres_server, spark_ready  # noqa: F401 - fixtures for the engine conformance tests
from hypothesis import settings

from semantic.api import SemanticLayer

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "projects"
# Thousands of queries each append an audit record; fsync per record would double the suite's time. The crash-
# safety test (tests/governance/test_audit.py) writes with fsync on.
os.environ.setdefault("SEMCTX_AUDIT_FSYNC", "0")
SOUNDNESS = FIXTURES / "soundness"


def build_project(source: Path, target: Path) -> Path:
    """Copy the project folder ``source`` to ``target`` (without any .duckdb file) and build its warehouse."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.duckdb", "*.duckdb.wal"))
    connection = duckdb.connect(str(target / "warehouse.duckdb"))
    try:
        connection.execute((target / "data.sql").read_text(encoding="utf-8"))
    finally:
        connection.close()
    return target


@pytest.fixture(scope="session")
def soundness_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of tests/fixtures/projects/soundness with warehouse.duckdb built from data.sql."""
    return build_project(SOUNDNESS, tmp_path_factory.mktemp("soundness") / "project")


@pytest.fixture
def fresh_soundness_root(tmp_path: Path) -> Path:
    """Like ``soundness_root`` but per test, for tests that must not share state."""
    return build_project(SOUNDNESS, tmp_path / "project")


@pytest.fixture(scope="session")
def layer(soundness_root: Path):
    """One SemanticLayer over the soundness project, shared by the read-only tests."""
    loaded = SemanticLayer.load(soundness_root)
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory):
    """The Acme Retail demo at scale 0.05, one layer shared by tests that only read it."""
    from semantic.demo import build_demo_project

    loaded = SemanticLayer.load(build_demo_project(tmp_path_factory.mktemp("small") / "demo", scale=0.05))
    yield loaded
    loaded.close()


# CI runs hypothesis with fixed examples so a submission's result does not depend on luck; locally it explores.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
