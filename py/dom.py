"""Small DOM binding helpers shared by the panels (no state, no math)."""

from core.state import Change
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

    def listen(self, target, kind, handler):
        """``target.addEventListener(kind, handler)``, guarded, and undone by ``dispose``."""
        proxy = create_proxy(guarded(handler))
        target.addEventListener(kind, proxy)
        self._bound.append((target, kind, proxy))
        return proxy

    def unlisten(self, proxy):
        """Undo one ``listen`` now; the proxy itself is released by ``dispose``, since
        it may be the very handler that is running."""
        for target, kind, bound in self._bound:
            if bound is proxy:
                target.removeEventListener(kind, proxy)
        self._bound = [entry for entry in self._bound if entry[2] is not proxy]
        self._kept.append(proxy)

    @staticmethod
    def clicked(event):
        """The button an event came from, or None (a click between buttons)."""
        button = event.target.closest("button")
        return None if is_none(button) else button

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
