# Two commands do all the set-up on a fresh machine:
#   make demo   install, then ingest and process the built-in demo corpus and print the picture it gives
#   make test   install (with PostgreSQL for the store tests), then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test postgres chromium web serve screenshots bench bench-api fuzz clean

install: $(VENV)/.installed web

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/garrison gazetteer build --if-missing
	touch $@

# The demo ends on the picture and on how to open it in the web app (`make serve` does that too).
demo: install
	$(BIN)/garrison demo

serve: install
	$(BIN)/garrison serve --db garrison-demo.db

# The web app's JS/CSS come from npm at install time (package-lock.json), copied beside the app: never a CDN.
# The same install brings Joi (a devDependency), for the test that runs TimeMap's validation (Debian's nodejs).
WEB_VENDOR := garrison/web/vendor
WEB_ASSETS := leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/dist/images/marker-icon.png \
  supercluster/dist/supercluster.min.js topojson-client/dist/topojson-client.min.js \
  world-atlas/countries-110m.json \
  vis-timeline/standalone/umd/vis-timeline-graph2d.min.js vis-timeline/dist/vis-timeline-graph2d.min.css \
  swagger-ui-dist/swagger-ui-bundle.js swagger-ui-dist/swagger-ui.css

web: $(WEB_VENDOR)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(WEB_VENDOR)/.installed: node_modules/.package-lock.json Makefile
	mkdir -p $(WEB_VENDOR)
	for asset in $(WEB_ASSETS); do cp node_modules/$$asset $(WEB_VENDOR)/$$(basename $$asset); done
	touch $@

# Browser tests drive Debian's chromium (never a downloaded browser build).
chromium:
	@test -x /usr/bin/chromium || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	    else echo "chromium missing: sudo apt-get install chromium" >&2; exit 1; fi; }

screenshots: install chromium
	$(BIN)/python docs/img/screenshots.py

# The store suite runs against a throw-away PostgreSQL cluster made from the local binaries.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	    else echo "PostgreSQL binaries missing: sudo apt-get install postgresql" >&2; exit 1; fi; }

test: install postgres chromium
	$(BIN)/python -m pytest -n 2 -q

bench: install
	$(BIN)/python bench/bench_ingest.py

bench-api: install postgres chromium
	$(BIN)/python bench/bench_api.py

# The long fuzz campaign over every reader (the short one runs in `make test`); figures in docs/reliability.md.
fuzz: install
	$(BIN)/python bench/fuzz_readers.py --examples 100000 --seed 15

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache garrison-demo.db* node_modules $(WEB_VENDOR)
