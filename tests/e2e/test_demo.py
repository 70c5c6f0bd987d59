"""The interactive demo, used the way a learner uses it: by role and accessible name."""

import random
import re

import numpy as np
import pytest
from harness import (
    FORWARD,
    OUTCOMES,
    PAUSE_MS,
    P,
    legible_chart_text,
    oracle,
    reveal,
    shown,
    slider,
    type_weights,
    wait_until_ready,
)
from playwright.sync_api import expect
from scipy.special import rel_entr

PRESETS = {
    "Code example": (0.80, 0.15, 0.04, 0.01),
    "Match p": (0.55, 0.25, 0.15, 0.05),
    "Miss a data mode": (0.70, 0.25, 0.002, 0.048),
    "Extra mass where p is small": (0.35, 0.15, 0.10, 0.40),
    "Uniform": (0.25, 0.25, 0.25, 0.25),
}
REVERSE = "KL(q‖p) is larger"
NEITHER = re.compile("Neither dominates")


def totals(page):
    return page.locator("#total-pq"), page.locator("#total-qp")


def test_totals_and_rows_are_hidden_until_a_prediction_is_committed(ready_page):
    page = ready_page
    page.get_by_role("button", name="Miss a data mode").click()
    forward, backward = oracle(PRESETS["Miss a data mode"])
    answers = page.locator("#answers")
    expect(answers).to_be_hidden()
    expect(page.get_by_role("img", name=re.compile("terms"))).to_be_hidden()
    # Reveal without a prediction: refused with a message.
    page.get_by_role("button", name="Reveal the totals").click()
    expect(page.get_by_text("Pick a prediction first")).to_be_visible()
    expect(answers).to_be_hidden()
    # Nothing else on the page gives this round's totals away.
    body = page.locator("body").inner_text()
    assert shown(forward) not in body and shown(backward) not in body
    reveal(page)
    expect(answers).to_be_visible()
    expect(totals(page)[0]).to_have_text(shown(forward))


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_totals_match_scipy(ready_page, preset):
    page = ready_page
    page.get_by_role("button", name=preset).click()
    reveal(page, NEITHER)
    forward, backward = oracle(PRESETS[preset])
    expect(totals(page)[0]).to_have_text(shown(forward))
    expect(totals(page)[1]).to_have_text(shown(backward))
    expect(page.get_by_role("img", name=re.compile(r"KL\(p‖q\) terms"))).to_be_visible()


def test_random_slider_positions_match_scipy(ready_page):
    page = ready_page
    reveal(page)
    rng = random.Random(7)
    for _ in range(12):
        weights = [rng.randint(1, 1000) / 1000 for _ in OUTCOMES]
        for outcome, w in zip(OUTCOMES, weights, strict=True):
            slider(page, outcome).fill(str(w))
        forward, backward = oracle(weights)
        expect(totals(page)[0]).to_have_text(shown(forward))
        expect(totals(page)[1]).to_have_text(shown(backward))


def test_signed_terms_are_shown_with_values_and_running_sums(ready_page):
    page = ready_page
    reveal(page)
    rows = page.get_by_role("img", name=re.compile("terms"))
    label = rows.get_attribute("aria-label")
    q = np.array(PRESETS["Code example"])
    forward, backward = rel_entr(P, q), rel_entr(q, P)
    for term in list(forward) + list(backward):
        assert shown(term) in label
    # The text alternative stands alone, so it keeps the totals the chart itself only names.
    for name, terms in (("KL(p‖q)", forward), ("KL(q‖p)", backward)):
        assert f"{name} terms: " in label and f"total {shown(terms.sum())} nats" in label
    expect(rows).to_contain_text("−0.2061")  # a negative single term
    # The running sums from SciPy, ending in the total's name: its value is in the totals line.
    expect(rows.locator(".running")).to_have_text(
        [shown(s) for terms in (forward, backward) for s in np.cumsum(terms)[:3]]
    )
    expect(rows.locator(".running-total")).to_have_text(["= KL(p‖q)", "= KL(q‖p)"])


def test_scoring_counts_right_and_wrong_predictions(ready_page):
    page = ready_page
    page.get_by_role("button", name="Extra mass where p is small").click()
    reveal(page, FORWARD)
    expect(page.locator("#verdict")).to_contain_text("Not this time")
    expect(page.locator("#why")).to_contain_text("at x4")
    expect(page.get_by_text("Score: 0 right out of 1")).to_be_visible()
    page.get_by_role("button", name="New round").click()
    expect(page.locator("#answers")).to_be_hidden()
    page.get_by_role("button", name="Match p").click()
    reveal(page, NEITHER)
    expect(page.locator("#verdict")).to_contain_text("Right")
    expect(page.get_by_text("Score: 1 right out of 2")).to_be_visible()


