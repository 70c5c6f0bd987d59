"""The one state every panel reads: p is fixed, q comes from four positive weights.

Pure Python, no DOM: the demo's rules (weights to q, the prediction round, the
dominance verdict, the URL hash) live here so CPython can test them.  Panels
subscribe to a ``Notebook`` and re-render from it; none reaches into another.
"""

import enum
import math
import re
from dataclasses import dataclass
from urllib.parse import unquote

from core import kl
from core.errors import LearnerInputError
from core.text import Unit, in_unit, info


class Change(enum.StrEnum):
    """What moved in the Notebook; each panel declares the changes it redraws on."""

    INIT = "init"  # a panel's first render, at start-up (never sent by the Notebook)
    WEIGHTS = "weights"  # q moved
    PREDICTION = "prediction"  # the learner picked an answer for the open round
    REVEAL = "reveal"  # the round was scored (or the demo was lent: shown unscored)
    ROUND = "round"  # a new round opened, or a loan ended and the learner's round is back
    READING = "reading"  # the notation switch: supervised or policy names for p and q
    CUE = "cue"  # the visual inquiry points at another demo object
    FOCUS = "focus"  # the outcome under the pointer or keyboard focus
    UNIT = "unit"  # the bits/nats switch: every information figure changes unit
    SCORE = "score"  # a check or a prediction outside the rounds was answered first time


OUTCOMES = ("x1", "x2", "x3", "x4")
#: What can be answered outside the rounds, and how the score line names it.
ANSWER_KINDS = {
    "check": "checks",
    "top": "top-term picks",
    "story": "storyboard predictions",
    "fit": "fit predictions",
}
P = (0.55, 0.25, 0.15, 0.05)
DEFAULT_WEIGHTS = (0.80, 0.15, 0.04, 0.01)

#: Raw weights live in [WEIGHT_MIN, WEIGHT_MAX]: never zero, so the demo shows
#: near-misses; the exact infinity is left to the math and the code runner.
WEIGHT_MIN = 0.001
WEIGHT_MAX = 1.0
#: The sliders' step (index.html writes the same; test_page_text.py holds them together).
WEIGHT_STEP = 0.001

#: "Neither dominates" when the totals are within this fraction of the larger one.
NEITHER_WITHIN = 0.10

#: Totals at or below this are zero to every digit the page can resolve: float
#: rounding alone leaves sums of about 1e-16 when q equals p.
ZERO_TOTAL = 1e-12

#: q equals p when every share agrees to this relative tolerance: renormalising
#: weights proportional to p lands within a few bits of p, never exactly on it.
EQUAL_SHARES = 1e-12

FORWARD, REVERSE, NEITHER = "forward", "reverse", "neither"

#: How to read the letters: (what p is, what q is) in each field's convention.
READINGS = {
    "supervised": ("the data distribution", "the model"),
    "policy": ("the reference policy", "the new policy"),
}

#: The support-failure example of the code runner: q rules out x3, which p produces.
SUPPORT_FAILURE_Q = (0.60, 0.30, 0.0, 0.10)


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    weights: tuple


PRESETS = (
    Preset("code-example", "Code example", DEFAULT_WEIGHTS),
    Preset("match-p", "Match p", P),
    Preset("miss-mode", "Miss a data mode", (0.70, 0.25, 0.002, 0.048)),
    Preset("extra-mass", "Extra mass where p is small", (0.35, 0.15, 0.10, 0.40)),
    Preset("uniform", "Uniform", (0.25, 0.25, 0.25, 0.25)),
)


def check_weights(weights):
    """Return the four weights as floats, or raise ValueError saying which is wrong."""
    weights = tuple(weights)
    if len(weights) != len(OUTCOMES):
        raise ValueError(f"q needs {len(OUTCOMES)} weights, one per outcome, not {len(weights)}.")
    for outcome, w in zip(OUTCOMES, weights, strict=True):
        if not isinstance(w, (int, float)) or isinstance(w, bool) or not math.isfinite(w):
            raise ValueError(f"The weight of {outcome} must be a number, not {w!r}.")
        if not WEIGHT_MIN <= w <= WEIGHT_MAX:
            raise ValueError(
                f"The weight of {outcome} must be between {WEIGHT_MIN:g} and {WEIGHT_MAX:g}; "
                f"got {show_number(w)}."
            )
    return tuple(float(w) for w in weights)


