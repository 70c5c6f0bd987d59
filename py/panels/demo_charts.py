"""The demo's charts of core/state.py's Snapshot: p and q as bars over a log-ratio strip,
the terms as rows, and the drag that turns a q bar's top into a weight.

Each chart's viewBox is as wide as the chart is on screen, so one unit is one CSS
pixel and a 12px label is 12px at 375px and at 1280px alike.  The SVG nodes are
built once per width and only their attributes change afterwards, so a slider
step stays cheap.  Positions come from ``core.charts.Scale``, as in the other charts.
"""

from core import bars, state
from core.charts import Scale, svg
from core.text import Unit, info, percent
from pyscript.ffi import is_none

DEFAULT_WIDTH = 560
MIN_WIDTH = 280
# Bars: a fixed 0..1 probability scale above the axis, a table of values below it,
# then the log-ratio strip: log p/q per outcome as a signed bar from a zero line.
BAR_TOP, BAR_SPAN = 22, 160
BAR_BASE = BAR_TOP + BAR_SPAN
BAR_GUTTER = 58  # room for "100%" and the row names "p", "q", "log p/q"
BAR_ROWS = {"label": 20, "p": 40, "q": 58}
STRIP_HALF = 36  # the longest log-ratio bar, each side of the zero line
STRIP_ZERO = BAR_BASE + 74 + 16 + STRIP_HALF  # room above for a positive bar's value
BARS_HEIGHT = STRIP_ZERO + STRIP_HALF + 22  # and below for a negative one's
#: How tall a bar is for a probability.
BAR_HEIGHT = Scale(0, 1, 0, BAR_SPAN)
#: A bar this tall at the least, so a tiny share is still a visible sliver.
MIN_BAR = 0.5
#: The grab zone around the top of a q bar, in pixels above and below it.
HANDLE_REACH = 14
# Rows: two blocks of four rows, values beside the bars, running sums at the right; the last
# sum is the total, named, not restated (the totals line above the chart gives its value).
ROW_TOP = {"pq": 40, "qp": 202}
ROW_HEIGHT = 30
ROWS_HEIGHT = 330
ROW_LABEL, ROW_VALUE, ROW_RUNNING = 30, 52, 64  # widths of the label, value and sum columns
#: The rows' scale reaches at least this far from 0, so small terms stay small.
MIN_TERM_EXTENT = 0.3
NAMES = {"pq": "KL(p‖q)", "qp": "KL(q‖p)"}


#: Width of the coloured mark under an outcome's name, the same in the bars and the rows.
CHIP = 18


def chip(x, y, index):
    """The mark that ties an outcome's rows to its column: its own colour under its name."""
    return svg("rect", x=x, y=y, width=CHIP, height=4, rx=2, cls=f"chip chip-{index + 1}")


class Chart:
    """An SVG chart whose nodes are built for one width and redrawn for each snapshot."""

    HEIGHT = 0
    unit = Unit.NATS  # the demo panel sets the switch's unit before each draw

    def __init__(self, node):
        self.node = node
        self.width = 0
        self.build(DEFAULT_WIDTH)

    def build(self, width):
        self.width = width
        self.node.setAttribute("viewBox", f"0 0 {width} {self.HEIGHT}")
        self.node.innerHTML = "".join(self.layout(width))
        self.find_nodes()

    def layout(self, width):
        """The chart's markup for ``width``, as a list of parts."""
        raise NotImplementedError

    def find_nodes(self):
        """Keep the nodes that ``draw`` changes."""
        raise NotImplementedError


