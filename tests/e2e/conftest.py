"""Fixtures for the browser tests; the helpers they use are in harness.py."""

import os
import warnings
from pathlib import Path

import pytest
from harness import (
    BROWSER_ENV,
    CHROMIUM_ARGS,
    PageGuard,
    load_ready,
    origin_of,
    start_server,
    stop_server,
    system_chromium,
)
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="session")
def base_url():
    proc, url = start_server()
    yield url
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        executable = os.environ.get(BROWSER_ENV)
        if not executable and not Path(pw.chromium.executable_path).exists():
            executable = system_chromium()
            if executable is None:
                pytest.fail(
                    "No Chromium found: Playwright's own browser is not installed and no "
                    f"system Chromium is on PATH. Install one (apt-get install -y chromium) "
                    f"or set {BROWSER_ENV} to a Chromium binary.",
                    pytrace=False,
                )
        browser = pw.chromium.launch(executable_path=executable or None, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, request):
    options = {"viewport": {"width": 1280, "height": 900}}
    marker = request.node.get_closest_marker("browser_context")
    if marker:
        options.update(marker.kwargs)
    ctx = browser.new_context(**options)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, base_url, request):
    page = context.new_page()
    guard = PageGuard(page, origin_of(base_url))
    page.guard = guard
    yield page
    if request.node.get_closest_marker("expect_page_errors") is None:
        guard.check()


@pytest.fixture
def ready_page(page, base_url, request):
    """The app, loaded and with Python ready, on Playwright's clock.

    Time flows as usual, so nothing waits on the test; a test that waits for one of the
    page's timers (an autosave, a storyboard frame) moves it on with page.clock.run_for.

    If the test browser's tab itself crashes while Python starts ("Target crashed": in
    two of the last four full runs of the suite on a loaded 2-core machine, once per run,
    with no error from the page before it), the load is tried once more in a fresh tab,
    under a fresh guard, and a warning says so.  A second crash, or anything else, fails
    the test as before.
    """
    if not load_ready(page, base_url):
        return page
    warnings.warn(f"the browser tab crashed while Python started; {request.node.name} "
                  "retried the load once in a fresh tab", stacklevel=1)  # fmt: skip
    page.guard.check()  # anything the page reported before the crash still fails the test
    page.close()  # the clock is installed context-wide: not on a crashed tab
    fresh = page.context.new_page()
    fresh.guard = PageGuard(fresh, origin_of(base_url))
    if request.node.get_closest_marker("expect_page_errors") is None:
        request.addfinalizer(fresh.guard.check)
    if load_ready(fresh, base_url):
        pytest.fail("the browser tab crashed twice while Python started", pytrace=False)
    return fresh
