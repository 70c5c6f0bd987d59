"""The one state every panel reads: p is fixed, q comes from four positive weights.

Pure Python, no DOM: the demo's rules (weights to q, the prediction round, the
dominance verdict, the URL hash) live here so CPython can test them.  Panels
subscribe to a ``Notebook`` and re-render from it; none reaches into another.
"""

import math
from dataclasses import dataclass

import kl

OUTCOMES = ("x1", "x2", "x3", "x4")
P = (0.55, 0.25, 0.15, 0.05)
DEFAULT_WEIGHTS = (0.80, 0.15, 0.04, 0.01)

#: Raw weights live in [WEIGHT_MIN, WEIGHT_MAX]: never zero, so the demo shows
#: near-misses; the exact infinity is left to the math and the code runner.
WEIGHT_MIN = 0.001
WEIGHT_MAX = 1.0

#: "Neither dominates" when the totals are within this fraction of the larger one.
NEITHER_WITHIN = 0.10

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
                f"got {w:g}."
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


def parse_weight(text, outcome):
    """A weight typed by the learner, or ValueError with a message for the page."""
    text = text.strip()
    if not text:
        raise ValueError(f"Type a weight for {outcome} between {WEIGHT_MIN:g} and {WEIGHT_MAX:g}.")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"“{text[:20]}” is not a number; type a weight like 0.25.") from None
    if not math.isfinite(value):
        raise ValueError(f"The weight of {outcome} must be a finite number.")
    if value <= 0:
        raise ValueError(
            f"Weights stay positive here (at least {WEIGHT_MIN:g}), so the demo shows "
            "near-misses; the exact zero case is in the math and code sections."
        )
    if value < WEIGHT_MIN:
        raise ValueError(f"The smallest weight the demo takes is {WEIGHT_MIN:g}.")
    if value > WEIGHT_MAX:
        raise ValueError(f"The largest weight the demo takes is {WEIGHT_MAX:g}.")
    return value


def dominance(kl_pq, kl_qp):
    """Which direction is larger: FORWARD (KL(p||q)), REVERSE (KL(q||p)) or NEITHER.

    Neither dominates when both are zero or they are within NEITHER_WITHIN of the larger.

    >>> dominance(0.517, 0.158), dominance(0.333, 0.556), dominance(0.2, 0.19)
    ('forward', 'reverse', 'neither')
    """
    larger = max(kl_pq, kl_qp)
    if larger == 0 or abs(kl_pq - kl_qp) <= NEITHER_WITHIN * larger:
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
    """Weights from a URL fragment, None if it holds no state, ValueError if malformed.

    A fragment naming one of ``anchors`` (the page's own ids) is a link to a
    section, not a state, so it gives None as well.

    >>> parse_hash("#q=0.7,0.25,0.002,0.048")
    (0.7, 0.25, 0.002, 0.048)
    >>> parse_hash("") is None, parse_hash("#math", anchors={"math"}) is None
    (True, True)
    """
    fragment = fragment.removeprefix("#")
    if not fragment or fragment in anchors:
        return None
    if len(fragment) > MAX_HASH_LENGTH:
        raise ValueError("The link's state is too long to be a set of four weights.")
    if not fragment.startswith(HASH_KEY):
        raise ValueError("The link's state does not start with q=.")
    parts = fragment[len(HASH_KEY) :].split(",")
    if len(parts) != len(OUTCOMES):
        raise ValueError(f"The link's state has {len(parts)} weights; it needs {len(OUTCOMES)}.")
    weights = []
    for outcome, part in zip(OUTCOMES, parts, strict=True):
        try:
            weights.append(float(part))
        except ValueError:
            raise ValueError(f"The link's weight for {outcome} is not a number.") from None
    return check_weights(weights)


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