def normalise(weights):
    """q = w / sum(w).

    >>> normalise((2, 1, 1, 0.001 * 4000))
    (0.25, 0.125, 0.125, 0.5)
    """
    weights = tuple(float(w) for w in weights)
    total = math.fsum(weights)
    return tuple(w / total for w in weights)


def show_number(x):
    """A number to every digit it has, so 1.0000001 is never shown as "1".

    >>> show_number(1.0000001), show_number(1e9), show_number(0.5), show_number(2)
    ('1.0000001', '1000000000', '0.5', '2')
    """
    text = repr(float(x))
    return text.removesuffix(".0")


#: A plain decimal written with ASCII digits: what float() accepts, minus the
#: underscores ("0.0_5"), other scripts' digits and words that it also accepts.
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_decimal(text):
    """A float from plain decimal text, or LearnerInputError; inf and nan parse, to be refused
    by name.

    >>> parse_decimal("0.25"), parse_decimal("2.5e-1")
    (0.25, 0.25)
    >>> parse_decimal("0.0_5")
    Traceback (most recent call last):
    ...
    core.errors.LearnerInputError: not a plain decimal number
    """
    if not DECIMAL.fullmatch(text):
        value = float(text) if text.lower().lstrip("+-") in ("inf", "infinity", "nan") else None
        if value is None:
            raise LearnerInputError("not a plain decimal number")
        return value
    return float(text)


def parse_weight(text, outcome):
    """A weight typed by the learner, or LearnerInputError with a message for the page."""
    text = text.strip()
    if not text:
        raise LearnerInputError(
            f"Type a weight for {outcome} between {WEIGHT_MIN:g} and {WEIGHT_MAX:g}."
        )
    try:
        value = parse_decimal(text)
    except LearnerInputError:
        raise LearnerInputError(
            f"“{text[:20]}” is not a number written with the digits 0–9 and a point; "
            "type a weight like 0.25."
        ) from None
    if not math.isfinite(value):
        raise LearnerInputError(f"The weight of {outcome} must be a finite number.")
    if value <= 0:
        raise LearnerInputError(
            f"Weights stay positive here (at least {WEIGHT_MIN:g}), so the demo shows "
            "near-misses; the exact zero case is in the math and code sections."
        )
    if value < WEIGHT_MIN:
        raise LearnerInputError(f"The smallest weight the demo takes is {WEIGHT_MIN:g}.")
    if value > WEIGHT_MAX:
        raise LearnerInputError(f"The largest weight the demo takes is {WEIGHT_MAX:g}.")
    return value


def dominance(kl_pq, kl_qp):
    """Which direction is larger: FORWARD (KL(p||q)), REVERSE (KL(q||p)) or NEITHER.

    Neither dominates when both are zero (at most ZERO_TOTAL) or they are within
    NEITHER_WITHIN of the larger.

    >>> dominance(0.517, 0.158), dominance(0.333, 0.556), dominance(0.2, 0.19)
    ('forward', 'reverse', 'neither')
    """
    larger = max(kl_pq, kl_qp)
    if larger <= ZERO_TOTAL or abs(kl_pq - kl_qp) <= NEITHER_WITHIN * larger:
        return NEITHER
    return FORWARD if kl_pq > kl_qp else REVERSE


HASH_KEY = "q="


def encode_hash(weights):
    """The URL fragment (without '#') that stores the weights.

    >>> encode_hash((0.8, 0.15, 0.04, 0.01))
    'q=0.8,0.15,0.04,0.01'
    """
    return HASH_KEY + ",".join(f"{w:.6g}" for w in weights)


MAX_HASH_LENGTH = 200


