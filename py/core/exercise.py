"""“Write it yourself”: the starter code, the hints, and the property checks.

Pure Python with no DOM.  The page runs ``run_submission`` in a Web Worker's
own Pyodide, so a learner's endless loop cannot freeze the page; the tests run
it in CPython against right and wrong implementations.

Each check tries inputs from the smallest up (two outcomes in tenths, then
three, then random pairs of up to eight outcomes), so the first failure found
is already small; a random failure is shrunk further before it is reported.

>>> result = run_submission(STARTER)
>>> summary(result)
'0 of 7 checks pass.'
>>> result["traceback"].splitlines()[-1]
'NotImplementedError: write kl(p, q) here'
"""

import contextlib
import itertools
import linecache
import math
import numbers
import random
import traceback
from typing import NamedTuple

from core import kl
from core.errors import is_quota_error

#: The file name the learner's code is compiled under; tracebacks keep only its frames.
FILENAME = "your_code.py"

#: Printed output beyond this many characters is cut, so a print in a loop cannot flood the page.
OUTPUT_LIMIT = 10_000

#: How close the learner's value must be to ``kl.py``'s (relative and absolute).
TOLERANCE = 1e-9

#: The page's worked example: its two directions differ, 0.2004 against 0.1542.
WORKED_P = (0.55, 0.25, 0.15, 0.05)
WORKED_Q = (0.80, 0.15, 0.04, 0.01)

#: The step reported while the learner's module itself runs (before any check).
TOP_LEVEL_STEP = "top level"

#: Where the learner's code is kept in the browser.
STORAGE_KEY = "kl-notebook:exercise:kl-code"

STARTER = '''\
import math


def kl(p, q):
    """KL(p || q) in nats, for distributions over the same outcomes."""
    # Check p and q, then add up p(x) * log(p(x) / q(x)) over the x.
    raise NotImplementedError("write kl(p, q) here")
'''

CHECK_NAMES = {
    "agrees": "Agrees with kl.py on random pairs (to 1e-9)",
    "nonnegative": "Never negative",
    "zero": "Zero exactly when p = q",
    "asymmetric": "Not symmetric on the worked example",
    "support": "Infinite when q(x) = 0 < p(x)",
    "skips": "Terms with p(x) = 0 are skipped",
    "bad_input": "Bad input raises ValueError",
    "terms": "kl_terms matches kl.py term by term (optional)",
}

#: Bad inputs, simplest first, each with what is wrong with it.
BAD_INPUTS = (
    ((0.5, 0.5), (1.0,), "p and q have different lengths"),
    ((1.5, -0.5), (0.5, 0.5), "p has a negative entry"),
    ((1.0, 0.0), (1.5, -0.5), "q has a negative entry"),
    ((0.5, 0.6), (0.5, 0.5), "p sums to 1.1"),
    ((0.5, 0.5), (0.4, 0.4), "q sums to 0.8"),
)


# ---- inputs, smallest first ----------------------------------------------------------


def tenths(n, allow_zero=False):
    """Every distribution over ``n`` outcomes whose entries are multiples of 0.1."""
    low = 0 if allow_zero else 1
    for head in itertools.product(range(low, 11), repeat=n - 1):
        last = 10 - sum(head)
        if last >= low:
            yield tuple(k / 10 for k in (*head, last))


def random_distribution(rng, n):
    """A random distribution over ``n`` outcomes, every entry positive."""
    weights = [rng.random() ** 2 + 1e-6 for _ in range(n)]
    total = math.fsum(weights)
    return tuple(w / total for w in weights)


def random_pairs(count=150, seed=20260507):
    """Seeded random pairs of positive distributions with 4 to 8 outcomes."""
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(4, 8)
        yield random_distribution(rng, n), random_distribution(rng, n)


def positive_pairs():
    """Positive pairs: all in tenths for 2 outcomes, a sample of those for 3, then random."""
    two = list(tenths(2))
    yield from itertools.product(two, two)
    three = list(itertools.product(tenths(3), repeat=2))
    yield from random.Random(3).sample(three, 200)
    yield from random_pairs()


