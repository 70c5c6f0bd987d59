"""py/core/bars.py: a dragged q bar becomes a weight inside the demo's limits; the strip's
log-ratios are SciPy's."""

import numpy as np
import pytest
from core import bars, state
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import rel_entr

weight = st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)
weights = st.tuples(weight, weight, weight, weight)


@given(weights, st.integers(0, 3), st.floats(-10, 10))
def test_a_dragged_weight_stays_within_the_limits_on_the_slider_grid(ws, index, share):
    w = bars.weight_for_share(ws, index, share)
    assert state.WEIGHT_MIN <= w <= state.WEIGHT_MAX
    assert round(w / state.WEIGHT_STEP) * state.WEIGHT_STEP == pytest.approx(w, abs=1e-12)
    assert w == round(w, 3)


@given(weights, st.integers(0, 3), st.floats(0.01, 0.99))
def test_a_dragged_weight_gives_the_share_pointed_at_when_it_can(ws, index, share):
    w = bars.weight_for_share(ws, index, share)
    others = sum(x for i, x in enumerate(ws) if i != index)
    exact = share * others / (1 - share)  # the weight that gives exactly the share pointed at
    half_step = state.WEIGHT_STEP / 2 + 1e-12
    if state.WEIGHT_MIN < w < state.WEIGHT_MAX:
        # Within half a slider step of the exact weight: q(i) is as close as that allows.
        assert abs(w - exact) <= half_step
    elif w == state.WEIGHT_MAX:
        assert exact >= state.WEIGHT_MAX - half_step  # at or past what the largest gives
    else:
        assert exact <= state.WEIGHT_MIN + half_step  # at or below what the smallest gives


def test_dragging_past_either_end_pins_the_weight_to_that_limit():
    assert bars.weight_for_share(state.DEFAULT_WEIGHTS, 0, 1.7) == state.WEIGHT_MAX
    assert bars.weight_for_share(state.DEFAULT_WEIGHTS, 2, -0.4) == state.WEIGHT_MIN


def test_bad_drags_are_refused_in_words():
    with pytest.raises(ValueError, match="no outcome number 4"):
        bars.weight_for_share(state.DEFAULT_WEIGHTS, 4, 0.2)
    with pytest.raises(ValueError, match="must be a number"):
        bars.weight_for_share(state.DEFAULT_WEIGHTS, 1, float("nan"))


@given(weights)
def test_log_ratios_are_scipys_and_the_strip_holds_them_all(ws):
    q = state.normalise(ws)
    ratios = bars.log_ratios(q)
    p = np.asarray(state.P)
    expected = rel_entr(p, np.asarray(q)) / p
    assert ratios == pytest.approx(tuple(expected), rel=1e-12, abs=1e-12)
    extent = bars.ratio_extent(ratios)
    assert extent >= bars.MIN_RATIO_EXTENT
    assert all(abs(r) <= extent for r in ratios)
    assert extent == bars.MIN_RATIO_EXTENT or extent in [abs(r) for r in ratios]
