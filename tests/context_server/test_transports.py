"""Real transports: `semctx serve` over streamable HTTP with bearer tokens and JWTs, and over stdio driven by the
`mcp` SDK's own client in a separate process."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
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
    # two worker processes share the port: every HTTP test below may reach either (the inspector check uses one)
    process = start_http(root, port, "--workers", "2")
    url = f"http://127.0.0.1:{port}/mcp"
    yield url, keys
    process.terminate()
    assert process.wait(timeout=20) == 0


def start_http(root: Path, port: int, *options: str) -> subprocess.Popen:
    env = {**os.environ, "FASTMCP_SHOW_SERVER_BANNER": "false"}
    command = [SEMCTX, "serve", "--http", "--port", str(port), *options, "-p", str(root)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/mcp", timeout=0.5)
            return process
        except httpx.HTTPError:
            assert process.poll() is None, f"semctx serve exited with {process.returncode}"
            time.sleep(0.1)
    process.kill()
    raise AssertionError("semctx serve --http did not answer within 30 s")


def workers_of(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


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


@pytest.fixture
def token_root(served_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(served_root, root, symlinks=True)
    with (root / "semctx.yml").open("a", encoding="utf-8") as config:
        config.write(f"serve:\n  tokens:\n    - {{principal: fred, sha256: {token_hash('fred-token')}}}\n")
    return root


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc (Linux)")
def test_workers_share_the_port_and_stop_together(token_root: Path) -> None:
    port = free_port()
    process = start_http(token_root, port, "--workers", "2")
    try:
        workers = workers_of(process.pid)
        assert len(workers) == 2
        query = {"query": {"metrics": ["revenue"], "dimensions": ["customers.region"]}}
        url = f"http://127.0.0.1:{port}/mcp"
        answers = [call(url, "fred-token", "run_query", query)["rows"] for _ in range(6)]
        assert all(rows == answers[0] and len(rows) == 5 for rows in answers)
    finally:
        process.terminate()
    assert process.wait(timeout=20) == 0
    assert not any(alive(pid) for pid in workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc (Linux)")
def test_a_dead_worker_stops_the_server_instead_of_half_serving(token_root: Path) -> None:
    process = start_http(token_root, free_port(), "--workers", "2")
    try:
        first, second = workers_of(process.pid)
        os.kill(first, signal.SIGKILL)
        assert process.wait(timeout=20) != 0
    finally:
        process.kill()
    deadline = time.monotonic() + 10
    while alive(second) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(second)


def test_a_taken_port_is_a_clear_error(token_root: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [SEMCTX, "serve", "--http", "--port", str(port), "-p", str(token_root)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


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