def equal_pairs():
    for n in (2, 3):
        for p in tenths(n):
            yield p, p
    for p, _ in random_pairs(50):
        yield p, p


def support_pairs():
    """Pairs where q(x) = 0 at some x with p(x) > 0: KL(p||q) is infinite.

    p is positive everywhere, so a failure here is about q's zeros alone.
    """
    for n in (2, 3):
        for p in tenths(n):
            for q in tenths(n, allow_zero=True):
                if 0 in q:
                    yield p, q


def zero_p_pairs():
    """Pairs where p(x) = 0 somewhere and q covers the rest of p: KL(p||q) is finite.

    For each size, pairs with q positive everywhere come first, so the smallest
    failure is about p's zeros alone; then q is zero where p is too.
    """
    for n in (2, 3):
        with_zero = [p for p in tenths(n, allow_zero=True) if 0 in p]
        for q_may_be_zero in (False, True):
            for p in with_zero:
                for q in tenths(n, allow_zero=q_may_be_zero):
                    covered = all(qx > 0 for px, qx in zip(p, q, strict=True) if px > 0)
                    if covered and (q_may_be_zero == (0 in q)):
                        yield p, q


def shrink(pair, fails):
    """A smaller pair that still ``fails``: fewer outcomes first, then fewer decimals."""
    p, q = pair
    improved = True
    while improved:
        improved = False
        candidates = []
        if len(p) > 2:
            candidates.append((_merge_last(p), _merge_last(q)))
        for places in (1, 2, 3):
            candidates.append((_rounded(p, places), _rounded(q, places)))
        for cp, cq in candidates:
            if cp is None or cq is None or (cp, cq) == (p, q) or _size(cp, cq) >= _size(p, q):
                continue
            if fails(cp, cq):
                p, q = cp, cq
                improved = True
                break
    return p, q


def _merge_last(v):
    return (*v[:-2], v[-2] + v[-1])


def _rounded(v, places):
    head = tuple(round(x, places) for x in v[:-1])
    last = round(1 - math.fsum(head), places)
    if last <= 0 or any(x <= 0 for x in head):
        return None
    return (*head, last)


def _size(p, q):
    """How big a counterexample reads: outcomes first, then digits written."""
    digits = sum(len(repr(x)) for x in (*p, *q))
    return (len(p), digits)


# ---- calling the learner's code --------------------------------------------------------


class Raised(Exception):
    """The learner's function raised: carries the exception to report it."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


class Bounded:
    """A text sink for print() that keeps the first OUTPUT_LIMIT characters."""

    def __init__(self):
        self.parts = []
        self.size = 0
        self.cut = False

    def write(self, text):
        room = OUTPUT_LIMIT - self.size
        if len(text) > room:
            self.cut = True
            text = text[: max(room, 0)]
        self.parts.append(text)
        self.size += len(text)
        return len(text)

    def flush(self):
        pass

    def text(self):
        return "".join(self.parts)


class Submission:
    """The learner's functions, called so that every failure is caught and remembered."""

    def __init__(self, namespace):
        self.kl = namespace.get("kl")
        self.kl_terms = namespace.get("kl_terms")
        self.first_error = None  # the first unexpected exception, shown as a traceback

    def call(self, function, p, q, as_list=False):
        """``function(p, q)`` on fresh lists; with ``as_list``, its result read into a list."""
        try:
            result = function(list(p), list(q))
            if as_list:
                if isinstance(result, (str, bytes)) or not hasattr(result, "__iter__"):
                    raise WrongType(f"returned {_short_repr(result)}, which is not a list")
                result = list(result)  # inside the try: a generator may raise while read
            return result
        except WrongType:
            raise
        except BaseException as error:  # noqa: BLE001 - the learner's code may raise anything
            if isinstance(error, KeyboardInterrupt):
                raise
            raise Raised(error) from None

    def value(self, p, q):
        """The learner's kl(p, q) as a float; ``Raised`` or ``WrongType`` if it is not one."""
        result = self.call(self.kl, p, q)
        return as_float(result)

    def remember(self, error):
        if self.first_error is None:
            self.first_error = error


