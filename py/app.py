"""The binding: one Notebook state, each panel bound to its own part of the page."""

import json

from core import kl
from core.state import Notebook
from panels.blowup import BlowupPanel
from panels.checks import ChecksPanel
from panels.content import (
    CodePanel,
    ContractPanel,
    IntuitionPanel,
    MathPanel,
    ReviewPanel,
    StructureNav,
)
from panels.demo import DemoPanel
from panels.dock import DockPanel
from panels.exercise import ExercisePanel
from panels.fitlab import FitLabView
from panels.intuition import IdentityBar, LandingsPicture
from panels.research import ResearchRoom
from panels.sampling import SamplingView
from panels.stories import InquiryPanel, PracticePanel, StoryboardPanel
from panels.units import UnitsPanel
from pyodide.ffi import create_proxy
from pyscript import document, window


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


PANELS = (
    (StructureNav, "structure"),
    (ContractPanel, "contract"),
    (IntuitionPanel, "intuition"),
    (LandingsPicture, "landings"),
    (MathPanel, "math"),
    (IdentityBar, "identity"),
    (CodePanel, "code"),
    (ExercisePanel, "exercise"),
    (DemoPanel, "demo"),
    (BlowupPanel, "blowup"),
    (StoryboardPanel, "storyboard"),
    (InquiryPanel, "inquiry"),
    (ReviewPanel, "claim-review"),
    (PracticePanel, "practice"),
    (ChecksPanel, "checks"),
    (SamplingView, "sampling"),
    (FitLabView, "fitlab"),
    (ResearchRoom, "research"),
    (DockPanel, "dock"),
)


def main():
    notebook = Notebook()
    page = document.getElementById
    UnitsPanel(document.body, notebook)  # first: the stored unit is set before any panel draws
    # Each panel on its root element, in page order; one without renders ignores the Notebook.
    for panel, root in PANELS:
        panel(page(root), notebook)
    for control in document.querySelectorAll("[data-needs-python]"):
        control.disabled = False
    window.klNotebook = window.Object.new()
    window.klNotebook.evaluate = create_proxy(evaluate)
    window.performance.measure("kl:startup", "kl:imports")
    document.getElementById("runtime-status").textContent = "Python is ready."
    document.documentElement.dataset.python = "ready"
