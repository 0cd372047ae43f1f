"""docs/cli.md, rendered from the Typer app itself so the reference cannot drift.

It lives in the CLI package: it reads the command tree, which only the CLI layer may import.
"""

from __future__ import annotations

from typing import Any

WIDTH = 96

INTRO = """# CLI reference

Generated from the `anklet` command itself by `make docs` (`scripts/gen_cli_doc.py`);
a test fails when this file and the program disagree. Every command accepts `--json` where it
prints a result, and exits with code 2 and a one-line message on bad input.
"""


def render_cli_reference() -> str:
    import typer

    from anklet.cli.app import app

    root = typer.main.get_command(app)
    sections = [INTRO]
    _render(root, "anklet", None, sections)
    return "\n".join(sections)


def _render(command: Any, path: str, parent: Any, sections: list[str]) -> None:
    import typer

    context = typer.Context(
        command,
        info_name=path.rsplit(maxsplit=1)[-1],
        parent=parent,
        max_content_width=WIDTH,
        terminal_width=WIDTH,
    )
    level = "#" * min(2 + path.count(" "), 4)
    sections.append(f"{level} `{path}`\n\n```text\n{command.get_help(context).rstrip()}\n```\n")
    for name in sorted(getattr(command, "commands", {})):
        _render(command.commands[name], f"{path} {name}", context, sections)
