"""Small DOM binding helpers shared by the panels (no state, no math)."""

from core.state import Change, score_line
from pyodide.ffi import create_once_callable, create_proxy
from pyscript import document, window
from pyscript.ffi import is_none


def open_storage():
    """window.localStorage, or None where it is null (storage switched off) or throws (blocked)."""
    try:
        storage = window.localStorage
    except Exception:  # noqa: BLE001 - a SecurityError from the browser
        return None
    return None if is_none(storage) else storage


def report_error(error):
    """Tell the learner in plain words that a live part failed; the text stays readable."""
    box = document.getElementById("runtime-alert")
    box.textContent = (
        f"Something went wrong in the page’s Python ({type(error).__name__}: {error}). "
        "The text and math are unaffected; reload the page to reset the live parts."
    )
    box.hidden = False
    window.console.error(f"kl-notebook: {type(error).__name__}: {error}")


def guarded(handler):
    """Wrap an event handler so an exception becomes a visible alert, not a silent failure."""

    def run(*args):
        try:
            return handler(*args)
        except Exception as error:  # noqa: BLE001 - every failure must reach the learner
            report_error(error)
            return None

    return run


def once(handler):
    """A guarded callback the browser calls once (a promise's then/catch, a timer)."""
    return create_once_callable(guarded(handler))


def data(node, name):
    """``node``'s ``data-<name>`` attribute, or None when it has none."""
    value = node.getAttribute(f"data-{name}")
    return None if is_none(value) else value


def fill(root, selector, text):
    """Set the text of every element under ``root`` matching ``selector``."""
    for node in root.querySelectorAll(selector):
        node.textContent = text


def element(tag, attrs=None, **props):
    """A new element with DOM properties (``props``) and attributes (``attrs``) set."""
    node = document.createElement(tag)
    for name, value in props.items():
        setattr(node, name, value)
    for name, value in (attrs or {}).items():
        node.setAttribute(name, value)
    return node


#: What a reader does that says "I have taken over the scrolling".
READER_MOVES = ("wheel", "touchstart", "keydown", "pointerdown")


class Panel:
    """One part of the page, bound to its root element: the shape every panel has.

    A subclass names the ``Change`` values it redraws on in ``renders``, finds its
    elements and wires its events in ``bind`` (with ``self.listen``), and draws in
    ``render(change)``.  The base subscribes it to the Notebook for exactly those
    changes, draws it once at start-up when ``Change.INIT`` is among them, and
    ``dispose`` takes back every listener and the subscription.

    Handlers catch ``core.errors.LearnerInputError`` (what the learner typed) and
    show it beside the control; any other exception is a bug, and ``guarded`` turns
    it into the page's error alert.
    """

    renders = frozenset()

    def __init__(self, root, nb=None):
        self.root = root
        self.nb = nb
        self._bound = []  # (target, kind, proxy) for each listener, for dispose()
        self._kept = []  # other proxies the browser holds (observers, timers)
        self.bind()
        if nb is not None and self.renders:
            nb.subscribe(self._on_change, self.renders - {Change.INIT})
        if Change.INIT in self.renders:
            self.render(Change.INIT)

    def bind(self):
        """Find the panel's elements and listen to its events."""

    def render(self, change):
        """Redraw what ``change`` (one of ``renders``) affects."""

    def _on_change(self, nb, change):
        self.render(change)

    def find(self, selector):
        return self.root.querySelector(selector)

    def find_each(self, *selectors):
        """``find`` for several selectors at once, in order:
        ``a, b = self.find_each("#a", "#b")``."""
        return tuple(self.find(selector) for selector in selectors)

    def listen(self, target, kind, handler):
        """``target.addEventListener(kind, handler)``, guarded, and undone by ``dispose``."""
        proxy = create_proxy(guarded(handler))
        target.addEventListener(kind, proxy)
        self._bound.append((target, kind, proxy))
        return proxy

    def on_choice(self, selector, setter):
        """Hand the value of whichever control changes inside ``selector`` (a radio group)
        to ``setter``: how a panel passes a learner's choice on to the Notebook."""
        self.listen(self.find(selector), "change", lambda event: setter(event.target.value))

    def unlisten(self, proxy):
        """Undo one ``listen`` now; the proxy itself is released by ``dispose``, since
        it may be the very handler that is running."""
        for target, kind, bound in self._bound:
            if bound is proxy:
                target.removeEventListener(kind, proxy)
        self._bound = [entry for entry in self._bound if entry[2] is not proxy]
        self._kept.append(proxy)

    def listen_buttons(self, name, handler):
        """Call ``handler(button, value)`` for a click on any button in the panel, with
        ``value`` the button's ``data-<name>`` (None if it has none); a click between
        buttons calls nothing."""

        def on_click(event):
            button = event.target.closest("button")
            if not is_none(button):
                handler(button, data(button, name))

        self.listen(self.root, "click", on_click)

    def keep(self, thing):
        """Hold what the browser calls back some other way (a proxy, an observer)."""
        self._kept.append(thing)
        return thing

    def watch_width(self, node, redraw):
        """Call ``redraw(width)`` whenever ``node``'s rendered width changes (and is not 0)."""

        def on_resize(entries, observer=None):
            width = round(entries[0].contentRect.width)
            if width > 0:
                redraw(width)

        proxy = self.keep(create_proxy(guarded(on_resize)))
        self.keep(window.ResizeObserver.new(proxy)).observe(node)

    def dispose(self):
        """Remove every listener this panel added and stop hearing from the Notebook."""
        for target, kind, proxy in self._bound:
            target.removeEventListener(kind, proxy)
            proxy.destroy()
        for thing in self._kept:
            if hasattr(thing, "disconnect"):
                thing.disconnect()  # an observer
            elif hasattr(thing, "destroy"):
                thing.destroy()  # a proxy
        self._bound, self._kept = [], []
        if self.nb is not None:
            self.nb.unsubscribe(self._on_change)

    def open_at(self, node, settle_ms=2500):
        """Scroll ``node`` into view and keep it there while the page above it settles.

        Sections off screen are laid out lazily (content-visibility: auto), so they change
        height after the first scroll and would push ``node`` away.  Until the reader moves
        (wheel, touch, key, pointer) or ``settle_ms`` pass, every such change re-aligns it.
        """
        settled = []

        def realign(*_):
            if not settled:
                node.scrollIntoView()

        observer = self.keep(window.ResizeObserver.new(self.keep(create_proxy(guarded(realign)))))

        def stop(*_):
            if not settled:
                settled.append(True)
                observer.disconnect()
                for proxy in moved:
                    self.unlisten(proxy)

        moved = [self.listen(window, kind, stop) for kind in READER_MOVES]
        window.setTimeout(self.keep(create_proxy(guarded(stop))), settle_ms)
        observer.observe(document.body)
        realign()


