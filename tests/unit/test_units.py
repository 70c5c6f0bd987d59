"""Bits and nats (issue 19.3): every figure core writes in bits is its nats figure over ln 2."""

import math
import re

import pytest
from core import fitlab, kl, sampling, state, stories, units
from core.errors import is_quota_error
from core.text import Unit, info
from hypothesis import example, given, settings
from hypothesis import strategies as st

LN2 = math.log(2)
weights = st.tuples(*[st.floats(state.WEIGHT_MIN, state.WEIGHT_MAX)] * 4)
# A figure with its decimals, and whether a percent sign follows it (a share, not a figure).
FIGURE = re.compile(r"(−?\d+\.(\d+))(%?)")


def value(text):
    return float(text.replace("−", "-"))


def agree(bits_text, nats_text):
    """Whether two shown figures are one quantity: bits × ln 2 = nats, up to their rounding."""
    decimals = min(len(bits_text.split(".")[1]), len(nats_text.split(".")[1]))
    rounding = 0.5 * 10**-decimals
    return abs(value(bits_text) * LN2 - value(nats_text)) <= rounding * (1 + LN2) + 1e-12


def figures(text):
    """The information figures of a sentence: its decimals that are not percentages."""
    return [m[1] for m in FIGURE.finditer(text) if not m[3]]


# The totals cue compares the two figures as shown, so in bits it may say "agree" where
# nats do not, or the other way round: each is checked against its own figures.
COMPARE = re.compile(r"they agree to four decimals|KL\(.‖.\) is the larger")


def compare_is_true(sentence):
    """Whether a totals cue's comparison holds for the two figures it shows."""
    found = COMPARE.search(sentence)
    if not found:
        return True
    a, b = (value(x) for x in figures(sentence)[-2:])
    said = found[0]
    if said.startswith("they agree"):
        return a == b
    return a != b and (a > b) == said.startswith("KL(p‖q)")


def assert_same_sentence_in_bits(bits, nats):
    """Same words, and each figure of the bits sentence is the nats one over ln 2."""
    assert compare_is_true(bits) and compare_is_true(nats)
    bits = bits.replace("1.5 × 10⁻¹² bits", "10⁻¹² nats")  # ZERO_TOTAL, in each unit
    bits_words = COMPARE.sub("#", FIGURE.sub("#", bits)).replace("bits", "nats")
    nats_words = COMPARE.sub("#", FIGURE.sub("#", nats))
    assert bits_words.replace("log₂", "log") == nats_words
    pairs = list(zip(figures(bits), figures(nats), strict=True))
    assert all(agree(b, n) for b, n in pairs), pairs


@settings(max_examples=200, deadline=None)
@given(weights)
def test_each_quantity_in_bits_times_ln2_is_its_value_in_nats(w):
    snap = state.snapshot(w)
    quantities = [
        snap.kl_pq,
        snap.kl_qp,
        kl.entropy(state.P),
        kl.entropy(snap.q),
        kl.cross_entropy(state.P, snap.q),
        kl.cross_entropy(snap.q, state.P),
        *snap.terms_pq,
        *snap.terms_qp,
        *(math.log(p / q) for p, q in zip(state.P, snap.q, strict=True)),
    ]
    for x in quantities:
        assert agree(info(x, Unit.BITS), info(x, Unit.NATS)), x


@settings(max_examples=100, deadline=None)
@given(weights)
@example(state.P)  # q = p
@example(tuple(x * (1 + 1e-9 * k) for k, x in enumerate(state.P)))  # both totals below 1e-12
def test_the_demo_explanation_and_the_cues_convert_every_figure(w):
    snap = state.snapshot(w)
    assert_same_sentence_in_bits(state.explain(snap, Unit.BITS), state.explain(snap))
    for key in ("ratios", "rows", "totals"):
        bits = stories.cue_text(key, snap, True, Unit.BITS)
        nats = stories.cue_text(key, snap, True)
        for b, n in zip(bits, nats, strict=True):
            assert_same_sentence_in_bits(b, n)


