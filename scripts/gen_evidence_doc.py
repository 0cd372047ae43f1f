"""Write docs/evidence.md from the bibliography Anklet ships (src/anklet/data/bibliography.toml).

Usage: python scripts/gen_evidence_doc.py [--check]
With --check, write nothing and exit 1 if the page is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from anklet.importers.bibliography import load_bibliography
from anklet.reports.evidence_doc import render_markdown

PAGE = Path(__file__).resolve().parent.parent / "docs" / "evidence.md"


def main(argv: list[str]) -> int:
    text = render_markdown(load_bibliography())
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{PAGE} is out of date; run python scripts/gen_evidence_doc.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
