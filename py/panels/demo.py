"""The interactive demo panel: sliders and presets in, bars and contribution rows out.

Its pure half is core/state.py: the Notebook, the prediction round and every sentence.
The two charts are in demo_charts.py, the URL and history in demo_history.py.

Handlers translate an event into a state change on the Notebook; ``render``
updates the demo's own elements.
"""

from core import state
from core.errors import LearnerInputError
from core.state import Change
from core.text import info, percent
from dom import Panel, fill
from pyscript import document, window
from pyscript.ffi import is_none

from panels.demo_charts import MIN_WIDTH, BarDrag, BarsChart, RowsChart
from panels.demo_history import HashHistory

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


def top_status(nb):
    """The form's line about the optional pick: what it is, never whether it is right."""
    lent = nb.lent_to is not None  # the round is set aside: say only what was picked
    if nb.top_pick is None:
        if lent:
            return ""
        if nb.revealed:
            return "No pick of the outcome that adds most to KL(p‖q) this round: nothing scored."
        return "Optional: also pick, under the bars, the outcome you expect to add most to KL(p‖q)."
    line = f"Your second prediction: {nb.top_pick} adds most to KL(p‖q)."
    return line if nb.revealed else line + " Choose “none” under the bars to take it back."


class DemoPanel(Panel):
    """The weights, the prediction round, the two charts and the totals."""

    renders = frozenset(Change)

    def bind(self):
        find = self.find
        self.sliders = [find(f"#w-{x}") for x in state.OUTCOMES]
        self.exact = [find(f"#n-{x}") for x in state.OUTCOMES]
        self.shares = [find(f"#q-{x}") for x in state.OUTCOMES]
        self.errors = [find(f"#err-{x}") for x in state.OUTCOMES]
        self.radios = list(self.root.querySelectorAll("input[name=prediction]"))
        self.top_radios = list(self.root.querySelectorAll("input[name=top-pick]"))
        self.top_status, self.top_verdict = self.find_each("#top-pick-status", "#top-verdict")
        (self.new_round_button, self.reveal_button, self.back_button) = self.find_each(
            "#new-round", "#reveal", "#back-to-round"
        )
        self.prediction_error, self.score, self.verdict, self.answers = self.find_each(
            "#prediction-error", "#score", "#verdict", "#answers"
        )
        self.total_pq, self.total_qp, self.now_larger, self.why = self.find_each(
            "#total-pq", "#total-qp", "#now-larger", "#why"
        )
        self.presets = {p.key: p for p in state.PRESETS}
        self.bars = BarsChart(find("#bars"))
        self.rows = RowsChart(find("#rows"))
        self.drag = BarDrag(self.bars, lambda: self.nb.current.weights, self.on_drag)
        self.drag.listen(self.listen)
        self.listen(self.bars.node, "click", self.on_bars_click)
        # What the visual inquiry can point at: (element, class that outlines it).
        self.cue_targets = {
            "bars": (self.bars.node, "inquiry-target"),
            "ratios": (self.bars.node, "inquiry-ratios"),
            "rows": (self.rows.node, "inquiry-target"),
            "totals": (find(".totals"), "inquiry-target"),
        }
        self.history = HashHistory(self.nb, find("#hash-notice"), self.keep, self.clear_errors)
        self.watch_width(self.bars.node, self.on_bars_width)
        self.watch_width(self.rows.node, self.on_rows_width)
        self.listen(self.root, "input", self.on_input)
        self.listen(self.root, "change", self.on_change)
        self.listen_buttons("preset", self.on_click)
        self.listen(find("#prediction"), "submit", self.on_submit)
        self.listen(self.root, "pointerover", self.on_point)
        self.listen(self.root, "focusin", self.on_point)
        self.listen(self.root, "pointerleave", self.on_leave)
        self.listen(self.root, "focusout", self.on_leave)
        self.listen(window, "popstate", self.on_history)
        self.listen(window, "hashchange", self.on_history)
        # Before the first render, which would write the default q over a shared link's.
        self.opened_on_link = self.history.load(window.location.hash)

    def dispose(self):
        self.history.cancel_burst()  # a pending settle would call a destroyed proxy
        super().dispose()

    def on_bars_width(self, width):
        if width >= MIN_WIDTH and width != self.bars.width:  # narrower: not laid out yet
            self.bars.build(width)
            self.bars.draw(self.nb.current, self.nb.unit)
        self.render_focus(self.nb.focus)

    def on_rows_width(self, width):
        if width >= MIN_WIDTH and width != self.rows.width:
            self.rows.build(width)
            if self.nb.revealed:
                self.rows.draw(self.nb.current)
        self.render_focus(self.nb.focus)

    # ---- events: translate into state changes ------------------------------------------

    def on_input(self, event):
        target = event.target
        if target.type == "range":
            index, value = int(target.dataset.index), float(target.value)
            self.history.move(lambda: self.nb.set_weight(index, value), burst=True)

    def on_drag(self, index, weight):
        self.clear_error(index)
        self.history.move(lambda: self.nb.set_weight(index, weight), burst=True)

    def on_change(self, event):
        target = event.target
        if target.classList.contains("exact"):
            self.commit_exact(int(target.dataset.index))
        elif target.name == "prediction":
            self.nb.predict(target.value)
        elif target.name == "top-pick":
            self.nb.pick_top(target.value or None)

    def on_bars_click(self, event):
        """A click or tap on a column picks its outcome; one that grabbed a q bar's top is a
        drag, not a pick."""
        holder = event.target.closest("[data-outcome]")
        if not self.drag.grabbed and not is_none(holder):
            self.nb.pick_top(holder.dataset.outcome)

    def commit_exact(self, index):
        box = self.exact[index]
        try:
            value = state.parse_weight(box.value, state.OUTCOMES[index])
        except LearnerInputError as problem:
            error = self.errors[index]
            error.textContent = str(problem)
            error.hidden = False
            box.setAttribute("aria-invalid", "true")
            return
        self.clear_error(index)
        self.history.move(lambda: self.nb.set_weight(index, value))

    def on_click(self, button, preset):
        if preset is not None:
            self.clear_errors()
            self.history.move(lambda: self.nb.set_weights(self.presets[preset].weights))
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
        except LearnerInputError as problem:
            self.prediction_error.textContent = str(problem)
            self.prediction_error.hidden = False
            self.radios[0].focus()
            return
        self.new_round_button.focus()  # the Reveal button is gone; focus must not fall to <body>

    def on_point(self, event):
        holder = event.target.closest("[data-outcome]")
        if not is_none(holder):
            self.nb.set_focus(holder.dataset.outcome)

    def on_leave(self, event):
        if event.type == "focusout" or event.target == self.root:
            self.nb.set_focus(None)

    def on_history(self, event):
        self.history.load(window.location.hash)

    def clear_error(self, index):
        self.errors[index].hidden = True
        self.exact[index].removeAttribute("aria-invalid")

    def clear_errors(self):
        for index in range(len(self.exact)):
            self.clear_error(index)

    # ---- rendering -----------------------------------------------------------------------

    def render(self, change):
        nb = self.nb
        if change == Change.FOCUS:
            self.render_focus(nb.focus)
        elif change == Change.CUE:
            self.render_cue(nb.cue)
        elif change == Change.READING:
            p_name, q_name = state.READINGS[nb.reading]
            fill(self.root, ".reading-p", p_name)
            fill(self.root, ".reading-q", q_name)
        else:
            self.render_state(change)
        if change == Change.INIT:
            self.find("[data-python-reason]").hidden = True
            if self.opened_on_link and window.scrollY < 10:
                # A shared #q=… link is about the demo: open there, unless the reader has moved on.
                self.open_at(self.root)

    def render_state(self, change):
        nb = self.nb
        if change == Change.SCORE:
            self.render_score(nb)
        self.bars.unit = self.rows.unit = nb.unit
        if change in (Change.WEIGHTS, Change.INIT, Change.UNIT):
            self.render_controls(nb.current)
            self.bars.draw(nb.current, nb.unit)
            self.history.sync()
        if change in (Change.PREDICTION, Change.REVEAL, Change.ROUND, Change.INIT):
            self.render_round(nb)
        elif change in (Change.WEIGHTS, Change.UNIT) and nb.revealed:
            self.render_verdict(nb)
            self.render_top_verdict(nb)
        if nb.revealed and change in (Change.WEIGHTS, Change.REVEAL, Change.INIT, Change.UNIT):
            self.render_answers(nb.current)

    def render_cue(self, cue):
        for node, css in self.cue_targets.values():
            node.classList.remove(css)
        if cue in self.cue_targets:
            node, css = self.cue_targets[cue]
            node.classList.add(css)

    def render_controls(self, snap):
        for i, (slider, box, share) in enumerate(
            zip(self.sliders, self.exact, self.shares, strict=True)
        ):
            w, q = snap.weights[i], snap.q[i]
            text = f"{w:g}"
            if abs(float(slider.value) - w) > state.WEIGHT_STEP / 2:  # half a slider step
                slider.value = text
            if box != document.activeElement and box.value != text:
                box.value = text
                self.clear_error(i)  # the box shows q's weight again, not what was refused
            label = f"q({state.OUTCOMES[i]}) = {percent(q)}"
            slider.setAttribute("aria-valuetext", f"weight {text}, {label}")
            share.textContent = label

    def render_round(self, nb):
        revealed, lent = nb.revealed, nb.lent_to is not None
        for radio in self.radios:
            radio.disabled = revealed
            radio.checked = radio.value == nb.prediction
        for radio in self.top_radios:
            radio.disabled = revealed
            radio.checked = radio.value == (nb.top_pick or "")
        self.bars.node.classList.toggle("pickable", not revealed)
        self.bars.mark_pick(nb.top_pick)
        self.top_status.textContent = top_status(nb)
        self.reveal_button.hidden = revealed
        self.new_round_button.hidden = not revealed or lent
        self.back_button.hidden = not lent
        self.answers.hidden = not revealed
        self.prediction_error.hidden = True
        self.render_score(nb)
        self.render_verdict(nb)
        self.render_top_verdict(nb)

    def render_score(self, nb):
        self.score.textContent = state.score_line(nb)

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

    def render_top_verdict(self, nb):
        """How the top-term pick went, with its numbers while q is the q that was revealed."""
        right, pick = nb.top_answer, nb.top_pick
        if nb.lent_to is not None or right is None:
            self.top_verdict.textContent = ""
            self.top_verdict.classList.remove("right", "wrong")
            self.bars.mark_top(())
            return
        if nb.current.weights == nb.revealed_at.weights:
            text = state.top_feedback(nb.revealed_at, pick, nb.unit)[1]
            self.bars.mark_top(state.top_outcomes(nb.revealed_at.terms_pq))
        else:
            tops = state.top_outcomes(nb.revealed_at.terms_pq)
            had = ("tied for" if len(tops) > 1 else "had") if right else "did not have"
            text = (
                f"{'Right' if right else 'Not this time'} for the q you revealed: your pick, "
                f"{pick}, {had} the largest term of KL(p‖q) there. You have moved q since: "
                "the rows below show the terms for the q shown now."
            )
            self.bars.mark_top(())  # the mark was for the revealed q
        if self.top_verdict.textContent != text:  # a live region: announce changes only
            self.top_verdict.textContent = text
        self.top_verdict.classList.toggle("right", right)
        self.top_verdict.classList.toggle("wrong", not right)

    def render_answers(self, snap):
        self.total_pq.textContent = info(snap.kl_pq, self.nb.unit)
        self.total_qp.textContent = info(snap.kl_qp, self.nb.unit)
        self.now_larger.textContent = f"For the q shown now, {ACTUAL[snap.verdict]}."
        self.why.textContent = state.explain(snap, self.nb.unit)
        self.rows.draw(snap)

    def render_focus(self, outcome):
        for node in self.root.querySelectorAll(".is-focus"):
            node.classList.remove("is-focus")
        if outcome:
            for node in self.root.querySelectorAll(f'[data-outcome="{outcome}"]'):
                node.classList.add("is-focus")
