"""The guard that every end-to-end test runs under can actually fail."""

import contextlib

import pytest
from harness import PageGuard, load_ready, origin_of


@pytest.fixture
def scratch(context, base_url):
    """A fresh page with its own guard, separate from the test's own page."""
    page = context.new_page()
    return page, PageGuard(page, origin_of(base_url))


def test_guard_catches_and_blocks_an_off_origin_request(scratch, base_url):
    page, guard = scratch
    # A scratch page (about:blank, no CSP). The .invalid domain never resolves,
    # and the guard aborts the request before anything is sent.
    page.set_content('<img src="http://off-origin.invalid/pixel.png" alt="">')
    page.wait_for_load_state("load")
    assert any("off-origin request: http://off-origin.invalid/" in p for p in guard.problems)
    with pytest.raises(pytest.fail.Exception, match="off-origin"):
        guard.check()


def test_guard_catches_a_console_error(scratch, base_url):
    page, guard = scratch
    page.evaluate("console.error('deliberate test error')")
    assert guard.problems == ["console error: deliberate test error"]
    with pytest.raises(pytest.fail.Exception, match="deliberate test error"):
        guard.check()


def test_guard_catches_an_uncaught_page_error_and_a_missing_file(scratch, base_url):
    page, guard = scratch
    page.goto(base_url + "no-such-file.js")
    # The guard listened first, so by the time this wait ends it has recorded the error.
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('deliberate uncaught') }, 0)")
    assert any("HTTP 404" in p for p in guard.problems)
    assert any("deliberate uncaught" in p for p in guard.problems)


def test_guard_is_quiet_on_the_app_itself(ready_page):
    assert ready_page.guard.problems == []


def test_a_tab_that_crashes_while_python_starts_is_told_from_a_slow_or_broken_start(
    scratch, base_url
):
    """ready_page retries a load once only when the tab itself crashed; here the crash is
    forced (DevTools' Page.crash) the moment the page asks for its Python."""
    page, guard = scratch
    cdp = page.context.new_cdp_session(page)

    def crash(route):
        with contextlib.suppress(Exception):  # the session goes down with the tab
            cdp.send("Page.crash")

    page.route("**/py/main.py", crash)
    assert load_ready(page, base_url) is True
    # A page that loads normally is not taken for a crash; ready_page's retry does the same:
    # the crashed tab is closed first, since the clock is installed context-wide.
    page.close()
    fresh = page.context.new_page()
    assert load_ready(fresh, base_url) is False
