"""The interactive demo panel: sliders and presets in, bars and contribution rows out.

Handlers translate an event into a state change on the Notebook; ``render``
updates the demo's own elements.  The SVG nodes are built once at start-up and
only their attributes change afterwards, so a slider step stays cheap.
"""

import math

import state
from dom import listen, svg
from pyodide.ffi import jsnull
from pyscript import document, window

# Geometry of the top chart (viewBox 0 0 560 250): a fixed 0..1 probability scale.
BAR_BASE, BAR_SPAN, BAR_WIDTH = 205, 170, 40
# Geometry of the contribution rows (viewBox 0 0 560 380).
ROW_ZERO, ROW_HALF, ROW_HEIGHT = 250, 150, 30
ROW_TOP = {"pq": 40, "qp": 225}


def fmt(x):
    """A signed value for the page: 4 decimals and a real minus sign."""
    return f"{x:.4f}".replace("-", "−")


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
        self.prediction_error = root.querySelector("#prediction-error")
        self.score = root.querySelector("#score")
        self.verdict = root.querySelector("#verdict")
        self.answers = root.querySelector("#answers")
        self.total_pq = root.querySelector("#total-pq")
        self.total_qp = root.querySelector("#total-qp")
        self.now_larger = root.querySelector("#now-larger")
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
        self._build_bars()
        self._build_rows()
        self._proxies = []
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
        self.apply_hash(window.location.hash)
        self.render(notebook, "init")
        root.querySelector("[data-python-reason]").hidden = True

    def _listen(self, target, kind, handler):
        listen(target, kind, handler, self._proxies)

    # ---- building the SVG once -------------------------------------------------

    def _build_bars(self):
        parts = []
        for tick in (0.25, 0.5, 0.75, 1.0):
            y = BAR_BASE - BAR_SPAN * tick
            parts.append(svg("line", x1=44, x2=550, y1=y, y2=y, cls="grid"))
            parts.append(svg("text", f"{tick:.0%}", x=40, y=y + 4, cls="tick", text_anchor="end"))
        parts.append(svg("line", x1=44, x2=550, y1=BAR_BASE, y2=BAR_BASE, cls="axis"))
        for i, x in enumerate(state.OUTCOMES):
            cx = 110 + i * 125
            inner = (
                svg("rect", x=cx - 60, y=10, width=120, height=230, cls="hit")
                + svg("rect", x=cx - BAR_WIDTH - 2, width=BAR_WIDTH, cls="bar-p")
                + svg("rect", x=cx + 2, width=BAR_WIDTH, cls="bar-q")
                + svg("text", x=cx - BAR_WIDTH / 2 - 2, cls="val val-p")
                + svg("text", x=cx + BAR_WIDTH / 2 + 2, cls="val val-q")
                + svg("text", x, x=cx, y=BAR_BASE + 22, cls="label")
                + svg("text", x=cx, y=BAR_BASE + 42, cls="ratio")
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
        text.setAttribute("y", str(BAR_BASE - height - 5))
        text.textContent = pct(value)

    def _build_rows(self):
        titles = {"pq": "KL(p‖q): averaged under p", "qp": "KL(q‖p): averaged under q"}
        span = 4 * ROW_HEIGHT
        parts = []
        for key, top in ROW_TOP.items():
            parts.append(svg("text", titles[key], x=10, y=top - 18, cls="row-title row-" + key))
            parts.append(
                svg("text", "running sum", x=545, y=top - 18, cls="tick", text_anchor="end")
            )
            parts.append(
                svg("line", x1=ROW_ZERO, x2=ROW_ZERO, y1=top - 6, y2=top + span, cls="axis")
            )
            for i, x in enumerate(state.OUTCOMES):
                y = top + i * ROW_HEIGHT
                inner = (
                    svg("rect", x=0, y=y - 3, width=560, height=ROW_HEIGHT, cls="hit")
                    + svg("text", x, x=10, y=y + 16, cls="label")
                    + svg("rect", y=y + 2, height=ROW_HEIGHT - 10, cls="term-" + key)
                    + svg("text", y=y + 17, cls="val term-value")
                    + svg("text", x=545, y=y + 17, cls="val running", text_anchor="end")
                )
                parts.append(svg("g", inner, cls=f"outcome row-{key}-outcome", data_outcome=x))
            parts.append(
                svg("text", x=545, y=top + span + 18, cls=f"total total-{key}", text_anchor="end")
            )
        self.rows_svg.innerHTML = "".join(parts)
        self.row_nodes = {}
        for key in ROW_TOP:
            nodes = [
                tuple(group.querySelector(c) for c in (f".term-{key}", ".term-value", ".running"))
                for group in self.rows_svg.querySelectorAll(f".row-{key}-outcome")
            ]
            self.row_nodes[key] = (nodes, self.rows_svg.querySelector(f".total-{key}"))

    # ---- events: translate into state changes ------------------------------------

    def on_input(self, event):
        target = event.target
        if target.type == "range":
            self.nb.set_weight(int(target.dataset.index), float(target.value))

    def on_change(self, event):
        target = event.target
        if target.type == "range":
            self.push_hash()
        elif target.classList.contains("exact"):
            self.commit_exact(int(target.dataset.index))
        elif target.name == "prediction":
            self.nb.predict(target.value)

    def commit_exact(self, index):
        box, error = self.exact[index], self.errors[index]
        try:
            value = state.parse_weight(box.value, state.OUTCOMES[index])
        except ValueError as problem:
            error.textContent = str(problem)
            error.hidden = False
            box.setAttribute("aria-invalid", "true")
            return
        error.hidden = True
        box.removeAttribute("aria-invalid")
        self.nb.set_weight(index, value)
        self.push_hash()

    def on_click(self, event):
        button = event.target.closest("button")
        if not button:  # JavaScript null arrives as the falsy jsnull
            return
        preset = button.getAttribute("data-preset")
        if preset:
            self.clear_errors()
            self.nb.set_weights(self.presets[preset].weights)
            self.push_hash()
        elif button.id == "new-round":
            self.nb.new_round()
            self.radios[0].focus()

    def on_submit(self, event):
        event.preventDefault()
        try:
            self.nb.reveal()
        except ValueError as problem:
            self.prediction_error.textContent = str(problem)
            self.prediction_error.hidden = False
            self.radios[0].focus()

    def on_point(self, event):
        holder = event.target.closest("[data-outcome]")
        if holder:
            self.nb.set_focus(holder.dataset.outcome)

    def on_leave(self, event):
        if event.type == "focusout" or event.target == self.root:
            self.nb.set_focus(None)

    def on_history(self, event):
        self.apply_hash(window.location.hash)

    def clear_errors(self):
        for box, error in zip(self.exact, self.errors, strict=True):
            error.hidden = True
            box.removeAttribute("aria-invalid")

    # ---- the URL hash --------------------------------------------------------------

    def push_hash(self):
        fragment = "#" + state.encode_hash(self.nb.current.weights)
        if window.location.hash != fragment:
            window.history.pushState(None, "", fragment)

    def apply_hash(self, fragment):
        """Load weights from a URL fragment; a bad one is ignored with a notice."""
        try:
            weights = state.parse_hash(fragment, self.anchors)
        except ValueError as problem:
            self.notice.textContent = (
                f"The link’s demo state was ignored ({problem}) and the default q is shown."
            )
            self.notice.hidden = False
            weights = state.DEFAULT_WEIGHTS
        else:
            self.notice.hidden = True
            if weights is None:
                if fragment.removeprefix("#"):
                    return  # a link to a section: keep the current q
                weights = state.DEFAULT_WEIGHTS
        if weights != self.nb.current.weights:
            self.clear_errors()
            self.nb.set_weights(weights)

    # ---- rendering -------------------------------------------------------------------

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
        if change in ("prediction", "reveal", "round", "init"):
            self.render_round(nb)
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
            ratio.textContent = f"log p/q {log_ratio}"
            parts.append(f"{x}: p {pct(p)}, q {pct(q)}, log p/q {log_ratio}")
        self.bars_svg.setAttribute("aria-label", "p and q per outcome. " + "; ".join(parts))

    def render_round(self, nb):
        revealed = nb.revealed
        for radio in self.radios:
            radio.disabled = revealed
            radio.checked = radio.value == nb.prediction
        self.reveal_button.hidden = revealed
        self.new_round_button.hidden = not revealed
        self.answers.hidden = not revealed
        self.prediction_error.hidden = True
        if nb.rounds:
            self.score.textContent = f"Score: {nb.right} right out of {nb.rounds}"
        if not revealed:
            self.verdict.textContent = ""
            return
        snap = nb.current
        if not nb.scored:
            verdict = "Opened by the storyboard, so this round was not scored."
        else:
            verdict = "Right." if nb.last_correct else "Not this time."
        self.verdict.textContent = (
            f"{verdict} KL(p‖q) = {fmt(snap.kl_pq)} and KL(q‖p) = {fmt(snap.kl_qp)} nats. "
            + state.explain(snap)
        )
        self.verdict.classList.toggle("right", nb.last_correct)
        self.verdict.classList.toggle("wrong", nb.scored and not nb.last_correct)

    def render_answers(self, snap):
        self.total_pq.textContent = fmt(snap.kl_pq)
        self.total_qp.textContent = fmt(snap.kl_qp)
        larger = {
            state.FORWARD: "KL(p‖q) is larger",
            state.REVERSE: "KL(q‖p) is larger",
            state.NEITHER: "neither dominates",
        }[snap.verdict]
        self.now_larger.textContent = f"For the q shown now, {larger}."
        terms = {"pq": snap.terms_pq, "qp": snap.terms_qp}
        scale = ROW_HALF / max(0.3, max(abs(t) for t in snap.terms_pq + snap.terms_qp))
        described = []
        for key, (nodes, total) in self.row_nodes.items():
            running = 0.0
            for (bar, value, run_text), term in zip(nodes, terms[key], strict=True):
                running += term
                width = abs(term) * scale
                bar.setAttribute("x", str(ROW_ZERO - width if term < 0 else ROW_ZERO))
                bar.setAttribute("width", str(max(width, 0.5)))
                bar.classList.toggle("negative", term < 0)
                value.setAttribute(
                    "x", str(ROW_ZERO - width - 6 if term < 0 else ROW_ZERO + width + 6)
                )
                value.setAttribute("text-anchor", "end" if term < 0 else "start")
                value.textContent = fmt(term)
                run_text.textContent = fmt(running)
            whole = math.fsum(terms[key])
            total.textContent = f"total {fmt(whole)}"
            name = "KL(p‖q)" if key == "pq" else "KL(q‖p)"
            listed = ", ".join(
                f"{x} {fmt(t)}" for x, t in zip(state.OUTCOMES, terms[key], strict=True)
            )
            described.append(f"{name} terms: {listed}; total {fmt(whole)}")
        self.rows_svg.setAttribute("aria-label", ". ".join(described))

    def render_focus(self, outcome):
        for node in self.root.querySelectorAll(".is-focus"):
            node.classList.remove("is-focus")
        if outcome:
            for node in self.root.querySelectorAll(f'[data-outcome="{outcome}"]'):
                node.classList.add("is-focus")
