"""py/core/intuition.py: the landings picture's draws and sentences, and the identity bar."""

import math
import re

import numpy as np
import pytest
from core import intuition, sampling
from core.text import Unit
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr
from scipy.stats import entropy

P = (0.55, 0.25, 0.15, 0.05)
Q = (0.80, 0.15, 0.04, 0.01)
NUMBER = r"[−+]?\d+\.\d{4}"

# q as the demo can reach it: four weights in [0.001, 1], normalised.
weights = st.lists(st.floats(0.001, 1.0), min_size=4, max_size=4)
units = st.sampled_from(list(Unit))


def normalise(w):
    total = math.fsum(w)
    return tuple(x / total for x in w)


def scipy_kl(a, b):
    return float(rel_entr(np.array(a), np.array(b)).sum())


def shown(x, unit):
    """A figure in nats as the page writes it in ``unit``: four decimals, a real minus."""
    x = x / math.log(2) if unit == Unit.BITS else x
    text = f"{x:.4f}".replace("-", "−")
    return "0.0000" if text == "−0.0000" else text


# ---- the landings: seeded draws and their running average ---------------------------


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_the_running_average_settles_on_the_exact_kl(direction):
    run = intuition.Landings(P, Q, direction)
    while run.draw(intuition.play_batch(run.n)):
        pass
    assert run.n == intuition.MAX_DRAWS
    exact = scipy_kl(P, Q) if direction == "forward" else scipy_kl(Q, P)
    assert run.exact == pytest.approx(exact, abs=1e-12)
    # Within four standard errors of one draw's exact spread (a 1-in-15,000 miss by chance).
    standard_error = run.sampler.spread("k1") / math.sqrt(run.n)
    assert abs(run.mean - exact) < 4 * standard_error
    # And the average over the first draws was further off than it is at the end.
    assert max(abs(m - exact) for m in run.means[:20]) > abs(run.mean - exact)


@given(weights, st.sampled_from(["forward", "reverse"]), st.integers(1, 300))
@settings(max_examples=40, deadline=None)
def test_the_draws_are_core_samplings_seeded_draws_and_the_average_is_theirs(w, direction, n):
    q = normalise(w)
    run = intuition.Landings(P, q, direction)
    run.draw(n)
    reference = sampling.Sampler(P, q, direction, seed=intuition.SEED)
    values = reference.draw(n)
    assert run.sampler.draws == reference.draws
    assert run.means == pytest.approx(list(np.cumsum(values) / np.arange(1, n + 1)), rel=1e-12)
    assert run.mean == reference.mean
    assert run.counts == [reference.draws.count(i) for i in range(4)]
    source, other = (P, q) if direction == "forward" else (q, P)
    assert run.pays == pytest.approx(
        [math.log(s / o) for s, o in zip(source, other, strict=True)], rel=1e-12
    )


def test_the_same_seed_gives_the_same_draws_and_a_restart_starts_them_again():
    first, second = intuition.Landings(P, Q), intuition.Landings(P, Q)
    first.draw(150)
    second.draw(150)
    assert first.means == second.means
    again = first.restarted()
    assert again.n == 0 and again.mean is None
    again.draw(150)
    assert again.means == first.means


def test_play_draws_one_at_a_time_first_then_faster_and_stops_at_the_cap():
    drawn, batches = 0, []
    while batch := intuition.play_batch(drawn):
        batches.append(batch)
        drawn += batch
    assert drawn == intuition.MAX_DRAWS
    assert batches[:5] == [1, 1, 1, 1, 1]
    assert max(batches) > 100
    assert len(batches) < 60  # about nine seconds of ticks, not minutes


def test_draws_never_go_past_the_cap():
    run = intuition.Landings(P, Q)
    assert run.draw(intuition.MAX_DRAWS + 50) == intuition.MAX_DRAWS
    assert run.draw(1) == 0 and run.latest == []


# ---- the swap: the other distribution averages, the other total is the reference ----