class BarsChart(Chart):
    """p and q side by side for each outcome, their values beneath, then log p/q as a strip.

    The top of each q bar carries a handle (``.handle``, ``data-index``) that ``BarDrag``
    turns into the outcome's weight.  A column is marked ``picked`` when the learner expects
    its outcome to add most to KL(p‖q), and ``top-term`` when, revealed, it does.
    """

    HEIGHT = BARS_HEIGHT
    picked = None
    tops = ()

    def layout(self, width):
        right = width - 6
        # The outcome slots from left to right.
        slots = Scale(0, len(state.OUTCOMES), BAR_GUTTER, right)
        slot = slots(1) - slots(0)
        bar_width = min(40, slot * 0.28)
        head = BAR_GUTTER - 8
        parts = []
        for tick in (0.25, 0.5, 0.75, 1.0):
            y = BAR_BASE - BAR_HEIGHT(tick)
            parts.append(svg("line", x1=BAR_GUTTER - 4, x2=right, y1=y, y2=y, cls="grid"))
            parts.append(svg("text", f"{tick:.0%}", x=head, y=y + 4, cls="tick", text_anchor="end"))
        parts.append(svg("line", x1=BAR_GUTTER - 4, x2=right, y1=BAR_BASE, y2=BAR_BASE, cls="axis"))
        for name, text in (("p", "p"), ("q", "q")):
            y = BAR_BASE + BAR_ROWS[name]
            parts.append(
                svg("text", text, x=head, y=y, cls=f"row-head head-{name}", text_anchor="end")
            )
        zero = STRIP_ZERO
        parts.append(svg("line", x1=BAR_GUTTER - 4, x2=right, y1=zero, y2=zero, cls="axis"))
        parts.append(
            svg("text", "log p/q", x=head, y=zero - 4, cls="row-head head-ratio", text_anchor="end")
        )
        parts.append(svg("text", x=head, y=zero + 14, cls="tick strip-unit", text_anchor="end"))
        for i, x in enumerate(state.OUTCOMES):
            cx = slots(i + 0.5)
            inner = (
                svg("rect", x=cx - slot / 2, y=0, width=slot, height=BARS_HEIGHT, cls="hit")
                + svg("rect", x=cx - bar_width - 1, width=bar_width, cls="bar-p")
                + svg("rect", x=cx + 1, width=bar_width, cls="bar-q")
                + svg("rect", x=cx + 1, width=bar_width, height=4, rx=2, cls="grip")
                + svg(
                    "rect",
                    x=cx + 1 - 8,
                    width=bar_width + 16,
                    height=2 * HANDLE_REACH,
                    cls="handle",
                    data_index=i,
                )
                + svg("text", x, x=cx, y=BAR_BASE + BAR_ROWS["label"], cls="label")
                + chip(cx - CHIP / 2, BAR_BASE + BAR_ROWS["label"] + 4, i)
                + svg("text", x=cx, y=BAR_BASE + BAR_ROWS["p"], cls="val val-p")
                + svg("text", x=cx, y=BAR_BASE + BAR_ROWS["q"], cls="val val-q")
                + svg("rect", x=cx - bar_width / 2, width=bar_width, cls="ratio-bar")
                + svg("text", x=cx, cls="ratio")
            )
            parts.append(svg("g", inner, cls="outcome", data_outcome=x))
        return parts

    def find_nodes(self):
        self.q_nodes = []
        self.groups = groups = list(self.node.querySelectorAll("g.outcome"))
        self.mark_pick(self.picked)  # a new width keeps the marks
        self.mark_top(self.tops)
        for group, p in zip(groups, state.P, strict=True):
            self.place(group.querySelector(".bar-p"), group.querySelector(".val-p"), p)
            self.q_nodes.append(
                tuple(
                    group.querySelector(c)
                    for c in (".bar-q", ".val-q", ".grip", ".handle", ".ratio-bar", ".ratio")
                )
            )
        self.unit_label = self.node.querySelector(".strip-unit")

    def mark_pick(self, outcome):
        """Show the learner's pick of the largest term (None: no pick)."""
        self.picked = outcome
        for group, x in zip(self.groups, state.OUTCOMES, strict=True):
            group.classList.toggle("picked", x == outcome)

    def mark_top(self, indices):
        """Outline the columns whose term of KL(p‖q) is the largest (none before a reveal)."""
        self.tops = tuple(indices)
        for i, group in enumerate(self.groups):
            group.classList.toggle("top-term", i in self.tops)

    def place(self, rect, text, value):
        height = max(BAR_HEIGHT(value), MIN_BAR)
        rect.setAttribute("y", str(BAR_BASE - height))
        rect.setAttribute("height", str(height))
        text.textContent = percent(value)
        return BAR_BASE - height

    def share_at(self, client_y):
        """The share of q a pointer at ``client_y`` (CSS pixels, viewport) points at."""
        box = self.node.getBoundingClientRect()
        y = (client_y - box.top) * self.HEIGHT / box.height
        return BAR_HEIGHT.invert(BAR_BASE - y)

    def draw(self, snap, unit=Unit.NATS):
        ratios = bars.log_ratios(snap.q)
        along = Scale(0, bars.ratio_extent(ratios), 0, STRIP_HALF)  # a ratio's bar length
        self.unit_label.textContent = str(Unit(unit))
        log_p_q = ("log₂" if Unit(unit) is Unit.BITS else "log") + " p/q"
        self.node.querySelector(".head-ratio").textContent = log_p_q
        described = []
        for (q_bar, q_text, grip, handle, strip_bar, ratio), x, p, q, r in zip(
            self.q_nodes, state.OUTCOMES, state.P, snap.q, ratios, strict=True
        ):
            top = self.place(q_bar, q_text, q)
            grip.setAttribute("y", str(top - 2))
            handle.setAttribute("y", str(top - HANDLE_REACH))
            length = max(along(abs(r)), MIN_BAR)
            strip_bar.setAttribute("y", str(STRIP_ZERO - length if r > 0 else STRIP_ZERO))
            strip_bar.setAttribute("height", str(length))
            strip_bar.classList.toggle("negative", r < 0)
            value = info(r, unit, 2)
            below = STRIP_ZERO + length + 14
            ratio.setAttribute("y", str(STRIP_ZERO - length - 5 if r > 0 else below))
            ratio.textContent = value
            # The strip is labelled to two decimals; its text alternative states four.
            described.append(
                f"{x}: p {percent(p)}, q {percent(q)}, {log_p_q} {info(r, unit)} {Unit(unit)}"
            )
        self.node.setAttribute(
            "aria-label",
            f"p and q per outcome, and {log_p_q} beneath (above the line where p is larger). "
            + "; ".join(described),
        )


