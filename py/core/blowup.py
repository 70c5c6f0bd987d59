"""The blow-up plot: both directions of KL as q(x3) shrinks towards 0, the rest of q held.

Pure Python, no DOM.  The curve is one line through the space of q's: q(x3) = t,
and the other three outcomes share 1 − t in the proportions they have now:

    q_t(x3) = t,    q_t(x) = (1 − t) · q(x) / (1 − q(x3))  for x ≠ x3.

At t = q(x3) that is the current q.  As t → 0, KL(p‖q_t) grows like p(x3)·log(1/t)
without bound (p puts mass on x3), while KL(q_t‖p) tends to the finite KL of the
other three shares against p.  The x axis runs from about 1e-4 (further left when
the forward curve needs more room to leave the chart) to the largest q(x3) the x3
weight can reach with the other weights as they are.
"""

import math
from dataclasses import dataclass

from core import state
from core.text import Unit, in_unit, info, percent

#: The outcome the plot moves: x3, where p has a mode (15%) that q can starve.
INDEX = 2
OUTCOME = state.OUTCOMES[INDEX]
#: The x axis starts at this q(x3) unless the forward curve needs further to leave the chart.
T_MIN = 1e-4
#: Points along the curve, evenly spaced in log q(x3).
POINTS = 48
#: The y axis reaches this much above the highest value it must show.
HEADROOM = 1.15
#: The forward curve leaves the chart: at the left end it is this far above the top.
EXIT = 1.2
#: Tops of the y axis, times a power of ten.
NICE = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def along(q, t):
    """q with q(x3) = t and the other three shares in the proportions they have in q.

    >>> along((0.5, 0.25, 0.2, 0.05), 0.6)[:3]
    (0.25, 0.125, 0.6)
    """
    q = tuple(float(x) for x in q)
    if len(q) != len(state.OUTCOMES) or not all(x > 0 for x in q):
        raise ValueError("q needs four positive shares.")
    if not 0 < t < 1:
        raise ValueError(f"q({OUTCOME}) on the curve must lie strictly between 0 and 1.")
    rest = 1.0 - q[INDEX]
    return tuple(t if i == INDEX else (1.0 - t) * x / rest for i, x in enumerate(q))


def forward(q, t, p=state.P):
    """KL(p‖q_t) in nats, in one pass over the outcomes."""
    return math.fsum(a * math.log(a / b) for a, b in zip(p, along(q, t), strict=True) if a > 0)


def reverse(q, t, p=state.P):
    """KL(q_t‖p) in nats."""
    return math.fsum(b * math.log(b / a) for a, b in zip(p, along(q, t), strict=True) if b > 0)


def reverse_at_zero(q, p=state.P):
    """The limit of KL(q_t‖p) as t → 0: the other three shares, renormalised, against p."""
    rest = 1.0 - q[INDEX]
    return math.fsum(
        (x / rest) * math.log((x / rest) / a)
        for i, (a, x) in enumerate(zip(p, q, strict=True))
        if i != INDEX
    )


def parts(q, p=state.P):
    """The two constants the curves need, so each point costs two logarithms:

    KL(p‖q_t) = p3·log(p3/t) + A − (1 − p3)·log(1 − t),  A = Σ p(x)·log(p(x)/r(x)),
    KL(q_t‖p) = t·log(t/p3) + (1 − t)·(B + log(1 − t)),   B = Σ r(x)·log(r(x)/p(x)),

    sums over x ≠ x3, with r(x) = q(x)/(1 − q(x3)) the other shares renormalised.
    Returns (A, B).
    """
    rest = 1.0 - q[INDEX]
    others = [(a, x / rest) for i, (a, x) in enumerate(zip(p, q, strict=True)) if i != INDEX]
    return (
        math.fsum(a * math.log(a / r) for a, r in others if a > 0),
        math.fsum(r * math.log(r / a) for a, r in others),
    )


def forward_fast(t, a_part, p3=state.P[INDEX]):
    """KL(p‖q_t) from ``parts``: two logarithms."""
    return p3 * math.log(p3 / t) + a_part - (1 - p3) * math.log1p(-t)


def reverse_fast(t, b_part, p3=state.P[INDEX]):
    """KL(q_t‖p) from ``parts``: two logarithms."""
    return t * math.log(t / p3) + (1 - t) * (b_part + math.log1p(-t))


def t_max(weights):
    """The largest q(x3) the x3 weight can make with the other weights as they are."""
    others = math.fsum(w for i, w in enumerate(weights) if i != INDEX)
    return state.WEIGHT_MAX / (state.WEIGHT_MAX + others)


