"""Documentation that cannot drift: every CLI command and every YAML field appears in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from pydantic import BaseModel

from evals.gold import GoldFile, GoldQuestion
from governance.contracts import ColumnContract, ContractsFile, Freshness, RowCount, TableContract
from governance.policies import ColumnMask, PoliciesFile, PrincipalEntry, Role, RowFilter
from semantic.cli import main
from semantic.model.config import (
    AuditConfig,
    EvalConfig,
    EvalThresholds,
    LlmConfig,
    ProjectConfig,
    RetrievalConfig,
    ServeConfig,
    ServeJwt,
    ServeToken,
    WarehouseConfig,
)
from semantic.model.types import (
    Dimension,
    Domain,
    Entity,
    GlossaryTerm,
    Measure,
    Metric,
    MetricInput,
    Relationship,
    VerifiedQuestion,
)

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


COMMANDS = {name: main.get_command(click.Context(main), name) for name in main.list_commands(click.Context(main))}


def test_plugin_commands_are_listed() -> None:
    assert {"index", "context"} <= set(COMMANDS) and all(COMMANDS.values())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_cli_command_is_documented(command: str) -> None:
    assert f"`semctx {command}" in README, f"README does not document `semctx {command}`"


def test_every_cli_option_is_documented() -> None:
    missing = []
    for name, command in COMMANDS.items():
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in ("project", "help"):
                if not any(re.search(re.escape(opt) + r"(?![\w-])", README) for opt in param.opts):
                    missing.append(f"semctx {name} {param.opts[0]}")
    assert not missing, f"undocumented options: {missing}"


MODELS: list[type[BaseModel]] = [
    Domain,
    Entity,
    Dimension,
    Measure,
    Relationship,
    Metric,
    MetricInput,
    VerifiedQuestion,
    GlossaryTerm,
    ProjectConfig,
    WarehouseConfig,
    LlmConfig,
    RetrievalConfig,
    AuditConfig,
    ServeConfig,
    ServeToken,
    ServeJwt,
    EvalConfig,
    EvalThresholds,
    GoldFile,
    GoldQuestion,
    PoliciesFile,
    Role,
    RowFilter,
    ColumnMask,
    PrincipalEntry,
    ContractsFile,
    TableContract,
    ColumnContract,
    RowCount,
    Freshness,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_yaml_field_is_documented(model: type[BaseModel]) -> None:
    missing = [
        info.alias or name for name, info in model.model_fields.items() if f"`{info.alias or name}`" not in README
    ]
    assert not missing, f"{model.__name__} fields missing from README's field reference: {missing}"
