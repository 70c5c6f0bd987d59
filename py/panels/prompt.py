"""The research room's hand-off prompt: core/research.py's ``handoff_prompt`` for the open draft.

The prompt about the demo object quotes the demo's current state, so it redraws
when the demo moves; copying it falls back to selecting the text where the
clipboard is blocked.
"""

from core import research, state
from core.state import Change
from dom import Panel, once
from pyscript import window
from pyscript.ffi import is_none


class HandoffPrompt(Panel):
    """The prompt box and its copy button, inside the research room's root."""

    renders = frozenset({Change.REVEAL, Change.WEIGHTS, Change.ROUND, Change.UNIT})

    def __init__(self, root, nb, editor):
        self.editor = editor  # the room's research.Editor: whose draft the prompt is about
        super().__init__(root, nb)

    def bind(self):
        self.box = self.find("#research-prompt")
        self.status = self.find("#copy-status")
        self.listen(self.find("#prompt-copy"), "click", self.copy)

    def render(self, change):
        if self.editor.key == research.DEMO_KEY:
            self.update()

    def demo_lines(self):
        snap = self.nb.current
        link = window.location.href.split("#")[0] + "#" + state.encode_hash(snap.weights)
        totals_shown = self.nb.shown.weights == snap.weights
        return research.demo_state_lines(state.P, snap, link, totals_shown, self.nb.unit)

    def update(self):
        """Write the prompt for the editor's open draft."""
        demo = self.demo_lines() if self.editor.key == research.DEMO_KEY else None
        self.box.value = research.handoff_prompt(self.editor.draft, demo)

    def copy(self, event):
        clipboard = window.navigator.clipboard
        if is_none(clipboard):  # only secure pages have one
            self.select_for_copying()
            return
        clipboard.writeText(self.box.value).then(once(self.copied), once(self.select_for_copying))

    def copied(self, *_):
        self.status.textContent = "Copied the prompt to the clipboard."

    def select_for_copying(self, *_):
        self.box.focus()
        self.box.select()
        self.status.textContent = (
            "Copying is blocked here: the prompt is selected, press Ctrl+C (⌘C) to copy it."
        )
