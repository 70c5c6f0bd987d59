"""Security policy, failure handling, zoom and motion: the page degrades in plain words."""

import re

import pytest
from harness import slider, wait_until_ready
from playwright.sync_api import expect


@pytest.mark.expect_page_errors
def test_a_script_from_another_origin_is_blocked_by_the_policy(page, base_url):
    page.goto(base_url)
    wait_until_ready(page)
    failures = []
    page.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    evil = "http://off-origin.invalid/evil.js"
    with page.expect_event("requestfailed", lambda request: request.url == evil):
        blocked = page.evaluate(
            """url => new Promise(resolve => {
                document.addEventListener('securitypolicyviolation',
                    e => resolve(e.violatedDirective + ' ' + e.blockedURI), {once: true});
                const s = document.createElement('script');
                s.src = url;
                document.head.appendChild(s);
            })""",
            evil,
        )
    assert blocked.startswith("script-src") and "off-origin.invalid" in blocked
    # The browser refused it itself: it never reached the network (or the guard's route).
    assert ("http://off-origin.invalid/evil.js", "csp") in failures
    assert not any(p.startswith("off-origin request") for p in page.guard.problems)
    assert page.evaluate("window.evilRan") is None


@pytest.mark.expect_page_errors
def test_inline_script_is_blocked_too(page, base_url):
    page.goto(base_url)
    wait_until_ready(page)
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.inlineRan = 1'; document.head.appendChild(s); }"
        )
    assert page.evaluate("window.inlineRan") is None
    assert any("Content Security Policy" in p for p in page.guard.problems)


@pytest.mark.expect_page_errors
def test_runtime_failure_disables_python_controls_with_a_reason(page, base_url):
    page.route("**/*.wasm", lambda route: route.abort())
    page.goto(base_url)
    expect(page.get_by_role("alert").first).to_contain_text("could not start", timeout=30_000)
    expect(slider(page, "x1")).to_be_disabled()
    expect(page.get_by_role("button", name="Reveal the totals")).to_be_disabled()
    expect(page.get_by_text("Unavailable: Python could not start")).to_be_visible()
    expect(page.locator("math#eq-definition")).to_be_visible()


@pytest.mark.expect_page_errors
def test_a_python_error_at_start_up_is_reported_not_spun_on(page, base_url):
    page.route(
        "**/py/panels/content.py",
        lambda route: route.fulfill(body="raise RuntimeError('deliberately broken')"),
    )
    page.goto(base_url)
    alert = page.locator("#runtime-alert")
    # boot.js gives up only after 60 s of silence or 2 minutes of start-up: this is the error.
    expect(alert).to_be_visible(timeout=90_000)
    expect(alert).to_contain_text("could not start (a Python error)")
    expect(page.locator("#runtime-status")).not_to_contain_text("loading")


@pytest.mark.expect_page_errors
def test_a_python_error_in_a_handler_becomes_a_plain_alert(ready_page):
    page = ready_page
    # Forge an impossible event: an exact-weight box claiming to be outcome 10.
    with page.expect_console_message(lambda m: m.type == "error"):
        page.evaluate(
            "() => { const box = document.querySelector('#n-x1'); box.dataset.index = '9';"
            " box.value = '0.5'; box.dispatchEvent(new Event('change', {bubbles: true})); }"
        )
    alert = page.get_by_role("alert").filter(has_text="Something went wrong")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("IndexError")
    assert len(page.guard.problems) == 1
    assert page.guard.problems[0].startswith("console error: kl-notebook: IndexError")
    # The rest of the page keeps working.
    page.get_by_role("button", name="Uniform").click()
    expect(page.locator("#q-x1")).to_have_text("q(x1) = 25.0%")


def test_text_zoomed_to_200_percent_stays_usable(ready_page):
    page = ready_page
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.get_by_role("button", name="Extra mass where p is small").click()
    page.get_by_role("radio", name="KL(q‖p) is larger").check()
    reveal = page.get_by_role("button", name="Reveal the totals")
    reveal.click()
    expect(page.locator("#verdict")).to_contain_text("Right")


@pytest.mark.browser_context(color_scheme="dark")
def test_dark_scheme_gives_a_dark_page(ready_page):
    background = ready_page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(x) for x in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 150
