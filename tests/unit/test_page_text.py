"""index.html carries the words and controls that Python keeps a copy of.

The labels of presets, stories, cues and challenges and the practice hints are
written in the page (it must read without Python) and kept in core/ beside the
rules they name; the four weight rows are written out by hand.  These tests
hold each copy to its source, so neither can drift alone.
"""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from core import state, stories

PAGE = Path(__file__).resolve().parents[2] / "index.html"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "mspace", "path", "line", "rect", "circle", "use"}  # fmt: skip


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.parts = tag, attrs, parent, []

    @property
    def text(self):
        return " ".join("".join(self.parts).split())


class Page(HTMLParser):
    """Every element of the page with its attributes, its parent and its text."""

    def __init__(self, source):
        super().__init__(convert_charrefs=True)
        self.elements, self.open = [], []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        node = Element(tag, dict(attrs), self.open[-1] if self.open else None)
        self.elements.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs), self.open[-1] if self.open else None))

    def handle_endtag(self, tag):
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k].tag == tag:
                del self.open[k:]
                return

    def handle_data(self, data):
        for node in self.open:
            node.parts.append(data)

    def find(self, **attrs):
        return [e for e in self.elements if all(e.attrs.get(k) == v for k, v in attrs.items())]

    def one(self, **attrs):
        (found,) = self.find(**attrs)
        return found


@pytest.fixture(scope="module")
def page():
    return Page(PAGE.read_text(encoding="utf-8"))


def test_each_preset_button_says_its_label(page):
    buttons = [e for e in page.elements if "data-preset" in e.attrs]
    assert {b.attrs["data-preset"]: b.text for b in buttons} == {
        p.key: p.label for p in state.PRESETS
    }


@pytest.mark.parametrize(
    ("name", "choices"),
    [("story", stories.STORIES), ("cue", stories.CUES)],
    ids=["stories", "cues"],
)
def test_each_choice_is_labelled_as_in_core(page, name, choices):
    radios = page.find(type="radio", name=name)
    assert {r.attrs["value"]: r.parent.text for r in radios} == {c.key: c.label for c in choices}


def test_each_challenge_reads_as_in_core(page):
    shown = {
        e.parent.attrs["data-challenge"]: e.text for e in page.find(**{"class": "challenge-text"})
    }
    assert shown == {c.key: c.text for c in stories.CHALLENGES}


def test_each_hint_reads_as_in_core(page):
    hints = page.find(**{"class": "hint-item"})
    assert [h.attrs["id"] for h in hints] == [f"hint-{k + 1}" for k in range(len(stories.HINTS))]
    assert [h.text for h in hints] == list(stories.HINTS)


@pytest.mark.parametrize("index", range(len(state.OUTCOMES)))
def test_each_weight_row_matches_the_rules_in_core(page, index):
    x, w = state.OUTCOMES[index], f"{state.DEFAULT_WEIGHTS[index]:g}"
    slider, box = page.one(id=f"w-{x}"), page.one(id=f"n-{x}")
    assert slider.attrs["type"] == "range"
    assert float(slider.attrs["min"]) == state.WEIGHT_MIN
    assert float(slider.attrs["max"]) == state.WEIGHT_MAX
    assert float(slider.attrs["step"]) == state.WEIGHT_STEP
    assert slider.attrs["value"] == w
    assert slider.attrs["aria-valuetext"] == f"weight {w}"
    assert box.attrs["value"] == w
    assert "exact" in box.attrs["class"].split()
    assert box.attrs["aria-describedby"] == f"err-{x}"
    assert slider.attrs["data-index"] == box.attrs["data-index"] == str(index)
    assert page.one(**{"for": f"w-{x}"}).text == f"Weight of {x}"
    assert page.one(**{"for": f"n-{x}"}).text == f"Exact weight of {x}"
    assert page.find(id=f"q-{x}") and page.find(id=f"err-{x}")
    assert slider.parent is box.parent and slider.parent.attrs["data-outcome"] == x


def test_there_is_one_weight_row_per_outcome(page):
    rows = page.find(**{"class": "weight"})
    assert [r.attrs["data-outcome"] for r in rows] == list(state.OUTCOMES)
