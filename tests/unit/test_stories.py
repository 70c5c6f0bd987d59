"""py/core/stories.py: storyboard frames, inquiry cues and the practice challenges."""

import doctest
import itertools
import random
import re

import numpy as np
import pytest
from core import content as review
from core import state, stories
from core.text import Unit, info
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr

P = np.array(state.P)


def oracle(weights):
    q = np.array(weights) / np.sum(weights)
    return float(rel_entr(P, q).sum()), float(rel_entr(q, P).sum())


@pytest.mark.parametrize("story", stories.STORIES, ids=lambda s: s.key)
def test_frames_run_from_start_to_end_in_equal_steps(story):
    frames = stories.frames(story)
    assert len(frames) == stories.FRAMES
    assert frames[0] == pytest.approx(story.start) and frames[-1] == pytest.approx(story.end)
    steps = np.diff(np.array(frames), axis=0)
    assert np.allclose(steps, steps[0])
    for weights in frames:
        state.check_weights(weights)  # every frame is a state the demo accepts


@pytest.mark.parametrize("story", stories.STORIES, ids=lambda s: s.key)
def test_reaction_numbers_agree_with_scipy(story):
    snaps, forward, reverse = stories.reaction(story)
    for snap in snaps:
        assert (snap.kl_pq, snap.kl_qp) == pytest.approx(oracle(snap.weights), abs=1e-12)
    assert forward == pytest.approx(oracle(story.end)[0] - oracle(story.start)[0], abs=1e-12)
    assert reverse == pytest.approx(oracle(story.end)[1] - oracle(story.start)[1], abs=1e-12)


@pytest.mark.parametrize("story", stories.STORIES, ids=lambda s: s.key)
def test_every_claim_of_each_explanation_holds_for_its_frames(story):
    snaps, _, _ = stories.reaction(story)
    assert story.claims, "an explanation with no checked claims"
    for claim, holds in story.claims:
        assert holds(snaps), f"{story.key}: {claim}"


def test_the_match_story_no_longer_says_one_direction_reacted_more_beside_both_at_zero():
    # Issue 14.3: "KL(p‖q) reacted more" next to "Both fall to exactly zero together".
    story = {s.key: s for s in stories.STORIES}["match"]
    snaps, _, _ = stories.reaction(story)
    text = check_narration(snaps[0], snaps[-1])
    assert "Both end at exactly 0" in text and "together" not in story.explanation


LEAD = re.compile(
    r"(?:(Neither total moved\.)|(Both totals changed by about as much \(within 10% of each "
    r"other\)\.)|Only (KL\(.‖.\)) moved\.|(KL\(.‖.\)) changed (\S+) times as much as "
    r"(KL\(.‖.\))\.)"
)
MOVE = re.compile(r"(stayed at (\S+)|(rose|fell) from (\S+) to (\S+))")


def check_narration(first, last):
    """Parse every claim of narrate() and check it against SciPy's totals."""
    text = stories.narrate(first, last)
    # SciPy's sums can be -1e-16 where q = p; a total is never below 0 (Gibbs).
    before, after = (tuple(max(0.0, x) for x in oracle(s.weights)) for s in (first, last))
    change = {"KL(p‖q)": after[0] - before[0], "KL(q‖p)": after[1] - before[1]}
    m = LEAD.match(text)
    assert m, text
    small = 1e-11  # SciPy's sums carry rounding of about 1e-16 where ours are exactly 0
    if m[1]:
        assert max(map(abs, change.values())) < small
    elif m[2]:
        big, other = sorted(map(abs, change.values()), reverse=True)
        assert big - other <= 0.1 * big + small and big > 1e-12
    elif m[3]:
        other = [k for k in change if k != m[3]][0]
        assert abs(change[other]) < small < abs(change[m[3]])
    else:
        big, ratio, other = abs(change[m[4]]), float(m[5]), abs(change[m[6]])
        assert big > 1.1 * other and m[4] != m[6]
        assert abs(big / other - ratio) <= 0.05 + 1e-9
    rest = text[m.end() :]
    moves = re.fullmatch(
        rf" ?(Both start at exactly 0, with q equal to p\. )?KL\(p‖q\) {MOVE.pattern}; "
        rf"KL\(q‖p\) {MOVE.pattern}\.( Both end at exactly 0: at the last frame q equals p\.)?",
        rest,
    )
    assert moves, rest
    groups = moves.groups()
    if groups[0]:
        assert first.equals_p and max(abs(x) for x in before) < small
    if groups[-1]:
        assert last.equals_p and max(abs(x) for x in after) < small
    for offset, b, a in ((1, before[0], after[0]), (6, before[1], after[1])):
        whole, kept, verb, start, end = groups[offset : offset + 5]
        if whole.startswith("stayed"):
            assert f"{b:.4f}" == f"{a:.4f}" == kept
        else:
            assert (verb == "rose") == (a > b) and f"{b:.4f}" != f"{a:.4f}"
            assert (start, end) == (f"{b:.4f}", f"{a:.4f}")
    return text


