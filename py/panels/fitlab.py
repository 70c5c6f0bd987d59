"""The fit lab panel: two-mode p, the two fitted bell curves, your own q, and both landscapes.

Every chart is drawn in CSS pixels at its rendered width (redrawn by a
ResizeObserver), so chart text is the size the stylesheet says.  A slider step
only sets attributes and text: the grid behind the maps is computed once per p.
"""

import math

from core import charts, fitlab
from core.charts import FONT, LABEL_FONT, Scale, fitting_ticks, rect, share, svg, text_width
from core.state import Change
from core.text import Unit, in_unit, info, num
from dom import PredictionPanel

CURVE_HEIGHT = 250
DEFAULT_WIDTH = 560
#: The curve chart's probability scale: a bell narrower than width 1 leaves the top.
Y_MAX = 0.3
#: Map colour: KL above the map's own minimum on a log scale, so shallow basins still show.
COLOUR_SOFTNESS = 0.005  # nats: differences far below this all look like the minimum
COLOUR_TOP = 30.0  # nats above the minimum that get the lightest colour
LEGEND_STEPS = (0.0, 0.03, 0.3, 3.0, 30.0)
PALETTE = [charts.colour(k / 255) for k in range(256)]
CURVE_WORDS = {"yours": "your q", "forward": "forward fit", "reverse": "reverse fit"}
MAP_NAMES = {"forward": "KL(p‖q)", "reverse": "KL(q‖p)"}


def shade(excess):
    """Where a KL this far above the map's minimum sits on the colour scale, 0 to 1."""
    return math.log1p(excess / COLOUR_SOFTNESS) / math.log1p(COLOUR_TOP / COLOUR_SOFTNESS)


def short(value, unit=Unit.NATS):
    """A map legend value in ``unit``: two decimals, three below 0.1."""
    shown = in_unit(value, unit)
    return num(shown, 2 if shown >= 0.1 else 3)


