"""py/core/sampling.py: seeded draws, the running mean, the three estimators and their sentences."""

import math
import re

import numpy as np
import pytest
from core import sampling
from core.errors import LearnerInputError
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr

P = (0.55, 0.25, 0.15, 0.05)
Q = (0.80, 0.15, 0.04, 0.01)
NUMBER = r"−?\d+\.\d+"

# q as the demo can reach it: four weights in [0.001, 1], normalised.
weights = st.lists(st.floats(0.001, 1.0), min_size=4, max_size=4)
directions = st.sampled_from(["forward", "reverse"])
seeds = st.integers(0, sampling.SEED_MAX)


def normalise(w):
    total = math.fsum(w)
    return tuple(x / total for x in w)


def exact_kl(a, b):
    return float(rel_entr(np.array(a), np.array(b)).sum())


def value(text):
    return float(text.replace("−", "-"))


# ---- draws and the running mean ----------------------------------------------------


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_running_mean_after_10000_draws_is_within_3_standard_errors(direction):
    s = sampling.Sampler(P, Q, direction, seed=20261125)
    s.draw(10_000)
    a, b = (P, Q) if direction == "forward" else (Q, P)
    exact = exact_kl(a, b)
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
    for i, v in zip(s.draws[:50], s.values[:50], strict=True):
        assert v == pytest.approx(math.log(source[i] / other[i]))


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


# ---- issue 20.F: no "± 0.0000" -----------------------------------------------------


def test_identical_or_too_few_draws_have_no_standard_error():
    one = sampling.Sampler(P, Q, seed=3)
    one.draw(1)
    assert one.standard_error is None
    assert "one draw: its standard error cannot be estimated yet" in one.describe(True)
    same = sampling.Sampler(P, Q, seed=3)  # the case: default q, seed 3, 2 draws
    same.draw(2)
    assert len(set(same.values)) == 1
    assert same.standard_error is None
    text = same.describe(True)
    assert "all 2 draws gave the same value, so the standard error cannot be estimated" in text
    assert "±" not in text
    rare = sampling.Sampler(P, normalise((0.55, 0.25, 0.15, 0.001)), "forward", seed=1)
    rare.draw(20)
    if len(set(rare.values)) == 1:
        assert "cannot be estimated" in rare.describe(True)
    assert "± 0.0000" not in rare.describe(True)


@settings(max_examples=300, deadline=None)
@given(weights, directions, seeds, st.integers(1, 60), st.booleans())
@example([0.80, 0.15, 0.04, 0.01], "forward", 3, 2, True)
@example([0.55, 0.25, 0.15, 0.001], "forward", 1, 20, True)
@example([0.11, 0.05, 0.03, 0.01], "reverse", 1, 5, True)
def test_the_readout_is_true_of_the_draws(w, direction, seed, n, revealed):
    q = normalise(w)
    s = sampling.Sampler(P, q, direction, seed)
    s.draw(n)
    text = s.describe(revealed)
    assert "± 0.0000" not in text and "−0.0000" not in text and "-" not in text
    assert text.startswith(
        f"{n} draw{'s' if n > 1 else ''} from {'p' if direction == 'forward' else 'q'}"
    )
    if not revealed:
        assert "appear once you commit a prediction" in text
        assert re.findall(NUMBER, text) == []  # no mean and no total while the round is open
        return
    values = np.array(s.values)
    mean = re.search(rf"running mean ({NUMBER})", text)[1]
    assert value(mean) == pytest.approx(values.mean(), abs=5e-5)
    source, other = (P, q) if direction == "forward" else (q, P)
    assert value(re.search(rf"= ({NUMBER})\.$", text)[1]) == pytest.approx(
        exact_kl(source, other), abs=5e-5
    )
    if len(set(values)) < 2:
        assert "cannot be estimated" in text and "±" not in text
    else:
        band = 2 * values.std(ddof=1) / math.sqrt(n)
        found = re.search(rf"± ({NUMBER}|less than 0\.0001)", text)[1]
        if found == "less than 0.0001":
            assert 0 < band < 0.0001
        else:
            assert value(found) == pytest.approx(band, abs=5e-5) and value(found) > 0


def test_before_any_draw_the_readout_names_every_row():
    s = sampling.Sampler(P, Q, "forward", seed=1)
    text = s.describe(False)
    for i in range(4):
        ratio = math.log(P[i] / Q[i])
        assert f"x{i + 1} gives {ratio:.4f}".replace("-", "−") in text
        assert f"drawn {P[i]:.1%} of the time" in text


# ---- issue 19.2: the three estimators ----------------------------------------------


def test_the_three_estimators_for_one_draw():
    for log_ratio in (-1.6, -0.2, 0.0, 0.3747, 2.5):
        r = math.exp(-log_ratio)
        k1, k2, k3 = sampling.estimates(log_ratio)
        assert k1 == pytest.approx(-math.log(r))
        assert k2 == pytest.approx(0.5 * math.log(r) ** 2)
        assert k3 == pytest.approx((r - 1) - math.log(r))


