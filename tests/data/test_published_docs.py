"""The documents users read agree with the program: docs/data-schema.json is the schema the
import checks against (`make docs` regenerates it), and docs/fhir.md lists every code the
FHIR export writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from anklet.reports import fhir
from anklet.storage.archive import FORMAT_NAME, FORMAT_VERSION, document_schema

ROOT = Path(__file__).resolve().parents[2]


def test_the_published_schema_is_the_one_imports_are_checked_against() -> None:
    published = json.loads((ROOT / "docs" / "data-schema.json").read_text(encoding="utf-8"))
    assert published == document_schema()
    script = ROOT / "scripts" / "gen_data_schema.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert result.returncode == 0, result.stderr


def test_docs_data_md_names_the_format_and_its_version() -> None:
    page = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert f"format `{FORMAT_NAME}`, version {FORMAT_VERSION}" in page
    assert "data-schema.json" in page and "pg_dump" in page and "pg_restore" in page


def test_docs_fhir_md_lists_every_code_the_export_writes() -> None:
    page = (ROOT / "docs" / "fhir.md").read_text(encoding="utf-8")
    codes = [
        fhir.PAIN_LOINC[0],
        fhir.ANKLE_JOINT,
        fhir.LATERALITY,
        *(code for code, _ in fhir.SIDE_QUALIFIER.values()),
        *(
            code
            for code, _ in (fhir.LUNGE_DISTANCE, fhir.LUNGE_ANGLE, fhir.HEEL_RAISE, fhir.STANCE)
        ),
        fhir.ANKLET_CODES,
        fhir.LOINC,
        fhir.SNOMED,
        fhir.UCUM,
    ]
    for code in codes:
        assert f"`{code}`" in page, code
