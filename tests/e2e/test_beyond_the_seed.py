"""Sampling view and fit lab in the browser: reproducible draws, the reveal rule, the fits."""

import re

import fitlab
import sampling
from playwright.sync_api import expect

P = (0.55, 0.25, 0.15, 0.05)
Q = (0.80, 0.15, 0.04, 0.01)


def reveal(page):
    page.get_by_role("radio", name="KL(p‖q) is larger").check()
    page.get_by_role("button", name="Reveal the totals").click()


def draw(page, n):
    page.locator("#sampling").get_by_role("button", name=f"Draw {n}", exact=True).click()


def test_draws_hide_the_mean_until_the_round_is_revealed(ready_page):
    page = ready_page
    readout = page.locator("#sampling-readout")
    draw(page, 100)
    expect(readout).to_contain_text("100 draws from p (seed 1)")
    expect(readout).to_contain_text("appear once you commit a prediction")
    expect(readout).not_to_contain_text("running mean 0")
    reveal(page)
    expect(readout).to_contain_text("exact KL(p‖q) = 0.2004")


def test_the_browser_draws_the_same_sequence_as_cpython_for_a_seed(ready_page):
    page = ready_page
    reveal(page)
    box = page.get_by_role("textbox", name="Seed")
    box.fill("42")
    box.press("Enter")
    draw(page, 1000)
    reference = sampling.Sampler(P, Q, "forward", seed=42)
    reference.draw(1000)
    expected = f"running mean {reference.mean:.4f} ± {2 * reference.standard_error:.4f}"
    expect(page.locator("#sampling-readout")).to_contain_text(expected)


def test_switching_direction_samples_from_q(ready_page):
    page = ready_page
    reveal(page)
    page.get_by_role("radio", name="q, for KL(q‖p)").check()
    draw(page, 100)
    reference = sampling.Sampler(P, Q, "reverse", seed=1)
    reference.draw(100)
    readout = page.locator("#sampling-readout")
    expect(readout).to_contain_text("100 draws from q")
    expect(readout).to_contain_text(f"running mean {reference.mean:.4f}")
    expect(readout).to_contain_text("exact KL(q‖p) = 0.1542")


def test_a_bad_seed_is_refused_inline(ready_page):
    box = ready_page.get_by_role("textbox", name="Seed")
    box.fill("twelve")
    box.press("Enter")
    expect(ready_page.locator("#seed-error")).to_contain_text("whole number")


def test_changing_q_in_the_demo_starts_the_draws_afresh(ready_page):
    page = ready_page
    draw(page, 100)
    page.get_by_role("button", name="Uniform").click()
    expect(page.locator("#sampling-readout")).to_contain_text("No draws yet")


def test_fit_lab_reports_both_fits_and_the_start_dependence(ready_page):
    page = ready_page
    lab = page.locator("#fitlab")
    lab.get_by_role("button", name="Find both fits").click()
    forward = fitlab.fit("forward")
    expect(lab.locator("#fit-forward")).to_contain_text(f"min KL(p‖q) = {forward[2]:.4f}")
    expect(lab.locator("#fit-reverse")).to_contain_text("left mode")
    lab.get_by_role("radio", name="on the right (mean 17)").check()
    right = fitlab.fit("reverse", (17.0, 1.5))
    expect(lab.locator("#fit-reverse")).to_contain_text("right mode")
    expect(lab.locator("#fit-reverse")).to_contain_text(f"{right[2]:.4f}")


def test_dragging_your_q_updates_both_values_live(ready_page):
    lab = ready_page.locator("#fitlab")
    lab.get_by_role("slider", name="Mean of your q").fill("14.5")
    lab.get_by_role("slider", name="Width of your q").fill("1.6")
    forward = fitlab.divergence("forward", 14.5, 1.6)
    reverse = fitlab.divergence("reverse", 14.5, 1.6)
    expect(lab.locator("#fit-yours")).to_contain_text(
        re.compile(rf"KL\(p‖q\) = {forward:.4f}, KL\(q‖p\) = {reverse:.4f}")
    )
