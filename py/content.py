"""Panels of the reading sections: contract, intuition, math and code.

Each panel owns its section's elements and re-renders from the shared Notebook.
Their live numbers follow ``notebook.shown`` (the last revealed demo state), so
none of them gives away the answer of a round that is still open.
"""

import html
import io
import keyword
import time
import tokenize

import kl
import state
from dom import fill, guarded, listen
from pyodide.ffi import create_proxy
from pyscript import document, window


def short(values):
    return "(" + ", ".join(f"{v:.3g}" for v in values) + ")"


def shown_label(nb):
    if nb.shown.weights == state.DEFAULT_WEIGHTS and nb.rounds == 0:
        return "worked example (the demo’s starting q)"
    return "last revealed demo state"


def relabel(root, reading):
    p_name, q_name = state.READINGS[reading]
    fill(root, ".reading-p", p_name)
    fill(root, ".reading-q", q_name)


class ContractPanel:
    """Offers the next edge once the learner has committed one prediction."""

    def __init__(self, nb, root):
        self.locked = root.querySelector("#next-edge-locked")
        self.open = root.querySelector("#next-edge-open")
        nb.subscribe(self.render)

    def render(self, nb, change):
        if change == "reveal":
            self.locked.hidden = nb.rounds > 0
            self.open.hidden = nb.rounds == 0


class IntuitionPanel:
    """The live extra-code-length sentence and the notation switch."""

    def __init__(self, nb, root):
        self.root = root
        self.extra = root.querySelector("#extra-nats")
        self._proxies = []
        listen(root.querySelector(".reading-switch"), "change", self.on_reading, self._proxies)
        self.nb = nb
        nb.subscribe(self.render)
        self.render(nb, "init")

    def on_reading(self, event):
        self.nb.set_reading(event.target.value)

    def render(self, nb, change):
        if change in ("init", "reveal", "weights"):
            self.extra.textContent = f"{nb.shown.kl_pq:.4f}"
            fill(self.root, ".shown-q", "q = " + short(nb.shown.q))
        if change in ("init", "reading"):
            relabel(self.root, nb.reading)


def fixed4(x):
    """``x`` to 4 decimals with a true minus sign, never "−0.0000".

    >>> fixed4(-0.20608), fixed4(-1e-17), fixed4(0.1277)
    ('−0.2061', '0.0000', '0.1277')
    """
    text = f"{x:.4f}"
    if text.startswith("-"):
        return "0.0000" if float(text) == 0 else "−" + text[1:]
    return text


def signed_terms(terms):
    """The worked line's sum as (operator, magnitude) pairs: a negative term is subtracted.

    The first term keeps its own sign and has no operator.

    >>> signed_terms([-0.2061, 0.1277, -0.0529])
    [('', '−0.2061'), ('+', '0.1277'), ('−', '0.0529')]
    """
    out = []
    for n, term in enumerate(terms):
        text = fixed4(term)
        if n == 0:
            out.append(("", text))
        elif text.startswith("−"):
            out.append(("−", text[1:]))
        else:
            out.append(("+", text))
    return out


class MathPanel:
    """The worked line: the definition with the shown state's numbers substituted."""

    def __init__(self, nb, root):
        self.root = root
        self.q_cells = [root.querySelector(f"#wq-{x}") for x in state.OUTCOMES]
        self.term_cells = [root.querySelector(f"#wv-{x}") for x in state.OUTCOMES]
        # The operator in front of each term but the first: "+" or "−".
        self.op_cells = [None] + [root.querySelector(f"#wop-{x}") for x in state.OUTCOMES[1:]]
        self.total = root.querySelector("#w-total")
        nb.subscribe(self.render)
        self.render(nb, "init")

    def render(self, nb, change):
        if change == "focus":
            for node in self.root.querySelectorAll(".wterm"):
                node.classList.toggle("is-focus", node.dataset.outcome == nb.focus)
        if change in ("init", "reveal", "weights"):
            snap = nb.shown
            for q_cell, q in zip(self.q_cells, snap.q, strict=True):
                q_cell.textContent = f"{q:.4f}"
            for term_cell, op_cell, (op, text) in zip(
                self.term_cells, self.op_cells, signed_terms(snap.terms_pq), strict=True
            ):
                term_cell.textContent = text
                if op_cell is not None:
                    op_cell.textContent = op
            self.total.textContent = fixed4(snap.kl_pq)
            fill(self.root, ".shown-label", shown_label(nb))
        if change in ("init", "reading"):
            relabel(self.root, nb.reading)


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


