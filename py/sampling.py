"""KL as an expectation: draw outcomes from the averaging distribution and average log-ratios.

KL(p||q) = E_{x~p}[log p(x)/q(x)], so the running mean of log p(x)/q(x) over draws
from p converges to it; swapping the roles samples from q instead.  The generator
is seeded (Python's own Mersenne Twister, the same in CPython and Pyodide) so a
run can be reproduced from its seed.
"""

import math
import random

import kl


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
        self.draws = []  # outcome indices
        self.values = []  # log-ratio of each draw
        self._sum = 0.0
        self._sum_sq = 0.0

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
            value = math.log(self.source[i] / self.other[i])
            self.draws.append(i)
            self.values.append(value)
            self._sum += value
            self._sum_sq += value * value
            new.append(value)
        return new

    @property
    def mean(self):
        return self._sum / len(self.values) if self.values else None

    @property
    def standard_error(self):
        """Standard error of the running mean (sample standard deviation / sqrt(n))."""
        n = len(self.values)
        if n < 2:
            return None
        variance = max(self._sum_sq - self._sum * self._sum / n, 0.0) / (n - 1)
        return math.sqrt(variance / n)

    def running_stats(self, max_points=400):
        """(n, running mean, standard error) at up to ``max_points`` evenly spaced draws."""
        count = len(self.values)
        every = max(1, math.ceil(count / max_points))
        out, total, total_sq = [], 0.0, 0.0
        for n, value in enumerate(self.values, start=1):
            total += value
            total_sq += value * value
            if n % every == 0 or n == count:
                se = (
                    math.sqrt(max(total_sq - total * total / n, 0.0) / (n - 1) / n)
                    if n > 1
                    else 0.0
                )
                out.append((n, total / n, se))
        return out


def parse_seed(text):
    """A seed typed by the learner: a whole number from 0 to 2**32 - 1."""
    text = text.strip()
    if not text.isdigit() or int(text) >= 2**32:
        raise ValueError("The seed must be a whole number from 0 to 4294967295.")
    return int(text)
