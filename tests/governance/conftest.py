"""The demo project with its policies.yml (roles admin, west_sales, finance; principals ana, fred, nora)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from semantic.api import SemanticLayer
from semantic.demo import build_demo_project


@pytest.fixture(scope="session")
def governed_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_project(tmp_path_factory.mktemp("governed") / "demo", scale=0.05)


@pytest.fixture(scope="session")
def governed(governed_root: Path):
    layer = SemanticLayer.load(governed_root)
    yield layer
    layer.close()


@pytest.fixture
def project_copy(governed_root: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(governed_root, target)
    return target