@settings(max_examples=40, deadline=None)
@given(weights, st.sampled_from(["forward", "reverse"]), st.integers(0, 2**32 - 1))
def test_the_sampling_figures_convert_every_figure(w, direction, seed):
    q = state.snapshot(w).q
    s = sampling.Sampler(state.P, q, direction, seed)
    s.draw(50)
    bits_rows = sampling.estimator_rows(s, True, Unit.BITS)
    nats_rows = sampling.estimator_rows(s, True)
    for (heading, bits), (_, nats) in zip(bits_rows, nats_rows, strict=True):
        if heading in ("Formula", "Negative draws"):
            assert bits == nats
            continue
        for b, n in zip(bits, nats, strict=True):
            if FIGURE.fullmatch(b) and FIGURE.fullmatch(n):
                assert agree(b, n), (heading, b, n)
            else:
                assert not FIGURE.search(b) or "0.0001" in b, (heading, b, n)
    readout_bits, readout_nats = s.describe(True, Unit.BITS), s.describe(True)
    assert figures(readout_bits) and all(
        agree(b, n) for b, n in zip(figures(readout_bits), figures(readout_nats), strict=True)
    )


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from([2.0, 5.0, fitlab.DEFAULT_SEPARATION]), st.integers(0, 190), st.integers(5, 90)
)
def test_the_fit_lab_readout_converts_its_kl_figures(separation, mean_tenths, width_tenths):
    lab = fitlab.Lab(separation)
    mean, width = mean_tenths / 10, width_tenths / 10
    bits = lab.describe_yours(mean, width, True, Unit.BITS)
    nats = lab.describe_yours(mean, width, True)
    kl_bits = re.findall(r"KL\(.‖.\) = (−?\d+\.\d+)", bits)
    kl_nats = re.findall(r"KL\(.‖.\) = (−?\d+\.\d+)", nats)
    assert len(kl_bits) == len(kl_nats) == 4
    assert all(agree(b, n) for b, n in zip(kl_bits, kl_nats, strict=True))


@pytest.mark.parametrize("q", [state.DEFAULT_WEIGHTS, state.SUPPORT_FAILURE_Q])
def test_the_runner_report_in_bits_says_so_and_converts_each_line(q):
    nats = kl.report(state.P, q)
    bits, note = units.report_in(nats, Unit.BITS, state.P, q)
    assert "bits" in note and "ln 2" in note
    for b, n in zip(bits.split("\n"), nats.split("\n"), strict=True):
        b_figure, n_figure = b[19:].split()[0], n[19:].split()[0]
        assert b_figure == n_figure == "inf" or agree(b_figure, n_figure)


@pytest.mark.parametrize("name", sorted(units.FACTS))
def test_each_quoted_figure_converts(name):
    assert agree(units.fact(name, Unit.BITS), units.fact(name, Unit.NATS))


class Storage:
    """A stand-in for window.localStorage: a dict, or one that refuses every write."""

    def __init__(self, refuse=None, items=None):
        self.items, self.refuse = dict(items or {}), refuse

    def getItem(self, key):  # noqa: N802 - the Web Storage method names
        return self.items.get(key)

    def setItem(self, key, value):  # noqa: N802
        if self.refuse:
            raise self.refuse
        self.items[key] = value


class QuotaExceeded(Exception):
    name = "QuotaExceededError"


@pytest.mark.parametrize("stored", [None, "", "furlongs", "BITS", " bits", '{"unit": "bits"}'])
def test_a_bad_or_missing_stored_unit_reads_as_nats(stored):
    storage = Storage(items={units.STORAGE_KEY: stored})
    assert units.load_unit(storage) is Unit.NATS
    assert units.load_unit(None) is Unit.NATS


def test_a_kept_unit_is_read_back():
    storage = Storage()
    assert units.save_unit(storage, Unit.BITS) is None
    assert units.load_unit(storage) is Unit.BITS


def test_a_full_storage_says_the_choice_holds_only_for_this_visit():
    assert is_quota_error(QuotaExceeded())
    notice = units.save_unit(Storage(refuse=QuotaExceeded("full")), Unit.BITS)
    assert "storage is full" in notice and "this visit" in notice
    assert "does not let" in units.save_unit(Storage(refuse=PermissionError()), Unit.BITS)
