"""Real transports: `semctx serve` over streamable HTTP with bearer tokens and JWTs, and over stdio driven by the
`mcp` SDK's own client in a separate process."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastmcp import Client
from fastmcp.client.auth import BearerAuth
from fastmcp.server.auth.providers.jwt import RSAKeyPair

from context_server.auth import token_hash

SEMCTX = str(Path(sys.executable).with_name("semctx"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def http_server(served_root: Path, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("http") / "demo"
    shutil.copytree(served_root, root, symlinks=True)
    keys = RSAKeyPair.generate()
    (root / "jwt.pem").write_text(keys.public_key, encoding="utf-8")
    config = (root / "semctx.yml").read_text(encoding="utf-8")
    config += (
        "serve:\n  tokens:\n"
        f"    - {{principal: ana, sha256: {token_hash('ana-token')}}}\n"
        f"    - {{principal: fred, sha256: {token_hash('fred-token')}}}\n"
        "  jwt: {public_key_file: jwt.pem, issuer: https://idp.example.com, audience: semctx}\n"
    )
    (root / "semctx.yml").write_text(config, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "FASTMCP_SHOW_SERVER_BANNER": "false"}
    process = subprocess.Popen(
        [SEMCTX, "serve", "--http", "--port", str(port), "-p", str(root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    for _ in range(200):
        try:
            httpx.get(url, timeout=0.5)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield url, keys
    process.terminate()
    process.wait(timeout=10)


def call(url: str, token: str, tool: str, arguments: dict) -> dict:
    async def go() -> dict:
        async with Client(url, auth=BearerAuth(token)) as client:
            return (await client.call_tool(tool, arguments)).data

    return asyncio.run(go())


def test_tokens_map_to_principals_over_http(http_server) -> None:
    url, _ = http_server
    query = {"query": {"metrics": ["revenue"], "dimensions": ["customers.region"]}}
    assert [r[0] for r in call(url, "ana-token", "run_query", query)["rows"]] == ["West"]
    assert len(call(url, "fred-token", "run_query", query)["rows"]) == 5
    context = call(url, "ana-token", "get_context", {"question": "revenue by region", "budget": 200})
    assert context["tokens"] <= 200


@pytest.mark.parametrize("token", [None, "wrong-token", "ana-token-but-longer"])
def test_missing_or_wrong_tokens_are_rejected(http_server, token) -> None:
    url, _ = http_server
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    response = httpx.post(url, json=body, headers={**headers, "Accept": "application/json, text/event-stream"})
    assert response.status_code == 401


def test_jwts_are_verified_and_expired_ones_rejected(http_server) -> None:
    url, keys = http_server
    good = keys.create_token(subject="fred", issuer="https://idp.example.com", audience="semctx")
    assert (
        len(
            call(url, good, "run_query", {"query": {"metrics": ["order_count"], "dimensions": ["customers.region"]}})[
                "rows"
            ]
        )
        == 5
    )
    as_ana = keys.create_token(subject="ana", issuer="https://idp.example.com", audience="semctx")
    assert [
        r[0]
        for r in call(
            url, as_ana, "run_query", {"query": {"metrics": ["order_count"], "dimensions": ["customers.region"]}}
        )["rows"]
    ] == ["West"]
    expired = keys.create_token(
        subject="fred", issuer="https://idp.example.com", audience="semctx", expires_in_seconds=-60
    )
    wrong_audience = keys.create_token(subject="fred", issuer="https://idp.example.com", audience="other")
    for token in (expired, wrong_audience):
        response = httpx.post(
            url,
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json, text/event-stream"},
        )
        assert response.status_code == 401


def test_http_without_authentication_configured_refuses_to_start(served_root: Path) -> None:
    result = subprocess.run(
        [SEMCTX, "serve", "--http", "-p", str(served_root)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "needs authentication" in result.stderr


def test_the_mcp_sdk_client_drives_stdio_in_another_process(served_root: Path) -> None:
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    async def go():
        parameters = StdioServerParameters(
            command=SEMCTX,
            args=["--as", "ana", "serve", "-p", str(served_root)],
            env={**os.environ, "FASTMCP_SHOW_SERVER_BANNER": "false"},
        )
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = await session.list_tools()
                result = await session.call_tool(
                    "run_query", {"query": {"metrics": ["revenue"], "dimensions": ["customers.region"]}}
                )
                broken = await session.call_tool("run_query", {"query": {"metrics": ["revnue"]}})
                return tools, result, broken

    tools, result, broken = asyncio.run(go())
    assert len(tools.tools) == 8
    data = result.structured_content or json.loads(result.content[0].text)
    assert [r[0] for r in data["rows"]] == ["West"]
    assert broken.is_error and "did you mean 'revenue'" in broken.content[0].text


def test_malformed_requests_and_dropped_clients_leave_the_server_serving(http_server) -> None:
    url, _ = http_server
    headers = {
        "Authorization": "Bearer ana-token",
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
    }
    for body in (b"{not json", b"[]", b'{"jsonrpc": "2.0", "method": 5}', b"\xff\xfe" * 1000):
        response = httpx.post(url, content=body, headers=headers, timeout=10)
        assert 400 <= response.status_code < 500, (body[:20], response.status_code)

    async def abandon() -> None:  # a client that goes away in the middle of a call
        async with Client(url, auth=BearerAuth("ana-token")) as client:
            task = asyncio.ensure_future(client.call_tool("ask", {"question": "revenue by month in 2024"}))
            await asyncio.sleep(0.01)
            task.cancel()

    asyncio.run(abandon())
    assert call(url, "ana-token", "list_domains", {})["domains"]
