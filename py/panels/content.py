"""Panels of the reading sections: contract, intuition, math, code and claim review.

Their pure helpers (number text, the highlighted kl.py listing) are in core/content.py.

Each panel owns its section's elements and re-renders from the shared Notebook.
Their live numbers follow ``notebook.shown`` (the last revealed demo state), so
none of them gives away the answer of a round that is still open.
"""

import time

from core import kl, state
from core.content import definition_lines, fixed4, highlight, signed_terms
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


class ReviewPanel:
    """Claim review: point each code witness at the line of kl.py that defines it."""

    def __init__(self, root):
        with open(kl.__file__, encoding="utf-8") as source:
            lines = definition_lines(source.read())
        for link in root.querySelectorAll("[data-kl-function]"):
            name = link.getAttribute("data-kl-function")
            if name in lines:
                link.setAttribute("href", f"#kl-line-{lines[name]}")
