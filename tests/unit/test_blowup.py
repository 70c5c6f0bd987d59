"""py/core/blowup.py: the curve through q's space, both KL directions along it (SciPy is the
oracle), the axes that make the forward curve leave the chart, and the sentence."""

import math
import re

import numpy as np
import pytest
from core import blowup, state
from core.text import Unit, info
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar
from scipy.special import rel_entr

P = np.asarray(state.P)
weight = st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)
weights = st.tuples(weight, weight, weight, weight)
units = st.sampled_from(list(Unit))


def scipy_kl(a, b):
    return float(rel_entr(np.asarray(a, dtype=float), np.asarray(b, dtype=float)).sum())


@given(weights, st.floats(1e-12, 0.999))
def test_the_curve_keeps_the_other_shares_in_proportion_and_passes_through_q(ws, t):
    q = state.normalise(ws)
    moved = blowup.along(q, t)
    assert math.fsum(moved) == pytest.approx(1.0, abs=1e-12)
    assert moved[blowup.INDEX] == t
    others = [x for i, x in enumerate(q) if i != blowup.INDEX]
    moved_others = [x for i, x in enumerate(moved) if i != blowup.INDEX]
    for a, b in zip(others, moved_others, strict=True):
        assert b / moved_others[0] == pytest.approx(a / others[0], rel=1e-9)
    back = blowup.along(q, q[blowup.INDEX])
    assert back == pytest.approx(q, rel=1e-12)


@given(weights, st.floats(1e-12, 0.999))
def test_both_directions_along_the_curve_match_scipy(ws, t):
    q = state.normalise(ws)
    moved = blowup.along(q, t)
    a_part, b_part = blowup.parts(q)
    assert blowup.forward_fast(t, a_part) == pytest.approx(scipy_kl(P, moved), rel=1e-9, abs=1e-12)
    assert blowup.reverse_fast(t, b_part) == pytest.approx(scipy_kl(moved, P), rel=1e-9, abs=1e-12)
    assert blowup.forward(q, t) == pytest.approx(scipy_kl(P, moved), rel=1e-9, abs=1e-12)
    assert blowup.reverse(q, t) == pytest.approx(scipy_kl(moved, P), rel=1e-9, abs=1e-12)


@given(weights)
def test_the_reverse_limit_is_kl_of_q_without_x3_and_the_forward_has_none(ws):
    q = state.normalise(ws)
    tiny = blowup.along(q, 1e-15)
    assert blowup.reverse_at_zero(q) == pytest.approx(scipy_kl(tiny, P), abs=1e-9)
    with_zero = [x if i != blowup.INDEX else 0.0 for i, x in enumerate(tiny)]
    assert math.isinf(scipy_kl(P, with_zero))  # SciPy: p puts mass where q has none


@settings(max_examples=150)
@given(weights, units)
def test_curves_put_the_markers_on_the_totals_and_the_forward_curve_off_the_top(ws, unit):
    c = blowup.curves(ws, unit)
    q = state.normalise(state.check_weights(ws))
    # The markers are the demo's totals, from SciPy.
    assert c.kl_pq == pytest.approx(scipy_kl(P, q), rel=1e-9, abs=1e-12)
    assert c.kl_qp == pytest.approx(scipy_kl(q, P), rel=1e-9, abs=1e-12)
    assert c.q3 == q[blowup.INDEX]
    # The x axis runs from at most 1e-4 (a power of ten) to the largest q(x3) the x3
    # weight can make, and holds the current q(x3).
    assert c.t_lo <= blowup.T_MIN
    assert math.log10(c.t_lo) == pytest.approx(round(math.log10(c.t_lo)))
    others = sum(w for i, w in enumerate(ws) if i != blowup.INDEX)
    assert c.t_hi == pytest.approx(1 / (1 + others))
    assert c.t_lo < c.q3 <= c.t_hi * (1 + 1e-12)
    assert c.ts[0] == pytest.approx(c.t_lo) and c.ts[-1] == c.t_hi
    # Every point is SciPy's value at that q.
    for t, f, r in list(zip(c.ts, c.forward, c.reverse, strict=True))[::12]:
        moved = blowup.along(q, t)
        assert f == pytest.approx(scipy_kl(P, moved), rel=1e-9, abs=1e-12)
        assert r == pytest.approx(scipy_kl(moved, P), rel=1e-9, abs=1e-12)
    # Both markers and the whole reverse curve fit under the top; the forward curve
    # starts above it, so it leaves the chart as q(x3) → 0.
    assert max(c.kl_pq, c.kl_qp, *c.reverse) < c.top
    assert c.forward[0] > c.top
    # The top is a round number in the unit shown.
    shown = c.top / math.log(2) if unit is Unit.BITS else c.top
    mantissa = shown / 10 ** math.floor(math.log10(shown) + 1e-12)
    assert any(mantissa == pytest.approx(n) for n in blowup.NICE)


