# Two commands for a fresh machine (Python 3.11):
#   make demo   - create .venv, install semctx, build the Acme Retail demo in ./demo, run sample queries,
#                 build the context index and pack the context for a question
#   make test   - create .venv, install semctx with test tools, start PostgreSQL on loopback (.ci/postgres.sh installs
#                 it from Debian's packages if missing), run the whole test suite (DuckDB, PostgreSQL and Spark in
#                 local mode) and the MCP Inspector check,
#                 then the eval suites on a fresh demo (report in ./eval-report; a missed threshold fails)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo
EVAL_DIR ?= .eval-demo
REPORT_DIR ?= eval-report
export DEEPEVAL_TELEMETRY_OPT_OUT := 1

.PHONY: demo test eval install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"

demo: install
	$(BIN)/semctx init $(DEMO_DIR) --demo --force
	$(BIN)/semctx validate -p $(DEMO_DIR)
	$(BIN)/semctx list domains -p $(DEMO_DIR)
	$(BIN)/semctx query -p $(DEMO_DIR) -m revenue -m order_count -d metric_time__year --show-sql
	$(BIN)/semctx query -p $(DEMO_DIR) -m revenue -d customers.region -o -revenue -l 5
	$(BIN)/semctx index -p $(DEMO_DIR)
	$(BIN)/semctx context -p $(DEMO_DIR) "revenue by store region in 2024" --budget 400

test: install-dev
	SEMCTX_TEST_POSTGRES_URL="$$(bash .ci/postgres.sh start)" $(BIN)/python -m pytest -q -p no:cacheprovider
	bash tests/inspector_check.sh $(BIN)
	$(MAKE) --no-print-directory eval

eval: install-dev
	$(BIN)/semctx init $(EVAL_DIR) --demo --force
	$(BIN)/semctx eval -p $(EVAL_DIR) --mock-llm --report $(REPORT_DIR)

bench: install-dev
	$(BIN)/python benchmarks/compile_bench.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) $(EVAL_DIR) $(REPORT_DIR) .pytest_cache .hypothesis