@pytest.mark.parametrize("story", stories.STORIES, ids=lambda s: s.key)
def test_storyboard_narration_is_true_of_every_stretch_of_frames(story):
    snaps, _, _ = stories.reaction(story)
    for a, b in itertools.combinations(range(len(snaps)), 2):
        check_narration(snaps[a], snaps[b])


weights = st.tuples(*[st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)] * 4)
states = st.one_of(
    weights,
    st.sampled_from([p.weights for p in state.PRESETS] + [(0.11, 0.05, 0.03, 0.01)]),
    st.floats(0.02, 1.0).map(lambda k: tuple(k * x for x in state.P)),  # q = p, up to rounding
    st.floats(0.02, 1.0).map(
        lambda k: tuple(k * x * (1 + 1e-9 * i) for i, x in enumerate(state.P))
    ),
)


@settings(max_examples=600, deadline=None)
@given(states, states)
def test_narration_between_any_two_states_is_true(a, b):
    check_narration(state.snapshot(a), state.snapshot(b))


def test_there_are_four_cues_each_pointing_at_a_demo_object():
    assert [c.target for c in stories.CUES] == ["bars", "ratios", "rows", "totals"]
    for cue in stories.CUES:
        for revealed in (False, True):
            shows, hides = stories.cue_text(
                cue.key, state.snapshot(state.DEFAULT_WEIGHTS), revealed
            )
            assert shows and hides
    with pytest.raises(ValueError, match="Unknown cue"):
        stories.cue_text("pie", state.snapshot(state.DEFAULT_WEIGHTS), True)


# ---- the visual inquiry's sentences: every number and comparison checked against SciPy ----

WEIGHT = st.floats(min_value=state.WEIGHT_MIN, max_value=state.WEIGHT_MAX)
SLIDER = st.integers(min_value=1, max_value=1000).map(lambda k: k / 1000)
#: States named in issue 20, every preset, and q = p up to rounding.
CUE_EXAMPLES = [
    (0.11, 0.05, 0.03, 0.01),
    (0.55, 0.25, 0.002, 0.9),
    (0.55, 0.25, 0.15, 0.001),
    (0.55, 0.25, 0.15, 0.05),
    *(preset.weights for preset in state.PRESETS),
]


def oracle_state(weights):
    q = np.array(weights) / np.sum(weights)
    return q, rel_entr(P, q), rel_entr(q, P)


def fixed4(x):
    text = f"{x:.4f}"
    return "0.0000" if float(text) == 0 else text.replace("-", "−")


def outcome(match):
    return int(match.group(1)) - 1


def pct_of(text, share):
    """``text`` is ``share`` as a percentage to one decimal. The product and NumPy normalise
    q by different sums, so at a rounding edge (21.25%) either neighbour is the true one."""
    return abs(float(text) - share * 100) <= 0.05 + 1e-9


