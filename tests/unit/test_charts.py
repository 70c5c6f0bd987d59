"""py/core/charts.py: numbers with a true minus sign, ticks that never collide, dodging labels."""

import math

import pytest
from core import charts
from core.text import num
from hypothesis import assume, given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("x", "digits", "text"),
    [(-0.2, 1, "−0.2"), (-1e-17, 4, "0.0000"), (-0.00004, 4, "0.0000"), (0.5, 2, "0.50")],
)
def test_numbers_use_the_minus_sign_and_never_a_signed_zero(x, digits, text):
    assert num(x, digits) == text


@given(st.floats(-1e6, 1e6), st.integers(0, 6))
def test_no_hyphen_and_no_negative_zero_ever(x, digits):
    text = num(x, digits)
    assert "-" not in text
    assert not (text.startswith("−") and float(text[1:]) == 0)


@pytest.mark.parametrize(("x", "text"), [(0.9996, "over 99.9%"), (0.0004, "under 0.1%")])
def test_shares_never_round_to_all_or_nothing(x, text):
    assert charts.share(x) == text


@given(
    st.floats(-50, 50),
    st.floats(0.01, 100),
    st.floats(40, 1200),
)
def test_tick_labels_never_touch_along_a_horizontal_axis(lo, span, length):
    hi = lo + span
    values, labels = charts.fitting_ticks(lo, hi, length, charts.text_width)
    assert values == sorted(values) and all(lo - 1e-9 <= v <= hi + 1e-9 for v in values)
    assert all("-" not in label for label in labels)
    if len(values) > 2:
        spacing = (values[1] - values[0]) * length / span
        assert spacing >= max(charts.text_width(t) for t in labels) + 8 - 1e-6
    assert len(set(labels)) == len(labels)  # no two ticks print the same


@given(st.floats(-5, 5), st.floats(0.05, 30), st.floats(60, 400))
def test_tick_labels_never_touch_along_a_vertical_axis(lo, span, length):
    values, _ = charts.fitting_ticks(lo, lo + span, length, lambda t: charts.FONT, pad=10)
    if len(values) > 2:
        assert (values[1] - values[0]) * length / span >= charts.FONT + 10 - 1e-6


def test_the_issue_example_zero_and_minus_point_two_do_not_collide():
    # The old view put "0" and "−0.2" 5 px apart on a 200 px axis spanning −0.6..1.8.
    values, labels = charts.fitting_ticks(-0.6, 1.8, 200, lambda t: charts.FONT, pad=10)
    assert (values[1] - values[0]) * 200 / 2.4 >= charts.FONT + 10
    assert "0.0" in labels and "−0.5" in labels


@given(
    st.lists(st.floats(0, 200), min_size=1, max_size=8),
    st.floats(8, 20),
)
def test_dodged_labels_keep_their_gap_and_order_inside_the_box(wanted, gap):
    lo, hi = 0.0, 220.0
    assume((len(wanted) - 1) * gap <= hi - lo)
    placed = charts.dodge(wanted, gap, lo, hi)
    assert all(lo - 1e-9 <= y <= hi + 1e-9 for y in placed)
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    ys = [placed[i] for i in order]
    assert all(b - a >= gap - 1e-9 for a, b in zip(ys, ys[1:], strict=False))


def test_labels_placed_where_there_is_room_do_not_overlap():
    requests = [(50, 14, [(100, 50), (100, 80)]) for _ in range(3)]
    requests.append((50, 14, [(100, 50), (100, 80), (100, 110), (300, 50)]))
    spots = charts.place_labels(requests, (0, 0, 400, 200))
    boxes = [(x, y - 14, x + 50, y) for x, y in spots]
    overlaps = [
        (a, b) for k, a in enumerate(boxes) for b in boxes[k + 1 :] if charts.boxes_overlap(a, b)
    ]
    assert len(overlaps) <= 1  # three labels compete for two spots: one overlap at most
    assert spots[3] == (100, 110)


def test_the_colour_scale_runs_from_its_first_step_to_its_last():
    assert charts.colour(0) == charts.SEQUENTIAL[0]
    assert charts.colour(1) == charts.SEQUENTIAL[-1]
    assert charts.colour(-3) == charts.SEQUENTIAL[0]


def test_a_scale_maps_and_inverts():
    scale = charts.Scale(0, 19, 40, 400)
    assert scale(9.5) == pytest.approx(220)
    assert scale.invert(scale(7.25)) == pytest.approx(7.25)
    with pytest.raises(ValueError):
        charts.Scale(1, 1, 0, 10)


@given(st.floats(1e-12, 1e3), st.floats(1.5, 1e6), st.floats(-500, 500), st.floats(10, 1000))
def test_a_log_scale_is_even_in_decades_and_inverts(lo, ratio, r0, length):
    hi = lo * ratio
    scale = charts.LogScale(lo, hi, r0, r0 + length)
    assert scale(lo) == pytest.approx(r0)
    assert scale(hi) == pytest.approx(r0 + length)
    mid = (lo * hi) ** 0.5  # the geometric mean sits half-way
    assert scale(mid) == pytest.approx(r0 + length / 2)
    assert scale.invert(scale(mid)) == pytest.approx(mid, rel=1e-9)


def test_a_log_scale_refuses_zero_and_negatives():
    with pytest.raises(ValueError, match="positive"):
        charts.LogScale(0, 1, 0, 100)
    with pytest.raises(ValueError, match="zero or a negative"):
        charts.LogScale(0.001, 1, 0, 100)(0)


@given(st.integers(-20, 2), st.integers(1, 20), st.floats(80, 1200))
def test_log_ticks_are_decades_whose_labels_never_touch(first, decades, length):
    lo, hi = 10.0**first, 10.0 ** (first + decades) * 0.9
    values, labels = charts.log_ticks(lo, hi, length, charts.text_width)
    assert values and all(lo * (1 - 1e-9) <= v <= hi for v in values)
    scale = charts.LogScale(lo, hi, 0, length)
    pairs = list(zip(values, labels, strict=True))
    for (a, la), (b, lb) in zip(pairs, pairs[1:], strict=False):
        gap = scale(b) - scale(a)
        assert gap >= (charts.text_width(la) + charts.text_width(lb)) / 2 + 2, (la, lb, gap)
    assert all("-" not in label for label in labels)
    for v, label in zip(values, labels, strict=True):
        assert charts.decade_label(round(math.log10(v))) == label
