"""py/core/exercise.py: the property checks against right and wrong implementations of kl()."""

import doctest
import math
from pathlib import Path

import pytest
from core import exercise, kl
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr

from tests.learner_code import GOOD, GOOD_TERMS, IGNORES_ZERO_Q, NAIVE, SYMMETRIC


def results(code):
    return {c["key"]: c for c in exercise.run_submission(code)["checks"]}


def statuses(code):
    return {key: c["status"] for key, c in results(code).items()}


def test_the_module_docstrings_hold():
    assert doctest.testmod(exercise).failed == 0


def test_a_correct_kl_passes_every_check_and_kl_terms_is_optional():
    result = exercise.run_submission(GOOD)
    assert result["defined"] and result["traceback"] is None
    assert {c["key"]: c["status"] for c in result["checks"]} == {
        **dict.fromkeys(exercise.CHECK_NAMES, "pass"),
        "terms": "skip",
    }
    assert exercise.summary(result) == "All 7 checks pass."


def test_a_correct_kl_terms_is_checked_too():
    result = exercise.run_submission(GOOD_TERMS)
    assert all(c["status"] == "pass" for c in result["checks"])
    assert exercise.summary(result) == "All 8 checks pass."


def test_the_reference_kl_itself_passes():
    """kl.py's own source, run as a submission, passes: the checks ask nothing kl.py does not."""
    source = Path(kl.__file__).read_text(encoding="utf-8")
    assert all(c["status"] == "pass" for c in exercise.run_submission(source)["checks"])


def test_a_symmetric_kl_fails_the_asymmetry_check_on_the_worked_example():
    checks = results(SYMMETRIC)
    asym = checks["asymmetric"]
    assert asym["status"] == "fail"
    assert asym["counterexample"] == {"p": list(exercise.WORKED_P), "q": list(exercise.WORKED_Q)}
    assert "are equal" in asym["detail"] and "0.2004 and 0.1542" in asym["detail"]
    assert checks["agrees"]["status"] == "fail"
    assert checks["nonnegative"]["status"] == "pass"


def test_ignoring_zeros_of_q_fails_the_support_check_alone():
    checks = statuses(IGNORES_ZERO_Q)
    assert [key for key, status in checks.items() if status == "fail"] == ["support"]
    support = results(IGNORES_ZERO_Q)["support"]
    assert support["counterexample"] == {"p": [0.1, 0.9], "q": [0.0, 1.0]}
    assert "q(x1) = 0 where p(x1) = 0.1" in support["detail"]


def test_a_naive_kl_fails_the_conventions_and_the_bad_input_check_with_a_traceback():
    result = exercise.run_submission(NAIVE)
    failed = [c["key"] for c in result["checks"] if c["status"] == "fail"]
    assert failed == ["support", "skips", "bad_input"]
    skips = next(c for c in result["checks"] if c["key"] == "skips")
    assert skips["counterexample"] == {"p": [0.0, 1.0], "q": [0.1, 0.9]}
    assert "math domain error" in skips["detail"]
    trace = result["traceback"]
    assert trace.startswith("Traceback (most recent call last):")
    assert 'File "your_code.py", line 5, in kl' in trace
    assert "return sum(px * math.log(px / qx)" in trace  # the learner's own line is quoted
    assert "exercise.py" not in trace  # the checker's frames are hidden


@pytest.mark.parametrize(
    ("mistake", "replacement", "fails"),
    [
        ("math.log(px / qx)", "math.log2(px / qx)", "agrees"),
        ("math.log(px / qx)", "math.log(qx / px)", "nonnegative"),
        ("return total", "return total + 1e-3", "zero"),
        ("if len(p) != len(q):", "if False:", "bad_input"),
        ('raise ValueError(f"{name} has a negative entry")', "pass", "bad_input"),
    ],
)
def test_each_mistake_is_caught_by_the_check_named_for_it(mistake, replacement, fails):
    code = GOOD.replace(mistake, replacement)
    assert code != GOOD
    assert statuses(code)[fails] == "fail"


def test_a_mistake_seen_only_with_many_outcomes_is_shrunk_to_a_short_counterexample():
    code = GOOD.replace("    return total", "    return total * (1.5 if len(p) > 3 else 1)")
    agrees = results(code)["agrees"]
    assert agrees["status"] == "fail"
    p, q = agrees["counterexample"]["p"], agrees["counterexample"]["q"]
    assert len(p) == len(q) == 4  # the fewest outcomes that show the mistake
    assert all(len(repr(x)) <= 5 for x in p + q)  # rounded to at most three decimals
    assert abs(math.fsum(p) - 1) <= kl.SUM_TOLERANCE and abs(math.fsum(q) - 1) <= 1e-9
    assert not math.isclose(1.5 * kl.kl(p, q), kl.kl(p, q), rel_tol=1e-9)


@settings(max_examples=25, deadline=None)
@given(factor=st.floats(0.5, 2.0).filter(lambda f: abs(f - 1) > 1e-6), n=st.integers(2, 6))
def test_a_reported_counterexample_really_fails_and_no_smaller_input_does(factor, n):
    """Whatever the mistake, the numbers in the report are true, and the pair is smallest."""
    code = GOOD.replace(
        "    return total", f"    return total * ({factor!r} if len(p) >= {n} else 1)"
    )
    agrees = results(code)["agrees"]
    p, q = agrees["counterexample"]["p"], agrees["counterexample"]["q"]
    assert len(p) == max(n, 2)
    expected = float(rel_entr(p, q).sum())
    yours = factor * kl.kl(p, q)
    assert not math.isclose(yours, expected, rel_tol=1e-9, abs_tol=1e-9)
    assert f"kl.py gives {kl.kl(p, q)!r}" in agrees["detail"]
    assert f"Your kl gives {yours!r}" in agrees["detail"]


