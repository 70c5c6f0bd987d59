"""The dock of core/dock.py: a compact live view of the demo, shown where its causes are.

While a panel that changes the demo from afar is on screen (the worked line, the
storyboard, the visual inquiry, the claim review, the practice loop) and the demo's
own bars are not, the dock holds p, q and the two totals at the foot of the viewport,
so a story's frames, a state link or a cue show their effect without any scrolling.
"""

from core import dock, state
from core.charts import svg
from core.state import Change
from core.text import info
from dom import Panel, fill, guarded
from pyodide.ffi import create_proxy
from pyscript import document, window

#: The parts of the page that change the demo's state or point at it from elsewhere.
REMOTE = ("eq-worked", "storyboard", "inquiry", "claim-review", "practice")
#: What the visual inquiry can point at, as the dock shows it.
#: The demo's bars count as in view (and the dock steps aside) when this much of them shows.
HALF = 0.5
CUES = {"bars": "dock-bars", "ratios": "dock-bars", "rows": "dock-link", "totals": "dock-totals"}


class DockPanel(Panel):
    """Shows the demo's live state at the foot of the screen while its causes are in view."""

    renders = frozenset(
        {Change.INIT, Change.WEIGHTS, Change.REVEAL, Change.ROUND}
        | {Change.UNIT, Change.FOCUS, Change.CUE}
    )

    def bind(self):
        self.chart = self.find("#dock-bars")
        self.chart.innerHTML = "".join(self.layout())
        self.p_bars = list(self.chart.querySelectorAll(".bar-p"))
        self.q_bars = list(self.chart.querySelectorAll(".bar-q"))
        self.pq, self.qp = self.find("#dock-pq"), self.find("#dock-qp")
        self.shown_totals = self.find("#dock-totals")
        self.hidden_totals = self.find("#dock-no-totals")
        self.body = self.find("#dock-body")
        self.toggle = self.find("#dock-toggle")
        self.listen(self.toggle, "click", self.on_toggle)
        self.in_view = dict.fromkeys(REMOTE, False)
        self.demo_in_view = False
        proxy = self.keep(create_proxy(guarded(self.on_view)))
        options = window.Object.new()
        options.threshold = window.Array.of(0, HALF)
        observer = self.keep(window.IntersectionObserver.new(proxy, options))
        for name in (*REMOTE, "bars"):
            observer.observe(document.getElementById(name))

    @staticmethod
    def layout():
        for i, x in enumerate(state.OUTCOMES):
            centre = dock.COLUMN * (i + 0.5)
            yield svg(
                "g",
                svg("rect", cls="bar-p", width=dock.BAR_WIDTH)
                + svg("rect", cls="bar-q", width=dock.BAR_WIDTH)
                + svg("text", x, cls="tick", x=centre, y=dock.HEIGHT - 4, text_anchor="middle"),
                data_outcome=x,
            )
        yield svg("line", cls="axis", x1=0, x2=dock.WIDTH, y1=dock.BASE, y2=dock.BASE)

    def on_toggle(self, event):
        folded = not self.body.hidden
        self.body.hidden = folded
        self.toggle.textContent = "Show" if folded else "Hide"
        self.toggle.setAttribute("aria-expanded", "false" if folded else "true")

    def on_view(self, entries, observer=None):
        for entry in entries:
            name = entry.target.id
            if name == "bars":
                # The demo's own bars are in view: the dock would only repeat them.
                self.demo_in_view = entry.intersectionRatio >= HALF
            else:
                self.in_view[name] = entry.isIntersecting
        shown = any(self.in_view.values()) and not self.demo_in_view
        if self.root.hidden == shown:
            self.root.hidden = not shown
            document.documentElement.classList.toggle("has-dock", shown)

    def render(self, change):
        nb = self.nb
        if change in (Change.INIT, Change.WEIGHTS):
            for row, nodes in zip(dock.bars(nb.current), (self.p_bars, self.q_bars), strict=True):
                for (x, y, height), node in zip(row, nodes, strict=True):
                    node.setAttribute("x", f"{x:.1f}")
                    node.setAttribute("y", f"{y:.2f}")
                    node.setAttribute("height", f"{height:.2f}")
        if change == Change.FOCUS or change == Change.INIT:
            for group in self.chart.querySelectorAll("g"):
                group.classList.toggle("is-focus", group.dataset.outcome == nb.focus)
        if change == Change.CUE or change == Change.INIT:
            for name in set(CUES.values()):
                self.find(f"#{name}").classList.toggle("inquiry-target", CUES.get(nb.cue) == name)
        if change != Change.FOCUS and change != Change.CUE:
            self.render_totals(nb)

    def render_totals(self, nb):
        snap = nb.current
        self.chart.setAttribute("aria-label", dock.describe(snap, nb.revealed, nb.unit))
        self.shown_totals.hidden = not nb.revealed
        self.hidden_totals.hidden = nb.revealed
        if nb.revealed:
            self.pq.textContent = info(snap.kl_pq, nb.unit)
            self.qp.textContent = info(snap.kl_qp, nb.unit)
            fill(self.root, ".dock-unit", str(nb.unit))
