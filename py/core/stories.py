"""Pure logic of the after-the-first-pass panels: storyboard frames, inquiry cues, challenges.

No DOM here, so CPython can test every rule; the panels in panels/stories.py only
bind these to the page.
"""

import math
from dataclasses import dataclass

from core import state
from core.errors import is_quota_error
from core.text import Unit, info, verdict_lead

FRAMES = 6  # frames per storyboard, start and end included


@dataclass(frozen=True)
class Story:
    """A change played on the demo.  ``explanation`` is fixed text, so every claim it makes
    about the frames is written down in ``claims`` as (what it says, check of the frames)."""

    key: str
    label: str
    start: tuple
    end: tuple
    explanation: str
    claims: tuple = ()
    question: object = None  # the Question asked before it plays


#: What a storyboard prediction is about: which total changes more, or where both end.
CHANGE, ENDING = "change", "ending"


@dataclass(frozen=True)
class Question:
    """Asked before a story plays; its answer is read off the story's own frames."""

    kind: str  # CHANGE or ENDING
    text: str
    options: tuple  # (value, label) pairs
    premise: object = None  # frames -> bool: what the question takes for granted ("grow")


def _x(outcome):
    return state.OUTCOMES.index(outcome)


def _rises_every_frame(values):
    return all(b > a for a, b in zip(values, values[1:], strict=False))


def _grows(verb):
    """The three answers to "which total will <verb> more?"."""
    return (
        (state.FORWARD, f"KL(p‖q) will {verb} more"),
        (state.REVERSE, f"KL(q‖p) will {verb} more"),
        (state.NEITHER, "About as much (within 10% of each other)"),
    )


BOTH_ZERO, ONE_ZERO, BOTH_ABOVE = "both-zero", "one-zero", "both-above"
ENDINGS = (
    (BOTH_ZERO, "Both will be exactly 0"),
    (ONE_ZERO, "Only one of them will reach 0"),
    (BOTH_ABOVE, "Both will still be above 0"),
)


def _both_rise(s):
    """Both totals end higher than they started: the premise of "which will grow more"."""
    return s[-1].kl_pq > s[0].kl_pq and s[-1].kl_qp > s[0].kl_qp


def _which_grows(change):
    """The question for a story in which both totals grow: which grows more as ``change``."""
    text = f"{change}, which total will grow more from the first frame to the last?"
    return Question(CHANGE, text, _grows("grow"), _both_rise)


X1, X3, X4 = _x("x1"), _x("x3"), _x("x4")


def _forward_pays_most_at_x1_which_lost(s):
    """KL(p‖q)'s largest term at the last frame is x1's, where q fell below p."""
    return state.largest(s[-1].terms_pq) == X1 and s[-1].q[X1] < state.P[X1]


def _reverse_pays_most_at_x4(s):
    """KL(q‖p)'s largest term at the last frame is x4's."""
    return state.largest(s[-1].terms_qp) == X4


# What each story's explanation says once it has played; every claim in it is written down
# again in _CLAIMS as (what it says, check of the frames), and the unit tests run the checks.
_EXPLANATIONS = {
    "remove-mass": "KL(p‖q) averages under p, which keeps drawing x3 15% of the time and "
    "scores every draw with q’s shrinking share there, so its x3 term grows at every frame "
    "and ends as its largest. KL(q‖p) averages under q, which draws x3 less and less, so x3 "
    "costs it almost nothing; it rises only because the other outcomes took x3’s share.",
    "add-mass": "Now q keeps drawing x4, where p says 5%, so KL(q‖p) pays log(q/p) on a "
    "growing share of its samples: x4 ends as its largest term. KL(p‖q) sees x4 only 5% of "
    "the time, and there its term is negative; it pays most at x1, whose share q had to give "
    "up.",
    "flatten": "Both totals grow at every frame, KL(q‖p) a little faster. A flat q puts a "
    "quarter of its samples on x4, which p considers rare, and KL(q‖p) pays most there; "
    "KL(p‖q) pays most at x1, p’s favourite, which lost probability.",
    "match": "At the last frame q = p, so every log-ratio is log 1 = 0, whichever "
    "distribution does the averaging: that is the only way for KL to be exactly 0. Before "
    "it, each total is still above 0.",
}

