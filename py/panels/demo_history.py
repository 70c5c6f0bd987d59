"""The demo's q in the URL: core/state.py's encode_hash and parse_hash bound to history.

A learner's own move pushes one history entry; the rest of a burst of slider
steps replaces it, so Back undoes a drag in one step.  Anything else (the
storyboard, a link) rewrites the current entry.  A link's fragment is loaded on
start-up and on Back/Forward; a bad one is ignored with a notice.
"""

from core import state
from core.errors import LearnerInputError
from dom import guarded
from pyodide.ffi import create_proxy
from pyscript import document, window
from pyscript.ffi import is_none

#: After this long without a slider step, the moves so far are one settled change.
SETTLE_MS = 700

PUSH, BURST = "push", "burst"


class PageIds:
    """The page's element ids, looked up when a fragment is checked rather than all at start-up."""

    def __contains__(self, name):
        return not is_none(document.getElementById(name))


class HashHistory:
    """Keeps the URL's fragment and the browser's history on the Notebook's current q."""

    def __init__(self, nb, notice, keep, forget_typed):
        self.nb = nb
        self.notice = notice
        self.forget_typed = forget_typed  # clears refused text when a link replaces q
        self.anchors = PageIds()  # fragments that link to a part of the page, not a state
        self.intent = None  # PUSH or BURST while a learner's own move is applied
        self.burst_open = False
        self.settle_timer = None
        self._settle = keep(create_proxy(guarded(self.settle)))

    def move(self, apply, burst=False):
        """Apply a learner's own change of q: it ends any loan of the demo and goes in history."""
        self.nb.give_back()
        if not burst:
            self.settle()
        self.intent = BURST if burst else PUSH
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

    def sync(self):
        """Keep the URL on the current q: a learner's move adds one entry, anything else
        (a burst's later steps, the storyboard, a link) rewrites the current one."""
        fragment = "#" + state.encode_hash(self.nb.current.weights)
        if self.intent is not None and not self.burst_open:
            if window.location.hash != fragment:
                window.history.pushState(None, "", fragment)
            self.burst_open = self.intent == BURST
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

    def load(self, fragment):
        """Load weights from a URL fragment; a bad one is ignored with a notice.

        Returns True when the fragment held a demo state."""
        try:
            weights = state.parse_hash(fragment, self.anchors)
        except LearnerInputError as problem:
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
            self.forget_typed()
            self.nb.set_weights(weights)
        return found