def test_view_stays_live_after_the_reveal(ready_page):
    page = ready_page
    reveal(page)
    page.get_by_role("button", name="Uniform").click()
    forward, backward = oracle(PRESETS["Uniform"])
    expect(totals(page)[0]).to_have_text(shown(forward))
    expect(page.locator("#now-larger")).to_have_text("For the q shown now, KL(q‖p) is larger.")


def test_sliders_announce_q_as_a_percentage(ready_page):
    page = ready_page
    expect(slider(page, "x1")).to_have_attribute("aria-valuetext", re.compile(r"q\(x1\) = 80\.0%"))
    page.get_by_role("button", name="Uniform").click()
    for outcome in OUTCOMES:
        expect(slider(page, outcome)).to_have_attribute(
            "aria-valuetext", re.compile(rf"q\({outcome}\) = 25\.0%")
        )


@pytest.mark.parametrize("typed", ["", "abc", "-0.3", "0", "1e9"])
def test_invalid_typed_weight_gets_an_inline_message_and_changes_nothing(ready_page, typed):
    page = ready_page
    box = page.get_by_role("textbox", name="Exact weight of x2")
    box.fill(typed)
    box.press("Enter")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#err-x2")).to_be_visible()
    expect(slider(page, "x2")).to_have_value("0.15")
    expect(page.locator("#q-x2")).to_have_text("q(x2) = 15.0%")
    box.fill("0.3")
    box.press("Enter")
    expect(page.locator("#err-x2")).to_be_hidden()
    expect(slider(page, "x2")).to_have_value("0.3")


def test_state_lives_in_the_url_hash_and_survives_reload_and_back(ready_page, base_url):
    page = ready_page
    page.get_by_role("button", name="Miss a data mode").click()
    expect(page).to_have_url(re.compile(r"#q=0\.7,0\.25,0\.002,0\.048$"))
    page.get_by_role("button", name="Uniform").click()
    expect(page).to_have_url(re.compile(r"#q=0\.25,0\.25,0\.25,0\.25$"))
    page.go_back()
    expect(slider(page, "x3")).to_have_value("0.002")
    page.reload()
    wait_until_ready(page)
    expect(slider(page, "x3")).to_have_value("0.002")
    expect(page.locator("#q-x3")).to_have_text("q(x3) = 0.2%")
    # A shared link opens in the same state.
    other = page.context.new_page()
    other.goto(base_url + "#q=0.35,0.15,0.1,0.4")
    wait_until_ready(other)
    expect(slider(other, "x4")).to_have_value("0.4")
    other.close()


@pytest.mark.parametrize(
    ("fragment", "says"),
    [
        ("#q=0.5,abc,0.1,0.1", "x2 is not a number"),
        ("#q=<img src=x onerror=alert(1)>", "has 1 weight; it needs 4"),
        ("#q=1,1,1", "3 weights"),
        ("#q=1.0000001,0.5,0.5,0.5", "got 1.0000001"),  # not "got 1", which would be allowed
        ("#q=0.0_5,0.5,0.5,0.5", "x1 is not a number"),  # Python's float() would take it
    ],
)
def test_malformed_or_hostile_hash_is_ignored_with_a_notice(page, base_url, fragment, says):
    page.goto(base_url + fragment)
    wait_until_ready(page)
    notice = page.locator("#hash-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("ignored")
    expect(notice).to_contain_text(says)
    expect(slider(page, "x1")).to_have_value("0.8")
    assert page.locator("#hash-notice img").count() == 0


def test_section_links_do_not_disturb_the_state(ready_page):
    page = ready_page
    page.get_by_role("button", name="Uniform").click()
    page.get_by_role("link", name=re.compile("^Math")).first.click()
    expect(page).to_have_url(re.compile("#math$"))
    expect(page.locator("#hash-notice")).to_be_hidden()
    expect(slider(page, "x1")).to_have_value("0.25")


def test_a_whole_round_by_keyboard_alone(ready_page):
    page = ready_page
    slider(page, "x1").focus()
    page.keyboard.press("Home")  # the slider's minimum
    expect(slider(page, "x1")).to_have_value("0.001")
    page.keyboard.press("ArrowRight")
    expect(slider(page, "x1")).to_have_value("0.002")
    # q(x1) is now tiny where p(x1) = 0.55: the forward direction must dominate.
    page.get_by_role("radio", name=REVERSE).focus()
    page.keyboard.press("ArrowUp")  # moves to and selects the previous radio
    expect(page.get_by_role("radio", name=FORWARD)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Reveal the totals")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#answers")).to_be_visible()
    expect(page.locator("#verdict")).to_contain_text("Right")


