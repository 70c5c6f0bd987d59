"""Visual inquiry: pick the object that should carry the first intuition; the demo outlines it."""

import stories
from dom import listen


class InquiryPanel:
    def __init__(self, nb, root):
        self.nb = nb
        self.cues = {c.key: c for c in stories.CUES}
        self.answer = root.querySelector("#inquiry-answer")
        self.shows = root.querySelector("#inquiry-shows")
        self.hides = root.querySelector("#inquiry-hides")
        self._proxies = []
        listen(root.querySelector(".cue-choice"), "change", self.on_pick, self._proxies)
        nb.subscribe(self.render)

    def on_pick(self, event):
        self.nb.set_cue(event.target.value)

    def render(self, nb, change):
        if change not in ("cue", "reveal", "round") or nb.cue is None:
            return
        cue = self.cues[nb.cue]
        shows = cue.shows
        if cue.target in ("rows", "totals") and not nb.revealed:
            shows += " (It stays hidden until you commit a prediction in the demo.)"
        self.shows.textContent = shows
        self.hides.textContent = cue.hides
        self.answer.hidden = False
