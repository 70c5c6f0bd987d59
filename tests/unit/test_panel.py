"""dom.Panel, the shape every panel has: bind, render on declared changes, dispose."""

import importlib
import sys
import types

import pytest
from core.state import Change, Notebook


class Proxy:
    """A pyodide proxy stand-in that remembers being destroyed."""

    def __init__(self, function):
        self.function, self.destroyed = function, False

    def __call__(self, *args):
        return self.function(*args)

    def destroy(self):
        self.destroyed = True


class Target:
    """An event target stand-in: the listeners it currently has."""

    def __init__(self):
        self.listeners = []

    def addEventListener(self, kind, proxy):  # noqa: N802 - the DOM method name
        self.listeners.append((kind, proxy))

    def removeEventListener(self, kind, proxy):  # noqa: N802
        self.listeners.remove((kind, proxy))

    def querySelector(self, selector):  # noqa: N802
        return self


@pytest.fixture
def dom(monkeypatch):
    """py/dom.py imported against stand-ins for pyscript and pyodide."""
    fakes = {name: types.ModuleType(name) for name in ("pyscript", "pyscript.ffi", "pyodide")}
    fakes["pyodide.ffi"] = types.ModuleType("pyodide.ffi")
    fakes["pyscript"].document = fakes["pyscript"].window = None
    fakes["pyscript.ffi"].is_none = lambda value: value is None
    fakes["pyodide.ffi"].create_proxy = fakes["pyodide.ffi"].create_once_callable = Proxy
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "dom", raising=False)
    return importlib.import_module("dom")


def make_panel(dom):
    class Counter(dom.Panel):
        renders = frozenset({Change.INIT, Change.WEIGHTS})

        def bind(self):
            self.seen, self.clicks = [], 0
            self.listen(self.find("button"), "click", self.on_click)

        def on_click(self, event):
            self.clicks += 1

        def render(self, change):
            self.seen.append(change)

    return Counter


def test_a_panel_renders_at_start_up_and_on_exactly_the_changes_it_declares(dom):
    nb, root = Notebook(), Target()
    panel = make_panel(dom)(root, nb)
    nb.set_focus("x2")  # not declared
    nb.set_weights((0.5, 0.2, 0.2, 0.1))
    assert panel.seen == [Change.INIT, Change.WEIGHTS]


def test_dispose_takes_back_every_listener_and_the_subscription(dom):
    nb, root = Notebook(), Target()
    panel = make_panel(dom)(root, nb)
    ((kind, proxy),) = root.listeners
    proxy(None)
    assert (kind, panel.clicks) == ("click", 1)
    panel.dispose()
    assert root.listeners == [] and proxy.destroyed
    nb.set_weights((0.5, 0.2, 0.2, 0.1))
    assert panel.seen == [Change.INIT]


def test_a_change_that_is_not_a_change_member_is_refused():
    with pytest.raises(TypeError, match="Change members"):
        Notebook().subscribe(lambda nb, change: None, {"weigths"})


class Window(Target):
    """The window stand-in open_at needs: a ResizeObserver and one pending timer."""

    def __init__(self):
        super().__init__()
        self.timer, self.observers = None, []
        window = self

        class ResizeObserver:
            @staticmethod
            def new(callback):
                observer = types.SimpleNamespace(callback=callback, watching=[], disconnected=False)
                observer.observe = observer.watching.append
                observer.disconnect = lambda: setattr(observer, "disconnected", True)
                window.observers.append(observer)
                return observer

        self.ResizeObserver = ResizeObserver

    def setTimeout(self, callback, ms):  # noqa: N802 - the DOM method name
        self.timer = callback


class Node:
    def __init__(self):
        self.scrolled = 0

    def scrollIntoView(self):  # noqa: N802
        self.scrolled += 1


@pytest.mark.parametrize("settles_by", ["timer", "reader"])
def test_open_at_realigns_until_settled_then_lets_go_of_the_window(dom, monkeypatch, settles_by):
    window = Window()
    monkeypatch.setattr(dom, "window", window)
    monkeypatch.setattr(dom, "document", types.SimpleNamespace(body="body"))
    panel, node = make_panel(dom)(Target(), Notebook()), Node()
    panel.open_at(node)
    (observer,) = window.observers
    assert node.scrolled == 1 and observer.watching == ["body"]
    assert sorted(kind for kind, _ in window.listeners) == sorted(dom.READER_MOVES)
    observer.callback([])  # a section above laid itself out: the node is put back
    assert node.scrolled == 2
    if settles_by == "timer":
        window.timer()
    else:
        dict(window.listeners)["wheel"](None)
    assert window.listeners == [] and observer.disconnected
    observer.callback([])  # after settling, layout changes no longer move the reader
    assert node.scrolled == 2
    panel.dispose()
    assert observer.callback.destroyed and window.timer.destroyed
