"""serve.py's trimmed standard library: which modules the page can import, found from sources."""

import json
import zipfile

import serve


def test_import_statements_in_all_their_forms_are_found():
    source = (
        "import os\n"
        "import a.b as c, d\n"
        "from e import f, g as h\n"
        "from i import (\n    j,\n    k,\n)\n"
        "from . import sibling\n"
        "from .inner import thing\n"
        "def later():\n    import lazy\n"
    )
    found = serve.python_imports(source, "pkg.mod")
    assert {"os", "a.b", "d", "e", "e.f", "e.g", "i.j", "i.k", "lazy"} <= found
    assert {"pkg", "pkg.sibling", "pkg.inner", "pkg.inner.thing"} <= found
    assert "c" not in found and "h" not in found


def test_a_package_resolves_relative_imports_from_itself():
    found = serve.python_imports("from . import events\nfrom .. import up\n", "pkg.sub", True)
    assert {"pkg.sub.events", "pkg.up"} <= found


def test_import_time_scan_skips_functions_scripts_and_windows_code():
    source = (
        "import always\n"
        "def f():\n    import only_when_called\n"
        "class C:\n    import in_class_body\n"
        "if sys.platform == 'win32':\n    import winonly\n"
        "if __name__ == '__main__':\n    import as_script\n"
        "try:\n    import guarded\nexcept ImportError:\n    pass\n"
    )
    found = serve.python_imports(source, top_level_only=True)
    assert {"always", "in_class_body", "guarded"} <= found
    assert not {"only_when_called", "winonly", "as_script"} & found


def make_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def test_the_closure_follows_import_time_imports_only(tmp_path):
    stdlib = make_zip(
        tmp_path / "stdlib.zip",
        {
            "used.py": "import dep\ndef f():\n    import lazy_dep\n",
            "dep.py": "from pkg import part\n",
            "pkg/__init__.py": "",
            "pkg/part.py": "from . import helper\n",
            "pkg/helper.py": "",
            "lazy_dep.py": "",
            "page_lazy.py": "",
            "unused.py": "import dep\n",
            "site.py": "",
        },
    )
    page = tmp_path / "py"
    page.mkdir()
    (page / "main.py").write_text("import used\ndef g():\n    import page_lazy\n")
    (tmp_path / "js").mkdir()
    needed = set(serve.stdlib_modules_needed(stdlib, page, tmp_path / "js"))
    assert {"used.py", "dep.py", "pkg/__init__.py", "pkg/part.py", "pkg/helper.py"} <= needed
    assert "page_lazy.py" in needed  # the page's own lazy imports count
    assert "site.py" in needed  # Python's start-up
    assert "lazy_dep.py" not in needed and "unused.py" not in needed


def test_the_vendored_zip_holds_everything_the_page_imports_anywhere():
    serve.ensure_vendored()
    with zipfile.ZipFile(serve.VENDOR / "pyodide" / "python_stdlib.zip") as trimmed:
        kept = set(trimmed.namelist())
    with zipfile.ZipFile(serve.NODE_MODULES / "pyodide" / "python_stdlib.zip") as full:
        available = set(full.namelist())
    assert len(kept) < len(available) / 2
    wanted = set()
    for path in (serve.ROOT / "py").glob("*.py"):
        wanted |= serve.python_imports(path.read_text(encoding="utf-8"))
    for module in sorted(wanted):
        path = module.replace(".", "/")
        for candidate in (path + ".py", path + "/__init__.py"):
            if candidate in available:
                assert candidate + "c" in kept, module  # compiled: see the next test


def test_the_vendored_zip_holds_bytecode_compiled_by_the_runtime_in_place_of_source():
    """Every kept module is a .pyc the browser loads without compiling, and nothing else
    the plan asks for is missing; the header is what zipimport accepts without source."""
    serve.ensure_vendored()
    with zipfile.ZipFile(serve.VENDOR / "pyodide" / "python_stdlib.zip") as trimmed:
        kept = {info.filename: trimmed.read(info) for info in trimmed.infolist()}
    plan = serve.stdlib_plan()
    assert not [name for name in kept if name.endswith(".py")]
    assert sorted(name[:-1] for name in kept if name.endswith(".pyc")) == sorted(plan)
    magics = {data[:4] for name, data in kept.items() if name.endswith(".pyc")}
    assert len(magics) == 1 and magics.pop()[2:] == b"\r\n"  # one interpreter compiled all
    flags = {int.from_bytes(data[4:8], "little") for data in kept.values()}
    assert flags == {0b01}  # hash-based and unchecked: there is no source to check against


def test_the_lock_file_lists_no_packages(tmp_path):
    serve.trim_lock(serve.NODE_MODULES / "pyodide" / "pyodide-lock.json", tmp_path / "lock.json")
    lock = json.loads((tmp_path / "lock.json").read_text())
    assert lock["packages"] == {}
    assert lock["info"]["python"].startswith("3.")
