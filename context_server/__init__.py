"""The MCP server: a thin fastmcp shell over the facade (``server.build_server``), token/JWT auth (``auth``) and
the ``semctx serve`` command (``cli``). Nothing here runs at import."""
