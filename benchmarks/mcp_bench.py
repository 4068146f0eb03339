"""MCP server (``semctx serve``) overhead and throughput, printed as a plain text table. A script, not a test.

    .venv/bin/python benchmarks/mcp_bench.py [--quick] [--audit-fsync]

Rows (see benchmarks/README.md), on the demo project (scale 0.05, indexed). ``in-process layer.query`` is the
facade call ``run_query`` makes (``layer.query(QUERY, principal=local, row_limit=101)``); ``in-process fastmcp``
the same tool called through ``fastmcp.Client(build_server(layer, Principal("local")))`` (no transport);
``stdio run_query`` the tool called through a real ``semctx serve`` stdio subprocess driven by the ``mcp`` SDK
client; ``stdio overhead`` the difference of the stdio and in-process p50s (300 calls each after 20 warm-up).
``http …``: ``semctx serve --http`` as a subprocess, 32 concurrent ``fastmcp.Client``s (one session and bearer
token each) make 10,000 calls in total, alternating run_query and list_domains: calls/s over the calling phase
(sessions already open), p50/p99 latency, errors (raised or ``is_error``), CPU seconds of the server and of this
(client) process, and the server's VmRSS idle (after 20 warm-up calls), warm (10% of the calls done) and after.
The servers run with FASTMCP_SHOW_SERVER_BANNER=false and SEMCTX_AUDIT_FSYNC=0 (``--audit-fsync``: 1).
``--quick``: 1,000 HTTP calls and 100 stdio calls. Exits 0 when everything ran (a missed target shows NO in the
``ok`` column); exits 1 when a call fails or a server does not start.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # table, when run as a script

from measure import die, percentile, rss_mb  # noqa: E402
from table import Rows, format_table  # noqa: E402

QUERY = {"metrics": ["revenue"], "dimensions": ["customers.region"]}
CALLS = [("run_query", {"query": QUERY}), ("list_domains", {})]
TOKEN = "mcp-bench-token"
CLIENTS, WARMUP = 32, 20
STDIO_OVERHEAD_MS, HTTP_RATE, HTTP_P99_MS, RSS_GROWTH_MB = 3.0, 500.0, 100.0, 10.0
SEMCTX = str(Path(sys.executable).with_name("semctx"))


def guarded(label: str, func: Callable[[], Any], log: Path | None = None) -> Any:
    """``func()``, or stop with the error and the end of the server's stderr."""
    try:
        return func()
    except Exception as exc:  # noqa: BLE001 - a broken benchmark exits 1 with the reason
        tail = log.read_text(errors="replace")[-1500:] if log and log.is_file() else ""
        die(f"{label} raised {type(exc).__name__}: {exc}" + (f"\nserver stderr (end):\n{tail}" if tail else ""))


def check(result: Any, label: str) -> None:
    if getattr(result, "is_error", False):
        raise RuntimeError(f"{label}: the tool returned an error: {result.content}")


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms"


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def timed_calls(call: Callable[[], Any], count: int, label: str = "") -> list[float]:
    samples = []
    for _ in range(WARMUP + count):
        start = time.perf_counter()
        result = await call()
        samples.append(time.perf_counter() - start)
        check(result, label)
    return samples[WARMUP:]


def in_process(layer: Any, count: int) -> tuple[list[float], list[float]]:
    """Samples of the bare facade call and of the tool through fastmcp's in-memory client."""
    from fastmcp import Client

    from context_server.server import build_server
    from semantic.access import Principal

    local = Principal("local")

    async def go() -> tuple[list[float], list[float]]:
        facade = await timed_calls(lambda: asyncio.sleep(0, layer.query(QUERY, principal=local, row_limit=101)), count)
        async with Client(build_server(layer, local)) as client:
            call = lambda: client.call_tool(*CALLS[0], raise_on_error=False)  # noqa: E731
            return facade, await timed_calls(call, count, "in-process fastmcp run_query")

    return asyncio.run(go())


def stdio(root: Path, env: dict[str, str], count: int, errlog: Path) -> list[float]:
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    async def go() -> list[float]:
        parameters = StdioServerParameters(command=SEMCTX, args=["serve", "-p", str(root)], env=env)
        with errlog.open("w") as log:
            async with stdio_client(parameters, errlog=log) as (read, write), ClientSession(read, write) as session:
                await session.initialize()
                return await timed_calls(lambda: session.call_tool(*CALLS[0]), count, "stdio run_query")

    return asyncio.run(go())


async def http_load(url: str, total: int, pid: int) -> dict[str, Any]:
    """``total`` calls by CLIENTS concurrent sessions; latencies, errors and the server's RSS/CPU along the way."""
    from fastmcp import Client
    from fastmcp.client.auth import BearerAuth

    async with Client(url, auth=BearerAuth(TOKEN)) as warm:
        for i in range(WARMUP):
            check(await warm.call_tool(*CALLS[i % 2], raise_on_error=False), "http warm-up")
    out: dict[str, Any] = {"rss": [rss_mb(pid)], "latency": ([], []), "errors": [], "next": 0}

    async def worker(client: Any) -> None:
        while out["next"] < total:
            index = out["next"]
            out["next"] += 1
            if index == total // 10:
                out["rss"].append(rss_mb(pid))
            name = CALLS[index % 2][0]
            start = time.perf_counter()
            try:
                result = await client.call_tool(*CALLS[index % 2], raise_on_error=False)
                if getattr(result, "is_error", False):
                    out["errors"].append(f"{name}: {result.content}")
            except Exception as exc:  # noqa: BLE001 - counted and reported
                out["errors"].append(f"{name}: {type(exc).__name__}: {exc}")
            out["latency"][index % 2].append(time.perf_counter() - start)

    async with contextlib.AsyncExitStack() as stack:
        client = lambda: stack.enter_async_context(Client(url, auth=BearerAuth(TOKEN), timeout=60))  # noqa: E731
        clients = [await client() for _ in range(CLIENTS)]
        cpu_server, cpu_client, start = cpu_seconds(pid), time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker(c) for c in clients))
        out["seconds"] = time.perf_counter() - start
        out["cpu"] = (cpu_seconds(pid) - cpu_server, time.process_time() - cpu_client)
    out["rss"].append(rss_mb(pid))
    return out


