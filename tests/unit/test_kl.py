"""py/core/kl.py against SciPy (the oracle) and against the math it claims."""

import doctest
import fractions
import math

import numpy as np
import pytest
from core import kl
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr
from scipy.stats import entropy as scipy_entropy

P = (0.55, 0.25, 0.15, 0.05)
Q = (0.80, 0.15, 0.04, 0.01)


def close(a, b):
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


@st.composite
def distributions(draw, size=None, zeros=True):
    """A normalised NumPy distribution of 1..100 outcomes, optionally with zeros."""
    k = size if size is not None else draw(st.integers(1, 100))
    weight = st.floats(1e-6, 1.0)
    if zeros:
        weight = st.one_of(st.just(0.0), weight)
    w = np.array(draw(st.lists(weight, min_size=k, max_size=k)))
    if w.sum() == 0:
        w[draw(st.integers(0, k - 1))] = 1.0
    return w / w.sum()


@st.composite
def pairs(draw, q_zeros=False):
    p = draw(distributions())
    q = draw(distributions(size=len(p), zeros=q_zeros))
    return p, q


@settings(max_examples=300, deadline=None)
@given(pairs(q_zeros=True))
def test_kl_and_terms_agree_with_scipy_rel_entr(pq):
    p, q = pq
    expected_terms = rel_entr(p, q)
    for ours, theirs in zip(kl.kl_terms(p, q), expected_terms, strict=True):
        assert close(ours, float(theirs))
    assert close(kl.kl(p, q), float(expected_terms.sum()))


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_entropy_and_cross_entropy_agree_with_scipy(pq):
    p, q = pq
    assert close(kl.entropy(p), float(scipy_entropy(p)))
    assert close(kl.kl(p, q), float(scipy_entropy(p, q)))
    expected_cross = float(scipy_entropy(p) + scipy_entropy(p, q))
    assert math.isclose(kl.cross_entropy(p, q), expected_cross, rel_tol=1e-12, abs_tol=1e-12)


@settings(max_examples=300, deadline=None)
@given(pairs(q_zeros=True))
def test_kl_is_nonnegative_and_cross_entropy_identity_holds(pq):
    p, q = pq
    d = kl.kl(p, q)
    assert d >= 0
    if math.isinf(d):
        assert math.isinf(kl.cross_entropy(p, q))
    else:
        assert math.isclose(kl.cross_entropy(p, q), kl.entropy(p) + d, rel_tol=1e-12, abs_tol=1e-12)


@given(distributions())
def test_kl_of_a_distribution_with_itself_is_exactly_zero(p):
    assert kl.kl(p, p) == 0.0


def test_q_equal_to_p_up_to_rounding_never_gives_a_negative_total():
    # Weights (0.11, 0.05, 0.03, 0.01) normalise to p up to the last bit; the
    # plain sum of the terms is then -1.3e-16 in one direction.
    weights = (0.11, 0.05, 0.03, 0.01)
    q = [w / math.fsum(weights) for w in weights]
    assert q != list(P) and math.fsum(kl.kl_terms(q, P)) < 0
    assert kl.kl(q, P) == 0.0
    assert close(kl.kl(P, q), float(rel_entr(P, q).sum()))


@settings(max_examples=300, deadline=None)
@given(distributions(zeros=False), st.floats(0.5, 2.0))
def test_kl_is_never_negative_for_a_rescaled_copy_of_p(p, scale):
    # Renormalising scaled weights lands within a few bits of p: rounding, not a difference.
    weights = [x * scale for x in p]
    q = [w / math.fsum(weights) for w in weights]
    assert kl.kl(p, q) >= 0 and kl.kl(q, p) >= 0
    assert close(kl.kl(q, p), float(rel_entr(q, p).sum()))


@given(pairs())
def test_kl_is_positive_when_the_distributions_differ(pq):
    p, q = pq
    if np.allclose(p, q, rtol=0, atol=1e-6):
        return
    assert kl.kl(p, q) > 0


def test_worked_example_matches_the_published_reference_values():
    assert kl.kl(P, Q) == pytest.approx(0.2003602803677747, abs=1e-15)
    assert kl.kl(Q, P) == pytest.approx(0.1541663032645962, abs=1e-15)
    assert kl.entropy(P) == pytest.approx(1.1097385521061456, abs=1e-15)
    assert kl.cross_entropy(P, Q) == pytest.approx(1.3100988324739202, abs=1e-15)
    assert kl.kl_terms(P, Q) == pytest.approx(
        [-0.2060814, 0.1277064, 0.1982634, 0.0804719], abs=1e-7
    )
    assert kl.kl_terms(Q, P) == pytest.approx(
        [0.2997548, -0.0766238, -0.0528702, -0.0160944], abs=1e-7
    )


