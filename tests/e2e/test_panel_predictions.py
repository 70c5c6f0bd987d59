"""Predictions outside the demo's rounds (issue 17.2): before a storyboard plays, before the
fit lab runs. Each first prediction is judged from the panel's own numbers and counted in
the demo's score."""

import math

import numpy as np
import pytest
from core import fitlab
from harness import oracle
from playwright.sync_api import expect
from scipy.special import rel_entr
from test_accessibility import audit

FRAME_MS = 700
LN2 = math.log(2)


def storyboard(page):
    return page.locator("#storyboard")


def demo_score(page):
    return page.locator("#score")


def test_a_storyboard_prediction_is_judged_from_the_frames_and_scored_once(ready_page):
    page = ready_page
    page.clock.pause_at(10**12)  # the frames move only when the test says so
    board = storyboard(page)
    board.get_by_role("radio", name="Take q’s mass off an outcome p relies on").check()
    form = board.get_by_role("group", name="Optional Before it plays")
    expect(form).to_be_visible()
    expect(form).to_contain_text("As q’s share of x3 drains away")
    # Locking in nothing is refused inline, and nothing is lost: the story stays chosen.
    board.get_by_role("button", name="Lock in my prediction").click()
    expect(board.get_by_role("alert")).to_have_text(
        "Pick one of the three answers first, or press Play to watch without predicting."
    )
    expect(
        board.get_by_role("radio", name="Take q’s mass off an outcome p relies on")
    ).to_be_checked()
    expect(board.get_by_role("table")).to_be_hidden()
    form.get_by_role("radio", name="KL(p‖q) will grow more").check()
    board.get_by_role("button", name="Lock in my prediction").click()
    expect(board.get_by_role("alert")).to_be_hidden()
    expect(board.get_by_text("Locked in: “KL(p‖q) will grow more”.")).to_be_visible()
    expect(form.get_by_role("radio", name="KL(q‖p) will grow more")).to_be_disabled()
    board.get_by_role("button", name="Play").click()
    verdict = board.locator("#story-verdict")
    expect(verdict).not_to_contain_text("prediction")  # judged only at the end
    page.clock.run_for(5 * FRAME_MS)
    expect(board.get_by_text("Frame 6 of 6")).to_be_visible()
    # SciPy's totals at the first and last frames: KL(p‖q) moved more, as predicted.
    start, end = oracle((0.55, 0.25, 0.15, 0.05)), oracle((0.55, 0.25, 0.001, 0.05))
    forward, reverse = end[0] - start[0], end[1] - start[1]
    assert abs(forward) > 1.1 * abs(reverse)
    expect(verdict).to_contain_text("Your prediction held: “KL(p‖q) will grow more”.")
    expect(verdict).to_contain_text(
        f"KL(p‖q) changed {abs(forward) / abs(reverse):.1f} times as much as KL(q‖p)"
    )
    expect(verdict).to_contain_text(f"rose from 0.0000 to {end[0]:.4f}")
    expect(verdict).to_contain_text(f"rose from 0.0000 to {end[1]:.4f}")
    line = "Score: 1 right out of 1 (storyboard predictions 1 of 1)"
    expect(verdict).to_contain_text(line)
    expect(demo_score(page)).to_have_text(line)
    # In bits, the same verdict with the same frames' numbers divided by ln 2.
    page.locator("#units").get_by_role("radio", name="bits").check()
    expect(verdict).to_contain_text(f"rose from 0.0000 to {end[0] / LN2:.4f}")
    expect(verdict).to_contain_text("In bits:")
    # A second prediction for the same story is feedback only.
    board.get_by_role("button", name="Reset").click()
    expect(verdict).not_to_contain_text("prediction")
    form.get_by_role("radio", name="KL(q‖p) will grow more").check()  # chosen, not locked in
    board.get_by_role("button", name="Play").click()
    page.clock.run_for(5 * FRAME_MS)
    expect(verdict).to_contain_text(
        "Your prediction did not hold: you said “KL(q‖p) will grow more”"
    )
    expect(verdict).to_contain_text("Only your first prediction for this story counts")
    expect(demo_score(page)).to_have_text(line)


