"""The binding: one Notebook state, each panel bound to its own part of the page."""

import json

import kl
from content import CodePanel, ContractPanel, IntuitionPanel, MathPanel, StructureNav
from demo import DemoPanel
from exercise_view import ExercisePanel
from fitlab_view import FitLabView
from inquiry import InquiryPanel
from practice import PracticePanel
from pyodide.ffi import create_proxy
from pyscript import document, window
from research_room import ResearchRoom
from review import ReviewPanel
from sampling_view import SamplingView
from state import Notebook
from storyboard import StoryboardPanel


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
    notebook = Notebook()
    page = document.getElementById
    StructureNav(page("structure"))
    ContractPanel(notebook, page("contract"))
    IntuitionPanel(notebook, page("intuition"))
    MathPanel(notebook, page("math"))
    CodePanel(notebook, page("code"))
    ExercisePanel(page("exercise"))
    DemoPanel(notebook, page("demo"))
    StoryboardPanel(notebook, page("storyboard"))
    InquiryPanel(notebook, page("inquiry"))
    ReviewPanel(page("claim-review"))
    PracticePanel(notebook, page("practice"))
    SamplingView(notebook, page("sampling"))
    FitLabView(page("fitlab"))
    ResearchRoom(notebook, page("research"))
    for control in document.querySelectorAll("[data-needs-python]"):
        control.disabled = False
    window.klNotebook = window.Object.new()
    window.klNotebook.evaluate = create_proxy(evaluate)
    window.performance.measure("kl:startup", "kl:imports")
    document.getElementById("runtime-status").textContent = "Python is ready."
    document.documentElement.dataset.python = "ready"
