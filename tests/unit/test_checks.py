"""py/core/checks.py: each check's feedback is true for every last revealed q, in either unit."""

import math
import re

import numpy as np
import pytest
from core import checks, state
from core.text import Unit
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import rel_entr

weights = st.tuples(*[st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)] * 4)
units = st.sampled_from(list(Unit))


def numbers(text):
    return [float(v.replace("−", "-")) for v in re.findall(r"−?\d+\.\d{4}", text)]


def test_each_check_has_two_options_and_one_right_answer():
    for check in checks.CHECKS:
        values = [value for value, _ in check.options]
        assert len(values) == 2 and check.answer in values


@given(weights, units)
def test_only_the_right_answer_is_scored_right(w, unit):
    snap = state.snapshot(w)
    for check in checks.CHECKS:
        for value, _ in check.options:
            right, text = checks.feedback(check.key, value, snap, unit)
            assert right == (value == check.answer)
            assert text.startswith("Right." if right else "Not quite.")


@given(weights, units)
def test_the_distance_feedback_quotes_both_totals_and_says_differ_only_when_they_do(w, unit):
    snap = state.snapshot(w)
    _, text = checks.feedback("distance", "differ", snap, unit)
    base = 2 if unit is Unit.BITS else math.e
    exact = [
        float(rel_entr(a, b).sum()) / math.log(base)
        for a, b in ((state.P, snap.q), (snap.q, state.P))
    ]
    quoted = numbers(text)
    assert len(quoted) == 2
    assert all(abs(a - b) <= 0.5e-4 + 1e-12 for a, b in zip(quoted, exact, strict=True))
    assert ("changed the value" in text) == (quoted[0] != quoted[1])
    assert f" {unit}" in text


@given(weights, units)
def test_the_negative_term_feedback_names_a_term_that_is_negative(w, unit):
    snap = state.snapshot(w)
    _, text = checks.feedback("negative-term", "can", snap, unit)
    match = re.search(r"the term at (x\d) is", text)
    if match is None:  # only when no term prints below zero
        assert min(snap.terms_pq) > checks.SHOWN_NEGATIVE
        return
    i = state.OUTCOMES.index(match.group(1))
    assert snap.q[i] > state.P[i]  # the reason given: q gives x more than p does
    base = 2 if unit is Unit.BITS else math.e
    term = state.P[i] * math.log(state.P[i] / snap.q[i], base)
    total = float(rel_entr(state.P, snap.q).sum()) / math.log(base)
    quoted_term, quoted_total = numbers(text)[-2:]
    assert quoted_term < 0 and abs(quoted_term - term) <= 0.5e-4 + 1e-12
    assert quoted_total >= 0 and abs(quoted_total - total) <= 0.5e-4 + 1e-12
    assert ("log₂(" in text) == (unit is Unit.BITS)


def test_the_zero_zero_feedback_is_computed_by_kl_py():
    _, text = checks.feedback("zero-zero", "zero", state.snapshot(state.DEFAULT_WEIGHTS), "nats")
    p = np.array([0.5, 0.5, 0.0])
    assert numbers(text) == [round(float(rel_entr(p, p).sum()), 4)]


def test_an_unknown_answer_is_refused_in_words():
    with pytest.raises(ValueError, match="Unknown answer"):
        checks.feedback("distance", "maybe", state.snapshot(state.DEFAULT_WEIGHTS), "nats")


def test_a_checks_first_answer_counts_once_in_the_rounds_score():
    nb = state.Notebook()
    heard = []
    nb.subscribe(lambda _nb, change: heard.append(change), {state.Change.SCORE})
    nb.answer("check:distance", False)
    nb.answer("check:distance", True)  # a second try is feedback, not score
    nb.answer("check:letters", True)
    assert nb.score == (1, 2) and heard == [state.Change.SCORE] * 2
    nb.predict(nb.current.verdict)
    nb.reveal()
    assert nb.score == (2, 3) and nb.rounds == 1
    assert state.score_line(nb) == "Score: 2 right out of 3 (rounds 1 of 1, checks 1 of 2)"


@pytest.mark.parametrize("key", ["distance", "guess:x1", "check:", ":x", 7, None])
def test_an_answer_without_a_known_kind_and_a_name_is_refused(key):
    with pytest.raises(ValueError, match="kind:name"):
        state.Notebook().answer(key, True)
