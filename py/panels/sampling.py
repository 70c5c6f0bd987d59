"""The sampling view: seeded draws from the averaging distribution, and three estimators.

It uses the demo's current q and obeys the reveal rule: while a round is open it
shows the draws but neither the running means nor the exact total.  Both charts
are drawn in CSS pixels at their rendered width (a ResizeObserver redraws them),
so their text is the size the stylesheet says at any screen width.
"""

from core import charts, sampling, state
from core.charts import FONT, LABEL_FONT, Scale, fitting_ticks, svg, text_width
from core.errors import LearnerInputError
from core.state import Change
from core.text import in_unit
from core.units import log_name
from dom import NearView

HEIGHT = 260
DEFAULT_WIDTH = 560
#: Estimator line classes, in the order of sampling.ESTIMATORS.
ESTIMATOR_CLASSES = {"k1": "est-k1", "k2": "est-k2", "k3": "est-k3"}


def x_axis(scale, top, bottom, span, title):
    """Draw-number ticks under the plot, spaced so that their labels never touch."""
    values, labels = fitting_ticks(0, span, scale.r1 - scale.r0, text_width)
    parts = [svg("line", x1=scale.r0, x2=scale.r1, y1=bottom, y2=bottom, cls="axis")]
    for v, label in zip(values, labels, strict=True):
        x = f"{scale(v):.1f}"
        parts.append(svg("line", x1=x, x2=x, y1=bottom, y2=bottom + 4, cls="axis"))
        parts.append(svg("text", label, x=x, y=bottom + 18, cls="tick", text_anchor="middle"))
    parts.append(svg("text", title, x=scale.r1, y=bottom + 36, cls="axis-title", text_anchor="end"))
    return "".join(parts)


def y_axis(scale, left, right, title):
    """Value ticks with grid lines, and the axis title above the plot."""
    lo, hi = sorted((scale.d0, scale.d1))
    values, labels = fitting_ticks(lo, hi, abs(scale.r1 - scale.r0), lambda t: FONT, pad=10)
    parts = []
    for v, label in zip(values, labels, strict=True):
        y = f"{scale(v):.1f}"
        parts.append(svg("line", x1=left, x2=right, y1=y, y2=y, cls="zero" if v == 0 else "grid"))
        parts.append(
            svg("text", label, x=left - 6, y=f"{scale(v) + 4.5:.1f}", cls="tick", text_anchor="end")
        )
    parts.append(svg("text", title, x=4, y=14, cls="axis-title"))
    return "".join(parts)


def right_labels(labels, top, bottom, x):
    """Labels beside the plot's right edge at their values, pushed apart so none overlap."""
    ys = charts.dodge([y for _, y, _ in labels], LABEL_FONT + 3, top + 6, bottom - 2)
    return "".join(
        svg("text", text, x=x, y=f"{y + 5:.1f}", cls=f"end-label {cls}")
        for (text, _, cls), y in zip(labels, ys, strict=True)
    )


def tick_room(scale):
    """Room the value ticks need left of the plot."""
    lo, hi = sorted((scale.d0, scale.d1))
    _, labels = fitting_ticks(lo, hi, abs(scale.r1 - scale.r0), lambda t: FONT, pad=10)
    return max(text_width(t) for t in labels) + 10


def frame(clip_id, x, y, span, y_title, x_title):
    """The plot's clip rectangle and both axes, for scales ``x`` (draws) and ``y`` (nats)."""
    left, right, bottom, top = x.r0, x.r1, y.r0, y.r1
    clip = svg("rect", x=left, y=top, width=right - left, height=bottom - top)
    return [
        svg("clipPath", clip, id=clip_id),
        y_axis(y, left, right, y_title),
        x_axis(x, top, bottom, span, x_title),
    ]


def band_path(stats, x, y):
    """The band two standard errors either side of a running mean, closed; "" until it has one."""
    band = [(x(k), y(m + 2 * se)) for k, m, se in stats if se is not None]
    band += [(x(k), y(m - 2 * se)) for k, m, se in reversed(stats) if se is not None]
    return line_path(band) + "Z" if band else ""