def check_bars(weights, shows, hides):
    q, _, _ = oracle_state(weights)
    gaps, ratios = np.abs(P - q), np.log(P / q)
    if f"{gaps.max() * 100:.1f}" == "0.0":
        assert "no gap reaches 0.1 percentage points" in shows
        return
    m = re.search(
        r"no gap is wider than the one at x(\d): p (\S+)%, q (\S+)%, (\S+) percentage", shows
    )
    assert m, shows
    i = outcome(m)
    assert gaps[i] >= gaps.max() - 1e-12  # numpy and fsum may differ in the last bit
    assert pct_of(m.group(2), P[i]) and pct_of(m.group(3), q[i])
    assert pct_of(m.group(4), gaps[i])
    assert f"gap, at x{i + 1}," in hides
    if "also has a log-ratio as far from 0 as any" in hides:
        assert abs(ratios[i]) >= np.abs(ratios).max() - 1e-12
        assert f"log p/q = {fixed4(ratios[i])})" in hides
        return
    m = re.search(r"has log p/q = (\S+), while x(\d), (\S+) points apart, has a log-ratio "
                  r"further from 0: (\S+)\.$", hides)  # fmt: skip
    assert m, hides
    j = int(m.group(2)) - 1
    assert m.group(1) == fixed4(ratios[i])
    assert abs(ratios[j]) > abs(ratios[i]) - 1e-12
    assert pct_of(m.group(3), gaps[j]) and m.group(4) == fixed4(ratios[j])


def check_ratios(weights, shows, hides):
    q, _, _ = oracle_state(weights)
    ratios = np.log(P / q)
    if "every log-ratio rounds to 0.0000" in shows:
        assert all(fixed4(r) == "0.0000" for r in ratios)
    else:
        m = re.search(r"no log-ratio is further from 0 than x(\d)’s, (\S+)\.$", shows)
        assert m, shows
        j = outcome(m)
        assert abs(ratios[j]) >= np.abs(ratios).max() - 1e-12
        assert m.group(2) == fixed4(ratios[j])
    m = re.search(r"weighs x(\d)’s log-ratio by p\(x\d\) = (\S+)%; .* by q\(x\d\) = (\S+)%", hides)
    assert m, hides
    j = outcome(m)
    assert abs(ratios[j]) >= np.abs(ratios).max() - 1e-12
    assert pct_of(m.group(2), P[j]) and pct_of(m.group(3), q[j])


def check_rows(weights, shows, hides, revealed):
    _, forward, reverse = oracle_state(weights)
    assert "Jensen" in hides and "A negative term only says" in hides
    if not revealed:
        assert "hidden until you commit" in shows and not re.search(r"\d", shows)
        return
    for name, terms in (("KL(p‖q)", forward), ("KL(q‖p)", reverse)):
        if f"every term of {name} rounds to 0.0000" in shows:
            assert all(fixed4(t) == "0.0000" for t in terms)
            continue
        pattern = rf"no term of {re.escape(name)} is larger in size than x(\d)’s, ([^,.]+\.\d+)"
        m = re.search(pattern, shows)
        assert m, shows
        k = outcome(m)
        assert abs(terms[k]) >= np.abs(terms).max() - 1e-12
        assert m.group(2) == fixed4(terms[k])


def check_totals(weights, shows, revealed):
    _, forward, reverse = oracle_state(weights)
    if not revealed:
        assert "hidden until you commit" in shows and not re.search(r"\d", shows)
        return
    a, b = max(forward.sum(), 0.0), max(reverse.sum(), 0.0)
    m = re.search(r"KL\(p‖q\) = (\S+) and KL\(q‖p\) = (\S+) nats: (.*)\.$", shows)
    assert m, shows
    assert m.group(1) == fixed4(a) and m.group(2) == fixed4(b)
    assert "−" not in m.group(1) + m.group(2)  # a total is never shown negative
    if m.group(3) == "they agree to four decimals":
        assert fixed4(a) == fixed4(b)
    else:
        assert fixed4(a) != fixed4(b)
        assert m.group(3) == ("KL(p‖q) is the larger" if a > b else "KL(q‖p) is the larger")


def check_cues(weights, revealed):
    snap = state.snapshot(weights)
    check_bars(weights, *stories.cue_text("bars", snap, revealed))
    check_ratios(weights, *stories.cue_text("ratios", snap, revealed))
    check_rows(weights, *stories.cue_text("rows", snap, revealed), revealed)
    check_totals(weights, stories.cue_text("totals", snap, revealed)[0], revealed)


@pytest.mark.parametrize("weights", CUE_EXAMPLES)
@pytest.mark.parametrize("revealed", [False, True])
def test_cue_sentences_are_true_for_named_states(weights, revealed):
    check_cues(weights, revealed)


