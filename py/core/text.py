"""How the page writes a number: one formatter, so every panel agrees on the minus sign."""

import enum
import math

#: The typographic minus the page writes instead of a hyphen.
MINUS = "\u2212"


def num(x, digits=4):
    """A number for the page: fixed decimals, the typographic minus, never a signed zero.

    >>> num(-0.25), num(-0.00001), num(1.5, 1), num(0.2004)
    ('−0.2500', '0.0000', '1.5', '0.2004')
    """
    text = f"{x:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", MINUS)


def percent(x, digits=1):
    """A share as a percentage with fixed decimals.

    >>> percent(0.153), percent(0.0004, 2), percent(1)
    ('15.3%', '0.04%', '100.0%')
    """
    return f"{x:.{digits}%}"


class Unit(enum.StrEnum):
    """The unit of every information figure on the page (KL, entropy, cross-entropy)."""

    NATS = "nats"  # natural log: what kl.py computes
    BITS = "bits"  # log base 2: the same figure divided by ln 2


def in_unit(x_nats, unit=Unit.NATS):
    """A figure computed in nats, expressed in ``unit`` (infinity stays infinite).

    >>> round(in_unit(0.2004, Unit.BITS), 4), in_unit(0.5), in_unit(math.inf, Unit.BITS)
    (0.2891, 0.5, inf)
    """
    return x_nats / math.log(2) if Unit(unit) is Unit.BITS else x_nats


def info(x_nats, unit=Unit.NATS, digits=4):
    """An information figure for the page in ``unit``; "∞" when it is infinite.

    >>> info(0.2004), info(0.2004, Unit.BITS), info(math.inf), info(-0.1, "bits", 3)
    ('0.2004', '0.2891', '∞', '−0.144')
    """
    value = in_unit(x_nats, unit)
    return "\u221e" if math.isinf(value) and value > 0 else num(value, digits)


def verdict_lead(labels, choice, truth):
    """How a judged prediction opens: whether it held and, if not, what the answer was.

    ``labels`` maps each answer's value to its words; an unknown ``choice`` is refused.

    >>> verdict_lead({"a": "Up", "b": "Down"}, "b", "a")
    'Your prediction did not hold: you said “Down”, but the answer is “Up”.'
    """
    if choice not in labels:
        raise ValueError(f"Unknown prediction {choice!r}; choose one of {sorted(labels)}.")
    if choice == truth:
        return f"Your prediction held: “{labels[truth]}”."
    return (
        f"Your prediction did not hold: you said “{labels[choice]}”, "
        f"but the answer is “{labels[truth]}”."
    )
