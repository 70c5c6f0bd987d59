"""The bits/nats switch without the DOM: the figures the prose quotes, the unit's words,
and how a stored choice is read back.

kl.py computes in nats; a figure in bits is the same figure divided by ln 2
(core.text.in_unit), so every quantity here is kept in nats and converted only
when it is written.
"""

import re

from core import kl, state
from core.errors import is_quota_error
from core.text import Unit, in_unit, info

#: Where the learner's choice of unit is kept in the browser.
STORAGE_KEY = "kl-notebook:unit"

#: Information figures quoted in the prose: name -> (value in nats, decimals shown).
#: The page marks each with data-info="name" and Python writes it in the chosen unit.
FACTS = {
    "off-support-kl": (kl.kl((0.5, 0.5, 0.0), (0.05, 0.05, 0.9)), 3),
    "equality-counterexample": (kl.kl((1.0, 0.0), (0.9, 0.1)), 3),
    "mirror-kl": (kl.kl((0.3, 0.7), (0.7, 0.3)), 3),
    "worked-pq": (kl.kl(state.P, state.DEFAULT_WEIGHTS), 4),
    "worked-qp": (kl.kl(state.DEFAULT_WEIGHTS, state.P), 4),
    "entropy-p": (kl.entropy(state.P), 4),
    "small-total": (0.01, 4),  # the practice challenge's threshold, checked in nats
}

#: What the math says about the log in each unit.
LOG_NOTE = {
    Unit.NATS: "log is the natural log (base e); every KL, entropy and cross-entropy figure "
    "on this page is in nats.",
    Unit.BITS: "log is log₂ (base 2); every KL, entropy and cross-entropy figure on this "
    "page is in bits.",
}

#: The unit's name for one of it ("1 nat", "1 bit").
SINGULAR = {Unit.NATS: "nat", Unit.BITS: "bit"}


def fact(name, unit=Unit.NATS):
    """A quoted figure in ``unit``, with the decimals the prose uses.

    >>> fact("worked-pq"), fact("worked-pq", Unit.BITS), fact("off-support-kl")
    ('0.2004', '0.2891', '2.303')
    """
    value, digits = FACTS[name]
    return info(value, unit, digits)


def stored_unit(text):
    """The unit kept in storage, or nats for anything else (nothing kept, an old or edited value).

    >>> stored_unit("bits"), stored_unit(None), stored_unit("furlongs"), stored_unit(" BITS ")
    (<Unit.BITS: 'bits'>, <Unit.NATS: 'nats'>, <Unit.NATS: 'nats'>, <Unit.NATS: 'nats'>)
    """
    try:
        return Unit(text)
    except ValueError:
        return Unit.NATS


def log_name(unit):
    """How a log in a sentence is written in ``unit``: "log" (natural) or "log₂".

    >>> log_name(Unit.NATS), log_name(Unit.BITS)
    ('log', 'log₂')
    """
    return "log₂" if Unit(unit) is Unit.BITS else "log"


#: A line of kl.report: a label padded to 19 characters, then a figure ("inf" or 4 decimals).
REPORT_FIGURE = re.compile(r"^(.{19})(inf|-?\d+\.\d+)(.*)$")


def report_figures(p, q):
    """kl.report's figures at full precision, by the label it prints them under."""
    forward = kl.kl(p, q)
    return {
        "KL(p || q)": forward,
        "KL(q || p)": kl.kl(q, p),
        "H(p, q)": kl.cross_entropy(p, q),
        "H(p) + KL(p || q)": kl.entropy(p) + forward,
        "H(p)": kl.entropy(p),
    }


def report_in(text, unit, p, q):
    """kl.report(p, q)'s lines with each figure in ``unit``, and the comment that says so
    ("" in nats).  kl.py computes in nats; in bits the runner divides each figure by ln 2
    (from the exact value, not the printed one, so it agrees with the rest of the page).

    >>> w, q = state.P, state.DEFAULT_WEIGHTS
    >>> report_in("KL(p || q)         0.2004", Unit.BITS, w, q)[0]
    'KL(p || q)         0.2891'
    >>> report_in("KL(p || q)         inf  (q(x3) = 0 where p(x3) = 0.15)", Unit.BITS, w, q)[0]
    'KL(p || q)         inf  (q(x3) = 0 where p(x3) = 0.15)'
    >>> report_in("KL(p || q)         0.2004", Unit.NATS, w, q)
    ('KL(p || q)         0.2004', '')
    """
    if Unit(unit) is Unit.NATS:
        return text, ""
    exact = report_figures(p, q)
    lines = []
    for line in text.split("\n"):
        match = REPORT_FIGURE.match(line)
        if match and match.group(2) != "inf":
            label, figure, rest = match.groups()
            value = exact.get(label.strip(), float(figure))
            line = f"{label}{in_unit(value, unit):.4f}{rest}"
        lines.append(line)
    return "\n".join(lines), "# kl.py prints nats; shown in bits here: each figure ÷ ln 2"


#: Said once when a choice of unit cannot be kept: it still holds for this visit.
NOT_KEPT = {
    True: "Your choice of unit holds for this visit; this browser’s storage is full, so it "
    "will not be remembered next time.",
    False: "Your choice of unit holds for this visit; this browser does not let the page keep "
    "it, so it will not be remembered next time.",
}


def load_unit(storage):
    """The unit chosen on an earlier visit; nats when ``storage`` is None, refuses, or holds
    anything but a unit's name."""
    if storage is None:
        return Unit.NATS
    try:
        text = storage.getItem(STORAGE_KEY)
    except Exception:  # noqa: BLE001 - any browser refusal means nothing was kept
        return Unit.NATS
    return stored_unit(text)


def save_unit(storage, unit):
    """Keep the chosen unit; None when it was kept (or there is no storage to keep it in,
    which the learner already knows), else the notice saying why it was not."""
    if storage is None:
        return None
    try:
        storage.setItem(STORAGE_KEY, str(Unit(unit)))
    except Exception as error:  # noqa: BLE001 - a QuotaExceededError or SecurityError
        return NOT_KEPT[is_quota_error(error)]
    return None
