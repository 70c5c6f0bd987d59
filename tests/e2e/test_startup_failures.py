"""A start-up that cannot succeed is reported at once, in words, with nothing left waiting."""

import re

import pytest
from playwright.sync_api import expect

import serve

UNAVAILABLE = re.compile("^Python is unavailable")


def goto_and_wait_for_pyscript_to_complain(page, url, complaint):
    """Load the page and return once PyScript itself has reported the problem."""
    with page.expect_console_message(lambda message: complaint in message.text, timeout=60_000):
        page.goto(url)


def expect_python_reported_unavailable(page, reason):
    alert = page.get_by_role("alert")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(f"could not start ({reason}")
    expect(page.get_by_role("status").first).to_have_text(re.compile("Python is not running"))
    # Every placeholder that promised Python now says it is unavailable.
    expect(page.locator("#code-output")).to_have_text(UNAVAILABLE)
    expect(page.locator("#kl-source")).to_have_text(UNAVAILABLE)
    expect(page.locator("#kl-functions")).to_have_text(UNAVAILABLE)
    expect(page.get_by_text("Waiting for Python")).to_have_count(0)
    expect(page.get_by_text("once Python has loaded")).to_have_count(0)
    expect(page.locator("main [aria-label*='once Python has loaded']")).to_have_count(0)
    expect(page.get_by_role("button", name="Run the worked example")).to_be_disabled()
    expect(page.get_by_role("progressbar")).to_be_hidden()
    # PyScript's own raw error box does not appear beside the page's alert.
    expect(page.locator(".py-error")).to_have_count(0)


@pytest.mark.expect_page_errors
def test_a_blocked_main_py_is_reported_at_once(page, base_url):
    page.route("**/py/main.py", lambda route: route.fulfill(status=404, body="blocked"))
    goto_and_wait_for_pyscript_to_complain(page, base_url, "main.py")
    expect_python_reported_unavailable(page, "main.py could not be downloaded (HTTP 404)")


@pytest.mark.expect_page_errors
def test_a_blocked_config_is_reported_at_once(page, base_url):
    page.route("**/py/pyscript.json", lambda route: route.abort())
    page.goto(base_url)  # PyScript itself says nothing about a config it cannot fetch
    expect_python_reported_unavailable(page, "pyscript.json could not be downloaded")


@pytest.mark.expect_page_errors
def test_a_truncated_wasm_is_reported_at_once(page, base_url):
    wasm = (serve.VENDOR / "pyodide" / "pyodide.asm.wasm").read_bytes()
    page.route(
        "**/pyodide.asm.wasm",
        lambda route: route.fulfill(body=wasm[:300_000], content_type="application/wasm"),
    )
    page.goto(base_url)
    expect_python_reported_unavailable(page, "pyodide.asm.wasm arrived incomplete")


@pytest.mark.expect_page_errors
def test_a_python_error_at_start_up_keeps_its_traceback_in_the_console_only(page, base_url):
    page.route(
        "**/py/panels/content.py",
        lambda route: route.fulfill(body="raise RuntimeError('deliberately broken')"),
    )
    goto_and_wait_for_pyscript_to_complain(page, base_url, "deliberately broken")
    expect_python_reported_unavailable(page, "a Python error")
    traceback = [p for p in page.guard.problems if "deliberately broken" in p]
    assert traceback and "Traceback" in "\n".join(traceback)
