"""After the first pass: storyboard, visual inquiry, source, claim review, practice loop."""

import re

import numpy as np
import pytest
from harness import STORAGE_BLOCKED, STORAGE_FULL, P, oracle, reveal, slider, wait_until_ready
from playwright.sync_api import expect
from scipy.special import rel_entr


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
    reaction = board.locator("#story-reaction")
    expect(reaction).to_contain_text("KL(p‖q) changed 3.8 times as much as KL(q‖p).")
    expect(reaction).to_contain_text(f"rose from 0.0000 to {forward:.4f}")
    expect(board.get_by_text("its x3 term grows at every frame")).to_be_visible()
    # It played on the live demo, unscored, with the frame's q in the link.
    expect(slider(page, "x3")).to_have_value("0.001")
    expect(page.locator("#verdict")).to_contain_text("unscored")
    expect(page.get_by_text("Score: no rounds yet")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#q=0\.55,0\.25,0\.001,0\.05$"))


def test_storyboard_step_pause_and_reset_by_keyboard(ready_page):
    page = ready_page
    board = storyboard(page)
    board.get_by_role("radio", name="Put q’s mass where p is small").check()
    explanation = board.get_by_text("Now q keeps drawing x4")
    step = board.get_by_role("button", name="Step")
    step.focus()
    for frame in range(1, 6):
        page.keyboard.press("Enter")
        expect(board.get_by_text(f"Frame {frame} of 6")).to_be_visible()
        expect(explanation).to_be_hidden()  # explained only after the last frame
    page.keyboard.press("Enter")
    expect(explanation).to_be_visible()
    expect(board.get_by_text("KL(q‖p) changed 1.7 times as much as KL(p‖q).")).to_be_visible()
    board.get_by_role("button", name="Reset").focus()
    page.keyboard.press("Enter")
    expect(board.get_by_role("table")).to_be_hidden()
    expect(slider(page, "x1")).to_have_value("0.8")


def test_storyboard_plays_over_time_and_pauses(ready_page):
    page = ready_page
    page.clock.pause_at(10**12)  # the page's timers now move only when the test says so
    board = storyboard(page)
    board.get_by_role("radio", name="Flatten q towards uniform").check()
    board.get_by_role("button", name="Play").click()
    expect(board.get_by_text("Frame 1 of 6")).to_be_visible()
    page.clock.run_for(700)
    expect(board.get_by_text("Frame 2 of 6")).to_be_visible()
    board.get_by_role("button", name="Pause").click()
    page.clock.run_for(3000)  # four frames' worth: nothing more may play
    expect(board.locator("tbody tr")).to_have_count(2)
    board.get_by_role("button", name="Play").click()
    page.clock.run_for(3000)
    expect(board.locator("tbody tr")).to_have_count(6)
    expect(board.get_by_text("KL(q‖p) changed 1.2 times as much as KL(p‖q).")).to_be_visible()


@pytest.mark.browser_context(reduced_motion="reduce")
def test_the_match_story_says_what_its_numbers_do(ready_page):
    board = storyboard(ready_page)
    board.get_by_role("radio", name="Make q equal p").check()
    board.get_by_role("button", name="Play").click()
    reaction = board.locator("#story-reaction")
    expect(reaction).to_contain_text("Both end at exactly 0: at the last frame q equals p.")
    expect(reaction).to_contain_text("fell from 0.2004 to 0.0000")
    expect(reaction).not_to_contain_text("reacted more")
    expect(board.locator("#story-explanation")).not_to_contain_text("together")


@pytest.mark.browser_context(reduced_motion="reduce")
@pytest.mark.parametrize("revealed", [False, True], ids=["open round", "revealed round"])
def test_a_story_leaves_the_learners_round_exactly_as_it_was(ready_page, revealed):
    page = ready_page
    x4 = slider(page, "x4")
    x4.fill("0.5")  # KL(q‖p) is the larger here
    page.get_by_role("radio", name="KL(q‖p) is larger").check()
    if revealed:
        page.get_by_role("button", name="Reveal the totals").click()
        expect(page.get_by_text("Score: 1 right out of 1")).to_be_visible()
    board = storyboard(page)
    board.get_by_role("radio", name="Flatten q towards uniform").check()
    board.get_by_role("button", name="Play").click()
    expect(x4).to_have_value("0.25")  # the frames play on the demo
    board.get_by_role("button", name="Reset").click()
    expect(x4).to_have_value("0.5")
    expect(page.get_by_role("radio", name="KL(q‖p) is larger")).to_be_checked()
    expect(page).to_have_url(re.compile(r"#q=0\.8,0\.15,0\.04,0\.5$"))
    if revealed:
        expect(page.get_by_text("Score: 1 right out of 1")).to_be_visible()
        expect(page.locator("#answers")).to_be_visible()
        expect(page.get_by_role("button", name="New round")).to_be_visible()
        return
    # The open round is still open: nothing was shown, the radios work, Reveal scores it.
    expect(page.locator("#answers")).to_be_hidden()
    expect(page.get_by_text("Score: no rounds yet")).to_be_visible()
    reveal(page)
    expect(page.get_by_text("Score: 0 right out of 1")).to_be_visible()


@pytest.mark.browser_context(reduced_motion="reduce")
def test_back_to_your_round_from_the_demo_ends_the_story(ready_page):
    page = ready_page
    board = storyboard(page)
    board.get_by_role("radio", name="Take q’s mass off an outcome p relies on").check()
    board.get_by_role("button", name="Play").click()
    x3 = slider(page, "x3")
    expect(x3).to_have_value("0.001")
    expect(page.get_by_role("radio", name="KL(p‖q) is larger")).to_be_disabled()
    back = page.get_by_role("button", name="Back to your round")
    back.click()
    expect(x3).to_have_value("0.04")
    expect(back).to_be_hidden()
    expect(page.get_by_role("radio", name="KL(p‖q) is larger")).to_be_enabled()
    expect(page.get_by_role("radio", name="KL(p‖q) is larger")).to_be_focused()
    expect(page.locator("#answers")).to_be_hidden()


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
    # One object outlined in the demo; the dock outlines its own copy (test_dock_in_view.py).
    assert page.locator("#demo").locator(".inquiry-target, .inquiry-ratios").count() == 1


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
    slider(page, "x1").fill("0.3")
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
    expect(slider(page, "x3")).to_have_value("0.002")


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
    slider(page, "x4").fill("0.05")
    slider(page, "x3").fill("0.15")
    slider(page, "x1").fill("0.56")
    expect(page.locator("#challenge-both-small")).to_have_text("Met")
    expect(status).to_have_text("Not yet")


def test_the_practice_answer_survives_a_reload(ready_page):
    page = ready_page
    answer = page.locator("#practice").get_by_role("textbox")
    answer.fill("Lowering q at x3 makes the forward x3 term grow.")
    expect(page.locator("#practice-saved")).to_contain_text("kept in this browser")
    page.reload()
    wait_until_ready(page)
    expect(answer).to_have_value("Lowering q at x3 makes the forward x3 term grow.")


def test_a_full_storage_is_reported_and_the_answer_stays(page, base_url):
    page.add_init_script(STORAGE_FULL)
    page.goto(base_url)
    wait_until_ready(page)
    answer = page.locator("#practice").get_by_role("textbox")
    answer.fill("my prediction")
    expect(page.locator("#practice-saved")).to_contain_text("storage is full")
    expect(answer).to_have_value("my prediction")
    expect(page.locator("#runtime-alert")).to_be_hidden()  # reported, not fatal


def test_blocked_storage_is_reported(page, base_url):
    page.add_init_script(STORAGE_BLOCKED)
    page.goto(base_url)
    wait_until_ready(page)
    expect(page.locator("#practice-saved")).to_contain_text("will not survive a reload")


def stage_bar(page):
    return page.get_by_role("navigation", name="Where you are")


def scroll_to(page, section):
    page.evaluate(
        "id => window.scrollTo(0, document.getElementById(id).getBoundingClientRect().top"
        " + window.scrollY - innerHeight * 0.2)",
        section,
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_the_stage_bar_follows_the_reader(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url)
    wait_until_ready(page)
    bar = stage_bar(page)
    expect(bar).to_be_hidden()  # the full list with each stage's purpose is in view
    assert page.get_by_text("you are here").count() == 0
    for section, name in (("math", "Math"), ("demo", "Demo"), ("after", "After the first pass")):
        scroll_to(page, section)
        expect(bar).to_be_visible()
        expect(bar.get_by_role("link", name=name)).to_have_attribute("aria-current", "step")
        expect(bar.locator("[aria-current=step]")).to_have_count(1)
    box = bar.bounding_box()
    assert box["height"] <= 56 and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # A jump from the bar lands below it, not under it.
    bar.get_by_role("link", name="Demo").click()
    heading = page.get_by_role("heading", name="04 Interactive demo")
    expect(heading).to_be_in_viewport()
    assert heading.bounding_box()["y"] >= bar.bounding_box()["y"] + bar.bounding_box()["height"]
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(bar).to_be_hidden()
    expect(page.locator("#structure [aria-current]")).to_have_count(0)
