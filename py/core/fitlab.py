"""Fit lab: fit one discretised bell curve q to a two-mode p, in each direction of KL.

p lives on 20 ordered outcomes 0..19 and mixes two discretised bell curves whose
distance apart the learner sets.  q may only be one bell with a mean and a width.
Minimising KL(p||q) (forward) stretches q over both modes; minimising KL(q||p)
(reverse) lets q sit on one mode when the modes are far apart, and a local search
may stop on either.  Pure Python, no DOM: the sentences the panel shows are made
here, so CPython tests can check that each one is true of its numbers.
"""

import math
from dataclasses import dataclass

from core import kl
from core.charts import share
from core.errors import LearnerInputError
from core.text import Unit, info, verdict_lead

K = 20
CENTER = (K - 1) / 2
MODE_WIDTH = 1.6
#: The left mode's share of p's mass (the right mode has the rest), as the slider sets it.
LEFT_WEIGHT_RANGE = (0.2, 0.8)
LEFT_WEIGHT_STEP = 0.05
DEFAULT_LEFT_WEIGHT = 0.55
MODE_WEIGHTS = (DEFAULT_LEFT_WEIGHT, 1 - DEFAULT_LEFT_WEIGHT)
SEPARATION_RANGE = (2.0, 10.0)
DEFAULT_SEPARATION = 10.0
MEAN_RANGE = (0.0, 19.0)
WIDTH_RANGE = (0.5, 9.0)
DIRECTIONS = ("forward", "reverse")
NAMES = {"forward": "KL(p‖q)", "reverse": "KL(q‖p)"}
#: Where the reverse search may start: a (mean, width), or None for the grid's lowest point.
STARTS = {"grid": None, "left": (2.0, 1.5), "right": (17.0, 1.5)}
START_WORDS = {
    "grid": "from the lowest point of a coarse grid",
    "left": "on the left (mean 2, width 1.5)",
    "right": "on the right (mean 17, width 1.5)",
}
#: What a learner may predict of the reverse fit: where its bell ends up (see ``placement``).
PLACES = (
    ("left", "On the left mode"),
    ("right", "On the right mode"),
    ("both", "Across both modes"),
)
#: The searches stop refining when a step in mean and width is below this.
STEP_TOLERANCE = 1e-5
#: The landscape grid: means 0, 0.5, ..., 19 and widths 0.5, 1, ..., 9.
GRID_STEP = 0.5
#: A bell "sits on a mode" when at least this share of its mass is on that mode's side.
ONE_SIDE = 0.9
#: Two fits are the same when their means and widths differ by less than this.
SAME_FIT = 0.05


OUTCOMES = range(K)
FLOOR = 1e-12
LOG_FLOOR = math.log(FLOOR)


def bell(mean, width):
    """A discretised bell curve on 0..K-1: weights exp(-(x - mean)^2 / 2 width^2), normalised."""
    if not width > 0:
        raise LearnerInputError(f"The width must be positive, not {width!r}.")
    weights = [math.exp(-0.5 * ((x - mean) / width) ** 2) for x in range(K)]
    total = math.fsum(weights)
    if total < 1e-300:
        raise LearnerInputError("That bell curve lies entirely off the 20 outcomes.")
    q = [w / total for w in weights]
    # Keep every outcome strictly positive so both KL directions stay finite.
    q = [max(v, FLOOR) for v in q]
    total = math.fsum(q)
    return [v / total for v in q]


def check_separation(separation):
    """The distance between p's modes as a float; LearnerInputError outside the slider's range."""
    if isinstance(separation, bool) or not isinstance(separation, (int, float)):
        raise LearnerInputError(
            f"The distance between the modes must be a number, not {separation!r}."
        )
    lo, hi = SEPARATION_RANGE
    if not lo <= separation <= hi:
        raise LearnerInputError(f"The distance between the modes must be from {lo:g} to {hi:g}.")
    return float(separation)


def check_left_weight(weight):
    """The left mode's weight as a float; LearnerInputError outside the slider's range."""
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or math.isnan(weight):
        raise LearnerInputError(f"The left mode's weight must be a number, not {weight!r}.")
    lo, hi = LEFT_WEIGHT_RANGE
    if not lo <= weight <= hi:
        raise LearnerInputError(f"The left mode's weight must be from {lo:g} to {hi:g}.")
    return float(weight)