_CLAIMS = {
    "remove-mass": (
        ("the x3 term of KL(p‖q) grows at every frame",
         lambda s: _rises_every_frame([f.terms_pq[X3] for f in s])),
        ("and ends as its largest", lambda s: state.largest(s[-1].terms_pq) == X3),
        ("q draws x3 less and less", lambda s: _rises_every_frame([-f.q[X3] for f in s])),
        ("x3 costs KL(q‖p) almost nothing (under 0.01 nats)",
         lambda s: abs(s[-1].terms_qp[X3]) < 0.01),
        ("KL(q‖p) rises, from the other outcomes",
         lambda s: s[-1].kl_qp > s[0].kl_qp
         and sum(t for k, t in enumerate(s[-1].terms_qp) if k != X3) > s[-1].kl_qp),
    ),
    "add-mass": (
        ("x4 ends as the largest term of KL(q‖p)", _reverse_pays_most_at_x4),
        ("q’s share of x4 grows at every frame",
         lambda s: _rises_every_frame([f.q[X4] for f in s])),
        ("the x4 term of KL(p‖q) is negative", lambda s: s[-1].terms_pq[X4] < 0),
        ("KL(p‖q) pays most at x1, where q fell below p", _forward_pays_most_at_x1_which_lost),
    ),
    "flatten": (
        ("both totals grow at every frame",
         lambda s: _rises_every_frame([f.kl_pq for f in s])
         and _rises_every_frame([f.kl_qp for f in s])),
        ("KL(q‖p) a little faster (less than 1.5 times as much)",
         lambda s: 1 < (s[-1].kl_qp - s[0].kl_qp) / (s[-1].kl_pq - s[0].kl_pq) < 1.5),
        ("a quarter of q’s samples on x4", lambda s: s[-1].q[X4] == 0.25),
        ("KL(q‖p) pays most at x4", _reverse_pays_most_at_x4),
        ("KL(p‖q) pays most at x1, which lost probability", _forward_pays_most_at_x1_which_lost),
    ),
    "match": (
        ("at the last frame q = p and every term is 0",
         lambda s: s[-1].equals_p and not any(s[-1].terms_pq + s[-1].terms_qp)),
        ("before it, each total is above 0",
         lambda s: all(f.kl_pq > 0 and f.kl_qp > 0 for f in s[:-1])),
    ),
}  # fmt: skip

_QUESTIONS = {
    "remove-mass": _which_grows("As q’s share of x3 drains away"),
    "add-mass": _which_grows("As q piles its mass onto x4, where p is rare"),
    "flatten": _which_grows("As q flattens towards uniform"),
    "match": Question(
        ENDING, "As q slides onto p, where will the two totals be at the last frame?", ENDINGS
    ),
}


def _story(key, label, start, end):
    return Story(key, label, start, end, _EXPLANATIONS[key], _CLAIMS[key], _QUESTIONS[key])


# The stories in the order the panel lists them: what each does to q, from start to end.
STORIES = (
    _story("remove-mass", "Take q’s mass off an outcome p relies on", state.P,
           (0.55, 0.25, 0.001, 0.05)),
    _story("add-mass", "Put q’s mass where p is small", state.P, (0.55, 0.25, 0.15, 0.60)),
    _story("flatten", "Flatten q towards uniform", state.P, (0.25, 0.25, 0.25, 0.25)),
    _story("match", "Make q equal p", state.DEFAULT_WEIGHTS, state.P),
)  # fmt: skip


def frames(story, count=FRAMES):
    """The weights of each frame, moving in equal steps from start to end."""
    out = []
    for k in range(count):
        t = k / (count - 1)
        out.append(tuple(a + (b - a) * t for a, b in zip(story.start, story.end, strict=True)))
    return out