def parse_hash(fragment, anchors=()):
    """Weights from a URL fragment, None if it holds no state, LearnerInputError if malformed.

    A fragment naming one of ``anchors`` (the page's own ids) is a link to a
    section, not a state, so it gives None as well.

    >>> parse_hash("#q=0.7,0.25,0.002,0.048")
    (0.7, 0.25, 0.002, 0.048)
    >>> parse_hash("") is None, parse_hash("#%6Dath", anchors={"math"}) is None
    (True, True)
    """
    fragment = fragment.removeprefix("#")
    if len(fragment) > 3 * MAX_HASH_LENGTH:  # room for every character percent-encoded
        raise LearnerInputError("The link's state is too long to be a set of four weights.")
    fragment = unquote(fragment)  # browsers keep fragments percent-encoded: #%6Dath is #math
    if not fragment or fragment in anchors:
        return None
    if len(fragment) > MAX_HASH_LENGTH:
        raise LearnerInputError("The link's state is too long to be a set of four weights.")
    if not fragment.startswith(HASH_KEY):
        raise LearnerInputError("The link's state does not start with q=.")
    parts = fragment[len(HASH_KEY) :].split(",")
    if len(parts) != len(OUTCOMES):
        count = f"{len(parts)} weight" + ("" if len(parts) == 1 else "s")
        raise LearnerInputError(f"The link's state has {count}; it needs {len(OUTCOMES)}.")
    weights = []
    for outcome, part in zip(OUTCOMES, parts, strict=True):
        try:
            weights.append(parse_decimal(part))
        except LearnerInputError:
            raise LearnerInputError(f"The link's weight for {outcome} is not a number.") from None
    try:
        return check_weights(weights)
    except ValueError as problem:  # a weight out of range: the link is wrong, not the code
        raise LearnerInputError(str(problem)) from None


@dataclass(frozen=True)
class Snapshot:
    """Everything the page shows for one q: computed once, read by every panel."""

    weights: tuple
    q: tuple
    terms_pq: tuple
    terms_qp: tuple
    kl_pq: float
    kl_qp: float
    h_p: float
    h_pq: float

    @property
    def verdict(self):
        return dominance(self.kl_pq, self.kl_qp)

    @property
    def equals_p(self):
        return self.q == P


def snapshot(weights):
    weights = check_weights(weights)
    q = normalise(weights)
    if all(math.isclose(a, b, rel_tol=EQUAL_SHARES) for a, b in zip(q, P, strict=True)):
        q = P  # weights proportional to p: q is p, and every term is exactly 0
    terms_pq = tuple(kl.kl_terms(P, q))
    terms_qp = tuple(kl.kl_terms(q, P))
    return Snapshot(
        weights=weights,
        q=q,
        terms_pq=terms_pq,
        terms_qp=terms_qp,
        # As in kl.kl: the exact total is never negative, so a rounding -1e-16 is 0.
        kl_pq=max(0.0, math.fsum(terms_pq)),
        kl_qp=max(0.0, math.fsum(terms_qp)),
        h_p=kl.entropy(P),
        h_pq=kl.cross_entropy(P, q),
    )


def largest(values):
    """Index of the largest value (the first one on a tie)."""
    return max(range(len(values)), key=values.__getitem__)


def shares(*values):
    """Percentages with one decimal, or more where needed to tell unequal values apart.

    >>> shares(0.15, 0.04), shares(0.15, 0.1498), shares(0.25, 0.25), shares(0.0003)
    (('15.0%', '4.0%'), ('15.00%', '14.98%'), ('25.0%', '25.0%'), ('0.03%',))
    """
    return _distinct(values, 1, lambda v, d: f"{v:.{d}%}")


def ratios(*values):
    """Log-ratios with two decimals, or more where needed to tell unequal values apart."""
    return _distinct(values, 2, lambda v, d: f"{v:.{d}f}".replace("-", "−"))


