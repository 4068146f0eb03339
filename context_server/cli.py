"""``semctx serve``: the MCP server over stdio (default) or streamable HTTP (registered as a plugin command)."""

from __future__ import annotations

import gc
import os
import sys
from functools import partial
from typing import Optional

import anyio
import click

from semantic.cli import current_principal, guarded, open_layer, project_option


# Read-only tools need no session state: each request stands alone (no session table to grow, any worker can
# answer) and gets a plain JSON reply. uvicorn picks uvloop and httptools (dependencies) and logs no access lines.
HTTP_OPTIONS = {"stateless_http": True, "json_response": True, "uvicorn_config": {"access_log": False}}


@click.command(name="serve")
@click.option("--http", "use_http", is_flag=True, help="Serve streamable HTTP instead of stdio (needs tokens).")
@click.option("--host", default="127.0.0.1", show_default=True, help="HTTP address to listen on.")
@click.option("--port", type=int, default=8765, show_default=True, help="HTTP port.")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="HTTP: processes sharing the port."
)
@click.option("--hash-token", default=None, help="Print the SHA-256 to put in serve.tokens for TOKEN, and exit.")
@project_option
@guarded()
def serve_command(
    use_http: bool, host: str, port: int, workers: int, hash_token: Optional[str], project: Optional[str]
) -> None:
    """Serve the project to MCP clients. stdio runs as serve.principal (or semctx --as NAME); HTTP requires a
    bearer token from serve.tokens or a JWT verified with serve.jwt."""
    from context_server.auth import token_hash, verifier_for
    from context_server.server import build_server
    from context_server.workers import bind, run_workers
    from semantic.access import Principal
    from semantic.errors import SemctxError

    if hash_token is not None:
        click.echo(token_hash(hash_token))
        return
    os.environ.setdefault("FASTMCP_SHOW_SERVER_BANNER", "false")
    layer = open_layer(project)
    settings = layer.model.config.serve
    chosen = current_principal()
    principal = chosen if chosen.name != "local" else Principal(settings.principal)
    server = build_server(layer, principal)
    gc.collect()
    gc.freeze()  # the loaded model lives as long as the server: collections need not scan it (no long pauses)
    if use_http:
        verifier = verifier_for(settings, layer.model.root)
        if verifier is None:
            raise SemctxError("HTTP needs authentication: add serve.tokens (semctx serve --hash-token T) or serve.jwt")
        server.auth = verifier
        listening = bind(host, port)

        async def serve() -> None:
            await server.run_http_async(host=host, port=port, sockets=[listening], show_banner=False, **HTTP_OPTIONS)

        # fastmcp's run() would take the default event loop; uvloop's costs less per request
        run = partial(anyio.run, serve, backend_options={"use_uvloop": True})
        if workers == 1:
            run()
        else:
            raise SystemExit(run_workers(workers, run))
    else:
        print("semctx MCP server on stdio", file=sys.stderr)
        server.run(transport="stdio", show_banner=False)
