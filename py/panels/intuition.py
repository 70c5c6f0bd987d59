"""The pictures of core/intuition.py: landings in Intuition, the identity bar in Math.

Both follow ``nb.shown`` (the last revealed demo state), like the rest of the reading
sections, so neither gives away a round that is still open.  Both are drawn in CSS
pixels at their rendered width (a ResizeObserver redraws them), so their text is the
size the stylesheet says at any screen width.
"""

import math

from core import intuition, state
from core.charts import FONT, Scale, fitting_ticks, rect, share, svg, text_width
from core.intuition import signed, wrap
from core.state import Change
from core.text import in_unit, info
from dom import NearView, guarded
from pyodide.ffi import create_proxy
from pyscript import window

DEFAULT_WIDTH = 640
#: Time between two ticks of Play, in milliseconds.
TICK_MS = 150
#: How far a drawn outcome falls before it lands (the stylesheet's animation uses the same).
FALL = 48
TITLE_FONT = 15
SIDE = 8


def title_lines(text, width, y):
    """The picture's title, wrapped to its width: (list of markup, y below the last line)."""
    parts = []
    for line in wrap(text, width - 2 * SIDE, TITLE_FONT, bold=True):
        parts.append(svg("text", line, x=SIDE, y=y, cls="pic-title"))
        y += TITLE_FONT + 5
    return parts, y


def reduced_motion():
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches


class LandingsPicture(NearView):
    """Draws from p (or q) land on the four outcomes; the running average settles on the KL."""

    renders = frozenset({Change.INIT, Change.WEIGHTS, Change.REVEAL, Change.UNIT})

    def bind(self):
        self.chart, self.readout, self.play_button, self.swap_button = self.find_each(
            "#landings-chart", "#landings-readout", "#landings-play", "#landings-swap"
        )
        self.width = DEFAULT_WIDTH
        self.run = None
        self.timer = None
        self.animate = False  # whether the latest landings fall into place
        self._tick = self.keep(create_proxy(guarded(self.tick)))  # one proxy for every tick
        self.listen_buttons("land", self.on_click)
        self.watch_near(self.chart)
        self.watch_width(self.chart, self.on_width)

    def dispose(self):
        self.pause()  # a timer still running would call a destroyed proxy
        super().dispose()

    # ---- events --------------------------------------------------------------------

    def on_width(self, width):
        if width != self.width:
            self.width = width
            self.animate = False
            self.paint_when_near()

    def on_click(self, button, count):
        if count is not None:
            self.pause()
            self.run.draw(int(count))
            self.animate = int(count) == 1 and not reduced_motion()
            self.show()
        elif button == self.play_button:
            self.pause() if self.timer is not None else self.play()
        elif button == self.swap_button:
            self.run = self.run.swapped()
            self.animate = False
            self.swap_button.setAttribute(
                "aria-pressed", str(self.run.direction == "reverse").lower()
            )
            self.show()
        elif button.id == "landings-reset":
            self.pause()
            self.run = self.run.restarted()
            self.show()

    def play(self):
        if self.run.n >= intuition.MAX_DRAWS:
            self.run = self.run.restarted()
        if reduced_motion():  # no animation: the steps jump straight to the end
            while self.run.draw(intuition.play_batch(self.run.n)):
                pass
            self.animate = False
            self.show()
            return
        self.timer = window.setInterval(self._tick, TICK_MS)
        self.play_button.textContent = "Pause"
        self.readout.setAttribute("aria-busy", "true")  # announce where it stops, not each tick
        self.tick()

    def pause(self):
        if self.timer is not None:
            window.clearInterval(self.timer)
            self.timer = None
            self.play_button.textContent = "Play"
            self.readout.setAttribute("aria-busy", "false")

    def tick(self, *_):
        drawn = self.run.draw(intuition.play_batch(self.run.n))
        self.animate = 0 < drawn <= 3
        if self.run.n >= intuition.MAX_DRAWS:
            self.pause()
        self.show()

    def render(self, change):
        q = self.nb.shown.q
        if self.run is None or self.run.q != q:
            direction = "forward" if self.run is None else self.run.direction
            self.pause()  # a new q: the draws so far averaged another log-ratio
            self.run = intuition.Landings(state.P, q, direction)
            self.animate = False
        self.show()
        self.paint_now(change)

    # ---- drawing -------------------------------------------------------------------

    def show(self):
        """Update the text alternative and readout now; draw when the picture is near view."""
        self.chart.setAttribute("aria-label", self.run.describe(self.nb.unit))
        self.readout.textContent = self.run.readout(self.nb.unit)
        self.paint_when_near()

    def paint(self):
        run, unit, width = self.run, self.nb.unit, self.width
        u = unit.value
        parts, y = title_lines(run.title() + f" ({u})", width, 20)
        for line in wrap(run.legend(), width - 2 * SIDE, FONT):
            parts.append(svg("text", line, x=SIDE, y=y, cls="pic-legend"))
            y += FONT + 4
        columns, y = self.columns(y)
        parts.append(columns)
        parts.append(self.average(y + 32))
        height = y + 32 + AVERAGE_HEIGHT
        self.chart.setAttribute("viewBox", f"0 0 {width} {height:.0f}")
        self.chart.innerHTML = "".join(parts)  # our own numbers and words only

    def columns(self, top):
        """The four outcomes: what p and q give each, the landings so far, what a landing pays."""
        run, unit, width = self.run, self.nb.unit, self.width
        span = (width - 2 * SIDE) / 4
        header, drop = top + 14, top + 50
        floor = drop + FALL + 66  # the bins' floor; a bin full to the top is every draw
        bin_height = floor - drop - FALL + 30
        parts = []
        latest = set(run.latest) if self.animate else set()
        for i, (pay, p_i, q_i) in enumerate(zip(run.pays, run.p, run.q, strict=True)):
            left = SIDE + i * span
            mid = left + span / 2
            sign = "pay-plus" if pay > 0 else "pay-minus" if pay < 0 else "pay-zero"
            parts.append(svg("text", f"x{i + 1}", x=f"{mid:.1f}", y=header, cls="pic-outcome"))
            parts.append(svg("text", f"p {share(p_i)}", x=f"{mid:.1f}", y=header + 16, cls="pic-p"))
            parts.append(svg("text", f"q {share(q_i)}", x=f"{mid:.1f}", y=header + 31, cls="pic-q"))
            bar_w = min(span * 0.56, 64)
            x0 = mid - bar_w / 2
            parts.append(rect(x0, floor - bin_height, bar_w, bin_height, "pic-bin"))
            expected = floor - bin_height * run.source[i]
            parts.append(
                svg(
                    "line",
                    x1=f"{x0 - 4:.1f}",
                    x2=f"{x0 + bar_w + 4:.1f}",
                    y1=f"{expected:.1f}",
                    y2=f"{expected:.1f}",
                    cls=f"pic-expected from-{run.source_name}",
                )
            )
            count = run.counts[i]
            landed = count / run.n if run.n else 0.0
            top_of_bar = floor - bin_height * landed
            if count:
                height = floor - top_of_bar
                parts.append(rect(x0, top_of_bar, bar_w, height, f"pic-landed {sign}"))
            parts.append(
                svg(
                    "text",
                    str(count),
                    x=f"{mid:.1f}",
                    y=f"{min(top_of_bar, expected) - 6:.1f}",
                    cls="pic-count",
                )
            )
            if i in latest:
                parts.append(
                    svg(
                        "circle",
                        cx=f"{mid:.1f}",
                        cy=f"{top_of_bar - 7:.1f}",
                        r="6",
                        cls=f"pic-drop {sign}",
                    )
                )
            parts.append(svg("text", "pays", x=f"{mid:.1f}", y=f"{floor + 18:.1f}", cls="pic-pays"))
            parts.append(
                svg(
                    "text",
                    signed(pay, unit),
                    x=f"{mid:.1f}",
                    y=f"{floor + 36:.1f}",
                    cls=f"pic-pay {sign}",
                )
            )
        parts.append(
            svg("line", x1=SIDE, x2=width - SIDE, y1=f"{floor:.1f}", y2=f"{floor:.1f}", cls="axis")
        )
        return "".join(parts), floor + 36

    def average(self, top):
        """The running average of the payments against the exact total, on a log scale of draws."""
        run, unit, width = self.run, self.nb.unit, self.width
        u = unit.value
        parts = []
        if run.n:
            heading = (
                f"Running average after {run.n} draw{'s' if run.n != 1 else ''}: "
                f"{info(run.mean, unit)} {u}"
            )
        else:
            heading = "Running average of the payments: press Draw or Play"
        y = top
        for line in wrap(heading, width - 2 * SIDE, FONT + 1, bold=True):
            parts.append(svg("text", line, x=SIDE, y=y, cls="pic-heading"))
            y += FONT + 5
        values = [in_unit(v, unit) for v in run.pays] + [0.0]
        lo, hi = min(values), max(values)
        pad = max(hi - lo, 0.2) * 0.08
        plot_top, plot_bottom = y + 4, top + AVERAGE_HEIGHT - 40
        scale_y = Scale(lo - pad, hi + pad, plot_bottom, plot_top)
        tick_values, tick_labels = fitting_ticks(
            lo - pad, hi + pad, plot_bottom - plot_top, lambda t: FONT, pad=8
        )
        left = max(text_width(t) for t in tick_labels) + SIDE + 8
        right = width - SIDE
        scale_x = Scale(0, _log(intuition.MAX_DRAWS), left, right)
        for value, label in zip(tick_values, tick_labels, strict=True):
            py = f"{scale_y(value):.1f}"
            parts.append(
                svg("line", x1=left, x2=right, y1=py, y2=py, cls="zero" if value == 0 else "grid")
            )
            parts.append(
                svg(
                    "text",
                    label,
                    x=left - 6,
                    y=f"{scale_y(value) + 4.5:.1f}",
                    cls="tick",
                    text_anchor="end",
                )
            )
        for draws in (1, 10, 100, 1000):
            px = f"{scale_x(_log(draws)):.1f}"
            parts.append(svg("line", x1=px, x2=px, y1=plot_bottom, y2=plot_bottom + 4, cls="axis"))
            parts.append(
                svg(
                    "text", f"{draws:,}", x=px, y=plot_bottom + 18, cls="tick", text_anchor="middle"
                )
            )
        parts.append(
            svg(
                "text",
                f"draws so far (log scale); payments in {u}",
                x=right,
                y=plot_bottom + 34,
                cls="axis-title",
                text_anchor="end",
            )
        )
        exact = in_unit(run.exact, unit)
        ey = scale_y(exact)
        parts.append(
            svg("line", x1=left, x2=right, y1=f"{ey:.1f}", y2=f"{ey:.1f}", cls="exact-line")
        )
        label = f"{run.name} = {info(run.exact, unit)} {u}"
        above = ey - 6 if ey - 6 - FONT > plot_top else ey + FONT + 4
        parts.append(
            svg("text", label, x=right - 2, y=f"{above:.1f}", cls="pic-exact", text_anchor="end")
        )
        points = run.trace()
        if points:
            path = "".join(
                f"{'L' if k else 'M'}{scale_x(_log(n)):.1f} {scale_y(in_unit(m, unit)):.1f}"
                for k, (n, m) in enumerate(points)
            )
            parts.append(svg("path", d=path, cls="mean-line"))
            n, m = points[-1]
            parts.append(
                svg(
                    "circle",
                    cx=f"{scale_x(_log(n)):.1f}",
                    cy=f"{scale_y(in_unit(m, unit)):.1f}",
                    r="4",
                    cls="pic-mean-dot",
                )
            )
        return "".join(parts)


