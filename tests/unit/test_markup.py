"""index.html keeps to the content security policy: no inline script or style anywhere."""

import re

import serve


def test_markup_has_no_inline_script_or_style():
    html = (serve.ROOT / "index.html").read_text(encoding="utf-8")
    assert " style=" not in html and "<style" not in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag


def test_the_stylesheet_closes_every_block_it_opens():
    # A merge that drops one "}" silently nests every rule after it in a media query.
    depth = 0
    for number, line in enumerate(
        (serve.ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8").splitlines(), 1
    ):
        if line.startswith(("/*", "@media", ".", "#", "html", "body")):
            assert depth == 0, f"site.css line {number} starts a rule inside an open block"
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"site.css line {number} closes a block that is not open"
    assert depth == 0
