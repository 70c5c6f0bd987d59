"""Panels of the reading sections: contract, intuition, math, code and claim review.

Their pure helpers (number text, the highlighted kl.py listing) are in core/content.py.

Each panel owns its section's elements and re-renders from the shared Notebook.
Their live numbers follow ``notebook.shown`` (the last revealed demo state), so
none of them gives away the answer of a round that is still open.
"""

import time
from urllib.parse import unquote

from core import kl, state
from core.content import (
    SHOWN_FUNCTIONS,
    definition_lines,
    highlight,
    highlight_excerpt,
    panel_name,
    signed_terms,
)
from core.state import Change
from core.text import info, num
from core.units import report_in
from dom import Panel, fill, guarded
from pyodide.ffi import create_proxy
from pyscript import document, window
from pyscript.ffi import is_none


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


class ContractPanel(Panel):
    """Offers the next edge once the learner has committed one prediction."""

    renders = frozenset({Change.REVEAL})

    def bind(self):
        self.locked, self.open, self.unlocked = self.find_each(
            "#next-edge-locked", "#next-edge-open", "#next-edge-unlocked"
        )

    def render(self, change):
        made = self.nb.rounds > 0
        self.locked.hidden = made
        # The next edge itself stands outside the folded details, so it is seen once offered.
        self.open.hidden = self.unlocked.hidden = not made


class IntuitionPanel(Panel):
    """The live extra-code-length sentence and the notation switch."""

    renders = frozenset({Change.INIT, Change.REVEAL, Change.WEIGHTS, Change.READING, Change.UNIT})

    def bind(self):
        self.extra = self.find("#extra-nats")
        self.on_choice(".reading-switch", self.nb.set_reading)

    def render(self, change):
        nb = self.nb
        if change in (Change.INIT, Change.REVEAL, Change.WEIGHTS, Change.UNIT):
            self.extra.textContent = info(nb.shown.kl_pq, nb.unit)
            fill(self.root, ".shown-q", "q = " + short(nb.shown.q))
        if change in (Change.INIT, Change.READING):
            relabel(self.root, nb.reading)


class MathPanel(Panel):
    """The worked line: the definition with the shown state's numbers substituted."""

    renders = frozenset(
        {Change.INIT, Change.REVEAL, Change.WEIGHTS, Change.READING, Change.FOCUS, Change.UNIT}
    )

    def bind(self):
        self.q_cells = [self.find(f"#wq-{x}") for x in state.OUTCOMES]
        self.term_cells = [self.find(f"#wv-{x}") for x in state.OUTCOMES]
        # The operator in front of each term but the first: "+" or "−".
        self.op_cells = [None] + [self.find(f"#wop-{x}") for x in state.OUTCOMES[1:]]
        self.total = self.find("#w-total")
        # Pointing at a term picks out its outcome everywhere: in the demo and in the dock.
        worked = self.find("#eq-worked")
        self.listen(worked, "pointerover", self.on_point)
        self.listen(worked, "pointerleave", self.on_leave)

    def on_point(self, event):
        term = event.target.closest(".wterm")
        self.nb.set_focus(None if is_none(term) else term.dataset.outcome)

    def on_leave(self, event):
        self.nb.set_focus(None)

    def render(self, change):
        nb = self.nb
        if change == Change.FOCUS:
            for node in self.root.querySelectorAll(".wterm"):
                node.classList.toggle("is-focus", node.dataset.outcome == nb.focus)
        if change in (Change.INIT, Change.REVEAL, Change.WEIGHTS, Change.UNIT):
            snap = nb.shown
            for q_cell, q in zip(self.q_cells, snap.q, strict=True):
                q_cell.textContent = num(q)
            for term_cell, op_cell, (op, text) in zip(
                self.term_cells, self.op_cells, signed_terms(snap.terms_pq, nb.unit), strict=True
            ):
                term_cell.textContent = text
                if op_cell is not None:
                    op_cell.textContent = op
            self.total.textContent = info(snap.kl_pq, nb.unit)
            fill(self.root, ".shown-label", shown_label(nb))
        if change in (Change.INIT, Change.READING):
            relabel(self.root, nb.reading)


class CodePanel(Panel):
    """Shows the functions of kl.py that matter, cut from the very file the browser's Python
    imported (the whole file one click away), and runs the worked example."""

    renders = frozenset({Change.INIT, Change.REVEAL, Change.WEIGHTS, Change.UNIT})

    def bind(self):
        self.output = self.find("#code-output")
        with open(kl.__file__, encoding="utf-8") as file:
            source = file.read()
        # Our own module, escaped token by token; never learner text.
        self.find("#kl-functions").innerHTML = "<code>" + highlight_excerpt(source) + "</code>"
        whole = highlight(source, line_id="kl-file-line-")
        self.find("#kl-source").innerHTML = "<code>" + whole + "</code>"
        self.listen(self.find("#run-worked"), "click", self.run_worked)
        self.listen(self.find("#run-support"), "click", self.run_support)

    def show(self, q, note=""):
        began = time.perf_counter()
        text = kl.report(state.P, q)
        elapsed = (time.perf_counter() - began) * 1000
        header = f">>> print(report(p={short(state.P)}, q={short(q)}))"
        text, converted = report_in(text, self.nb.unit, state.P, q)
        if converted:
            header += f"\n{converted}"
        self.output.textContent = (
            f"{header}\n{text}\n{note or f'# ran in your browser in {elapsed:.2f} ms'}"
        )

    def run_worked(self, event):
        self.show(self.nb.shown.q)

    def run_support(self, event):
        self.show(state.SUPPORT_FAILURE_Q, "# q(x3) = 0 but p(x3) > 0: the support condition fails")

    def render(self, change):
        self.show(self.nb.shown.q)
        fill(self.root, ".shown-q", "q = " + short(self.nb.shown.q))
        fill(self.root, ".shown-label", shown_label(self.nb))


