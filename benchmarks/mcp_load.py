"""A light MCP load generator: JSON-RPC over raw HTTP/1.1 keep-alive connections, one per simulated client.

Each client opens its own connection, sends ``initialize`` and ``notifications/initialized`` like any MCP client,
then makes ``tools/call`` requests one after another. Requests are written by hand and replies read by their
``Content-Length``, so the generator costs a few tens of microseconds of CPU per call and the server, not the
client library, is what gets measured (fastmcp's own Client costs ~2 ms of CPU per call, which on a 2-core machine
competes with the server). Every reply is parsed and checked: an HTTP status other than 200, a JSON-RPC error or
``isError`` counts as an error.

    >>> request_bytes("/mcp", "tok", {"jsonrpc": "2.0", "id": 1, "method": "ping"}).split(b"\\r\\n")[0]
    b'POST /mcp HTTP/1.1'
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

PROTOCOL_VERSION = "2025-06-18"


def request_bytes(path: str, token: str, message: dict[str, Any], host: str = "127.0.0.1") -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
        f"MCP-Protocol-Version: {PROTOCOL_VERSION}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def read_reply(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Status and body of one HTTP/1.1 reply with a Content-Length (what a JSON-response MCP server sends)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return status, (await reader.readexactly(length) if length else b"")


@dataclass
class Load:
    """What a run saw: per-tool latencies (seconds), error texts, wall time of the calling phase."""

    latency: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    issued: int = 0


class Connection:
    """One simulated MCP client on its own keep-alive connection."""

    def __init__(self, url: str, token: str) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.path, self.token = parts.hostname or "127.0.0.1", parts.port or 80, parts.path, token
        self.next_id = 0

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        reply = await self.rpc(
            "initialize",
            {
                "protocolVersion": PROTOCOL_VERSION,
                "capabilities": {},
                "clientInfo": {"name": "semctx-mcp-load", "version": "1"},
            },
        )
        if "result" not in reply:
            raise RuntimeError(f"initialize failed: {reply}")
        await self.send({"jsonrpc": "2.0", "method": "notifications/initialized"}, expect_body=False)

    async def send(self, message: dict[str, Any], expect_body: bool = True) -> dict[str, Any]:
        self.writer.write(request_bytes(self.path, self.token, message, self.host))
        status, body = await read_reply(self.reader)
        if status not in (200, 202):
            raise RuntimeError(f"HTTP {status}: {body[:200]!r}")
        return json.loads(body) if expect_body and body else {}

    async def rpc(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        return await self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})

    async def call_tool(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """The tool's structured result; raises on a JSON-RPC error or a tool error."""
        reply = await self.rpc("tools/call", {"name": name, "arguments": arguments})
        if "error" in reply:
            raise RuntimeError(f"JSON-RPC error {reply['error']}")
        result = reply["result"]
        if result.get("isError"):
            raise RuntimeError(f"tool error: {result.get('content')}")
        return result.get("structuredContent") or {}

    def close(self) -> None:
        self.writer.close()


async def run_load(
    url: str,
    token: str,
    calls: list[tuple[str, dict[str, Any]]],
    total: int,
    clients: int,
    check: Callable[[str, dict[str, Any]], None] = lambda name, result: None,
    on_progress: Callable[[int], None] = lambda issued: None,
) -> Load:
    """``total`` calls (cycling through ``calls``) by ``clients`` concurrent connections; ``check`` validates each
    result (raise to count an error); ``on_progress(n)`` runs as call number n is issued."""
    load = Load(latency={name: [] for name, _ in calls})
    connections = [Connection(url, token) for _ in range(clients)]
    await asyncio.gather(*(c.open() for c in connections))

    async def client(connection: Connection) -> None:
        while load.issued < total:
            index = load.issued
            load.issued += 1
            on_progress(index)
            name, arguments = calls[index % len(calls)]
            start = time.perf_counter()
            try:
                check(name, await connection.call_tool(name, arguments))
            except (RuntimeError, ValueError, KeyError) as exc:
                load.errors.append(f"{name}: {exc}")
            except (OSError, asyncio.IncompleteReadError) as exc:
                load.errors.append(f"{name}: connection lost: {exc!r}")
                return
            load.latency[name].append(time.perf_counter() - start)

    began = time.perf_counter()
    try:
        await asyncio.gather(*(client(c) for c in connections))
    finally:
        load.seconds = time.perf_counter() - began
        for connection in connections:
            connection.close()
    return load
