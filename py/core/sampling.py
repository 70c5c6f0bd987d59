"""KL as an expectation: draw outcomes from the averaging distribution and average log-ratios.

KL(p||q) = E_{x~p}[log p(x)/q(x)], so the running mean of log p(x)/q(x) over draws
from p converges to it; swapping the roles samples from q instead.  The same draws
feed the three estimators used in practice (John Schulman, "Approximating KL
Divergence", 2020): with r = (other)/(source) at the drawn outcome,
k1 = -log r, k2 = (log r)^2 / 2 and k3 = (r - 1) - log r.  The generator is seeded
(Python's own Mersenne Twister, the same in CPython and Pyodide) so a run can be
reproduced from its seed.  Pure Python, no DOM: the panel's sentences are made here.
"""

import math
import random
import re

from core import kl
from core.charts import share
from core.errors import LearnerInputError
from core.text import Unit, in_unit, info

ESTIMATORS = ("k1", "k2", "k3")
FORMULAS = {"k1": "−log r", "k2": "½(log r)²", "k3": "r − 1 − log r"}
SEED_MAX = 2**32 - 1


def estimates(log_ratio):
    """(k1, k2, k3) for one draw whose log p_source/p_other is ``log_ratio`` (that is, −log r)."""
    k3 = math.expm1(-log_ratio) + log_ratio
    return log_ratio, 0.5 * log_ratio * log_ratio, max(k3, 0.0)  # k3 >= 0; drop rounding noise


class Tally:
    """Running sum, sum of squares, smallest value and count of negatives of one estimator."""

    def __init__(self):
        self.n = 0
        self.total = 0.0
        self.total_sq = 0.0
        self.smallest = math.inf
        self.negatives = 0
        self.distinct = set()

    def add(self, value):
        self.n += 1
        self.total += value
        self.total_sq += value * value
        self.smallest = min(self.smallest, value)
        self.negatives += value < 0
        if len(self.distinct) < 2:
            self.distinct.add(value)

    @property
    def mean(self):
        return self.total / self.n if self.n else None

    @property
    def standard_error(self):
        """Standard error of the mean, or None when it cannot be estimated.

        It cannot be estimated from fewer than two draws, nor when every draw so far
        gave the same value: the spread seen is zero, not the spread that exists.
        """
        if self.n < 2 or len(self.distinct) < 2:
            return None
        variance = max(self.total_sq - self.total * self.total / self.n, 0.0) / (self.n - 1)
        return math.sqrt(variance / self.n)


