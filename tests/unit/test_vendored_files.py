"""Every vendored front-end file is the one its table row names: the sha256 in VENDORED.md is
the file's, each file served from static/vendor has a row, and each package has its licence."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import anklet

VENDOR = Path(anklet.__file__).parent / "web" / "static" / "vendor"
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| `(?P<package>[^`]+)`.*\| `(?P<sha>[0-9a-f]{64})` \|$")


def _rows() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in (VENDOR / "VENDORED.md").read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            rows[found["file"]] = (found["package"], found["sha"])
    return rows


def test_each_vendored_file_has_a_row_with_its_own_sha256() -> None:
    rows = _rows()
    served = {path.name for path in VENDOR.iterdir() if path.suffix in {".js", ".css"}}
    assert served == set(rows)
    for name, (_, sha) in rows.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == sha, name


def test_each_vendored_package_ships_its_licence() -> None:
    licences = {path.name.split(".LICENSE")[0] for path in (VENDOR / "licenses").iterdir()}
    for package, _ in _rows().values():
        assert package in licences, package


ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_file_is_the_one_pyproject_names_and_points_to_every_vendored_licence() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "src/anklet/web/static/vendor/licenses/" in text
    assert "tests/browser/vendor/licenses/" in text
    flat = " ".join(text.split())
    for package, _ in _rows().values():
        assert package.removesuffix(".org") in flat, package
    assert "axe-core" in flat