@pytest.mark.browser_context(reduced_motion="reduce")
def test_watching_first_then_predicting_is_not_scored_and_a_wrong_guess_is_named(ready_page):
    page = ready_page
    board = storyboard(page)
    board.get_by_role("radio", name="Make q equal p").check()
    board.get_by_role("button", name="Play").click()  # no prediction: allowed, not scored
    expect(board.get_by_text("Playing without a prediction: nothing is scored")).to_be_visible()
    expect(board.locator("#story-verdict")).not_to_contain_text("prediction")
    board.get_by_role("button", name="Reset").click()
    board.get_by_role("radio", name="Both will be exactly 0").check()
    board.get_by_role("button", name="Play").click()
    verdict = board.locator("#story-verdict")
    expect(verdict).to_contain_text("Your prediction held: “Both will be exactly 0”.")
    expect(verdict).to_contain_text("Not scored: you had watched this story play")
    expect(demo_score(page)).to_have_text("Score: no rounds yet")
    # A fresh story, predicted wrongly first: scored as wrong, the right answer named.
    board.get_by_role("radio", name="Flatten q towards uniform").check()
    board.get_by_role("radio", name="KL(p‖q) will grow more").check()
    board.get_by_role("button", name="Step").click()
    for _ in range(5):
        board.get_by_role("button", name="Step").click()
    start, end = oracle((0.55, 0.25, 0.15, 0.05)), oracle((0.25, 0.25, 0.25, 0.25))
    assert end[1] - start[1] > 1.1 * (end[0] - start[0])  # KL(q‖p) grows more
    expect(verdict).to_contain_text(
        "you said “KL(p‖q) will grow more”, but the answer is “KL(q‖p) will grow more”"
    )
    expect(verdict).to_contain_text(f"rose from 0.0000 to {end[1]:.4f}")
    expect(demo_score(page)).to_have_text("Score: 0 right out of 1 (storyboard predictions 0 of 1)")


@pytest.mark.browser_context(reduced_motion="reduce")
def test_the_storyboard_prediction_passes_axe(ready_page):
    page = ready_page  # axe waits on timers: the clock runs, reduced motion plays at once
    board = storyboard(page)
    board.get_by_role("radio", name="Put q’s mass where p is small").check()
    board.get_by_role("button", name="Lock in my prediction").click()  # the inline error too
    expect(board.get_by_role("alert")).to_be_visible()
    board.scroll_into_view_if_needed()
    assert audit(page) == []
    board.get_by_role("radio", name="KL(q‖p) will grow more").check()
    board.get_by_role("button", name="Lock in my prediction").click()
    board.get_by_role("button", name="Play").click()
    expect(board.locator("#story-verdict")).to_contain_text("Your prediction held")
    assert audit(page) == []


# ---- the fit lab ------------------------------------------------------------------------


def fit_lab(page):
    return page.locator("#fitlab")


def placement_of(lab, start):
    """Where the reverse search from ``start`` stops, from the bell's own mass (numpy)."""
    fit = lab.fit_from("reverse", start)
    q = np.asarray(fitlab.bell(fit.mean, fit.width))
    left = q[np.arange(fitlab.K) < fitlab.CENTER].sum()
    return fit, q, ("left" if left >= 0.9 else "right" if left <= 0.1 else "both")


