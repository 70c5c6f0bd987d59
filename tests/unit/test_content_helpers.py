"""py/core/content.py: source highlighting and the worked line's numbers, in CPython."""

import ast
import doctest
import html
import io
import re
import tokenize
from html.parser import HTMLParser
from pathlib import Path

import pytest
from core.text import num

KL_SOURCE = (Path(__file__).resolve().parents[2] / "py" / "core" / "kl.py").read_text(
    encoding="utf-8"
)


@pytest.fixture(scope="module")
def content():
    """core/content.py is pure: it imports in CPython with no stand-ins for the browser."""
    from core import content

    return content


class LineParser(HTMLParser):
    """The classes open around each character of one line, and whether the tags nest."""

    def __init__(self):
        super().__init__()
        self.open, self.text, self.nested = [], [], True

    def handle_starttag(self, tag, attrs):
        self.open.append(dict(attrs).get("class", ""))

    def handle_endtag(self, tag):
        if not self.open:
            self.nested = False
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.extend((ch, tuple(self.open)) for ch in data)


def string_lines(source):
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and tok.start[0] != tok.end[0]:
            lines.update(range(tok.start[0] + 1, tok.end[0]))  # the lines wholly inside
    return lines


def test_every_line_of_a_multi_line_string_is_wrapped_in_its_own_string_span(content):
    rendered = content.highlight(KL_SOURCE).split("\n")
    source_lines = KL_SOURCE.split("\n")
    assert len(rendered) == len(source_lines)
    inside = string_lines(KL_SOURCE)
    assert len(inside) > 30
    for n, (markup, line) in enumerate(zip(rendered, source_lines, strict=True), start=1):
        parser = LineParser()
        parser.feed(markup)
        parser.close()
        assert parser.nested and parser.open == [], f"line {n} leaves a tag open: {markup}"
        assert "".join(ch for ch, _ in parser.text) == line
        assert re.fullmatch(rf'<span class="line" id="kl-line-{n}">.*</span>', markup)
        if n in inside:
            assert all("tok-string" in classes for _, classes in parser.text), n


def test_highlight_escapes_markup_in_the_source(content):
    out = content.highlight('x = "<b>&"  # <i>\n')
    assert "<b>" not in out and "<i>" not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == 'x = "<b>&"  # <i>\n'


def test_worked_line_numbers_never_read_minus_zero(content):
    assert num(-1e-17) == "0.0000" and num(-0.00004) == "0.0000"
    assert num(-0.00006) == "−0.0001"
    assert content.signed_terms([1e-17, -1e-17, -0.5, 0.25]) == [
        ("", "0.0000"),
        ("+", "0.0000"),
        ("−", "0.5000"),
        ("+", "0.2500"),
    ]


def test_doctests(content):
    assert doctest.testmod(content).failed == 0


SHOWN = ("kl_terms", "kl", "entropy", "cross_entropy")


def function_sources(source, names):
    """Each named top-level function's own source, as Python's ast sees it, in file order."""
    tree = ast.parse(source)
    nodes = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in names]
    assert sorted(n.name for n in nodes) == sorted(names)
    return [(n.lineno, ast.get_source_segment(source, n)) for n in nodes]


def test_the_code_section_shows_exactly_the_four_functions_cut_from_kl_py(content):
    assert content.SHOWN_FUNCTIONS == SHOWN
    functions = function_sources(KL_SOURCE, SHOWN)
    shown = content.excerpt_text(KL_SOURCE)
    assert shown == "\n\n\n".join(text for _, text in functions)
    assert "def report" not in shown and "def check_distribution" not in shown
    # The highlighted excerpt reads the same, and each line keeps its line number in kl.py,
    # so the claim review's links to #kl-line-N land on the right line.
    markup = content.highlight_excerpt(KL_SOURCE)
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == shown
    source_lines = KL_SOURCE.split("\n")
    ids = [int(n) for n in re.findall(r'<span class="line" id="kl-line-(\d+)">', markup)]
    assert ids == [
        n for first, text in functions for n in range(first, first + text.count("\n") + 1)
    ]
    for n, line in zip(ids, (m for m in markup.split("\n") if m), strict=True):
        assert html.unescape(re.sub(r"<[^>]+>", "", line)) == source_lines[n - 1]


def test_a_missing_function_is_a_value_error_naming_it(content):
    with pytest.raises(ValueError, match="no function named kl_terms"):
        content.excerpt_text("def kl(p, q):\n    return 0\n", ("kl", "kl_terms"))


def test_the_whole_file_listing_can_take_other_line_ids(content):
    markup = content.highlight("x = 1\ny = 2\n", line_id="kl-file-line-")
    assert re.findall(r'id="([^"]+)"', markup) == [
        "kl-file-line-1",
        "kl-file-line-2",
        "kl-file-line-3",
    ]


def test_panels_after_the_first_pass_have_short_names_and_new_ones_use_their_heading(content):
    assert (
        content.panel_name("fitlab", "Fit lab: one bell curve, two directions of KL") == "Fit lab"
    )
    assert content.panel_name("checks", "Four common misreadings") == "Checks"
    assert (
        content.panel_name("predict-mode", "Predict the mode: before the fit") == "Predict the mode"
    )
