"""Entry point of the page's Python: start the app, and say so plainly if that fails."""

from pyscript import document, window

# Marked before importing the panels, so the "kl:startup" measure read by
# bench/run.py covers importing them as well as building them.
window.performance.mark("kl:imports")

try:
    import app  # inside the try: a module that fails to import is reported too

    app.main()
except Exception:
    # static/js/boot.js turns this into a plain alert; PyScript still logs the traceback.
    document.documentElement.dataset.python = "error"
    raise
