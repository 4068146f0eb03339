"""Serve HTTP from several processes sharing one listening socket (``semctx serve --http --workers N``).

The parent loads the project once, binds the socket and forks; each worker runs its own event loop and opens its
own warehouse connection on first use (DuckDB lets several processes read a file). Tools are stateless, so any
worker can answer any request. The parent forwards SIGINT/SIGTERM to the workers, and when one worker ends the
others are stopped too, so a broken server never goes on half-serving. POSIX only (``os.fork``).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from collections.abc import Callable

from semantic.errors import SemctxError


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SemctxError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def run_workers(count: int, serve: Callable[[], None]) -> int:
    """Fork ``count`` processes running ``serve()``; return the exit status once they have all ended."""
    if not hasattr(os, "fork"):
        raise SemctxError("--workers needs os.fork (Linux or macOS); run one process per port instead")
    if threading.active_count() > 1:
        raise SemctxError("internal: threads were started before forking the HTTP workers")
    children: list[int] = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:  # a worker: serve until told to stop, never return into the parent's code
            status = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                serve()
            except BaseException:  # noqa: BLE001 - reported on stderr, then the exit status says it
                import traceback

                traceback.print_exc()
                status = 1
            finally:
                sys.stderr.flush()
                os._exit(status)
        children.append(pid)

    asked_to_stop = False

    def stop_all() -> None:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def on_signal(signum: int, frame: object) -> None:
        nonlocal asked_to_stop
        asked_to_stop = True  # stopping on request, not because a worker failed
        stop_all()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    status, alive = 0, set(children)
    while alive:
        try:
            pid, code = os.wait()
        except ChildProcessError:
            break
        alive.discard(pid)
        exit_code = os.waitstatus_to_exitcode(code)  # negative: killed by that signal
        if asked_to_stop and exit_code in (0, -signal.SIGTERM, -signal.SIGINT):
            exit_code = 0  # uvicorn re-raises the signal after a graceful shutdown
        if alive:
            if exit_code != 0:
                print(f"semctx serve: worker {pid} exited with {exit_code}; stopping the others", file=sys.stderr)
            stop_all()  # one worker gone: the rest stop too
        status = status or (128 - exit_code if exit_code < 0 else exit_code)  # 128 + signal, as shells report
    return status
