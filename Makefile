# The two commands: `make run` (serve the help center) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-slow setup install messages browser-deps front-cache-deps worker lint format bench scale search-eval clean

# With FRONT_CACHE_PURGE_URLS set, the worker that sends the front cache's purges runs beside the server.
run: setup
	@echo "Serving the help center at http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@if [ -n "$$FRONT_CACHE_PURGE_URLS" ]; then $(MANAGE) db_worker --backend front-cache --interval 0.2 & fi; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install messages browser-deps
	$(BIN)/pytest -m "not slow"

# The slow tests, which CI runs after `make test`: servers under production settings (gunicorn workers on
# Redis, a flood, the Varnish rehearsal on PostgreSQL) and the biggest admin forms.
test-slow: install messages front-cache-deps
	$(BIN)/pytest -m slow

# The task worker alone: it sends the front cache's purges (FRONT_CACHE_PURGE_URLS) queued by publishes.
worker: setup
	$(MANAGE) db_worker --backend front-cache --interval 0.2

# Everything a fresh clone needs before it can serve: idempotent, keeps editors' changes.
setup: install messages
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) load_content
	$(MANAGE) ensure_admin

install: $(BIN)/.installed

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq gettext; } \
		|| { echo "Install GNU gettext (msgfmt) to compile translations."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

# Browser tests: Debian's chromium (never a downloaded browser) and axe-core from npm.
browser-deps: node_modules/.installed
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "No /usr/bin/chromium (install Debian's chromium): the browser tests will be skipped."

# The front cache rehearsal (tests/helpcenter/test_front_cache_rehearsal.py): Debian's Varnish and its xkey vmod.
front-cache-deps:
	@[ -x /usr/sbin/varnishd ] && [ -e /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so ] || \
		{ [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null; } || \
		echo "No varnishd with xkey (install Debian's varnish and varnish-modules): the rehearsal will be skipped."

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

# Speed of the reader pages under production settings and gunicorn (not part of `make test`: timings are
# noisy). Needs wrk (Debian's package, installed as root when missing); uses a local Redis when there is one.
bench: install messages
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "Install wrk (Debian: apt-get install wrk) to run the benchmark."; exit 1; }
	$(BIN)/python tools/bench.py

# What search costs in a help center of SCALE_GUIDES guides (default 2,000) in 4 languages: builds it once
# into .scale/ (minutes), then measures under production settings. Not part of `make test`.
scale: install messages
	$(BIN)/python tools/scale.py

# How often reader search puts a right page first for the cases in tools/relevance/ (fresh site, test settings);
# fails below its floors (tools/search_eval.py). Not part of `make test`.
search-eval: install messages
	$(BIN)/python tools/search_eval.py

messages: install
	$(MANAGE) compilemessages --ignore=$(VENV) --verbosity 0

TEMPLATES := guides/templates feedback/templates search/templates troubleshooter/templates helpcenter/templates

# Checks only; `make format` applies the formatters.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATES)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .scale