def _distinct(values, decimals, show):
    """Show each value with the fewest decimals (from ``decimals``) that keep unequal values
    apart and a value that is not zero from reading as zero."""
    for d in range(decimals, decimals + 8):
        texts = tuple(show(v, d) for v in values)
        apart = all(
            (a == b) == (texts[m] == texts[n])
            for m, a in enumerate(values)
            for n, b in enumerate(values)
        )
        visible = all(
            v == 0 or any(c in "123456789" for c in t) for v, t in zip(values, texts, strict=True)
        )
        if apart and visible:
            return texts
    return tuple(show(v, decimals) for v in values)  # differences beyond any useful digit


#: Two terms of KL(p‖q) tie for the largest when they are less than this apart, in nats.
#: Terms that read the same to four decimals in either unit are always this close (0.0001
#: bits is 0.00007 nats), so the page never calls a pick wrong against a term that reads alike.
TOP_TIE = 1e-4
#: TOP_TIE in words, in each unit (0.0001 nats is 0.000144 bits).
TOP_TIE_TEXT = {Unit.NATS: "0.0001 nats", Unit.BITS: "0.00015 bits"}
#: A share of q below this draws a bar under 3.2 px: a sliver the feedback points out.
SLIVER = 0.02


def top_outcomes(terms):
    """Indices of the largest term and of every term within TOP_TIE of it.

    >>> top_outcomes((-0.2061, 0.1277, 0.1983, 0.0805)), top_outcomes((0.1, 0.12, 0.11995, 0))
    ((2,), (1, 2))
    """
    best = max(terms)
    return tuple(i for i, t in enumerate(terms) if best - t < TOP_TIE)


def top_feedback(snap, pick, unit=Unit.NATS):
    """(right, sentence) for a pick of the outcome that adds most to KL(p‖q) at ``snap``.

    A pick among tied terms (see TOP_TIE) is right, and the sentence names every tied
    outcome with its term; a winner whose q bar is a sliver is pointed out with its shares.
    Every clause is a checked fact about ``snap`` (see test_state.py).
    """
    index = OUTCOMES.index(pick)
    unit = Unit(unit)
    terms = snap.terms_pq
    tops = top_outcomes(terms)
    right = index in tops
    if snap.equals_p:
        return True, (
            f"Right: q equals p, so every term of KL(p‖q) is exactly 0; no outcome adds more "
            f"than another, so your pick, {pick}, counts."
        )
    yours = f"the term of your pick, {pick}, is {info(terms[index], unit)} {unit}"
    if len(tops) == 1:
        (i,) = tops
        top = f"{OUTCOMES[i]} adds most to KL(p‖q)"
        value = f"{info(terms[i], unit)} {unit}"
        if right:
            text = f"Right: {top}; its term, {value}, is the largest of the four."
        else:
            text = f"Not this time: {top} (its term is {value}); {yours}."
    else:
        names = ", ".join(OUTCOMES[i] for i in tops[:-1]) + f" and {OUTCOMES[tops[-1]]}"
        values = ", ".join(f"{info(terms[i], unit)} {unit} at {OUTCOMES[i]}" for i in tops)
        tie = (
            f"{names} tie for the largest term of KL(p‖q) ({values}: less than "
            f"{TOP_TIE_TEXT[unit]} apart, too close to call)"
        )
        if right:
            text = f"Right: {tie}, and your pick, {pick}, is one of them."
        else:
            text = f"Not this time: {tie}; {yours}."
    for i in tops:
        if snap.q[i] < SLIVER:  # the largest term is positive, so q < p there
            p_i, q_i = shares(P[i], snap.q[i])
            text += f" {OUTCOMES[i]}’s q bar is only a sliver: q puts {q_i} there, p {p_i}."
    return right, text


#: ZERO_TOTAL in words, in each unit.
TINY = {Unit.NATS: "10⁻¹² nats", Unit.BITS: "1.5 × 10⁻¹² bits"}

DIRECTIONS = {
    # verdict: (name, averaging distribution's letter, the other letter)
    FORWARD: ("KL(p‖q)", "p", "q"),
    REVERSE: ("KL(q‖p)", "q", "p"),
}