class BarDrag:
    """Dragging the top of a q bar sets that outcome's weight, as its slider would.

    The handle is not a tab stop: keyboard users have the sliders, which the drag moves too
    (every change goes through the one Notebook).  ``move(index, weight)`` applies a weight.
    """

    def __init__(self, chart, weights_now, move):
        self.chart = chart
        self.weights_now = weights_now  # () -> the current weights
        self.move = move
        self.index = None
        self.pointer = None
        self.grabbed = False  # the last press was on a handle: its click is a drag, not a pick

    def listen(self, listen):
        node = self.chart.node
        listen(node, "pointerdown", self.on_down)
        listen(node, "pointermove", self.on_move)
        listen(node, "touchstart", self.on_touch)
        for kind in ("pointerup", "pointercancel", "lostpointercapture"):
            listen(node, kind, self.on_up)

    def on_down(self, event):
        handle = event.target.closest(".handle")
        self.grabbed = not is_none(handle)
        if not self.grabbed:
            return
        event.preventDefault()  # no text selection, no native drag
        self.index, self.pointer = int(handle.dataset.index), event.pointerId
        self.chart.node.setPointerCapture(event.pointerId)
        self.chart.node.classList.add("dragging")
        self.on_move(event)

    def on_touch(self, event):
        # Chromium ignores touch-action on SVG shapes, so a touch that starts on a handle
        # says itself that it is not a scroll; a touch anywhere else still scrolls the page.
        if not is_none(event.target.closest(".handle")):
            event.preventDefault()

    def on_move(self, event):
        if self.index is None or event.pointerId != self.pointer:
            return
        weights = self.weights_now()
        weight = bars.weight_for_share(weights, self.index, self.chart.share_at(event.clientY))
        if weight != weights[self.index]:
            self.move(self.index, weight)

    def on_up(self, event):
        if self.index is None or event.pointerId != self.pointer:
            return
        self.index = self.pointer = None
        self.chart.node.classList.remove("dragging")