@pytest.mark.parametrize("direction", ["reverse", "forward"])
@pytest.mark.parametrize("seed", [1, 2026])
def test_each_running_mean_converges_to_its_exact_expectation_on_a_seeded_run(direction, seed):
    """Issue 19.2: k1 and k3 settle on KL, k2 on its own (biased) value, each within 3 SE."""
    s = sampling.Sampler(P, Q, direction, seed)
    s.draw(20_000)
    source, other = (P, Q) if direction == "forward" else (Q, P)
    source, other = np.array(source), np.array(other)
    log_r = np.log(other / source)
    exact = exact_kl(source, other)
    expectations = {
        "k1": exact,
        "k2": float(np.sum(source * 0.5 * log_r**2)),
        "k3": float(np.sum(source * ((np.exp(log_r) - 1) - log_r))),
    }
    assert expectations["k3"] == pytest.approx(exact, abs=1e-12)
    assert abs(expectations["k2"] - exact) > 0.01  # k2 is biased for this pair
    for name in sampling.ESTIMATORS:
        tally = s.tallies[name]
        assert s.expectation(name) == pytest.approx(expectations[name], abs=1e-12)
        assert abs(tally.mean - expectations[name]) < 3 * tally.standard_error
    for name, target in (("k1", exact), ("k3", exact)):
        assert abs(s.tallies[name].mean - target) < 3 * s.tallies[name].standard_error


def test_k1_goes_negative_and_spreads_more_than_k3_for_the_worked_example():
    s = sampling.Sampler(P, Q, "reverse", seed=1)
    s.draw(1000)
    assert s.tallies["k1"].negatives > 0 and s.tallies["k1"].smallest < 0
    assert s.tallies["k3"].negatives == 0 and s.tallies["k2"].negatives == 0
    assert s.spread("k1") > s.spread("k3")
    values = np.array(s.values)
    assert s.tallies["k1"].negatives == int((values < 0).sum())


@settings(max_examples=200, deadline=None)
@given(weights, directions, seeds, st.integers(0, 40))
@example([0.11, 0.05, 0.03, 0.01], "reverse", 1, 10)
@example([0.80, 0.15, 0.04, 0.01], "reverse", 3, 2)
def test_the_estimator_sentences_and_table_are_true(w, direction, seed, n):
    q = normalise(w)
    s = sampling.Sampler(P, q, direction, seed)
    s.draw(n)
    source, other = (P, q) if direction == "forward" else (q, P)
    source, other = np.array(source), np.array(other)
    log_r = np.log(other / source)
    exact = exact_kl(source, other)
    ks = {
        "k1": -log_r,
        "k2": 0.5 * log_r**2,
        "k3": np.maximum((np.exp(log_r) - 1) - log_r, 0.0),
    }
    text = sampling.describe_estimators(s, True)
    assert "−0.0000" not in text and "± 0.0000" not in text
    rows = dict(sampling.estimator_rows(s, True))
    for k, name in enumerate(sampling.ESTIMATORS):
        limit = float(np.sum(source * ks[name]))
        assert value(rows["Long-run average"][k]) == pytest.approx(limit, abs=5e-5)
        sd = math.sqrt(float(np.sum(source * (ks[name] - limit) ** 2)))
        assert value(rows["Spread of one draw (sd)"][k]) == pytest.approx(sd, abs=5e-5)
        bias = rows["Bias"][k]
        if name in ("k1", "k3"):
            assert bias == "unbiased" and limit == pytest.approx(exact, abs=1e-12)
        elif bias.startswith("unbiased"):
            assert limit == exact
        elif "less than 0.0001" in bias:
            assert 0 < abs(limit - exact) < 0.0001
        else:
            assert value(bias) == pytest.approx(limit - exact, abs=5e-5)
        sentence = re.split(r" (?=k[123] = )", text)[k + 1]
        assert sentence.startswith(f"{name} = ")
        drawn = ks[name][np.array(s.draws, dtype=int)] if n else np.array([])
        if n == 0:
            assert "after" not in sentence
            assert "Running mean" not in rows
            continue
        assert value(rows["Running mean"][k]) == pytest.approx(drawn.mean(), abs=5e-5)
        assert value(rows["Lowest single draw"][k]) == pytest.approx(drawn.min(), abs=5e-5)
        negatives = int((drawn < 0).sum())
        if negatives:
            assert rows["Negative draws"][k] != "none" and "were negative" in sentence
        else:
            assert rows["Negative draws"][k] == "none" and "no draw was negative" in sentence
        if len(set(drawn.tolist())) < 2:
            assert rows["± 2 standard errors"][k] == "not yet" and "cannot be estimated" in sentence
        assert name != "k3" or negatives == 0  # k3 is never negative
    assert f"Exact {s.name} = " in text


def test_the_estimators_are_hidden_until_the_reveal():
    s = sampling.Sampler(P, Q, "reverse", seed=1)
    s.draw(10)
    assert "appear once you commit a prediction" in sampling.describe_estimators(s, False)
    assert [heading for heading, _ in sampling.estimator_rows(s, False)] == ["Formula"]


# ---- issue 21.9: the seed box ------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "abc", "-1", "1.5", str(2**32), "²", "٣", "1e3", "+5", "1 000", "9" * 5000]
)
def test_bad_seeds_are_rejected_in_plain_words(text):
    with pytest.raises(ValueError, match="whole number from 0 to 4294967295") as problem:
        sampling.parse_seed(text)
    message = str(problem.value)
    for internal in ("int()", "literal", "digits", "sys.", "base 10"):
        assert internal not in message


def test_a_bad_seed_is_learner_input_not_a_bug():
    with pytest.raises(LearnerInputError):
        sampling.parse_seed("abc")


@pytest.mark.parametrize(("text", "seed"), [("0", 0), (" 42 ", 42), ("4294967295", 2**32 - 1)])
def test_good_seeds_are_accepted(text, seed):
    assert sampling.parse_seed(text) == seed
