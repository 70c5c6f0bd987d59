"""Pure text helpers for the reading sections: the worked line's signed terms, and
the kl.py listing (highlighted, with each function's line).  Their panels are in
panels/content.py."""

import html
import io
import keyword
import tokenize

from core.text import Unit, info


def signed_terms(terms, unit=Unit.NATS):
    """The worked line's sum as (operator, magnitude) pairs: a negative term is subtracted.

    The first term keeps its own sign and has no operator.

    >>> signed_terms([-0.2061, 0.1277, -0.0529])
    [('', '−0.2061'), ('+', '0.1277'), ('−', '0.0529')]
    >>> signed_terms([0.2004], Unit.BITS)
    [('', '0.2891')]
    """
    out = []
    for n, term in enumerate(terms):
        text = info(term, unit)
        if n == 0:
            out.append(("", text))
        elif text.startswith("−"):
            out.append(("−", text[1:]))
        else:
            out.append(("+", text))
    return out


TOKEN_CLASSES = {
    tokenize.COMMENT: "tok-comment",
    tokenize.STRING: "tok-string",
    tokenize.NUMBER: "tok-number",
}


def highlight(source):
    """Python source as HTML: escaped text, token classes, one span with an id per line."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    out, pos, previous = [], 0, None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        css = TOKEN_CLASSES.get(tok.type)
        if tok.type == tokenize.NAME:
            if keyword.iskeyword(tok.string):
                css = "tok-keyword"
            elif previous in ("def", "class"):
                css = "tok-def"
        if tok.type == tokenize.NAME:
            previous = tok.string
        if css is None:
            continue
        begin = starts[tok.start[0] - 1] + tok.start[1]
        end = starts[tok.end[0] - 1] + tok.end[1]
        out.append(html.escape(source[pos:begin]))
        # One span per line of the token, so a multi-line docstring stays coloured
        # on every line once the text is cut into lines below.
        out.append(
            "\n".join(
                f'<span class="{css}">{html.escape(part)}</span>'
                for part in source[begin:end].split("\n")
            )
        )
        pos = end
    out.append(html.escape(source[pos:]))
    text = "".join(out)
    numbered = [
        f'<span class="line" id="kl-line-{n}">{line}</span>'
        for n, line in enumerate(text.split("\n"), start=1)
    ]
    return "\n".join(numbered)


def definition_lines(source):
    """{function name: 1-based line number of its ``def``} for a module's source.

    >>> definition_lines("x = 1\\ndef kl(p, q):\\n    pass\\n")
    {'kl': 2}
    """
    lines = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if line.startswith("def "):
            lines[line[4:].split("(", 1)[0]] = number
    return lines
