"""The pictures that carry the idea: draws landing in Intuition, the identity bar in Math,
and the runner's H(p) line; every number checked against SciPy for a q moved in the demo."""

import math
import re

import numpy as np
import pytest
from core import intuition
from harness import P, Q, oracle, reveal, shown, slider
from playwright.sync_api import expect
from scipy.stats import entropy

MOVED = {"x1": "0.3", "x2": "0.5", "x3": "0.02", "x4": "0.4"}  # weights; q = these / their sum
WEIGHTS = [float(w) for w in MOVED.values()]
MOVED_Q = tuple(np.array(WEIGHTS) / sum(WEIGHTS))


def landings(page):
    return page.locator("#landings")


def move_q_and_reveal(page):
    for outcome, weight in MOVED.items():
        slider(page, outcome).fill(weight)
    reveal(page)


def signed(x):
    text = shown(x)
    return text if text.startswith("−") else "+" + text


def texts(locator):
    return [" ".join(t.split()) for t in locator.all_text_contents()]


def scroll_to(page, selector):
    page.evaluate(f"document.querySelector('{selector}').scrollIntoView()")


def test_the_picture_is_on_the_first_screen_of_intuition(ready_page):
    page = ready_page
    scroll_to(page, "#intuition-title")
    chart = page.get_by_role("img", name=re.compile("Draws from p, each paying"))
    expect(chart).to_be_in_viewport(ratio=1)
    # Right after the section's one-line lede, before any formula or other paragraph.
    before = page.locator("#landings").evaluate("f => f.previousElementSibling.className")
    assert before == "lede"


