"""py/core/state.py: the demo's rules, checked in CPython (SciPy is the oracle for numbers)."""

import doctest
import math
import re

import numpy as np
import pytest
from core import state
from hypothesis import given, settings
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
    # Browsers keep a fragment percent-encoded: #%6Dath is the link #math.
    assert state.parse_hash("#%6Dath", anchors={"math"}) is None
    assert state.parse_hash("#q%3D0.5%2C0.5%2C0.5%2C0.5") == (0.5, 0.5, 0.5, 0.5)


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("#q=1.0000001,0.5,0.5,0.5", "got 1.0000001"),
        ("#q=0.5,0.5,0.5,0.0009999", "got 0.0009999"),
        ("#q=0.0_5,0.5,0.5,0.5", "x1 is not a number"),
        ("#q=0.5,٣,0.5,0.5", "x2 is not a number"),
        ("#q=0.5,0.5,0x1,0.5", "x3 is not a number"),
    ],
)
def test_a_bad_link_is_named_with_its_real_value(fragment, message):
    with pytest.raises(ValueError, match=message):
        state.parse_hash(fragment)


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
        ("0.0_5", "is not a number"),
        ("1_0", "is not a number"),
        ("٠.٥", "is not a number"),
        ("0,5", "is not a number"),
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


# ---- every sentence the demo builds from numbers is true of those numbers -----------------

slider_weights = st.tuples(*[st.integers(1, 1000).map(lambda n: n / 1000)] * 4)
near_p = st.builds(
    lambda scale, noise: tuple(
        min(1.0, max(0.001, p * scale * (1 + e))) for p, e in zip(state.P, noise, strict=True)
    ),
    st.floats(0.01, 1.0),
    st.lists(st.sampled_from([0.0, 1e-15, -1e-13, 1e-9, -1e-6]), min_size=4, max_size=4),
)  # q equal to p, equal up to rounding, or a hair away from it
preset_weights = st.sampled_from([p.weights for p in state.PRESETS])
any_state = st.one_of(weights, slider_weights, near_p, preset_weights)

LEAD = re.compile(
    r"(KL\(p‖q\)|KL\(q‖p\)) averages under (p|q); its largest term is at (x\d), "
    r"where (p|q) puts (\S+) and (p|q) only (\S+)\. "
)
BOTH = re.compile(
    r"No other outcome is drawn by (p|q) as often, and none has as large a log-ratio "
    r"\(log (p|q)/(p|q) = (\S+)\)\.$"
)
RATIO = re.compile(
    r"The size of the ratio, not frequency, makes it the largest: (p|q) draws (x\d) "
    r"(less often than|as often as) (x\d) \((\S+) against (\S+)\), but log (p|q)/(p|q) = "
    r"(\S+) at (x\d) is larger than at any other outcome \(next: (\S+) at (x\d)\)\.$"
)
FREQUENCY = re.compile(
    r"Frequency, not the size of the ratio, makes it the largest: log (p|q)/(p|q) = (\S+) at "
    r"(x\d) is (smaller than|as large as) at (x\d) \((\S+)\), but (p|q) draws (x\d) more "
    r"often than any other outcome \((\S+) against (\S+) at (x\d)\)\.$"
)
MIXED = re.compile(
    r"Neither effect alone explains it: (p|q) draws (x\d) (more often|as often) \((\S+) "
    r"against (\S+)\) and (x\d) has (a larger|as large a) log-ratio \((\S+) against (\S+)\), "
    r"but at (x\d) a share of (\S+) times a log-ratio of (\S+) gives the largest term\.$"
)
NEITHER = re.compile(
    r"The two totals are within 10% of each other, but each comes from a different mismatch: "
    r"the largest term of KL\(p‖q\) is at (x\d), where q \((\S+)\) falls short of p "
    r"\((\S+)\); the largest term of KL\(q‖p\) is at (x\d), where q \((\S+)\) exceeds p "
    r"\((\S+)\)\.$"
)


