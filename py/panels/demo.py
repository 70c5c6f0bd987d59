"""The interactive demo panel: sliders and presets in, bars and contribution rows out.

Its pure half is core/state.py: the Notebook, the prediction round and every sentence.

Handlers translate an event into a state change on the Notebook; ``render``
updates the demo's own elements.  The SVG nodes are built once per chart width
and only their attributes change afterwards, so a slider step stays cheap.
"""

import math

from core import state
from dom import guarded, listen, open_at, svg
from pyodide.ffi import create_proxy, jsnull
from pyscript import document, window

#: Each chart's viewBox is as wide as the chart is on screen, so one unit is one CSS pixel
#: and a 12px label is 12px at 375px and at 1280px alike.
DEFAULT_WIDTH = 560
MIN_WIDTH = 280
# Top chart: a fixed 0..1 probability scale above the axis, a table of values below it.
BAR_TOP, BAR_SPAN = 12, 160
BAR_BASE = BAR_TOP + BAR_SPAN
BAR_GUTTER = 58  # room for "100%" and the row names "p", "q", "log p/q"
BAR_ROWS = {"label": 20, "p": 40, "q": 58, "ratio": 76}
BARS_HEIGHT = BAR_BASE + 86
# Contribution rows: two blocks of four rows, values beside the bars, running sums at the right.
ROW_TOP = {"pq": 40, "qp": 225}
ROW_HEIGHT = 30
ROWS_HEIGHT = 380
ROW_LABEL, ROW_VALUE, ROW_RUNNING = 30, 52, 64  # widths of the label, value and sum columns
#: After this long without a slider step, the moves so far are one settled change.
SETTLE_MS = 700

PREDICTED = {
    state.FORWARD: "that KL(p‖q) is larger",
    state.REVERSE: "that KL(q‖p) is larger",
    state.NEITHER: "that neither dominates",
}
ACTUAL = {
    state.FORWARD: "KL(p‖q) is larger",
    state.REVERSE: "KL(q‖p) is larger",
    state.NEITHER: "neither dominates",
}


def fmt(x):
    """A signed value for the page: 4 decimals and a real minus sign; a rounded 0 has none."""
    text = f"{x:.4f}"
    return "0.0000" if text == "-0.0000" else text.replace("-", "−")


def pct(x):
    return f"{x:.1%}"


class PageIds:
    """The page's element ids, looked up when a fragment is checked rather than all at start-up."""

    def __contains__(self, name):
        return document.getElementById(name) not in (None, jsnull)  # JS null arrives as jsnull