def reaction(story, count=FRAMES):
    """Snapshots of every frame and how much each direction moved from first to last."""
    snaps = [state.snapshot(w) for w in frames(story, count)]
    forward = snaps[-1].kl_pq - snaps[0].kl_pq
    reverse = snaps[-1].kl_qp - snaps[0].kl_qp
    return snaps, forward, reverse


def reacting_direction(forward_change, reverse_change):
    """FORWARD, REVERSE or NEITHER by the size of each direction's change."""
    return state.dominance(abs(forward_change), abs(reverse_change))


def _log(unit):
    """How a log-ratio's log is written in ``unit``."""
    return "log₂" if Unit(unit) is Unit.BITS else "log"


def movement(before, after, unit=Unit.NATS):
    """How one total moved, in words that agree with the four decimals shown.

    >>> movement(0.2004, 0.0), movement(0.0, 0.59), movement(0.1, 0.10001)
    ('fell from 0.2004 to 0.0000', 'rose from 0.0000 to 0.5900', 'stayed at 0.1000')
    """
    old, new = info(before, unit), info(after, unit)
    if old == new:
        return f"stayed at {new}"
    verb = "rose" if after > before else "fell"
    return f"{verb} from {old} to {new}"


def narrate(first, last, unit=Unit.NATS):
    """What the two totals did between two snapshots: which changed more, by how much, and
    where they ended, said only as far as the numbers bear it out.

    >>> s = state.snapshot
    >>> narrate(s(state.DEFAULT_WEIGHTS), s(state.P))
    'KL(p‖q) changed 1.3 times as much as KL(q‖p). KL(p‖q) fell from 0.2004 to 0.0000; \
KL(q‖p) fell from 0.1542 to 0.0000. Both end at exactly 0: at the last frame q equals p.'
    """
    forward, reverse = last.kl_pq - first.kl_pq, last.kl_qp - first.kl_qp
    moved = reacting_direction(forward, reverse)
    names = {state.FORWARD: ("KL(p‖q)", "KL(q‖p)"), state.REVERSE: ("KL(q‖p)", "KL(p‖q)")}
    if moved == state.NEITHER:
        if max(abs(forward), abs(reverse)) <= state.ZERO_TOTAL:
            lead = "Neither total moved."
        else:
            lead = "Both totals changed by about as much (within 10% of each other)."
    else:
        big, small = names[moved]
        sizes = sorted((abs(forward), abs(reverse)))
        if sizes[0] <= state.ZERO_TOTAL:
            lead = f"Only {big} moved."
        else:
            lead = f"{big} changed {sizes[1] / sizes[0]:.1f} times as much as {small}."
    start = " Both start at exactly 0, with q equal to p." if first.equals_p else ""
    end = " Both end at exactly 0: at the last frame q equals p." if last.equals_p else ""
    return (
        f"{lead}{start} KL(p‖q) {movement(first.kl_pq, last.kl_pq, unit)}; "
        f"KL(q‖p) {movement(first.kl_qp, last.kl_qp, unit)}.{end}"
    )


def answer_of(question, snaps):
    """The right answer to ``question``, read off the story's frames ``snaps``."""
    first, last = snaps[0], snaps[-1]
    if question.kind == CHANGE:
        return reacting_direction(last.kl_pq - first.kl_pq, last.kl_qp - first.kl_qp)
    # KL is 0 in one direction exactly when q = p, and then in the other too (Gibbs), so
    # ONE_ZERO is never right; a total that rounds to 0 with q not p is still above 0.
    return BOTH_ZERO if last.equals_p else BOTH_ABOVE


def _ending(first, last, unit):
    """How the two totals moved and where they end, said only as far as the numbers go."""
    moved = (
        f"In {Unit(unit)}: KL(p‖q) {movement(first.kl_pq, last.kl_pq, unit)} and KL(q‖p) "
        f"{movement(first.kl_qp, last.kl_qp, unit)}"
    )
    if last.equals_p:
        return f"{moved}: both end exactly 0, because q equals p at the last frame."
    shown = (info(last.kl_pq, unit), info(last.kl_qp, unit))
    hidden = " (to four decimals they may read 0, but neither is)" if "0.0000" in shown else ""
    return f"{moved}: both end still above 0{hidden}, because q is not yet p."