def mode_positions(separation=DEFAULT_SEPARATION):
    separation = check_separation(separation)
    return (CENTER - separation / 2, CENTER + separation / 2)


def target(separation=DEFAULT_SEPARATION, left_weight=DEFAULT_LEFT_WEIGHT):
    """The two-mode p with its modes ``separation`` apart around the middle outcome, the
    left one carrying ``left_weight`` of the mass."""
    left_weight = check_left_weight(left_weight)
    parts = [bell(m, MODE_WIDTH) for m in mode_positions(separation)]
    weights = (left_weight, 1 - left_weight)
    return [
        math.fsum(w * part[x] for w, part in zip(weights, parts, strict=True)) for x in range(K)
    ]


MODES = mode_positions()
P = target()


def check_direction(direction):
    if direction not in DIRECTIONS:
        raise ValueError(f"The direction must be 'forward' or 'reverse', not {direction!r}.")
    return direction


def divergence(direction, mean, width, p=P):
    """KL(p||q) ("forward") or KL(q||p) ("reverse") for the bell q with this mean and width."""
    check_direction(direction)
    q = bell(mean, width)
    return kl.kl(p, q) if direction == "forward" else kl.kl(q, p)


def clamp(mean, width):
    return (
        min(max(mean, MEAN_RANGE[0]), MEAN_RANGE[1]),
        min(max(width, WIDTH_RANGE[0]), WIDTH_RANGE[1]),
    )


def moments(dist):
    mean = math.fsum(x * w for x, w in enumerate(dist))
    variance = math.fsum((x - mean) ** 2 * w for x, w in enumerate(dist))
    return mean, variance


def left_share(dist):
    """The share of a distribution's mass left of the midpoint between the modes."""
    return math.fsum(w for x, w in enumerate(dist) if x < CENTER)


def placement(dist):
    """'left' or 'right' when the bell sits on that mode's side, else 'both'."""
    left = left_share(dist)
    if left >= ONE_SIDE:
        return "left"
    if 1 - left >= ONE_SIDE:
        return "right"
    return "both"


@dataclass(frozen=True)
class Fit:
    """Where a search stopped: the bell's mean and width, its KL, and the path it took."""

    direction: str
    mean: float
    width: float
    value: float
    path: tuple = ()

    def same_as(self, other):
        return abs(self.mean - other.mean) < SAME_FIT and abs(self.width - other.width) < SAME_FIT


