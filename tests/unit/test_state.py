"""py/state.py: the demo's rules, checked in CPython (SciPy is the oracle for numbers)."""

import doctest
import math

import numpy as np
import pytest
import state
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import rel_entr

weights = st.tuples(*[st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)] * 4)


@given(weights)
def test_normalise_gives_a_distribution_proportional_to_the_weights(w):
    q = state.normalise(w)
    assert math.isclose(math.fsum(q), 1.0, abs_tol=1e-12)
    assert np.allclose(np.array(q) * sum(w), w, rtol=1e-12)


@given(weights)
def test_snapshot_numbers_agree_with_scipy(w):
    snap = state.snapshot(w)
    q = np.array(w) / np.sum(w)
    assert snap.kl_pq == pytest.approx(rel_entr(state.P, q).sum(), rel=1e-12, abs=1e-12)
    assert snap.kl_qp == pytest.approx(rel_entr(q, state.P).sum(), rel=1e-12, abs=1e-12)
    assert np.allclose(snap.terms_pq, rel_entr(state.P, q), rtol=1e-12, atol=1e-12)
    assert np.allclose(snap.terms_qp, rel_entr(q, state.P), rtol=1e-12, atol=1e-12)
    assert snap.kl_pq >= 0 and snap.kl_qp >= 0


@pytest.mark.parametrize(
    ("key", "verdict"),
    [("code-example", "forward"), ("match-p", "neither"), ("miss-mode", "forward"),
     ("extra-mass", "reverse"), ("uniform", "reverse")],
)  # fmt: skip
def test_presets_give_the_documented_verdicts(key, verdict):
    preset = {p.key: p for p in state.PRESETS}[key]
    snap = state.snapshot(preset.weights)
    assert snap.verdict == verdict


def test_preset_totals_match_the_spec():
    presets = {p.key: state.snapshot(p.weights) for p in state.PRESETS}
    assert presets["miss-mode"].kl_pq == pytest.approx(0.517, abs=1e-3)
    assert presets["miss-mode"].kl_qp == pytest.approx(0.158, abs=1e-3)
    assert presets["extra-mass"].kl_pq == pytest.approx(0.333, abs=1e-3)
    assert presets["extra-mass"].kl_qp == pytest.approx(0.556, abs=1e-3)
    assert presets["match-p"].kl_pq == 0 and presets["match-p"].kl_qp == 0


def test_dominance_rule_boundaries():
    assert state.dominance(0.0, 0.0) == state.NEITHER
    assert state.dominance(1.0, 0.9) == state.NEITHER  # exactly 10% of the larger
    assert state.dominance(1.0, 0.89) == state.FORWARD
    assert state.dominance(0.89, 1.0) == state.REVERSE
    assert state.dominance(1e-9, 0.0) == state.FORWARD


@given(weights)
def test_hash_round_trip_keeps_the_state(w):
    w = tuple(round(x, 6) for x in w)
    w = tuple(min(max(x, state.WEIGHT_MIN), state.WEIGHT_MAX) for x in w)
    assert state.parse_hash("#" + state.encode_hash(w)) == pytest.approx(w, rel=1e-5)


@pytest.mark.parametrize(
    "fragment",
    [
        "#q=1,2,3",
        "#q=0.5,0.5,0.5,abc",
        "#q=0.5,0.5,0.5,0",
        "#q=0.5,0.5,0.5,-1",
        "#q=0.5,0.5,0.5,1e9",
        "#q=0.5,0.5,0.5,nan",
        "#q=0.5,0.5,0.5,inf",
        "#q=<script>alert(1)</script>",
        "#%3Cimg%20src=x%20onerror=alert(1)%3E",
        "#weights=0.5,0.5,0.5,0.5",
        "#q=" + "1," * 500,
    ],
)
def test_malformed_or_hostile_hashes_are_rejected(fragment):
    with pytest.raises(ValueError):
        state.parse_hash(fragment, anchors={"math", "demo"})


def test_section_links_and_empty_fragments_are_not_states():
    assert state.parse_hash("", anchors={"math"}) is None
    assert state.parse_hash("#", anchors={"math"}) is None
    assert state.parse_hash("#math", anchors={"math"}) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a weight"),
        ("   ", "Type a weight"),
        ("abc", "is not a number"),
        ("-0.2", "stay positive"),
        ("0", "stay positive"),
        ("0.0001", "smallest weight"),
        ("5", "largest weight"),
        ("1e308", "largest weight"),
        ("inf", "finite"),
        ("nan", "finite"),
    ],
)
def test_bad_typed_weights_get_a_message(text, message):
    with pytest.raises(ValueError, match=message):
        state.parse_weight(text, "x1")


def test_good_typed_weights_are_accepted():
    assert state.parse_weight(" 0.25 ", "x1") == 0.25
    assert state.parse_weight("1", "x1") == 1.0
    assert state.parse_weight("0.001", "x1") == 0.001


def test_check_weights_names_the_outcome():
    with pytest.raises(ValueError, match="weight of x3"):
        state.check_weights((0.5, 0.5, 0.0, 0.5))
    with pytest.raises(ValueError, match="4 weights"):
        state.check_weights((0.5, 0.5))


def test_explanations_name_the_driving_outcome():
    miss = state.snapshot((0.70, 0.25, 0.002, 0.048))
    assert "x3" in state.explain(miss) and "averages under p" in state.explain(miss)
    extra = state.snapshot((0.35, 0.15, 0.10, 0.40))
    assert "x4" in state.explain(extra) and "averages under q" in state.explain(extra)
    assert "both totals are 0" in state.explain(state.snapshot(state.P))


class Recorder:
    def __init__(self):
        self.changes = []

    def __call__(self, nb, change):
        self.changes.append(change)


def test_a_round_cannot_be_revealed_without_a_prediction():
    nb = state.Notebook()
    with pytest.raises(ValueError, match="Pick a prediction"):
        nb.reveal()
    assert not nb.revealed and nb.rounds == 0


def test_scoring_and_what_the_other_sections_are_shown():
    nb = state.Notebook()
    seen = Recorder()
    nb.subscribe(seen)
    default = nb.shown
    nb.set_weights((0.70, 0.25, 0.002, 0.048))
    assert nb.shown == default  # unrevealed: other sections keep the last revealed state
    nb.predict(state.REVERSE)
    nb.reveal()
    assert (nb.right, nb.rounds, nb.last_correct) == (0, 1, False)
    assert nb.shown == nb.current
    nb.set_weights((0.35, 0.15, 0.10, 0.40))  # after the reveal the view stays live
    assert nb.shown == nb.current
    nb.new_round()
    assert not nb.revealed and nb.prediction is None
    nb.set_weights(state.P)
    assert nb.shown != nb.current
    nb.predict(state.NEITHER)
    nb.reveal()
    assert (nb.right, nb.rounds, nb.last_correct) == (1, 2, True)
    assert seen.changes.count("reveal") == 2 and "round" in seen.changes


def test_prediction_is_locked_once_revealed():
    nb = state.Notebook()
    nb.predict(state.FORWARD)
    nb.reveal()
    nb.predict(state.REVERSE)
    nb.reveal()
    assert nb.prediction == state.FORWARD and nb.rounds == 1


def test_unknown_prediction_is_rejected():
    with pytest.raises(ValueError):
        state.Notebook().predict("bigger")


def test_doctests_pass():
    result = doctest.testmod(state)
    assert result.attempted >= 5 and result.failed == 0