class CurveChart:
    """p as bars and up to three bell curves, each with its own colour and a direct label."""

    def __init__(self, svg_node):
        self.node = svg_node
        self.width = DEFAULT_WIDTH
        self.curves = {}  # name -> q currently drawn

    def build(self, p):
        """Axes and p's bars; the curves are set afterwards with ``show``."""
        w, h = self.width, CURVE_HEIGHT
        top, bottom = 26, h - 42
        y = Scale(0, Y_MAX, bottom, top)
        y_values, y_labels = fitting_ticks(
            0, Y_MAX, bottom - top, lambda t: FONT, minimum=0.05, pad=10
        )
        y_labels = [f"{v:.0%}" for v in y_values]
        left = max(text_width(t) for t in y_labels) + 12
        right = w - 8
        x = Scale(-0.5, fitlab.K - 0.5, left, right)
        self.x, self.y, self.box = x, y, (left, top, right, bottom)
        parts = [
            svg(
                "clipPath",
                svg("rect", x=left, y=top - 4, width=right - left, height=bottom - top + 4),
                id="fit-clip",
            ),
        ]
        for v, label in zip(y_values, y_labels, strict=True):
            yy = f"{y(v):.1f}"
            parts.append(svg("line", x1=left, x2=right, y1=yy, y2=yy, cls="grid"))
            parts.append(
                svg("text", label, x=left - 6, y=f"{y(v) + 4.5:.1f}", cls="tick", text_anchor="end")
            )
        x_values, x_labels = fitting_ticks(
            0, fitlab.K - 1, x(fitlab.K - 1) - x(0), text_width, minimum=1
        )
        parts.append(svg("line", x1=left, x2=right, y1=bottom, y2=bottom, cls="axis"))
        for v, label in zip(x_values, x_labels, strict=True):
            parts.append(
                svg("text", label, x=f"{x(v):.1f}", y=bottom + 17, cls="tick", text_anchor="middle")
            )
        parts.append(
            svg("text", "outcome", x=right, y=bottom + 36, cls="axis-title", text_anchor="end")
        )
        parts.append(svg("text", "probability", x=4, y=14, cls="axis-title"))
        bar = 0.7 * (x(1) - x(0))
        for i, v in enumerate(p):
            parts.append(rect(x(i) - bar / 2, y(v), bar, bottom - y(v), "fit-p"))
        for name in ("forward", "reverse", "yours"):
            parts.append(
                svg(
                    "path", cls=f"curve fit-{name}", clip_path="url(#fit-clip)", visibility="hidden"
                )
            )
        for name in ("p", "forward", "reverse", "yours"):
            parts.append(
                svg(
                    "text",
                    CURVE_WORDS.get(name, "p"),
                    cls=f"curve-label label-{name}",
                    visibility="hidden",
                )
            )
        self.node.setAttribute("viewBox", f"0 0 {w} {h}")
        self.node.innerHTML = "".join(parts)  # our own numbers and words only
        self.p = p
        for name, q in list(self.curves.items()):
            self.show(name, q)
        self.place_labels()

    def show(self, name, q):
        """Draw one curve (``q`` a distribution) or hide it (``q`` None)."""
        path = self.node.querySelector(f".fit-{name}")
        if q is None:
            self.curves.pop(name, None)
            path.setAttribute("visibility", "hidden")
            return
        self.curves[name] = q
        d = "".join(f"{'L' if i else 'M'}{self.x(i):.1f} {self.y(v):.1f}" for i, v in enumerate(q))
        path.setAttribute("d", d)
        path.setAttribute("visibility", "visible")

    def place_labels(self):
        """Each label beside its own curve's peak, moved along the curve until none overlap."""
        left, top, right, bottom = self.box
        height = LABEL_FONT
        requests, names = [], []
        shapes = [("p", self.p)] + [
            (n, self.curves[n]) for n in ("forward", "reverse", "yours") if n in self.curves
        ]
        for name, dist in shapes:
            text = CURVE_WORDS.get(name, "p")
            width = text_width(text, LABEL_FONT, bold=True)
            peak = max(range(fitlab.K), key=dist.__getitem__)
            candidates = []
            for offset in (0, 2, -2, 4, -4, 6, -6, 8, -8):
                i = min(max(peak + offset, 0), fitlab.K - 1)
                cx, cy = self.x(i), min(self.y(dist[i]), bottom) - 6
                candidates += [(cx + 4, cy), (cx - width - 4, cy)]
            candidates += [(self.x(peak) + 6, top + height + 20 * k) for k in range(1, 6)]
            requests.append((width, height, candidates))
            names.append(name)
        spots = charts.place_labels(requests, (left + 2, top, right, bottom - 2))
        for name, (x, y) in zip(names, spots, strict=True):
            label = self.node.querySelector(f".label-{name}")
            label.setAttribute("x", f"{x:.1f}")
            label.setAttribute("y", f"{y:.1f}")
            label.setAttribute("visibility", "visible")
        for name in ("forward", "reverse", "yours"):
            if name not in self.curves:
                self.node.querySelector(f".label-{name}").setAttribute("visibility", "hidden")


