# The two commands of the README: `make run` and `make test`. CI calls `make test` verbatim.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run walkthrough test lint typecheck unit docs bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Anklet needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) scripts/run_app.py

walkthrough: $(STAMP)
	$(PY) scripts/walkthrough.py

# The browser tests drive Debian's chromium (never a downloaded browser); install it when missing.
test: $(STAMP) lint typecheck
	command -v chromium >/dev/null || (apt-get install -y chromium || (apt-get update && apt-get install -y chromium))
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(VENV)/bin/pytest -q

docs: $(STAMP)
	$(PY) scripts/gen_cli_doc.py
	$(PY) scripts/gen_exercises_doc.py
	$(PY) scripts/gen_evidence_doc.py

bench: $(STAMP)
	$(PY) bench/cli_startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis artifacts
