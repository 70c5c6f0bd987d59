"""What the learner typed is a LearnerInputError; every other exception is a bug for the alert.

The demo's handlers run here in CPython with the browser modules replaced by
stand-ins, so the test sees exactly which exceptions a handler keeps to itself.
"""

import ast
import importlib
import sys
import types
from pathlib import Path
from types import SimpleNamespace

import pytest
from core import state
from core.errors import LearnerInputError
from core.state import Change, Notebook

PANELS = Path(__file__).resolve().parents[2] / "py" / "panels"
#: Every panel module: none may catch more than what the learner typed.
CHECKED = sorted(path.name for path in PANELS.glob("*.py"))


def test_a_learner_input_error_is_a_value_error():
    assert issubclass(LearnerInputError, ValueError)


@pytest.mark.parametrize("typed", ["", "abc", "0", "-1", "2", "inf", "0.0_5"])
def test_a_bad_typed_weight_raises_a_learner_input_error(typed):
    with pytest.raises(LearnerInputError):
        state.parse_weight(typed, "x1")


@pytest.mark.parametrize("fragment", ["#q=1,2", "#q=0.5,0.5,0.5,5", "#w=1", "#q=a,b,c,d"])
def test_a_bad_link_raises_a_learner_input_error(fragment):
    with pytest.raises(LearnerInputError):
        state.parse_hash(fragment)


def test_revealing_without_a_prediction_is_a_learner_input_error():
    with pytest.raises(LearnerInputError, match="Pick a prediction first"):
        Notebook().reveal()


def test_programming_errors_stay_plain_value_errors():
    nb = Notebook()
    for call in (lambda: nb.predict("sideways"), lambda: nb.set_reading("tarot")):
        with pytest.raises(ValueError) as caught:
            call()
        assert not isinstance(caught.value, LearnerInputError)


class Node(SimpleNamespace):
    """An element stand-in: the attributes a handler sets, and focus()."""

    def focus(self):
        self.focused = True


@pytest.fixture
def demo(monkeypatch):
    """panels.demo imported against stand-ins for pyscript and pyodide."""
    fakes = {
        "pyscript": types.ModuleType("pyscript"),
        "pyscript.ffi": types.ModuleType("pyscript.ffi"),
        "pyodide": types.ModuleType("pyodide"),
        "pyodide.ffi": types.ModuleType("pyodide.ffi"),
    }
    fakes["pyscript"].document = fakes["pyscript"].window = None
    fakes["pyscript.ffi"].is_none = lambda value: value is None
    fakes["pyodide.ffi"].create_proxy = fakes["pyodide.ffi"].create_once_callable = lambda f: f
    fakes["pyodide.ffi"].jsnull = None
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, name, module)
    for name in [n for n in sys.modules if n == "dom" or n.startswith("panels")]:
        monkeypatch.delitem(sys.modules, name)
    return importlib.import_module("panels.demo")


def submitting(demo, nb):
    """A demo panel with just what the prediction form's submit handler touches."""
    panel = SimpleNamespace(
        nb=nb,
        prediction_error=Node(textContent="", hidden=True),
        radios=[Node()],
        new_round_button=Node(),
    )
    event = SimpleNamespace(preventDefault=lambda: None)
    return panel, lambda: demo.DemoPanel.on_submit(panel, event)


def test_a_bug_during_reveal_reaches_the_alert_not_the_prediction_message(demo):
    nb = Notebook()
    nb.predict(state.FORWARD)

    def broken_listener(nb, change):
        raise ValueError("a bug in a panel")

    nb.subscribe(broken_listener, {Change.REVEAL})
    panel, submit = submitting(demo, nb)
    with pytest.raises(ValueError, match="a bug in a panel"):
        submit()  # dom.guarded, around every handler, shows it in the page's alert
    assert panel.prediction_error.hidden
    assert panel.prediction_error.textContent == ""


def test_reveal_without_a_prediction_is_said_beside_the_form(demo):
    panel, submit = submitting(demo, Notebook())
    submit()
    assert not panel.prediction_error.hidden
    assert panel.prediction_error.textContent.startswith("Pick a prediction first")
    assert panel.radios[0].focused


def caught_types(path):
    """The exception names of every except clause in a module."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ExceptHandler):
            names.append(ast.unparse(node.type) if node.type else "everything")
    return names


@pytest.mark.parametrize("name", CHECKED)
def test_handlers_catch_only_what_the_learner_typed(name):
    assert set(caught_types(PANELS / name)) <= {"LearnerInputError"}, name
