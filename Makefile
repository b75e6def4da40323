# The README's two commands are `make demo` and `make test`; the rest serve tooling and CI.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
SEED   ?= 2020
# pytest-xdist workers; CI machines have 2 cores.
TEST_WORKERS ?= auto

.PHONY: demo test install install-dev lint lock bench bench-programs bench-portal clean messages test-programs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installs are stamped so that repeated `make` runs skip pip when nothing changed.
$(VENV)/.installed-runtime: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed-runtime

install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/gongkai init --no-input
	$(BIN)/gongkai demo --profile guangdong-2020 --seed $(SEED) --host $(HOST) --port $(PORT)

# Programs the tests drive, from Debian's packages: Chromium for the browser tests (Playwright never
# downloads a browser here), LibreOffice to turn letters into PDF, poppler to read PDFs back, and CJK fonts.
# The letters' fonts (src/gongkai/core/fonts/fonts.conf): the Fandol faces of texlive-lang-chinese (仿宋,
# 宋, 黑, 楷) and Noto CJK SC; texlive-lang-chinese without its recommends, which would bring all of TeX's
# CJK support and Japanese and Korean fonts. Both lists are installed only when a package is missing.
CHROMIUM ?= /usr/bin/chromium
TEST_DEBS := chromium libreoffice-writer-nogui poppler-utils fonts-noto-cjk gettext nginx-light
FONT_DEBS := texlive-lang-chinese

test-programs:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	fonts=$$(for p in $(FONT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing$$fonts" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing from Debian for the tests: $$missing $$fonts"; \
	    apt-get update -qq; \
	    if [ -n "$$missing" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	    if [ -n "$$fonts" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$fonts >/dev/null; fi; \
	  else echo "the tests need: sudo apt-get install $$missing $$fonts" >&2; exit 1; fi; fi

test: install-dev test-programs
	GONGKAI_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Re-pin every dependency (run after changing pyproject.toml, commit constraints.txt). Resolves in a
# throw-away virtualenv so that nothing installed by hand leaks into the pins.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude gongkai | sort -f > constraints.txt
	rm -rf .lock-venv

bench: install-dev bench-programs
	@for b in bench/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# wrk and nginx drive the portal throughput benchmark (Debian packages; the benchmarks are not part of `make test`).
bench-programs:
	@{ command -v wrk >/dev/null && [ -x /usr/sbin/nginx ]; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; \
	  else echo "the benchmarks need: sudo apt-get install wrk nginx-light" >&2; exit 1; fi; }

bench-portal: install-dev bench-programs
	$(BIN)/python bench/portal_throughput.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

# Refresh the English catalogue after changing user-facing text; translate the new entries in
# src/gongkai/locale/en/LC_MESSAGES/django.po, then compile (both files are committed).
messages: install-dev
	cd src/gongkai && ../../$(BIN)/gongkai manage makemessages -l en --no-obsolete
	cd src/gongkai && ../../$(BIN)/gongkai manage compilemessages
