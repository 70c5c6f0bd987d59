"""py/core/fitlab.py: the two-mode p, the global and local fits, and every sentence the lab says."""

import math
import re

import numpy as np
import pytest
from core import fitlab
from core.errors import LearnerInputError
from core.text import Unit
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr

SEPARATIONS = [fitlab.SEPARATION_RANGE[0] + 0.5 * k for k in range(17)]
# The separations the slider can reach (2, 2.5, ..., 10), and the starts the page offers.
separations = st.sampled_from(SEPARATIONS)
starts = st.sampled_from(sorted(fitlab.STARTS))
slider_means = st.integers(0, 190).map(lambda k: k / 10)
slider_widths = st.integers(5, 90).map(lambda k: k / 10)
NUMBER = r"(−?\d+\.\d+)"


def scipy_kl(a, b):
    return float(rel_entr(np.asarray(a), np.asarray(b)).sum())


def value(text):
    return float(text.replace("−", "-"))


def left_share(mean, width):
    q = np.asarray(fitlab.bell(mean, width))
    return float(q[np.arange(fitlab.K) < fitlab.CENTER].sum())


def fine_grid_minimum(lab, direction, step=0.05):
    """The lowest KL over a grid far finer than the search's own starting grid."""
    lowest = math.inf
    for mean in np.arange(fitlab.MEAN_RANGE[0], fitlab.MEAN_RANGE[1] + 1e-9, step):
        for width in np.arange(fitlab.WIDTH_RANGE[0], fitlab.WIDTH_RANGE[1] + 1e-9, step):
            lowest = min(lowest, lab.cost(direction, float(mean), float(width)))
    return lowest


# ---- p and the costs ---------------------------------------------------------------


def test_p_is_bimodal_on_twenty_outcomes_with_modes_well_apart():
    assert len(fitlab.P) == 20 and math.isclose(sum(fitlab.P), 1.0)
    peaks = [i for i in range(1, 19) if fitlab.P[i - 1] < fitlab.P[i] >= fitlab.P[i + 1]]
    assert len(peaks) == 2 and peaks[1] - peaks[0] >= 4 * fitlab.MODE_WIDTH
    assert fitlab.MODES == (4.5, 14.5)


@given(separations)
def test_the_modes_sit_the_chosen_distance_apart_around_the_middle(separation):
    lo, hi = fitlab.mode_positions(separation)
    assert hi - lo == pytest.approx(separation) and (lo + hi) / 2 == fitlab.CENTER
    assert math.isclose(sum(fitlab.target(separation)), 1.0)


@settings(max_examples=200)
@given(separations, st.floats(0, 19), st.floats(0.5, 9))
def test_the_fast_costs_agree_with_scipy(separation, mean, width):
    lab = fitlab.Lab(separation)
    q = fitlab.bell(mean, width)
    forward, reverse = lab.costs(mean, width)
    assert forward == pytest.approx(scipy_kl(lab.p, q), abs=1e-12)
    assert reverse == pytest.approx(scipy_kl(q, lab.p), abs=1e-12)


def test_the_landscape_grid_agrees_with_kl_py():
    lab = fitlab.Lab()
    for direction in fitlab.DIRECTIONS:
        for j, width in enumerate(lab.widths):
            for i, mean in enumerate(lab.means):
                expected = lab.divergence(direction, mean, width)
                assert lab.grid[direction][j][i] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("direction", ["Forward", "backward", "", None, "reverse "])
def test_an_unknown_direction_is_a_value_error(direction):
    with pytest.raises(ValueError, match="'forward' or 'reverse'"):
        fitlab.divergence(direction, 9.0, 3.0)


@pytest.mark.parametrize("separation", [1.5, 10.5, math.nan, math.inf, "4", True, None])
def test_a_separation_outside_the_slider_is_a_value_error(separation):
    with pytest.raises(ValueError, match="distance between the modes"):
        fitlab.Lab(separation)


@pytest.mark.parametrize(
    "learner_sets",
    [
        lambda: fitlab.Lab(12),
        lambda: fitlab.bell(5, 0),
        lambda: fitlab.bell(1e6, 0.1),
        lambda: fitlab.Lab().fit_from("reverse", "nowhere"),
    ],
)
def test_what_a_learner_sets_out_of_range_is_learner_input(learner_sets):
    with pytest.raises(LearnerInputError):
        learner_sets()