@pytest.mark.browser_context(viewport={"width": 375, "height": 800})
def test_at_375_px_it_follows_the_lede_and_no_text_is_under_12_px(ready_page):
    page = ready_page
    scroll_to(page, "#intuition-title")
    expect(page.locator("#landings-chart")).to_be_in_viewport()
    landings(page).get_by_role("button", name="Draw 100").click()
    scroll_to(page, "#identity")
    expect(page.locator("#identity-chart .pic-total")).to_be_attached()
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('#landings-chart text, #identity-chart text')]
             .map(t => { const svg = t.ownerSVGElement;
               const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
               return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]; })"""
    )
    assert len(sizes) > 30
    assert [(t, s) for t, s in sizes if s < 12 - 1e-6] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_landings_pay_the_log_ratio_and_settle_on_kl_for_the_demo_q(ready_page):
    page = ready_page
    move_q_and_reveal(page)
    forward, _ = oracle(WEIGHTS)
    figure = landings(page)
    # Far from the demo, the text alternative is up to date at once ...
    expect(page.locator("#landings-chart")).to_have_attribute(
        "aria-label", re.compile(f"The exact average, KL\\(p‖q\\), is {shown(forward)} nats")
    )
    scroll_to(page, "#landings")  # ... and the drawing catches up as it comes into view.
    expect(figure.locator(".pic-exact")).to_have_text(f"KL(p‖q) = {shown(forward)} nats")
    pays = [math.log(p / q) for p, q in zip(P, MOVED_Q, strict=True)]
    expect(figure.locator(".pic-pay")).to_have_text([signed(v) for v in pays])
    # Negative and positive payments are told apart by colour class, not only by sign.
    classes = figure.locator(".pic-pay").evaluate_all("ts => ts.map(t => t.classList[1])")
    assert classes == ["pay-plus" if v > 0 else "pay-minus" for v in pays]
    figure.get_by_role("button", name="Draw 100").click()
    run = intuition.Landings(P, MOVED_Q)
    run.draw(100)
    readout = f"100 draws from p: running average {shown(run.mean)} nats; exact KL(p‖q) = "
    expect(page.locator("#landings-readout")).to_have_text(readout + f"{shown(forward)} nats.")
    expect(page.locator("#landings-chart")).to_have_attribute(
        "aria-label", re.compile(f"running average is {shown(run.mean)} nats")
    )


def test_the_swap_draws_from_q_and_makes_kl_q_p_the_reference(ready_page):
    page = ready_page
    move_q_and_reveal(page)
    _, backward = oracle(WEIGHTS)
    figure = landings(page)
    scroll_to(page, "#landings")
    figure.get_by_role("button", name="Draw 100").click()
    swap = figure.get_by_role("button", name="Draw from q instead")
    swap.click()
    expect(swap).to_have_attribute("aria-pressed", "true")
    expect(figure.locator(".pic-exact")).to_have_text(f"KL(q‖p) = {shown(backward)} nats")
    expect(figure.locator(".pic-title").first).to_contain_text("Draw from q")
    pays = [math.log(q / p) for p, q in zip(P, MOVED_Q, strict=True)]
    expect(figure.locator(".pic-pay")).to_have_text([signed(v) for v in pays])
    run = intuition.Landings(P, MOVED_Q, "reverse")
    run.draw(100)
    expect(page.locator("#landings-readout")).to_have_text(
        f"100 draws from q: running average {shown(run.mean)} nats; "
        f"exact KL(q‖p) = {shown(backward)} nats."
    )
    swap.click()
    expect(swap).to_have_attribute("aria-pressed", "false")
    expect(figure.locator(".pic-exact")).to_contain_text("KL(p‖q)")


def test_draws_are_reproducible_and_reset_starts_them_again(ready_page):
    page = ready_page
    figure, readout = landings(page), page.locator("#landings-readout")
    for _ in range(3):
        figure.get_by_role("button", name="Draw 1", exact=True).click()
    figure.get_by_role("button", name="Draw 100").click()
    first = readout.text_content()
    run = intuition.Landings(P, Q)
    for k in (1, 1, 1, 100):
        run.draw(k)
    assert f"103 draws from p: running average {shown(run.mean)} nats" in first
    figure.get_by_role("button", name="Reset").click()
    expect(readout).to_contain_text("No draws from p yet")
    for _ in range(3):
        figure.get_by_role("button", name="Draw 1", exact=True).click()
    figure.get_by_role("button", name="Draw 100").click()
    expect(readout).to_have_text(first)


def test_play_draws_on_a_timer_and_stops_settled_at_the_end(ready_page):
    page = ready_page
    figure, readout = landings(page), page.locator("#landings-readout")
    figure.get_by_role("button", name="Play").click()
    pause = figure.get_by_role("button", name="Pause")
    expect(pause).to_be_visible()
    expect(readout).to_have_attribute("aria-busy", "true")
    page.clock.run_for(60_000)
    expect(figure.get_by_role("button", name="Play")).to_be_visible()
    run = intuition.Landings(P, Q)
    run.draw(intuition.MAX_DRAWS)
    expect(readout).to_have_text(
        f"{intuition.MAX_DRAWS} draws from p: running average {shown(run.mean)} nats; "
        f"exact KL(p‖q) = {shown(oracle(Q)[0])} nats."
    )
    expect(readout).to_have_attribute("aria-busy", "false")
    assert abs(run.mean - oracle(Q)[0]) < 0.05  # settled: within a few standard errors


def test_pause_stops_the_draws(ready_page):
    page = ready_page
    figure, readout = landings(page), page.locator("#landings-readout")
    figure.get_by_role("button", name="Play").click()
    page.clock.run_for(1_000)
    figure.get_by_role("button", name="Pause").click()
    stopped = readout.text_content()
    page.clock.run_for(5_000)
    expect(readout).to_have_text(stopped)
    assert "draws from p" in stopped and f"{intuition.MAX_DRAWS} draws" not in stopped


@pytest.mark.browser_context(reduced_motion="reduce")
def test_with_reduced_motion_play_jumps_to_the_end_without_animation(ready_page):
    page = ready_page
    figure = landings(page)
    figure.get_by_role("button", name="Play").click()  # no clock advance: no timer is needed
    expect(page.locator("#landings-readout")).to_contain_text(f"{intuition.MAX_DRAWS} draws")
    expect(figure.get_by_role("button", name="Play")).to_be_visible()
    figure.get_by_role("button", name="Draw 1", exact=True).click()
    expect(figure.locator(".pic-drop")).to_have_count(0)


def test_the_identity_bar_is_h_p_plus_kl_for_the_demo_q(ready_page):
    page = ready_page
    bar = page.locator("#identity-chart")
    h_p = float(entropy(P))
    scroll_to(page, "#identity")
    expect(bar.locator(".pic-seg")).to_have_text(
        [f"H(p) = {shown(h_p)} nats", f"KL(p‖q) = {shown(oracle(Q)[0])} nats"]
    )
    move_q_and_reveal(page)
    forward, _ = oracle(WEIGHTS)
    cross = -float(np.sum(np.array(P) * np.log(MOVED_Q)))
    expect(bar).to_have_attribute("aria-label", re.compile(f"H\\(p, q\\) = {shown(cross)} nats"))
    scroll_to(page, "#identity")
    expect(bar.locator(".pic-seg")).to_have_text(
        [f"H(p) = {shown(h_p)} nats", f"KL(p‖q) = {shown(forward)} nats"]
    )
    expect(bar.locator(".pic-total")).to_have_text(f"H(p, q) = {shown(cross)} nats")
    # The two segments are drawn in proportion: their widths add up to the whole bar.
    widths = bar.locator(".seg-entropy, .seg-kl").evaluate_all(
        "rs => rs.map(r => r.width.baseVal.value)"
    )
    assert widths[1] / widths[0] == pytest.approx(forward / h_p, rel=0.01)


def test_the_runner_prints_h_p_on_its_own_line(ready_page):
    page = ready_page
    move_q_and_reveal(page)
    page.get_by_role("button", name="Run the worked example").click()
    output = page.locator("#code-output")
    expect(output).to_contain_text("H(p, q)")
    line = re.search(r"^H\(p\)\s+(\S+)$", output.text_content(), re.MULTILINE)
    assert line is not None, output.text_content()
    assert line.group(1) == f"{entropy(P):.4f}"