def reads_as(text, value):
    """True if ``text`` (like "15.0%" or "−0.05") is ``value`` rounded to the digits shown."""
    percent = text.endswith("%")
    number = float(text.rstrip("%").replace("−", "-"))
    digits = len(text.rstrip("%").partition(".")[2])
    shown_value = value * 100 if percent else value
    return abs(number - shown_value) <= 0.5 * 10**-digits + 1e-12


def idx(outcome):
    return state.OUTCOMES.index(outcome)


def check_explanation(snap):
    """Parse every claim of explain(snap) and check it against SciPy's numbers."""
    text = state.explain(snap)
    p, q = np.array(state.P), np.array(snap.q)
    forward, reverse = rel_entr(p, q), rel_entr(q, p)
    totals = (snap.kl_pq, snap.kl_qp)
    if text.startswith("q equals p"):
        assert snap.q == state.P and totals == (0, 0) and not forward.any() and not reverse.any()
        return text
    assert snap.q != state.P
    if text.startswith("q is so close to p"):
        assert max(totals) <= 1e-12 and max(forward.sum(), reverse.sum()) < 1e-11
        return text
    if text.startswith("The two totals"):
        m = NEITHER.fullmatch(text)
        assert m, text
        assert abs(totals[0] - totals[1]) <= 0.1 * max(totals) and max(totals) > 1e-12
        i, j = idx(m[1]), idx(m[4])
        assert forward[i] == forward.max() and q[i] < p[i]
        assert reverse[j] == reverse.max() and q[j] > p[j]
        assert reads_as(m[2], q[i]) and reads_as(m[3], p[i])
        assert reads_as(m[5], q[j]) and reads_as(m[6], p[j])
        return text
    m = LEAD.match(text)
    assert m, text
    name, a_name, x, a_again, a_shown, b_name, b_shown = m.groups()
    if name == "KL(p‖q)":
        assert totals[0] - totals[1] > 0.1 * totals[0]  # KL(p‖q) really is the larger
        a, b, terms = p, q, forward
        assert (a_name, b_name) == ("p", "q")
    else:
        assert totals[1] - totals[0] > 0.1 * totals[1]
        a, b, terms = q, p, reverse
        assert (a_name, b_name) == ("q", "p")
    assert a_again == a_name
    i = idx(x)
    assert terms[i] == terms.max() and b[i] < a[i]
    assert reads_as(a_shown, a[i]) and reads_as(b_shown, b[i])
    logs = np.log(a / b)
    others = [k for k in range(4) if k != i]
    rest = text[m.end() :]
    if m := BOTH.fullmatch(rest):
        assert all(a[i] > a[k] and logs[i] > logs[k] for k in others)
        assert reads_as(m[4], logs[i])
    elif m := RATIO.fullmatch(rest):
        f, k = idx(m[4]), idx(m[12])
        assert idx(m[2]) == i == idx(m[10])
        assert a[i] < a[f] if m[3] == "less often than" else a[i] == a[f]
        assert reads_as(m[5], a[i]) and reads_as(m[6], a[f])
        assert all(logs[i] > logs[j] for j in others)
        assert logs[k] == max(logs[j] for j in others)  # "next" is the runner-up
        assert reads_as(m[9], logs[i]) and reads_as(m[11], logs[k])
    elif m := FREQUENCY.fullmatch(rest):
        k = idx(m[6])
        assert idx(m[4]) == i == idx(m[9])
        assert logs[i] < logs[k] if m[5] == "smaller than" else logs[i] == logs[k]
        assert all(a[i] > a[j] for j in others)
        assert reads_as(m[3], logs[i]) and reads_as(m[7], logs[k])
        assert reads_as(m[10], a[i]) and reads_as(m[11], a[idx(m[12])])
    elif m := MIXED.fullmatch(rest):
        f, k = idx(m[2]), idx(m[6])
        assert idx(m[10]) == i
        assert a[f] > a[i] if m[3] == "more often" else a[f] == a[i]
        assert logs[k] > logs[i] if m[7] == "a larger" else logs[k] == logs[i]
        assert reads_as(m[4], a[f]) and reads_as(m[5], a[i]) and reads_as(m[11], a[i])
        assert reads_as(m[8], logs[k]) and reads_as(m[9], logs[i]) and reads_as(m[12], logs[i])
    else:
        raise AssertionError(f"a sentence the checker does not know: {rest}")
    return text