class LandscapeMap:
    """One direction's KL over every (mean, width), banded by height above its minimum."""

    def __init__(self, svg_node, direction):
        self.node = svg_node
        self.direction = direction
        self.width = 0
        self.cells = {}  # (separation, width) -> the colour cells' markup
        self.unit = Unit.NATS  # the view sets the switch's unit before each build

    def build(self, lab):
        """The coloured cells, axes, legend and minima for one p; markers are moved later."""
        w = self.width
        values = lab.grid[self.direction]
        lowest = min(min(row) for row in values)
        left, top = 40, 24
        right = w - 10
        plot_height = min(max(0.62 * (right - left), 160), 240)
        bottom = top + plot_height
        x = Scale(fitlab.MEAN_RANGE[0] - 0.25, fitlab.MEAN_RANGE[1] + 0.25, left, right)
        y = Scale(fitlab.WIDTH_RANGE[0] - 0.25, fitlab.WIDTH_RANGE[1] + 0.25, bottom, top)
        self.x, self.y, self.box = x, y, (left, top, right, bottom)
        key = (lab.separation, w)
        if key not in self.cells:  # the colour grid of one p at one width is drawn once
            self.cells[key] = self.draw_cells(lab, values, lowest)
        parts = [self.cells[key]]
        parts.append(
            svg("rect", x=left, y=top, width=right - left, height=bottom - top, cls="map-frame")
        )
        xs, xl = fitting_ticks(0, 19, x(19) - x(0), text_width, minimum=1)
        for v, label in zip(xs, xl, strict=True):
            parts.append(
                svg(
                    "line", x1=f"{x(v):.1f}", x2=f"{x(v):.1f}", y1=bottom, y2=bottom + 4, cls="axis"
                )
            )
            parts.append(
                svg("text", label, x=f"{x(v):.1f}", y=bottom + 17, cls="tick", text_anchor="middle")
            )
        parts.append(
            svg("text", "mean of q", x=right, y=bottom + 34, cls="axis-title", text_anchor="end")
        )
        ys, yl = fitting_ticks(1, 9, y(1) - y(9), lambda t: FONT, minimum=1, pad=10)
        for v, label in zip(ys, yl, strict=True):
            parts.append(
                svg("text", label, x=left - 6, y=f"{y(v) + 4.5:.1f}", cls="tick", text_anchor="end")
            )
        parts.append(svg("text", "width of q", x=4, y=14, cls="axis-title"))
        legend_top = bottom + 60
        parts.append(self.legend(lowest, left, right, legend_top))
        minima = lab.minima(self.direction)
        marks, requests = [], []
        for k, fit in enumerate(minima):
            mx, my = x(fit.mean), y(fit.width)
            word = "lowest" if k == 0 else "local"
            shape = (
                svg("path", d=f"M{mx:.1f} {my - 7:.1f}l7 7-7 7-7-7z", cls="min-mark best")
                if k == 0
                else svg("circle", cx=f"{mx:.1f}", cy=f"{my:.1f}", r=5, cls="min-mark")
            )
            marks.append(shape)
            tw = text_width(word, LABEL_FONT, bold=True)
            requests.append((tw, LABEL_FONT, self.around(mx, my, tw)))
        self.mark_requests = requests
        self.minima_words = ["lowest" if k == 0 else "local" for k in range(len(minima))]
        parts.append(svg("path", cls="search-path", visibility="hidden"))
        parts.append(svg("rect", width=10, height=10, cls="search-start", visibility="hidden"))
        parts.append(svg("g", "".join(marks), cls="minima"))
        parts.append(
            svg(
                "g",
                svg("circle", r=7, cls="you-halo") + svg("circle", r=7, cls="you-ring"),
                cls="you",
            )
        )
        labels = "".join(
            svg("text", word, cls="map-label") for word in [*self.minima_words, "your q", "start"]
        )
        parts.append(svg("g", labels, cls="map-labels"))
        height = legend_top + 34
        self.node.setAttribute("viewBox", f"0 0 {w} {height:.0f}")
        self.node.innerHTML = "".join(parts)  # our own numbers and words only
        self.label_nodes = list(self.node.querySelectorAll(".map-label"))

    def draw_cells(self, lab, values, lowest):
        """One coloured rectangle per grid point, centred on its mean and width."""
        x, y = self.x, self.y
        cell_w = f"{x(0.5) - x(0) + 0.6:.1f}"
        cell_h = f"{y(0.5) - y(1.0) + 0.6:.1f}"
        xs = [f"{x(m - 0.25):.1f}" for m in lab.means]
        top = len(PALETTE) - 1
        parts = []
        for j, row in enumerate(values):
            y0 = f"{y(lab.widths[j] + 0.25):.1f}"
            for i, v in enumerate(row):
                fill = PALETTE[round(shade(v - lowest) * top)]
                parts.append(
                    f'<rect x="{xs[i]}" y="{y0}" width="{cell_w}" height="{cell_h}" fill="{fill}"/>'
                )
        return "".join(parts)

    @staticmethod
    def around(x, y, width):
        """Candidate label spots around a point: right, left, above, below."""
        return [
            (x + 10, y + 5),
            (x - width - 10, y + 5),
            (x - width / 2, y - 11),
            (x - width / 2, y + 21),
            (x + 10, y - 9),
            (x - width - 10, y + 19),
        ]

    def legend(self, lowest, left, right, top):
        """A colour bar labelled with the KL it stands for, on the map's own log scale."""
        gradient = "".join(
            svg("stop", offset=f"{k / 8:.3f}", stop_color=charts.colour(k / 8)) for k in range(9)
        )
        key = f"legend-{self.direction}"
        parts = [
            svg("linearGradient", gradient, id=key),
            svg("text", f"KL in {self.unit}, darker is lower", x=left, y=top - 6, cls="axis-title"),
            svg("rect", x=left, y=top, width=right - left, height=10, fill=f"url(#{key})"),
        ]
        bar = Scale(0, 1, left, right)
        last_end = -1e9
        for step in LEGEND_STEPS:
            text = short(lowest + step, self.unit)
            cx = bar(shade(step))
            half = text_width(text) / 2
            cx = min(max(cx, left + half), right - half)
            if cx - half < last_end + 6:
                continue
            parts.append(
                svg("line", x1=f"{cx:.1f}", x2=f"{cx:.1f}", y1=top + 10, y2=top + 14, cls="axis")
            )
            parts.append(
                svg("text", text, x=f"{cx:.1f}", y=top + 28, cls="tick", text_anchor="middle")
            )
            last_end = cx + half
        return "".join(parts)

    def move(self, mean, width, search=None):
        """Put your q's marker (and the search's start and path, if any) on the map."""
        x, y = self.x(mean), self.y(width)
        self.node.querySelector(".you").setAttribute("transform", f"translate({x:.1f} {y:.1f})")
        path = self.node.querySelector(".search-path")
        start = self.node.querySelector(".search-start")
        requests = list(self.mark_requests)
        you_width = text_width("your q", LABEL_FONT, bold=True)
        requests.append((you_width, LABEL_FONT, self.around(x, y, you_width)))
        if search is not None:
            points = search.path
            d = "".join(
                f"{'L' if k else 'M'}{self.x(m):.1f} {self.y(w):.1f}"
                for k, (m, w) in enumerate(points)
            )
            path.setAttribute("d", d)
            path.setAttribute("visibility", "visible")
            sx, sy = self.x(points[0][0]), self.y(points[0][1])
            start.setAttribute("x", f"{sx - 5:.1f}")
            start.setAttribute("y", f"{sy - 5:.1f}")
            start.setAttribute("visibility", "visible")
            start_width = text_width("start", LABEL_FONT, bold=True)
            requests.append((start_width, LABEL_FONT, self.around(sx, sy, start_width)))
        else:
            path.setAttribute("visibility", "hidden")
            start.setAttribute("visibility", "hidden")
        left, top, right, bottom = self.box
        spots = charts.place_labels(requests, (left + 2, top + 2, right - 2, bottom - 2))
        for node, (lx, ly) in zip(self.label_nodes, spots, strict=False):
            node.setAttribute("x", f"{lx:.1f}")
            node.setAttribute("y", f"{ly:.1f}")
            node.setAttribute("visibility", "visible")
        if search is None:
            self.label_nodes[-1].setAttribute("visibility", "hidden")

    def point_at(self, event):
        """The (mean, width) under a click, clamped to the sliders' ranges."""
        rect = self.node.getBoundingClientRect()
        scale = self.width / rect.width if rect.width else 1
        mean = self.x.invert((event.clientX - rect.left) * scale)
        width = self.y.invert((event.clientY - rect.top) * scale)
        return fitlab.clamp(round(mean, 1), round(width, 1))

    def describe(self, lab, mean, width):
        minima = lab.minima(self.direction)
        name = MAP_NAMES[self.direction]
        best = minima[0]
        text = (
            f"Map of {name} for every bell with mean 0 to 19 and width 0.5 to 9, darker where "
            f"lower, in {self.unit}. Lowest: {info(best.value, self.unit)} at mean "
            f"{best.mean:.2f}, width {best.width:.2f}."
        )
        if len(minima) > 1:
            others = "; ".join(
                f"{info(f.value, self.unit)} at mean {f.mean:.2f}, width {f.width:.2f}"
                for f in minima[1:]
            )
            text += f" Other local minima, each in its own basin: {others}."
        else:
            text += " It has no other local minimum."
        value = lab.divergence(self.direction, mean, width)
        text += f" Your q, mean {mean:.1f} and width {width:.1f}: {info(value, self.unit)}."
        self.node.setAttribute("aria-label", text)


