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

.PHONY: demo test install install-dev lint lock bench clean messages

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

test: install-dev
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Re-pin every dependency (run after changing pyproject.toml, commit constraints.txt).
lock: $(BIN)/python
	$(PIP) install --quiet --upgrade -e '.[dev]'
	$(PIP) freeze --exclude-editable --exclude gongkai | sort -f > constraints.txt

bench: install-dev
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

# Refresh the English catalogue after changing user-facing text; translate the new entries in
# src/gongkai/locale/en/LC_MESSAGES/django.po, then compile (both files are committed).
messages: install-dev
	cd src/gongkai && ../../$(BIN)/gongkai manage makemessages -l en --no-obsolete
	cd src/gongkai && ../../$(BIN)/gongkai manage compilemessages