class NearView(Panel):
    """A panel whose picture is drawn only while it is near the viewport.

    Moving q in the demo re-renders every picture that follows q on each slider input;
    drawing the ones far from the demo would cost the demo's frame.  Their text (text
    alternatives, readouts, tables) is updated at once; the drawing waits until the
    picture comes within a screen of view.
    """

    def watch_near(self, node):
        self.near = False
        self.stale = True
        self.painted = False  # drawn at least once: there are figures on the page to keep true

        def on_seen(entries, observer=None):
            self.near = entries[len(entries) - 1].isIntersecting
            if self.near and self.stale:
                self.paint_when_near()

        options = window.Object.new()
        options.rootMargin = "100% 0px"
        proxy = self.keep(create_proxy(guarded(on_seen)))
        self.keep(window.IntersectionObserver.new(proxy, options)).observe(node)

    def paint_when_near(self):
        self.stale = not self.near
        if self.near:
            self.paint()
            self.painted = True

    def paint_now(self, change):
        """The unit switch is rare and cheap to follow: redraw a drawn picture at once, near
        or not, so no figure in the old unit is left anywhere on the page."""
        if change == Change.UNIT and self.painted and self.stale:  # near: already drawn
            self.stale = False
            self.paint()

    def paint(self):
        """Draw the picture (a subclass's)."""


class PredictionPanel(Panel):
    """A panel that invites an optional prediction before it runs (storyboard, fit lab).

    A subclass finds ``self.choices`` (what holds the answers' radios), ``self.lock_button``,
    ``self.predict_error`` and ``self.predict_status``; ``MISSING`` says what to do when
    Lock in is pressed with nothing chosen, ``NEXT`` what to do once locked in, and
    ``answer_label(value)`` names a chosen answer.
    """

    MISSING = NEXT = ""

    def show_score(self):
        """The score line beside the verdict: why this prediction counts or not, and the score."""
        self.score.textContent = f"{self.note} {score_line(self.nb)}."

    def follows_score(self, change):
        """Keep the score line beside a verdict current; True if ``change`` was a score's."""
        if change not in (Change.SCORE, Change.REVEAL):
            return False
        if self.score.textContent:
            self.show_score()
        return True

    def answer_label(self, value):
        """The words of the answer whose radio has ``value``."""
        return value

    def set_locked(self, locked):
        for node in [*self.choices.querySelectorAll("input"), self.lock_button]:
            node.disabled = locked

    def lock_in(self, event=None):
        """Take the chosen answer as the prediction; say so inline if there is none."""
        if event is not None:
            event.preventDefault()
        picked = self.choices.querySelector("input:checked")
        if is_none(picked):
            if event is not None:  # the Lock in button, with nothing chosen
                self.predict_error.textContent = self.MISSING
                self.predict_error.hidden = False
            return
        self.predict_error.hidden = True
        self.prediction = picked.value
        self.set_locked(True)
        label = self.answer_label(self.prediction)
        self.predict_status.textContent = f"Locked in: “{label}”. {self.NEXT}"
