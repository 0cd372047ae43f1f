"""The CLI reference in docs/ is generated from the program; it must not drift."""

from __future__ import annotations

from pathlib import Path

from anklet.cli.reference import render_cli_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_docs_cli_md_matches_the_commands() -> None:
    expected = render_cli_reference()
    actual = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run `make docs`"


def test_every_command_is_in_the_reference() -> None:
    text = render_cli_reference()
    for command in (
        "anklet athlete add",
        "anklet athlete edit",
        "anklet athlete list",
        "anklet athlete show",
        "anklet screen",
        "anklet clear",
        "anklet assess",
        "anklet assessments",
    ):
        assert f"`{command}`" in text
