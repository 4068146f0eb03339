"""An indexed demo project (with policies) for the MCP server tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from semantic.api import SemanticLayer
from semantic.demo import build_demo_project

os.environ.setdefault("FASTMCP_SHOW_SERVER_BANNER", "false")


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_demo_project(tmp_path_factory.mktemp("served") / "demo", scale=0.05)
    layer = SemanticLayer.load(root)
    try:
        layer.build_index()
    finally:
        layer.close()
    return root


@pytest.fixture(scope="session")
def served_layer(served_root: Path):
    layer = SemanticLayer.load(served_root)
    yield layer
    layer.close()