def test_a_fit_prediction_is_judged_from_the_fit_and_scored_once_per_setting(ready_page):
    page = ready_page
    lab = fit_lab(page)
    form = lab.get_by_role("group", name="Optional Before you run it")
    run = lab.get_by_role("button", name="Find both fits")
    lock = lab.get_by_role("button", name="Lock in my prediction")
    # Locking in nothing is refused inline; the sliders and the hidden fits stay as they were.
    lab.get_by_role("slider", name="Weight of p’s left mode").fill("0.5")  # equal modes
    expect(lab.locator("#fit-weight-value")).to_have_text("50.0% (right mode 50.0%)")
    lab.get_by_role("radio", name="on the right (mean 17)").check()
    lock.click()
    expect(lab.get_by_role("alert")).to_contain_text("Pick one of the three answers first")
    expect(lab.get_by_role("slider", name="Weight of p’s left mode")).to_have_value("0.5")
    expect(lab.locator("#fit-result")).to_be_hidden()
    expected = fitlab.Lab(10, 0.5)
    fit, q, place = placement_of(expected, "right")
    label = dict(fitlab.PLACES)[place]
    form.get_by_role("radio", name=label).check()
    lock.click()
    expect(lab.get_by_role("alert")).to_be_hidden()
    expect(lab.get_by_text(f"Locked in: “{label}”.")).to_be_visible()
    run.click()
    verdict = lab.locator("#fit-verdict")
    kl_qp = float(rel_entr(q, np.asarray(expected.p)).sum())
    expect(verdict).to_contain_text(f"Your prediction held: “{label}”.")
    expect(verdict).to_contain_text("the reverse fit sits on the right mode")
    # The edge: equal modes, a basin on each, the same cost; the start alone decided.
    expect(verdict).to_contain_text("The two modes weigh the same (50.0% each)")
    expect(verdict).to_contain_text(
        f"the best bell on either mode reaches the same KL(q‖p), {kl_qp:.4f} nats"
    )
    line = "Score: 1 right out of 1 (fit predictions 1 of 1)"
    expect(verdict).to_contain_text(line)
    expect(page.locator("#score")).to_have_text(line)
    page.locator("#units").get_by_role("radio", name="bits").check()
    expect(verdict).to_contain_text(f"the same KL(q‖p), {kl_qp / math.log(2):.4f} bits")
    page.locator("#units").get_by_role("radio", name="nats").check()
    # A new start is a new setting: the fits go, the question comes back.
    lab.get_by_role("radio", name="from the lowest point of a coarse grid").check()
    expect(lab.locator("#fit-result")).to_be_hidden()
    expect(verdict).not_to_contain_text("prediction")
    expect(lab.get_by_text("New setting, so the fits were cleared.")).to_be_visible()
    _, _, place = placement_of(expected, "grid")
    wrong = next(v for v, _ in fitlab.PLACES if v != place)
    form.get_by_role("radio", name=dict(fitlab.PLACES)[wrong]).check()  # not locked in: counts
    run.click()
    expect(verdict).to_contain_text(f"but the answer is “{dict(fitlab.PLACES)[place]}”")
    line = "Score: 1 right out of 2 (fit predictions 1 of 2)"
    expect(page.locator("#score")).to_have_text(line)
    # Back to a setting already answered: feedback, never a second score.
    lab.get_by_role("radio", name="on the right (mean 17)").check()
    form.get_by_role("radio", name=label).check()
    run.click()
    expect(verdict).to_contain_text("Only your first prediction for this setting counts")
    expect(page.locator("#score")).to_have_text(line)


def test_running_the_fits_unpredicted_is_allowed_and_then_not_scored(ready_page):
    page = ready_page
    lab = fit_lab(page)
    lab.get_by_role("button", name="Find both fits").click()
    expect(lab.get_by_text("Run without a prediction: nothing is scored")).to_be_visible()
    lab.get_by_role("slider", name="Distance between p’s modes").fill("4")
    lab.get_by_role("slider", name="Distance between p’s modes").fill("10")  # back: seen
    lab.get_by_role("radio", name="On the left mode").check()
    lab.get_by_role("button", name="Find both fits").click()
    expect(lab.locator("#fit-verdict")).to_contain_text("Not scored: this setting’s fits")
    expect(page.locator("#score")).to_have_text("Score: no rounds yet")


def test_the_fit_prediction_passes_axe(ready_page):
    page = ready_page
    lab = fit_lab(page)
    lab.get_by_role("button", name="Lock in my prediction").click()
    expect(lab.get_by_role("alert")).to_be_visible()
    lab.scroll_into_view_if_needed()
    assert audit(page) == []
    lab.get_by_role("radio", name="Across both modes").check()
    lab.get_by_role("button", name="Find both fits").click()
    expect(lab.locator("#fit-verdict")).to_contain_text("Your prediction did not hold")
    assert audit(page) == []
