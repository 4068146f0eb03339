"""MCP server (``semctx serve``) overhead and throughput, printed as a plain text table. A script, not a test.

    .venv/bin/python benchmarks/mcp_bench.py [--quick] [--audit-fsync] [--workers N]

Rows (see benchmarks/README.md), on the demo project (scale 0.05, indexed). ``in-process layer.query`` is the
facade call ``run_query`` makes (``layer.query(QUERY, principal=local, row_limit=101)``); ``in-process fastmcp``
the same tool called through ``fastmcp.Client(build_server(layer, Principal("local")))`` (no transport);
``stdio run_query`` the tool called through a real ``semctx serve`` stdio subprocess driven by the ``mcp`` SDK
client; ``stdio overhead`` the difference of the stdio and in-process p50s (300 calls each after 20 warm-up).
``http …``: ``semctx serve --http --workers 2`` (``--workers N``) as a subprocess; 32 concurrent MCP clients
(``mcp_load.py``: each its own keep-alive connection, ``initialize``, then ``tools/call`` requests, every reply
parsed and checked) make 10,000 calls in total, alternating run_query and list_domains: calls/s over the calling
phase (connections open, 640 warm-up calls done), p50/p99 latency, errors (HTTP, JSON-RPC or tool errors, or wrong
rows), server CPU per call and the server's VmRSS (parent and workers) idle, warm (10% of the calls done) and
after. The run is made twice: as configured (run_query's rows come from the result cache after the first call,
since the DuckDB file cannot change while the server holds it open) and with ``warehouse.result_cache_mb: 0``
(every run_query reaches DuckDB).
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

from mcp_load import run_load  # noqa: E402
from measure import die, percentile, rss_mb  # noqa: E402
from table import Rows, format_table  # noqa: E402

QUERY = {"metrics": ["revenue"], "dimensions": ["customers.region"]}
CALLS = [("run_query", {"query": QUERY}), ("list_domains", {})]
TOKEN = "mcp-bench-token"
EXPECTED_ROWS, EXPECTED_DOMAINS = 5, 5  # customers.region has 5 members; the demo has 5 domains
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


def family(pid: int) -> list[int]:
    """``pid`` and its child processes (the HTTP workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(c) for c in children.read_text().split())] if children.exists() else [pid]


def server_rss(pid: int) -> float:
    return sum(rss_mb(p) for p in family(pid))


def server_cpu(pid: int) -> float:
    return sum(cpu_seconds(p) for p in family(pid))


def check_http(name: str, result: dict[str, Any]) -> None:
    """Every reply is read: run_query must carry the query's rows, list_domains the demo's domains."""
    if name == "run_query" and len(result.get("rows", [])) != EXPECTED_ROWS:
        raise ValueError(f"run_query returned {len(result.get('rows', []))} rows, not {EXPECTED_ROWS}")
    if name == "list_domains" and len(result.get("domains", [])) != EXPECTED_DOMAINS:
        raise ValueError(f"list_domains returned {result.get('domains')}")


def http_load(url: str, total: int, pid: int) -> dict[str, Any]:
    """``total`` calls by CLIENTS concurrent MCP clients (mcp_load.py); latencies, errors, server RSS and CPU."""
    asyncio.run(run_load(url, TOKEN, CALLS, WARMUP * CLIENTS, CLIENTS, check_http))  # every worker warm
    rss = [server_rss(pid)]
    mark = lambda issued: rss.append(server_rss(pid)) if issued == total // 10 else None  # noqa: E731
    cpu = server_cpu(pid)
    load = asyncio.run(run_load(url, TOKEN, CALLS, total, CLIENTS, check_http, mark))
    rss.append(server_rss(pid))
    latency = (load.latency["run_query"], load.latency["list_domains"])
    return {
        "rss": rss,
        "latency": latency,
        "errors": load.errors,
        "seconds": load.seconds,
        "cpu": server_cpu(pid) - cpu,
    }


