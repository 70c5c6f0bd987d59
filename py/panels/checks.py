"""The misconception checks of core/checks.py: pick an answer, get feedback from live numbers.

The forms are built here from ``core.checks.CHECKS``, so the questions have one source.
A first answer is scored with the demo's rounds (``Notebook.answer``); feedback
follows the last revealed demo state and the unit switch while it is on screen.
"""

from core import checks
from core.state import Change
from dom import Panel, element
from pyscript.ffi import is_none


class ChecksPanel(Panel):
    """Four short checks, each answered once for the score and explained from the live state."""

    renders = frozenset({Change.INIT, Change.WEIGHTS, Change.REVEAL, Change.ROUND, Change.UNIT})

    def bind(self):
        box = self.find("#checks-list")
        box.replaceChildren()
        self.forms, self.chosen = {}, {}
        for check in checks.CHECKS:
            form = self.build(check)
            box.appendChild(form)
            self.forms[check.key] = form
            self.listen(form, "submit", self.on_submit)

    @staticmethod
    def build(check):
        form = element("form", {"data-check": check.key, "novalidate": ""}, className="check")
        fieldset = element("fieldset")
        legend = element("legend")
        legend.appendChild(
            element("span", className="misreading", textContent=f"“{check.misconception}”")
        )
        legend.appendChild(element("span", textContent=" " + check.question))
        fieldset.appendChild(legend)
        for value, text in check.options:
            label = element("label")
            label.appendChild(
                element("input", {"type": "radio", "name": f"check-{check.key}", "value": value})
            )
            label.append(" " + text)
            fieldset.appendChild(label)
        form.appendChild(fieldset)
        form.appendChild(element("button", {"type": "submit"}, textContent="Check my answer"))
        form.appendChild(element("p", {"hidden": "", "role": "alert"}, className="field-error"))
        feedback = element("div", {"hidden": "", "aria-live": "polite"}, className="check-feedback")
        feedback.appendChild(element("p", className="check-why"))
        settle = element("p", className="check-settle")
        settle.append("See it live: ")
        settle.appendChild(
            element("a", {"href": f"#{check.target}"}, textContent=check.target_label)
        )
        settle.append(".")
        feedback.appendChild(settle)
        form.appendChild(feedback)
        return form

    def on_submit(self, event):
        event.preventDefault()
        form = event.currentTarget
        key = form.dataset.check
        error = form.querySelector(".field-error")
        picked = form.querySelector("input:checked")
        if is_none(picked):
            error.textContent = "Pick one of the two answers first."
            error.hidden = False
            return
        error.hidden = True
        choice = self.chosen[key] = picked.value
        right, _ = checks.feedback(key, choice, self.nb.shown, self.nb.unit)
        self.nb.answer(f"check:{key}", right)
        self.show(key)

    def show(self, key):
        form = self.forms[key]
        right, text = checks.feedback(key, self.chosen[key], self.nb.shown, self.nb.unit)
        feedback = form.querySelector(".check-feedback")
        why = form.querySelector(".check-why")
        if why.textContent != text:  # a live region: announce new words, not every redraw
            why.textContent = text
        feedback.classList.toggle("right", right)
        feedback.classList.toggle("wrong", not right)
        feedback.hidden = False

    def render(self, change):
        for key in self.chosen:
            self.show(key)
