"""Where am I: the stage bar follows the reader through the four stages and, after the
first pass, names the panel being read; one step leads back to the demo (issue 17.4)."""

import pytest
from harness import wait_until_ready
from playwright.sync_api import expect

# Scroll until a section's top rests a quarter of the way down the viewport: sections off
# screen are laid out only as they come near (content-visibility), so aim again until the
# page stops moving under it (frames, not a fixed wait).
SCROLL_TO = """async id => {
  const frame = () => new Promise(done => requestAnimationFrame(() => done()));
  const node = document.getElementById(id);
  for (let n = 0; n < 20; n++) {
    const off = node.getBoundingClientRect().top - innerHeight * 0.25;
    if (Math.abs(off) < 2 && n > 1) return;
    window.scrollBy(0, off);
    await frame(); await frame();
  }
}"""

AFTER = "After the first pass"
# (section, the stage marked current, the panel named after the stage, if any)
PLACES = [
    ("math", "Math", None),
    ("code", "Code", None),
    ("demo", "Demo", None),
    ("storyboard", AFTER, "Storyboard"),
    ("inquiry", AFTER, "Inquiry"),
    ("claim-review", AFTER, "Claim review"),
    ("practice", AFTER, "Practice"),
    ("checks", AFTER, "Checks"),
    ("sampling", AFTER, "Sampling"),
    ("fitlab", AFTER, "Fit lab"),
    ("research", AFTER, "Research"),
    ("code", "Code", None),
]


def stage_bar(page):
    return page.get_by_role("navigation", name="Where you are")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_stage_bar_names_the_stage_and_the_panel_being_read(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url)
    wait_until_ready(page)
    # At the start of Intuition the concept structure itself is still in view and marks it.
    page.evaluate(SCROLL_TO, "intuition")
    structure = page.get_by_role("navigation", name="Concept structure")
    expect(structure.locator("[aria-current=step]")).to_have_count(1)
    expect(structure.locator("[aria-current=step]")).to_contain_text("Intuition")
    bar = stage_bar(page)
    panel = bar.locator("[aria-current=location]")
    for section, stage, name in PLACES:
        page.evaluate(SCROLL_TO, section)
        expect(bar).to_be_visible()
        current = bar.locator("[aria-current=step]")
        expect(current).to_have_count(1)
        expect(current).to_have_accessible_name(stage)
        if name is None:
            expect(panel).to_have_count(0)
            expect(bar.locator("#stage-panel")).to_be_hidden()
        else:
            expect(panel).to_have_text(name)
            expect(panel).to_be_in_viewport(ratio=1)  # never scrolled out of the narrow bar
            expect(panel).to_have_attribute("href", f"#{section}")
        box = bar.bounding_box()
        assert box["height"] <= 56 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [375, 1280])
def test_from_the_last_panel_one_step_leads_back_to_the_demo(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url)
    wait_until_ready(page)
    page.evaluate(SCROLL_TO, "research")
    bar = stage_bar(page)
    expect(bar.locator("[aria-current=location]")).to_have_text("Research")
    bar.get_by_role("link", name="Demo").click()
    expect(page.get_by_role("heading", name="04 Interactive demo")).to_be_in_viewport()
    expect(bar.locator("[aria-current=step]")).to_have_accessible_name("Demo")
    expect(bar.locator("[aria-current=location]")).to_have_count(0)