def snapshot(weights):
    weights = check_weights(weights)
    q = normalise(weights)
    terms_pq = tuple(kl.kl_terms(P, q))
    terms_qp = tuple(kl.kl_terms(q, P))
    return Snapshot(
        weights=weights,
        q=q,
        terms_pq=terms_pq,
        terms_qp=terms_qp,
        kl_pq=math.fsum(terms_pq),
        kl_qp=math.fsum(terms_qp),
        h_p=kl.entropy(P),
        h_pq=kl.cross_entropy(P, q),
    )


def explain(snap):
    """One sentence saying why the verdict holds, naming the outcome that drives it."""
    verdict = snap.verdict
    if verdict == NEITHER:
        if max(snap.kl_pq, snap.kl_qp) == 0:
            return "q equals p, so every log-ratio is zero and both totals are 0."
        return (
            "The two totals are within 10% of each other: neither averaging "
            "distribution finds a mismatch the other misses."
        )
    terms = snap.terms_pq if verdict == FORWARD else snap.terms_qp
    i = max(range(len(terms)), key=terms.__getitem__)
    x, p, q = OUTCOMES[i], P[i], snap.q[i]
    if verdict == FORWARD:
        return (
            f"p puts {p:.1%} on {x} where q puts only {q:.1%}, and KL(p‖q) averages "
            f"under p, so it pays that log-ratio often."
        )
    return (
        f"q puts {q:.1%} on {x} where p puts only {p:.1%}, and KL(q‖p) averages "
        f"under q, so it pays that log-ratio often."
    )


class Notebook:
    """The shared state: current weights, the prediction round, the score, the focus.

    ``shown`` is what the other sections display: the current snapshot once it
    has been revealed, otherwise the last revealed one, so no section gives a
    round's answer away.
    """

    def __init__(self, weights=DEFAULT_WEIGHTS):
        self.current = snapshot(weights)
        # The worked example is published in the page itself, so it starts out shown.
        self.shown = snapshot(DEFAULT_WEIGHTS)
        self.prediction = None
        self.revealed = False
        self.right = 0
        self.rounds = 0
        self.focus = None
        self.reading = "supervised"
        self.cue = None  # the demo object the visual inquiry points at
        self.scored = True  # False when a panel, not a prediction, opened this round
        self._listeners = []

    def subscribe(self, listener):
        """Call ``listener(notebook, change)`` after every change; change names what moved."""
        self._listeners.append(listener)

    def _notify(self, change):
        for listener in self._listeners:
            listener(self, change)

    def set_weights(self, weights):
        self.current = snapshot(weights)
        if self.revealed:
            self.shown = self.current
        self._notify("weights")

    def set_weight(self, index, value):
        weights = list(self.current.weights)
        weights[index] = value
        self.set_weights(weights)

    def predict(self, choice):
        if choice not in (FORWARD, REVERSE, NEITHER):
            raise ValueError(f"Unknown prediction {choice!r}.")
        if not self.revealed:
            self.prediction = choice
            self._notify("prediction")

    def reveal(self):
        """Score the committed prediction and show the totals; ValueError if none yet."""
        if self.revealed:
            return
        if self.prediction is None:
            raise ValueError("Pick a prediction first: which total do you expect to be larger?")
        self.revealed = True
        self.scored = True
        self.rounds += 1
        self.right += self.prediction == self.current.verdict
        self.shown = self.current
        self._notify("reveal")

    def show_unscored(self):
        """Open the current round without scoring it (a panel is about to show totals)."""
        if self.revealed:
            return
        self.revealed = True
        self.scored = False
        self.shown = self.current
        self._notify("reveal")

    @property
    def last_correct(self):
        return self.revealed and self.scored and self.prediction == self.current.verdict

    def new_round(self):
        self.revealed = False
        self.prediction = None
        self._notify("round")

    def set_reading(self, reading):
        if reading not in READINGS:
            raise ValueError(f"Unknown reading {reading!r}; choose one of {sorted(READINGS)}.")
        self.reading = reading
        self._notify("reading")

    def set_cue(self, cue):
        self.cue = cue
        self._notify("cue")

    def set_focus(self, outcome):
        if outcome != self.focus:
            self.focus = outcome
            self._notify("focus")
