"""Misconception checks: four short questions, each answered from the page's own live numbers.

Pure Python, no DOM.  Each check names a common misreading of KL, asks one question
with a right answer, and gives feedback built from the demo's last revealed state
(never the open round's: no check gives a prediction away) that points at the live
picture settling it.  Every first answer counts in the same score as the demo rounds.
"""

from dataclasses import dataclass

from core import kl, state
from core.text import Unit, info, num

#: How the log is written when a figure is in this unit.
LOG = {Unit.NATS: "log", Unit.BITS: "log₂"}

#: A term this far below zero still prints as a negative number at four decimals.
SHOWN_NEGATIVE = -0.5e-4


@dataclass(frozen=True)
class Check:
    key: str
    misconception: str
    question: str
    options: tuple  # (value, label) pairs
    answer: str
    target: str  # the id of the live picture that settles it
    target_label: str


CHECKS = (
    Check(
        "distance",
        "KL is a distance",
        "Swap the arguments: is KL(q‖p) the same number as KL(p‖q)?",
        (("same", "Yes, a divergence is a distance"), ("differ", "Not in general")),
        "differ",
        "demo",
        "the demo: reveal a round and compare its two totals",
    ),
    Check(
        "negative-term",
        "A term can’t be negative",
        "Can a single term p(x) log p(x)/q(x) of KL(p‖q) be below zero?",
        (("never", "No, every term is at least 0"), ("can", "Yes, where q(x) > p(x)")),
        "can",
        "worked-line",
        "the worked line, term by term",
    ),
    Check(
        "zero-zero",
        "q = 0 where p = 0 is a problem",
        "p(x) = 0 and q(x) = 0 at some x, and the two agree elsewhere: what is KL(p‖q)?",
        (("infinite", "Infinite: q(x) = 0 breaks it"), ("zero", "0: that x is never drawn")),
        "zero",
        "eq-conventions",
        "the zero convention",
    ),
    Check(
        "letters",
        "The letters always mean data and model",
        "In the alignment penalty KL(π‖π_ref), which distribution is the average taken under?",
        (("reference", "π_ref, the reference, as data would be"), ("policy", "π, the new policy")),
        "policy",
        "letters",
        "the letters switch",
    ),
)
BY_KEY = {c.key: c for c in CHECKS}


def feedback(key, choice, snap, unit):
    """Whether ``choice`` is right, and why, in numbers from ``snap`` (the last revealed q)."""
    check = BY_KEY[key]
    if choice not in dict(check.options):
        raise ValueError(f"Unknown answer {choice!r} to the check {key!r}.")
    right = choice == check.answer
    verdict = "Right." if right else "Not quite."
    return right, f"{verdict} {WHY[key](snap, unit)}"


def _distance(snap, unit):
    forward, reverse = info(snap.kl_pq, unit), info(snap.kl_qp, unit)
    where = f"For the last revealed q, KL(p‖q) = {forward} and KL(q‖p) = {reverse} {unit}"
    if forward == reverse:
        return (
            f"{where}: equal to every digit shown, as happens when q is p or close to it. "
            "Reveal a q further from p and the two part ways; a distance could not."
        )
    return (
        f"{where}: swapping the arguments changed the value, and a distance cannot depend "
        "on the order. KL is a divergence: never negative, zero only at q = p, not symmetric."
    )


def _negative_term(snap, unit):
    terms = snap.terms_pq
    i = min(range(len(terms)), key=terms.__getitem__)
    if terms[i] > SHOWN_NEGATIVE:
        return (
            "Any term where q(x) > p(x) is negative. The last revealed q is so close to p "
            "that no term is below zero at the digits shown; move q(x1) above 0.55 and "
            "reveal to see one."
        )
    x, p, q = state.OUTCOMES[i], state.P[i], snap.q[i]
    return (
        f"For the last revealed q, the term at {x} is {num(p, 2)} · {LOG[Unit(unit)]}"
        f"({num(p, 2)}/{num(q)}) "
        f"= {info(terms[i], unit)} {unit}, because q gives {x} more than p does. The total "
        f"is still {info(snap.kl_pq, unit)} {unit}, never below 0: the mass q puts there "
        "is missing where p needs it, and that costs more."
    )


def _zero_zero(snap, unit):
    p = q = (0.5, 0.5, 0.0)
    return (
        f"kl.py gives kl({p}, {q}) = {info(kl.kl(p, q), unit)} {unit}: a term with p(x) = 0 "
        "counts 0 whatever q(x) is (0 · log 0 = 0), because that outcome is never drawn. "
        "Only q(x) = 0 where p(x) > 0 makes KL infinite."
    )


def _letters(snap, unit):
    return (
        "The first argument is always the one averaged under. In KL(π‖π_ref) that is π, the "
        "model being trained: the opposite seat from maximum likelihood, where the data sit "
        "first. Names vary by field; the position does not."
    )


WHY = {
    "distance": _distance,
    "negative-term": _negative_term,
    "zero-zero": _zero_zero,
    "letters": _letters,
}
