"""The layout of py/: pure core modules, DOM panels, and the config that ships them."""

import ast
import doctest
import importlib
import json
from pathlib import Path

import pytest

PY = Path(__file__).resolve().parents[2] / "py"
BROWSER_ONLY = {"pyscript", "pyodide", "js"}


def imported_roots(path):
    """The top-level package of every import in a file, wherever it appears."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


CORE = sorted((PY / "core").glob("*.py"))
PANELS = sorted(p for p in (PY / "panels").glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_no_core_module_touches_the_browser_or_the_panels(path):
    roots = imported_roots(path)
    assert not roots & BROWSER_ONLY, f"core/{path.name} imports {roots & BROWSER_ONLY}"
    assert not roots & {"panels", "dom", "app", "main"}, f"core/{path.name} imports a DOM module"


def test_the_import_scan_finds_an_import_hidden_in_a_function(tmp_path):
    hidden = tmp_path / "hidden.py"
    hidden.write_text("def f():\n    from pyscript import window\n    import js.x\n")
    assert imported_roots(hidden) == {"pyscript", "js"}


@pytest.mark.parametrize("path", PANELS, ids=lambda p: p.name)
def test_each_panel_has_a_core_module_of_its_name_or_says_which_it_draws(path):
    pair = PY / "core" / path.name
    text = path.read_text(encoding="utf-8")
    assert pair.exists() or "core/" in text.split('"""')[1], path.name


def test_the_config_ships_every_module_and_nothing_else():
    files = json.loads((PY / "pyscript.json").read_text())["files"]
    on_disk = {p.relative_to(PY).as_posix() for p in PY.rglob("*.py")}
    # main.py is the <script> itself; every module it may import is a file of the config.
    assert {name.removeprefix("./") for name in files} == on_disk - {"main.py"}
    assert all(source == target for source, target in files.items())


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_the_examples_in_each_core_docstring_hold(path):
    module = importlib.import_module(f"core.{path.stem}")
    assert doctest.testmod(module).failed == 0


def test_no_two_test_files_share_a_name():
    # pytest imports test modules by their base name: a unit and a browser test of the
    # same name stop the whole run at collection.
    names = [path.name for path in (PY.parent / "tests").rglob("test_*.py")]
    assert sorted(names) == sorted(set(names)), [n for n in set(names) if names.count(n) > 1]


ROOT = PY.parent


def where_things_are():
    """The README's "Where things are" table, as text."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Where things are")
    return readme[start : readme.index("\n## ", start + 1)]


MODULES = [p for p in CORE if p.name != "__init__.py"] + [
    PY / n for n in ("app.py", "main.py", "dom.py")
]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_the_readme_table_names_each_core_and_top_level_module(path):
    assert f"`{path.relative_to(ROOT)}`" in where_things_are(), f"README lacks {path.name}"


def test_every_path_in_the_readme_table_exists():
    table = where_things_are()
    paths = [cell.split("`")[1] for cell in table.splitlines() if cell.startswith("| `")]
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert paths and missing == []
