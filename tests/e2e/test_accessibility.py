"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation in any state of the page."""

import json
import re
from pathlib import Path

import pytest
from harness import BOTH_SCHEMES, reveal
from playwright.sync_api import expect

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


LAY_OUT_EVERYTHING = """() => {
  for (const el of document.querySelectorAll('main section, main nav, main aside')) {
    if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
  }
}"""


def audit(page):
    """Violations found by axe-core, injected by the test only (never part of the site)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    # Lay out every section: off screen, content-visibility: auto skips their layout, and
    # axe's target-size rule then measures stale boxes that overlap across sections.
    page.evaluate(LAY_OUT_EVERYTHING)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => JSON.stringify(r.violations))",
        TAGS,
    )
    violations = json.loads(result)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:4])
        for v in violations
    ]


def open_every_panel(page):
    reveal(page)
    board = page.locator("#storyboard")
    board.get_by_role("radio", name="Make q equal p").check()
    for _ in range(6):
        board.get_by_role("button", name="Step").click()
    expect(board.get_by_text("Frame 6 of 6")).to_be_visible()
    page.locator("#inquiry").get_by_role("radio", name="The signed contribution rows").check()
    for n in (1, 2, 3):
        page.get_by_role("button", name=f"Show hint {n} of 3").click()
    sampling = page.locator("#sampling")
    sampling.get_by_role("button", name="Draw 100", exact=True).click()
    expect(sampling.get_by_text("100 draws from p")).to_be_visible()
    expect(sampling.get_by_role("table")).to_be_visible()  # the three estimators, drawn
    fitlab = page.locator("#fitlab")
    fitlab.get_by_role("button", name="Find both fits").click()
    expect(fitlab.get_by_text("Reverse fit, searched")).to_be_visible()
    landscape = page.locator("#fit-map-reverse")
    landscape.scroll_into_view_if_needed()
    expect(landscape.locator(".min-mark").first).to_be_attached()  # both maps drawn
    page.locator("#research").get_by_role("textbox", name="Note").fill("a note")
    expect(page.locator("#research-saved")).to_contain_text("Last saved")


def test_no_violations_before_python_loads(page, base_url):
    page.route("**/pyodide.asm.wasm", lambda route: None)  # hold Python back
    page.goto(base_url)
    expect(page.get_by_role("status").first).to_contain_text("loading")
    assert audit(page) == []


@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
def test_no_violations_once_ready_and_with_every_panel_open(ready_page, scheme):
    page = ready_page
    assert audit(page) == [], "after load"
    open_every_panel(page)
    assert audit(page) == [], "with every panel open"


@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
def test_no_violations_with_the_intuition_picture_and_the_identity_bar_drawn(ready_page, scheme):
    page = ready_page
    figure = page.locator("#landings")
    figure.get_by_role("button", name="Draw 100").click()
    swap = figure.get_by_role("button", name="Draw from q instead")
    swap.click()
    expect(swap).to_have_attribute("aria-pressed", "true")
    expect(figure.locator(".pic-landed").first).to_be_attached()
    page.locator("#identity").scroll_into_view_if_needed()
    expect(page.locator("#identity-chart .seg-kl")).to_be_attached()
    assert audit(page) == []


@pytest.mark.browser_context(viewport={"width": 375, "height": 800})
def test_no_violations_and_no_horizontal_scroll_at_375_px(ready_page):
    page = ready_page
    open_every_panel(page)
    assert audit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_every_control_that_needs_python_is_enabled_once_ready(ready_page):
    assert ready_page.locator("[data-needs-python]:disabled").count() == 0


def test_keyboard_focus_is_visible(ready_page):
    page = ready_page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
@pytest.mark.parametrize("width", [375, 1280])
def test_no_violations_with_the_demo_pictures_drawn(ready_page, scheme, width):
    """The dragged bars, the log-ratio strip and the blow-up plot, at q(x3) near 0."""
    page = ready_page
    page.set_viewport_size({"width": width, "height": 800})
    reveal(page)
    page.get_by_role("slider", name="Weight of x3", exact=True).fill("0.001")
    plot = page.get_by_role("img", name=re.compile(r"KL\(p‖q\) and KL\(q‖p\) in \w+ against"))
    plot.scroll_into_view_if_needed()
    expect(plot).to_be_visible()
    expect(page.locator("#blowup .blowup-why")).to_contain_text("q(x3) = 0.1%")
    expect(page.get_by_role("img", name=re.compile(r"log p.q beneath"))).to_be_visible()
    assert audit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
