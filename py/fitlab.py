"""Fit lab: fit one discretised bell curve q to a bimodal p, in each direction of KL.

p lives on 20 ordered outcomes 0..19 and mixes two discretised bell curves with
modes well apart.  q is restricted to a single discretised bell curve with a
mean and a width.  Minimising KL(p||q) (forward) spreads q over both modes;
minimising KL(q||p) (reverse) lets q sit on one mode, and which one depends on
where a local search starts.
"""

import math

import kl

K = 20
MODES = (4.5, 14.5)
MODE_WIDTH = 1.6
MODE_WEIGHTS = (0.55, 0.45)
MEAN_RANGE = (0.0, 19.0)
WIDTH_RANGE = (0.5, 9.0)
#: The searches stop refining when a step in mean and width is below this.
STEP_TOLERANCE = 1e-3


def bell(mean, width):
    """A discretised bell curve on 0..K-1: weights exp(-(x - mean)^2 / 2 width^2), normalised."""
    if not width > 0:
        raise ValueError(f"The width must be positive, not {width!r}.")
    weights = [math.exp(-0.5 * ((x - mean) / width) ** 2) for x in range(K)]
    total = math.fsum(weights)
    if total < 1e-300:
        raise ValueError("That bell curve lies entirely off the 20 outcomes.")
    q = [w / total for w in weights]
    # Keep every outcome strictly positive so both KL directions stay finite.
    floor = 1e-12
    q = [max(v, floor) for v in q]
    total = math.fsum(q)
    return [v / total for v in q]


def target():
    """The bimodal p."""
    parts = [bell(m, MODE_WIDTH) for m in MODES]
    return [
        math.fsum(w * part[x] for w, part in zip(MODE_WEIGHTS, parts, strict=True))
        for x in range(K)
    ]


P = target()


def divergence(direction, mean, width, p=P):
    q = bell(mean, width)
    return kl.kl(p, q) if direction == "forward" else kl.kl(q, p)


def clamp(mean, width):
    return (
        min(max(mean, MEAN_RANGE[0]), MEAN_RANGE[1]),
        min(max(width, WIDTH_RANGE[0]), WIDTH_RANGE[1]),
    )


def local_search(direction, mean, width, step=2.0):
    """Pattern search from (mean, width): try steps in each direction, halve when none helps."""
    mean, width = clamp(mean, width)
    best = divergence(direction, mean, width)
    while step > STEP_TOLERANCE:
        improved = False
        for dm, dw in ((step, 0), (-step, 0), (0, step / 2), (0, -step / 2)):
            m, w = clamp(mean + dm, width + dw)
            value = divergence(direction, m, w)
            if value < best - 1e-15:
                mean, width, best, improved = m, w, value, True
        if not improved:
            step /= 2
    return mean, width, best


def grid(direction, means=20, widths=8):
    """The best point of a coarse grid: the robust starting point of a global fit."""
    best = None
    for i in range(means):
        mean = MEAN_RANGE[0] + (MEAN_RANGE[1] - MEAN_RANGE[0]) * i / (means - 1)
        for j in range(widths):
            width = WIDTH_RANGE[0] + (WIDTH_RANGE[1] - WIDTH_RANGE[0]) * j / (widths - 1)
            value = divergence(direction, mean, width)
            if best is None or value < best[2]:
                best = (mean, width, value)
    return best


def fit(direction, start=None):
    """(mean, width, KL) minimising the chosen direction; from ``start`` it is a local fit."""
    if start is None:
        start = grid(direction)[:2]
    return local_search(direction, *start)


def moments(dist):
    mean = math.fsum(x * w for x, w in enumerate(dist))
    variance = math.fsum((x - mean) ** 2 * w for x, w in enumerate(dist))
    return mean, variance
