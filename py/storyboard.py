"""Mechanism storyboard: the learner picks a change, it plays on the demo, then it is explained."""

import state
import stories
from dom import guarded, listen
from pyodide.ffi import create_proxy
from pyscript import document, window

FRAME_MS = 700


def short(values):
    return "(" + ", ".join(f"{v:.2f}" for v in values) + ")"


class StoryboardPanel:
    def __init__(self, nb, root):
        self.nb = nb
        self.root = root
        self.stories = {s.key: s for s in stories.STORIES}
        self.story = None
        self.snaps = []
        self.frame = -1
        self.timer = None
        self.before = None  # the demo's weights before the storyboard took over
        self.table = root.querySelector("#story-table")
        self.body = root.querySelector("#story-table tbody")
        self.counter = root.querySelector("#story-frame")
        self.message = root.querySelector("#story-message")
        self.outcome = root.querySelector("#story-outcome")
        self._proxies = []
        listen(root.querySelector(".story-choice"), "change", self.on_choose, self._proxies)
        for name in ("play", "pause", "step", "reset"):
            listen(
                root.querySelector(f"#story-{name}"), "click", getattr(self, name), self._proxies
            )
        self._tick = create_proxy(guarded(self.step))  # one proxy, reused by every timer

    def on_choose(self, event):
        self.reset()
        self.story = self.stories[event.target.value]
        self.snaps, self.forward, self.reverse = stories.reaction(self.story)
        self.message.hidden = True

    def ready(self):
        if self.story is None:
            self.message.textContent = "Choose a change first: which one should KL make visible?"
            self.message.hidden = False
            return False
        return True

    def play(self, event=None):
        if not self.ready() or self.timer is not None:
            return
        if window.matchMedia("(prefers-reduced-motion: reduce)").matches:
            while self.frame < len(self.snaps) - 1:  # steps at once, no animation
                self.step()
            return
        if self.frame >= len(self.snaps) - 1:
            self.reset()
        self.step()
        self.timer = window.setInterval(self._tick, FRAME_MS)

    def pause(self, event=None):
        if self.timer is not None:
            window.clearInterval(self.timer)
            self.timer = None

    def step(self, event=None):
        if not self.ready():
            return
        if self.frame >= len(self.snaps) - 1:
            self.pause()
            return
        if self.frame < 0:
            self.before = self.nb.current.weights
            self.nb.show_unscored()  # the frames show totals, so the demo round opens
        self.frame += 1
        snap = self.snaps[self.frame]
        self.nb.set_weights(snap.weights)
        self.add_row(snap)
        self.counter.textContent = f"Frame {self.frame + 1} of {len(self.snaps)}"
        if self.frame == len(self.snaps) - 1:
            self.pause()
            self.explain()

    def add_row(self, snap):
        row = document.createElement("tr")
        cells = (
            (str(self.frame + 1), ""),
            (short(snap.q), ""),
            (f"{snap.kl_pq:.4f}", "col-p"),
            (f"{snap.kl_qp:.4f}", "col-q"),
        )
        for text, css in cells:
            cell = document.createElement("td")
            cell.textContent = text
            if css:
                cell.className = css
            row.appendChild(cell)
        self.body.appendChild(row)
        self.table.hidden = False

    def explain(self):
        moved = stories.reacting_direction(self.forward, self.reverse)
        first, last = self.snaps[0], self.snaps[-1]
        change = (
            f"KL(p‖q) went from {first.kl_pq:.4f} to {last.kl_pq:.4f}; "
            f"KL(q‖p) from {first.kl_qp:.4f} to {last.kl_qp:.4f}."
        )
        lead = {
            state.FORWARD: "KL(p‖q) reacted more.",
            state.REVERSE: "KL(q‖p) reacted more.",
            state.NEITHER: "Both directions reacted about equally.",
        }[moved]
        self.root.querySelector("#story-reaction").textContent = f"{lead} {change}"
        self.root.querySelector("#story-explanation").textContent = self.story.explanation
        self.outcome.hidden = False

    def reset(self, event=None):
        self.pause()
        if self.before is not None:
            self.nb.set_weights(self.before)
            self.before = None
        self.frame = -1
        self.body.replaceChildren()
        self.table.hidden = True
        self.outcome.hidden = True
        self.counter.textContent = ""