def line_path(points):
    return "".join(f"{'L' if i else 'M'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(points))


class SamplingView(NearView):
    """Draws and estimates from the demo's current q; a new q starts the draws afresh.

    Its readout, table and text alternatives follow q at once; its two charts are drawn
    only near the viewport, so a slider input in the demo does not pay for them."""

    renders = frozenset({Change.INIT, Change.WEIGHTS, Change.REVEAL, Change.ROUND, Change.UNIT})

    def bind(self):
        self.chart, self.readout, self.seed_box, self.seed_error = self.find_each(
            "#sampling-chart", "#sampling-readout", "#sample-seed", "#seed-error"
        )
        self.est_chart, self.est_table, self.est_note, self.est_body = self.find_each(
            "#estimator-chart", "#estimator-table", "#estimator-note", "#estimators-body"
        )
        self.direction = "forward"
        self.seed = 1
        self.width = DEFAULT_WIDTH
        self.est_width = DEFAULT_WIDTH
        self.sampler = None
        self.listen_buttons("draw", self.on_click)
        self.listen(self.root, "change", self.on_change)
        self.watch_near(self.root)
        self.watch_width(self.chart, self.on_width)
        self.watch_width(self.est_chart, self.on_est_width)

    # ---- events --------------------------------------------------------------------

    def reset(self):
        self.sampler = sampling.Sampler(state.P, self.nb.current.q, self.direction, self.seed)
        self.draw()

    def on_width(self, width):
        if width != self.width:
            self.width = width
            self.paint_when_near()

    def on_est_width(self, width):
        if width != self.est_width:
            self.est_width = width
            self.paint_when_near()

    def on_click(self, button, count):
        if count is not None:
            self.sampler.draw(int(count))
            self.draw()
        elif button.id == "sample-reset":
            self.reset()

    def on_change(self, event):
        target = event.target
        if target.name == "sample-direction":
            self.direction = target.value
            self.reset()
        elif target == self.seed_box:
            try:
                self.seed = sampling.parse_seed(target.value)
            except LearnerInputError as problem:
                self.seed_error.textContent = str(problem)
                self.seed_error.hidden = False
                self.seed_box.setAttribute("aria-invalid", "true")
                return
            self.seed_error.hidden = True
            self.seed_error.textContent = ""
            self.seed_box.removeAttribute("aria-invalid")
            self.seed_box.value = str(self.seed)
            self.reset()

    def render(self, change):
        if change in (Change.INIT, Change.WEIGHTS):
            self.reset()  # a new q: earlier draws no longer average the same thing
        else:
            self.draw()  # the reveal rule, or the unit: the same draws, drawn again
        self.paint_now(change)

    # ---- drawing -------------------------------------------------------------------

    def draw(self):
        """The words at once; the charts now if near the viewport, else once they are."""
        s, revealed, unit = self.sampler, self.nb.revealed, self.nb.unit
        text = s.describe(revealed, unit)
        self.readout.textContent = text
        self.chart.setAttribute(
            "aria-label", f"{text} {s.describe_rows(unit)}" if s.values else text
        )
        self.est_body.hidden = not revealed
        self.est_note.hidden = revealed
        if revealed:
            self.fill_table(sampling.estimator_rows(s, revealed, unit))
            self.est_chart.setAttribute(
                "aria-label", sampling.describe_estimators(s, revealed, unit)
            )
        self.paint_when_near()

    def paint(self):
        self.draw_samples()
        self.draw_estimators()

    def draw_samples(self):
        s, revealed, width, unit = self.sampler, self.nb.revealed, self.width, self.nb.unit
        rows = [(i, v) for i, v in enumerate(s.row_values) if v is not None and s.source[i] > 0]
        lo = min([0.0] + [in_unit(v, unit) for _, v in rows])
        hi = max([0.0] + [in_unit(v, unit) for _, v in rows])
        pad = max(hi - lo, 0.5) * 0.08
        lo, hi = lo - pad, hi + pad
        top, bottom = 26, HEIGHT - 44
        axis = Scale(lo, hi, bottom, top)  # in the chosen unit, for the ticks

        def y(nats):  # where a figure computed in nats goes
            return axis(in_unit(nats, unit))

        left = max(tick_room(axis), 36)
        row_texts = [f"x{i + 1} {s.source[i]:.0%}" for i, _ in rows]
        label_room = (
            max(text_width(t, LABEL_FONT, bold=True) for t in [*row_texts, "exact", "mean"]) + 12
        )
        right = width - label_room
        n = len(s.values)
        span = max(n, 100)
        x = Scale(0, span, left, right)
        ratio = "p(x)/q(x)" if self.direction == "forward" else "q(x)/p(x)"
        title = f"{log_name(unit)} {ratio}, in {unit}"
        parts = frame("sampling-clip", x, axis, span, title, "draw number")
        labels = []
        for (i, v), text in zip(rows, row_texts, strict=True):
            thickness = 1 + 9 * s.source[i]  # how often this row is drawn
            parts.append(
                svg(
                    "line",
                    x1=left,
                    x2=right,
                    y1=f"{y(v):.1f}",
                    y2=f"{y(v):.1f}",
                    stroke_width=f"{thickness:.1f}",
                    cls=f"row-guide {self.direction}",
                )
            )
            labels.append((text, y(v), "row-label"))
        values = s.values[-2000:]
        offset = n - len(values)
        dots = "".join(f"M{x(offset + k + 0.5):.1f} {y(v):.1f}h0" for k, v in enumerate(values))
        if dots:
            parts.append(svg("path", d=dots, cls=f"dots {self.direction}"))
        stats = s.running_stats() if revealed and n else []
        if revealed:
            e = f"{y(s.exact):.1f}"
            parts.append(svg("line", x1=left, x2=right, y1=e, y2=e, cls="exact-line"))
            labels.append(("exact", y(s.exact), "exact-label"))
        if stats:
            line = [(x(k), y(m)) for k, m, _ in stats]
            band = band_path(stats, x, y)
            if band:
                parts.append(svg("path", d=band, cls="band", clip_path="url(#sampling-clip)"))
            parts.append(
                svg("path", d=line_path(line), cls="mean-line", clip_path="url(#sampling-clip)")
            )
            labels.append(("mean", y(stats[-1][1]), "mean-label"))
        parts.append(right_labels(labels, top, bottom, right + 8))
        self.chart.setAttribute("viewBox", f"0 0 {width} {HEIGHT}")
        self.chart.innerHTML = "".join(parts)  # our own numbers and words only

    def draw_estimators(self):
        s, revealed, width, unit = self.sampler, self.nb.revealed, self.est_width, self.nb.unit
        if not revealed:
            return
        series = {k: s.running_stats(estimator=k) for k in sampling.ESTIMATORS}
        limit_k2 = s.expectation("k2")
        marks = [0.0, s.exact, limit_k2] + [m for k in series for _, m, _ in series[k]]
        lo, hi = min(marks), max(marks)
        pad = max(hi - lo, 0.05) * 0.1
        lo, hi = in_unit(lo - pad, unit), in_unit(hi + pad, unit)
        top, bottom = 26, HEIGHT - 44
        axis = Scale(lo, hi, bottom, top)  # in the chosen unit, for the ticks

        def y(nats):  # where a figure computed in nats goes
            return axis(in_unit(nats, unit))

        left = max(tick_room(axis), 36)
        right = width - (text_width("k2 limit", LABEL_FONT, bold=True) + 12)
        n = len(s.values)
        span = max(n, 100)
        x = Scale(0, span, left, right)
        parts = frame(
            "estimator-clip", x, axis, span, f"estimate of {s.name}, in {unit}", "draws averaged"
        )
        e = f"{y(s.exact):.1f}"
        parts.append(svg("line", x1=left, x2=right, y1=e, y2=e, cls="exact-line"))
        k2 = f"{y(limit_k2):.1f}"
        parts.append(svg("line", x1=left, x2=right, y1=k2, y2=k2, cls="limit-line est-k2"))
        labels = [("exact", y(s.exact), "exact-label"), ("k2 limit", y(limit_k2), "est-k2")]
        for name, stats in series.items():
            if not stats:
                continue
            cls = ESTIMATOR_CLASSES[name]
            band = band_path(stats, x, y)
            if band:
                parts.append(
                    svg(
                        "path",
                        d=band,
                        cls=f"est-band {cls}",
                        clip_path="url(#estimator-clip)",
                    )
                )
            parts.append(
                svg(
                    "path",
                    d=line_path([(x(k), y(m)) for k, m, _ in stats]),
                    cls=f"est-line {cls}",
                    clip_path="url(#estimator-clip)",
                )
            )
            labels.append((name, y(stats[-1][1]), cls))
        parts.append(right_labels(labels, top, bottom, right + 8))
        self.est_chart.setAttribute("viewBox", f"0 0 {width} {HEIGHT}")
        self.est_chart.innerHTML = "".join(parts)  # our own numbers and words only

    def fill_table(self, rows):
        body_rows = self.est_table.querySelectorAll("tbody tr")
        for k, tr in enumerate(body_rows):
            if k < len(rows):
                heading, cells = rows[k]
                tr.hidden = False
                tr.querySelector("th").textContent = heading
                for td, text in zip(tr.querySelectorAll("td"), cells, strict=True):
                    td.textContent = text
            else:
                tr.hidden = True
