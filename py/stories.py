"""Pure logic of the after-the-first-pass panels: storyboard frames, inquiry cues, challenges.

No DOM here, so CPython can test every rule; the panels in storyboard.py,
inquiry.py and practice.py only bind these to the page.
"""

import math
from dataclasses import dataclass

import state

FRAMES = 6  # frames per storyboard, start and end included


@dataclass(frozen=True)
class Story:
    key: str
    label: str
    start: tuple
    end: tuple
    explanation: str


STORIES = (
    Story(
        "remove-mass",
        "Take q’s mass off an outcome p relies on",
        state.P,
        (0.55, 0.25, 0.001, 0.05),
        "Only KL(p‖q) shoots up. It averages under p, which keeps drawing x3 (15% of the "
        "time) and scores it with q’s shrinking probability, so the log-ratio log(p/q) "
        "grows without bound. KL(q‖p) averages under q, which has almost stopped "
        "visiting x3, so it rises far less.",
    ),
    Story(
        "add-mass",
        "Put q’s mass where p is small",
        state.P,
        (0.55, 0.25, 0.15, 0.60),
        "KL(q‖p) reacts more. Now q keeps drawing x4, where p says 5%, so the reverse "
        "direction pays log(q/p) on a large share of its samples. KL(p‖q) only sees x4 "
        "5% of the time, and what it notices most is the mass q had to take away from "
        "the other outcomes.",
    ),
    Story(
        "flatten",
        "Flatten q towards uniform",
        state.P,
        (0.25, 0.25, 0.25, 0.25),
        "Both grow, the reverse a little faster. A flat q puts a quarter of its samples "
        "on x4, which p considers rare, and KL(q‖p) is charged for those; KL(p‖q) mostly "
        "notices that x1, p’s favourite, lost probability.",
    ),
    Story(
        "match",
        "Make q equal p",
        state.DEFAULT_WEIGHTS,
        state.P,
        "Both fall to exactly zero together. When q = p every log-ratio is log 1 = 0, "
        "whichever distribution does the averaging: the only way for KL to vanish.",
    ),
)


def frames(story, count=FRAMES):
    """The weights of each frame, moving in equal steps from start to end."""
    out = []
    for k in range(count):
        t = k / (count - 1)
        out.append(tuple(a + (b - a) * t for a, b in zip(story.start, story.end, strict=True)))
    return out


def reaction(story, count=FRAMES):
    """Snapshots of every frame and which direction moved more from first to last."""
    snaps = [state.snapshot(w) for w in frames(story, count)]
    forward = snaps[-1].kl_pq - snaps[0].kl_pq
    reverse = snaps[-1].kl_qp - snaps[0].kl_qp
    return snaps, forward, reverse


def reacting_direction(forward_change, reverse_change):
    """FORWARD, REVERSE or NEITHER by the size of each direction's change."""
    return state.dominance(abs(forward_change), abs(reverse_change))


@dataclass(frozen=True)
class Cue:
    key: str
    label: str
    target: str  # the demo object to highlight: bars, ratios, rows, totals


CUES = (
    Cue("bars", "The bar heights of p and q", "bars"),
    Cue("ratios", "The log-ratio per outcome", "ratios"),
    Cue("rows", "The signed contribution rows", "rows"),
    Cue("totals", "The two totals", "totals"),
)


def _fixed4(x):
    """4 decimals, a true minus sign, and never "−0.0000"."""
    text = f"{x:.4f}"
    if float(text) == 0:
        return "0.0000"
    return text.replace("-", "−")


def _leader(values):
    """The first index whose value no other value exceeds (ties go to the first)."""
    return values.index(max(values))


def _bars_cue(snap):
    gaps = [abs(p - q) for p, q in zip(state.P, snap.q, strict=True)]
    ratios = [math.log(p / q) for p, q in zip(state.P, snap.q, strict=True)]
    sizes = [abs(r) for r in ratios]
    i, j = _leader(gaps), _leader(sizes)
    x, y = state.OUTCOMES[i], state.OUTCOMES[j]
    if f"{gaps[i] * 100:.1f}" == "0.0":
        shows = (
            "Where p and q disagree, in probability. Right now no gap reaches 0.1 "
            "percentage points: the bars stand level."
        )
        hides = (
            "Which gaps would matter. KL compares ratios, not differences: the same gap "
            "gives a log-ratio further from 0 wherever p is smaller."
        )
        return shows, hides
    shows = (
        f"Where p and q disagree, in probability. Right now no gap is wider than the one "
        f"at {x}: p {state.P[i]:.1%}, q {snap.q[i]:.1%}, {gaps[i] * 100:.1f} percentage "
        "points apart."
    )
    if sizes[i] == sizes[j]:
        hides = (
            f"Which gaps matter: KL compares ratios, not differences. Right now the widest "
            f"gap, at {x}, also has a log-ratio as far from 0 as any (log p/q = "
            f"{_fixed4(ratios[i])}); the same gap would give a log-ratio nearer 0 "
            "wherever p is larger."
        )
    else:
        hides = (
            f"Which gaps matter: KL compares ratios, not differences. Right now the widest "
            f"gap, at {x}, has log p/q = {_fixed4(ratios[i])}, while {y}, "
            f"{gaps[j] * 100:.1f} points apart, has a log-ratio further from 0: "
            f"{_fixed4(ratios[j])}."
        )
    return shows, hides


