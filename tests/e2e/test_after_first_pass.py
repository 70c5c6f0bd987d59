"""After the first pass: storyboard, visual inquiry, source, claim review, practice loop."""

import re

import numpy as np
import pytest
from playwright.sync_api import expect
from scipy.special import rel_entr

P = np.array([0.55, 0.25, 0.15, 0.05])


def oracle(weights):
    q = np.array(weights) / np.sum(weights)
    return float(rel_entr(P, q).sum()), float(rel_entr(q, P).sum())


def reveal(page, choice="KL(p‖q) is larger"):
    page.get_by_role("radio", name=choice).check()
    page.get_by_role("button", name="Reveal the totals").click()


def storyboard(page):
    return page.locator("#storyboard")


def test_storyboard_asks_for_a_choice_before_playing(ready_page):
    board = storyboard(ready_page)
    board.get_by_role("button", name="Play").click()
    expect(board.get_by_text("Choose a change first")).to_be_visible()
    expect(board.get_by_role("table")).to_be_hidden()


@pytest.mark.browser_context(reduced_motion="reduce")
def test_storyboard_with_reduced_motion_shows_all_frames_at_once(ready_page):
    page = ready_page
    board = storyboard(page)
    board.get_by_role("radio", name="Take q’s mass off an outcome p relies on").check()
    board.get_by_role("button", name="Play").click()
    rows = board.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(6)
    forward, backward = oracle((0.55, 0.25, 0.001, 0.05))
    expect(rows.last).to_contain_text(f"{forward:.4f}")
    expect(rows.last).to_contain_text(f"{backward:.4f}")
    expect(board.get_by_text("KL(p‖q) reacted more.")).to_be_visible()
    expect(board.get_by_text("Only KL(p‖q) shoots up")).to_be_visible()
    # It played on the live demo, which is now open but unscored.
    expect(page.get_by_role("slider", name="Weight of x3", exact=True)).to_have_value("0.001")
    expect(page.locator("#verdict")).to_contain_text("not scored")
    expect(page.get_by_text("Score: no rounds yet")).to_be_visible()


def test_storyboard_step_pause_and_reset_by_keyboard(ready_page):
    page = ready_page
    board = storyboard(page)
    board.get_by_role("radio", name="Put q’s mass where p is small").check()
    explanation = board.get_by_text("KL(q‖p) reacts more.")
    step = board.get_by_role("button", name="Step")
    step.focus()
    for frame in range(1, 6):
        page.keyboard.press("Enter")
        expect(board.get_by_text(f"Frame {frame} of 6")).to_be_visible()
        expect(explanation).to_be_hidden()  # explained only after the last frame
    page.keyboard.press("Enter")
    expect(explanation).to_be_visible()
    expect(board.get_by_text("KL(q‖p) reacted more.")).to_be_visible()
    board.get_by_role("button", name="Reset").focus()
    page.keyboard.press("Enter")
    expect(board.get_by_role("table")).to_be_hidden()
    expect(page.get_by_role("slider", name="Weight of x1", exact=True)).to_have_value("0.8")


def test_storyboard_plays_over_time_and_pauses(ready_page):
    board = storyboard(ready_page)
    board.get_by_role("radio", name="Flatten q towards uniform").check()
    board.get_by_role("button", name="Play").click()
    expect(board.get_by_text("Frame 2 of 6")).to_be_visible()
    board.get_by_role("button", name="Pause").click()
    paused_rows = board.locator("tbody tr").count()
    ready_page.wait_for_timeout(1000)  # longer than a frame: nothing more may play
    assert board.locator("tbody tr").count() == paused_rows < 6
    board.get_by_role("button", name="Play").click()
    expect(
        board.get_by_text("Both directions reacted about equally.").or_(
            board.get_by_text("KL(q‖p) reacted more.")
        )
    ).to_be_visible(timeout=8000)


@pytest.mark.parametrize(
    ("cue", "target", "css"),
    [("The bar heights of p and q", "#bars", "inquiry-target"),
     ("The log-ratio per outcome", "#bars", "inquiry-ratios"),
     ("The signed contribution rows", "#rows", "inquiry-target"),
     ("The two totals", ".totals", "inquiry-target")],
)  # fmt: skip
def test_visual_inquiry_highlights_the_object_and_explains_it(ready_page, cue, target, css):
    page = ready_page
    page.locator("#inquiry").get_by_role("radio", name=cue).check()
    expect(page.locator(target)).to_have_class(re.compile(css))
    expect(page.locator("#inquiry-shows")).not_to_be_empty()
    expect(page.locator("#inquiry-hides")).not_to_be_empty()
    assert page.locator(".inquiry-target, .inquiry-ratios").count() == 1


def widest_gap_phrase(weights):
    q = np.array(weights) / np.sum(weights)
    gaps = np.abs(P - q)
    i = int(np.argmax(gaps))
    return f"at x{i + 1}: p {P[i] * 100:.1f}%, q {q[i] * 100:.1f}%, {gaps[i] * 100:.1f} percentage"


