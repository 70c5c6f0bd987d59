"""Pure text helpers for the reading sections: the worked line's signed terms, the
kl.py listing (highlighted, with each function's line), the functions the Code section
shows, and the short names the stage bar gives the panels after the first pass.  Their
panels are in panels/content.py."""

import ast
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


def highlight(source, line_id="kl-line-"):
    """Python source as HTML: escaped text, token classes, one span with an id per line
    (``line_id`` followed by the line's number in ``source``)."""
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
        f'<span class="line" id="{line_id}{n}">{line}</span>'
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


#: The functions of kl.py the Code section shows; the rest of the file is one click away.
SHOWN_FUNCTIONS = ("kl_terms", "kl", "entropy", "cross_entropy")


def function_spans(source, names=SHOWN_FUNCTIONS):
    """[(first line, last line)] of each named top-level function, in the file's order.

    >>> function_spans("def a():\\n    pass\\n\\n\\ndef b():\\n    return 1\\n", ("b", "a"))
    [(1, 2), (5, 6)]
    """
    found = {
        node.name: (node.lineno, node.end_lineno)
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name in names
    }
    missing = [name for name in names if name not in found]
    if missing:
        raise ValueError(f"kl.py defines no function named {', '.join(missing)}.")
    return sorted(found.values())


#: What stands between two shown functions: the two blank lines PEP 8 puts there.
GAP = "\n\n\n"


def excerpt_text(source, names=SHOWN_FUNCTIONS):
    """The named functions' source, cut from ``source``, two blank lines between them."""
    lines = source.splitlines()
    return GAP.join("\n".join(lines[a - 1 : b]) for a, b in function_spans(source, names))


def highlight_excerpt(source, names=SHOWN_FUNCTIONS):
    """``excerpt_text`` as HTML, highlighted in the context of the whole file: each line keeps
    the id of its real line number, so a link to ``#kl-line-N`` lands on it."""
    lines = highlight(source).split("\n")
    return GAP.join("\n".join(lines[a - 1 : b]) for a, b in function_spans(source, names))


#: The stage bar's short name for each panel after the first pass, by its section's id.
PANEL_NAMES = {
    "storyboard": "Storyboard",
    "inquiry": "Inquiry",
    "source": "Source",
    "claim-review": "Claim review",
    "practice": "Practice",
    "checks": "Checks",
    "sampling": "Sampling",
    "fitlab": "Fit lab",
    "research": "Research",
}


def panel_name(section_id, heading):
    """The stage bar's name for a panel: its short name, or else its heading up to a colon.

    >>> panel_name("fitlab", "Fit lab: one bell curve, two directions of KL")
    'Fit lab'
    >>> panel_name("new-panel", "  Predict the mode:  before the fit ")
    'Predict the mode'
    """
    if section_id in PANEL_NAMES:
        return PANEL_NAMES[section_id]
    return " ".join(heading.split(":", 1)[0].split())
