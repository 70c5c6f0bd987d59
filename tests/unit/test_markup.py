"""index.html keeps to the content security policy: no inline script or style anywhere."""

import re

import serve


def test_markup_has_no_inline_script_or_style():
    html = (serve.ROOT / "index.html").read_text(encoding="utf-8")
    assert " style=" not in html and "<style" not in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
