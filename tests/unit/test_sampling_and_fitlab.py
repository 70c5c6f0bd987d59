"""py/sampling.py and py/fitlab.py: the expectation by sampling, and the two directions' fits."""

import math
import random

import fitlab
import numpy as np
import pytest
import sampling
from scipy.special import rel_entr

P = (0.55, 0.25, 0.15, 0.05)
Q = (0.80, 0.15, 0.04, 0.01)


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_running_mean_after_10000_draws_is_within_3_standard_errors(direction):
    s = sampling.Sampler(P, Q, direction, seed=20261125)
    s.draw(10_000)
    a, b = (P, Q) if direction == "forward" else (Q, P)
    exact = float(rel_entr(np.array(a), np.array(b)).sum())
    assert s.exact == pytest.approx(exact, abs=1e-12)
    assert abs(s.mean - exact) < 3 * s.standard_error


def test_the_same_seed_gives_the_same_sequence_and_another_seed_does_not():
    first = sampling.Sampler(P, Q, seed=7)
    second = sampling.Sampler(P, Q, seed=7)
    assert first.draw(500) == second.draw(500) and first.draws == second.draws
    third = sampling.Sampler(P, Q, seed=8)
    third.draw(500)
    assert third.draws != first.draws


@pytest.mark.parametrize(("direction", "source"), [("forward", P), ("reverse", Q)])
def test_each_direction_samples_from_its_averaging_distribution(direction, source):
    s = sampling.Sampler(P, Q, direction, seed=3)
    s.draw(20_000)
    counts = np.bincount(s.draws, minlength=4) / 20_000
    assert counts == pytest.approx(source, abs=0.015)
    other = Q if direction == "forward" else P
    for i, value in zip(s.draws[:50], s.values[:50], strict=True):
        assert value == pytest.approx(math.log(source[i] / other[i]))


def test_outcomes_without_mass_are_never_drawn():
    s = sampling.Sampler([0.5, 0.0, 0.5], [0.2, 0.3, 0.5], seed=1)
    s.draw(2000)
    assert 1 not in s.draws


def test_running_stats_end_at_the_overall_mean_and_error():
    s = sampling.Sampler(P, Q, seed=5)
    s.draw(1234)
    stats = s.running_stats(max_points=100)
    assert len(stats) <= 101
    n, mean, se = stats[-1]
    assert (n, mean, se) == (1234, pytest.approx(s.mean), pytest.approx(s.standard_error))


@pytest.mark.parametrize("text", ["", "abc", "-1", "1.5", str(2**32)])
def test_bad_seeds_are_rejected(text):
    with pytest.raises(ValueError, match="whole number"):
        sampling.parse_seed(text)


def test_p_is_bimodal_on_twenty_outcomes_with_modes_well_apart():
    assert len(fitlab.P) == 20 and math.isclose(sum(fitlab.P), 1.0)
    peaks = [i for i in range(1, 19) if fitlab.P[i - 1] < fitlab.P[i] >= fitlab.P[i + 1]]
    assert len(peaks) == 2 and peaks[1] - peaks[0] >= 4 * fitlab.MODE_WIDTH


def test_forward_fit_matches_the_mean_and_variance_of_p():
    # The discretised bell family is an exponential family with statistics x and x^2
    # on 0..19, so the KL(p||q) minimiser matches p's first two moments exactly; what
    # is left is the search's step tolerance and the 1e-12 floor that keeps q positive.
    mean, width, value = fitlab.fit("forward")
    fit_mean, fit_var = fitlab.moments(fitlab.bell(mean, width))
    p_mean, p_var = fitlab.moments(fitlab.P)
    assert fit_mean == pytest.approx(p_mean, abs=0.01)
    assert fit_var == pytest.approx(p_var, rel=0.01)
    q = np.array(fitlab.bell(mean, width))
    assert value == pytest.approx(float(rel_entr(np.array(fitlab.P), q).sum()), abs=1e-12)


@pytest.mark.parametrize(("start", "mode"), [(None, 4.5), ((2.0, 1.5), 4.5), ((17.0, 1.5), 14.5)])
def test_reverse_fit_sits_on_one_mode_and_which_depends_on_the_start(start, mode):
    mean, width, _ = fitlab.fit("reverse", start)
    fit_mean = fitlab.moments(fitlab.bell(mean, width))[0]
    assert abs(fit_mean - mode) < fitlab.MODE_WIDTH
    assert width < 2 * fitlab.MODE_WIDTH  # narrow: it does not straddle the gap


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_no_learner_q_beats_the_reported_optimum_beyond_the_search_tolerance(direction):
    _, _, best = fitlab.fit(direction)
    rng = random.Random(11)
    for _ in range(3000):
        mean = rng.uniform(*fitlab.MEAN_RANGE)
        width = rng.uniform(*fitlab.WIDTH_RANGE)
        assert fitlab.divergence(direction, mean, width) >= best - 1e-6


def test_bell_rejects_a_non_positive_width():
    with pytest.raises(ValueError, match="width must be positive"):
        fitlab.bell(5, 0)
