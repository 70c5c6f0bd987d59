"""Learner submissions for the write-it-yourself exercise, shared by the unit and browser tests.

Each is a whole module a learner might type into the editor; the name says what it gets wrong.
"""

GOOD = """\
import math


def check(v, name):
    if any(x < 0 for x in v):
        raise ValueError(f"{name} has a negative entry")
    if abs(math.fsum(v) - 1) > 1e-9:
        raise ValueError(f"{name} does not sum to 1")


def kl(p, q):
    if len(p) != len(q):
        raise ValueError("p and q must have the same length")
    check(p, "p")
    check(q, "q")
    total = 0.0
    for px, qx in zip(p, q):
        if px == 0:
            continue
        if qx == 0:
            return math.inf
        total += px * math.log(px / qx)
    return total
"""

GOOD_TERMS = (
    GOOD
    + """

def kl_terms(p, q):
    kl(p, q)  # validates
    return [0.0 if px == 0 else math.inf if qx == 0 else px * math.log(px / qx)
            for px, qx in zip(p, q)]
"""
)

SYMMETRIC = (
    GOOD
    + """

one_way = kl


def kl(p, q):
    return (one_way(p, q) + one_way(q, p)) / 2
"""
)

IGNORES_ZERO_Q = GOOD.replace("return math.inf", "continue")

NAIVE = """\
import math


def kl(p, q):
    return sum(px * math.log(px / qx) for px, qx in zip(p, q))
"""
