"""Write docs/data-schema.json, the JSON Schema of an export, from the database schema.

Usage: python scripts/gen_data_schema.py [--check]
With --check, write nothing and exit 1 if the file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from anklet.storage.archive import document_schema

PAGE = Path(__file__).resolve().parent.parent / "docs" / "data-schema.json"


def render() -> str:
    return json.dumps(document_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{PAGE} is out of date; run python scripts/gen_data_schema.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