def test_bell_rejects_a_non_positive_width():
    with pytest.raises(ValueError, match="width must be positive"):
        fitlab.bell(5, 0)


# ---- the fits ----------------------------------------------------------------------


@pytest.mark.parametrize("direction", fitlab.DIRECTIONS)
def test_the_reported_best_is_below_every_bell_on_a_fine_grid(direction):
    """Issue 14.1: "best possible" is the global minimum, whatever the start."""
    lab = fitlab.Lab()
    best = lab.best(direction)
    assert best.value <= fine_grid_minimum(lab, direction) + 1e-12
    q = fitlab.bell(best.mean, best.width)
    exact = scipy_kl(lab.p, q) if direction == "forward" else scipy_kl(q, lab.p)
    assert best.value == pytest.approx(exact, abs=1e-12)


@settings(max_examples=12, deadline=None)
@given(separations, st.sampled_from(fitlab.DIRECTIONS))
def test_the_best_is_global_at_every_separation(separation, direction):
    lab = fitlab.Lab(separation)
    assert lab.best(direction).value <= fine_grid_minimum(lab, direction, step=0.25) + 1e-12


def test_the_issue_example_a_hand_set_q_never_beats_the_best():
    lab = fitlab.Lab()
    hand = lab.divergence("reverse", 4.5, 1.2)
    assert hand == pytest.approx(0.6660, abs=5e-5)
    assert lab.best("reverse").value <= hand
    right = lab.fit_from("reverse", "right")
    assert right.value > hand  # the start's optimum alone would have been a false "best"
    assert not lab.is_best(right)


def test_forward_fit_matches_the_mean_and_variance_of_p():
    # The discretised bell family is an exponential family with statistics x and x^2
    # on 0..19, so the KL(p||q) minimiser matches p's first two moments exactly.
    fit = fitlab.Lab().best("forward")
    fit_mean, fit_var = fitlab.moments(fitlab.bell(fit.mean, fit.width))
    p_mean, p_var = fitlab.moments(fitlab.P)
    assert fit_mean == pytest.approx(p_mean, abs=1e-3)
    assert fit_var == pytest.approx(p_var, rel=1e-3)


@pytest.mark.parametrize(("start", "mode"), [("grid", 4.5), ("left", 4.5), ("right", 14.5)])
def test_reverse_fit_sits_on_one_mode_and_which_depends_on_the_start(start, mode):
    fit = fitlab.Lab().fit_from("reverse", start)
    assert abs(fitlab.moments(fitlab.bell(fit.mean, fit.width))[0] - mode) < fitlab.MODE_WIDTH
    assert fit.width < 2 * fitlab.MODE_WIDTH


def test_every_reported_minimum_is_a_local_minimum():
    for separation in (4.0, 8.0, 9.5, 10.0):
        lab = fitlab.Lab(separation)
        for direction in fitlab.DIRECTIONS:
            for fit in lab.minima(direction):
                for dm, dw in ((0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)):
                    m, w = fitlab.clamp(fit.mean + dm, fit.width + dw)
                    assert lab.cost(direction, m, w) >= fit.value - 1e-12


def test_the_intro_holds_at_both_ends_of_the_separation_slider():
    """The fit lab's intro: far apart, reverse KL's best sits on one mode; close, it spans both."""
    far = fitlab.Lab(fitlab.SEPARATION_RANGE[1]).best("reverse")
    near = fitlab.Lab(fitlab.SEPARATION_RANGE[0]).best("reverse")
    assert fitlab.placement(fitlab.bell(far.mean, far.width)) in ("left", "right")
    assert fitlab.placement(fitlab.bell(near.mean, near.width)) == "both"
    # With the issue's modes at 7.5 and 11.5 the reverse fit covers both from every start.
    lab = fitlab.Lab(4.0)
    for start in fitlab.STARTS:
        fit = lab.fit_from("reverse", start)
        assert (round(fit.mean, 2), round(fit.width, 2)) == (9.32, 2.48)


@given(separations)
def test_the_forward_fit_spreads_over_both_modes_at_every_separation(separation):
    fit = fitlab.Lab(separation).best("forward")
    assert 0.1 <= left_share(fit.mean, fit.width) <= 0.9