class Sampler:
    """Draws for one direction: "forward" samples p for KL(p||q), "reverse" samples q."""

    def __init__(self, p, q, direction="forward", seed=1):
        if direction not in ("forward", "reverse"):
            raise ValueError(f"direction must be 'forward' or 'reverse', not {direction!r}.")
        p, q = kl.check_distribution(p, "p"), kl.check_distribution(q, "q")
        self.direction = direction
        self.seed = seed
        self.source, self.other = (p, q) if direction == "forward" else (q, p)
        self.exact = kl.kl(self.source, self.other)
        self.rng = random.Random(seed)
        self.cumulative = []
        total = 0.0
        for w in self.source:
            total += w
            self.cumulative.append(total)
        # The value a draw of each outcome gives: log source/other, or None if never drawn.
        self.row_values = [
            math.log(s / o) if s > 0 and o > 0 else None
            for s, o in zip(self.source, self.other, strict=True)
        ]
        # E_source[r]: 1 when the other distribution has no mass off the source's support.
        total_other = math.fsum(o for s, o in zip(self.source, self.other, strict=True) if s > 0)
        self.other_mass_on_support = 1 if abs(total_other - 1) < 1e-12 else total_other
        self.draws = []  # outcome indices
        self.values = []  # log-ratio of each draw (k1)
        self.tallies = {k: Tally() for k in ESTIMATORS}

    @property
    def name(self):
        return "KL(p‖q)" if self.direction == "forward" else "KL(q‖p)"

    @property
    def source_name(self):
        return "p" if self.direction == "forward" else "q"

    @property
    def ratio_name(self):
        """r as the panel writes it: the non-averaging distribution over the averaging one."""
        return "q(x)/p(x)" if self.direction == "forward" else "p(x)/q(x)"

    def _one(self):
        u = self.rng.random() * self.cumulative[-1]
        for i, edge in enumerate(self.cumulative):
            if u < edge and self.source[i] > 0:
                return i
        return max(i for i, w in enumerate(self.source) if w > 0)

    def draw(self, n=1):
        """Draw ``n`` outcomes; returns their log-ratios."""
        new = []
        for _ in range(n):
            i = self._one()
            if self.other[i] == 0:
                raise ValueError(
                    f"Outcome x{i + 1} has probability 0 under the other distribution: "
                    "its log-ratio, and the KL, are infinite."
                )
            value = math.log(self.source[i] / self.other[i])
            self.draws.append(i)
            self.values.append(value)
            for name, k in zip(ESTIMATORS, estimates(value), strict=True):
                self.tallies[name].add(k)
            new.append(value)
        return new

    @property
    def mean(self):
        return self.tallies["k1"].mean

    @property
    def standard_error(self):
        return self.tallies["k1"].standard_error

    def expectation(self, estimator):
        """What an estimator's running mean converges to: its exact mean under the source."""
        index = ESTIMATORS.index(estimator)
        return math.fsum(
            s * estimates(v)[index]
            for s, v in zip(self.source, self.row_values, strict=True)
            if s > 0
        )

    def spread(self, estimator):
        """The exact standard deviation of one draw of an estimator."""
        index = ESTIMATORS.index(estimator)
        mean = self.expectation(estimator)
        return math.sqrt(
            math.fsum(
                s * (estimates(v)[index] - mean) ** 2
                for s, v in zip(self.source, self.row_values, strict=True)
                if s > 0
            )
        )

    def running_stats(self, max_points=400, estimator="k1"):
        """(n, running mean, standard error or None) at up to ``max_points`` evenly spaced draws."""
        index = ESTIMATORS.index(estimator)
        count = len(self.values)
        every = max(1, math.ceil(count / max_points))
        out = []
        tally = Tally()
        for n, value in enumerate(self.values, start=1):
            tally.add(estimates(value)[index])
            if n % every == 0 or n == count:
                out.append((n, tally.mean, tally.standard_error))
        return out

    # ---- what the panel says -------------------------------------------------------

    def describe_rows(self, unit=Unit.NATS):
        """Each outcome's row: the value a draw of it gives and how often it is drawn."""
        parts = []
        for i, (s, v) in enumerate(zip(self.source, self.row_values, strict=True)):
            if s > 0 and v is not None:
                parts.append(f"x{i + 1} gives {info(v, unit)} and is drawn {s:.1%} of the time")
        return (
            f"Each draw from {self.source_name} lands on one of {len(parts)} rows: "
            + "; ".join(parts)
            + "."
        )

    def describe(self, revealed, unit=Unit.NATS):
        """The readout under the chart."""
        n = len(self.values)
        if n == 0:
            return (
                f"No draws yet (seed {self.seed}, drawing from {self.source_name}). "
                + self.describe_rows()
            )
        draws = "1 draw" if n == 1 else f"{n} draws"
        if not revealed:
            return (
                f"{draws} from {self.source_name} (seed {self.seed}). The running mean and the "
                f"exact {self.name} appear once you commit a prediction in the demo."
            )
        return (
            f"{draws} from {self.source_name} (seed {self.seed}), in {unit}: running mean "
            f"{info(self.mean, unit)}{uncertainty(self.tallies['k1'], unit)}; exact {self.name} = "
            f"{info(self.exact, unit)}."
        )


def uncertainty(tally, unit=Unit.NATS):
    """' ± 2 standard errors', or why the standard error cannot be estimated yet."""
    se = tally.standard_error
    if se is None:
        return f" ({why_no_error(tally)})"
    band = 2 * se
    if in_unit(band, unit) < 0.0001:
        return " ± less than 0.0001 (2 standard errors)"
    return f" ± {info(band, unit)} (2 standard errors)"