@settings(max_examples=1500, deadline=None)
@given(any_state)
def test_every_explanation_is_true_of_the_numbers_it_describes(w):
    snap = state.snapshot(w)
    check_explanation(snap)
    assert snap.kl_pq >= 0 and snap.kl_qp >= 0


@settings(max_examples=1500, deadline=None)
@given(any_state)
def test_the_verdict_is_true_of_scipys_totals(w):
    q = np.array(w) / np.sum(w)
    forward, backward = (
        max(0.0, float(x)) for x in (rel_entr(state.P, q).sum(), rel_entr(q, state.P).sum())
    )
    larger = max(forward, backward)
    verdict = state.snapshot(w).verdict
    if larger <= 1e-12 or abs(forward - backward) <= 0.1 * larger:
        # "Neither dominates (within 10% of the larger, or both zero)"; 1e-15 of slack for
        # the last bits where SciPy's plain sum and our exact sum may disagree.
        assert verdict == state.NEITHER or abs(abs(forward - backward) - 0.1 * larger) < 1e-15
    else:
        assert verdict == (state.FORWARD if forward > backward else state.REVERSE)


@pytest.mark.parametrize("preset", state.PRESETS, ids=lambda p: p.key)
def test_every_preset_explanation_is_true(preset):
    check_explanation(state.snapshot(preset.weights))


def test_q_equal_to_p_up_to_rounding_is_q_equal_to_p():
    # Issue 20.A: these weights are p / 5, so q = p; the plain sums were +1.3e-16 and -1.3e-16.
    snap = state.snapshot((0.11, 0.05, 0.03, 0.01))
    assert snap.equals_p and (snap.kl_pq, snap.kl_qp) == (0.0, 0.0)
    assert set(snap.terms_pq) == set(snap.terms_qp) == {0.0}
    assert snap.verdict == state.NEITHER
    assert check_explanation(snap).startswith("q equals p")
    nb = state.Notebook()
    nb.set_weights((0.11, 0.05, 0.03, 0.01))
    nb.predict(state.NEITHER)
    nb.reveal()
    assert nb.right == 1 and nb.last_correct


def test_each_direction_of_a_neither_verdict_names_its_own_outcome():
    # Issue 20.B: within 10%, but KL(p‖q) is driven by x3 and KL(q‖p) by x4.
    text = check_explanation(state.snapshot((0.55, 0.25, 0.002, 0.9)))
    assert "KL(p‖q) is at x3" in text and "KL(q‖p) is at x4" in text
    assert "finds a mismatch the other misses" not in text


def test_a_rare_outcome_is_costly_for_its_ratio_not_its_frequency():
    # Issue 20.C: p visits x4 only 5% of the time; log p/q = log 47.6 = 3.86 makes its term.
    text = check_explanation(state.snapshot((0.55, 0.25, 0.15, 0.001)))
    assert "at x4" in text and "The size of the ratio, not frequency" in text
    assert "3.86" in text and "often" not in text.partition("makes it the largest")[0]


def test_explanations_name_the_driving_outcome():
    miss = check_explanation(state.snapshot((0.70, 0.25, 0.002, 0.048)))
    assert "at x3" in miss and "averages under p" in miss
    extra = check_explanation(state.snapshot((0.35, 0.15, 0.10, 0.40)))
    assert "at x4" in extra and "averages under q" in extra
    assert "both totals are exactly 0" in state.explain(state.snapshot(state.P))