def test_hover_and_focus_highlight_one_outcome_everywhere(ready_page):
    page = ready_page
    reveal(page)
    slider(page, "x3").focus()
    highlighted = page.locator("#demo .is-focus")
    expect(highlighted).to_have_count(5)  # control, top bars, its pick under them, both rows
    for node in highlighted.all():
        assert node.get_attribute("data-outcome") == "x3"
    page.locator("#bars [data-outcome=x2]").hover()
    expect(page.locator('#demo .is-focus[data-outcome="x2"]')).to_have_count(5)
    expect(page.locator('#eq-worked .is-focus[data-outcome="x2"]')).to_have_count(2)


def test_a_percent_encoded_section_link_is_a_section_link(page, base_url):
    page.goto(base_url + "#%6Dath")  # the browser keeps it encoded; it means #math
    wait_until_ready(page)
    expect(page.locator("#hash-notice")).to_be_hidden()
    expect(slider(page, "x1")).to_have_value("0.8")


def test_a_shared_state_link_opens_with_the_demo_in_view(page, base_url):
    page.goto(base_url + "#q=0.35,0.15,0.1,0.4")
    wait_until_ready(page)
    expect(slider(page, "x4")).to_have_value("0.4")
    expect(page.get_by_role("heading", name="04 Interactive demo")).to_be_in_viewport()
    expect(page.get_by_role("img", name=re.compile("p and q per outcome"))).to_be_in_viewport()
    # A link to a section still opens at that section.
    page.goto(base_url + "#math")
    wait_until_ready(page)
    expect(page.get_by_role("heading", name="02 Math")).to_be_in_viewport()
    expect(page.get_by_role("heading", name="04 Interactive demo")).not_to_be_in_viewport()


def history_length(page):
    return page.evaluate("() => history.length")


def test_a_burst_of_slider_steps_is_one_history_entry(ready_page):
    page = ready_page
    start = history_length(page)
    slider(page, "x1").focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    expect(slider(page, "x1")).to_have_value("0.82")
    page.clock.run_for(PAUSE_MS)  # the burst is over: the link settles
    expect(page).to_have_url(re.compile(r"#q=0\.82,0\.15,0\.04,0\.01$"))  # once it settles
    assert history_length(page) == start + 1
    page.get_by_role("button", name="Uniform").click()  # a preset: one more entry
    expect(page).to_have_url(re.compile(r"#q=0\.25,0\.25,0\.25,0\.25$"))
    box = page.get_by_role("textbox", name="Exact weight of x2")
    box.fill("0.5")
    box.press("Enter")  # a committed typed value: one more
    expect(page).to_have_url(re.compile(r"#q=0\.25,0\.5,0\.25,0\.25$"))
    assert history_length(page) == start + 3
    page.go_back()
    expect(slider(page, "x2")).to_have_value("0.25")
    page.go_back()
    expect(slider(page, "x1")).to_have_value("0.82")
    page.go_back()  # one Back undoes the whole burst of twenty steps
    expect(slider(page, "x1")).to_have_value("0.8")


def test_a_refused_weight_clears_once_the_slider_moves_it(ready_page):
    page = ready_page
    box = page.get_by_role("textbox", name="Exact weight of x2")
    box.fill("abc")
    box.press("Enter")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#err-x2")).to_be_visible()
    slider(page, "x2").focus()
    page.keyboard.press("ArrowRight")
    expect(box).to_have_value("0.151")
    expect(page.locator("#err-x2")).to_be_hidden()
    expect(box).not_to_have_attribute("aria-invalid", "true")


def test_focus_after_reveal_goes_to_the_new_round_button(ready_page):
    page = ready_page
    page.get_by_role("radio", name=FORWARD).check()
    page.get_by_role("button", name="Reveal the totals").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="New round")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("radio", name=FORWARD)).to_be_focused()


def demo_text(page):
    page.locator("#answers").scroll_into_view_if_needed()
    return page.locator("#demo").inner_text()


def test_the_demo_never_shows_two_values_for_one_total(ready_page):
    page = ready_page
    reveal(page)
    slider(page, "x4").fill("0.5")
    forward, backward = oracle((0.8, 0.15, 0.04, 0.5))
    expect(totals(page)[0]).to_have_text(shown(forward))
    text = demo_text(page)
    for name, value in (("KL(p‖q)", forward), ("KL(q‖p)", backward)):
        said = re.findall(re.escape(name) + r"\s*=\s*(−?[0-9.]+)", text)
        assert said and set(said) == {shown(value)}, (name, said)
        assert text.count(shown(value)) == 1
    # The verdict keeps the round's result without restating its totals.
    expect(page.locator("#verdict")).to_contain_text("for the q you revealed")


