"""py/stories.py: storyboard frames, inquiry cues and the practice challenges."""

import doctest
import itertools
import random

import numpy as np
import pytest
import review
import state
import stories
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


@pytest.mark.parametrize(
    ("key", "lead"),
    [("remove-mass", "Only KL(p‖q)"), ("add-mass", "KL(q‖p) reacts more"),
     ("flatten", "the reverse a little faster"), ("match", "fall to exactly zero")],
)  # fmt: skip
def test_each_explanation_matches_what_the_numbers_do(key, lead):
    story = {s.key: s for s in stories.STORIES}[key]
    snaps, forward, reverse = stories.reaction(story)
    assert lead in story.explanation
    moved = stories.reacting_direction(forward, reverse)
    if key == "remove-mass":
        assert moved == state.FORWARD and forward > 3 * reverse
    elif key in ("add-mass", "flatten"):
        assert reverse > forward > 0
    else:
        assert snaps[-1].kl_pq == 0 and snaps[-1].kl_qp == 0


def test_there_are_four_cues_each_pointing_at_a_demo_object():
    assert [c.target for c in stories.CUES] == ["bars", "ratios", "rows", "totals"]
    for cue in stories.CUES:
        assert cue.shows and cue.hides


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


def test_three_hints():
    assert len(stories.HINTS) == 3


def test_review_finds_the_definition_lines_of_kl_py():
    import kl

    with open(kl.__file__, encoding="utf-8") as source:
        text = source.read()
    lines = review.definition_lines(text)
    for name in ("kl", "kl_terms", "cross_entropy", "entropy", "check_distribution"):
        assert text.splitlines()[lines[name] - 1].startswith(f"def {name}(")
    assert doctest.testmod(review).failed == 0
