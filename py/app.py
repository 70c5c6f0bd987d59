"""Start-up binding: one Notebook state, each panel bound to its own part of the page."""

import json

import kl
from demo import DemoPanel
from pyodide.ffi import create_proxy
from pyscript import document, window
from state import Notebook


def evaluate(pairs_json):
    """Inspection hook: compute the four quantities for a JSON list of [p, q] pairs."""
    results = []
    for p, q in json.loads(pairs_json):
        results.append(
            {
                "kl_pq": kl.kl(p, q),
                "kl_qp": kl.kl(q, p),
                "h_p": kl.entropy(p),
                "h_pq": kl.cross_entropy(p, q),
            }
        )
    return json.dumps(results)


def render_code_output(nb, change):
    if change in ("weights", "reveal", "init"):
        from state import P

        document.getElementById("code-output").textContent = kl.report(P, nb.shown.q)


def main():
    notebook = Notebook()
    notebook.subscribe(render_code_output)
    DemoPanel(notebook, document.getElementById("demo"))
    render_code_output(notebook, "init")
    window.klNotebook = window.Object.new()
    window.klNotebook.evaluate = create_proxy(evaluate)
    document.getElementById("runtime-status").textContent = "Python is ready."
    document.documentElement.dataset.python = "ready"


try:
    main()
except Exception:
    # Tell the page (static/js/boot.js shows the alert), then let PyScript report it.
    document.documentElement.dataset.python = "error"
    raise
