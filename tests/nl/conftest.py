from __future__ import annotations

from pathlib import Path

import pytest

from semantic.api import SemanticLayer
from semantic.demo import build_demo_project


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> SemanticLayer:
    root: Path = build_demo_project(tmp_path_factory.mktemp("nl") / "demo", scale=0.05)
    return SemanticLayer.load(root)
