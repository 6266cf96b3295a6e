# Vigie — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_FAST := -m "not slow and not rasa and not browser"

.PHONY: install demo serve test test-slow test-rasa lint imports compose-check bench rasa-venv clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel setuptools
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: install, create the SQLite database, load the examples, run a simulated campaign, serve
demo: install
	$(BIN)/vigie demo

## test: install, start PostgreSQL and Redis (Debian packages, loopback), run the fast suite
test: install
	eval "$$(scripts/services.sh start)" && $(BIN)/pytest $(PYTEST_FAST) -q

## test-slow: the long suites (fault injection, full campaigns, browser); CI runs them
test-slow: install
	eval "$$(scripts/services.sh start)" && { $(BIN)/pytest -m "slow and not rasa and not browser" -q || [ $$? -eq 5 ]; }

## test-rasa: train and query a real Rasa 3.6 server (Python 3.10 venv, ~3 GB)
test-rasa: install rasa-venv
	$(BIN)/pytest -m rasa -q || [ $$? -eq 5 ]

rasa-venv: .venv-rasa/.installed
.venv-rasa/.installed:
	PYENV_VERSION=3.10.13 pyenv exec python -m venv .venv-rasa
	.venv-rasa/bin/pip install -q rasa==3.6.21
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports: install
	$(BIN)/lint-imports

compose-check:
	command -v docker-compose >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
	VIGIE_SECRET_KEY=check docker-compose -f docker-compose.yml config -q

bench: install
	eval "$$(scripts/services.sh start)" && $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .venv-rasa .pytest_cache .ruff_cache vigie.db var