def http(root: Path, env: dict[str, str], total: int, workers: int, errlog: Path) -> dict[str, Any]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/mcp"
    with errlog.open("w") as log:
        command = [SEMCTX, "serve", "--http", "--port", str(port), "--workers", str(workers), "-p", str(root)]
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
            return http_load(url, total, process.pid)
        finally:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
            process.kill()  # a no-op once it has exited
            process.wait()


def http_rows(rows: Rows, load: dict[str, Any], label: str, targets: bool) -> None:
    """The table rows of one HTTP run; ``targets``: the issue's targets apply to this configuration."""
    (queries, domains), errors, (idle, warm, after) = load["latency"], load["errors"], load["rss"]
    latency = queries + domains
    rate = len(latency) / load["seconds"]

    def target(text: str, ok: bool) -> tuple[str, str]:
        return (text, verdict(ok)) if targets else ("-", "-")

    rows.add(
        f"{label}: {len(latency):,} calls, calls/s ({load['seconds']:.1f} s)",
        f"{rate:.0f}",
        *target(f">={HTTP_RATE:g}", rate >= HTTP_RATE),
    )
    p50s = f"run_query {ms(statistics.median(queries))}, list_domains {ms(statistics.median(domains))}"
    rows.add(f"{label}: latency p50 ({p50s})", ms(statistics.median(latency)))
    p99 = percentile(latency, 0.99)
    rows.add(f"{label}: latency p99", ms(p99), *target(f"<={HTTP_P99_MS:g} ms", p99 * 1e3 <= HTTP_P99_MS))
    rows.add(f"{label}: errors", str(len(errors)), "0", verdict(not errors))
    rows.add(f"{label}: server CPU ms per call (all workers)", f"{load['cpu'] / len(latency) * 1e3:.2f}")
    growth = after - warm
    rows.add(
        f"{label}: server RSS MB idle / warm / after ({growth:+.1f} after warm)",
        f"{idle:.0f} / {warm:.0f} / {after:.0f}",
        *target(f"+<={RSS_GROWTH_MB:g} MB", growth <= RSS_GROWTH_MB),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 HTTP calls and 100 stdio calls")
    parser.add_argument("--audit-fsync", action="store_true", help="keep the audit log's per-record fsync on")
    parser.add_argument("--workers", type=int, default=2, help="semctx serve --http --workers N (default 2)")
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
        load = guarded("http calls", lambda: http(root, env, total, args.workers, log), log)
        config = root / "semctx.yml"  # the same load with the result cache off: every run_query reaches DuckDB
        config.write_text(
            config.read_text(encoding="utf-8").replace("warehouse:\n", "warehouse:\n  result_cache_mb: 0\n", 1)
        )
        uncached = guarded("http calls, no result cache", lambda: http(root, env, total, args.workers, log), log)

        rows, n = Rows(), f"{count} calls"
        rows.add(f"in-process layer.query p50 ({n})", ms(statistics.median(facade)))
        rows.add(f"in-process fastmcp Client(server) run_query p50 ({n})", ms(statistics.median(tool)))
        rows.add(f"stdio run_query p50 ({n}, p95 {ms(percentile(remote, 0.95))})", ms(statistics.median(remote)))
        overhead = statistics.median(remote) - statistics.median(facade)
        ok = verdict(overhead * 1e3 <= STDIO_OVERHEAD_MS)
        rows.add("stdio overhead p50 (stdio - in-process)", ms(overhead), f"<={STDIO_OVERHEAD_MS:g} ms", ok)
        http_rows(rows, load, f"http {args.workers} workers", targets=True)
        http_rows(rows, uncached, f"http {args.workers} workers, result cache off", targets=False)
        print()
        print(format_table(rows))
        print()
        print(f"query: {QUERY}; http: run_query and list_domains alternately, every reply checked; time.perf_counter")
        print(f"total benchmark time {time.perf_counter() - began:.1f} s")
        errors = load["errors"] + uncached["errors"]
        if errors:
            die(f"{len(errors)} HTTP calls failed, e.g. {errors[0]}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