def test_kl_is_asymmetric_on_the_worked_example():
    assert abs(kl.kl(P, Q) - kl.kl(Q, P)) > 0.04


def test_single_terms_can_be_negative_while_the_total_is_not():
    terms = kl.kl_terms(P, Q)
    assert min(terms) < 0
    assert math.fsum(terms) > 0


def test_support_failure_is_infinite_and_named():
    p, q = P, (0.60, 0.30, 0.0, 0.10)
    assert kl.kl(p, q) == math.inf
    assert kl.kl_terms(p, q)[2] == math.inf
    assert kl.cross_entropy(p, q) == math.inf
    assert kl.missing_support(p, q) == [2]
    assert "q(x3) = 0 where p(x3) = 0.15" in kl.report(p, q)
    # The other direction averages under q, which never visits x3: finite.
    assert math.isfinite(kl.kl(q, p))


def test_outcomes_with_zero_probability_under_p_contribute_nothing():
    assert kl.kl_terms([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])[2] == 0.0
    assert kl.kl([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2))


def test_accepts_lists_tuples_and_numpy_arrays_alike():
    expected = kl.kl(P, Q)
    assert kl.kl(list(P), list(Q)) == expected
    assert kl.kl(np.array(P), np.array(Q)) == expected
    assert kl.kl(np.array(P), Q) == expected
    assert kl.entropy(np.array(P)) == kl.entropy(P)


def test_accepts_any_real_number_type():
    # Ints and floats take a fast path; other real types go through numbers.Real.
    assert kl.check_distribution([1, 0]) == (1.0, 0.0)
    mixed = [fractions.Fraction(1, 4), np.float32(0.25), np.int64(0), 0.5]
    assert kl.check_distribution(mixed) == (0.25, 0.25, 0.0, 0.5)


def test_report_prints_the_quantities_to_four_decimals_with_h_p_on_its_own_line():
    assert kl.report(P, Q).splitlines() == [
        "KL(p || q)         0.2004",
        "KL(q || p)         0.1542",
        "H(p)               1.1097",
        "H(p, q)            1.3101",
        "H(p) + KL(p || q)  1.3101",
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([], "p is empty"),
        ("0.5,0.5", "must be a sequence"),
        (0.5, "must be a sequence"),
        ([0.5, "0.5"], r"p\[1\] is '0.5', which is not a number"),
        ([0.5, None], r"p\[1\] is None, which is not a number"),
        ([True, False], r"p\[0\] is True, which is not a number"),
        ([0.5, math.nan, 0.5], r"p\[1\] is nan; probabilities must be finite"),
        ([math.inf, 0.5], r"p\[0\] is inf; probabilities must be finite"),
        ([1.2, -0.2], r"p\[1\] is -0.2, but a probability cannot be negative"),
        ([0.5, 0.4], "p sums to 0.9, not 1"),
        ([10**400, 0], r"p\[0\] is too large to be a probability"),
        ([0.5, complex(0.5, 0)], r"p\[1\] is \(0.5\+0j\), which is not a number"),
        ([fractions.Fraction(1, 2), np.bool_(True)], r"p\[1\] is .*True.*not a number"),
        (np.array([[0.5, 0.5]]), r"p\[0\] is .*not a number"),
    ],
)
def test_bad_input_raises_a_value_error_naming_the_problem(bad, message):
    with pytest.raises(ValueError, match=message):
        kl.check_distribution(bad)


def test_distributions_of_different_lengths_are_rejected():
    with pytest.raises(ValueError, match="p has 2 outcomes but q has 3"):
        kl.kl([0.5, 0.5], [0.2, 0.3, 0.5])


@pytest.mark.parametrize("fn", [kl.kl, kl.kl_terms, kl.cross_entropy, kl.missing_support])
def test_every_pairwise_function_validates_q_too(fn):
    with pytest.raises(ValueError, match=r"q\[0\] is -0.5"):
        fn([0.5, 0.5], [-0.5, 1.5])


def test_sums_within_the_documented_tolerance_are_accepted():
    assert kl.check_distribution([0.1] * 10) == (0.1,) * 10
    kl.check_distribution([0.5, 0.5 + kl.SUM_TOLERANCE / 2])
    with pytest.raises(ValueError):
        kl.check_distribution([0.5, 0.5 + kl.SUM_TOLERANCE * 2])


def test_validation_survives_python_optimise_mode():
    # `python -O` strips asserts; validation must not depend on them.
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import kl\n"
        "try:\n    kl.kl([2.0, -1.0], [0.5, 0.5])\n"
        "except ValueError:\n    print('rejected')"
    )
    py_dir = Path(kl.__file__).parent
    out = subprocess.run(
        [sys.executable, "-O", "-c", code], cwd=py_dir, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "rejected"


def test_doctests_pass():
    result = doctest.testmod(kl)
    assert result.attempted >= 8
    assert result.failed == 0
