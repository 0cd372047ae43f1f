"""The tree shows the architecture: the domain imports only the standard library, and simple
CLI commands do not pay for heavy imports (DESIGN.md rules 2 and 5)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import anklet

PACKAGE = Path(anklet.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    offenders = {}
    for path in sorted((PACKAGE / "domain").rglob("*.py")):
        outside = {
            name
            for name in _imports(path)
            if name.split(".")[0] not in sys.stdlib_module_names
            and not name.startswith("anklet.domain")
        }
        if outside:
            offenders[path.name] = sorted(outside)
    assert offenders == {}


def test_services_import_no_adapter() -> None:
    adapters = ("anklet.storage", "anklet.cli", "anklet.web", "sqlalchemy", "typer", "rich")
    offenders = {
        path.name: sorted(name for name in _imports(path) if name.startswith(adapters))
        for path in (PACKAGE / "services").rglob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def _modules_loaded_by(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from anklet.cli.app import app\n"
        f"sys.argv = {['anklet', *argv]!r}\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(result.stderr.split())


def test_help_loads_neither_the_database_layer_nor_rich() -> None:
    loaded = _modules_loaded_by(["--help"])
    assert "anklet.cli.app" in loaded
    heavy = {"sqlalchemy", "alembic", "rich", "pydantic", "anklet.storage.engine"}
    assert heavy & loaded == set()


def test_a_json_database_command_does_not_load_rich_alembic_or_pydantic(tmp_path: Path) -> None:
    loaded = _modules_loaded_by(["--db", str(tmp_path / "a.db"), "athlete", "list", "--json"])
    assert "sqlalchemy" in loaded, "the command did reach the database"
    # The very first run migrates and so imports Alembic; the second is the everyday path.
    loaded = _modules_loaded_by(["--db", str(tmp_path / "a.db"), "athlete", "list", "--json"])
    assert {"rich", "alembic", "pydantic"} & loaded == set()