# ---- every sentence is true of its numbers -----------------------------------------


@settings(max_examples=60, deadline=None)
@given(separations, slider_means, slider_widths, st.booleans())
def test_the_your_q_readout_is_true(separation, mean, width, fitted):
    lab = fitlab.Lab(separation)
    text = lab.describe_yours(mean, width, fitted)
    numbers = [value(n) for n in re.findall(NUMBER, text)]
    q = fitlab.bell(mean, width)
    assert numbers[:4] == [
        round(mean, 1),
        round(width, 1),
        pytest.approx(scipy_kl(lab.p, q), abs=5e-5),
        pytest.approx(scipy_kl(q, lab.p), abs=5e-5),
    ]
    if fitted:
        lowest_forward, lowest_reverse = numbers[4:]
        assert lowest_forward <= numbers[2] and lowest_reverse <= numbers[3]
    else:
        assert "lowest" not in text


@settings(max_examples=17, deadline=None)
@given(separations)
def test_the_forward_sentence_is_true(separation):
    lab = fitlab.Lab(separation)
    text = lab.describe_forward()
    fit = lab.best("forward")
    match = re.match(
        rf"Forward fit: the lowest KL\(p‖q\) is {NUMBER}, at mean {NUMBER} and "
        rf"width {NUMBER}\. (.*)$",
        text,
    )
    assert match, text
    assert value(match[1]) == pytest.approx(fit.value, abs=5e-5)
    q = np.asarray(fitlab.bell(fit.mean, fit.width))
    p = np.asarray(lab.p)
    rest = match[4]
    lo, hi = lab.modes
    gap = [x for x in range(20) if lo + 2 * fitlab.MODE_WIDTH < x < hi - 2 * fitlab.MODE_WIDTH]
    if gap:
        shares = re.match(
            r"It puts ([\d.]+)% of its mass on outcomes (\d+)–(\d+), between p’s "
            r"modes, where p has ([\d.]+)%",
            rest,
        )
        assert shares, rest
        assert (int(shares[2]), int(shares[3])) == (gap[0], gap[-1])
        in_q, in_p = q[gap].sum(), p[gap].sum()
        assert float(shares[1]) == pytest.approx(100 * in_q, abs=0.05)
        assert float(shares[4]) == pytest.approx(100 * in_p, abs=0.05)
        assert ("blurs the two modes" in rest) == (in_q > in_p)
    else:
        assert "no gap between them" in rest and "spans both modes" in rest


@settings(max_examples=40, deadline=None)
@given(separations, starts)
def test_the_reverse_sentence_is_true_for_every_start(separation, start):
    lab = fitlab.Lab(separation)
    text = lab.describe_reverse(start)
    fit = lab.fit_from("reverse", start)
    match = re.match(
        rf"Reverse fit, searched (.*?): it stops at mean {NUMBER} and width "
        rf"{NUMBER} with KL\(q‖p\) = {NUMBER}",
        text,
    )
    assert match, text
    assert match[1] == fitlab.START_WORDS[start]
    assert value(match[2]) == round(fit.mean, 2) and value(match[3]) == round(fit.width, 2)
    assert value(match[4]) == pytest.approx(
        scipy_kl(fitlab.bell(fit.mean, fit.width), lab.p), abs=5e-5
    )
    left = left_share(fit.mean, fit.width)
    if left >= 0.9:
        assert "sits on the left mode" in text
    elif left <= 0.1:
        assert "sits on the right mode" in text
    else:
        assert "spans both modes" in text
    lowest = fine_grid_minimum(lab, "reverse", step=0.25)
    if "No bell does better" in text:
        assert fit.value <= lowest + 1e-12
    else:
        assert "local optimum, not the best" in text
        assert fit.value > lab.best("reverse").value + 1e-9


