"""KL divergence for finite distributions, in nats, with the standard library only.

The same file runs in CPython (the tests) and in the browser's Pyodide (the
page), so it uses nothing beyond ``math`` and ``numbers``.  Every sum is
exact-rounded with ``math.fsum``.

Conventions, matching the math on the page:

* natural logarithms, so results are in nats;
* an outcome with p(x) = 0 contributes 0, whatever q(x) is;
* an outcome with p(x) > 0 and q(x) = 0 makes KL(p||q) infinite.

The worked example used throughout the page:

>>> P = (0.55, 0.25, 0.15, 0.05)
>>> Q = (0.80, 0.15, 0.04, 0.01)
>>> round(kl(P, Q), 4), round(kl(Q, P), 4)
(0.2004, 0.1542)
"""

import math

#: How far the entries of a distribution may sum from 1 and still be accepted.
#: Loose enough for values typed or rounded by people (and for float rounding
#: after w / sum(w)), tight enough to catch a forgotten normalisation.
SUM_TOLERANCE = 1e-9


def _is_real(x):
    """True for a real number (int, float, Fraction, NumPy scalar), False for bool and the rest."""
    if type(x) is float or type(x) is int:
        return True  # the common case, without the slower abstract-class check
    # Imported here, on first need: the page only passes floats, and importing
    # ``numbers`` would add about 10 ms to its start-up in the browser.
    import numbers

    return not isinstance(x, bool) and isinstance(x, numbers.Real)


def check_distribution(v, name="p"):
    """Return ``v`` as a tuple of floats after checking it is a distribution.

    ``v`` may be a list, a tuple or a 1-D NumPy array.  A ``ValueError`` names
    the first problem found and where it is.

    >>> check_distribution([0.5, 0.5])
    (0.5, 0.5)
    >>> check_distribution([0.5, -0.5, 1.0])
    Traceback (most recent call last):
    ...
    ValueError: p[1] is -0.5, but a probability cannot be negative.
    """
    if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
        raise ValueError(f"{name} must be a sequence of probabilities, not {v!r}.")
    values = []
    for i, x in enumerate(v):
        if not _is_real(x):
            raise ValueError(f"{name}[{i}] is {x!r}, which is not a number.")
        try:
            x = float(x)
        except OverflowError:
            raise ValueError(f"{name}[{i}] is too large to be a probability.") from None
        if not math.isfinite(x):
            raise ValueError(f"{name}[{i}] is {x}; probabilities must be finite numbers.")
        if x < 0:
            raise ValueError(f"{name}[{i}] is {x}, but a probability cannot be negative.")
        values.append(x)
    if not values:
        raise ValueError(f"{name} is empty; a distribution needs at least one outcome.")
    total = math.fsum(values)
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ValueError(
            f"{name} sums to {total!r}, not 1 (allowed error {SUM_TOLERANCE:g}); "
            "divide by the total to normalise it."
        )
    return tuple(values)


def _check_pair(p, q):
    """Check both distributions and that they are over the same outcomes."""
    p = check_distribution(p, "p")
    q = check_distribution(q, "q")
    if len(p) != len(q):
        raise ValueError(
            f"p has {len(p)} outcomes but q has {len(q)}; both must be over the same outcomes."
        )
    return p, q


def missing_support(p, q):
    """Indices where p puts mass and q puts none: each makes KL(p||q) infinite.

    >>> missing_support([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
    [1]
    """
    p, q = _check_pair(p, q)
    return [i for i, (px, qx) in enumerate(zip(p, q, strict=True)) if px > 0 and qx == 0]


def kl_terms(p, q):
    """The signed per-outcome terms p(x) * log(p(x) / q(x)) of KL(p||q).

    A term is 0 where p(x) = 0 and ``inf`` where p(x) > 0 but q(x) = 0.
    Single terms can be negative; their sum cannot.

    >>> [round(t, 7) for t in kl_terms((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01))]
    [-0.2060814, 0.1277064, 0.1982634, 0.0804719]
    """
    p, q = _check_pair(p, q)
    terms = []
    for px, qx in zip(p, q, strict=True):
        if px == 0:
            terms.append(0.0)
        elif qx == 0:
            terms.append(math.inf)
        else:
            terms.append(px * math.log(px / qx))
    return terms


def kl(p, q):
    """KL(p||q) = sum over x of p(x) * log(p(x) / q(x)), in nats.

    >>> kl((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01))
    0.2003602803677747
    >>> kl([0.5, 0.5], [1.0, 0.0])
    inf
    """
    terms = kl_terms(p, q)
    if math.inf in terms:
        return math.inf
    # Gibbs: the exact sum is never negative; a sum like -1e-16 is only rounding.
    return max(0.0, math.fsum(terms))


def entropy(p):
    """Shannon entropy H(p) = -sum over x of p(x) * log p(x), in nats.

    >>> entropy((0.55, 0.25, 0.15, 0.05))
    1.1097385521061456
    """
    p = check_distribution(p, "p")
    return -math.fsum(px * math.log(px) for px in p if px > 0)


def cross_entropy(p, q):
    """Cross-entropy H(p, q) = -sum over x of p(x) * log q(x), in nats.

    It equals H(p) + KL(p||q), and is infinite where KL(p||q) is.

    >>> round(cross_entropy((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01)), 12)
    1.310098832474
    """
    p, q = _check_pair(p, q)
    if missing_support(p, q):
        return math.inf
    return -math.fsum(px * math.log(qx) for px, qx in zip(p, q, strict=True) if px > 0)


def report(p, q):
    """The numbers of the worked example, as lines of text (4 decimals).

    H(p) has a line of its own, so H(p) + KL(p || q) = H(p, q) can be checked by eye.

    >>> print(report((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01)))
    KL(p || q)         0.2004
    KL(q || p)         0.1542
    H(p)               1.1097
    H(p, q)            1.3101
    H(p) + KL(p || q)  1.3101
    >>> print(report((0.55, 0.25, 0.15, 0.05), (0.60, 0.30, 0.00, 0.10)))
    KL(p || q)         inf  (q(x3) = 0 where p(x3) = 0.15)
    KL(q || p)         0.1762
    H(p)               1.1097
    H(p, q)            inf
    H(p) + KL(p || q)  inf
    """
    p, q = _check_pair(p, q)
    kl_pq = kl(p, q)
    forward = _fmt(kl_pq)
    missing = missing_support(p, q)
    if missing:
        where = ", ".join(f"q(x{i + 1}) = 0 where p(x{i + 1}) = {p[i]:g}" for i in missing)
        forward += f"  ({where})"
    rows = [
        ("KL(p || q)", forward),
        ("KL(q || p)", _fmt(kl(q, p))),
        ("H(p)", _fmt(entropy(p))),
        ("H(p, q)", _fmt(cross_entropy(p, q))),
        ("H(p) + KL(p || q)", _fmt(entropy(p) + kl_pq)),
    ]
    return "\n".join(f"{label:<19}{value}" for label, value in rows)


def _fmt(x):
    return "inf" if math.isinf(x) else f"{x:.4f}"


if __name__ == "__main__":
    # Supervised reading: p = data, q = model.  Policy reading of KL(q||p):
    # q = new policy, p = reference.
    print(report((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01)))
