"""The dock: a control far from the demo shows its effect in view, at 1280 px and 375 px.

Each test acts on a panel that changes (or points at) the demo's state from elsewhere on the
page and checks that the effect is inside the viewport at once, with numbers equal to SciPy's.
"""

import re

import pytest
from harness import BOTH_SCHEMES, OUTCOMES, oracle, reveal, shown, slider
from playwright.sync_api import expect
from test_accessibility import audit

WIDTHS = [
    pytest.param(size, marks=pytest.mark.browser_context(viewport=size), id=f"{size['width']}px")
    for size in ({"width": 1280, "height": 800}, {"width": 375, "height": 740})
]


def dock(page):
    return page.get_by_role("complementary", name="The demo, live")


def weights(page):
    """The demo's weights as its exact boxes hold them (a slider rounds to its step)."""
    boxes = (page.get_by_role("textbox", name=f"Exact weight of {x}") for x in OUTCOMES)
    return [float(box.input_value()) for box in boxes]


def expect_dock_totals_match_the_demo(page):
    forward, reverse = oracle(weights(page))
    expect(page.locator("#dock-pq")).to_have_text(shown(forward))
    expect(page.locator("#dock-qp")).to_have_text(shown(reverse))


def expect_dock_bars_show(page, q):
    """The dock's text alternative states each q share the demo has now."""
    label = page.locator("#dock-bars")
    for x, share in zip(OUTCOMES, q, strict=True):
        expect(label).to_have_attribute("aria-label", re.compile(rf"{x} p [\d.]+%, q {share:.1%}"))


@pytest.mark.parametrize("size", WIDTHS)
def test_a_storyboard_frame_plays_on_bars_the_learner_can_see(ready_page, size):
    page = ready_page
    board = page.locator("#storyboard")
    board.get_by_role("radio", name="Take q’s mass off an outcome p relies on").check()
    expect(dock(page)).to_be_in_viewport()
    for frame in (1, 2, 3):
        board.get_by_role("button", name="Step").click()
        expect(board.get_by_text(f"Frame {frame} of")).to_be_visible()
        expect(dock(page)).to_be_in_viewport()
        expect(page.locator("#dock-bars")).to_be_in_viewport()
        expect_dock_totals_match_the_demo(page)  # the storyboard lends the demo: totals show
        w = weights(page)
        expect_dock_bars_show(page, [v / sum(w) for v in w])


@pytest.mark.parametrize("size", WIDTHS)
def test_a_claim_review_state_link_changes_q_in_view(ready_page, size):
    page = ready_page
    link = page.locator("#claim-review").get_by_role("link", name="Miss a data mode state")
    link.click()
    w = (0.7, 0.25, 0.002, 0.048)
    expect(slider(page, "x3")).to_have_value("0.002")
    expect(dock(page)).to_be_in_viewport()
    expect_dock_bars_show(page, [v / sum(w) for v in w])
    # No prediction has been revealed: the dock does not give the totals away.
    expect(page.locator("#dock-no-totals")).to_be_in_viewport()
    expect(page.locator("#dock-totals")).to_be_hidden()


@pytest.mark.parametrize("size", WIDTHS)
def test_an_inquiry_cue_outlines_its_object_in_the_dock(ready_page, size):
    page = ready_page
    reveal(page)
    inquiry = page.locator("#inquiry")
    inquiry.get_by_role("radio", name="The two totals").check()
    totals = page.locator("#dock-totals")
    expect(totals).to_be_in_viewport()
    expect(totals).to_have_class(re.compile(r"\binquiry-target\b"))
    expect_dock_totals_match_the_demo(page)
    inquiry.get_by_role("radio", name="The bar heights of p and q").check()
    expect(page.locator("#dock-bars")).to_have_class(re.compile(r"\binquiry-target\b"))
    expect(totals).not_to_have_class(re.compile(r"\binquiry-target\b"))


@pytest.mark.parametrize("size", WIDTHS)
def test_pointing_at_a_worked_line_term_picks_out_its_outcome_in_the_dock(ready_page, size):
    page = ready_page
    term = page.locator('#eq-worked .wv[data-outcome="x3"]')
    term.scroll_into_view_if_needed()
    term.hover()
    column = page.locator('#dock-bars g[data-outcome="x3"]')
    expect(column).to_have_class(re.compile(r"\bis-focus\b"))
    expect(column).to_be_in_viewport()
    expect(page.locator('#dock-bars g[data-outcome="x1"]')).not_to_have_class(
        re.compile(r"\bis-focus\b")
    )


def test_the_dock_steps_aside_at_the_top_and_where_the_demo_is_in_view(ready_page):
    page = ready_page
    expect(dock(page)).to_be_hidden()  # the opening screen: nothing far from the demo yet
    page.locator("#storyboard").scroll_into_view_if_needed()
    expect(dock(page)).to_be_visible()
    page.locator("#bars").scroll_into_view_if_needed()
    expect(dock(page)).to_be_hidden()  # the demo itself is in view: no second copy


def test_the_dock_folds_away_and_comes_back(ready_page):
    page = ready_page
    page.locator("#storyboard").scroll_into_view_if_needed()
    hide = dock(page).get_by_role("button", name="Hide")
    hide.click()
    expect(page.locator("#dock-bars")).to_be_hidden()
    show = dock(page).get_by_role("button", name="Show")
    expect(show).to_have_attribute("aria-expanded", "false")
    show.click()
    expect(page.locator("#dock-bars")).to_be_visible()
    expect(dock(page).get_by_role("button", name="Hide")).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize("way", ["dock", "stage bar"])
def test_one_step_back_to_the_demo_lands_on_it(ready_page, way):
    # Sections between are laid out only as they scroll into view and change height after
    # the jump; the demo must still be where the link put it.
    page = ready_page
    page.locator("#claim-review").scroll_into_view_if_needed()
    if way == "dock":
        dock(page).get_by_role("link", name="Go to the demo").click()
    else:
        page.get_by_role("navigation", name="Where you are").get_by_role(
            "link", name="Demo"
        ).click()
    expect(page.locator("#demo-title")).to_be_in_viewport()
    page.clock.run_for(3_000)  # past the time the page holds the target in place
    expect(page.locator("#demo-title")).to_be_in_viewport()


@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
def test_no_violations_with_the_dock_shown(ready_page, scheme):
    page = ready_page
    reveal(page)
    page.locator("#storyboard").scroll_into_view_if_needed()
    expect(dock(page)).to_be_visible()
    expect(page.locator("#dock-totals")).to_be_visible()
    assert audit(page) == []
