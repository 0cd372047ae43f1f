# The two commands of the README: `make run` and `make test`. CI calls `make test` verbatim.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Two stamps: running needs only the app's own dependencies; the test toolchain (pytest,
# ruff, mypy, playwright, ...) is installed by the targets that use it.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: run walkthrough test lint typecheck unit docs bench clean print-libraries
# Debian packages the printed reports need: pango for WeasyPrint's layout, a font with every
# glyph the reports use. `make test` also needs poppler-utils (pdftotext reads the PDFs back).
# WeasyPrint 70 warns (an error under our tests) when HarfBuzz's subsetting library is missing.
PRINT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
APT_INSTALL = apt-get install -y $(1) || (apt-get update && apt-get install -y $(1))

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Anklet needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(RUN_STAMP): pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e .
	@touch $(RUN_STAMP)

$(STAMP): pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(RUN_STAMP) $(STAMP)

# WeasyPrint loads pango when imported: install it (and the font) when the import fails.
print-libraries: $(RUN_STAMP)
	@$(PY) -W error -c 'import weasyprint' 2>/dev/null || ($(call APT_INSTALL,$(PRINT_PACKAGES)))
	@test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || ($(call APT_INSTALL,fonts-dejavu-core))

run: $(RUN_STAMP) print-libraries
	@$(PY) scripts/run_app.py

walkthrough: $(RUN_STAMP)
	$(PY) scripts/walkthrough.py

# The browser tests drive Debian's chromium (never a downloaded browser); install it when missing.
test: $(STAMP) lint typecheck print-libraries
	command -v chromium >/dev/null || (apt-get install -y chromium || (apt-get update && apt-get install -y chromium))
	command -v pdftotext >/dev/null || ($(call APT_INSTALL,poppler-utils))
	$(VENV)/bin/pytest -q -n auto

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
	$(PY) scripts/gen_data_schema.py

bench: $(STAMP)
	$(PY) bench/cli_startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis artifacts