def test_the_forward_curve_leaves_where_it_must_even_in_an_extreme_state():
    # q(x3) as large as the demo allows: the top is high, so the axis reaches far left.
    c = blowup.curves((0.001, 0.001, 1.0, 0.001))
    assert c.t_lo < blowup.T_MIN
    assert c.forward[0] > c.top
    assert c.kl_pq < c.top


@pytest.mark.parametrize(
    ("y", "top"), [(0.46, 0.5), (1.0, 1.0), (2.2, 2.5), (7, 8), (0.011, 0.015)]
)
def test_nice_tops(y, top):
    assert blowup.nice_top(y) == pytest.approx(top)


def test_bad_input_is_refused_in_words():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        blowup.along(state.P, 0)
    with pytest.raises(ValueError, match="four positive shares"):
        blowup.along((0.5, 0.5, 0.0, 0.0), 0.1)
    with pytest.raises(ValueError, match="must be positive"):
        blowup.nice_top(0)
    with pytest.raises(ValueError, match="weight of x3"):
        blowup.curves((0.5, 0.5, 0.0, 0.5))


@given(
    st.lists(st.floats(-5, 5), min_size=2, max_size=30),
    st.floats(-4, 4),
)
def test_clipping_keeps_every_point_under_the_top_and_cuts_at_it(ys, top):
    xs = list(range(len(ys)))
    runs = blowup.clip(xs, ys, top)
    kept = [p for run in runs for p in run]
    assert all(y <= top + 1e-9 for _, y in kept)
    # Every original point at or under the top is kept; nothing is invented elsewhere.
    assert {(x, y) for x, y in zip(xs, ys, strict=True) if y <= top} <= set(kept)
    for x, y in kept:
        assert (x, y) in set(zip(xs, ys, strict=True)) or y == pytest.approx(top)


@settings(max_examples=200)
@given(weights, units)
def test_the_sentence_names_the_payer_with_the_live_terms(ws, unit):
    q3 = state.normalise(ws)[blowup.INDEX]
    text = blowup.sentence(q3, unit)
    p3 = state.P[blowup.INDEX]
    term_pq = float(rel_entr(p3, q3))
    term_qp = float(rel_entr(q3, p3))
    assert text.startswith("KL(p‖q) pays for a missing x3: p puts 15% on x3")
    assert f"now {info(term_pq, unit)} {unit} at q(x3) = {state.shares(q3)[0]}" in text
    assert f"(now {info(term_qp, unit)} {unit}) fades to 0." in text
    assert "-" not in text  # the page's minus sign only
    # What it claims holds: x3's forward term grows without bound as q(x3) shrinks from
    # here, and the reverse term goes to 0.
    assert blowup.term_pq(q3 / 1e6) > blowup.term_pq(q3) + p3 * 13
    assert abs(blowup.term_qp(1e-12)) < 1e-10
    assert re.search(r"\d\.\d{4} " + unit, text)


@given(weights, units)
def test_the_text_alternative_states_the_live_numbers(ws, unit):
    c = blowup.curves(ws, unit)
    text = blowup.describe(c, unit)
    assert f"KL(p‖q) = {info(c.kl_pq, unit)}, KL(q‖p) = {info(c.kl_qp, unit)}" in text
    assert f"tending to {info(c.reverse_limit, unit)}" in text
    assert f"in {unit} against q(x3)" in text


