"""The demo's bars as things to handle: a dragged q bar becomes a weight, and the
log-ratio strip beneath them.  Pure Python, no DOM.
"""

import math

from core import state

#: The strip's scale reaches at least this far from 0, so small ratios stay small.
MIN_RATIO_EXTENT = 1.0


def weight_for_share(weights, index, share):
    """The weight of outcome ``index`` that gives it ``share`` of q, the other weights held,
    rounded to the sliders' step and kept within WEIGHT_MIN..WEIGHT_MAX.

    q(i) = w / (w + S) with S the sum of the other weights, so w = share·S / (1 − share).

    >>> weight_for_share((0.8, 0.15, 0.04, 0.01), 2, 0.5), weight_for_share((1, 1, 1, 1), 0, 2)
    (0.96, 1.0)
    """
    weights = state.check_weights(weights)
    if not 0 <= index < len(weights):
        raise ValueError(f"There is no outcome number {index}.")
    if not isinstance(share, (int, float)) or math.isnan(share):
        raise ValueError(f"A share must be a number, not {share!r}.")
    others = math.fsum(w for i, w in enumerate(weights) if i != index)
    if share >= 1:
        wanted = state.WEIGHT_MAX
    elif share <= 0:
        wanted = state.WEIGHT_MIN
    else:
        wanted = share * others / (1 - share)
    stepped = round(wanted / state.WEIGHT_STEP) * state.WEIGHT_STEP
    return round(min(max(stepped, state.WEIGHT_MIN), state.WEIGHT_MAX), 3)


def log_ratios(q, p=state.P):
    """log p(x)/q(x) for each outcome, in nats (q is positive in the demo)."""
    return tuple(math.log(a / b) for a, b in zip(p, q, strict=True))


def ratio_extent(ratios):
    """How far the strip's scale reaches each side of 0: the largest |log p/q|, at least
    MIN_RATIO_EXTENT, so every bar fits and no bar is longer than the largest one.

    >>> ratio_extent((0.1, -0.2)), ratio_extent((2.5, -0.3))
    (1.0, 2.5)
    """
    return max(MIN_RATIO_EXTENT, max(abs(r) for r in ratios))
