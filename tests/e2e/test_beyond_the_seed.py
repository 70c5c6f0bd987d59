"""The sampling view's and fit lab's pictures are legible: text size, collisions, sideways scroll.

Behaviour of each panel is in test_sampling_view.py and test_fit_lab.py.
"""

import re

import pytest
from harness import BOTH_SCHEMES, reveal, wait_until_ready
from playwright.sync_api import expect

CHARTS = [
    "#sampling-chart",
    "#estimator-chart",
    "#fit-chart",
    "#fit-map-forward",
    "#fit-map-reverse",
]

# For every visible <text> of a chart: its rendered font size and its box on the screen.
MEASURE = """svg => [...svg.querySelectorAll('text')]
  .filter(t => t.getAttribute('visibility') !== 'hidden' && t.textContent.trim())
  .map(t => {
    const r = t.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    return {text: t.textContent, size, box: [r.left, r.top, r.right, r.bottom]};
  })"""


def open_both_panels(page):
    reveal(page)
    sampling = page.locator("#sampling")
    sampling.get_by_role("radio", name="q, for KL(q‖p)").check()
    sampling.get_by_role("button", name="Draw 1000", exact=True).click()
    expect(page.locator("#sampling-readout")).to_contain_text("1000 draws from q")
    lab = page.locator("#fitlab")
    lab.get_by_role("radio", name="on the right (mean 17)").check()
    lab.get_by_role("button", name="Find both fits").click()
    expect(lab.locator("#fit-result")).to_be_visible()


def overlapping(labels):
    """Pairs of chart texts whose boxes share more than half a pixel each way."""
    pairs = []
    for k, a in enumerate(labels):
        for b in labels[k + 1 :]:
            x = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
            y = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
            if x > 0.5 and y > 0.5:
                pairs.append((a["text"], b["text"]))
    return pairs


# A hyphen before a digit: a number written without the page's minus sign (U+2212).
HYPHEN_MINUS = re.compile(r"-\s*\d")
#: The charts whose value axis or colour key is an information figure, and its title's words.
UNIT_TITLES = {
    "#sampling-chart": "in {unit}",
    "#estimator-chart": "in {unit}",
    "#fit-map-forward": "KL in {unit}",
    "#fit-map-reverse": "KL in {unit}",
}


def check_chart_text(page, width, unit="nats"):
    """Every chart's text: 12 px or more as rendered, apart, inside the chart, with a real
    minus sign, the unit named on its axis; and the page does not scroll sideways."""
    for selector in CHARTS:
        chart = page.locator(selector)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("text").first).to_be_attached()
        labels = chart.evaluate(MEASURE)
        assert labels, selector
        small = [(t["text"], round(t["size"], 1)) for t in labels if t["size"] < 12]
        assert small == [], f"{selector}: text under 12 px: {small}"
        assert overlapping(labels) == [], f"{selector}: colliding text"
        frame = chart.bounding_box()
        outside = [
            t["text"]
            for t in labels
            if t["box"][0] < frame["x"] - 0.5 or t["box"][2] > frame["x"] + frame["width"] + 0.5
        ]
        assert outside == [], f"{selector}: text cut off at the edge"
        hyphens = [t["text"] for t in labels if HYPHEN_MINUS.search(t["text"])]
        assert hyphens == [], f"{selector}: a hyphen for a minus sign"
        if selector in UNIT_TITLES:
            title = UNIT_TITLES[selector].format(unit=unit)
            assert any(title in t["text"] for t in labels), f"{selector}: no '{title}'"
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
def test_chart_text_is_at_least_12_px_never_collides_and_nothing_scrolls_sideways(
    page, base_url, width, scheme
):
    """Issues 14.7 and 16.5, at both widths and in both themes."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url)
    wait_until_ready(page)
    open_both_panels(page)
    check_chart_text(page, width)


@pytest.mark.parametrize("width", [375, 1280])
def test_in_bits_the_charts_name_the_unit_and_stay_legible(page, base_url, width):
    """Issues 16.5 and 19.3: the switch relabels the axes and the ticks still fit."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url)
    wait_until_ready(page)
    page.locator(".page-header").get_by_role("radio", name="bits").check()
    open_both_panels(page)
    check_chart_text(page, width, unit="bits")
