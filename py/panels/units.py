"""The bits/nats switch: every control that sets Notebook.unit, and the page's own unit words.

Its pure half is core/units.py (the quoted figures, the log note, reading a stored choice).
The panels that draw figures re-render themselves on Change.UNIT; this one writes what
no panel owns: the unit names in the prose, the figures the prose quotes, the note on
the log's base, and the base written under each log in the formulas.
"""

from core import units
from core.state import Change
from core.text import Unit
from dom import Panel, fill, open_storage
from pyscript import document

MATHML = "http://www.w3.org/1998/Math/MathML"


class UnitsPanel(Panel):
    """One state (Notebook.unit), shown by every switch on the page and remembered locally."""

    renders = frozenset({Change.INIT, Change.UNIT})

    def bind(self):
        self.radios = list(self.root.querySelectorAll("input[data-unit-switch]"))
        self.toggle = self.find("#unit-toggle")
        self.notice = self.find("#unit-notice")
        self.storage = open_storage()
        # Each formula's "log", and the same log with a subscript 2 to put in its place.
        self.logs = []
        for mi in self.root.querySelectorAll("math mi"):
            if mi.textContent == "log":
                base2 = document.createElementNS(MATHML, "msub")
                base2.appendChild(mi.cloneNode(True))
                two = document.createElementNS(MATHML, "mn")
                two.textContent = "2"
                base2.appendChild(two)
                self.logs.append((mi, base2))
        for radio in self.radios:
            self.listen(radio, "change", self.on_radio)
        self.listen(self.toggle, "click", self.on_toggle)
        self.nb.set_unit(units.load_unit(self.storage))  # before the other panels' first render

    def choose(self, unit):
        self.nb.set_unit(unit)
        notice = units.save_unit(self.storage, self.nb.unit)
        if notice:
            self.notice.textContent = notice
            self.notice.hidden = False

    def on_radio(self, event):
        self.choose(event.target.value)

    def on_toggle(self, event):
        self.choose(Unit.NATS if self.nb.unit is Unit.BITS else Unit.BITS)

    def render(self, change):
        unit = self.nb.unit
        for radio in self.radios:
            radio.checked = radio.value == unit
        self.toggle.setAttribute("aria-pressed", "true" if unit is Unit.BITS else "false")
        fill(self.root, ".unit-name", str(unit))
        fill(self.root, ".unit-one", units.SINGULAR[unit])
        fill(self.root, ".log-name", units.log_name(unit))
        fill(self.root, ".log-note", units.LOG_NOTE[unit])
        for node in self.root.querySelectorAll("[data-info]"):
            node.textContent = units.fact(node.dataset.info, unit)
        for natural, base2 in self.logs:
            old, new = (natural, base2) if unit is Unit.BITS else (base2, natural)
            if old.isConnected:
                old.replaceWith(new)
