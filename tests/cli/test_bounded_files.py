"""`anklet log --file` reads at most a stated size and refuses deep nesting: /dev/zero or a
huge file is never read whole, and a nested file is never handed to the parser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from anklet.domain.errors import InvalidValue
from anklet.domain.limits import MAX_FILE_BYTES, MAX_JSON_DEPTH
from anklet.importers.session_file import read_session_file
from tests.cli.conftest import Cli

DAY = date(2026, 6, 15)


def test_dev_zero_is_refused_after_reading_only_the_limit() -> None:
    with pytest.raises(InvalidValue, match=f"at most {MAX_FILE_BYTES} bytes"):
        read_session_file("/dev/zero", default_day=DAY)


def test_a_deeply_nested_file_is_refused_before_parsing(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"pain": 2, "items": ' + "[" * 3000 + "]" * 3000 + "}", encoding="utf-8")
    with pytest.raises(InvalidValue, match=f"nested at most {MAX_JSON_DEPTH} deep"):
        read_session_file(str(deep), default_day=DAY)


def test_the_cli_exits_2_naming_the_limit(cli: Cli, sam: str) -> None:
    result = cli("log", sam, "--file", "/dev/zero")
    assert result.exit_code == 2
    assert f"at most {MAX_FILE_BYTES} bytes" in result.output
