"""Misconception checks: feedback from the live state, scored with the demo's rounds."""

import pytest
from harness import BOTH_SCHEMES, oracle, reveal, shown
from playwright.sync_api import expect
from test_accessibility import audit


def check(page, misreading):
    return page.locator("#checks form").filter(has_text=misreading)


def test_a_right_answer_is_explained_with_the_revealed_totals_and_scored(ready_page):
    page = ready_page
    reveal(page)  # the code example's q; the reveal is right: KL(p‖q) is larger
    expect(page.locator("#score")).to_have_text("Score: 1 right out of 1")
    distance = check(page, "KL is a distance")
    distance.get_by_role("radio", name="Not in general").check()
    distance.get_by_role("button", name="Check my answer").click()
    forward, reverse = oracle((0.80, 0.15, 0.04, 0.01))
    feedback = distance.locator(".check-feedback")
    expect(feedback).to_contain_text("Right.")
    expect(feedback).to_contain_text(f"KL(p‖q) = {shown(forward)} and KL(q‖p) = {shown(reverse)}")
    expect(page.locator("#score")).to_have_text(
        "Score: 2 right out of 2 (rounds 1 of 1, checks 1 of 1)"
    )
    # A second try changes the feedback, never the score.
    distance.get_by_role("radio", name="Yes, a divergence is a distance").check()
    distance.get_by_role("button", name="Check my answer").click()
    expect(feedback).to_contain_text("Not quite.")
    expect(page.locator("#score")).to_have_text(
        "Score: 2 right out of 2 (rounds 1 of 1, checks 1 of 1)"
    )


def test_a_wrong_first_answer_counts_and_points_at_the_live_picture(ready_page):
    page = ready_page
    term = check(page, "A term can’t be negative")
    term.get_by_role("radio", name="No, every term is at least 0").check()
    term.get_by_role("button", name="Check my answer").click()
    feedback = term.locator(".check-feedback")
    # Before any reveal, the numbers are the page's published worked example, x1's term.
    expect(feedback).to_contain_text("Not quite. For the last revealed q, the term at x1")
    expect(feedback).to_contain_text(shown(0.55 * __import__("math").log(0.55 / 0.80)))
    expect(page.locator("#score")).to_have_text("Score: 0 right out of 1 (checks 0 of 1)")
    term.get_by_role("link", name="the worked line, term by term").click()
    expect(page.locator("#eq-worked")).to_be_in_viewport()


def test_checking_without_an_answer_says_what_to_do_and_scores_nothing(ready_page):
    page = ready_page
    letters = check(page, "The letters always mean data and model")
    letters.get_by_role("button", name="Check my answer").click()
    expect(letters.get_by_role("alert")).to_have_text("Pick one of the two answers first.")
    expect(letters.locator(".check-feedback")).to_be_hidden()
    expect(page.locator("#score")).to_have_text("Score: no rounds yet")


def test_the_feedback_follows_a_new_reveal(ready_page):
    page = ready_page
    reveal(page)
    distance = check(page, "KL is a distance")
    distance.get_by_role("radio", name="Not in general").check()
    distance.get_by_role("button", name="Check my answer").click()
    page.get_by_role("button", name="Match p").click()  # shown follows q once revealed
    expect(distance.locator(".check-feedback")).to_contain_text(
        "KL(p‖q) = 0.0000 and KL(q‖p) = 0.0000"
    )
    expect(distance.locator(".check-feedback")).to_contain_text("equal to every digit shown")


@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
def test_no_violations_with_every_check_answered(ready_page, scheme):
    page = ready_page
    for form in page.locator("#checks form").all():
        form.get_by_role("radio").first.check()
        form.get_by_role("button", name="Check my answer").click()
        expect(form.locator(".check-feedback")).to_be_visible()
    assert audit(page) == []