#: The reading band, as fractions of the viewport's height: a thin strip above the middle.
BAND_TOP, BAND_BOTTOM = 0.33, 0.38


class StructureNav(Panel):
    """Follows the reader: a compact bar of the stages appears once the concept structure has
    scrolled away; the stage being read is marked with aria-current in both lists and, after
    the first pass, the bar also names the panel being read.

    A stage (or panel) is current while it crosses a band a third of the way down the
    viewport; between two of them the last one stays current; above the first stage (the
    header and the contract) none is, and above the first panel no panel is.
    """

    STAGES = ("intuition", "math", "code", "demo", "after")

    def bind(self):
        bar = self.bar = document.getElementById("stage-bar")
        self.links = {
            stage: [
                link
                for nav in (self.root, bar)
                # Not the panel's link, which points at #after until a panel is read.
                for link in nav.querySelectorAll(f'a[href="#{stage}"]:not(#stage-panel)')
            ]
            for stage in self.STAGES
        }
        self.panel_link = bar.querySelector("#stage-panel")
        # The panels after the first pass, read from the page, so a new one is followed too.
        self.panels = {
            section.id: panel_name(section.id, section.querySelector("h3").textContent)
            for section in document.querySelectorAll("#after > section[id]")
            if not is_none(section.querySelector("h3"))
        }
        self.crossing = dict.fromkeys((*self.STAGES, *self.panels), False)
        self.current = None
        self.panel = None
        band = window.Object.new()
        band.rootMargin = f"-{BAND_TOP:.0%} 0px -{1 - BAND_BOTTOM:.0%} 0px"
        watched = [document.getElementById(name) for name in self.crossing]
        self.observe(self.on_band, watched, band)
        # The bar is needed only once the full list (with each stage's purpose) is out of view.
        self.observe(self.on_list, [self.root])
        self.listen(document, "click", self.on_link)

    def on_link(self, event):
        """An in-page link: sections above its target are laid out only as they come into
        view, so they would push the target away after the jump; hold it until they settle."""
        link = event.target.closest('a[href^="#"]')
        if is_none(link):
            return
        name = unquote(link.getAttribute("href")[1:])
        target = document.getElementById(name) if name else None
        if target is not None and not is_none(target):
            self.open_at(target)

    def observe(self, handler, targets, options=None):
        proxy = self.keep(create_proxy(guarded(handler)))
        observer = self.keep(window.IntersectionObserver.new(proxy, options))
        for target in targets:
            observer.observe(target)

    def last_crossing(self, names, current):
        """The last of ``names`` crossing the band; between two, ``current`` stays; above the
        first of them, None."""
        crossing = [name for name in names if self.crossing[name]]
        if crossing:
            return crossing[-1]
        first = document.getElementById(names[0]).getBoundingClientRect()
        return None if first.top > window.innerHeight * BAND_BOTTOM else current

    def on_band(self, entries, observer=None):
        for entry in entries:
            self.crossing[entry.target.id] = entry.isIntersecting
        stage = self.last_crossing(self.STAGES, self.current)
        panel = None
        if stage == "after" and self.panels:
            panel = self.last_crossing(tuple(self.panels), self.panel)
        self.mark(stage)
        self.mark_panel(panel)
        self.keep_in_bar(self.panel_link if panel else self.bar.querySelector("[aria-current]"))

    def keep_in_bar(self, item):
        """On a narrow screen the bar's list scrolls sideways: bring the current item into it."""
        if item is None or is_none(item):
            return
        row = self.bar.querySelector("ol")
        inside, shown = item.getBoundingClientRect(), row.getBoundingClientRect()
        # A pixel to spare: scrollLeft is whole pixels, the boxes are not.
        if inside.right > shown.right:
            row.scrollLeft += inside.right - shown.right + 1
        elif inside.left < shown.left:
            row.scrollLeft -= shown.left - inside.left + 1

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
                    # The stages are steps of one reading order.
                    link.setAttribute("aria-current", "step")
                else:
                    link.removeAttribute("aria-current")

    def mark_panel(self, panel):
        """Name the panel being read after the stage, as a link back to its start."""
        if panel == self.panel:
            return
        self.panel = panel
        link = self.panel_link
        link.hidden = panel is None
        if panel is None:
            link.removeAttribute("aria-current")
            return
        link.textContent = self.panels[panel]
        link.setAttribute("href", f"#{panel}")
        link.setAttribute("aria-current", "location")


class ReviewPanel(Panel):
    """Claim review: point each code witness at the line of kl.py that defines it, in the
    functions the Code section shows, or else in the whole file (which opens on the jump)."""

    def bind(self):
        with open(kl.__file__, encoding="utf-8") as source:
            lines = definition_lines(source.read())
        for link in self.root.querySelectorAll("[data-kl-function]"):
            name = link.getAttribute("data-kl-function")
            if name in lines:
                listing = "kl-line-" if name in SHOWN_FUNCTIONS else "kl-file-line-"
                link.setAttribute("href", f"#{listing}{lines[name]}")