TOTALS_ONCE_STATES = {
    "Code example": PRESETS["Code example"],
    "Miss a data mode": PRESETS["Miss a data mode"],
    "a random q": (0.123, 0.456, 0.789, 0.321),
}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("state", list(TOTALS_ONCE_STATES))
def test_after_a_reveal_each_total_is_stated_once_in_the_demo(ready_page, width, state):
    page = ready_page
    page.set_viewport_size({"width": width, "height": 800})
    weights = TOTALS_ONCE_STATES[state]
    type_weights(page, weights)
    reveal(page, NEITHER)
    forward, backward = oracle(weights)
    expect(totals(page)[0]).to_have_text(shown(forward))
    expect(totals(page)[1]).to_have_text(shown(backward))
    # The rows and the blow-up plot are drawn, and refer to the totals instead of restating them.
    expect(page.locator("#rows .running-total")).to_have_text(["= KL(p‖q)", "= KL(q‖p)"])
    expect(page.locator("#blowup .now-label")).to_have_text("your q")
    text = demo_text(page)
    assert text.count(shown(forward)) == 1, text
    assert text.count(shown(backward)) == 1, text


def test_q_equal_to_p_up_to_rounding_reads_zero_and_neither(ready_page):
    # Issue 20.A: these weights are p / 5; the sums came out +1.3e-16 and -1.3e-16.
    page = ready_page
    type_weights(page, (0.11, 0.05, 0.03, 0.01))
    reveal(page, NEITHER)
    expect(page.locator("#verdict")).to_contain_text("Right")
    expect(totals(page)[0]).to_have_text("0.0000")
    expect(totals(page)[1]).to_have_text("0.0000")
    expect(page.locator("#now-larger")).to_have_text("For the q shown now, neither dominates.")
    expect(page.locator("#why")).to_contain_text("q equals p")
    assert "−0.0000" not in demo_text(page)
    expect(page.get_by_text("Score: 1 right out of 1")).to_be_visible()
    expect(page.locator("#challenge-both-small")).to_have_text("Not yet")


def test_a_neither_verdict_names_the_outcome_behind_each_direction(ready_page):
    # Issue 20.B: within 10%, but KL(p‖q) comes from x3 and KL(q‖p) from x4.
    page = ready_page
    type_weights(page, (0.55, 0.25, 0.002, 0.9))
    reveal(page, NEITHER)
    expect(page.locator("#verdict")).to_contain_text("Right")
    why = page.locator("#why")
    expect(why).to_contain_text("the largest term of KL(p‖q) is at x3")
    expect(why).to_contain_text("the largest term of KL(q‖p) is at x4")
    expect(why).not_to_contain_text("finds a mismatch the other misses")


@pytest.mark.parametrize("width", [375, 1280])
def test_chart_text_is_legible_unclipped_and_never_touches(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url + "#q=0.25,0.25,0.25,0.25")  # labels of equal height side by side
    wait_until_ready(page)
    reveal(page)
    # Each chart is redrawn at its on-screen width once it is laid out; "100%" was cut off.
    texts = legible_chart_text(page, ("#rows", "#bars"))
    assert {t["text"] for t in texts} >= {"100%", "25.0%", "55.0%", "x1", "log p/q"}


FORCED_STYLES = """() => {
  const css = (sel, pseudo) => getComputedStyle(document.querySelector(sel), pseudo);
  return {
    canvas: css('body').backgroundColor,
    swatchP: css('.key-p', '::before').backgroundColor,
    swatchQ: css('.key-q', '::before').borderTopColor,
    swatchQWidth: css('.key-q', '::before').borderTopWidth,
    barP: css('#bars .bar-p').fill,
    barQ: css('#bars .bar-q').stroke,
    barQFill: css('#bars .bar-q').fill,
    highlight: css('.weight.is-focus').outlineStyle,
    highlightColour: css('.weight.is-focus').outlineColor,
  };
}"""


@pytest.mark.browser_context(forced_colors="active")
def test_forced_colours_keep_swatches_bars_and_highlights(ready_page):
    page = ready_page
    reveal(page)
    slider(page, "x3").focus()
    expect(page.locator(".weight.is-focus")).to_have_count(1)
    styles = page.evaluate(FORCED_STYLES)
    assert styles["swatchP"] != styles["canvas"]  # the legend's p square stays visible
    assert styles["swatchP"] == styles["barP"]  # in the colour of the p bars
    assert styles["swatchQ"] == styles["barQ"] != styles["canvas"]  # q outlined, like its bars
    assert styles["swatchQWidth"] != "0px" and styles["barQFill"] != styles["barP"]
    assert styles["highlight"] != "none" and styles["highlightColour"] != styles["canvas"]