def numeric_lowest(q, direction):
    """Where KL along the curve is lowest, found by SciPy's bounded search in log t."""
    p = np.asarray(state.P)

    def total(log_t):
        moved = np.asarray(blowup.along(q, math.exp(log_t)))
        return float(rel_entr(p, moved).sum() if direction == "pq" else rel_entr(moved, p).sum())

    found = minimize_scalar(total, bounds=(math.log(1e-9), math.log(0.999)), method="bounded",
                            options={"xatol": 1e-9})  # fmt: skip
    return math.exp(found.x)


@settings(max_examples=60)
@given(weights)
def test_each_curve_is_lowest_where_lowest_says_and_the_forward_one_at_p3(ws):
    q = state.normalise(ws)
    t_pq, t_qp = blowup.lowest(blowup.parts(q)[1])
    p3 = state.P[blowup.INDEX]
    assert t_pq == p3  # whatever the other shares
    assert numeric_lowest(q, "pq") == pytest.approx(p3, rel=1e-4)
    assert numeric_lowest(q, "qp") == pytest.approx(t_qp, rel=1e-4)
    assert t_qp >= p3 * (1 - 1e-12)  # Gibbs: the reverse curve is lowest at p3 or right of it


@settings(max_examples=150)
@given(weights, units)
def test_the_turn_sentence_is_true_of_the_chart_it_stands_under(ws, unit):
    ax = blowup.axes(ws, unit)
    q = state.normalise(ws)
    text = blowup.turn_sentence(ax, unit)
    p3 = state.P[blowup.INDEX]
    t_qp = numeric_lowest(q, "qp")
    assert ax.t_lo < p3 < ax.t_hi  # the dotted line is always on the chart
    assert "KL(p‖q) is lowest exactly at the dotted line marked p(x3)" in text
    assert "q(x3) = p(x3) = 15%" in text
    # Its lowest value, read off SciPy, and the reason it is not 0 when it is not.
    bottom = scipy_kl(P, blowup.along(q, p3))
    if info(bottom, unit) != info(0.0, unit):
        assert f"its lowest is {info(bottom, unit)} {unit}, not 0, because x1, x2" in text
    else:
        assert f"there it reads {info(0.0, unit)} {unit}: x1, x2 and x4 split" in text
    # Right of p3 the forward curve rises, up to the right edge.
    assert blowup.forward(q, ax.t_hi) > blowup.forward(q, p3)
    # The share the sentence gives for the reverse curve's lowest point, against SciPy's.
    stated = re.search(r"lowest at q\(x3\) = (\d+\.\d)%", text.split("KL(q‖p)", 1)[1])
    assert float(stated.group(1)) / 100 == pytest.approx(t_qp, abs=0.0005 + 1e-6)
    if t_qp < ax.t_hi * (1 - 1e-6):
        assert text.startswith("Neither curve is lowest where the plot ends.")
        assert "so both totals rise again." in text
        assert blowup.reverse(q, ax.t_hi) > blowup.reverse(q, t_qp)
        assert "KL(q‖p) is lowest at q(x3) = " in text
    elif t_qp > ax.t_hi * (1 + 1e-6):
        assert "KL(q‖p) is still falling where the plot ends" in text
        assert blowup.reverse(q, ax.t_hi) < blowup.reverse(q, ax.t_hi * 0.999)
        assert f"where the plot ends, at q(x3) = {ax.t_hi:.1%}, as far as the x3 slider" in text
        assert "it would be lowest at q(x3) = " in text
    assert "−" not in text and "-" not in text  # nothing negative, nothing ASCII-minus


def test_with_the_other_shares_in_ps_proportions_both_curves_are_lowest_at_p3():
    ws = (0.55, 0.25, 0.5, 0.05)  # x1, x2 and x4 in p's proportions
    t_pq, t_qp = blowup.lowest(blowup.parts(state.normalise(ws))[1])
    assert t_qp == pytest.approx(t_pq, rel=1e-12)
    text = blowup.turn_sentence(blowup.axes(ws))
    assert "KL(q‖p) is lowest at q(x3) = 15.0% too, to one decimal" in text
    assert "there it reads 0.0000 nats: x1, x2 and x4 split the rest of q" in text