def judge(question, choice, snaps, unit=Unit.NATS):
    """(right?, the verdict sentence) for a prediction ``choice`` once the story has played.

    The sentence says whether the prediction held, names the right answer, and backs it
    with the frames' own totals in ``unit``.
    """
    truth = answer_of(question, snaps)
    lead = verdict_lead(dict(question.options), choice, truth)
    right = choice == truth
    if question.kind == CHANGE:
        evidence = f"In {Unit(unit)}: {narrate(snaps[0], snaps[-1], unit)}"
    else:
        evidence = _ending(snaps[0], snaps[-1], unit)
    return right, f"{lead} {evidence}"


def score_note(counted, answered_before):
    """Why a storyboard prediction did or did not count in the score."""
    if counted:
        return "Your first prediction for this story counts in the demo’s score."
    if answered_before:
        return "Only your first prediction for this story counts in the score; this one does not."
    return "Not scored: you had watched this story play before predicting it."


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


def _leader(values):
    """The first index whose value no other value exceeds (ties go to the first)."""
    return values.index(max(values))


def _bars_cue(snap, unit):
    gaps = [abs(p - q) for p, q in zip(state.P, snap.q, strict=True)]
    ratios = [math.log(p / q) for p, q in zip(state.P, snap.q, strict=True)]
    log = _log(unit)
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
            f"gap, at {x}, also has a log-ratio as far from 0 as any ({log} p/q = "
            f"{info(ratios[i], unit)}); the same gap would give a log-ratio nearer 0 "
            "wherever p is larger."
        )
    else:
        hides = (
            f"Which gaps matter: KL compares ratios, not differences. Right now the widest "
            f"gap, at {x}, has {log} p/q = {info(ratios[i], unit)}, while {y}, "
            f"{gaps[j] * 100:.1f} points apart, has a log-ratio further from 0: "
            f"{info(ratios[j], unit)}."
        )
    return shows, hides


def _ratios_cue(snap, unit):
    ratios = [math.log(p / q) for p, q in zip(state.P, snap.q, strict=True)]
    j = _leader([abs(r) for r in ratios])
    y = state.OUTCOMES[j]
    shows = (
        "The excess surprise log p(x)/q(x) of each outcome: above 0 where q gives x less "
        "probability than p does, below 0 where q gives it more. "
    )
    if info(ratios[j], unit) == "0.0000":
        shows += "Right now every log-ratio rounds to 0.0000."
    else:
        shows += f"Right now no log-ratio is further from 0 than {y}’s, {info(ratios[j], unit)}."
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


def _rows_cue(snap, revealed, unit):
    shows = (
        "Each outcome’s signed term in both directions, and the running sum that builds "
        "each total: the mechanism itself."
    )
    if not revealed:
        return shows + STILL_HIDDEN, ROWS_HIDE
    parts = []
    for name, terms in (("KL(p‖q)", snap.terms_pq), ("KL(q‖p)", snap.terms_qp)):
        k = _leader([abs(t) for t in terms])
        if info(terms[k], unit) == "0.0000":
            parts.append(f"every term of {name} rounds to 0.0000")
        else:
            parts.append(
                f"no term of {name} is larger in size than {state.OUTCOMES[k]}’s, "
                f"{info(terms[k], unit)}"
            )
    return f"{shows} Right now {parts[0]}, and {parts[1]}.", ROWS_HIDE


def _totals_cue(snap, revealed, unit):
    shows = "The verdict: which direction is larger, and that neither is below zero."
    hides = (
        "Why. Two numbers cannot say which outcome drove them: read the rows for the "
        "mechanism, and use the totals to check it."
    )
    if not revealed:
        return shows + STILL_HIDDEN, hides
    # A total is never negative; a value like -1e-16 is rounding noise around 0.
    forward, reverse = max(snap.kl_pq, 0.0), max(snap.kl_qp, 0.0)
    a, b = info(forward, unit), info(reverse, unit)
    if a == b:
        compare = "they agree to four decimals"
    elif forward > reverse:
        compare = "KL(p‖q) is the larger"
    else:
        compare = "KL(q‖p) is the larger"
    return f"{shows} Right now KL(p‖q) = {a} and KL(q‖p) = {b} {unit}: {compare}.", hides


