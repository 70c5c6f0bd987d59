"""No browser test waits a fixed time: they wait on what the page shows, or move its clock."""

import ast
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
# time.sleep, asyncio.sleep, a bare sleep imported from either, and Playwright's fixed wait.
FIXED_WAITS = {"sleep", "wait_for_timeout"}


def fixed_waits(source, filename):
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in FIXED_WAITS:
            found.append(f"{filename}:{node.lineno}: {ast.unparse(func)}(...)")
    return found


def test_the_scan_finds_each_kind_of_fixed_wait():
    source = (
        "import time, asyncio\nfrom time import sleep\n"
        "time.sleep(1)\nsleep(0.5)\nasyncio.sleep(1)\npage.wait_for_timeout(100)\n"
        "page.clock.run_for(700)\n"
    )
    assert [line.split(": ", 1)[1] for line in fixed_waits(source, "x.py")] == [
        "time.sleep(...)",
        "sleep(...)",
        "asyncio.sleep(...)",
        "page.wait_for_timeout(...)",
    ]


def test_no_browser_test_sleeps_or_waits_a_fixed_time():
    files = sorted(E2E.glob("*.py"))
    assert files, f"no browser tests found in {E2E}"
    found = []
    for path in files:
        found += fixed_waits(path.read_text(encoding="utf-8"), path.name)
    assert found == [], (
        "Fixed waits make tests slow and flaky: wait with expect(...) on what the page shows, "
        "page.expect_event(...) for an event, or page.clock.run_for(ms) for a timer.\n"
        + "\n".join(found)
    )
