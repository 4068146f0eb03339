"""A demo project with its context index built once per test session (real lancedb, real embeddings)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from semantic.api import SemanticLayer
from semantic.demo import build_demo_project


@pytest.fixture(scope="session")
def indexed_demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_demo_project(tmp_path_factory.mktemp("retrieval") / "demo", scale=0.05)
    layer = SemanticLayer.load(root)
    try:
        report = layer.build_index()
        assert report.embedded == report.total > 200
    finally:
        layer.close()
    return root


@pytest.fixture(scope="session")
def demo_layer(indexed_demo_root: Path):
    """A layer over the indexed demo, shared by read-only tests."""
    layer = SemanticLayer.load(indexed_demo_root)
    yield layer
    layer.close()


@pytest.fixture
def private_demo(indexed_demo_root: Path, tmp_path: Path) -> Path:
    """A private copy of the indexed demo (model, knowledge, warehouse and index) that a test may change."""
    target = tmp_path / "demo"
    shutil.copytree(indexed_demo_root, target, symlinks=True)
    return target
