"""The demo's second prediction: which outcome adds most to KL(p‖q), picked on the bars chart
(a click or tap on a column, or the radios under the columns), scored at the reveal in the
one score, with feedback checked against SciPy."""

import math
import re

import numpy as np
import pytest
from harness import (
    BOTH_SCHEMES,
    FORWARD,
    OUTCOMES,
    P,
    Q,
    oracle,
    reveal,
    shown,
    slider,
    type_weights,
)
from playwright.sync_api import expect
from scipy.special import rel_entr
from test_accessibility import audit


def terms_of(weights):
    """The four terms p·log(p/q) of KL(p‖q) by SciPy, for these slider weights."""
    q = np.asarray(weights, dtype=float) / np.sum(weights)
    return rel_entr(np.asarray(P), q)


def pick_group(page):
    return page.get_by_role("group", name=re.compile("which outcome adds most"))


def pick_radio(page, name):
    return pick_group(page).get_by_role("radio", name=name, exact=True)


def column(page, outcome):
    """A spot in an outcome's column of the bars chart, away from the q bar's drag handle."""
    return page.locator(f'#bars g[data-outcome="{outcome}"] .label')


def feedback(page):
    return page.locator("#top-verdict")


def test_clicking_a_column_picks_it_and_the_reveal_scores_it_against_scipy(ready_page):
    page = ready_page
    terms = terms_of(Q)
    top = OUTCOMES[int(np.argmax(terms))]
    column(page, top).click()
    expect(pick_radio(page, top)).to_be_checked()
    expect(page.locator(f'#bars g[data-outcome="{top}"]')).to_have_class(re.compile(r"\bpicked\b"))
    expect(page.locator("#top-pick-status")).to_contain_text(f"{top} adds most to KL(p‖q)")
    reveal(page)
    value = shown(terms.max())
    expect(feedback(page)).to_have_text(
        f"Right: {top} adds most to KL(p‖q); its term, {value} nats, is the largest of the four."
    )
    expect(page.locator("#score")).to_have_text(
        "Score: 2 right out of 2 (rounds 1 of 1, top-term picks 1 of 1)"
    )
    expect(page.locator(f'#bars g[data-outcome="{top}"]')).to_have_class(
        re.compile(r"\btop-term\b")
    )
    # The same round in bits: the same outcome, its term in bits, from SciPy.
    page.locator("#math").get_by_role("radio", name="bits").check()
    expect(feedback(page)).to_contain_text(f"its term, {shown(terms.max() / math.log(2))} bits")


def test_a_pick_by_keyboard_alone_and_a_wrong_one_is_told_with_both_terms(ready_page):
    page = ready_page
    weights = (0.35, 0.15, 0.10, 0.40)  # "Extra mass where p is small"
    page.get_by_role("button", name="Extra mass where p is small").click()
    terms = terms_of(weights)
    top = int(np.argmax(terms))
    wrong = next(i for i in range(4) if terms.max() - terms[i] > 1e-3)
    pick_radio(page, "none").focus()
    for _ in range(wrong + 1):  # arrows move along the row and check as they go
        page.keyboard.press("ArrowRight")
    expect(pick_radio(page, OUTCOMES[wrong])).to_be_checked()
    expect(pick_radio(page, OUTCOMES[wrong])).to_be_focused()
    page.get_by_role("radio", name=FORWARD).check()
    page.get_by_role("button", name="Reveal the totals").press("Enter")
    expect(feedback(page)).to_have_text(
        f"Not this time: {OUTCOMES[top]} adds most to KL(p‖q) (its term is "
        f"{shown(terms[top])} nats); the term of your pick, {OUTCOMES[wrong]}, is "
        f"{shown(terms[wrong])} nats."
    )
    expect(feedback(page)).to_have_class(re.compile(r"\bwrong\b"))
    # The round's own prediction was wrong too here: KL(q‖p) is larger for this q.
    forward, backward = oracle(weights)
    assert backward > 1.1 * forward
    expect(page.locator("#score")).to_have_text(
        "Score: 0 right out of 2 (rounds 0 of 1, top-term picks 0 of 1)"
    )
    # Moving q after the reveal keeps the result but drops the numbers of the old q.
    slider(page, "x1").fill("0.9")
    expect(feedback(page)).to_contain_text("for the q you revealed")
    expect(feedback(page)).not_to_contain_text(shown(terms[top]))
    expect(page.locator("#bars .top-term")).to_have_count(0)


