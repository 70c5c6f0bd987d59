"""How the page writes a number: one formatter, so every panel agrees on the minus sign."""

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