def explain(snap, unit=Unit.NATS):
    """Why the verdict holds, from the numbers: which outcome drives each total, and whether
    its term is large because the averaging distribution visits it often or because its
    log-ratio is large.  Every clause is a checked fact about ``snap`` (see test_state.py).
    Log-ratios are written in ``unit``'s base (log₂ for bits).
    """
    verdict = snap.verdict
    if verdict == NEITHER:
        if snap.equals_p:
            return "q equals p, so every log-ratio is zero and both totals are exactly 0."
        if max(snap.kl_pq, snap.kl_qp) <= ZERO_TOTAL:
            return (
                f"q is so close to p that both totals are below {TINY[Unit(unit)]}: 0 to every "
                "digit shown."
            )
        # Each largest term is positive, so it sits where q < p (forward) or q > p (reverse):
        # two different outcomes, two different mismatches of the same size.
        i, j = largest(snap.terms_pq), largest(snap.terms_qp)
        p_i, q_i = shares(P[i], snap.q[i])
        q_j, p_j = shares(snap.q[j], P[j])
        return (
            "The two totals are within 10% of each other, but each comes from a different "
            f"mismatch: the largest term of KL(p‖q) is at {OUTCOMES[i]}, where q ({q_i}) falls "
            f"short of p ({p_i}); the largest term of KL(q‖p) is at {OUTCOMES[j]}, where q "
            f"({q_j}) exceeds p ({p_j})."
        )
    name, a_name, b_name = DIRECTIONS[verdict]
    if verdict == FORWARD:
        a, b, terms = P, snap.q, snap.terms_pq
    else:
        a, b, terms = snap.q, P, snap.terms_qp
    logs = [in_unit(math.log(x / y), unit) for x, y in zip(a, b, strict=True)]
    i = largest(terms)
    x = OUTCOMES[i]
    others = [k for k in range(len(a)) if k != i]
    f = max(others, key=a.__getitem__)  # the most visited of the other outcomes
    k = max(others, key=logs.__getitem__)  # the other outcome with the largest log-ratio
    a_i, b_i = shares(a[i], b[i])
    lead = (
        f"{name} averages under {a_name}; its largest term is at {x}, where {a_name} puts "
        f"{a_i} and {b_name} only {b_i}."
    )
    log_name = f"{'log₂' if Unit(unit) is Unit.BITS else 'log'} {a_name}/{b_name}"
    top_freq, top_ratio = a[i] > a[f], logs[i] > logs[k]
    if top_freq and top_ratio:
        (l_i,) = ratios(logs[i])
        return (
            f"{lead} No other outcome is drawn by {a_name} as often, and none has as large "
            f"a log-ratio ({log_name} = {l_i})."
        )
    a_i, a_f = shares(a[i], a[f])
    l_i, l_k = ratios(logs[i], logs[k])
    if top_ratio or top_freq:
        # One effect wins at x, the other does not: say which, then weigh the two.
        if top_ratio:
            than = "less often than" if a[i] < a[f] else "as often as"
            winner = "The size of the ratio, not frequency,"
            weak = f"{a_name} draws {x} {than} {OUTCOMES[f]} ({a_i} against {a_f})"
            strong = f"{log_name} = {l_i} at {x} is larger than at any other outcome"
            strong += f" (next: {l_k} at {OUTCOMES[k]})"
        else:
            than = "smaller than" if logs[i] < logs[k] else "as large as"
            winner = "Frequency, not the size of the ratio,"
            weak = f"{log_name} = {l_i} at {x} is {than} at {OUTCOMES[k]} ({l_k})"
            strong = f"{a_name} draws {x} more often than any other outcome"
            strong += f" ({a_i} against {a_f} at {OUTCOMES[f]})"
        return f"{lead} {winner} makes it the largest: {weak}, but {strong}."
    often = "more often" if a[f] > a[i] else "as often"
    larger = "a larger" if logs[k] > logs[i] else "as large a"
    return (
        f"{lead} Neither effect alone explains it: {a_name} draws {OUTCOMES[f]} {often} "
        f"({a_f} against {a_i}) and {OUTCOMES[k]} has {larger} log-ratio ({l_k} against "
        f"{l_i}), but at {x} a share of {a_i} times a log-ratio of {l_i} gives the largest term."
    )


