"""MCP server over the semantic facade (fastmcp). Not built yet: see issue 6. Nothing here runs at import."""