class RowsChart(Chart):
    """Each outcome's signed term in both directions, with running sums that end in the
    total's name: its value is stated once, in the totals line (the text alternative,
    which must stand alone, states it too)."""

    HEIGHT = ROWS_HEIGHT

    def layout(self, width):
        # Half the span of the bars: what is left once the label, two value columns and the
        # running sums have their room.
        self.half = min(170, (width - ROW_LABEL - 2 * ROW_VALUE - ROW_RUNNING - 8) / 2)
        self.zero = ROW_LABEL + ROW_VALUE + self.half
        right = width - 6
        titles = {"pq": "KL(p‖q): averaged under p", "qp": "KL(q‖p): averaged under q"}
        span = 4 * ROW_HEIGHT
        zero = self.zero
        parts = []
        for key, top in ROW_TOP.items():
            parts.append(svg("text", titles[key], x=8, y=top - 18, cls="row-title row-" + key))
            parts.append(
                svg("text", "running sum", x=right, y=top - 18, cls="tick", text_anchor="end")
            )
            parts.append(svg("line", x1=zero, x2=zero, y1=top - 6, y2=top + span, cls="axis"))
            for i, x in enumerate(state.OUTCOMES):
                y = top + i * ROW_HEIGHT
                inner = (
                    svg("rect", x=0, y=y - 3, width=width, height=ROW_HEIGHT, cls="hit")
                    + svg("text", x, x=8, y=y + 16, cls="label")
                    + chip(8, y + 20, i)
                    + svg("rect", y=y + 2, height=ROW_HEIGHT - 10, cls="term-" + key)
                    + svg("text", y=y + 17, cls="val term-value")
                    + self.running_cell(key, i, right, y + 17)
                )
                parts.append(svg("g", inner, cls=f"outcome row-{key}-outcome", data_outcome=x))
        return parts

    @staticmethod
    def running_cell(key, i, right, y):
        """The running sum's cell; after the last term it is the total, named, not valued."""
        if i < len(state.OUTCOMES) - 1:
            return svg("text", x=right, y=y, cls="val running", text_anchor="end")
        cls = f"val running-total total-{key}"
        return svg("text", f"= {NAMES[key]}", x=right, y=y, cls=cls, text_anchor="end")

    def find_nodes(self):
        self.nodes = {}
        for key in ROW_TOP:
            self.nodes[key] = [
                tuple(group.querySelector(c) for c in (f".term-{key}", ".term-value", ".running"))
                for group in self.node.querySelectorAll(f".row-{key}-outcome")
            ]

    def draw(self, snap):
        terms = {"pq": snap.terms_pq, "qp": snap.terms_qp}
        totals = {"pq": snap.kl_pq, "qp": snap.kl_qp}
        extent = max(MIN_TERM_EXTENT, max(abs(t) for t in snap.terms_pq + snap.terms_qp))
        at = Scale(0, extent, self.zero, self.zero + self.half)  # where a term's bar ends
        described = []
        for key, rows in self.nodes.items():
            running = 0.0
            for (bar, value, run_text), term in zip(rows, terms[key], strict=True):
                running += term
                end = at(term)
                width = abs(end - self.zero)
                bar.setAttribute("x", str(min(end, self.zero)))
                bar.setAttribute("width", str(max(width, MIN_BAR)))
                bar.classList.toggle("negative", term < 0)
                value.setAttribute("x", str(end - 6 if term < 0 else end + 6))
                value.setAttribute("text-anchor", "end" if term < 0 else "start")
                value.textContent = info(term, self.unit)
                if not is_none(run_text):  # the last row names the total instead
                    run_text.textContent = info(running, self.unit)
            listed = ", ".join(
                f"{x} {info(t, self.unit)}" for x, t in zip(state.OUTCOMES, terms[key], strict=True)
            )
            described.append(
                f"{NAMES[key]} terms: {listed}; total {info(totals[key], self.unit)} {self.unit}"
            )
        self.node.setAttribute("aria-label", ". ".join(described))
