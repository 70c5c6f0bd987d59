"""The bits/nats switch (issue 19.3): one state, every information figure, remembered locally."""

import math
import re

import pytest
from harness import STORAGE_FULL, P, Q, reveal, scipy_kl, shown, wait_until_ready
from playwright.sync_api import expect

# KL(p‖q) of the worked example in each unit, by SciPy: 0.2004 nats, 0.2891 bits.
WORKED_NATS, WORKED_BITS = shown(scipy_kl(P, Q)), shown(scipy_kl(P, Q) / math.log(2))
STORAGE_KEY = "kl-notebook:unit"
# The runner says how long it took: the one text that may differ between two renders.
TIMING = re.compile(r"# ran in your browser in [0-9.]+ ms")


# The page's text, less the kl.py listings: their docstrings are code, and kl.py works in nats.
PAGE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('#kl-source, #kl-functions').forEach(listing => listing.remove());
  return body.textContent;
}"""


def page_text(page):
    return TIMING.sub("", page.evaluate(PAGE_TEXT))


def header_switch(page):
    return page.locator(".page-header").get_by_role("group", name=re.compile("Show KL"))


def open_every_figure(page):
    """Reveal a round, draw from the sampler and play a story: every place figures appear."""
    reveal(page)
    page.locator("#sampling").get_by_role("button", name="Draw 100", exact=True).click()
    expect(page.locator("#sampling-readout")).to_contain_text("running mean")
    page.get_by_role("radio", name="The two totals").check()
    expect(page.locator("#inquiry-shows")).to_contain_text(WORKED_NATS)


def test_the_switch_turns_every_worked_figure_from_nats_into_bits_and_back(ready_page):
    page = ready_page
    open_every_figure(page)
    before = page_text(page)
    nats_count, bits_count = before.count(WORKED_NATS), before.count(WORKED_BITS)
    assert nats_count >= 8, nats_count  # demo, math, runner, intuition, prose, sampling, cues
    assert f"{WORKED_BITS} bits" not in before

    header_switch(page).get_by_role("radio", name="bits").check()
    expect(page.locator("#total-pq")).to_have_text(WORKED_BITS)
    after = page_text(page)
    assert WORKED_NATS not in after
    assert after.count(WORKED_BITS) == nats_count + bits_count
    # The unit's name and the log's base change with the figures.
    for name in page.locator(".unit-name").all_text_contents():
        assert name == "bits"
    expect(page.locator("#units .log-note")).to_contain_text("log is log₂ (base 2)")
    expect(page.locator("#eq-definition msub")).to_have_count(1)
    expect(page.locator("#code-output")).to_contain_text("shown in bits here")
    expect(page.locator("#sampling-chart")).to_contain_text("in bits")
    expect(page.locator("#estimator-chart")).to_contain_text("in bits")
    expect(page.locator("#fit-map-forward")).to_contain_text("KL in bits")
    # One state: every control shows it, the stage bar's button included.
    expect(page.locator("#units").get_by_role("radio", name="bits")).to_be_checked()
    expect(page.locator("#unit-toggle")).to_have_attribute("aria-pressed", "true")

    page.locator("#units").get_by_role("radio", name="nats").check()
    expect(page.locator("#total-pq")).to_have_text(WORKED_NATS)
    assert page_text(page) == before
    expect(header_switch(page).get_by_role("radio", name="nats")).to_be_checked()
    expect(page.locator("#eq-definition msub")).to_have_count(0)


def test_the_choice_is_remembered_across_a_reload(ready_page):
    page = ready_page
    header_switch(page).get_by_role("radio", name="bits").check()
    page.reload()
    wait_until_ready(page)
    expect(header_switch(page).get_by_role("radio", name="bits")).to_be_checked()
    expect(page.locator("#extra-nats")).to_have_text(WORKED_BITS)
    expect(page.locator("#w-total")).to_have_text(WORKED_BITS)


@pytest.mark.parametrize("stored", ["furlongs", "", "BITS", '{"unit": "bits"}'])
def test_a_bad_stored_unit_opens_the_page_in_nats_without_an_alert(ready_page, stored):
    page = ready_page
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, stored])
    page.reload()
    wait_until_ready(page)
    expect(header_switch(page).get_by_role("radio", name="nats")).to_be_checked()
    expect(page.locator("#w-total")).to_have_text(WORKED_NATS)
    expect(page.locator("#runtime-alert")).to_be_hidden()


def test_a_full_storage_keeps_the_choice_for_the_visit_and_says_so(page, base_url):
    page.add_init_script(STORAGE_FULL)
    page.goto(base_url)
    wait_until_ready(page)
    header_switch(page).get_by_role("radio", name="bits").check()
    expect(page.locator("#w-total")).to_have_text(WORKED_BITS)
    expect(page.locator("#unit-notice")).to_contain_text("storage is full")
    expect(page.locator("#runtime-alert")).to_be_hidden()


def test_the_stage_bar_button_flips_the_unit(ready_page):
    page = ready_page
    page.locator("#demo-title").scroll_into_view_if_needed()
    toggle = page.get_by_role("button", name="Show figures in bits")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#w-total")).to_have_text(WORKED_BITS)
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#w-total")).to_have_text(WORKED_NATS)


def test_the_research_prompt_quotes_the_demo_totals_in_the_chosen_unit(ready_page):
    page = ready_page
    room = page.locator("#research")
    room.get_by_role("combobox", name="Object of the question").select_option(
        label="The current demo state"
    )
    prompt = room.get_by_role("textbox", name="Hand-off prompt")
    expect(prompt).to_have_value(re.compile(rf"KL\(p\|\|q\) = {WORKED_NATS} nats"))
    header_switch(page).get_by_role("radio", name=re.compile("bits")).check()
    expect(prompt).to_have_value(re.compile(rf"KL\(p\|\|q\) = {WORKED_BITS} bits"))
    expect(prompt).not_to_have_value(re.compile("nats"))