class WrongType(Exception):
    """The learner's function returned something that is not a number."""


def as_float(result):
    if isinstance(result, bool) or not isinstance(result, numbers.Real):
        raise WrongType(f"returned {_short_repr(result)}, which is not a number")
    return float(result)


def _short_repr(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fmt_pair(p, q):
    return f"p = {fmt(p)}, q = {fmt(q)}"


def fmt(v):
    return "(" + ", ".join(repr(x) for x in v) + (",)" if len(v) == 1 else ")")


def describe_error(error):
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def agree(a, b):
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


# ---- the checks ----------------------------------------------------------------------


class Failure(NamedTuple):
    """A failed check: the counterexample and what went wrong on it."""

    p: tuple
    q: tuple
    detail: str


def search(pairs, problem):
    """The first pair for which ``problem(p, q)`` returns a message, shrunk; or None.

    ``problem`` returns None when the property holds for the pair.
    """
    for p, q in pairs:
        if problem(p, q) is not None:
            p, q = shrink((p, q), lambda cp, cq: problem(cp, cq) is not None)
            return Failure(
                p, q, f"Smallest counterexample found: {fmt_pair(p, q)}. {problem(p, q)}"
            )
    return None


def guarded_value(sub, p, q, expect):
    """The learner's value, or a sentence saying why there is none (an exception, a non-number)."""
    try:
        return sub.value(p, q), None
    except Raised as raised:
        sub.remember(raised.error)
        return None, f"Your kl raised {describe_error(raised.error)}; {expect}."
    except WrongType as wrong:
        return None, f"Your kl {wrong}; {expect}."


def agreement_check(sub, pairs, expect, differs):
    """The simplest pair where ``sub``'s kl is not kl.py's; ``expect`` and ``differs`` word it.

    ``expect`` says what the right value is (``{expected!r}`` stands for it) should the
    learner's kl raise; ``differs`` leads into the right value when it returns another.
    """

    def problem(p, q):
        expected = kl.kl(p, q)
        value, why = guarded_value(sub, p, q, expect.format(expected=expected))
        if why:
            return why
        if not agree(value, expected):
            return f"Your kl gives {value!r}; {differs} {expected!r}."
        return None

    return search(pairs, problem)


def check_agrees(sub):
    return agreement_check(sub, positive_pairs(), "kl.py gives {expected!r}", "kl.py gives")


def check_nonnegative(sub):
    def problem(p, q):
        value, why = guarded_value(sub, p, q, "it should be a number ≥ 0")
        if why:
            return why
        if not value >= -1e-12:  # also catches nan; allows a rounding-sized dip below 0
            return f"Your kl gives {value!r}, below zero."
        return None

    return search(positive_pairs(), problem)


def check_zero(sub):
    def same(p, q):
        value, why = guarded_value(sub, p, q, "it should be 0 when p = q")
        if why:
            return why
        if not abs(value) <= 1e-12:
            return f"p equals q, but your kl gives {value!r} instead of 0."
        return None

    def different(p, q):
        if p == q:
            return None
        value, why = guarded_value(sub, p, q, "it should be above 0 when p ≠ q")
        if why:
            return why
        if not value > 0:
            return f"p differs from q, but your kl gives {value!r}, not more than 0."
        return None

    return search(equal_pairs(), same) or search(positive_pairs(), different)


def check_asymmetric(sub):
    p, q = WORKED_P, WORKED_Q
    forward, why = guarded_value(sub, p, q, f"kl.py gives {kl.kl(p, q):.4f}")
    if why:
        return Failure(p, q, f"On the worked example, {fmt_pair(p, q)}. {why}")
    backward, why = guarded_value(sub, q, p, f"kl.py gives {kl.kl(q, p):.4f}")
    if why:
        return Failure(q, p, f"On the worked example swapped, {fmt_pair(q, p)}. {why}")
    if agree(forward, backward):
        return Failure(
            p,
            q,
            f"Counterexample: the worked example, {fmt_pair(p, q)}. "
            f"Your kl(p, q) = {forward!r} and kl(q, p) = {backward!r} are equal, "
            f"but KL is not symmetric: kl.py gives {kl.kl(p, q):.4f} and {kl.kl(q, p):.4f}.",
        )
    return None


def check_support(sub):
    def problem(p, q):
        value, why = guarded_value(sub, p, q, "it should return math.inf")
        if why:
            return why
        if not (math.isinf(value) and value > 0):
            where = kl.missing_support(p, q)[0]
            return (
                f"q(x{where + 1}) = 0 where p(x{where + 1}) = {p[where]!r}, so KL(p‖q) is "
                f"infinite, but your kl gives {value!r}."
            )
        return None

    return search(support_pairs(), problem)


def check_skips(sub):
    return agreement_check(
        sub,
        zero_p_pairs(),
        "outcomes with p(x) = 0 add nothing: {expected!r}",
        "skipping outcomes with p(x) = 0 gives",
    )


def check_bad_input(sub):
    failures = []  # (p, q, sentence), simplest first
    for p, q, what in BAD_INPUTS:
        try:
            result = sub.call(sub.kl, p, q)
        except Raised as raised:
            if isinstance(raised.error, ValueError):
                continue
            sub.remember(raised.error)
            failures.append(
                (
                    p,
                    q,
                    f"kl({fmt(p)}, {fmt(q)}) raised {describe_error(raised.error)} "
                    f"instead of ValueError ({what}).",
                )
            )
            continue
        failures.append(
            (
                p,
                q,
                f"kl({fmt(p)}, {fmt(q)}) returned {_short_repr(result)} instead of raising "
                f"ValueError ({what}).",
            )
        )
    if not failures:
        return None
    more = len(failures) - 1
    tail = f" {more} more of the {len(BAD_INPUTS)} bad inputs also got through." if more else ""
    p, q, sentence = failures[0]
    return Failure(p, q, f"Smallest counterexample found: {sentence}{tail}")


def check_terms(sub):
    def problem(p, q):
        expected = kl.kl_terms(p, q)
        try:
            values = [as_float(t) for t in sub.call(sub.kl_terms, p, q, as_list=True)]
        except Raised as raised:
            sub.remember(raised.error)
            return f"Your kl_terms raised {describe_error(raised.error)}."
        except WrongType as wrong:
            return f"Your kl_terms {wrong}."
        if len(values) != len(expected) or not all(map(agree, values, expected)):
            return f"Your kl_terms gives {values!r}; kl.py gives {expected!r}."
        return None

    pairs = itertools.chain(positive_pairs(), zero_p_pairs(), support_pairs())
    return search(pairs, problem)


CHECKS = (
    ("agrees", check_agrees),
    ("nonnegative", check_nonnegative),
    ("zero", check_zero),
    ("asymmetric", check_asymmetric),
    ("support", check_support),
    ("skips", check_skips),
    ("bad_input", check_bad_input),
    ("terms", check_terms),
)


# ---- running a submission --------------------------------------------------------------


def learner_traceback(error):
    """The traceback of ``error`` with only the learner's own frames (and their lines)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == FILENAME]
    lines = traceback.format_list(frames)
    head = ["Traceback (most recent call last):\n"] if frames else []
    return "".join(head + lines + traceback.format_exception_only(type(error), error)).rstrip()


def run_submission(code, on_step=None):
    """Run the learner's ``code`` and every check; a dict the page renders as it is.

    ``on_step(name)`` is called before each step, so the page can say where
    the code was when it had to be stopped.  Keys: ``defined`` (kl exists and
    is callable), ``traceback`` (text or None), ``output`` (what the code
    printed), ``output_cut``, and ``checks``: dicts with ``key``, ``name``,
    ``status`` ("pass", "fail" or "skip"), ``detail``, and for a failure the
    ``counterexample`` as ``{"p": [...], "q": [...]}``.
    """
    step = on_step or (lambda name: None)
    out = Bounded()
    result = {"defined": False, "traceback": None, "output": "", "output_cut": False}
    result["checks"] = []
    # The learner's source lines, so the traceback can quote them.
    linecache.cache[FILENAME] = (len(code), None, code.splitlines(True), FILENAME)
    namespace = {"__name__": "your_code"}
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        step(TOP_LEVEL_STEP)
        try:
            exec(compile(code, FILENAME, "exec"), namespace)  # noqa: S102 - the exercise itself
        except BaseException as error:  # noqa: BLE001 - any failure is the learner's to see
            if isinstance(error, KeyboardInterrupt):
                raise
            result["traceback"] = learner_traceback(error)
        else:
            sub = Submission(namespace)
            if callable(sub.kl):
                result["defined"] = True
                for key, check in CHECKS:
                    step(CHECK_NAMES[key])
                    result["checks"].append(_run_check(key, check, sub))
                if sub.first_error is not None:
                    result["traceback"] = learner_traceback(sub.first_error)
    result["output"] = out.text()
    result["output_cut"] = out.cut
    return result


def _run_check(key, check, sub):
    entry = {"key": key, "name": CHECK_NAMES[key]}
    if key == "terms" and sub.kl_terms is None:
        return {**entry, "status": "skip", "detail": "You did not define kl_terms; it is optional."}
    if key == "terms" and not callable(sub.kl_terms):
        return {**entry, "status": "fail", "detail": "kl_terms is defined but is not a function."}
    try:
        failure = check(sub)
    except Exception as error:  # noqa: BLE001 - an odd object from the learner must not end the run
        failure = Failure((), (), f"The check could not finish: {describe_error(error)}.")
    if failure is None:
        return {**entry, "status": "pass", "detail": ""}
    counterexample = {"p": list(failure.p), "q": list(failure.q)}
    return {**entry, "status": "fail", "detail": failure.detail, "counterexample": counterexample}


def summary(result):
    """One sentence about a finished run, for the page's status line."""
    if not result["defined"]:
        if result["traceback"]:
            return "Your code stopped with an error before any check could run."
        return "Your code does not define a function named kl, so no check could run."
    checks = [c for c in result["checks"] if c["status"] != "skip"]
    passed = sum(c["status"] == "pass" for c in checks)
    if passed == len(checks):
        return f"All {len(checks)} checks pass."
    return f"{passed} of {len(checks)} checks pass."


# ---- keeping the code in the browser ---------------------------------------------------


class CodeStore:
    """The learner's code in Web Storage; when storage fails, kept in memory with a notice.

    ``storage`` is any object with ``getItem`` and ``setItem`` (the browser's
    localStorage, or a fake in the tests).
    """

    def __init__(self, storage):
        self.storage = storage
        self.notice = None  # a sentence for the learner once storage has failed
        self.memory = None  # the code as last loaded or saved

    def load(self):
        """The saved code, or the starter code when nothing (readable) is saved."""
        saved = None
        if self.storage is None:
            self._failed(None)
        else:
            try:
                saved = self.storage.getItem(STORAGE_KEY)
            except Exception as error:  # noqa: BLE001 - a SecurityError from the browser
                self._failed(error)
        self.memory = saved if isinstance(saved, str) else STARTER
        return self.memory

    def save(self, code):
        """Store ``code``; False (and a notice) when the browser refused."""
        self.memory = code
        if self.storage is None:
            self._failed(None)
            return False
        try:
            self.storage.setItem(STORAGE_KEY, code)
        except Exception as error:  # noqa: BLE001 - quota or security errors alike
            self._failed(error)
            return False
        self.notice = None
        return True

    def _failed(self, error):
        if is_quota_error(error):
            self.notice = (
                "This browser’s storage is full, so your code is not saved: it stays while "
                "this page is open. Copy it somewhere if you want to keep it."
            )
        else:
            self.notice = (
                "This browser does not let the page store data, so your code will not "
                "survive a reload: it stays while this page is open."
            )
