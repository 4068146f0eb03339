"""Structure rules enforced mechanically: one-way imports and small files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["semantic", "retrieval", "governance", "evals", "context_server"]
# Who may import whom: the core imports none of the outer packages; the MCP shell is imported by none.
FORBIDDEN = {
    "semantic": {"retrieval", "governance", "evals", "context_server"},
    "retrieval": {"governance", "evals", "context_server"},
    "governance": {"evals", "context_server"},
    "evals": {"context_server"},
}


def _python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package: str) -> None:
    offenders = []
    for path in _python_files(package):
        bad = _imported_top_levels(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def test_files_stay_small() -> None:
    too_big = []
    for package in PACKAGES + ["tests", "benchmarks"]:
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).exists() else []:
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > 800:
                too_big.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_big, "files over 800 lines:\n" + "\n".join(too_big)


def test_no_path_guessing_in_packages() -> None:
    guessed = [
        str(p.relative_to(ROOT))
        for package in PACKAGES
        for p in _python_files(package)
        if ".parent.parent" in p.read_text(encoding="utf-8")
    ]
    assert not guessed, f"Path(__file__).parent.parent guessing in {guessed}"


def test_cli_start_up_stays_light() -> None:
    """The CLI module must not import heavy optional libraries at start-up."""
    import subprocess
    import sys

    code = (
        "import sys, semantic.cli; heavy = [m for m in ('litellm', 'lancedb', 'presidio_analyzer', 'fastembed', "
        "'duckdb', 'networkx') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"semantic.cli imports {out} at start-up"
