"""Practice loop: hints that unlock one at a time, and challenges Python checks."""

import stories
from dom import listen


class PracticePanel:
    def __init__(self, nb, root):
        self.hints = [root.querySelector(f"#hint-{i + 1}") for i in range(len(stories.HINTS))]
        self.shown_hints = 0
        self.hint_button = root.querySelector("#hint-next")
        self.items = {
            c.key: (
                root.querySelector(f'[data-challenge="{c.key}"]'),
                root.querySelector(f"#challenge-{c.key}"),
            )
            for c in stories.CHALLENGES
        }
        self._proxies = []
        listen(self.hint_button, "click", self.next_hint, self._proxies)
        nb.subscribe(self.render)
        self.render(nb, "init")

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
        if change not in ("init", "reveal", "weights"):
            return
        status = stories.challenge_status(nb.shown)
        for key, met in status.items():
            item, label = self.items[key]
            item.classList.toggle("met", met)
            label.textContent = "Met" if met else "Not yet"
