"""The blow-up plot in the demo: core/blowup.py's two curves against q(x3), the current q
marked, q(x3) = p(x3) marked where the forward curve is lowest, the sentence that says
which direction pays for the missing mode and the one that says why both curves turn up.

It shows the totals for the current q, so like the demo's totals it waits for the
round's reveal.  The markers are labelled "your q", not with the totals: the demo's
totals line states each total once (the text alternative, which stands alone, states them).
Nodes are built once per width; a slider step sets attributes, and the curves are
recomputed only when something other than q(x3) moved.
"""

from core import blowup
from core.charts import LogScale, Scale, fitting_ticks, log_ticks, svg, text_width
from core.state import Change
from core.text import Unit, in_unit
from dom import Panel

DEFAULT_WIDTH = 560
MIN_WIDTH = 280
LEFT, RIGHT = 46, 14  # room for the y ticks; room for the last x tick
TOP, PLOT_HEIGHT = 48, 170  # the legend and the unit above the plot
HEIGHT = TOP + PLOT_HEIGHT + 44  # x ticks and the axis title below
EXIT_LABEL = f"→ ∞ at q({blowup.OUTCOME}) = 0"
KEYS = ("pq", "qp")
YOUR_Q = "your q"
P_LABEL = f"p({blowup.OUTCOME})"