def test_kl_terms_that_does_not_skip_is_reported_without_ending_the_run():
    code = GOOD + (
        "\n\ndef kl_terms(p, q):\n"
        "    for px, qx in zip(p, q):\n"
        "        yield px * math.log(px / qx)\n"  # a generator that raises while it is read
    )
    terms = results(code)["terms"]
    assert terms["status"] == "fail"
    assert terms["counterexample"] == {"p": [0.0, 1.0], "q": [0.1, 0.9]}
    assert "raised ValueError: math domain error" in terms["detail"]


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        ("def kl(p, q):\n    return None\n", "returned None, which is not a number"),
        ("def kl(p, q):\n    return '0.2'\n", "returned '0.2', which is not a number"),
        ("import sys\n\ndef kl(p, q):\n    sys.exit(1)\n", "raised SystemExit: 1"),
        ("def kl(p, q):\n    return p[5]\n", "raised IndexError: list index out of range"),
    ],
)
def test_odd_return_values_and_exits_fail_checks_instead_of_ending_the_run(code, detail):
    result = exercise.run_submission(code)
    assert result["defined"]
    assert detail in result["checks"][0]["detail"]


@pytest.mark.parametrize(
    ("code", "last_line"),
    [
        ("def kl(p, q)\n    return 0\n", "SyntaxError: expected ':'"),
        ("x = 1 / 0\n\ndef kl(p, q):\n    return 0\n", "ZeroDivisionError: division by zero"),
        ("raise SystemExit('bye')\n", "SystemExit: bye"),
    ],
)
def test_code_that_fails_before_kl_exists_gets_a_traceback_and_no_checks(code, last_line):
    result = exercise.run_submission(code)
    assert not result["defined"] and result["checks"] == []
    assert result["traceback"].splitlines()[-1] == last_line
    assert "your_code.py" in result["traceback"]
    assert exercise.summary(result) == "Your code stopped with an error before any check could run."


def test_code_without_kl_is_told_so():
    result = exercise.run_submission("def KL(p, q):\n    return 0\n")
    assert result["traceback"] is None and result["checks"] == []
    assert "does not define a function named kl" in exercise.summary(result)


def test_printed_output_is_kept_as_text_and_cut_at_the_limit():
    code = GOOD.replace("    total = 0.0", "    print('<b>call</b>')\n    total = 0.0")
    result = exercise.run_submission(code)
    assert result["output"].startswith("<b>call</b>\n")
    assert len(result["output"]) == exercise.OUTPUT_LIMIT and result["output_cut"]
    assert all(c["status"] != "fail" for c in result["checks"])  # printing breaks nothing


def test_steps_are_announced_in_order_so_a_stopped_run_can_say_where_it_was():
    steps = []
    exercise.run_submission(GOOD, steps.append)
    assert steps == [exercise.TOP_LEVEL_STEP, *exercise.CHECK_NAMES.values()]


class QuotaExceededError(Exception):
    """Like the browser's DOMException: the name says what happened."""

    name = "QuotaExceededError"


class FakeStorage:
    def __init__(self, fail_with=None):
        self.items = {}
        self.fail_with = fail_with

    def getItem(self, key):  # noqa: N802 - the Web Storage method name
        if self.fail_with == "read":
            raise RuntimeError("SecurityError: The operation is insecure.")
        return self.items.get(key)

    def setItem(self, key, value):  # noqa: N802
        if self.fail_with == "quota":
            raise QuotaExceededError("The quota has been exceeded.")
        if self.fail_with == "read":
            raise RuntimeError("SecurityError: The operation is insecure.")
        self.items[key] = value


def test_code_is_kept_in_storage_and_starts_from_the_starter():
    storage = FakeStorage()
    store = exercise.CodeStore(storage)
    assert store.load() == exercise.STARTER
    assert store.save("def kl(p, q):\n    return 0\n")
    assert exercise.CodeStore(storage).load() == "def kl(p, q):\n    return 0\n"
    assert store.notice is None


@pytest.mark.parametrize(
    ("storage", "words"),
    [
        (FakeStorage("quota"), "storage is full"),
        (FakeStorage("read"), "will not survive a reload"),
        (None, "will not survive a reload"),
    ],
)
def test_storage_that_fails_keeps_the_code_in_memory_with_a_notice(storage, words):
    store = exercise.CodeStore(storage)
    assert store.load() == exercise.STARTER
    assert not store.save("my code")
    assert store.memory == "my code"
    assert words in store.notice


def test_what_the_page_says_about_the_checks_is_true():
    page = (Path(__file__).resolve().parents[2] / "index.html").read_text(encoding="utf-8")
    required = [key for key in exercise.CHECK_NAMES if key != "terms"]
    assert len(required) == 7 and "against seven properties" in page
    # Hint 1: zip and sum alone "already passes the first four checks" on positive inputs.
    assert "already passes the first four checks" in page
    passing = [key for key, status in statuses(NAIVE).items() if status == "pass"]
    assert passing == required[:4]
