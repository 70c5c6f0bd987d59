"""Small DOM binding helpers shared by the panels (no state, no math)."""

from pyodide.ffi import create_proxy


def listen(target, kind, handler, keep):
    """addEventListener with a proxy kept alive in ``keep`` for the page's lifetime."""
    proxy = create_proxy(handler)
    keep.append(proxy)
    target.addEventListener(kind, proxy)
    return proxy


def fill(root, selector, text):
    """Set the text of every element under ``root`` matching ``selector``."""
    for node in root.querySelectorAll(selector):
        node.textContent = text