class BlowupPanel(Panel):
    """Both KL directions along q(x3), with the current q marked on each curve."""

    renders = frozenset({Change.INIT, Change.WEIGHTS, Change.REVEAL, Change.ROUND, Change.UNIT})

    def bind(self):
        self.node, self.live, self.locked, self.why, self.turn = self.find_each(
            "svg", ".blowup-live", ".blowup-locked", ".blowup-why", ".blowup-turn"
        )
        self.width = 0
        self.key = None  # what the drawn curves were computed for
        self.y_axis = None  # what the y ticks were drawn for
        self.build(DEFAULT_WIDTH)
        self.watch_width(self.node, self.on_width)

    def on_width(self, width):
        if width >= MIN_WIDTH and width != self.width:  # narrower: not laid out yet
            self.build(width)
            self.render(Change.WEIGHTS)

    def build(self, width):
        self.width = width
        self.node.setAttribute("viewBox", f"0 0 {width} {HEIGHT}")
        self.x0, self.x1 = LEFT, width - RIGHT
        self.y_top, self.y_bottom = TOP, TOP + PLOT_HEIGHT
        mid = (self.x0 + self.x1) / 2
        parts = [
            svg("g", cls="y-ticks"),
            svg("g", cls="x-ticks"),
            svg("line", x1=self.x0, x2=self.x0, y1=self.y_top, y2=self.y_bottom, cls="axis"),
            svg("line", x1=self.x0, x2=self.x1, y1=self.y_bottom, y2=self.y_bottom, cls="axis"),
            svg("text", x=4, y=TOP - 14, cls="tick unit-label"),
            svg(
                "text",
                f"q({blowup.OUTCOME}), log scale",
                x=mid,
                y=HEIGHT - 6,
                cls="tick",
                text_anchor="middle",
            ),
            # The legend: a line of each curve's style beside its name.
            svg("line", x1=self.x0, x2=self.x0 + 22, y1=12, y2=12, cls="curve-pq"),
            svg("text", "KL(p‖q)", x=self.x0 + 28, y=16, cls="legend legend-pq"),
            svg("line", x1=self.x0 + 100, x2=self.x0 + 122, y1=12, y2=12, cls="curve-qp"),
            svg("text", "KL(q‖p)", x=self.x0 + 128, y=16, cls="legend legend-qp"),
            svg("path", cls="curve-pq curve-path"),
            svg("path", cls="curve-qp curve-path"),
            svg("text", EXIT_LABEL, cls="exit-label"),
            # Where q(x3) = p(x3): the forward curve's lowest point, whatever the rest of q.
            svg("path", cls="p-line"),
            svg("text", P_LABEL, cls="tick p-label"),
            svg("line", y1=self.y_top, y2=self.y_bottom, cls="now-line"),
            svg("circle", r=5, cls="mark mark-pq"),
            svg("circle", r=5, cls="mark mark-qp"),
            svg("text", YOUR_Q, y=self.y_top + 12, cls="val now-label"),
        ]
        self.node.innerHTML = "".join(parts)
        find = self.node.querySelector
        self.y_ticks, self.x_ticks = find(".y-ticks"), find(".x-ticks")
        self.unit_label = find(".unit-label")
        self.paths = {k: find(f".curve-path.curve-{k}") for k in KEYS}
        self.marks = {k: find(f".mark-{k}") for k in KEYS}
        self.now_label = find(".now-label")
        self.exit_label = find(".exit-label")
        self.now_line = find(".now-line")
        self.p_line, self.p_label = find(".p-line"), find(".p-label")
        self.key = self.y_axis = None

    def render(self, change):
        nb = self.nb
        self.locked.hidden = nb.revealed
        self.live.hidden = not nb.revealed
        if not nb.revealed:
            return
        unit = Unit(nb.unit)
        weights = nb.current.weights
        ax = blowup.axes(weights, unit)
        # Moving x3 alone leaves the curves where they are: only the marker moves.
        others = tuple(w for i, w in enumerate(weights) if i != blowup.INDEX)
        key = (others, unit, ax.top, ax.t_lo, self.width)
        if key != self.key:
            self.draw_axes(ax, blowup.points(ax), unit)
            self.turn.textContent = blowup.turn_sentence(ax, unit)
            self.key = key
        self.draw_marker(ax, unit)
        self.why.textContent = blowup.sentence(ax.q3, unit)
        self.node.setAttribute("aria-label", blowup.describe(ax, unit))

    def scales(self, c, unit):
        x = LogScale(c.t_lo, c.t_hi, self.x0, self.x1)
        top = in_unit(c.top, unit)
        y = Scale(0, top, self.y_bottom, self.y_top)
        return x, y, top

    def draw_axes(self, c, curve, unit):
        ts, forward, reverse = curve
        x, y, top = self.scales(c, unit)
        self.x, self.y, self.top_shown = x, y, top
        if self.y_axis != (top, self.width):  # the y axis moves only with its top
            self.y_axis = (top, self.width)
            values, labels = fitting_ticks(0, top, PLOT_HEIGHT, lambda _: 14)
            self.y_ticks.innerHTML = "".join(
                svg("line", x1=self.x0, x2=self.x1, y1=y(v), y2=y(v), cls="grid")
                + svg("text", label, x=self.x0 - 6, y=y(v) + 4, cls="tick", text_anchor="end")
                for v, label in zip(values, labels, strict=True)
            )
        values, labels = log_ticks(c.t_lo, c.t_hi, self.x1 - self.x0, text_width)
        self.x_ticks.innerHTML = "".join(
            svg("line", x1=x(v), x2=x(v), y1=self.y_bottom, y2=self.y_bottom + 5, cls="axis")
            + svg("text", label, x=x(v), y=self.y_bottom + 19, cls="tick", text_anchor="middle")
            for v, label in zip(values, labels, strict=True)
        )
        self.unit_label.textContent = str(unit)
        # The points are evenly spaced in log q(x3), so evenly spaced across the x axis.
        step = (self.x1 - self.x0) / (len(ts) - 1)
        xs = [self.x0 + k * step for k in range(len(ts))]
        exit_at = None
        # Pixels above the bottom for a value in nats, negated so that clip's "above the
        # top" is "above the chart's top edge" (y grows downwards).
        per_nat = in_unit(1.0, unit) * PLOT_HEIGHT / top
        bottom = self.y_bottom
        for key, ys in (("pq", forward), ("qp", reverse)):
            runs = blowup.clip(xs, [v * per_nat - bottom for v in ys], -self.y_top)
            d = " ".join("M" + " L".join(f"{px:.1f},{-py:.1f}" for px, py in run) for run in runs)
            self.paths[key].setAttribute("d", d)
            if key == "pq" and runs:
                exit_at = runs[0][0][0]
        # The label sits just above the top edge, centred where the forward curve leaves it.
        label, wide = self.exit_label, text_width(EXIT_LABEL, 13, bold=True)
        exit_x = self.x0 if exit_at is None else exit_at
        left = min(max(exit_x - wide / 2, self.x0), self.x1 - wide)
        label.setAttribute("x", f"{left:.1f}")
        label.setAttribute("y", str(self.y_top - 6))
        self.draw_p_line(c, unit)

    def draw_p_line(self, c, unit):
        """The dotted line at q(x3) = p(x3), its label where it is furthest from the two
        curves' crossings: under "your q" at the top, at the bottom, or between them."""
        p3 = blowup.lowest(c.reverse_limit)[0]
        at, wide = self.x(p3), text_width(P_LABEL, bold=True)
        crossings = sorted(
            self.y(in_unit(v, unit))
            for v in (blowup.forward_fast(p3, c.a_part), blowup.reverse_fast(p3, c.reverse_limit))
        )
        # Candidate baselines; the label spans 12 px above its baseline.
        candidates = (self.y_top + 30, self.y_bottom - 6, sum(crossings) / 2 + 6)

        def clearance(base):
            return min(max(y - base, base - 12 - y) for y in crossings)

        base = max(candidates, key=clearance)
        self.p_line.setAttribute(
            "d", f"M{at:.1f},{self.y_top:.1f} V{base - 16:.1f} M{at:.1f},{base + 4:.1f} "
            f"V{self.y_bottom:.1f}",
        )  # fmt: skip
        centre = min(max(at, self.x0 + wide / 2), self.x1 - wide / 2)  # whole on the chart
        self.p_label.setAttribute("x", f"{centre:.1f}")
        self.p_label.setAttribute("y", f"{base:.1f}")
        self.p_label.setAttribute("text-anchor", "middle")

    def draw_marker(self, c, unit):
        x, y = self.x, self.y
        at = x(c.q3)
        self.now_line.setAttribute("x1", f"{at:.1f}")
        self.now_line.setAttribute("x2", f"{at:.1f}")
        for k, v in (("pq", c.kl_pq), ("qp", c.kl_qp)):
            self.marks[k].setAttribute("cx", f"{at:.1f}")
            self.marks[k].setAttribute("cy", f"{y(in_unit(v, unit)):.1f}")
        # The label sits at the top of the line, on whichever side has room.
        right_side = at + 6 + text_width(YOUR_Q, bold=True) <= self.x1
        self.now_label.setAttribute("x", f"{at + 6 if right_side else at - 6:.1f}")
        self.now_label.setAttribute("text-anchor", "start" if right_side else "end")