@dataclass(frozen=True)
class Round:
    """A prediction round as the learner left it, kept while a panel borrows the demo."""

    current: Snapshot
    shown: Snapshot
    prediction: object
    top_pick: object
    revealed: bool
    scored: bool
    revealed_at: object


class Notebook:
    """The shared state: current weights, the prediction round, the score, the focus.

    ``shown`` is what the other sections display: the current snapshot once it
    has been revealed, otherwise the last revealed one, so no section gives a
    round's answer away.  ``revealed_at`` is the snapshot the round was scored
    on, so the demo can tell when q has moved on since.

    A panel that plays its own states on the demo (the storyboard) borrows it:
    ``lend`` sets the learner's round aside and shows the borrowed states
    unscored; ``give_back`` restores the round exactly as it was.
    """

    def __init__(self, weights=DEFAULT_WEIGHTS):
        self.current = snapshot(weights)
        # The worked example is published in the page itself, so it starts out shown.
        self.shown = snapshot(DEFAULT_WEIGHTS)
        self.prediction = None
        self.top_pick = None  # the outcome the learner expects to add most to KL(p‖q), if any
        self.revealed = False
        self.revealed_at = None
        self.right = 0
        self.rounds = 0
        self.focus = None
        self.reading = "supervised"
        self.unit = Unit.NATS  # the unit every KL, entropy and cross-entropy figure is shown in
        self.cue = None  # the demo object the visual inquiry points at
        self.scored = True  # False while a panel, not a prediction, has the round open
        self.lent_to = None  # the panel borrowing the demo, if any
        self._held = None  # the learner's Round while the demo is lent
        self.answers = {}  # "kind:name" -> whether the first answer was right (see answer)
        self._listeners = []

    def subscribe(self, listener, changes=frozenset(Change)):
        """Call ``listener(notebook, change)`` after each change in ``changes`` (a set of
        ``Change``); a name that is not a ``Change`` is refused here, not ignored later."""
        changes = frozenset(changes)
        unknown = [c for c in changes if not isinstance(c, Change)]
        if unknown:
            raise TypeError(f"subscribe() takes Change members, not {unknown!r}")
        self._listeners.append((listener, changes))

    def _notify(self, change):
        change = Change(change)
        for listener, changes in list(self._listeners):
            if change in changes:
                listener(self, change)

    def unsubscribe(self, listener):
        self._listeners = [(f, c) for f, c in self._listeners if f != listener]

    def set_weights(self, weights):
        self.current = snapshot(weights)
        if self.revealed:
            self.shown = self.current
        self._notify(Change.WEIGHTS)

    def set_weight(self, index, value):
        weights = list(self.current.weights)
        weights[index] = value
        self.set_weights(weights)

    def predict(self, choice):
        if choice not in (FORWARD, REVERSE, NEITHER):
            raise ValueError(f"Unknown prediction {choice!r}.")
        if not self.revealed:
            self.prediction = choice
            self._notify(Change.PREDICTION)

    def pick_top(self, outcome):
        """The optional second prediction: the outcome expected to add most to KL(p‖q).

        None takes the pick back.  Like ``predict``, it is locked once the round is revealed.
        """
        if outcome is not None and outcome not in OUTCOMES:
            raise ValueError(f"Unknown outcome {outcome!r}; choose one of {OUTCOMES}.")
        if not self.revealed and outcome != self.top_pick:
            self.top_pick = outcome
            self._notify(Change.PREDICTION)

    def reveal(self):
        """Score the committed prediction and show the totals; LearnerInputError if none yet."""
        if self.revealed:
            return
        if self.prediction is None:
            raise LearnerInputError(
                "Pick a prediction first: which total do you expect to be larger?"
            )
        self.revealed = True
        self.scored = True
        self.rounds += 1
        self.right += self.prediction == self.current.verdict
        self.shown = self.revealed_at = self.current
        if self.top_pick is not None:  # no pick, no score: the round counts as it always did
            right = OUTCOMES.index(self.top_pick) in top_outcomes(self.current.terms_pq)
            self.answer(f"top:{self.rounds}", right)
        self._notify(Change.REVEAL)

    def lend(self, borrower):
        """Let a panel play its own states on the demo, unscored; the round is set aside."""
        if self.lent_to is None:
            self._held = Round(
                self.current, self.shown, self.prediction, self.top_pick, self.revealed,
                self.scored, self.revealed_at,
            )  # fmt: skip
        self.lent_to = borrower
        self.revealed = True
        self.scored = False
        self.shown = self.current
        self._notify(Change.REVEAL)

    def give_back(self):
        """End a loan: the learner's q and round come back exactly as they were."""
        if self.lent_to is None:
            return
        held = self._held
        self.lent_to = self._held = None
        self.current, self.shown = held.current, held.shown
        self.prediction, self.revealed, self.scored = held.prediction, held.revealed, held.scored
        self.top_pick, self.revealed_at = held.top_pick, held.revealed_at
        self._notify(Change.WEIGHTS)
        self._notify(Change.ROUND)

    def answer(self, key, right):
        """Score the first answer to a question outside the rounds, in the same score.

        ``key`` is ``"kind:name"``, the kind one of ``ANSWER_KINDS`` (a misconception
        check, or a prediction made in another panel); a second answer to the same key
        is feedback only, never score.
        """
        kind, sep, name = str(key).partition(":")
        if kind not in ANSWER_KINDS or not sep or not name:
            raise ValueError(f"An answer's key is 'kind:name' with kind one of {ANSWER_KINDS}")
        if key not in self.answers:
            self.answers[key] = bool(right)
            self._notify(Change.SCORE)

    @property
    def score(self):
        """(right, out of): demo rounds and every first answer, counted together."""
        return self.right + sum(self.answers.values()), self.rounds + len(self.answers)

    def score_parts(self):
        """(label, right, out of) for the rounds and each kind of answer given so far."""
        parts = [("rounds", self.right, self.rounds)] if self.rounds else []
        for kind, label in ANSWER_KINDS.items():
            got = [v for k, v in self.answers.items() if k.partition(":")[0] == kind]
            if got:
                parts.append((label, sum(got), len(got)))
        return parts

    @property
    def top_answer(self):
        """Whether the revealed round's top-term pick was right; None if it had no pick."""
        if not (self.revealed and self.scored and self.revealed_at is not None):
            return None
        return self.answers.get(f"top:{self.rounds}")

    @property
    def last_correct(self):
        return (
            self.revealed
            and self.scored
            and self.revealed_at is not None
            and self.prediction == self.revealed_at.verdict
        )

    def new_round(self):
        self.revealed = False
        self.prediction = None
        self.top_pick = None
        self.revealed_at = None
        self._notify(Change.ROUND)

    def set_reading(self, reading):
        if reading not in READINGS:
            raise ValueError(f"Unknown reading {reading!r}; choose one of {sorted(READINGS)}.")
        self.reading = reading
        self._notify(Change.READING)

    def set_unit(self, unit):
        if unit not in set(Unit):
            raise ValueError(f"Unknown unit {unit!r}; choose one of {sorted(Unit)}.")
        self.unit = Unit(unit)
        self._notify(Change.UNIT)

    def set_cue(self, cue):
        self.cue = cue
        self._notify(Change.CUE)

    def set_focus(self, outcome):
        if outcome != self.focus:
            self.focus = outcome
            self._notify(Change.FOCUS)


def score_line(nb):
    """The demo's score: one total, and what it is made of once more than rounds count.

    >>> nb = Notebook()
    >>> score_line(nb)
    'Score: no rounds yet'
    >>> nb.answer("check:distance", True)
    >>> score_line(nb)
    'Score: 1 right out of 1 (checks 1 of 1)'
    """
    right, out_of = nb.score
    if not out_of:
        return "Score: no rounds yet"
    line = f"Score: {right} right out of {out_of}"
    if nb.answers:
        line += " (" + ", ".join(f"{label} {r} of {n}" for label, r, n in nb.score_parts()) + ")"
    return line