def cue_text(key, snap, revealed, unit=Unit.NATS):
    """(what the object shows, what it hides) for one cue, with the numbers of ``snap``.

    The bars and their log-ratio labels are on screen in every state; the rows and
    totals only once a prediction is revealed, so before that their text gives no
    numbers away.
    """
    if key == "bars":
        return _bars_cue(snap, unit)
    if key == "ratios":
        return _ratios_cue(snap, unit)
    if key == "rows":
        return _rows_cue(snap, revealed, unit)
    if key == "totals":
        return _totals_cue(snap, revealed, unit)
    raise ValueError(f"Unknown cue {key!r}; choose one of {[c.key for c in CUES]}.")


@dataclass(frozen=True)
class Challenge:
    key: str
    text: str
    check: object  # Snapshot -> bool


def _x1_negative_but_large(snap):
    return snap.terms_pq[0] < 0 and snap.kl_pq > 0.3


def _outweighs(larger, smaller, factor):
    # Totals at rounding level read 0.0000: "more than k times 0" would be a claim about noise.
    return larger > state.ZERO_TOTAL and larger > factor * smaller


CHALLENGES = (
    # With this p, KL(q||p) / KL(p||q) peaks near 1.68 over the slider range, so
    # "twice" would be impossible; 1.5 times is hard but reachable.
    Challenge(
        "reverse-heavier",
        "Make KL(q‖p) more than one and a half times KL(p‖q).",
        lambda snap: _outweighs(snap.kl_qp, snap.kl_pq, 1.5),
    ),
    Challenge(
        "both-small",
        "Make both totals smaller than 0.01 nats without q being exactly p.",
        # equals_p, not "a total above 0": q = p up to rounding once left 1e-16 behind.
        lambda snap: snap.kl_pq < 0.01 and snap.kl_qp < 0.01 and not snap.equals_p,
    ),
    Challenge(
        "negative-term",
        "Make the x1 term of KL(p‖q) negative while KL(p‖q) is above 0.3.",
        _x1_negative_but_large,
    ),
    Challenge(
        "forward-triple",
        "Make KL(p‖q) more than three times KL(q‖p).",
        lambda snap: _outweighs(snap.kl_pq, snap.kl_qp, 3),
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


#: Where the practice answer is kept in Web Storage (this browser only; never sent anywhere).
ANSWER_KEY = "kl-notebook:concept:information-theory/kl-divergence:practice-answer"

STORAGE_UNAVAILABLE = (
    "This browser does not let the page store data (private mode or a setting), so your "
    "answer will not survive a reload."
)
STORAGE_FULL = (
    "This browser’s storage is full, so your answer is not saved and will not survive a reload."
)


def _storage_problem(error):
    return STORAGE_FULL if is_quota_error(error) else STORAGE_UNAVAILABLE


def load_answer(storage):
    """(the saved practice answer or "", a notice or None); ``storage`` is None when blocked."""
    if storage is None:
        return "", STORAGE_UNAVAILABLE
    try:
        text = storage.getItem(ANSWER_KEY)
    except Exception:  # noqa: BLE001 - any browser refusal means no storage
        return "", STORAGE_UNAVAILABLE
    return (text if isinstance(text, str) else ""), None  # a missing key is null


def save_answer(storage, text):
    """Keep the practice answer; None when it was kept, else a notice saying why it was not."""
    if storage is None:
        return STORAGE_UNAVAILABLE
    try:
        if text:
            storage.setItem(ANSWER_KEY, text)
        else:
            storage.removeItem(ANSWER_KEY)
    except Exception as error:  # noqa: BLE001 - a QuotaExceededError or SecurityError
        return _storage_problem(error)
    return None
