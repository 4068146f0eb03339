"""Every tool through the MCP protocol (fastmcp's in-memory client), as two principals with different rights."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from fastmcp import Client
from fastmcp.exceptions import ToolError

from context_server.server import build_server
from retrieval.tokens import TokenCounter
from semantic.access import Principal


def run(layer, who: str, tool: str, arguments: dict[str, Any]) -> Any:
    async def go() -> Any:
        async with Client(build_server(layer, Principal(who))) as client:
            return (await client.call_tool(tool, arguments)).data

    return asyncio.run(go())


def test_tool_list_is_complete_read_only_and_small(served_layer) -> None:
    async def go():
        async with Client(build_server(served_layer, Principal("local"))) as client:
            return await client.list_tools(), await client.list_resources(), await client.list_prompts()

    tools, resources, prompts = asyncio.run(go())
    assert {t.name for t in tools} == {
        "list_domains",
        "search",
        "get_context",
        "describe",
        "dimension_values",
        "compile_query",
        "run_query",
        "ask",
    }
    assert all(t.annotations and t.annotations.read_only_hint for t in tools)
    payload = json.dumps([t.model_dump(mode="json", exclude_none=True) for t in tools])
    assert TokenCounter().count(payload) < 2000
    assert "semctx://domains" in {str(r.uri) for r in resources} and prompts[0].name == "answer_with_semctx"


def test_two_principals_get_different_answers(served_layer) -> None:
    query = {"query": {"metrics": ["revenue"], "dimensions": ["customers.region"]}}
    assert [r[0] for r in run(served_layer, "ana", "run_query", query)["rows"]] == ["West"]
    assert len(run(served_layer, "fred", "run_query", query)["rows"]) == 5
    ana_domains = {d["name"] for d in run(served_layer, "ana", "list_domains", {})["domains"]}
    assert ana_domains == {"sales", "marketing"}
    with pytest.raises(ToolError, match="unknown metric 'headcount'"):
        run(served_layer, "ana", "run_query", {"query": {"metrics": ["headcount"]}})
    with pytest.raises(ToolError, match="not permitted"):
        run(served_layer, "ana", "run_query", {"query": {"metrics": ["gross_margin"]}})
    with pytest.raises(ToolError, match="did you mean 'revenue'"):
        run(served_layer, "fred", "run_query", {"query": {"metrics": ["revenu"]}})


def test_pagination_is_explicit(served_layer) -> None:
    query = {"dimensions": ["customers.customer_id"], "order_by": ["customers.customer_id"]}
    first = run(served_layer, "local", "run_query", {"query": query, "page_size": 40})
    second = run(served_layer, "local", "run_query", {"query": query, "page": 2, "page_size": 40})
    assert first["truncated"] and len(first["rows"]) == 40 and second["page"] == 2
    assert second["rows"][0][0] == first["rows"][-1][0] + 1
    everything = run(served_layer, "local", "run_query", {"query": query, "page_size": 1000})
    assert not everything["truncated"] and everything["redactions"] == 0


def test_the_other_tools(served_layer) -> None:
    found = run(served_layer, "local", "search", {"phrase": "ticket priority", "kinds": ["dimension"], "limit": 3})
    assert found["results"][0]["name"] == "support_tickets.priority"
    context = run(served_layer, "local", "get_context", {"question": "revenue by store region", "budget": 300})
    assert 0 < context["tokens"] <= 300 and "revenue" in context["text"] and context["tokenizer"] == "o200k_base"
    detail = run(served_layer, "local", "describe", {"name": "average_order_value"})
    assert detail["formula"] == "revenue / completed_orders" and detail["owner"]
    values = run(served_layer, "local", "dimension_values", {"dimension": "customers.region", "prefix": "w"})
    assert values["values"] == ["West"]
    odd = run(served_layer, "local", "dimension_values", {"dimension": "customers.region", "prefix": "%'; --"})
    assert odd["values"] == []
    sql = run(served_layer, "local", "compile_query", {"query": {"metrics": ["revenue"]}, "dialect": "snowflake"})
    assert sql["dialect"] == "snowflake" and "SUM" in sql["sql"]
    answer = run(served_layer, "ana", "ask", {"question": "revenue by customer region"})
    assert [r[0] for r in answer["rows"]] == ["West"]


def test_bad_arguments_and_unknown_tools_are_errors_not_crashes(served_layer) -> None:
    async def go():
        async with Client(build_server(served_layer, Principal("local"))) as client:
            for tool, arguments in [
                ("run_query", {"query": "not a dict"}),
                ("run_query", {"query": {"metrics": ["revenue"]}, "page": 0}),
                ("get_context", {"question": "x" * 200_000, "budget": 50}),
                ("no_such_tool", {}),
                ("dimension_values", {"dimension": "customers.region; DROP TABLE orders"}),
            ]:
                result = await client.call_tool(tool, arguments, raise_on_error=False)
                yield_ok = result.is_error or (tool == "get_context" and result.data["tokens"] <= 50)
                assert yield_ok, (tool, arguments)
            return (await client.call_tool("list_domains", {})).data  # still serving

    assert asyncio.run(go())["domains"]