#: Height of the running-average chart, its heading and its axis.
AVERAGE_HEIGHT = 210


def _log(draws):
    """Where ``draws`` sits on the log axis (1 draw at 0)."""
    return math.log10(draws)


class IdentityBar(NearView):
    """H(p, q) as one bar cut in two: H(p), fixed, and KL(p‖q), which moves with q."""

    renders = frozenset({Change.INIT, Change.WEIGHTS, Change.REVEAL, Change.UNIT})

    def bind(self):
        self.chart = self.find("#identity-chart")
        self.width = DEFAULT_WIDTH
        self.drawn = None  # (q, unit, width) of the drawing on the page
        self.watch_near(self.chart)
        self.watch_width(self.chart, self.on_width)

    def on_width(self, width):
        if width != self.width:
            self.width = width
            self.paint_when_near()

    def render(self, change):
        self.bar = intuition.identity(state.P, self.nb.shown.q)
        self.chart.setAttribute("aria-label", self.bar.describe(self.nb.unit))
        self.paint_when_near()
        self.paint_now(change)

    def paint(self):
        key = (self.nb.shown.q, self.nb.unit, self.width)
        if key == self.drawn:
            return
        self.drawn = key
        bar, unit, width = self.bar, self.nb.unit, self.width
        u = unit.value
        parts, y = title_lines(
            "Cross-entropy = entropy + KL, for q = ("
            + ", ".join(f"{v:.3g}" for v in self.nb.shown.q)
            + ")",
            width,
            20,
        )
        h, d = in_unit(bar.entropy, unit), in_unit(bar.divergence, unit)
        total = h + d
        hi = max(2 * h, total * 1.04)
        left, right = SIDE + 4, width - SIDE - 4
        x = Scale(0, hi, left, right)
        top = y + 22
        total_label = f"H(p, q) = {info(bar.cross_entropy, unit)} {u}"
        label_x = min(
            max((x(0) + x(total)) / 2, left + text_width(total_label, 14, True) / 2),
            right - text_width(total_label, 14, True) / 2,
        )
        parts.append(svg("text", total_label, x=f"{label_x:.1f}", y=top, cls="pic-total"))
        b = top + 8
        parts.append(
            svg("path", d=f"M{x(0):.1f} {b + 8}V{b}H{x(total):.1f}V{b + 8}", cls="pic-bracket")
        )
        bar_top, bar_h = b + 14, 36
        parts.append(rect(x(0), bar_top, x(h) - x(0), bar_h, "seg-entropy"))
        parts.append(rect(x(h), bar_top, max(x(total) - x(h), 0), bar_h, "seg-kl"))
        labels = (
            (f"H(p) = {info(bar.entropy, unit)} {u}", "fixed: p does not change", 0, h, "lab-p"),
            (f"KL(p‖q) = {info(bar.divergence, unit)} {u}", "moves with q", h, total, "lab-kl"),
        )
        row = bar_top + bar_h + 18
        placed_right = left - 12
        bottom = row
        for main, note, a, z, cls in labels:
            w = max(text_width(main, 14, True), text_width(note, 12))
            centre = (x(a) + x(z)) / 2
            lx = min(max(centre - w / 2, left), right - w)
            ly = row
            if lx < placed_right + 12:  # would touch the label before it: one row lower
                ly = row + 38
                lx = min(max(centre - w / 2, left), right - w)
            if ly > row:  # moved down a row: a leader ties it to its segment
                tick_x = f"{min(max(centre, lx + 4), lx + w - 4):.1f}"
                parts.append(
                    svg(
                        "line",
                        x1=f"{centre:.1f}",
                        x2=tick_x,
                        y1=bar_top + bar_h + 2,
                        y2=ly - 13,
                        cls="pic-leader",
                    )
                )
            parts.append(svg("text", main, x=f"{lx:.1f}", y=ly, cls=f"pic-seg {cls}"))
            parts.append(svg("text", note, x=f"{lx:.1f}", y=ly + 16, cls="pic-note"))
            placed_right = lx + w
            bottom = max(bottom, ly + 16)
        axis_y = bottom + 16
        values, tick_labels = fitting_ticks(0, hi, right - left, text_width)
        parts.append(svg("line", x1=left, x2=right, y1=axis_y, y2=axis_y, cls="axis"))
        for v, t in zip(values, tick_labels, strict=True):
            px = f"{x(v):.1f}"
            parts.append(svg("line", x1=px, x2=px, y1=axis_y, y2=axis_y + 4, cls="axis"))
            parts.append(svg("text", t, x=px, y=axis_y + 18, cls="tick", text_anchor="middle"))
        parts.append(svg("text", u, x=right, y=axis_y + 34, cls="axis-title", text_anchor="end"))
        height = axis_y + 40
        self.chart.setAttribute("viewBox", f"0 0 {width} {height:.0f}")
        self.chart.innerHTML = "".join(parts)  # our own numbers and words only