def test_inquiry_cues_speak_of_the_live_q_and_keep_hidden_numbers_hidden(ready_page):
    page = ready_page
    inquiry = page.locator("#inquiry")
    shows, hides = page.locator("#inquiry-shows"), page.locator("#inquiry-hides")
    inquiry.get_by_role("radio", name="The bar heights of p and q").check()
    expect(shows).to_contain_text(widest_gap_phrase((0.80, 0.15, 0.04, 0.01)))
    expect(hides).not_to_contain_text("harmless")
    # Moving q rewrites the sentence for the new bars (no reveal needed: the bars are visible).
    page.get_by_role("slider", name="Weight of x1", exact=True).fill("0.3")
    expect(shows).to_contain_text(widest_gap_phrase((0.3, 0.15, 0.04, 0.01)))
    # The rows are hidden until a prediction is revealed, and so are their numbers.
    inquiry.get_by_role("radio", name="The signed contribution rows").check()
    expect(shows).to_contain_text("hidden until you commit")
    expect(shows).not_to_contain_text(re.compile(r"\d"))
    expect(hides).to_contain_text("Jensen")
    reveal(page)
    q = np.array((0.3, 0.15, 0.04, 0.01)) / 0.5
    terms = rel_entr(P, q)
    k = int(np.argmax(np.abs(terms)))
    expect(shows).to_contain_text(f"than x{k + 1}’s, {terms[k]:.4f}".replace("-", "−"))


def test_log_ratios_are_shown_per_outcome(ready_page):
    label = ready_page.get_by_role("img", name=re.compile("p and q per outcome"))
    expect(label).to_have_attribute(
        "aria-label", re.compile(r"x3: p 15\.0%, q 4\.0%, log p/q 1\.3218")
    )


def test_source_grounding_names_the_chapter_and_opens_it_safely(ready_page):
    source = ready_page.locator("#source")
    expect(source).to_contain_text("Deep Learning")
    expect(source).to_contain_text("Probability and Information Theory")
    expect(source).to_contain_text("goodfellow-2016-deep-learning")
    link = source.get_by_role("link", name=re.compile("^Open source"))
    expect(link).to_have_attribute("href", "https://www.deeplearningbook.org/contents/prob.html")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", re.compile("noopener"))


def test_claim_review_lists_scope_caveats_reviewer_and_witnesses(ready_page):
    page = ready_page
    review = page.locator("#claim-review")
    for text in ("codex+oracle", "2026-05-07", "measure-theoretic", "not a human certification",
                 "near-misses"):  # fmt: skip
        expect(review).to_contain_text(text)
    # Every witness link lands on something that exists on the page.
    for link in review.locator(".witnesses a").all():
        href = link.get_attribute("href")
        if href.startswith("#q="):
            continue
        assert page.locator(href).count() == 1, href
    kl_link = review.get_by_role("link", name="the kl function")
    expect(kl_link).to_have_attribute("href", re.compile(r"^#kl-line-\d+$"))
    kl_link.click()
    expect(page.locator(":target")).to_contain_text("def kl(p, q):")


def test_claim_review_demo_witness_sets_the_demo_state(ready_page):
    page = ready_page
    page.locator("#claim-review").get_by_role("link", name="Miss a data mode state").click()
    expect(page.get_by_role("slider", name="Weight of x3", exact=True)).to_have_value("0.002")


def test_practice_hints_unlock_one_at_a_time(ready_page):
    practice = ready_page.locator("#practice")
    practice.get_by_role("textbox").fill("Lowering q at x3 makes the forward x3 term grow.")
    hints = practice.locator(".hint-item")
    expect(hints.first).to_be_hidden()
    for n in (1, 2, 3):
        practice.get_by_role("button", name=f"Show hint {n} of 3").click()
        expect(hints.nth(n - 1)).to_be_visible()
        if n < 3:
            expect(hints.nth(n)).to_be_hidden()
    expect(practice.get_by_role("button", name=re.compile("Show hint"))).to_be_hidden()
    rubric = practice.get_by_role("checkbox")
    expect(rubric).to_have_count(3)
    rubric.first.check()
    expect(rubric.first).to_be_checked()


def test_challenges_are_checked_against_the_revealed_state(ready_page):
    page = ready_page
    status = page.locator("#challenge-forward-triple")
    expect(status).to_have_text("Not yet")
    page.get_by_role("button", name="Miss a data mode").click()
    expect(status).to_have_text("Not yet")  # not revealed: nothing is given away
    reveal(page)
    expect(status).to_have_text("Met")
    expect(page.locator("#challenge-negative-term")).to_have_text("Met")
    page.get_by_role("slider", name="Weight of x4", exact=True).fill("0.05")
    page.get_by_role("slider", name="Weight of x3", exact=True).fill("0.15")
    page.get_by_role("slider", name="Weight of x1", exact=True).fill("0.56")
    expect(page.locator("#challenge-both-small")).to_have_text("Met")
    expect(status).to_have_text("Not yet")