class CodePanel:
    """Shows the kl.py that the browser's Python imported, and runs the worked example."""

    def __init__(self, nb, root):
        self.nb = nb
        self.output = root.querySelector("#code-output")
        self.root = root
        with open(kl.__file__, encoding="utf-8") as source:
            # Our own module, escaped token by token; never learner text.
            root.querySelector("#kl-source").innerHTML = (
                "<code>" + highlight(source.read()) + "</code>"
            )
        self._proxies = []
        listen(root.querySelector("#run-worked"), "click", self.run_worked, self._proxies)
        listen(root.querySelector("#run-support"), "click", self.run_support, self._proxies)
        nb.subscribe(self.render)
        self.render(nb, "init")

    def show(self, q, note=""):
        began = time.perf_counter()
        text = kl.report(state.P, q)
        elapsed = (time.perf_counter() - began) * 1000
        header = f">>> print(report(p={short(state.P)}, q={short(q)}))"
        self.output.textContent = (
            f"{header}\n{text}\n{note or f'# ran in your browser in {elapsed:.2f} ms'}"
        )

    def run_worked(self, event):
        self.show(self.nb.shown.q)

    def run_support(self, event):
        self.show(state.SUPPORT_FAILURE_Q, "# q(x3) = 0 but p(x3) > 0: the support condition fails")

    def render(self, nb, change):
        if change in ("init", "reveal", "weights"):
            self.show(nb.shown.q)
            fill(self.root, ".shown-q", "q = " + short(nb.shown.q))
            fill(self.root, ".shown-label", shown_label(nb))


#: The reading band, as fractions of the viewport's height: a thin strip above the middle.
BAND_TOP, BAND_BOTTOM = 0.33, 0.38


class StructureNav:
    """Follows the reader: a compact bar of the stages appears once the concept structure has
    scrolled away, and the stage being read is marked with aria-current in both lists.

    A stage is current while it crosses a band a third of the way down the viewport; above
    the first stage (the header and the contract) none is.
    """

    STAGES = ("intuition", "math", "code", "demo", "after")

    def __init__(self, root):
        bar = self.bar = document.getElementById("stage-bar")
        self.links = {
            stage: [
                link for nav in (root, bar) for link in nav.querySelectorAll(f'a[href="#{stage}"]')
            ]
            for stage in self.STAGES
        }
        self.crossing = dict.fromkeys(self.STAGES, False)
        self.current = None
        self._proxies = [create_proxy(guarded(self.on_band)), create_proxy(guarded(self.on_list))]
        band = window.Object.new()
        band.rootMargin = f"-{BAND_TOP:.0%} 0px -{1 - BAND_BOTTOM:.0%} 0px"
        self._band = window.IntersectionObserver.new(self._proxies[0], band)
        for stage in self.STAGES:
            self._band.observe(document.getElementById(stage))
        # The bar is needed only once the full list (with each stage's purpose) is out of view.
        self._list = window.IntersectionObserver.new(self._proxies[1])
        self._list.observe(root)

    def on_band(self, entries, observer=None):
        for entry in entries:
            self.crossing[entry.target.id] = entry.isIntersecting
        crossing = [s for s in self.STAGES if self.crossing[s]]
        if crossing:
            self.mark(crossing[-1])
            return
        # Between two stages the last one stays current; above the first, none is.
        first = document.getElementById(self.STAGES[0]).getBoundingClientRect()
        if first.top > window.innerHeight * BAND_BOTTOM:
            self.mark(None)

    def on_list(self, entries, observer=None):
        for entry in entries:
            gone = not entry.isIntersecting and entry.boundingClientRect.bottom <= 0
            self.bar.classList.toggle("is-shown", gone)

    def mark(self, current):
        if current == self.current:
            return
        self.current = current
        for stage, links in self.links.items():
            for link in links:
                if stage == current:
                    link.setAttribute(
                        "aria-current", "step"
                    )  # the stages are steps of one reading order
                else:
                    link.removeAttribute("aria-current")
