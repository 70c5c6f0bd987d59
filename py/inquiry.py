"""Visual inquiry: pick the object that should carry the first intuition; the demo outlines it."""

import stories
from dom import listen


class InquiryPanel:
    """Says what the chosen demo object shows and hides, with the numbers of the live q."""

    def __init__(self, nb, root):
        self.nb = nb
        self.answer = root.querySelector("#inquiry-answer")
        self.shows = root.querySelector("#inquiry-shows")
        self.hides = root.querySelector("#inquiry-hides")
        self._proxies = []
        listen(root.querySelector(".cue-choice"), "change", self.on_pick, self._proxies)
        nb.subscribe(self.render)

    def on_pick(self, event):
        self.nb.set_cue(event.target.value)

    def render(self, nb, change):
        if change not in ("cue", "weights", "reveal", "round") or nb.cue is None:
            return
        # The bars are on screen in every state, the rows and totals once revealed; the
        # current q is what the demo draws, so the sentences follow it.
        shows, hides = stories.cue_text(nb.cue, nb.current, nb.revealed)
        self.shows.textContent = shows
        self.hides.textContent = hides
        self.answer.hidden = False
