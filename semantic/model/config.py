"""The project file ``semctx.yml``: where the model lives and which warehouse runs it.

>>> ProjectConfig(name="demo").models
'models'
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

CONFIG_FILE = "semctx.yml"


class WarehouseConfig(BaseModel):
    """A connection. Credentials never live here: ``url`` may name ``${ENV_VARS}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["duckdb", "postgres", "spark"] = "duckdb"
    path: Optional[str] = Field(
        None, description="duckdb: the database file; spark: a folder of parquet tables (relative to the project)."
    )
    url: Optional[str] = Field(
        None, description="postgres: postgresql://user@host:port/db; ${VAR}s are read from the environment."
    )
    master: str = Field("local[2]", description="spark: the Spark master (local mode by default).")
    read_only: bool = Field(True, description="Open the warehouse read-only when querying.")
    row_limit: int = Field(100_000, ge=1, description="Most rows a query returns; more sets truncated.")
    timeout_seconds: float = Field(60.0, gt=0, description="Queries running longer are interrupted.")
    result_cache_mb: int = Field(
        64,
        ge=0,
        description="Memory for result rows of warehouses that cannot change while semctx holds them open "
        "(a DuckDB file opened read-only); the same SQL is then answered from memory. 0 turns it off.",
    )


class LlmConfig(BaseModel):
    """Optional LLM for questions the offline compiler cannot answer (any litellm provider).

    Keys come from the provider's usual environment variables (e.g. OPENAI_API_KEY), never from YAML.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = Field(..., description="litellm model name, e.g. 'openai/gpt-4o-mini' or 'ollama/llama3'.")
    fallbacks: tuple[str, ...] = Field((), description="Models tried in order when the first fails.")
    api_base: Optional[str] = Field(None, description="Base URL, e.g. a local server.")
    max_repairs: int = Field(2, ge=0, le=5, description="Times a rejected answer is sent back with the error.")
    temperature: float = Field(0.0, ge=0, le=2)
    timeout_seconds: float = Field(30.0, gt=0)
    mode: Literal["fallback", "always"] = Field(
        "fallback", description="fallback: only when the offline compiler asks back; always: every question."
    )


class RetrievalConfig(BaseModel):
    """Where the context index lives and how big a packed context may be."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index_dir: str = Field(".semctx/index", description="lancedb index folder, relative to the project folder.")
    knowledge: str = Field("knowledge", description="Folder (relative) of markdown knowledge documents.")
    budget: int = Field(800, ge=0, le=200_000, description="Default token budget of a packed context.")


class AuditConfig(BaseModel):
    """The audit log: one JSON line per facade call (see governance/audit.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = Field(True, description="Record every facade call.")
    path: str = Field(".semctx/audit.jsonl", description="Log file, relative to the project folder.")
    fsync: bool = Field(True, description="Flush each record to disk before the call returns (crash-safe).")


class ServeToken(BaseModel):
    """A bearer token for `semctx serve --http`, stored as its SHA-256 (never in clear), mapped to a principal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principal: str = Field(..., description="Principal of policies.yml the token acts as.")
    sha256: str = Field(..., pattern=r"^[0-9a-f]{64}$", description="hex SHA-256 of the token.")


class ServeJwt(BaseModel):
    """JWT verification for `semctx serve --http`: the key comes from a file or an environment variable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    public_key_file: Optional[str] = Field(None, description="PEM public key, relative to the project folder.")
    public_key_env: Optional[str] = Field(None, description="Environment variable holding the PEM public key.")
    issuer: Optional[str] = None
    audience: Optional[str] = None
    roles_claim: str = Field("roles", description="Claim listing the principal's roles (optional).")


class ServeConfig(BaseModel):
    """The MCP server: who stdio acts as, and how HTTP callers authenticate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principal: str = Field("local", description="Principal for stdio (override: semctx --as NAME serve).")
    tokens: tuple[ServeToken, ...] = Field((), description="Bearer tokens accepted over HTTP.")
    jwt: Optional[ServeJwt] = Field(None, description="Also accept JWTs signed by this key.")


class EvalThresholds(BaseModel):
    """Gates for ``semctx eval``: a summary figure below its ``min`` or above its ``max`` fails the run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: dict[str, float] = Field(
        default_factory=dict, description="Lowest acceptable value per figure, e.g. {'completion@800': 0.6}."
    )
    max: dict[str, float] = Field(
        default_factory=dict, description="Highest acceptable value per figure, e.g. {'pii_leakage': 0}."
    )


class EvalConfig(BaseModel):
    """``semctx eval``: the project's gold questions, the context budgets to try, where reports go, gates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gold: str = Field("evals/questions.yml", description="Gold questions file, relative to the project folder.")
    budgets: tuple[int, ...] = Field((200, 400, 800, 1600, 3200), description="Context budgets (tokens) to score.")
    report_dir: str = Field(".semctx/eval", description="Report folder (Markdown, HTML, SVG, JSON), relative.")
    thresholds: EvalThresholds = Field(default_factory=EvalThresholds)


class ProjectConfig(BaseModel):
    """Top-level project settings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(..., description="Project name.")
    description: str = ""
    models: str = Field("models", description="Folder (relative) holding the model's YAML files.")
    dialect: str = Field("duckdb", description="SQL dialect of expressions written in the model.")
    warehouse: WarehouseConfig = Field(default_factory=WarehouseConfig)
    reference_date: Optional[str] = Field(None, description="'today' for relative dates (YYYY-MM-DD).")
    fiscal_year_start_month: int = Field(
        1, ge=1, le=12, description="Month the fiscal year starts (FY2025 starts in that month of 2025)."
    )
    llm: Optional[LlmConfig] = Field(None, description="Optional LLM for questions (off when absent).")
    retrieval: RetrievalConfig = Field(default_factory=RetrievalConfig)
    audit: AuditConfig = Field(default_factory=AuditConfig)
    serve: ServeConfig = Field(default_factory=ServeConfig)
    evals: EvalConfig = Field(default_factory=EvalConfig)