def nice_top(y):
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is at least y.

    >>> nice_top(0.46), nice_top(1.0), nice_top(2.2), nice_top(7)
    (0.5, 1.0, 2.5, 8.0)
    """
    if not y > 0:
        raise ValueError("The top of an axis must be positive.")
    power = 10.0 ** math.floor(math.log10(y))
    return next(f * power for f in NICE if f * power >= y * (1 - 1e-12))


@dataclass(frozen=True)
class Axes:
    """What the plot needs for one q before any curve point: the markers and the axes."""

    q3: float  # the current q(x3), where the markers sit
    kl_pq: float  # KL(p‖q) at the current q
    kl_qp: float  # KL(q‖p) at the current q
    t_lo: float  # left end of the x axis (a power of ten)
    t_hi: float  # right end of the x axis
    top: float  # top of the y axis, in nats (a nice number in the unit shown)
    a_part: float  # A of ``parts``
    reverse_limit: float  # KL(q_t‖p) as t → 0 (B of ``parts``)


@dataclass(frozen=True)
class Curves:
    """Both curves for one q, in nats, with the axes that show them."""

    axes: Axes
    ts: tuple
    forward: tuple
    reverse: tuple

    def __getattr__(self, name):
        return getattr(self.axes, name)


def axes(weights, unit=Unit.NATS):
    """The markers and axes for the demo's weights, the y axis a nice top in ``unit``."""
    weights = state.check_weights(weights)
    q = state.normalise(weights)
    q3 = q[INDEX]
    t_hi = t_max(weights)
    a_part, limit = parts(q)
    kl_pq, kl_qp = forward_fast(q3, a_part), reverse_fast(q3, limit)
    # KL(q_t‖p) is convex in t, so its largest value on the axis is at one of the ends.
    highest = max(limit, reverse_fast(t_hi, limit), kl_pq, kl_qp)
    scale = in_unit(1.0, unit)  # display units per nat
    top = nice_top(HEADROOM * highest * scale) / scale
    t_lo = leaving_point(a_part, EXIT * top)
    return Axes(q3, kl_pq, kl_qp, t_lo, t_hi, top, a_part, limit)


def points(ax, count=POINTS):
    """Both curves at ``count`` points evenly spaced in log q(x3) across ``ax``'s x axis,
    in one pass: (ts, forward, reverse), in nats."""
    lo = math.log10(ax.t_lo)
    step = (math.log10(ax.t_hi) - lo) / (count - 1)
    p3, a_part, b_part = state.P[INDEX], ax.a_part, ax.reverse_limit
    log_p3, ln10, log1p = math.log(p3), math.log(10), math.log1p
    ts, fs, rs = [], [], []
    for k in range(count):
        exponent = math.log10(ax.t_hi) if k == count - 1 else lo + k * step
        t = ax.t_hi if k == count - 1 else 10**exponent
        log_t, log_rest = exponent * ln10, log1p(-t)
        ts.append(t)
        fs.append(p3 * (log_p3 - log_t) + a_part - (1 - p3) * log_rest)
        rs.append(t * (log_t - log_p3) + (1 - t) * (b_part + log_rest))
    return tuple(ts), tuple(fs), tuple(rs)


def curves(weights, unit=Unit.NATS, count=POINTS):
    """The blow-up plot's numbers for the demo's weights: ``axes`` and ``points`` together."""
    ax = axes(weights, unit)
    return Curves(ax, *points(ax, count))


def leaving_point(a_part, height):
    """The power of ten at most T_MIN where KL(p‖q_t) is above ``height`` (in nats);
    ``a_part`` is the A of ``parts``."""
    if forward_fast(T_MIN, a_part) >= height:
        return T_MIN
    # KL(p‖q_t) falls as t grows from 0 to p(x3), so halve an interval of log10 t.
    lo, hi = -300.0, math.log10(T_MIN)
    for _ in range(60):
        mid = (lo + hi) / 2
        if forward_fast(10**mid, a_part) >= height:
            lo = mid
        else:
            hi = mid
    return 10.0 ** math.floor(lo)


def clip(xs, ys, top):
    """The polyline (xs, ys) cut where it rises above ``top``: a list of runs of (x, y),
    each crossing replaced by the point where the line meets ``top``.

    >>> clip([0, 1, 2, 3], [3, 1, 1, 3], 2)
    [[(0.5, 2), (1, 1), (2, 1), (2.5, 2)]]
    """
    runs, run = [], []
    previous = None
    for x, y in zip(xs, ys, strict=True):
        if previous is not None and (previous[1] > top) != (y > top):
            x0, y0 = previous
            cross = (x0 + (top - y0) * (x - x0) / (y - y0), top)
            run.append(cross)
            if y > top:
                runs.append(run)
                run = []
        if y <= top:
            run.append((x, y))
        previous = (x, y)
    if run:
        runs.append(run)
    return runs


def term_pq(q3):
    """x3's term of KL(p‖q): p(x3)·log(p(x3)/q(x3)), in nats."""
    p3 = state.P[INDEX]
    return p3 * math.log(p3 / q3)


def term_qp(q3):
    """x3's term of KL(q‖p): q(x3)·log(q(x3)/p(x3)), in nats."""
    return q3 * math.log(q3 / state.P[INDEX])


