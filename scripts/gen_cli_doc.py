"""Write docs/cli.md from the `anklet` command (run by `make docs`)."""

from pathlib import Path

from anklet.cli.reference import render_cli_reference

target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
target.write_text(render_cli_reference(), encoding="utf-8")
print(f"wrote {target}")
