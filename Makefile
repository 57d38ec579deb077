# The README's two commands: `make run` and `make test`. Both set everything up themselves.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= ../shared/corpus
DB     ?= policygraph.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install browser-deps lint-deps ingest serve bench clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(BIN)/policygraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/policygraph  ## venv + the package and its dev dependencies

browser-deps:  ## Debian chromium for the browser tests (no browser download)
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	  || echo "warning: could not install Debian chromium; browser tests will fail" >&2; }

lint-deps:  ## Neo4j's Cypher linter, run with the machine's Node.js
	@[ ! -f tools/cypher-lint/package.json ] || [ -d tools/cypher-lint/node_modules/@neo4j-cypher/language-support ] || \
	  (cd tools/cypher-lint && npm ci --silent --no-audit --no-fund)

ingest: install  ## ingest CORPUS into DB
	$(BIN)/policygraph ingest $(CORPUS) --db $(DB)

serve: install  ## serve the API and graph pages on HOST:PORT
	$(BIN)/policygraph serve --db $(DB) --host $(HOST) --port $(PORT)

run: ingest serve  ## set up, ingest CORPUS, serve on http://127.0.0.1:8000

test: install browser-deps lint-deps  ## set up and run the whole test suite
	$(BIN)/pytest

bench: install  ## benchmarks (on demand; results go to BENCHMARKS.md)
	$(BIN)/python -m bench.run

clean:  ## remove the venv and local databases
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
