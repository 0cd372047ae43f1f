"""`anklet athlete list` a page at a time: --limit (default 50) and --after HANDLE; the next
page's --after on standard error, so --json stays one list."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_the_cli_list_pages_too(cli: Cli) -> None:
    for handle in ("ann", "bob", "cat"):
        assert cli("athlete", "add", handle, "--name", handle).exit_code == 0
    first = cli("athlete", "list", "--json", "--limit", "2")
    assert first.exit_code == 0, first.output
    assert "--after bob" in first.stderr
    rest = cli.json("athlete", "list", "--after", "bob")
    assert [athlete["handle"] for athlete in rest] == ["cat"]
    assert cli("athlete", "list", "--limit", "0").exit_code == 2
