"""Sampling view in the browser: reproducible draws, the reveal rule, honest charts, estimators."""

import re

from core import sampling
from harness import P, Q, reveal
from playwright.sync_api import expect


def draw(page, n):
    page.locator("#sampling").get_by_role("button", name=f"Draw {n}", exact=True).click()


def set_seed(page, text):
    box = page.get_by_role("textbox", name="Seed")
    box.fill(text)
    box.press("Enter")
    return box


def test_draws_hide_the_mean_until_the_round_is_revealed(ready_page):
    page = ready_page
    readout = page.locator("#sampling-readout")
    draw(page, 100)
    expect(readout).to_contain_text("100 draws from p (seed 1)")
    expect(readout).to_contain_text("appear once you commit a prediction")
    expect(readout).not_to_contain_text("running mean 0")
    expect(page.locator("#estimators-body")).to_be_hidden()
    reveal(page)
    expect(readout).to_contain_text("exact KL(p‖q) = 0.2004")
    expect(page.locator("#estimators-body")).to_be_visible()


def test_the_browser_draws_the_same_sequence_as_cpython_for_a_seed(ready_page):
    page = ready_page
    reveal(page)
    set_seed(page, "42")
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


def test_a_bad_seed_is_refused_inline_in_plain_words_and_marked_invalid(ready_page):
    """Issue 21.9: no Python internals, aria-invalid set and then cleared; the seed is kept."""
    page = ready_page
    error = page.locator("#seed-error")
    for text in ("twelve", "²", "9" * 5000):
        box = set_seed(page, text)
        expect(error).to_have_text(re.compile("whole number from 0 to 4294967295"))
        expect(error).not_to_contain_text("int(")
        expect(error).not_to_contain_text("digits")
        expect(box).to_have_attribute("aria-invalid", "true")
    draw(page, 1)
    expect(page.locator("#sampling-readout")).to_contain_text("(seed 1)")  # seed unchanged
    box = set_seed(page, "42")
    expect(error).to_be_hidden()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#sampling-readout")).to_contain_text("seed 42")


def test_changing_q_in_the_demo_starts_the_draws_afresh(ready_page):
    page = ready_page
    draw(page, 100)
    page.get_by_role("button", name="Uniform").click()
    expect(page.locator("#sampling-readout")).to_contain_text("No draws yet")


def test_identical_draws_say_the_error_cannot_be_estimated(ready_page):
    """Issue 20.F: default q, seed 3, two draws that happen to be the same outcome."""
    page = ready_page
    reveal(page)
    set_seed(page, "3")
    draw(page, 1)
    readout = page.locator("#sampling-readout")
    expect(readout).to_contain_text("one draw: its standard error cannot be estimated yet")
    draw(page, 1)
    expect(readout).to_contain_text("all 2 draws gave the same value")
    expect(readout).not_to_contain_text("± 0.0000")


def test_before_any_draw_the_chart_shows_labelled_rows_and_axes(ready_page):
    """Issue 14.7: outcome labels on the rows, an x-axis, the page's minus sign."""
    page = ready_page
    chart = page.locator("#sampling-chart")
    chart.scroll_into_view_if_needed()
    for row in ("x1 55%", "x2 25%", "x3 15%", "x4 5%"):
        expect(chart.locator("text", has_text=row)).to_have_count(1)
    expect(chart.locator("text", has_text="draw number")).to_have_count(1)
    expect(chart.locator("text", has_text="log p(x)/q(x), in nats")).to_have_count(1)
    expect(chart.locator("text", has_text="−0.5")).to_have_count(1)
    assert "-" not in chart.text_content()
    expect(chart).to_have_attribute("aria-label", re.compile(r"x1 gives −0\.3747"))


def test_the_estimator_table_matches_cpython_on_a_seeded_run(ready_page):
    """Issue 19.2: k1, k2, k3 from draws of q, each against the exact KL(q‖p)."""
    page = ready_page
    reveal(page)
    page.get_by_role("radio", name="q, for KL(q‖p)").check()
    set_seed(page, "7")
    draw(page, 1000)
    reference = sampling.Sampler(P, Q, "reverse", seed=7)
    reference.draw(1000)
    table = page.get_by_role("table", name="The three estimators on the draws so far (nats)")
    for heading, cells in sampling.estimator_rows(reference, True):
        row = table.get_by_role("row", name=re.compile("^" + re.escape(heading)))
        expect(row.get_by_role("cell")).to_have_text(cells)
    expect(table.get_by_role("row", name=re.compile("^Negative draws"))).to_contain_text("none")
    chart = page.get_by_role("img", name=re.compile("^Exact KL\\(q‖p\\) = 0\\.1542"))
    expect(chart).to_have_attribute("aria-label", re.compile("k3 = .* no draw was negative"))
    for name in ("k1", "k2", "k3", "exact", "k2 limit"):
        expect(chart.locator("text", has_text=re.compile(f"^{name}$"))).to_have_count(1)
