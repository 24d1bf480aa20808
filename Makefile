# Two commands do all the set-up on a fresh machine:
#   make demo   install, then ingest and process the built-in demo corpus and print what was found
#   make test   install (with PostgreSQL for the store tests), then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test postgres bench fuzz clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

demo: install
	$(BIN)/garrison demo

# The store suite runs against a throw-away PostgreSQL cluster made from the local binaries.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	    else echo "PostgreSQL binaries missing: sudo apt-get install postgresql" >&2; exit 1; fi; }

test: install postgres
	$(BIN)/python -m pytest -n 2 -q

bench: install
	$(BIN)/python bench/bench_ingest.py

# The long fuzz campaign over every reader (the short one runs in `make test`); figures in docs/reliability.md.
fuzz: install
	$(BIN)/python bench/fuzz_readers.py --examples 100000 --seed 15

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache garrison-demo.db*
