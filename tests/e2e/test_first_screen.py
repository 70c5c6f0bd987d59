"""The first screen reaches the lesson: the header, the concept structure and the learner
contract are short enough that Intuition starts without scrolling (issue 17.3)."""

import re

import pytest
from harness import wait_until_ready
from playwright.sync_api import expect

# The two screens the issue names: a laptop's and a phone's.
SCREENS = [{"width": 1280, "height": 800}, {"width": 375, "height": 740}]


def screen_id(screen):
    return f"{screen['width']}x{screen['height']}"


@pytest.mark.parametrize("screen", SCREENS, ids=screen_id)
def test_intuition_starts_on_the_first_screen(page, base_url, screen):
    page.set_viewport_size(screen)
    page.goto(base_url)
    wait_until_ready(page)
    assert page.evaluate("window.scrollY") == 0
    expect(page.get_by_role("heading", name="01 Intuition")).to_be_in_viewport(ratio=1)
    if screen["width"] == 1280:
        # On a laptop the first picture starts on the first screen too; on a phone the
        # intuition's lede and the picture's title come first, and it starts just below.
        expect(page.locator("#landings-chart")).to_be_in_viewport()


@pytest.mark.parametrize("screen", SCREENS, ids=screen_id)
def test_the_review_caveat_comes_after_the_summary_and_its_link_still_leads_to_the_review(
    page, base_url, screen
):
    page.set_viewport_size(screen)
    page.goto(base_url)
    wait_until_ready(page)
    header = page.locator("header.page-header")
    badge = header.get_by_role("link", name=re.compile("reviewed in part"))
    caveat = header.get_by_text("may be AI-assisted")
    expect(caveat).to_be_visible()
    summary = page.locator("#claim-text").bounding_box()
    units = header.get_by_role("group", name=re.compile("Show KL")).bounding_box()
    for quiet in (badge.bounding_box(), caveat.bounding_box()):
        assert quiet["y"] >= summary["y"] + summary["height"]
        assert quiet["y"] >= units["y"] + units["height"]
    # Quieter than the summary it qualifies.
    sizes = page.evaluate(
        """() => ['#claim-text', '.badge'].map(
               s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
    )
    assert sizes[1] < sizes[0]
    badge.click()
    expect(page.get_by_role("heading", name="Claim review")).to_be_in_viewport()


def test_the_contract_is_one_sentence_with_its_details_on_demand(ready_page):
    page = ready_page
    contract = page.locator("#contract")
    for verb in ("explain", "trace", "test"):
        expect(contract.locator("strong", has_text=verb)).to_be_visible()
    prerequisite = contract.get_by_text("Probability distributions and expectation")
    expect(prerequisite).to_be_hidden()
    contract.get_by_text("Prerequisites, reading order, next edge").click()
    expect(prerequisite).to_be_visible()
    expect(contract.get_by_text("Logarithms and Shannon entropy")).to_be_visible()
    expect(contract.get_by_text("Intuition first, then the math")).to_be_visible()
