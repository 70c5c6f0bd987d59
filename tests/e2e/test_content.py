"""The reading sections: typeset math, the real source, the runner, one live state."""

import re
from pathlib import Path

import numpy as np
from playwright.sync_api import expect
from scipy.special import rel_entr

ROOT = Path(__file__).resolve().parents[2]
P = np.array([0.55, 0.25, 0.15, 0.05])


def oracle_lines(weights):
    q = np.array(weights) / np.sum(weights)
    forward, backward = rel_entr(P, q).sum(), rel_entr(q, P).sum()
    h_p = -(P * np.log(P)).sum()
    h_pq = -(P * np.log(q)).sum()
    return [f"{forward:.4f}", f"{backward:.4f}", f"{h_pq:.4f}", f"{h_p + forward:.4f}"]


def reveal(page, choice="KL(p‖q) is larger"):
    page.get_by_role("radio", name=choice).check()
    page.get_by_role("button", name="Reveal the totals").click()


def test_math_is_typeset_mathml_and_no_raw_latex_is_visible(ready_page):
    page = ready_page
    assert page.locator("#math math").count() >= 12
    for eq in ("eq-definition", "eq-expectation", "eq-gibbs", "eq-jensen", "eq-cross-entropy",
               "eq-pointwise", "eq-mle", "eq-continuous", "eq-worked"):  # fmt: skip
        expect(page.locator(f"math#{eq}")).to_be_visible()
    text = page.locator("body").inner_text()
    for raw in ("\\frac", "\\sum", "\\log", "\\mathbb", "$$", "\\(", "\\[", "\\KL", "^{", "_{"):
        assert raw not in text, raw


def test_math_and_prose_are_readable_before_python_loads(page, base_url):
    page.route("**/pyodide.asm.wasm", lambda route: None)  # hold Python back
    page.goto(base_url)
    expect(page.locator("math#eq-definition")).to_be_visible()
    expect(page.get_by_text("expected regret")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("loading")
    expect(page.get_by_role("slider", name="Weight of x1", exact=True)).to_be_disabled()


def test_code_panel_shows_exactly_the_file_that_runs(ready_page):
    shown = ready_page.locator("#kl-source").text_content()
    assert shown == (ROOT / "py" / "kl.py").read_text(encoding="utf-8")
    # Highlighted without any network: keywords, strings and comments get classes.
    assert ready_page.locator("#kl-source .tok-keyword").count() > 20
    assert ready_page.locator("#kl-source .tok-string").count() > 5
    expect(ready_page.locator("#kl-line-1")).to_be_attached()


def test_runner_prints_the_four_values_for_the_default_state(ready_page):
    ready_page.get_by_role("button", name="Run the worked example").click()
    output = ready_page.locator("#code-output")
    for value in oracle_lines((0.80, 0.15, 0.04, 0.01)):
        expect(output).to_contain_text(value)
    expect(output).to_contain_text("ran in your browser")


def test_runner_follows_the_demo_once_revealed(ready_page):
    page = ready_page
    weights = (0.35, 0.15, 0.10, 0.40)
    page.get_by_role("button", name="Extra mass where p is small").click()
    output = page.locator("#code-output")
    # Before the reveal the runner still shows the last revealed state.
    expect(output).to_contain_text(oracle_lines((0.80, 0.15, 0.04, 0.01))[0])
    reveal(page)
    page.get_by_role("button", name="Run the worked example").click()
    for value in oracle_lines(weights):
        expect(output).to_contain_text(value)


def test_support_failure_prints_inf_and_names_the_outcome(ready_page):
    ready_page.get_by_role("button", name="Run the support failure").click()
    output = ready_page.locator("#code-output")
    expect(output).to_contain_text(re.compile(r"KL\(p \|\| q\)\s+inf"))
    expect(output).to_contain_text("q(x3) = 0 where p(x3) = 0.15")
    expect(output).to_contain_text(re.compile(r"KL\(q \|\| p\)\s+0\.1762"))


def test_worked_line_and_extra_nats_follow_the_last_revealed_state(ready_page):
    page = ready_page
    total, extra = page.locator("#w-total"), page.locator("#extra-nats")
    expect(total).to_have_text("0.2004")
    expect(extra).to_have_text("0.2004")
    page.get_by_role("button", name="Miss a data mode").click()
    expect(total).to_have_text("0.2004")  # the round is still open
    reveal(page)
    expect(total).to_have_text(oracle_lines((0.70, 0.25, 0.002, 0.048))[0])
    expect(extra).to_have_text(oracle_lines((0.70, 0.25, 0.002, 0.048))[0])
    expect(page.locator("#wq-x3")).to_have_text("0.0020")


def test_focusing_an_outcome_highlights_its_term_in_the_worked_formula(ready_page):
    page = ready_page
    page.get_by_role("slider", name="Weight of x2", exact=True).focus()
    expect(page.locator('#eq-worked .is-focus[data-outcome="x2"]')).to_have_count(2)
    expect(page.locator("#eq-worked .is-focus")).to_have_count(2)


def test_notation_switch_relabels_the_demo_and_the_formulas(ready_page):
    page = ready_page
    caption = page.locator("#demo figcaption").first
    expect(caption).to_contain_text("the model")
    page.get_by_role("radio", name=re.compile("^Policy")).check()
    expect(caption).to_contain_text("the new policy")
    expect(caption).to_contain_text("the reference policy")
    expect(page.locator(".reading-now")).to_contain_text("p is the reference policy")
    page.get_by_role("radio", name=re.compile("^Supervised")).check()
    expect(caption).to_contain_text("the data distribution")


def test_next_edge_appears_only_after_a_prediction(ready_page):
    page = ready_page
    edge = page.get_by_text("Cross-entropy loss and maximum likelihood.")
    expect(edge).to_be_hidden()
    expect(page.get_by_text("Make one prediction in the")).to_be_visible()
    reveal(page)
    expect(edge).to_be_visible()
    expect(page.get_by_text("Make one prediction in the")).to_be_hidden()


def test_structure_navigation_marks_the_current_stage(ready_page):
    page = ready_page
    nav = page.get_by_role("navigation", name="Concept structure")
    page.locator("#math-title").scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    expect(nav.locator("[aria-current=step]")).to_have_count(1)
    expect(nav.locator("[aria-current=step]")).to_contain_text("Math")
    page.locator("#demo-title").scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    expect(nav.locator("[aria-current=step]")).to_contain_text("Interactive demo")


def test_header_badge_and_summary(ready_page):
    page = ready_page
    expect(page.get_by_text("Information Theory").first).to_be_visible()
    expect(page.get_by_role("link", name="1/1 claims reviewed")).to_be_visible()
    expect(page.locator("header").get_by_text("may be AI-assisted")).to_be_visible()
    expect(page.locator("#claim-text")).to_contain_text("directional expected log-probability")
