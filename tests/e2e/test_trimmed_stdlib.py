"""The trimmed standard library holds everything the page's Python imports and runs."""

import json
import re
import zipfile

from playwright.sync_api import expect

import serve

# Runs in the page's own interpreter: imports each name, records the ones that fail.
IMPORT_ALL = """
import importlib
import json
import sys
from pyscript import document
failures = []
for name in {names!r}:
    try:
        importlib.import_module(name)
    except Exception as error:
        failures.append(f"{{name}}: {{type(error).__name__}}: {{error}}")
document.documentElement.dataset.importFailures = json.dumps(failures)
# Where each stdlib module came from: the zip's precompiled .pyc, or source compiled here.
# (Modules frozen into the interpreter name a .py file but run from its own bytecode.)
files = [getattr(m, "__file__", None) or "" for m in list(sys.modules.values())
         if getattr(getattr(m, "__spec__", None), "origin", None) != "frozen"]
document.documentElement.dataset.stdlibFiles = json.dumps([f for f in files if ".zip/" in f])
"""


def page_imports():
    """Every module the page's files import anywhere, that the browser can provide."""
    with zipfile.ZipFile(serve.NODE_MODULES / "pyodide" / "python_stdlib.zip") as full:
        stdlib = set(full.namelist())
    config = json.loads((serve.ROOT / "py" / "pyscript.json").read_text())
    own = {
        name.removeprefix("./").removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for name in config["files"]
    }
    names = set(own)
    for path in (serve.ROOT / "py").rglob("*.py"):
        for name in serve.python_imports(path.read_text(encoding="utf-8")):
            path_of = name.replace(".", "/")
            if f"{path_of}.py" in stdlib or f"{path_of}/__init__.py" in stdlib:
                names.add(name)
    return sorted(names - {"main"})  # main.py is the entry point: it already ran


def test_every_module_the_page_imports_anywhere_imports_in_the_browser(ready_page):
    names = page_imports()
    assert {"core.kl", "panels.demo", "app", "json", "random", "numbers"} <= set(names)
    script = IMPORT_ALL.format(names=names)
    ready_page.evaluate(
        "code => { const s = document.createElement('script'); s.type = 'py';"
        " s.textContent = code; document.body.append(s); }",
        script,
    )
    marker = ready_page.locator("html[data-import-failures]")
    expect(marker).to_have_count(1, timeout=30_000)
    assert json.loads(marker.get_attribute("data-import-failures")) == []
    # Every stdlib module, Python's and Pyodide's start-up included, loaded from bytecode
    # that serve.py compiled: none was compiled from source in the browser.
    stdlib_files = json.loads(ready_page.locator("html").get_attribute("data-stdlib-files"))
    assert any(f.endswith("/typing.pyc") for f in stdlib_files), stdlib_files
    assert any(f.endswith("/pyodide/__init__.pyc") for f in stdlib_files), stdlib_files
    assert [f for f in stdlib_files if not f.endswith(".pyc")] == []


def test_every_control_of_every_panel_runs_without_an_error(ready_page):
    page = ready_page
    controls = page.locator(
        "main [data-needs-python]:is(button, input[type=radio], input[type=checkbox], select)"
    )
    done = 0
    for index in range(controls.count()):
        control = controls.nth(index)
        if not control.is_visible() or not control.is_enabled():
            continue  # hidden until its moment (a conflict box, "New round")
        control.scroll_into_view_if_needed()
        kind = control.evaluate("el => el.tagName + ':' + (el.type || '')")
        if kind.startswith("SELECT"):
            values = control.locator("option").evaluate_all("os => os.map(o => o.value)")
            control.select_option(values[-1])
        elif kind.endswith(("radio", "checkbox")):
            control.check()
        elif re.search(r"copy", control.text_content() or "", re.I):
            continue  # the clipboard needs a permission a test browser does not grant
        else:
            control.click()
        done += 1
    assert done >= 30, done
    for slider in page.get_by_role("slider").all():
        if slider.is_visible() and slider.is_enabled():
            slider.fill("0.5")
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    expect(page.get_by_role("status").first).to_have_text("Python is ready.")
    # The page guard fails this test on any console error or uncaught exception.