def test_tiny_totals_count_as_zero_for_the_verdict():
    assert state.dominance(1.3e-16, 0.0) == state.NEITHER
    assert state.dominance(1e-12, 3e-13) == state.NEITHER
    assert state.dominance(1e-9, 0.0) == state.FORWARD


def test_shares_and_ratios_show_enough_digits_to_tell_values_apart():
    assert state.shares(0.25, 0.2499) == ("25.00%", "24.99%")
    assert state.shares(0.0003, 0.5) == ("0.03%", "50.00%")
    assert state.ratios(1.3218, 1.3249) == ("1.322", "1.325")
    assert state.ratios(-0.05) == ("−0.05",)


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


def round_of(nb):
    return (nb.current, nb.shown, nb.prediction, nb.revealed, nb.scored, nb.right, nb.rounds)


@pytest.mark.parametrize("revealed", [False, True])
def test_lending_the_demo_leaves_the_round_exactly_as_it_was(revealed):
    nb = state.Notebook()
    nb.set_weights((0.35, 0.15, 0.10, 0.40))
    nb.predict(state.REVERSE)
    if revealed:
        nb.reveal()
    before = round_of(nb)
    nb.lend("storyboard")
    nb.set_weights(state.P)  # the borrower plays its own states, unscored
    nb.set_weights((0.25, 0.25, 0.25, 0.25))
    assert nb.revealed and not nb.scored and nb.shown == nb.current
    assert (nb.right, nb.rounds) == before[5:]
    nb.give_back()
    assert round_of(nb) == before and nb.lent_to is None
    nb.give_back()  # nothing lent: nothing changes
    assert round_of(nb) == before


def test_the_round_remembers_the_q_it_was_scored_on():
    nb = state.Notebook()
    nb.predict(state.FORWARD)
    nb.reveal()
    scored_on = nb.current
    nb.set_weights((0.25, 0.25, 0.25, 0.25))  # now KL(q‖p) is the larger
    assert nb.revealed_at == scored_on and nb.last_correct
    nb.new_round()
    assert nb.revealed_at is None


def test_unknown_prediction_is_rejected():
    with pytest.raises(ValueError):
        state.Notebook().predict("bigger")


def test_doctests_pass():
    result = doctest.testmod(state)
    assert result.attempted >= 5 and result.failed == 0


def test_set_unit_notifies_and_refuses_an_unknown_unit():
    from core.state import Change
    from core.text import Unit

    nb = state.Notebook()
    heard = []
    nb.subscribe(lambda _nb, change: heard.append(change), {Change.UNIT})
    assert nb.unit is Unit.NATS
    nb.set_unit("bits")
    assert nb.unit is Unit.BITS and heard == [Change.UNIT]
    with pytest.raises(ValueError, match="Unknown unit"):
        nb.set_unit("hartleys")
    assert nb.unit is Unit.BITS and heard == [Change.UNIT]


@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("round"), st.booleans()),
            st.tuples(
                st.sampled_from(sorted(state.ANSWER_KINDS)),
                st.sampled_from(["a", "b", "c"]),
                st.booleans(),
            ),
        ),
        max_size=20,
    )
)
def test_the_score_line_adds_up_whatever_was_answered(steps):
    nb = state.Notebook()
    for step in steps:
        if step[0] == "round":
            if nb.revealed:
                nb.new_round()
            right = step[1]
            wrong = next(v for v in (state.FORWARD, state.REVERSE) if v != nb.current.verdict)
            nb.predict(nb.current.verdict if right else wrong)
            nb.reveal()
        else:
            nb.answer(f"{step[0]}:{step[1]}", step[2])
    right, out_of = nb.score
    parts = nb.score_parts()
    assert sum(p[1] for p in parts) == right and sum(p[2] for p in parts) == out_of
    assert all(0 <= r <= n for _, r, n in parts)
    line = state.score_line(nb)
    if out_of == 0:
        assert line == "Score: no rounds yet"
    else:
        assert line.startswith(f"Score: {right} right out of {out_of}")
        assert ("(" in line) == bool(nb.answers)
