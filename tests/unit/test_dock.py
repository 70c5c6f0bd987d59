"""py/core/dock.py: the docked live view states what it draws, in either unit, in every state."""

import doctest
import math
import re

from core import dock, state
from core.text import Unit
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import entropy

weights = st.tuples(*[st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)] * 4)


def test_the_module_docstrings_hold():
    assert doctest.testmod(dock).failed == 0


@given(weights, st.sampled_from(list(Unit)))
def test_the_text_alternative_states_every_share_and_both_totals_in_the_unit(w, unit):
    snap = state.snapshot(w)
    text = dock.describe(snap, True, unit)
    pairs = re.findall(r"(x\d) p ([\d.]+)%, q ([\d.]+)%", text)
    assert [x for x, _, _ in pairs] == list(state.OUTCOMES)
    for (_, p_text, q_text), p, q in zip(pairs, state.P, snap.q, strict=True):
        assert float(p_text) == round(100 * p, 1)
        assert math.isclose(float(q_text), 100 * q, abs_tol=0.05 + 1e-9)
    base = 2 if unit is Unit.BITS else math.e
    said = [float(v) for v in re.findall(rf"= ([\d.]+) {unit}", text)]
    exact = (entropy(state.P, snap.q, base=base), entropy(snap.q, state.P, base=base))
    assert len(said) == 2
    assert all(abs(a - b) <= 0.5e-4 + 1e-12 for a, b in zip(said, exact, strict=True))


@given(weights)
def test_before_a_reveal_the_dock_gives_no_total_away(w):
    text = dock.describe(state.snapshot(w), False, Unit.NATS)
    assert "KL" not in text and "hidden until you reveal" in text


@given(weights)
def test_bars_stand_on_the_base_inside_the_chart_and_keep_their_order(w):
    snap = state.snapshot(w)
    p_bars, q_bars = dock.bars(snap)
    for bars, dist in ((p_bars, state.P), (q_bars, snap.q)):
        for x, y, height in bars:
            assert x >= 0 and x + dock.BAR_WIDTH <= dock.WIDTH
            assert y >= 0 and math.isclose(y + height, dock.BASE)
        # A larger share is never drawn as a shorter bar.
        for (_, _, h1), (_, _, h2), a, b in zip(bars, bars[1:], dist, dist[1:], strict=False):
            assert (h1 >= h2) if a >= b else (h1 <= h2)
