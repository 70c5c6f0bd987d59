"""The demo's second prediction (py/core/state.py): which outcome adds most to KL(p‖q).

The feedback sentence is read back and checked against SciPy's rel_entr, for any q the
sliders can make and in both units; the Notebook scores a pick in the one score.
"""

import math
import re

import numpy as np
import pytest
from core import state
from core.text import Unit
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.special import rel_entr

weights = st.tuples(*[st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)] * 4)
units = st.sampled_from(list(Unit))
picks = st.sampled_from(state.OUTCOMES)

# Weights whose two largest terms of KL(p‖q) read alike to four decimals (x1 and x2: 0.9094),
# and weights whose largest term sits where q's bar is a sliver (x4: q 0.8%, p 5%).
TIED = (0.144, 0.009, 0.435, 0.78)
SLIVERED = (0.556, 0.232, 0.178, 0.008)

NUMBER = r"(−?[0-9]+\.[0-9]{4}) (nats|bits)"
ONE_TOP = re.compile(r"(x\d) adds most to KL\(p‖q\)(?:; its term, | \(its term is )" + NUMBER)
TIE = re.compile(r"tie for the largest term of KL\(p‖q\) \((.*?): less than (\S+) (\w+) apart")
AT = re.compile(NUMBER + r" at (x\d)")
YOURS = re.compile(r"the term of your pick, (x\d), is " + NUMBER)
SLIVER = re.compile(r"(x\d)’s q bar is only a sliver: q puts ([0-9.]+)% there, p ([0-9.]+)%")


def written(x_nats, unit):
    """A term as the page should write it, by hand: four decimals, a real minus, no −0."""
    value = x_nats / math.log(2) if unit == Unit.BITS else x_nats
    text = f"{value:.4f}"
    return ("0.0000" if float(text) == 0 else text).replace("-", "−")


def scipy_terms(w):
    q = np.asarray(w, dtype=float) / np.sum(w)
    return q, rel_entr(np.asarray(state.P), q)


@given(weights, picks, units)
@example(TIED, "x2", Unit.NATS)
@example(TIED, "x3", Unit.BITS)
@example(SLIVERED, "x4", Unit.NATS)
@example(SLIVERED, "x1", Unit.BITS)
@example(tuple(x / 4 for x in state.P), "x2", Unit.NATS)  # q equals p
def test_the_top_term_sentence_is_true_for_any_q_and_unit(w, pick, unit):
    snap = state.snapshot(w)
    right, text = state.top_feedback(snap, pick, unit)
    q, terms = scipy_terms(w)
    k = state.OUTCOMES.index(pick)
    assert text.startswith("Right" if right else "Not this time"), text
    if snap.equals_p:
        assert np.allclose(terms, 0, atol=1e-15) and right and "every term" in text
        return
    best = terms.max()
    tops = {i for i, t in enumerate(terms) if best - t < state.TOP_TIE}
    # A term that reads like the largest one, in either unit, is never called smaller.
    for u in Unit:
        assert {i for i, t in enumerate(terms) if written(t, u) == written(best, u)} <= tops
    assert right == (k in tops)
    named = {}
    if (one := ONE_TOP.search(text)) is not None:
        x, value, said_unit = one.groups()
        named[x] = (value, said_unit)
        assert TIE.search(text) is None
    else:
        tie = TIE.search(text)
        assert tie is not None, text
        listed, gap, gap_unit = tie.groups()
        for value, said_unit, x in AT.findall(listed):
            named[x] = (value, said_unit)
        assert len(named) >= 2 and gap_unit == unit
        # "less than <gap> apart" holds for every pair it names.
        values = [terms[state.OUTCOMES.index(x)] for x in named]
        spread = (max(values) - min(values)) / (math.log(2) if unit == Unit.BITS else 1)
        assert spread < float(gap)
    assert {state.OUTCOMES.index(x) for x in named} == tops, (text, terms)
    for x, (value, said_unit) in named.items():
        assert (value, said_unit) == (written(terms[state.OUTCOMES.index(x)], unit), str(unit))
    yours = YOURS.search(text)
    if right:
        assert yours is None and pick in named
    else:
        assert yours.groups() == (pick, written(terms[k], unit), str(unit))
    slivers = {x: (float(qs), float(ps)) for x, qs, ps in SLIVER.findall(text)}
    assert set(slivers) == {state.OUTCOMES[i] for i in tops if q[i] < state.SLIVER}
    for x, (q_said, p_said) in slivers.items():
        i = state.OUTCOMES.index(x)
        assert q_said < p_said and terms[i] > 0  # a sliver of q where p has more: log p/q > 0
        assert abs(q_said - 100 * q[i]) <= 0.5 * 10 ** -len(str(q_said).split(".")[1])
        assert p_said == pytest.approx(100 * state.P[i])


def test_a_tie_names_both_outcomes_and_either_pick_is_right():
    snap = state.snapshot(TIED)
    assert state.top_outcomes(snap.terms_pq) == (0, 1)
    for pick in ("x1", "x2"):
        right, text = state.top_feedback(snap, pick, Unit.NATS)
        assert right and "x1 and x2 tie" in text and f"your pick, {pick}, is one of them" in text
    right, text = state.top_feedback(snap, "x3", Unit.NATS)
    assert not right and "the term of your pick, x3, is" in text


def revealed(w, pick, prediction=None):
    nb = state.Notebook(w)
    nb.pick_top(pick)
    nb.predict(prediction or nb.current.verdict)
    nb.reveal()
    return nb


@given(weights, picks)
def test_a_pick_is_scored_once_in_the_same_score_as_the_round(w, pick):
    nb = revealed(w, pick)
    _, terms = scipy_terms(w)
    right = nb.current.equals_p or terms.max() - terms[state.OUTCOMES.index(pick)] < state.TOP_TIE
    assert nb.answers == {"top:1": right} and nb.top_answer == right
    assert nb.score == (1 + right, 2)
    assert state.score_line(nb).endswith(f"(rounds 1 of 1, top-term picks {int(right)} of 1)")
    nb.pick_top("x1" if pick != "x1" else "x2")  # locked once revealed
    assert nb.top_pick == pick
    nb.new_round()
    assert nb.top_pick is None and nb.top_answer is None
    nb.predict(state.NEITHER)
    nb.reveal()  # a round without a pick adds nothing to the picks
    assert len(nb.answers) == 1 and nb.top_answer is None and nb.score[1] == 3


def test_no_pick_scores_the_round_alone_as_before():
    nb = revealed(state.DEFAULT_WEIGHTS, None)
    assert nb.answers == {} and nb.score == (1, 1)
    assert state.score_line(nb) == "Score: 1 right out of 1"


def test_a_pick_can_be_taken_back_and_a_wrong_name_is_refused():
    nb = state.Notebook()
    nb.pick_top("x3")
    nb.pick_top(None)
    assert nb.top_pick is None
    with pytest.raises(ValueError, match="Unknown outcome"):
        nb.pick_top("x5")
    nb.predict(state.FORWARD)
    nb.reveal()
    assert nb.answers == {}


def test_lending_the_demo_keeps_the_pick():
    nb = state.Notebook()
    nb.pick_top("x2")
    nb.predict(state.FORWARD)
    nb.lend("storyboard")
    assert nb.top_answer is None  # borrowed frames are never scored
    nb.set_weights(state.P)
    nb.give_back()
    assert nb.top_pick == "x2" and not nb.revealed and nb.answers == {}