def http(root: Path, env: dict[str, str], total: int, errlog: Path) -> dict[str, Any]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/mcp"
    with errlog.open("w") as log:
        command = [SEMCTX, "serve", "--http", "--port", str(port), "-p", str(root)]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            for _ in range(600):
                if process.poll() is not None:
                    raise RuntimeError(f"semctx serve --http exited with {process.returncode}")
                with contextlib.suppress(httpx.HTTPError):
                    httpx.get(url, timeout=0.5)
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError("semctx serve --http did not answer within 60 s")
            return asyncio.run(http_load(url, total, process.pid))
        finally:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
            process.kill()  # a no-op once it has exited
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 HTTP calls and 100 stdio calls")
    parser.add_argument("--audit-fsync", action="store_true", help="keep the audit log's per-record fsync on")
    args = parser.parse_args(argv)
    count, total = (100, 1_000) if args.quick else (300, 10_000)
    fsync = "1" if args.audit_fsync else "0"
    os.environ["SEMCTX_AUDIT_FSYNC"] = fsync  # the in-process layer audits like the servers do
    env = {**os.environ, "FASTMCP_SHOW_SERVER_BANNER": "false"}

    from context_server.auth import token_hash
    from semantic.api import SemanticLayer
    from semantic.demo import build_demo_project

    began = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="semctx-mcp-bench-"))
    try:
        print("semctx MCP server benchmark")
        print(
            f"python {platform.python_version()} ({platform.python_implementation()}), fastmcp {version('fastmcp')}, "
            f"mcp {version('mcp')}, cpus {os.cpu_count()}, {platform.system()} {platform.machine()}"
        )
        print(f"servers: FASTMCP_SHOW_SERVER_BANNER=false SEMCTX_AUDIT_FSYNC={fsync} (same for the in-process layer)")
        root = Path(build_demo_project(workdir / "demo", scale=0.05))
        with (root / "semctx.yml").open("a", encoding="utf-8") as config:
            config.write(f"serve:\n  tokens:\n    - {{principal: local, sha256: {token_hash(TOKEN)}}}\n")
        layer = guarded("loading the demo project", lambda: SemanticLayer.load(root))
        try:
            guarded("build_index", layer.build_index)
            facade, tool = guarded("in-process calls", lambda: in_process(layer, count))
        finally:
            layer.close()
        sys.stdout.flush()
        log = workdir / "stdio.log"
        remote = guarded("stdio calls", lambda: stdio(root, env, count, log), log)
        log = workdir / "http.log"
        load = guarded("http calls", lambda: http(root, env, total, log), log)

        rows, n = Rows(), f"{count} calls"
        rows.add(f"in-process layer.query p50 ({n})", ms(statistics.median(facade)))
        rows.add(f"in-process fastmcp Client(server) run_query p50 ({n})", ms(statistics.median(tool)))
        rows.add(f"stdio run_query p50 ({n}, p95 {ms(percentile(remote, 0.95))})", ms(statistics.median(remote)))
        overhead = statistics.median(remote) - statistics.median(facade)
        ok = verdict(overhead * 1e3 <= STDIO_OVERHEAD_MS)
        rows.add("stdio overhead p50 (stdio - in-process)", ms(overhead), f"<={STDIO_OVERHEAD_MS:g} ms", ok)
        (queries, domains), errors, (idle, warm, after) = load["latency"], load["errors"], load["rss"]
        latency = queries + domains
        rate = len(latency) / load["seconds"]
        label = f"http: {len(latency):,} calls, {CLIENTS} clients, calls/s ({load['seconds']:.1f} s)"
        rows.add(label, f"{rate:.0f}", f">={HTTP_RATE:g}", verdict(rate >= HTTP_RATE))
        p50s = f"run_query {ms(statistics.median(queries))}, list_domains {ms(statistics.median(domains))}"
        rows.add(f"http: latency p50 ({p50s})", ms(statistics.median(latency)))
        p99 = percentile(latency, 0.99)
        rows.add("http: latency p99", ms(p99), f"<={HTTP_P99_MS:g} ms", verdict(p99 * 1e3 <= HTTP_P99_MS))
        rows.add("http: errors", str(len(errors)), "0", verdict(not errors))
        rows.add("http: CPU seconds server / client", f"{load['cpu'][0]:.1f} / {load['cpu'][1]:.1f}")
        growth = after - warm
        label, ok = f"http: server RSS MB idle / warm / after ({growth:+.1f} after warm)", growth <= RSS_GROWTH_MB
        rows.add(label, f"{idle:.0f} / {warm:.0f} / {after:.0f}", f"+<={RSS_GROWTH_MB:g} MB", verdict(ok))
        print()
        print(format_table(rows))
        print()
        print(f"query: {QUERY}; http: run_query and list_domains alternately; time.perf_counter")
        print(f"total benchmark time {time.perf_counter() - began:.1f} s")
        if errors:
            die(f"{len(errors)} HTTP calls failed, e.g. {errors[0]}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
