"""The page boots its own Python and shows the worked example computed by kl.py."""

import re

import pytest
from core import kl
from harness import P, Q
from playwright.sync_api import expect


def test_status_reads_loading_then_ready(page, base_url):
    page.goto(base_url)
    status = page.get_by_role("status").first
    expect(status).to_contain_text(re.compile("loading|ready"))
    expect(status).to_contain_text("ready", timeout=30_000)


def test_worked_example_values_are_computed_in_the_browser(ready_page):
    output = ready_page.locator("#code-output")
    # The expected text is produced by the same module in CPython.
    expect(output).to_contain_text(kl.report(P, Q))
    for value in ("0.2004", "0.1542", "1.3101"):
        expect(output).to_contain_text(value)


def test_page_fetches_only_its_own_files_and_a_favicon(page, base_url):
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(base_url)
    expect(page.get_by_role("status").first).to_contain_text("ready", timeout=30_000)
    assert any(url.endswith("/py/core/kl.py") for url in urls)
    assert any(url.endswith("/favicon.svg") for url in urls)
    assert all(url.startswith(base_url) for url in urls), urls
    # No Pyodide package beyond the core (no micropip, no NumPy wheel).
    assert not [url for url in urls if url.endswith((".whl", ".tar"))]


def test_every_section_of_the_page_has_its_heading(ready_page):
    for name in (
        "KL Divergence (Relative Entropy)",
        "Concept structure",
        "Learner contract",
        "01 Intuition",
        "02 Math",
        "03 Code",
        "04 Interactive demo",
        "After the first pass",
        "Mechanism storyboard",
        "Visual inquiry",
        "Source grounding",
        "Claim review",
        "Practice loop",
        "Research room",
    ):
        expect(ready_page.get_by_role("heading", name=name, exact=True)).to_be_visible()


@pytest.mark.expect_page_errors
def test_runtime_that_cannot_load_shows_an_alert_and_keeps_the_text(page, base_url):
    page.route("**/*.wasm", lambda route: route.abort())
    page.goto(base_url)
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible(timeout=30_000)
    expect(alert).to_contain_text("could not start")
    expect(page.get_by_role("status").first).not_to_contain_text("ready")
    expect(page.get_by_role("heading", name="01 Intuition")).to_be_visible()
    assert any("wasm" in problem for problem in page.guard.problems)