def _ratios_cue(snap):
    ratios = [math.log(p / q) for p, q in zip(state.P, snap.q, strict=True)]
    j = _leader([abs(r) for r in ratios])
    y = state.OUTCOMES[j]
    shows = (
        "The excess surprise log p(x)/q(x) of each outcome: above 0 where q gives x less "
        "probability than p does, below 0 where q gives it more. "
    )
    if _fixed4(ratios[j]) == "0.0000":
        shows += "Right now every log-ratio rounds to 0.0000."
    else:
        shows += f"Right now no log-ratio is further from 0 than {y}’s, {_fixed4(ratios[j])}."
    hides = (
        f"How often each surprise is paid. KL(p‖q) weighs {y}’s log-ratio by "
        f"p({y}) = {state.P[j]:.1%}; KL(q‖p) weighs the opposite one, log q/p, by "
        f"q({y}) = {snap.q[j]:.1%}. The labels show the ratios, not these weights."
    )
    return shows, hides


ROWS_HIDE = (
    "Why a total cannot go below zero. A negative term only says that the averaging "
    "distribution gives that outcome less probability than the other one does; that the "
    "terms always add up to at least 0 is Jensen’s inequality, proved in the math section."
)
STILL_HIDDEN = " They stay hidden until you commit a prediction in the demo."


def _rows_cue(snap, revealed):
    shows = (
        "Each outcome’s signed term in both directions, and the running sum that builds "
        "each total: the mechanism itself."
    )
    if not revealed:
        return shows + STILL_HIDDEN, ROWS_HIDE
    parts = []
    for name, terms in (("KL(p‖q)", snap.terms_pq), ("KL(q‖p)", snap.terms_qp)):
        k = _leader([abs(t) for t in terms])
        if _fixed4(terms[k]) == "0.0000":
            parts.append(f"every term of {name} rounds to 0.0000")
        else:
            parts.append(
                f"no term of {name} is larger in size than {state.OUTCOMES[k]}’s, "
                f"{_fixed4(terms[k])}"
            )
    return f"{shows} Right now {parts[0]}, and {parts[1]}.", ROWS_HIDE


def _totals_cue(snap, revealed):
    shows = "The verdict: which direction is larger, and that neither is below zero."
    hides = (
        "Why. Two numbers cannot say which outcome drove them: read the rows for the "
        "mechanism, and use the totals to check it."
    )
    if not revealed:
        return shows + STILL_HIDDEN, hides
    # A total is never negative; a value like -1e-16 is rounding noise around 0.
    forward, reverse = max(snap.kl_pq, 0.0), max(snap.kl_qp, 0.0)
    a, b = _fixed4(forward), _fixed4(reverse)
    if a == b:
        compare = "they agree to four decimals"
    elif forward > reverse:
        compare = "KL(p‖q) is the larger"
    else:
        compare = "KL(q‖p) is the larger"
    return f"{shows} Right now KL(p‖q) = {a} and KL(q‖p) = {b} nats: {compare}.", hides


def cue_text(key, snap, revealed):
    """(what the object shows, what it hides) for one cue, with the numbers of ``snap``.

    The bars and their log-ratio labels are on screen in every state; the rows and
    totals only once a prediction is revealed, so before that their text gives no
    numbers away.
    """
    if key == "bars":
        return _bars_cue(snap)
    if key == "ratios":
        return _ratios_cue(snap)
    if key == "rows":
        return _rows_cue(snap, revealed)
    if key == "totals":
        return _totals_cue(snap, revealed)
    raise ValueError(f"Unknown cue {key!r}; choose one of {[c.key for c in CUES]}.")


@dataclass(frozen=True)
class Challenge:
    key: str
    text: str
    check: object  # Snapshot -> bool


def _x1_negative_but_large(snap):
    return snap.terms_pq[0] < 0 and snap.kl_pq > 0.3


CHALLENGES = (
    # With this p, KL(q||p) / KL(p||q) peaks near 1.68 over the slider range, so
    # "twice" would be impossible; 1.5 times is hard but reachable.
    Challenge(
        "reverse-heavier",
        "Make KL(q‖p) more than one and a half times KL(p‖q).",
        lambda snap: snap.kl_qp > 1.5 * snap.kl_pq,
    ),
    Challenge(
        "both-small",
        "Make both totals smaller than 0.01 nats without q being exactly p.",
        lambda snap: snap.kl_pq < 0.01 and snap.kl_qp < 0.01 and snap.kl_pq > 0,
    ),
    Challenge(
        "negative-term",
        "Make the x1 term of KL(p‖q) negative while KL(p‖q) is above 0.3.",
        _x1_negative_but_large,
    ),
    Challenge(
        "forward-triple",
        "Make KL(p‖q) more than three times KL(q‖p).",
        lambda snap: snap.kl_pq > 3 * snap.kl_qp,
    ),
)


def challenge_status(snap):
    """{challenge key: met?} for one snapshot."""
    return {c.key: bool(c.check(snap)) for c in CHALLENGES}


HINTS = (
    "Pick one outcome and decide whether you will raise or lower q there; predict one "
    "number, not a mood.",
    "Ask which distribution does the averaging. KL(p‖q) is charged on outcomes p visits "
    "often; KL(q‖p) on outcomes q visits often.",
    "Large costs come from log-ratios: find the outcome where one distribution is many "
    "times the other, then weigh it by how often the averaging distribution visits it.",
)
