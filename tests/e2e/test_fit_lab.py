"""Fit lab in the browser: true "best" values, honest sentences, the mode caveat, the landscape."""

import re

from core import fitlab
from core.text import num
from playwright.sync_api import expect


def find_fits(lab, start=None):
    if start:
        lab.get_by_role("radio", name=start).check()
    lab.get_by_role("button", name="Find both fits").click()
    expect(lab.locator("#fit-result")).to_be_visible()


def test_the_lowest_reported_is_below_any_hand_set_q_from_every_start(ready_page):
    """Issue 14.1: the issue's q (mean 4.5, width 1.2) never beats the reported lowest."""
    lab = ready_page.locator("#fitlab")
    find_fits(lab, "on the right (mean 17)")
    best = fitlab.Lab().best("reverse")
    expect(lab.locator("#fit-reverse")).to_contain_text("local optimum, not the best")
    expect(lab.locator("#fit-reverse")).to_contain_text(f"the lowest KL(q‖p) is {num(best.value)}")
    lab.get_by_role("slider", name="Mean of your q").fill("4.5")
    lab.get_by_role("slider", name="Width of your q").fill("1.2")
    yours = lab.locator("#fit-yours")
    hand = fitlab.divergence("reverse", 4.5, 1.2)
    expect(yours).to_contain_text(f"KL(q‖p) = {num(hand)}.")
    expect(yours).to_contain_text("The lowest any bell reaches: KL(p‖q) = 0.4018, KL(q‖p) = 0.5953")
    assert best.value <= hand


def test_sliders_show_their_values_and_the_text_uses_the_width(ready_page):
    """Issue 14.7: the sliders' values are shown; one quantity for width, no variance."""
    lab = ready_page.locator("#fitlab")
    lab.get_by_role("slider", name="Width of your q").fill("2.4")
    lab.get_by_role("slider", name="Mean of your q").fill("12.3")
    expect(lab.locator("#fit-width-value")).to_have_text("2.4")
    expect(lab.locator("#fit-mean-value")).to_have_text("12.3")
    expect(lab.locator("#fit-separation-value")).to_have_text("10 (modes at 4.5 and 14.5)")
    find_fits(lab)
    forward = fitlab.Lab().best("forward")
    expect(lab.locator("#fit-forward")).to_contain_text(f"width {forward.width:.2f}")
    expect(lab).not_to_contain_text("variance")


def test_the_other_side_sentence_is_said_only_when_true(ready_page):
    """Issue 20.E: from the right, the other side gives the best fit, not a local optimum."""
    lab = ready_page.locator("#fitlab")
    find_fits(lab, "on the right (mean 17)")
    statement = lab.locator("#fit-statement")
    expect(statement).to_contain_text(
        "Started on the left (mean 2, width 1.5) instead, the search stops at mean 4.51"
    )
    expect(statement).to_contain_text("(KL(q‖p) = 0.5953), the best fit.")
    expect(statement).not_to_contain_text("on the other side")
    lab.get_by_role("radio", name="on the left (mean 2)").check()
    expect(lab.locator("#fit-result")).to_be_hidden()  # a new start is a new question
    find_fits(lab)
    expect(statement).to_contain_text("(KL(q‖p) = 0.7954), a local optimum.")
    expect(lab.locator("#fit-reverse")).to_contain_text("No bell does better")


def test_moving_the_modes_closer_shows_the_reverse_fit_spanning_both(ready_page):
    """Issue 20.5: the title does not overstate VI; the learner can see the caveat."""
    page = ready_page
    heading = page.get_by_role("heading", name=re.compile("^Fit lab"))
    expect(heading).not_to_contain_text("variational inference seeks a mode")
    lab = page.locator("#fitlab")
    find_fits(lab)
    expect(lab.locator("#fit-reverse")).to_contain_text("sits on the left mode")
    lab.get_by_role("slider", name="Distance between p’s modes").fill("4")
    expect(lab.locator("#fit-separation-value")).to_have_text("4 (modes at 7.5 and 11.5)")
    expect(lab.locator("#fit-result")).to_be_hidden()  # the old fits never sit beside a new p
    find_fits(lab)
    expect(lab.locator("#fit-reverse")).to_contain_text("mean 9.32 and width 2.48")
    expect(lab.locator("#fit-reverse")).to_contain_text("spans both modes")
    expect(lab.locator("#fit-statement")).to_contain_text("With the modes this close")
    expect(lab.locator("#fit-forward")).to_contain_text("no gap between them")
    chart = lab.get_by_role("img", name=re.compile("^Bars: p"))
    expect(chart).to_have_attribute("aria-label", re.compile("modes at 7.5 and 11.5"))


def test_the_landscape_marks_each_minimum_and_a_click_moves_q_there(ready_page):
    """Issue 19.4: both maps, their minima marked, the learner's q moved by clicking."""
    page = ready_page
    lab = page.locator("#fitlab")
    expected = fitlab.Lab()
    maps = {d: page.locator(f"#fit-map-{d}") for d in fitlab.DIRECTIONS}
    maps["reverse"].scroll_into_view_if_needed()
    for direction, chart in maps.items():
        minima = expected.minima(direction)
        best = minima[0]
        expect(chart).to_have_attribute(
            "aria-label",
            re.compile(
                re.escape(
                    f"Lowest: {num(best.value)} at mean {best.mean:.2f}, width {best.width:.2f}."
                )
            ),
        )
        expect(chart.locator(".min-mark")).to_have_count(len(minima))
    assert len(expected.minima("reverse")) >= 2  # separate basins at the default separation
    chart = maps["forward"]
    chart.scroll_into_view_if_needed()  # measured where the click will find it
    box = chart.bounding_box()
    chart.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.3})
    mean = lab.get_by_role("slider", name="Mean of your q")
    expect(mean).not_to_have_value("9")
    marker = chart.locator(".you circle").first
    spot = marker.bounding_box()
    centre = (spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
    assert abs(centre[0] - (box["x"] + box["width"] * 0.75)) < 6
    assert abs(centre[1] - (box["y"] + box["height"] * 0.3)) < 6
    value = float(mean.input_value())
    width = float(lab.get_by_role("slider", name="Width of your q").input_value())
    expect(lab.locator("#fit-yours")).to_contain_text(
        f"Your q, mean {value:.1f} and width {width:.1f}"
    )
    expect(maps["reverse"]).to_have_attribute(
        "aria-label", re.compile(re.escape(f"Your q, mean {value:.1f} and width {width:.1f}:"))
    )