@settings(max_examples=40, deadline=None)
@given(separations, starts)
def test_the_other_starts_sentence_is_true(separation, start):
    """Issue 20.E: "start on the other side and it settles elsewhere" only when that happens."""
    lab = fitlab.Lab(separation)
    text = lab.describe_starts(start)
    chosen = lab.fit_from("reverse", start)
    for other, words in (("left", "on the left"), ("right", "on the right")):
        if other == start:
            assert f"Started {fitlab.START_WORDS[other]}" not in text
            continue
        fit = lab.fit_from("reverse", other)
        if fit.same_as(chosen):
            assert re.search(rf"Started [a-z ]*{words}[a-z ]*, the search reaches this same", text)
        else:
            sentence = re.search(
                rf"Started {re.escape(fitlab.START_WORDS[other])} instead, the search stops at "
                rf"mean {NUMBER} and width {NUMBER} \(KL\(q‖p\) = {NUMBER}\), ([a-z ]+)\.",
                text,
            )
            assert sentence, text
            assert value(sentence[3]) == pytest.approx(fit.value, abs=5e-5)
            best = lab.best("reverse")
            assert (sentence[4] == "the best fit") == (fit.value <= best.value + 1e-9)
    basins = int(re.search(r"has (\d+) basin", text)[1])
    assert basins == len(lab.minima("reverse")) >= 1
    best = lab.best("reverse")
    if fitlab.placement(fitlab.bell(best.mean, best.width)) == "both":
        assert "With the modes this close, reverse KL’s best bell spans both" in text
        assert separation < fitlab.SEPARATION_RANGE[1]  # "move them apart" is possible
    else:
        assert "best bell sits on one mode" in text


def test_the_issue_20e_example_reads_right_from_the_right():
    lab = fitlab.Lab()
    reverse = lab.describe_reverse("right")
    assert "sits on the right mode" in reverse and "local optimum, not the best" in reverse
    starts_text = lab.describe_starts("right")
    assert "Started on the left (mean 2, width 1.5) instead" in starts_text
    assert "(KL(q‖p) = 0.5953), the best fit." in starts_text


def test_no_sentence_speaks_of_variance():
    lab = fitlab.Lab()
    texts = [lab.describe_forward(), lab.describe_yours(9, 3, True)]
    texts += [lab.describe_reverse(s) + lab.describe_starts(s) for s in fitlab.STARTS]
    assert not any("variance" in t for t in texts)


# ---- predicting where the reverse fit settles ----------------------------------------

# The left mode's weights the slider can reach (0.2, 0.25, ..., 0.8).
WEIGHTS = [round(fitlab.LEFT_WEIGHT_RANGE[0] + 0.05 * k, 2) for k in range(13)]
weights = st.sampled_from(WEIGHTS)
places = st.sampled_from([v for v, _ in fitlab.PLACES])
units = st.sampled_from(list(Unit))
LABELS = dict(fitlab.PLACES)


def where(fit):
    """Where a bell sits, from its own mass (numpy): the rule the prediction is about."""
    left = left_share(fit.mean, fit.width)
    return "left" if left >= 0.9 else "right" if left <= 0.1 else "both"


def shown(x, unit):
    """A KL as the verdict writes it: four decimals and the unit."""
    return f"{x / math.log(2) if unit == Unit.BITS else x:.4f} {unit}".replace("-", "−")