def q_share(q3):
    """q(x3) as a percentage with enough decimals to be nonzero (0.03%, 4.0%)."""
    return state.shares(q3)[0]


def sentence(q3, unit=Unit.NATS):
    """The one line that says which direction pays for the missing mode, and why."""
    p3 = state.P[INDEX]
    unit = Unit(unit)
    return (
        f"KL(p‖q) pays for a missing {OUTCOME}: p puts {percent(p3, 0)} on {OUTCOME}, so its "
        f"term p·log(p/q) there, now {info(term_pq(q3), unit)} {unit} at "
        f"q({OUTCOME}) = {q_share(q3)}, grows without bound as q({OUTCOME}) → 0; KL(q‖p) "
        f"weighs {OUTCOME} by q({OUTCOME}) itself, so its term there "
        f"(now {info(term_qp(q3), unit)} {unit}) fades to 0."
    )


def lowest(b_part, p3=state.P[INDEX]):
    """Where each curve is lowest: (q(x3) for KL(p‖q_t), q(x3) for KL(q_t‖p)).

    Setting each derivative to 0: KL(p‖q_t) is lowest where −p3/t + (1 − p3)/(1 − t) = 0,
    that is at t = p3 whatever the other shares; KL(q_t‖p) where log(t/p3) − log(1 − t) = B,
    that is at t = p3·e^B / (1 + p3·e^B).  B is at least −log(1 − p3) (Gibbs), so the
    reverse curve is lowest at p3 or to its right, at p3 exactly when the other shares
    are in p's proportions.

    >>> [round(t, 4) for t in lowest(parts((0.8, 0.15, 0.04, 0.01))[1])]
    [0.15, 0.1624]
    """
    odds = p3 * math.exp(b_part)
    return p3, odds / (1 + odds)


def turn_sentence(ax, unit=Unit.NATS):
    """Why the curves turn up again on the right of the plot, true for ``ax``'s axis.

    KL(p‖q_t) at t = p3 is (1 − p3)·KL(p̃‖r), p̃ and r the other shares of p and q
    renormalised: 0 exactly when q splits the rest as p does.

    >>> turn_sentence(axes((0.8, 0.15, 0.04, 0.01)))[:64]
    'Neither curve is lowest where the plot ends. KL(p‖q) is lowest e'
    """
    p3 = state.P[INDEX]
    t_pq, t_qp = lowest(ax.reverse_limit, p3)
    shown = percent(t_qp)
    where_qp = f"{shown} too, to one decimal" if shown == percent(p3) else shown
    bottom = info(max(0.0, forward_fast(t_pq, ax.a_part)), unit)  # ≥ 0 (Gibbs)
    why = (
        f"its lowest is {bottom} {unit}, not 0, because x1, x2 and x4 do not split the rest "
        f"of q in p’s proportions"
        if bottom != info(0.0, unit)
        else f"there it reads {bottom} {unit}: x1, x2 and x4 split the rest of q in p’s "
        f"proportions, to four decimals"
    )
    forward = (
        f"KL(p‖q) is lowest exactly at the dotted line marked p({OUTCOME}), where "
        f"q({OUTCOME}) = p({OUTCOME}) = {percent(t_pq, 0)}; {why}"
    )
    past = f"q gives {OUTCOME} more than p does and has less left for the other outcomes"
    if t_qp < ax.t_hi:
        return (
            f"Neither curve is lowest where the plot ends. {forward}. KL(q‖p) is lowest at "
            f"q({OUTCOME}) = {where_qp}. Past those, {past}, so both totals rise again."
        )
    return (
        f"{forward}. To its right {past}, so it rises again. KL(q‖p) is still falling where "
        f"the plot ends, at q({OUTCOME}) = {percent(ax.t_hi)}, as far as the {OUTCOME} slider "
        f"reaches with the other weights as they are: it would be lowest at "
        f"q({OUTCOME}) = {where_qp}."
    )


def describe(c, unit=Unit.NATS):
    """The plot's text alternative for ``c`` (``Axes`` or ``Curves``): its live numbers."""
    unit = Unit(unit)
    at_left = forward_fast(c.t_lo, c.a_part)
    return (
        f"KL(p‖q) and KL(q‖p) in {unit} against q({OUTCOME}) on a log axis from {c.t_lo:g} to "
        f"{c.t_hi:.3g}, the other outcomes keeping their current proportions. "
        f"Now q({OUTCOME}) = {q_share(c.q3)}: KL(p‖q) = {info(c.kl_pq, unit)}, "
        f"KL(q‖p) = {info(c.kl_qp, unit)}. As q({OUTCOME}) → 0, KL(p‖q) → ∞ "
        f"(already {info(at_left, unit)} at {c.t_lo:g}, off the top of the chart); "
        f"KL(q‖p) stays finite, tending to {info(c.reverse_limit, unit)}."
    )
