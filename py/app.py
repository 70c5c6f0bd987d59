"""Start-up binding: runs once Python is ready, wires the panels to one state."""

import json

import kl
from pyodide.ffi import create_proxy
from pyscript import document, window

P = (0.55, 0.25, 0.15, 0.05)
Q = (0.80, 0.15, 0.04, 0.01)


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


def main():
    document.getElementById("code-output").textContent = kl.report(P, Q)
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