class Lab:
    """One p (set by the distance between its modes) and everything fitted to it.

    The landscape grid and its local minima are computed once per p, so moving
    the learner's q costs two KL evaluations.
    """

    def __init__(self, separation=DEFAULT_SEPARATION, left_weight=DEFAULT_LEFT_WEIGHT):
        self.separation = check_separation(separation)
        self.left_weight = check_left_weight(left_weight)
        self.modes = mode_positions(self.separation)
        self.p = target(self.separation, self.left_weight)
        self._log_p = [math.log(v) for v in self.p]
        self._grid = None
        self._minima = {}
        self._searches = {}

    # ---- the two costs -----------------------------------------------------------

    def costs(self, mean, width):
        """(KL(p||q), KL(q||p)) for one bell: the searches' inner loop, so no validation.

        The same numbers as kl.py gives for ``bell(mean, width)`` (the tests check
        this to 1e-12), computed from the bell's log-weights so that each point
        costs one logarithm instead of twenty.
        """
        inv = 1.0 / width
        log_w = [-0.5 * ((x - mean) * inv) ** 2 for x in OUTCOMES]
        top = max(log_w)
        if top:
            log_w = [v - top for v in log_w]
        return self._pair(log_w, [math.exp(v) for v in log_w])

    def _pair(self, log_w, w):
        """Both KLs for the bell with unnormalised log-weights ``log_w`` (and weights ``w``)."""
        total = sum(w)
        log_total = math.log(total)
        log_q = [v - log_total for v in log_w]
        if min(log_q) < LOG_FLOOR:  # bell() lifts tiny shares to FLOOR, then renormalises
            q = [max(v / total, FLOOR) for v in w]
            lifted = sum(q)
            shift = math.log(lifted)
            log_q = [max(v, LOG_FLOOR) - shift for v in log_q]
            q = [v / lifted for v in q]
        else:
            q = [v / total for v in w]
        log_p = self._log_p
        forward = sum(a * (la - lb) for a, la, lb in zip(self.p, log_p, log_q, strict=True))
        reverse = sum(b * (lb - la) for b, la, lb in zip(q, log_p, log_q, strict=True))
        return forward, reverse

    def cost(self, direction, mean, width):
        return self.costs(mean, width)[DIRECTIONS.index(direction)]

    def divergence(self, direction, mean, width):
        """The value the page shows, computed by kl.py."""
        return divergence(direction, mean, width, self.p)

    # ---- the landscape -------------------------------------------------------------

    @property
    def means(self):
        count = round((MEAN_RANGE[1] - MEAN_RANGE[0]) / GRID_STEP) + 1
        return [MEAN_RANGE[0] + GRID_STEP * i for i in range(count)]

    @property
    def widths(self):
        count = round((WIDTH_RANGE[1] - WIDTH_RANGE[0]) / GRID_STEP) + 1
        return [WIDTH_RANGE[0] + GRID_STEP * j for j in range(count)]

    @property
    def grid(self):
        """{direction: rows of KL values}, one row per width, one column per mean."""
        if self._grid is None:
            rows = []
            for width in self.widths:
                # Means on a half-step grid make x - mean a half-integer: tabulate its weights once.
                half = [-0.5 * (k * GRID_STEP / width) ** 2 for k in range(2 * K + 1)]
                weight = [math.exp(v) for v in half]
                row = []
                for mean in self.means:
                    offsets = [abs(round((x - mean) / GRID_STEP)) for x in OUTCOMES]
                    row.append(self._pair([half[k] for k in offsets], [weight[k] for k in offsets]))
                rows.append(row)
            self._grid = {
                d: [[pair[k] for pair in row] for row in rows] for k, d in enumerate(DIRECTIONS)
            }
        return self._grid

    def minima(self, direction):
        """Every distinct local minimum of one direction, the lowest first.

        Each grid point lower than or equal to its eight neighbours starts a local
        search; searches that end at the same bell count once.
        """
        check_direction(direction)
        if direction not in self._minima:
            values = self.grid[direction]
            rows, cols = len(values), len(values[0])
            found = []
            for j in range(rows):
                for i in range(cols):
                    v = values[j][i]
                    neighbours = (
                        values[jj][ii]
                        for jj in range(max(j - 1, 0), min(j + 2, rows))
                        for ii in range(max(i - 1, 0), min(i + 2, cols))
                        if (jj, ii) != (j, i)
                    )
                    if all(v <= n for n in neighbours):
                        fit = self.search(direction, (self.means[i], self.widths[j]), GRID_STEP)
                        if not any(fit.same_as(other) for other in found):
                            found.append(fit)
            self._minima[direction] = sorted(found, key=lambda f: f.value)
        return self._minima[direction]

    def best(self, direction):
        """The lowest KL any bell on the sliders reaches in this direction."""
        return self.minima(direction)[0]

    # ---- local search --------------------------------------------------------------

    def search(self, direction, start, step=2.0):
        """Pattern search from ``start`` (mean, width): step each way, halve when none helps."""
        check_direction(direction)
        mean, width = clamp(*start)
        best = self.cost(direction, mean, width)
        path = [(mean, width)]
        while step > STEP_TOLERANCE:
            improved = False
            for dm, dw in ((step, 0), (-step, 0), (0, step / 2), (0, -step / 2)):
                m, w = clamp(mean + dm, width + dw)
                value = self.cost(direction, m, w)
                if value < best:
                    mean, width, best, improved = m, w, value, True
                    path.append((mean, width))
            if not improved:
                step /= 2
        return Fit(direction, mean, width, self.divergence(direction, mean, width), tuple(path))

    def fit_from(self, direction, start):
        """The search from one of STARTS: a named start point, or "grid" for the grid's lowest."""
        if start not in STARTS:
            raise LearnerInputError(f"Unknown start {start!r}; choose one of {sorted(STARTS)}.")
        key = (direction, start)
        if key not in self._searches:
            point = STARTS[start]
            if point is None:
                values = self.grid[direction]
                j, i = min(
                    ((j, i) for j in range(len(values)) for i in range(len(values[0]))),
                    key=lambda ji: values[ji[0]][ji[1]],
                )
                point = (self.means[i], self.widths[j])
            self._searches[key] = self.search(direction, point)
        return self._searches[key]

    def is_best(self, fit):
        best = self.best(fit.direction)
        return fit.same_as(best) or fit.value <= best.value

    # ---- what the panel says -------------------------------------------------------

    def gap(self):
        """Outcomes between the modes more than two mode-widths from both: where p is thin."""
        lo, hi = self.modes
        return [x for x in range(K) if lo + 2 * MODE_WIDTH < x < hi - 2 * MODE_WIDTH]

    def describe_modes(self):
        lo, hi = self.modes
        return f"modes at {lo:g} and {hi:g}"

    def describe_yours(self, mean, width, fitted, unit=Unit.NATS):
        forward = self.divergence("forward", mean, width)
        reverse = self.divergence("reverse", mean, width)
        text = (
            f"Your q, mean {mean:.1f} and width {width:.1f}, in {unit}: "
            f"KL(p‖q) = {info(forward, unit)}, KL(q‖p) = {info(reverse, unit)}."
        )
        if fitted:
            text += (
                f" The lowest any bell reaches: "
                f"KL(p‖q) = {info(self.best('forward').value, unit)}, "
                f"KL(q‖p) = {info(self.best('reverse').value, unit)}."
            )
        return text

    def describe_placement(self, fit):
        q = bell(fit.mean, fit.width)
        left = left_share(q)
        where = placement(q)
        if where == "both":
            return (
                f"spans both modes, with {share(left)} of its mass left of the midpoint "
                f"{CENTER:g} and {share(1 - left)} right of it"
            )
        side = left if where == "left" else 1 - left
        return (
            f"sits on the {where} mode, with {share(side)} of its mass on that side of "
            f"the midpoint {CENTER:g}"
        )

    def describe_forward(self, unit=Unit.NATS):
        fit = self.best("forward")
        q = bell(fit.mean, fit.width)
        text = (
            f"Forward fit: the lowest KL(p‖q) is {info(fit.value, unit)}, at mean {fit.mean:.2f} "
            f"and width {fit.width:.2f}. "
        )
        gap = self.gap()
        if gap:
            in_q = math.fsum(q[x] for x in gap)
            in_p = math.fsum(self.p[x] for x in gap)
            text += (
                f"It puts {share(in_q)} of its mass on outcomes {gap[0]}–{gap[-1]}, between "
                f"p’s modes, where p has {share(in_p)}"
            )
            if in_q > in_p:
                text += ": one wide bell blurs the two modes together."
            else:
                text += "."
        else:
            text += (
                "With the modes this close there is no gap between them to fill; the bell "
                f"{self.describe_placement(fit)}."
            )
        return text

    def describe_reverse(self, start, unit=Unit.NATS):
        fit = self.fit_from("reverse", start)
        text = (
            f"Reverse fit, searched {START_WORDS[start]}: it stops at mean {fit.mean:.2f} and "
            f"width {fit.width:.2f} with KL(q‖p) = {info(fit.value, unit)}, and "
            f"{self.describe_placement(fit)}. "
        )
        if self.is_best(fit):
            text += "No bell does better: this is the best reverse fit."
        else:
            best = self.best("reverse")
            text += (
                f"This is a local optimum, not the best: the lowest KL(q‖p) is "
                f"{info(best.value, unit)}, at mean {best.mean:.2f} and width "
                f"{best.width:.2f}, where "
                f"the bell {self.describe_placement(best)}."
            )
        return text

    def describe_starts(self, start, unit=Unit.NATS):
        """What the reverse search does from the other starts, and how many basins there are."""
        chosen = self.fit_from("reverse", start)
        sentences = []
        same = []
        for other in ("left", "right"):
            if other == start:
                continue
            fit = self.fit_from("reverse", other)
            if fit.same_as(chosen):
                same.append(other)
                continue
            verdict = "the best fit" if self.is_best(fit) else "a local optimum"
            sentences.append(
                f"Started {START_WORDS[other]} instead, the search stops at mean "
                f"{fit.mean:.2f} and width {fit.width:.2f} (KL(q‖p) = {info(fit.value, unit)}), "
                f"{verdict}."
            )
        if same:
            where = " or ".join({"left": "on the left", "right": "on the right"}[s] for s in same)
            sentences.insert(0, f"Started {where}, the search reaches this same fit.")
        basins = len(self.minima("reverse"))
        sentences.append(
            f"The map of KL(q‖p) below has {basins} basin{'s' if basins != 1 else ''}"
            + (", one for each place a local search can stop." if basins > 1 else ".")
        )
        best = bell(self.best("reverse").mean, self.best("reverse").width)
        if placement(best) == "both":
            sentences.append(
                "With the modes this close, reverse KL’s best bell spans both, like the forward "
                "fit; move them apart to see it settle on one."
            )
        else:
            sentences.append(
                "With the modes this far apart, reverse KL’s best bell sits on one mode, "
                "while forward KL’s spreads over both."
            )
        return " ".join(sentences)

    # ---- predicting where the reverse fit settles ----------------------------------

    def setting_key(self, start):
        """The lab setting a prediction is about: distance, left weight, start of the search."""
        if start not in STARTS:
            raise LearnerInputError(f"Unknown start {start!r}; choose one of {sorted(STARTS)}.")
        return f"d{self.separation:g}-w{self.left_weight:g}-{start}"

    def describe_setting(self, start):
        lo, hi = self.modes
        return (
            f"modes at {lo:g} and {hi:g}, the left one {share(self.left_weight)} of p, "
            f"searched {START_WORDS[start]}"
        )

    def reverse_place(self, start):
        """Where the reverse search from ``start`` stops: 'left', 'right' or 'both'."""
        fit = self.fit_from("reverse", start)
        return placement(bell(fit.mean, fit.width))

    def best_on(self, side):
        """The lowest local minimum of KL(q||p) whose bell sits on ``side``, or None."""
        on_side = [f for f in self.minima("reverse") if placement(bell(f.mean, f.width)) == side]
        return on_side[0] if on_side else None  # minima() lists the lowest first

    def judge_reverse(self, start, choice, unit=Unit.NATS):
        """(right?, the verdict) for a prediction of where the reverse fit from ``start`` stops.

        The answer is read off the search itself; the sentence gives its numbers and, when it
        sits on one mode, what the best bell on each mode costs, in ``unit``.
        """
        truth = self.reverse_place(start)
        lead = verdict_lead(dict(PLACES), choice, truth)
        fit = self.fit_from("reverse", start)
        right = choice == truth
        # Where it stopped and at what KL is said once, in the reverse fit's sentence below.
        found = f"Searched {START_WORDS[start]}, the reverse fit {self.describe_placement(fit)}."
        return right, f"{lead} {found} {self.weigh_modes(fit, unit)}"

    def weigh_modes(self, fit, unit=Unit.NATS):
        """What the modes weigh and what the best bell on each mode costs beside ``fit``,
        said only as far as the numbers go."""
        left, right = self.left_weight, 1 - self.left_weight

        def kl(x):
            return f"{info(x, unit)} {Unit(unit)}"

        if share(left) == share(right):
            weights = f"The two modes weigh the same ({share(left)} each)"
        else:
            weights = f"The left mode weighs {share(left)} of p, the right {share(right)}"
        side = placement(bell(fit.mean, fit.width))
        if side == "both":
            found = [(s, self.best_on(s)) for s in ("left", "right")]
            found = [(s, f) for s, f in found if f is not None]
            if not found:
                return f"{weights}; KL(q‖p) has no local minimum with the bell on one mode alone."
            first, *rest = found
            costs = f"the best bell on the {first[0]} mode reaches KL(q‖p) = " + ", on the ".join(
                [kl(first[1].value)] + [f"{s} mode {kl(f.value)}" for s, f in rest]
            )
            lowest_side, lowest = min(found, key=lambda sf: sf[1].value)
            if info(lowest.value, unit) == info(fit.value, unit):
                verdict = ": the same as this fit to four decimals"
            elif lowest.value > fit.value:
                verdict = ": each more than this fit" if rest else ": more than this fit"
            else:
                verdict = f", so a bell on the {lowest_side} mode does better than this fit"
            return f"{weights}; {costs}{verdict}."
        other = "right" if side == "left" else "left"
        here, there = self.best_on(side), self.best_on(other)
        if here is None or fit.value < here.value:
            here = fit  # the search found a lower point on its mode than the grid's minima
        if there is None:
            return f"{weights}; KL(q‖p) has no local minimum with the bell on the {other} mode."
        a, b = kl(here.value), kl(there.value)
        if a == b:
            return (
                f"{weights}, and the best bell on either mode reaches the same KL(q‖p), {a}: "
                "where the search starts decides which mode it stops on."
            )
        cheaper = side if here.value < there.value else other
        return (
            f"{weights}; the best bell on the {side} mode reaches KL(q‖p) = {a}, the best on "
            f"the {other} mode {b}, so sitting on the {cheaper} mode costs less."
        )
