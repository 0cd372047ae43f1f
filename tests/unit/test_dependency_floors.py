"""The lower bounds in pyproject.toml stay past the security fixes we know of, for the packages
we import and for those we do not import but that serve or parse through them (starlette,
h11, pillow, fonttools): a range that admits a vulnerable release is a vulnerability. The
installed packages meet them too, so the tests run on what a user would get."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# package -> the first release with the fix, and what it fixed
FLOORS = {
    "fastapi": ("0.132", "JSON bodies without a JSON Content-Type (cross-site writes)"),
    "jinja2": ("3.1.6", "CVE-2024-56201, CVE-2025-27516"),
    "python-multipart": ("0.0.22", "CVE-2024-53981, CVE-2026-24486"),
    "starlette": ("1.0.1", "CVE-2026-48710, CVE-2025-62727"),
    "h11": ("0.16.0", "CVE-2025-43859"),
    "pillow": ("13.0", "CVE-2026-96639"),
    "fonttools": ("4.60.2", "CVE-2025-66034"),
}


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _declared() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {}
    for requirement in project["dependencies"]:
        match = re.match(r"([A-Za-z0-9_.-]+)(\[[^]]*\])?>=([0-9.]+)", requirement)
        if match:
            found[match.group(1).lower()] = match.group(3)
    return found


def test_every_floor_is_past_its_fix() -> None:
    declared = _declared()
    low = {
        name: (declared.get(name), fixed, why)
        for name, (fixed, why) in FLOORS.items()
        if name not in declared or _release(declared[name]) < _release(fixed)
    }
    assert low == {}


def test_the_installed_packages_meet_the_floors() -> None:
    old = {
        name: version(name)
        for name, (fixed, _) in FLOORS.items()
        if _release(version(name)) < _release(fixed)
    }
    assert old == {}
