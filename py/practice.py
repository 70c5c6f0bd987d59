"""Practice loop: the learner's answer kept in this browser, hints that unlock one at a time,
and challenges Python checks."""

import stories
from dom import listen
from pyscript import window

KEPT = "Your answer is kept in this browser only, so it is still here after a reload."


def open_storage():
    """window.localStorage, or None where merely touching it throws (blocked storage)."""
    try:
        return window.localStorage
    except Exception:  # noqa: BLE001 - a SecurityError from the browser
        return None


class PracticePanel:
    def __init__(self, nb, root):
        self.hints = [root.querySelector(f"#hint-{i + 1}") for i in range(len(stories.HINTS))]
        self.shown_hints = 0
        self.hint_button = root.querySelector("#hint-next")
        self.answer = root.querySelector("#practice-prediction")
        self.saved = root.querySelector("#practice-saved")
        self.items = {
            c.key: (
                root.querySelector(f'[data-challenge="{c.key}"]'),
                root.querySelector(f"#challenge-{c.key}"),
            )
            for c in stories.CHALLENGES
        }
        self._proxies = []
        self.storage = open_storage()
        text, notice = stories.load_answer(self.storage)
        if text and not self.answer.value:  # never overwrite what was typed before Python woke
            self.answer.value = text
        self.report(notice)
        listen(self.hint_button, "click", self.next_hint, self._proxies)
        listen(self.answer, "input", self.on_answer, self._proxies)
        nb.subscribe(self.render)
        self.render(nb, "init")

    def on_answer(self, event):
        self.report(stories.save_answer(self.storage, self.answer.value))

    def report(self, notice):
        text = notice or KEPT
        if self.saved.textContent != text:  # a live region: say each change once
            self.saved.textContent = text
        self.saved.classList.toggle("problem", bool(notice))

    def next_hint(self, event):
        hint = self.hints[self.shown_hints]
        hint.hidden = False
        self.shown_hints += 1
        if self.shown_hints == len(self.hints):
            self.hint_button.hidden = True
            hint.setAttribute("tabindex", "-1")
            hint.focus()
        else:
            self.hint_button.textContent = f"Show hint {self.shown_hints + 1} of {len(self.hints)}"

    def render(self, nb, change):
        if change not in ("init", "reveal", "weights") or nb.lent_to is not None:
            return  # while the storyboard plays on the demo, its frames are not your work
        status = stories.challenge_status(nb.shown)
        for key, met in status.items():
            item, label = self.items[key]
            item.classList.toggle("met", met)
            label.textContent = "Met" if met else "Not yet"