def test_without_a_pick_nothing_is_scored_and_the_score_reads_as_before(ready_page):
    page = ready_page
    expect(pick_radio(page, "none")).to_be_checked()
    reveal(page)
    expect(page.locator("#score")).to_have_text("Score: 1 right out of 1")
    expect(feedback(page)).to_be_hidden()
    expect(page.locator("#top-pick-status")).to_contain_text("nothing scored")
    page.get_by_role("button", name="New round").click()
    column(page, "x2").click()  # a pick, then taken back
    pick_radio(page, "none").check()
    reveal(page)
    expect(page.locator("#score")).to_have_text("Score: 2 right out of 2")


def test_the_pick_gives_nothing_away_before_the_reveal(ready_page):
    page = ready_page
    weights = (0.3, 0.5, 0.05, 0.2)  # not the worked example, whose numbers the page publishes
    type_weights(page, weights)
    terms = terms_of(weights)
    forward, backward = oracle(weights)
    for outcome in OUTCOMES:
        column(page, outcome).click()
        expect(pick_radio(page, outcome)).to_be_checked()
        text = page.locator("body").inner_text()
        for number in [*terms, forward, backward]:
            assert shown(number) not in text
        assert "Right" not in page.locator("#demo").inner_text()
        expect(page.locator("#bars .top-term")).to_have_count(0)
        expect(feedback(page)).to_be_hidden()
    expect(page.locator("#score")).to_have_text("Score: no rounds yet")


def test_dragging_a_q_bar_still_moves_it_and_picks_nothing(ready_page):
    page = ready_page
    handle = page.locator('#bars g[data-outcome="x2"] .handle')
    handle.hover()  # scrolled to, and still: the sections above have taken their real size
    grip = handle.bounding_box()
    x, y = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 40, steps=4)
    page.mouse.up()
    expect(slider(page, "x2")).not_to_have_value("0.15")
    expect(pick_radio(page, "none")).to_be_checked()
    expect(page.locator("#bars .picked")).to_have_count(0)


@pytest.mark.browser_context(has_touch=True)
def test_a_tap_on_a_column_picks_it(ready_page):
    page = ready_page
    column(page, "x4").tap()
    expect(pick_radio(page, "x4")).to_be_checked()


def test_a_winner_q_barely_shows_is_named_with_its_shares(ready_page):
    page = ready_page
    weights = (0.556, 0.232, 0.178, 0.008)  # q(x4) under 1%: its bar is a sliver
    type_weights(page, weights)
    terms = terms_of(weights)
    assert int(np.argmax(terms)) == 3
    q4 = weights[3] / sum(weights)
    column(page, "x4").click()  # the whole column takes the click, not only the bar
    reveal(page)
    expect(feedback(page)).to_contain_text(
        f"Right: x4 adds most to KL(p‖q); its term, {shown(terms[3])}"
    )
    expect(feedback(page)).to_contain_text(
        f"x4’s q bar is only a sliver: q puts {q4:.1%} there, p 5.0%."
    )


def test_tied_terms_both_count_as_right(ready_page):
    page = ready_page
    weights = (0.144, 0.009, 0.435, 0.78)  # x1 and x2 both read 0.9094
    type_weights(page, weights)
    terms = terms_of(weights)
    assert shown(terms[0]) == shown(terms[1]) and terms[:2].min() > terms[2:].max()
    q2 = weights[1] / sum(weights)
    column(page, "x2").click()
    reveal(page)
    expect(feedback(page)).to_have_text(
        f"Right: x1 and x2 tie for the largest term of KL(p‖q) ({shown(terms[0])} nats at x1, "
        f"{shown(terms[1])} nats at x2: less than 0.0001 nats apart, too close to call), and "
        f"your pick, x2, is one of them. x2’s q bar is only a sliver: q puts {q2:.1%} there, "
        "p 25.0%."
    )
    expect(page.locator("#bars .top-term")).to_have_count(2)


@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
def test_no_accessibility_violations_with_a_pick_and_its_feedback(ready_page, scheme):
    page = ready_page
    column(page, "x1").click()
    expect(pick_radio(page, "x1")).to_be_checked()
    assert audit(page) == [], "with a pick made"
    reveal(page)
    expect(feedback(page)).to_contain_text("Not this time")
    assert audit(page) == [], "after the reveal"