def check_reverse_verdict(lab, start, choice, unit):
    """Parse the verdict on a reverse-fit prediction and check each claim against numpy/SciPy."""
    right, text = lab.judge_reverse(start, choice, unit)
    fit = lab.fit_from("reverse", start)
    truth = where(fit)
    assert right == (choice == truth)
    if right:
        lead = f"Your prediction held: “{LABELS[truth]}”. "
    else:
        lead = (
            f"Your prediction did not hold: you said “{LABELS[choice]}”, "
            f"but the answer is “{LABELS[truth]}”. "
        )
    assert text.startswith(lead), text
    if truth == "both":
        assert ", the reverse fit spans both modes" in text
    else:
        assert f", the reverse fit sits on the {truth} mode" in text
    # The weights, as the slider set them.
    w = lab.left_weight
    same_weight = f"{w:.1%}" == f"{1 - w:.1%}"
    if same_weight:
        assert f"The two modes weigh the same ({w:.1%} each)" in text
    else:
        assert f"The left mode weighs {w:.1%} of p, the right {1 - w:.1%}" in text
    # What a bell on each mode costs: each figure a local minimum on that side, the lowest.
    minima = lab.minima("reverse")
    best_on = {
        s: min((m.value for m in minima if where(m) == s), default=None) for s in ("left", "right")
    }
    if truth != "both":
        other = "right" if truth == "left" else "left"
        here = min(v for v in (best_on[truth], fit.value) if v is not None)
        if best_on[other] is None:
            assert f"no local minimum with the bell on the {other} mode" in text
            return right, text
        a, b = shown(here, unit), shown(best_on[other], unit)
        if a == b:
            assert f"the best bell on either mode reaches the same KL(q‖p), {a}" in text
        else:
            cheaper = truth if here < best_on[other] else other
            assert (
                f"the best bell on the {truth} mode reaches KL(q‖p) = {a}, the best on the "
                f"{other} mode {b}, so sitting on the {cheaper} mode costs less."
            ) in text
        return right, text
    found = {s: v for s, v in best_on.items() if v is not None}
    if not found:
        assert "no local minimum with the bell on one mode alone" in text
        return right, text
    for side, v in found.items():
        assert re.search(rf"{side} mode (reaches KL\(q‖p\) = )?{shown(v, unit)}", text), text
    lowest = min(found.values())
    if shown(lowest, unit) == shown(fit.value, unit):
        assert "the same as this fit to four decimals" in text
    elif lowest > fit.value:
        assert "more than this fit" in text
    else:
        assert "does better than this fit" in text
    return right, text


@settings(max_examples=80, deadline=None)
@given(separations, weights, starts, places, units)
def test_the_reverse_fit_verdict_is_true_across_the_sliders(
    separation, weight, start, choice, unit
):
    check_reverse_verdict(fitlab.Lab(separation, weight), start, choice, unit)


@pytest.mark.parametrize("separation", [6.0, 8.0, 9.0, 10.0])
@pytest.mark.parametrize("start", sorted(fitlab.STARTS))
def test_with_equal_modes_either_may_be_picked_and_the_verdict_stays_true(separation, start):
    lab = fitlab.Lab(separation, 0.5)
    rights = [check_reverse_verdict(lab, start, v, Unit.NATS)[0] for v, _ in fitlab.PLACES]
    assert rights.count(True) == 1
    fit = lab.fit_from("reverse", start)
    text = lab.judge_reverse(start, where(fit))[1]
    assert "The two modes weigh the same (50.0% each)" in text
    assert "heavier" not in text and "lighter" not in text
    left, right = lab.best_on("left"), lab.best_on("right")
    if left is not None and right is not None:  # a basin on each mode: mirror images
        assert left.value == pytest.approx(right.value, abs=1e-9)
        assert left.mean == pytest.approx(fitlab.K - 1 - right.mean, abs=1e-3)
        if where(fit) != "both":
            assert "the best bell on either mode reaches the same KL(q‖p)" in text


def test_the_answer_follows_the_lab_setting():
    # Far apart the heavier mode wins from the grid's lowest point; swap the weights and
    # the answer swaps; close together the bell spans both; the start can move it.
    assert fitlab.Lab(10, 0.7).reverse_place("grid") == "left"
    assert fitlab.Lab(10, 0.3).reverse_place("grid") == "right"
    assert fitlab.Lab(10, 0.7).reverse_place("right") == "right"
    assert fitlab.Lab(3, 0.55).reverse_place("grid") == "both"


def test_a_setting_key_names_distance_weight_and_start():
    lab = fitlab.Lab(7.5, 0.35)
    assert lab.setting_key("left") == "d7.5-w0.35-left"
    assert (
        len(
            {
                fitlab.Lab(s, w).setting_key(t)
                for s in (2, 10)
                for w in (0.5, 0.55)
                for t in fitlab.STARTS
            }
        )
        == 12
    )
    with pytest.raises(LearnerInputError):
        lab.setting_key("middle")


@pytest.mark.parametrize("weight", [0.1, 0.9, math.nan, "0.5", True])
def test_a_left_weight_off_the_slider_is_refused_in_words(weight):
    with pytest.raises(LearnerInputError, match="left mode's weight"):
        fitlab.Lab(10, weight)


def test_an_unknown_reverse_prediction_is_a_value_error():
    with pytest.raises(ValueError, match="Unknown prediction"):
        fitlab.Lab().judge_reverse("grid", "middle")