class FitLabView(PredictionPanel):
    """The fit lab: its p is its own two-mode distribution; from the Notebook it takes the
    unit its figures are written in, and it scores a prediction of the reverse fit there."""

    renders = frozenset({Change.INIT, Change.UNIT, Change.SCORE, Change.REVEAL})

    def bind(self):
        self.mean = self.find("#fit-mean")
        self.width = self.find("#fit-width")
        self.separation = self.find("#fit-separation")
        self.weight = self.find("#fit-weight")
        self.outputs = {
            "mean": self.find("#fit-mean-value"),
            "width": self.find("#fit-width-value"),
            "separation": self.find("#fit-separation-value"),
            "weight": self.find("#fit-weight-value"),
        }
        self.chart = CurveChart(self.find("#fit-chart"))
        self.maps = {d: LandscapeMap(self.find(f"#fit-map-{d}"), d) for d in fitlab.DIRECTIONS}
        self.labs = {}  # (separation, left weight) -> Lab: each p's grid is computed once
        self.lab = self.lab_for(fitlab.DEFAULT_SEPARATION, fitlab.DEFAULT_LEFT_WEIGHT)
        self.fitted = False
        self.start = "grid"
        self.form, self.predict_error, self.predict_status = self.find_each(
            "#fit-predict", "#fit-predict-error", "#fit-predict-status"
        )
        self.choices, self.lock_button = self.form, self.find("#fit-lock")
        self.verdict, self.score = self.find_each("#fit-verdict-text", "#fit-score")
        self.prediction = None  # the locked-in answer for the setting on screen, if any
        self.note = ""  # why it counts in the score or not, once judged
        self.seen = set()  # settings whose fits were shown: a later prediction is no guess
        self.counted = False  # whether the prediction for the setting on screen is scored
        self.listen(self.mean, "input", self.on_move)
        self.listen(self.width, "input", self.on_move)
        self.listen(self.separation, "input", self.on_setting)
        self.listen(self.weight, "input", self.on_setting)
        self.listen(self.find("#fit-run"), "click", self.run)
        self.listen(self.find(".fit-start"), "change", self.on_setting)
        self.listen(self.form, "submit", self.lock_in)
        for direction, chart in self.maps.items():
            self.listen(chart.node, "click", self.on_map_click)
            self.watch_width(chart.node, self.map_width_handler(direction))
        self.watch_width(self.chart.node, self.on_chart_width)

    def render(self, change):
        if self.follows_score(change):
            return
        if change == Change.UNIT:
            self.redraw()  # the same p: legends, readouts, fits and verdict in the new unit
            return
        self.chart.build(self.lab.p)
        self.ask()
        self.on_move()

    def lab_for(self, separation, left_weight):
        key = (separation, left_weight)
        if key not in self.labs:
            self.labs[key] = fitlab.Lab(separation, left_weight)
        return self.labs[key]

    # ---- the prediction ------------------------------------------------------------

    def radios(self):
        return list(self.form.querySelectorAll("input[name=fit-prediction]"))

    def ask(self, cleared=False):
        """Offer the prediction for the setting now on screen, with nothing locked in."""
        self.prediction, self.note = None, ""
        for radio in self.radios():
            radio.checked = False
        self.set_locked(False)
        self.predict_error.hidden = True
        lead = "New setting, so the fits were cleared. " if cleared else ""
        self.predict_status.textContent = (
            f"{lead}This setting: {self.lab.describe_setting(self.start)}. Predict, then find "
            "both fits; or just find them. Your first prediction for each setting counts in "
            "the demo’s score."
        )
        self.show_verdict(None)

    MISSING = (
        "Pick one of the three answers first, or press “Find both fits” to run it without "
        "predicting."
    )
    NEXT = "Now find both fits."

    def answer_label(self, value):
        return dict(fitlab.PLACES)[value]

    def judge(self, first_run):
        """Judge the locked-in prediction against the fit just found; score it once."""
        if self.prediction is None:
            if first_run:
                self.predict_status.textContent = (
                    "Run without a prediction: nothing is scored for this setting."
                )
            return
        right, _ = self.lab.judge_reverse(self.start, self.prediction, self.nb.unit)
        if first_run:
            key = f"fit:{self.lab.setting_key(self.start)}"
            answered_before = key in self.nb.answers
            counted = self.counted and not answered_before
            if counted:
                self.nb.answer(key, right)
            if counted:
                self.note = "Your first prediction for this setting counts in the demo’s score."
            elif answered_before:
                self.note = "Only your first prediction for this setting counts in the score."
            else:
                self.note = "Not scored: this setting’s fits were on screen before you predicted."
        self.show_verdict(right)

    def show_verdict(self, right):
        box = self.verdict.parentElement
        if right is None:
            self.verdict.textContent = self.score.textContent = ""
            box.classList.remove("right", "wrong")
            return
        _, text = self.lab.judge_reverse(self.start, self.prediction, self.nb.unit)
        self.verdict.textContent = text
        self.show_score()
        box.classList.toggle("right", right)
        box.classList.toggle("wrong", not right)

    # ---- events --------------------------------------------------------------------

    def on_chart_width(self, width):
        if width != self.chart.width:
            self.chart.width = width
            self.chart.build(self.lab.p)

    def map_width_handler(self, direction):
        def redraw(width):
            chart = self.maps[direction]
            if width != chart.width:
                chart.width = width
                self.draw_map(direction)

        return redraw

    def draw_map(self, direction):
        chart = self.maps[direction]
        if not chart.width:
            return  # not laid out yet; the ResizeObserver calls again when it is
        chart.unit = self.nb.unit
        chart.build(self.lab)
        self.place_marks(direction)

    def place_marks(self, direction):
        chart = self.maps[direction]
        if not chart.width:
            return
        mean, width = self.values()
        search = self.lab.fit_from("reverse", self.start) if self.fitted else None
        chart.unit = self.nb.unit
        chart.move(mean, width, search if direction == "reverse" else None)
        chart.describe(self.lab, mean, width)

    def values(self):
        return float(self.mean.value), float(self.width.value)

    def on_map_click(self, event):
        chart = next(c for c in self.maps.values() if c.node == event.currentTarget)
        if not chart.width:
            return
        mean, width = chart.point_at(event)
        self.mean.value = f"{mean:.1f}"
        self.width.value = f"{width:.1f}"
        self.on_move()

    def on_setting(self, event=None):
        """A new p (distance or weights) or a new start: a new question for the reverse fit."""
        self.start = self.find("input[name=fit-start]:checked").value
        self.lab = self.lab_for(float(self.separation.value), float(self.weight.value))
        cleared = self.fitted
        if self.fitted:  # they answered another setting: never old fits beside a new p
            self.fitted = False
            self.chart.show("forward", None)
            self.chart.show("reverse", None)
            self.find("#fit-result").hidden = True
        self.redraw()
        self.ask(cleared)

    def redraw(self):
        """Everything drawn from the lab, again: after a new setting or a new unit."""
        self.chart.build(self.lab.p)
        for direction in self.maps:
            self.draw_map(direction)
        if self.fitted:
            self.show_fits()
            if self.prediction is not None:
                self.judge(first_run=False)
        else:
            self.on_move()

    def on_move(self, event=None):
        mean, width = self.values()
        lab = self.lab
        self.outputs["mean"].textContent = f"{mean:.1f}"
        self.outputs["width"].textContent = f"{width:.1f}"
        lo, hi = lab.modes
        self.outputs["separation"].textContent = f"{lab.separation:g} (modes at {lo:g} and {hi:g})"
        left = lab.left_weight
        self.outputs["weight"].textContent = f"{share(left)} (right mode {share(1 - left)})"
        self.chart.show("yours", fitlab.bell(mean, width))
        self.chart.place_labels()
        self.find("#fit-yours").textContent = lab.describe_yours(
            mean, width, self.fitted, self.nb.unit
        )
        self.describe_chart()
        for direction in self.maps:
            self.place_marks(direction)

    def describe_chart(self):
        lab = self.lab
        mean, width = self.values()
        lo, hi = lab.modes
        text = (
            f"Bars: p on outcomes 0 to 19, with modes at {lo:g} and {hi:g}. "
            f"Solid curve: your q, mean {mean:.1f} and width {width:.1f}."
        )
        if self.fitted:
            f = lab.best("forward")
            r = lab.fit_from("reverse", self.start)
            text += (
                f" Dashed curve: the forward fit, mean {f.mean:.2f} and width {f.width:.2f}."
                f" Dotted curve: the reverse fit, mean {r.mean:.2f} and width {r.width:.2f}."
            )
        self.chart.node.setAttribute("aria-label", text)

    def run(self, event=None):
        """“Find both fits”: lock in a chosen answer, show the fits, judge the prediction."""
        if self.prediction is None:
            self.lock_in()  # an answer chosen but not locked in still counts as the guess
        key = self.lab.setting_key(self.start)
        first_run = not self.fitted
        if first_run:
            self.counted = self.prediction is not None and key not in self.seen
            self.seen.add(key)
            self.set_locked(True)
        self.fitted = True
        self.show_fits()
        self.judge(first_run)

    def show_fits(self):
        lab = self.lab
        forward = lab.best("forward")
        reverse = lab.fit_from("reverse", self.start)
        unit = self.nb.unit
        texts = (lab.describe_forward(unit), lab.describe_reverse(self.start, unit))
        statement = lab.describe_starts(self.start, unit)
        self.chart.show("forward", fitlab.bell(forward.mean, forward.width))
        self.chart.show("reverse", fitlab.bell(reverse.mean, reverse.width))
        self.find("#fit-forward").textContent = texts[0]
        self.find("#fit-reverse").textContent = texts[1]
        self.find("#fit-statement").textContent = statement
        self.find("#fit-result").hidden = False
        self.on_move()
