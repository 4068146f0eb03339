#!/usr/bin/env bash
# The official MCP Inspector (CLI mode, pinned; from the npm registry) against `semctx serve` over stdio:
# lists the tools and calls get_context and run_query on a small demo. Part of `make test`.
# (Inspector 0.15.0 is the newest that runs on Node 20 and its CLI cannot send HTTP headers, so HTTP with a
# bearer token is covered by tests/context_server/test_transports.py instead.)
set -euo pipefail
BIN="${1:-.venv/bin}"
INSPECTOR=(npx -y @modelcontextprotocol/inspector@0.15.0 --cli)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export FASTMCP_SHOW_SERVER_BANNER=false SEMCTX_AUDIT_FSYNC=0
"$BIN/semctx" init "$WORK/demo" --demo --scale 0.05 > /dev/null
"$BIN/semctx" index -p "$WORK/demo" > /dev/null
SERVER=("$BIN/semctx" --as ana serve -p "$WORK/demo")

tools="$("${INSPECTOR[@]}" "${SERVER[@]}" --method tools/list)"
for name in list_domains search get_context describe dimension_values compile_query run_query ask; do
  grep -q "\"name\": \"$name\"" <<< "$tools" || { echo "inspector: tool $name missing"; exit 1; }
done
context="$("${INSPECTOR[@]}" "${SERVER[@]}" --method tools/call --tool-name get_context \
  --tool-arg question="revenue by store region in 2024" --tool-arg budget=300)"
grep -q '"tokens"' <<< "$context" || { echo "inspector: get_context gave no tokens"; echo "$context"; exit 1; }
rows="$("${INSPECTOR[@]}" "${SERVER[@]}" --method tools/call --tool-name run_query \
  --tool-arg 'query={"metrics": ["revenue"], "dimensions": ["customers.region"]}')"
grep -q 'West' <<< "$rows" && ! grep -q 'East' <<< "$rows" || { echo "inspector: run_query as ana"; echo "$rows"; exit 1; }
echo "MCP Inspector 0.15.0 (stdio): 8 tools listed; get_context and run_query answered as principal ana"
