"""The MCP server: a thin fastmcp shell over the facade. Every tool calls one facade method as the caller's principal.

The principal comes from the verified access token over HTTP (see ``auth.py``), else the server's own
principal (stdio). Domain errors become tool errors with the facade's text (did-you-mean, not permitted);
anything else is masked and logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated, Any, Optional

from pydantic import Field

from semantic.access import Principal
from semantic.errors import SemctxError

if TYPE_CHECKING:
    from fastmcp import FastMCP

    from semantic.api import SemanticLayer

log = logging.getLogger("semctx.serve")
READ_ONLY = {"readOnlyHint": True, "idempotentHint": True, "openWorldHint": False}
MAX_PAGE = 1000

WORKFLOW = """You answer business questions with the semctx semantic layer. Work in three steps:
1. Discover: list_domains, then search for the words of the question (metrics, dimensions, values).
2. Context: get_context(question) gives the metrics with formulas, the dimensions they can be grouped by, join
   paths, verified questions and business notes, in a few hundred tokens. Read its warnings and caveats.
3. Query: run_query with a structured query ({"metrics": [...], "dimensions": [...], "filters": [...],
   "order_by": [...], "limit": N}); use dimension_values to spell filter values. Or ask(question) directly.
Never write SQL yourself; report numbers with the metric's name and the filters used."""


def build_server(layer: "SemanticLayer", principal: Principal) -> "FastMCP":
    """A server over ``layer``; ``principal`` is used when a call carries no verified token (stdio)."""
    from fastmcp import FastMCP
    from fastmcp.exceptions import ToolError
    from fastmcp.server.dependencies import get_access_token

    mcp = FastMCP("semctx", instructions=WORKFLOW, mask_error_details=True)

    def who() -> Principal:
        token = get_access_token()
        if token is None:
            return principal
        claims = token.claims or {}
        roles = tuple(claims.get("roles") or ())
        attributes = dict(claims.get("attributes") or {})
        return Principal(str(claims.get("principal") or token.client_id), roles, attributes)

    def call(method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, principal=who(), **kwargs)
        except SemctxError as error:
            raise ToolError(error.message) from None
        except Exception:  # noqa: BLE001 - masked for the agent, logged for the operator
            log.exception("tool call failed")
            raise ToolError("internal error; the server log has the details") from None

    @mcp.tool(annotations=READ_ONLY)
    def list_domains() -> dict[str, Any]:
        """Business domains: name, description, number of metrics."""
        domains = call(layer.list, "domains")
        metrics = call(layer.list, "metrics")
        return {
            "domains": [
                {"name": d.name, "description": d.description, "metrics": sum(m.domain == d.name for m in metrics)}
                for d in domains
            ]
        }

    @mcp.tool(annotations=READ_ONLY)
    def search(
        phrase: str,
        domain: Optional[str] = None,
        kinds: Annotated[Optional[list[str]], Field(description="e.g. metric, dimension, knowledge")] = None,
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> dict[str, Any]:
        """Elements matching a phrase, best first."""
        results = call(layer.search, phrase, domain=domain, kinds=kinds, limit=limit)
        return {"results": [{"kind": r.kind, "name": r.name, "domain": r.domain, "score": r.score} for r in results]}

    @mcp.tool(annotations=READ_ONLY)
    def get_context(
        question: str, domain: Optional[str] = None, budget: Annotated[int, Field(ge=0, le=20000)] = 400
    ) -> dict[str, Any]:
        """Packed context for a question: metrics, dimensions, joins, notes; with its token count and warnings."""
        pack = call(layer.context, question, domain=domain, budget=budget)
        return {"text": pack.text, "tokens": pack.tokens, "tokenizer": pack.tokenizer, "warnings": pack.warnings}

    @mcp.tool(annotations=READ_ONLY)
    def describe(name: str) -> dict[str, Any]:
        """One element in full: formula, lineage, owner, certified, caveats."""
        detail = call(layer.describe, name)
        return detail.model_dump(exclude_defaults=True, exclude={"definition"})

    @mcp.tool(annotations=READ_ONLY)
    def dimension_values(
        dimension: str, prefix: str = "", limit: Annotated[int, Field(ge=1, le=200)] = 20
    ) -> dict[str, Any]:
        """Values of a dimension starting with a prefix (case-insensitive), to spell filters."""
        query: dict[str, Any] = {"dimensions": [dimension], "order_by": [dimension], "limit": limit}
        if prefix:
            escaped = "".join("\\" + c if c in "\\%_" else c for c in prefix).replace("'", "''")
            query["filters"] = [f"{dimension} ILIKE '{escaped}%' ESCAPE '\\'"]
        result = call(layer.query, query)
        return {"dimension": dimension, "values": [_plain(row[0]) for row in result.rows]}

    @mcp.tool(annotations=READ_ONLY)
    def compile_query(query: dict[str, Any], dialect: Optional[str] = None) -> dict[str, Any]:
        """Structured query to SQL for a dialect (default the warehouse's), without running it."""
        compiled = call(layer.compile, query, dialect=dialect)
        return {"sql": compiled.sql, "dialect": compiled.dialect, "columns": compiled.columns}

    @mcp.tool(annotations=READ_ONLY)
    def run_query(
        query: dict[str, Any],
        page: Annotated[int, Field(ge=1)] = 1,
        page_size: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 100,
    ) -> dict[str, Any]:
        """Run a structured query (governed). Rows come in pages; truncated means more rows exist."""
        wanted = page * page_size
        result = call(layer.query, query, row_limit=wanted + 1)
        rows = result.rows[(page - 1) * page_size : wanted]
        return {
            "columns": result.columns,
            "rows": [[_plain(v) for v in row] for row in rows],
            "page": page,
            "truncated": len(result.rows) > wanted or result.truncated,
            "redactions": result.redactions,
            "notes": result.notes,
        }

    @mcp.tool(annotations=READ_ONLY)
    def ask(question: str, domain: Optional[str] = None) -> dict[str, Any]:
        """A question in words: the reading, SQL and rows, or a clarification with options."""
        answer = call(layer.ask, question, domain=domain)
        data = answer.to_dict()
        data["rows"] = [[_plain(v) for v in row] for row in answer.rows[:MAX_PAGE]]
        return data

    @mcp.resource("semctx://domains", mime_type="text/markdown")
    def domains_resource() -> str:
        """The domains and their metrics, as markdown."""
        lines = ["# Domains"]
        for domain in call(layer.list, "domains"):
            lines.append(f"\n## {domain.name}\n{domain.description}")
            for metric in call(layer.list, "metrics", domain=domain.name):
                lines.append(f"- **{metric.name}**: {metric.description}")
        return "\n".join(lines)

    @mcp.resource("semctx://metrics/{name}", mime_type="text/markdown")
    def metric_resource(name: str) -> str:
        """One metric in full, as markdown."""
        return call(layer.describe, name).to_text()

    @mcp.prompt()
    def answer_with_semctx(question: str) -> str:
        """How to answer a business question with semctx: discover, get context, then query."""
        return f"{WORKFLOW}\n\nQuestion: {question}"

    return mcp


def _plain(value: Any) -> Any:
    """JSON-ready values (dates and decimals as text or numbers)."""
    import datetime as dt
    import decimal

    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value
