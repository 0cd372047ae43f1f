"""The tree shows the architecture: the domain imports only the standard library, and simple
CLI commands do not pay for heavy imports (docs/architecture.md, rule 2)."""

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
    db = str(tmp_path / "a.db")
    loaded = _modules_loaded_by(["--db", db, "athlete", "add", "sam", "--name", "Sam"])
    assert "sqlalchemy" in loaded, "the command did reach the database"
    # The very first write migrates and so imports Alembic (a read creates no database); the
    # second command is the everyday path.
    loaded = _modules_loaded_by(["--db", str(tmp_path / "a.db"), "athlete", "list", "--json"])
    assert {"rich", "alembic", "pydantic"} & loaded == set()


SERVICES = PACKAGE / "services"
ADAPTERS = ("cli", "web", "reports", "importers", "bootstrap.py")


def _service_modules() -> list[Path]:
    return [p for p in sorted(SERVICES.glob("*.py")) if p.name != "__init__.py"]


def test_every_service_module_declares_what_it_offers() -> None:
    missing = [p.name for p in _service_modules() if "__all__" not in p.read_text("utf-8")]
    assert missing == []


def test_no_service_module_imports_another_lazily() -> None:
    """Imports inside a function hide a cycle between use cases; services import at the top
    (only TYPE_CHECKING blocks are allowed to sit below it)."""
    lazy = {}
    for path in _service_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                found = [
                    inner.module
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.ImportFrom)
                    and inner.module
                    and inner.module.startswith("anklet.services")
                ]
                if found:
                    lazy[f"{path.name}:{node.name}"] = found
    assert lazy == {}


def _adapter_files() -> list[Path]:
    files: list[Path] = []
    for name in ADAPTERS:
        target = PACKAGE / name
        files += [target] if target.is_file() else sorted(target.rglob("*.py"))
    return files


def test_the_cli_web_and_api_call_only_what_the_services_offer() -> None:
    """Every `from anklet.services.X import name` outside the services names something in
    X.__all__: the services are the one door, and their door has a list."""
    import importlib

    offenders = []
    for path in _adapter_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("anklet.services.")
            ):
                continue
            offered = set(getattr(importlib.import_module(node.module), "__all__", ()))
            offenders += [
                f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name not in offered
            ]
    assert offenders == []
