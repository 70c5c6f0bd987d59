"""Pure logic of the after-the-first-pass panels: storyboard frames, inquiry cues, challenges.

No DOM here, so CPython can test every rule; the panels in storyboard.py,
inquiry.py and practice.py only bind these to the page.
"""

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
    shows: str
    hides: str


CUES = (
    Cue(
        "bars",
        "The bar heights of p and q",
        "bars",
        "Where the two distributions disagree, and by how much in probability.",
        "Which disagreements matter: a gap of 2 percentage points can be harmless at "
        "x1 and severe at x3, because KL works with ratios, not differences.",
    ),
    Cue(
        "ratios",
        "The log-ratio per outcome",
        "ratios",
        "The surprise of each outcome: log p(x)/q(x) is large wherever q underrates x.",
        "How often each surprise is paid. The same log-ratio counts for little under an "
        "averaging distribution that rarely visits that outcome.",
    ),
    Cue(
        "rows",
        "The signed contribution rows",
        "rows",
        "Each outcome’s weighted term, in both directions, and how the running sum builds "
        "up: this is the mechanism itself.",
        "Nothing, once revealed, except the reason a negative term is allowed: that needs "
        "the Jensen argument in the math section.",
    ),
    Cue(
        "totals",
        "The two totals",
        "totals",
        "The verdict: which direction is larger, and that both are at least zero.",
        "Why. Two numbers cannot say which outcome drove them; start from the rows to "
        "see the mechanism, and use the totals to check it.",
    ),
)


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