@given(weights, st.integers(0, 200))
@settings(max_examples=40, deadline=None)
def test_the_swap_flips_which_kl_is_the_reference(w, n):
    q = normalise(w)
    forward = intuition.Landings(P, q)
    forward.draw(n)
    reverse = forward.swapped()
    assert (forward.name, reverse.name) == ("KL(p‖q)", "KL(q‖p)")
    assert forward.exact == pytest.approx(scipy_kl(P, q), abs=1e-12)
    assert reverse.exact == pytest.approx(scipy_kl(q, P), abs=1e-12)
    assert reverse.source == q and reverse.pay_name == "log q(x)/p(x)"
    assert reverse.pays == pytest.approx([-v for v in forward.pays], rel=1e-12)
    assert reverse.n == n  # as many draws, now from q
    back = reverse.swapped()
    assert back.means == forward.means and back.name == forward.name


# ---- what the picture says ------------------------------------------------------------


@given(weights, st.sampled_from(["forward", "reverse"]), st.integers(0, 120), units)
@settings(max_examples=60, deadline=None)
def test_every_number_in_the_sentences_is_true(w, direction, n, unit):
    q = normalise(w)
    run = intuition.Landings(P, q, direction)
    run.draw(n)
    source, other = (P, q) if direction == "forward" else (q, P)
    text = run.describe(unit)
    for i in range(4):
        pay = math.log(source[i] / other[i])
        sign = "+" if shown(pay, unit) != "0.0000" and pay > 0 else ""
        assert f"x{i + 1} is drawn" in text
        assert f"pays {sign}{shown(pay, unit)}" in text
    exact = shown(scipy_kl(source, other), unit)
    assert f"{run.name}, is {exact} {unit.value}" in text
    readout = run.readout(unit)
    assert f"{run.name} = {exact} {unit.value}" in readout
    if n:
        mean = shown(
            float(np.mean([math.log(source[i] / other[i]) for i in run.sampler.draws])), unit
        )
        assert f"running average is {mean} {unit.value}" in text
        assert f"running average {mean} {unit.value}" in readout
        landed = re.search(r"landings: x1 (\d+), x2 (\d+), x3 (\d+), x4 (\d+)", text)
        assert sum(map(int, landed.groups())) == n
        assert f"{n} draw" in readout and ("1 draw " if n == 1 else f"{n} draws") in readout
    else:
        assert "No draws yet" in text and "No draws" in readout


def test_signed_writes_the_sign_of_every_figure_and_the_page_minus():
    assert intuition.signed(1.6094379) == "+1.6094"
    assert intuition.signed(-0.3746934) == "−0.3747"
    assert intuition.signed(-0.00001) == "0.0000"  # no sign on a figure that shows as zero
    assert intuition.signed(1.0, Unit.BITS) == "+1.4427"


# ---- the identity bar -------------------------------------------------------------------


@given(weights, units)
@settings(max_examples=80, deadline=None)
def test_the_bars_segments_sum_to_the_cross_entropy(w, unit):
    q = normalise(w)
    bar = intuition.identity(P, q)
    h_p = float(entropy(P))
    h_pq = float(entropy(P)) + scipy_kl(P, q)
    assert bar.entropy == pytest.approx(h_p, abs=1e-12)
    assert bar.divergence == pytest.approx(scipy_kl(P, q), abs=1e-12)
    assert bar.cross_entropy == pytest.approx(-float(np.sum(np.array(P) * np.log(q))), abs=1e-12)
    assert bar.entropy + bar.divergence == pytest.approx(h_pq, abs=1e-12)
    text = bar.describe(unit)
    u = unit.value
    assert f"H(p, q) = {shown(h_pq, unit)} {u}" in text
    assert f"H(p) = {shown(h_p, unit)} {u}" in text
    assert f"KL(p‖q) = {shown(scipy_kl(P, q), unit)} {u}" in text
    assert "-" not in re.sub(r"[A-Za-z]-[a-z]", "", text)  # the page's minus only