def why_no_error(tally):
    if tally.n < 2:
        return "one draw: its standard error cannot be estimated yet"
    return f"all {tally.n} draws gave the same value, so the standard error cannot be estimated yet"


def bias_words(sampler, name, unit=Unit.NATS):
    """Whether an estimator is biased here, from its exact long-run average."""
    bias = sampler.expectation(name) - sampler.exact
    if name == "k1" or (name == "k3" and sampler.other_mass_on_support == 1):
        return "unbiased"  # exactly, by the algebra; the computed bias is rounding
    if bias == 0:
        return "unbiased here"
    if abs(in_unit(bias, unit)) < 0.0001:
        return "biased, by less than 0.0001 here"
    return f"biased by {info(bias, unit)}"


def estimator_rows(sampler, revealed, unit=Unit.NATS):
    """The estimator table, as (row heading, [cell for k1, k2, k3]) pairs."""
    s = sampler
    rows = [("Formula", [FORMULAS[k] for k in ESTIMATORS])]
    if not revealed:
        return rows
    rows.append(("Long-run average", [info(s.expectation(k), unit) for k in ESTIMATORS]))
    rows.append(("Bias", [bias_words(s, k, unit).replace("biased by ", "") for k in ESTIMATORS]))
    rows.append(("Spread of one draw (sd)", [info(s.spread(k), unit) for k in ESTIMATORS]))
    tallies = [s.tallies[k] for k in ESTIMATORS]
    if tallies[0].n == 0:
        return rows
    rows.append(("Running mean", [info(t.mean, unit) for t in tallies]))
    rows.append(
        (
            "± 2 standard errors",
            [
                "not yet"
                if t.standard_error is None
                else (
                    "< 0.0001"
                    if in_unit(2 * t.standard_error, unit) < 0.0001
                    else info(2 * t.standard_error, unit)
                )
                for t in tallies
            ],
        )
    )
    rows.append(("Lowest single draw", [info(t.smallest, unit) for t in tallies]))
    rows.append(
        ("Negative draws", [share(t.negatives / t.n) if t.negatives else "none" for t in tallies])
    )
    return rows


#: How the estimators' figures are turned into bits: kl.py and the draws work in nats.
IN_BITS = {Unit.BITS: " Every figure is in bits: the estimate in nats divided by ln 2."}


def describe_estimators(sampler, revealed, unit=Unit.NATS):
    """What each estimator's draws show against the exact KL, in sentences."""
    s = sampler
    if not revealed:
        return (
            "The estimators’ averages and the exact value appear once you commit a "
            "prediction in the demo."
        )
    sentences = [
        f"Exact {s.name} = {info(s.exact, unit)} {unit}; r = {s.ratio_name} at each draw."
        + IN_BITS.get(Unit(unit), "")
    ]
    for name in ESTIMATORS:
        tally = s.tallies[name]
        text = (
            f"{name} = {FORMULAS[name]} averages to {info(s.expectation(name), unit)} in the long "
            f"run ({bias_words(s, name, unit)}); one draw has standard deviation "
            f"{info(s.spread(name), unit)}"
        )
        if tally.n:
            text += f"; after {tally.n} draw{'s' if tally.n != 1 else ''} its mean is "
            text += f"{info(tally.mean, unit)}{uncertainty(tally, unit)}"
            if tally.negatives:
                text += (
                    f"; {share(tally.negatives / tally.n)} of the draws were negative, "
                    f"the lowest {info(tally.smallest, unit)}"
                )
            else:
                text += f"; no draw was negative, the lowest {info(tally.smallest, unit)}"
        sentences.append(text + ".")
    return " ".join(sentences)


SEED_PATTERN = re.compile(r"[0-9]{1,10}")


def parse_seed(text):
    """A seed typed by the learner: a whole number from 0 to 2**32 - 1.

    Only the ASCII digits 0-9 count: ``"²".isdigit()`` is true in Python, and
    a 5,000-digit number would hit int()'s own limit, so both are refused here
    with the same plain message.
    """
    text = text.strip()
    if not SEED_PATTERN.fullmatch(text) or int(text) > SEED_MAX:
        raise LearnerInputError("The seed must be a whole number from 0 to 4294967295, such as 42.")
    return int(text)