@settings(max_examples=400, deadline=None)
@given(st.tuples(WEIGHT, WEIGHT, WEIGHT, WEIGHT), st.booleans())
def test_cue_sentences_are_true_over_the_weight_space(weights, revealed):
    check_cues(weights, revealed)


@settings(max_examples=300, deadline=None)
@given(st.tuples(SLIDER, SLIDER, SLIDER, SLIDER))
def test_cue_sentences_are_true_on_slider_steps(weights):
    # Slider steps of 0.001 make exact ties and q = p (up to rounding) reachable.
    check_cues(weights, True)


def test_bars_cue_no_longer_claims_a_gap_is_harmless_or_severe():
    for weights in CUE_EXAMPLES:
        shows, hides = stories.cue_text("bars", state.snapshot(weights), True)
        assert "harmless" not in hides and "severe" not in hides


def test_rows_cue_credits_jensen_with_the_total_not_with_negative_terms():
    _, hides = stories.cue_text("rows", state.snapshot(state.DEFAULT_WEIGHTS), True)
    assert "negative term is allowed" not in hides
    assert hides.index("A negative term only says") < hides.index("at least 0 is Jensen")


def search_for(challenge):
    """A slider state meeting the challenge, found by a grid then a random search."""
    grid = [0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
    candidates = itertools.chain(
        itertools.product(grid, repeat=4),
        ([10 ** random.Random(i).uniform(-3, 0) for _ in range(4)] for i in range(20000)),
    )
    for weights in candidates:
        rng_weights = [round(w, 3) or 0.001 for w in weights]
        if challenge.check(state.snapshot(rng_weights)):
            return rng_weights
    return None


@pytest.mark.parametrize("challenge", stories.CHALLENGES, ids=lambda c: c.key)
def test_every_challenge_is_reachable_with_the_sliders(challenge):
    weights = search_for(challenge)
    assert weights is not None, f"{challenge.key} cannot be met within the slider range"
    forward, backward = oracle(weights)
    snap = state.snapshot(weights)
    assert (snap.kl_pq, snap.kl_qp) == pytest.approx((forward, backward), abs=1e-12)


def test_challenges_are_not_met_by_the_starting_state_or_by_q_equal_p():
    assert not any(stories.challenge_status(state.snapshot(state.DEFAULT_WEIGHTS)).values())
    assert not any(stories.challenge_status(state.snapshot(state.P)).values())
    # Issue 20.A: p / 5 is q = p up to rounding; "both small without q being p" is not met.
    assert not any(stories.challenge_status(state.snapshot((0.11, 0.05, 0.03, 0.01))).values())


@settings(max_examples=800, deadline=None)
@given(states)
def test_each_challenge_status_is_true_of_the_numbers(w):
    snap = state.snapshot(w)
    q = np.array(w) / np.sum(w)
    same = np.allclose(q, P, rtol=1e-12, atol=0)
    # Totals as the page shows them: never below 0, and 0 where they are rounding alone.
    forward, backward = (0.0 if same or x <= 1e-12 else x for x in oracle(w))
    x1_term = float(rel_entr(P[0], q[0]))
    truth = {
        "reverse-heavier": backward > 1.5 * forward and backward > 0,
        "both-small": forward < 0.01 and backward < 0.01 and not same,
        "negative-term": x1_term < 0 and forward > 0.3,
        "forward-triple": forward > 3 * backward and forward > 0,
    }
    assert stories.challenge_status(snap) == truth


def test_challenge_rules_on_known_states():
    miss = stories.challenge_status(state.snapshot((0.70, 0.25, 0.002, 0.048)))
    assert miss["negative-term"] and miss["forward-triple"]
    assert stories.challenge_status(state.snapshot((0.56, 0.25, 0.15, 0.05)))["both-small"]
    heavy = stories.challenge_status(state.snapshot((0.179, 0.084, 0.047, 0.25)))
    assert heavy["reverse-heavier"]


def test_the_reverse_to_forward_ratio_cannot_reach_two_here():
    # Why the challenge asks for 1.5 and not 2: a random search never gets there.
    rng = random.Random(3)
    best = 0.0
    for _ in range(20000):
        snap = state.snapshot([10 ** rng.uniform(-3, 0) for _ in range(4)])
        if snap.kl_pq > 0.01:
            best = max(best, snap.kl_qp / snap.kl_pq)
    assert 1.5 < best < 2


class BrowserError(Exception):
    """A DOMException as the page sees it: the browser's name, and words that may vary."""

    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


class FakeStorage:
    def __init__(self, fail=None):
        self.items, self.fail = {}, fail

    def getItem(self, key):  # noqa: N802 - the Web Storage method names
        if self.fail == "security":
            raise BrowserError("SecurityError", "denied")
        return self.items.get(key)

    def setItem(self, key, value):  # noqa: N802
        if self.fail:
            if self.fail == "quota":
                raise BrowserError("QuotaExceededError", "the words differ by browser")
            raise BrowserError("SecurityError", "denied")
        self.items[key] = value

    def removeItem(self, key):  # noqa: N802
        self.items.pop(key, None)


def test_the_practice_answer_is_kept_and_read_back():
    storage = FakeStorage()
    assert stories.load_answer(storage) == ("", None)
    assert stories.save_answer(storage, "x3's term grows") is None
    assert stories.load_answer(storage) == ("x3's term grows", None)
    assert stories.save_answer(storage, "") is None and stories.load_answer(storage) == ("", None)


@pytest.mark.parametrize(
    ("storage", "words"),
    [(FakeStorage("quota"), "storage is full"), (FakeStorage("security"), "will not survive"),
     (None, "will not survive")],
)  # fmt: skip
def test_a_storage_failure_is_reported_not_raised(storage, words):
    notice = stories.save_answer(storage, "my answer")
    assert words in notice
    if storage is None or storage.fail == "security":
        assert words in stories.load_answer(storage)[1]


def test_three_hints():
    assert len(stories.HINTS) == 3


def test_review_finds_the_definition_lines_of_kl_py():
    from core import kl

    with open(kl.__file__, encoding="utf-8") as source:
        text = source.read()
    lines = review.definition_lines(text)
    for name in ("kl", "kl_terms", "cross_entropy", "entropy", "check_distribution"):
        assert text.splitlines()[lines[name] - 1].startswith(f"def {name}(")
    assert doctest.testmod(review).failed == 0


# ---- predicting a story before it plays ------------------------------------------------

HELD = re.compile(r"Your prediction held: “([^”]+)”\. ")
MISSED = re.compile(
    r"Your prediction did not hold: you said “([^”]+)”, but the answer is “([^”]+)”\. "
)


def check_verdict(question, choice, snaps, unit):
    """Parse the verdict sentence and check every claim in it against the frames (SciPy)."""
    right, text = stories.judge(question, choice, snaps, unit)
    labels = dict(question.options)
    first, last = snaps[0], snaps[-1]
    after = [max(0.0, x) for x in oracle(last.weights)]
    before = [max(0.0, x) for x in oracle(first.weights)]
    change = (after[0] - before[0], after[1] - before[1])
    if question.kind == stories.CHANGE:
        big, small = sorted(map(abs, change), reverse=True)
        if big <= 1e-12 or big - small <= 0.1 * big:
            truth = state.NEITHER
        else:
            truth = state.FORWARD if abs(change[0]) > abs(change[1]) else state.REVERSE
    else:
        # KL is 0 only where q = p (Gibbs), in both directions at once
        q = np.array(last.weights) / np.sum(last.weights)
        truth = stories.BOTH_ZERO if np.allclose(q, P, rtol=1e-12, atol=0) else stories.BOTH_ABOVE
    assert right == (choice == truth)
    held, missed = HELD.match(text), MISSED.match(text)
    if right:
        assert held and held[1] == labels[truth], text
        rest = text[held.end() :]
    else:
        assert missed and (missed[1], missed[2]) == (labels[choice], labels[truth]), text
        rest = text[missed.end() :]
    if question.kind == stories.CHANGE:
        assert rest == f"In {unit}: {stories.narrate(first, last, unit)}"
        # narrate's lead names the direction that changed more, as the answer does
        lead = {
            state.FORWARD: "KL(p‖q) changed",
            state.REVERSE: "KL(q‖p) changed",
            state.NEITHER: ("Both totals changed by about", "Neither total moved"),
        }[truth]
        assert rest.removeprefix(f"In {unit}: ").startswith(lead) or (
            truth != state.NEITHER and rest.removeprefix(f"In {unit}: ").startswith("Only")
        ), rest
        for value in (first.kl_pq, last.kl_pq, first.kl_qp, last.kl_qp):
            assert info(value, unit) in rest
    else:
        assert rest.startswith(f"In {unit}: KL(p‖q) ")
        for b, a in zip(before, after, strict=True):  # each total's move, SciPy's numbers
            assert info(a, unit) in rest
            if info(a, unit) != info(b, unit):
                verb = "rose" if a > b else "fell"
                assert f"{verb} from {info(b, unit)} to {info(a, unit)}" in rest
        assert ("both end exactly 0" in rest) == (truth == stories.BOTH_ZERO)
        assert ("both end still above 0" in rest) == (truth == stories.BOTH_ABOVE)
    return right, text


# Frames between two ends inside the sliders' range (rounding may not push one outside).
story_ends = st.one_of(
    st.tuples(*[st.floats(0.002, 0.999)] * 4),
    st.sampled_from([p.weights for p in state.PRESETS]),
    st.floats(0.05, 0.9).map(lambda k: tuple(k * x for x in state.P)),  # q = p, up to rounding
    st.floats(0.05, 0.9).map(
        lambda k: tuple(k * x * (1 + 1e-9 * i) for i, x in enumerate(state.P))
    ),
)


@pytest.mark.parametrize("unit", list(Unit))
@pytest.mark.parametrize("story", stories.STORIES, ids=lambda s: s.key)
def test_the_verdict_sentence_is_true_for_every_story_and_answer(story, unit):
    snaps, _, _ = stories.reaction(story)
    question = story.question
    assert question is not None, f"{story.key} asks nothing before it plays"
    if question.premise is not None:
        assert question.premise(snaps), f"{story.key}: the question's premise fails"
    rights = [check_verdict(question, value, snaps, unit)[0] for value, _ in question.options]
    assert rights.count(True) == 1  # exactly one answer is right, and it is one of the options


@settings(max_examples=300, deadline=None)
@given(
    story_ends,
    story_ends,
    st.integers(2, 9),
    st.sampled_from(list(Unit)),
    st.sampled_from([stories.CHANGE, stories.ENDING]),
    st.data(),
)
def test_the_verdict_is_true_of_any_story_in_either_unit(start, end, count, unit, kind, data):
    question = stories.Question(
        kind, "?", stories._grows("change") if kind == stories.CHANGE else stories.ENDINGS
    )
    story = stories.Story("any", "any", start, end, "", (), question)
    snaps, _, _ = stories.reaction(story, count)
    choice = data.draw(st.sampled_from([v for v, _ in question.options]))
    check_verdict(question, choice, snaps, unit)


def test_the_answer_is_read_off_the_frames_not_written_down():
    # Swap a story's start and end: the totals now fall instead of rise, the sizes of the
    # changes stay, so the same direction is the answer; move the end and it changes.
    story = {s.key: s for s in stories.STORIES}["remove-mass"]
    snaps, _, _ = stories.reaction(story)
    assert stories.answer_of(story.question, snaps) == state.FORWARD
    flipped = stories.Story("x", "x", story.end, story.start, "", (), story.question)
    assert stories.answer_of(story.question, stories.reaction(flipped)[0]) == state.FORWARD
    other = stories.Story("x", "x", state.P, (0.55, 0.25, 0.15, 0.60), "", (), story.question)
    assert stories.answer_of(story.question, stories.reaction(other)[0]) == state.REVERSE


def test_an_unknown_prediction_is_a_value_error():
    story = stories.STORIES[0]
    with pytest.raises(ValueError, match="Unknown prediction"):
        stories.judge(story.question, "bigger", stories.reaction(story)[0])


def test_the_score_note_says_why_a_prediction_counts_or_not():
    assert "counts in the demo’s score" in stories.score_note(True, False)
    assert "Only your first" in stories.score_note(False, True)
    assert "watched this story" in stories.score_note(False, False)