class DemoPanel:
    def __init__(self, notebook, root):
        self.nb = notebook
        self.root = root
        self.sliders = [root.querySelector(f"#w-{x}") for x in state.OUTCOMES]
        self.exact = [root.querySelector(f"#n-{x}") for x in state.OUTCOMES]
        self.shares = [root.querySelector(f"#q-{x}") for x in state.OUTCOMES]
        self.errors = [root.querySelector(f"#err-{x}") for x in state.OUTCOMES]
        self.notice = root.querySelector("#hash-notice")
        self.form = root.querySelector("#prediction")
        self.radios = list(root.querySelectorAll("input[name=prediction]"))
        self.reveal_button = root.querySelector("#reveal")
        self.new_round_button = root.querySelector("#new-round")
        self.back_button = root.querySelector("#back-to-round")
        self.prediction_error = root.querySelector("#prediction-error")
        self.score = root.querySelector("#score")
        self.verdict = root.querySelector("#verdict")
        self.answers = root.querySelector("#answers")
        self.total_pq = root.querySelector("#total-pq")
        self.total_qp = root.querySelector("#total-qp")
        self.now_larger = root.querySelector("#now-larger")
        self.why = root.querySelector("#why")
        self.bars_svg = root.querySelector("#bars")
        self.rows_svg = root.querySelector("#rows")
        self.presets = {p.key: p for p in state.PRESETS}
        # What the visual inquiry can point at: (element, class that outlines it).
        self.cue_targets = {
            "bars": (self.bars_svg, "inquiry-target"),
            "ratios": (self.bars_svg, "inquiry-ratios"),
            "rows": (self.rows_svg, "inquiry-target"),
            "totals": (root.querySelector(".totals"), "inquiry-target"),
        }
        # Fragments that are links to a part of the page rather than a demo state.
        self.anchors = PageIds()
        # History: a learner's move pushes one entry; the rest of a burst of moves replaces it.
        self.intent = None  # "push" or "burst" while a learner's own move is applied
        self.burst_open = False
        self.settle_timer = None
        self._proxies = []
        self._settle = create_proxy(guarded(self.settle))
        self.widths = {"bars": 0, "rows": 0}
        self._build_bars(DEFAULT_WIDTH)
        self._build_rows(DEFAULT_WIDTH)
        self._resized = create_proxy(guarded(self.on_resize))
        self.resize_observer = window.ResizeObserver.new(self._resized)
        self.resize_observer.observe(self.bars_svg)
        self.resize_observer.observe(self.rows_svg)
        self._listen(root, "input", self.on_input)
        self._listen(root, "change", self.on_change)
        self._listen(root, "click", self.on_click)
        self._listen(self.form, "submit", self.on_submit)
        for kind in ("pointerover", "focusin"):
            self._listen(root, kind, self.on_point)
        for kind in ("pointerleave", "focusout"):
            self._listen(root, kind, self.on_leave)
        self._listen(window, "popstate", self.on_history)
        self._listen(window, "hashchange", self.on_history)
        notebook.subscribe(self.render)
        shared_state = self.apply_hash(window.location.hash)
        self.render(notebook, "init")
        root.querySelector("[data-python-reason]").hidden = True
        if shared_state and window.scrollY < 10:
            # A shared #q=… link is about the demo: open there, unless the reader has moved on.
            open_at(root, self._proxies)

    def _listen(self, target, kind, handler):
        listen(target, kind, handler, self._proxies)

    # ---- building the SVG for a width ------------------------------------------------

    def _build_bars(self, width):
        self.widths["bars"] = width
        self.bars_svg.setAttribute("viewBox", f"0 0 {width} {BARS_HEIGHT}")
        right = width - 6
        slot = (right - BAR_GUTTER) / len(state.OUTCOMES)
        bar_width = min(40, slot * 0.28)
        head = BAR_GUTTER - 8
        parts = []
        for tick in (0.25, 0.5, 0.75, 1.0):
            y = BAR_BASE - BAR_SPAN * tick
            parts.append(svg("line", x1=BAR_GUTTER - 4, x2=right, y1=y, y2=y, cls="grid"))
            parts.append(svg("text", f"{tick:.0%}", x=head, y=y + 4, cls="tick", text_anchor="end"))
        parts.append(svg("line", x1=BAR_GUTTER - 4, x2=right, y1=BAR_BASE, y2=BAR_BASE, cls="axis"))
        rows = BAR_ROWS
        for name, text in (("p", "p"), ("q", "q"), ("ratio", "log p/q")):
            y = BAR_BASE + rows[name]
            parts.append(
                svg("text", text, x=head, y=y, cls=f"row-head head-{name}", text_anchor="end")
            )
        for i, x in enumerate(state.OUTCOMES):
            cx = BAR_GUTTER + slot * (i + 0.5)
            inner = (
                svg("rect", x=cx - slot / 2, y=0, width=slot, height=BARS_HEIGHT, cls="hit")
                + svg("rect", x=cx - bar_width - 1, width=bar_width, cls="bar-p")
                + svg("rect", x=cx + 1, width=bar_width, cls="bar-q")
                + svg("text", x, x=cx, y=BAR_BASE + rows["label"], cls="label")
                + svg("text", x=cx, y=BAR_BASE + rows["p"], cls="val val-p")
                + svg("text", x=cx, y=BAR_BASE + rows["q"], cls="val val-q")
                + svg("text", x=cx, y=BAR_BASE + rows["ratio"], cls="ratio")
            )
            parts.append(svg("g", inner, cls="outcome", data_outcome=x))
        self.bars_svg.innerHTML = "".join(parts)
        self.bar_nodes = []
        groups = self.bars_svg.querySelectorAll("g.outcome")
        for group, p in zip(groups, state.P, strict=True):
            self._place_bar(group.querySelector(".bar-p"), group.querySelector(".val-p"), p)
            self.bar_nodes.append(
                tuple(group.querySelector(c) for c in (".bar-q", ".val-q", ".ratio"))
            )

    def _place_bar(self, rect, text, value):
        height = max(BAR_SPAN * value, 0.5)
        rect.setAttribute("y", str(BAR_BASE - height))
        rect.setAttribute("height", str(height))
        text.textContent = pct(value)

    def _build_rows(self, width):
        self.widths["rows"] = width
        self.rows_svg.setAttribute("viewBox", f"0 0 {width} {ROWS_HEIGHT}")
        # Half the span of the bars: what is left once the label, two value columns and the
        # running sums have their room.
        self.row_half = min(170, (width - ROW_LABEL - 2 * ROW_VALUE - ROW_RUNNING - 8) / 2)
        self.row_zero = ROW_LABEL + ROW_VALUE + self.row_half
        right = width - 6
        titles = {"pq": "KL(p‖q): averaged under p", "qp": "KL(q‖p): averaged under q"}
        span = 4 * ROW_HEIGHT
        zero = self.row_zero
        parts = []
        for key, top in ROW_TOP.items():
            parts.append(svg("text", titles[key], x=8, y=top - 18, cls="row-title row-" + key))
            parts.append(
                svg("text", "running sum", x=right, y=top - 18, cls="tick", text_anchor="end")
            )
            parts.append(svg("line", x1=zero, x2=zero, y1=top - 6, y2=top + span, cls="axis"))
            for i, x in enumerate(state.OUTCOMES):
                y = top + i * ROW_HEIGHT
                inner = (
                    svg("rect", x=0, y=y - 3, width=width, height=ROW_HEIGHT, cls="hit")
                    + svg("text", x, x=8, y=y + 16, cls="label")
                    + svg("rect", y=y + 2, height=ROW_HEIGHT - 10, cls="term-" + key)
                    + svg("text", y=y + 17, cls="val term-value")
                    + svg("text", x=right, y=y + 17, cls="val running", text_anchor="end")
                )
                parts.append(svg("g", inner, cls=f"outcome row-{key}-outcome", data_outcome=x))
            parts.append(
                svg("text", x=right, y=top + span + 18, cls=f"total total-{key}", text_anchor="end")
            )
        self.rows_svg.innerHTML = "".join(parts)
        self.row_nodes = {}
        for key in ROW_TOP:
            nodes = [
                tuple(group.querySelector(c) for c in (f".term-{key}", ".term-value", ".running"))
                for group in self.rows_svg.querySelectorAll(f".row-{key}-outcome")
            ]
            self.row_nodes[key] = (nodes, self.rows_svg.querySelector(f".total-{key}"))

    def on_resize(self, entries, observer=None):
        for entry in entries:
            width = round(entry.contentRect.width)
            if width < MIN_WIDTH:
                continue  # not laid out yet (an off-screen section), or absurdly narrow
            if entry.target == self.bars_svg and width != self.widths["bars"]:
                self._build_bars(width)
                self.render_bars(self.nb.current)
            elif entry.target == self.rows_svg and width != self.widths["rows"]:
                self._build_rows(width)
                if self.nb.revealed:
                    self.render_answers(self.nb.current)
        self.render_focus(self.nb.focus)

    # ---- events: translate into state changes ------------------------------------------

    def move(self, apply, burst=False):
        """Apply a learner's own change of q: it ends any loan of the demo and goes in history."""
        self.nb.give_back()
        if not burst:
            self.settle()
        self.intent = "burst" if burst else "push"
        try:
            apply()
        finally:
            self.intent = None
        if burst:
            if self.settle_timer is not None:
                window.clearTimeout(self.settle_timer)
            self.settle_timer = window.setTimeout(self._settle, SETTLE_MS)
        else:
            self.settle()

    def on_input(self, event):
        target = event.target
        if target.type == "range":
            index, value = int(target.dataset.index), float(target.value)
            self.move(lambda: self.nb.set_weight(index, value), burst=True)

    def on_change(self, event):
        target = event.target
        if target.classList.contains("exact"):
            self.commit_exact(int(target.dataset.index))
        elif target.name == "prediction":
            self.nb.predict(target.value)

    def commit_exact(self, index):
        box = self.exact[index]
        try:
            value = state.parse_weight(box.value, state.OUTCOMES[index])
        except ValueError as problem:
            error = self.errors[index]
            error.textContent = str(problem)
            error.hidden = False
            box.setAttribute("aria-invalid", "true")
            return
        self.clear_error(index)
        self.move(lambda: self.nb.set_weight(index, value))

    def on_click(self, event):
        button = event.target.closest("button")
        if not button:  # JavaScript null arrives as the falsy jsnull
            return
        preset = button.getAttribute("data-preset")
        if preset:
            self.clear_errors()
            self.move(lambda: self.nb.set_weights(self.presets[preset].weights))
        elif button.id == "new-round":
            self.nb.new_round()
            self.radios[0].focus()
        elif button.id == "back-to-round":
            self.nb.give_back()
            (self.new_round_button if self.nb.revealed else self.radios[0]).focus()

    def on_submit(self, event):
        event.preventDefault()
        try:
            self.nb.reveal()
        except ValueError as problem:
            self.prediction_error.textContent = str(problem)
            self.prediction_error.hidden = False
            self.radios[0].focus()
            return
        self.new_round_button.focus()  # the Reveal button is gone; focus must not fall to <body>

    def on_point(self, event):
        holder = event.target.closest("[data-outcome]")
        if holder:
            self.nb.set_focus(holder.dataset.outcome)

    def on_leave(self, event):
        if event.type == "focusout" or event.target == self.root:
            self.nb.set_focus(None)

    def on_history(self, event):
        self.apply_hash(window.location.hash)

    def clear_error(self, index):
        self.errors[index].hidden = True
        self.exact[index].removeAttribute("aria-invalid")

    def clear_errors(self):
        for index in range(len(self.exact)):
            self.clear_error(index)

    # ---- the URL hash ------------------------------------------------------------------

    def sync_hash(self):
        """Keep the URL on the current q: a learner's move adds one entry, anything else
        (a burst's later steps, the storyboard, a link) rewrites the current one."""
        fragment = "#" + state.encode_hash(self.nb.current.weights)
        if self.intent is not None and not self.burst_open:
            if window.location.hash != fragment:
                window.history.pushState(None, "", fragment)
            self.burst_open = self.intent == "burst"
        elif self.intent is None and window.location.hash != fragment:
            window.history.replaceState(None, "", fragment)

    def settle(self):
        """A burst of slider steps has ended: its one history entry now holds the final q."""
        was_open = self.burst_open
        self.cancel_burst()
        if was_open:
            fragment = "#" + state.encode_hash(self.nb.current.weights)
            if window.location.hash != fragment:
                window.history.replaceState(None, "", fragment)

    def cancel_burst(self):
        if self.settle_timer is not None:
            window.clearTimeout(self.settle_timer)
            self.settle_timer = None
        self.burst_open = False

    def apply_hash(self, fragment):
        """Load weights from a URL fragment; a bad one is ignored with a notice.

        Returns True when the fragment held a demo state."""
        try:
            weights = state.parse_hash(fragment, self.anchors)
        except ValueError as problem:
            self.notice.textContent = (
                f"The link’s demo state was ignored ({problem}) and the default q is shown."
            )
            self.notice.hidden = False
            weights = state.DEFAULT_WEIGHTS
            found = False
        else:
            self.notice.hidden = True
            found = weights is not None
            if weights is None:
                if fragment.removeprefix("#"):
                    return False  # a link to a section: keep the current q
                weights = state.DEFAULT_WEIGHTS
        self.cancel_burst()  # the history entry we are on already holds its own q
        self.nb.give_back()
        if weights != self.nb.current.weights:
            self.clear_errors()
            self.nb.set_weights(weights)
        return found

    # ---- rendering -----------------------------------------------------------------------

    def render(self, nb, change):
        if change == "focus":
            self.render_focus(nb.focus)
            return
        if change == "cue":
            for node, css in self.cue_targets.values():
                node.classList.remove(css)
            if nb.cue in self.cue_targets:
                node, css = self.cue_targets[nb.cue]
                node.classList.add(css)
            return
        if change == "reading":
            p_name, q_name = state.READINGS[nb.reading]
            for node in self.root.querySelectorAll(".reading-p"):
                node.textContent = p_name
            for node in self.root.querySelectorAll(".reading-q"):
                node.textContent = q_name
            return
        if change in ("weights", "init"):
            self.render_controls(nb.current)
            self.render_bars(nb.current)
            self.sync_hash()
        if change in ("prediction", "reveal", "round", "init"):
            self.render_round(nb)
        elif change == "weights" and nb.revealed:
            self.render_verdict(nb)
        if nb.revealed and change in ("weights", "reveal", "init"):
            self.render_answers(nb.current)

    def render_controls(self, snap):
        for i, (slider, box, share) in enumerate(
            zip(self.sliders, self.exact, self.shares, strict=True)
        ):
            w, q = snap.weights[i], snap.q[i]
            text = f"{w:g}"
            if abs(float(slider.value) - w) > 0.0005:  # half a slider step
                slider.value = text
            if box != document.activeElement and box.value != text:
                box.value = text
                self.clear_error(i)  # the box shows q's weight again, not what was refused
            label = f"q({state.OUTCOMES[i]}) = {pct(q)}"
            slider.setAttribute("aria-valuetext", f"weight {text}, {label}")
            share.textContent = label

    def render_bars(self, snap):
        parts = []
        for (q_bar, q_text, ratio), x, p, q in zip(
            self.bar_nodes, state.OUTCOMES, state.P, snap.q, strict=True
        ):
            self._place_bar(q_bar, q_text, q)
            log_ratio = fmt(math.log(p / q))
            ratio.textContent = log_ratio
            parts.append(f"{x}: p {pct(p)}, q {pct(q)}, log p/q {log_ratio}")
        self.bars_svg.setAttribute("aria-label", "p and q per outcome. " + "; ".join(parts))

    def render_round(self, nb):
        revealed, lent = nb.revealed, nb.lent_to is not None
        for radio in self.radios:
            radio.disabled = revealed
            radio.checked = radio.value == nb.prediction
        self.reveal_button.hidden = revealed
        self.new_round_button.hidden = not revealed or lent
        self.back_button.hidden = not lent
        self.answers.hidden = not revealed
        self.prediction_error.hidden = True
        if nb.rounds:
            self.score.textContent = f"Score: {nb.right} right out of {nb.rounds}"
        self.render_verdict(nb)

    def render_verdict(self, nb):
        """Says how the round went; it never repeats a total, so it cannot go stale beside them."""
        self.verdict.classList.remove("right", "wrong")
        if not nb.revealed:
            self.verdict.textContent = ""
            return
        if nb.lent_to is not None:
            self.verdict.textContent = (
                f"The {nb.lent_to} is showing its frames on this demo, unscored; your own round "
                "is set aside. “Back to your round” (or Reset in the storyboard) brings your q "
                "and your prediction back as they were."
            )
            return
        result = "Right" if nb.last_correct else "Not this time"
        predicted = PREDICTED[nb.prediction]
        if nb.current.weights == nb.revealed_at.weights:
            text = f"{result}. You predicted {predicted}; for this q, {ACTUAL[nb.current.verdict]}."
        else:
            text = (
                f"{result} for the q you revealed (you predicted {predicted}). You have moved q "
                "since: the totals below are for the q shown now."
            )
        if self.verdict.textContent != text:  # a live region: announce changes, not slider steps
            self.verdict.textContent = text
        self.verdict.classList.add("right" if nb.last_correct else "wrong")

    def render_answers(self, snap):
        self.total_pq.textContent = fmt(snap.kl_pq)
        self.total_qp.textContent = fmt(snap.kl_qp)
        self.now_larger.textContent = f"For the q shown now, {ACTUAL[snap.verdict]}."
        self.why.textContent = state.explain(snap)
        terms = {"pq": snap.terms_pq, "qp": snap.terms_qp}
        scale = self.row_half / max(0.3, max(abs(t) for t in snap.terms_pq + snap.terms_qp))
        zero = self.row_zero
        described = []
        totals = {"pq": snap.kl_pq, "qp": snap.kl_qp}
        for key, (nodes, total) in self.row_nodes.items():
            running = 0.0
            for (bar, value, run_text), term in zip(nodes, terms[key], strict=True):
                running += term
                width = abs(term) * scale
                bar.setAttribute("x", str(zero - width if term < 0 else zero))
                bar.setAttribute("width", str(max(width, 0.5)))
                bar.classList.toggle("negative", term < 0)
                value.setAttribute("x", str(zero - width - 6 if term < 0 else zero + width + 6))
                value.setAttribute("text-anchor", "end" if term < 0 else "start")
                value.textContent = fmt(term)
                run_text.textContent = fmt(running)
            total.textContent = f"total {fmt(totals[key])}"
            name = "KL(p‖q)" if key == "pq" else "KL(q‖p)"
            listed = ", ".join(
                f"{x} {fmt(t)}" for x, t in zip(state.OUTCOMES, terms[key], strict=True)
            )
            described.append(f"{name} terms: {listed}; total {fmt(totals[key])}")
        self.rows_svg.setAttribute("aria-label", ". ".join(described))

    def render_focus(self, outcome):
        for node in self.root.querySelectorAll(".is-focus"):
            node.classList.remove("is-focus")
        if outcome:
            for node in self.root.querySelectorAll(f'[data-outcome="{outcome}"]'):
                node.classList.add("is-focus")
