"""The two pictures that carry the idea before the prose: landings and the identity bar.

Landings (Intuition's first picture): outcomes drawn from the averaging distribution
land on x1..x4, each landing pays its log-ratio, and the running average of the
payments settles on the KL of that direction.  The draws are core.sampling's seeded
draws, so a run can be reproduced (and checked in CPython) from its seed.

The identity bar (Math, cross-entropy): H(p, q) drawn as H(p) plus KL(p‖q).

Pure Python, no DOM: panels/intuition.py draws what this computes and shows the
sentences written here.
"""

import math
from dataclasses import dataclass

from core import kl, sampling
from core.charts import share, text_width
from core.text import Unit, info

#: The seed of every run of the picture: the same draws on every visit.
SEED = 1
#: Play stops here; the average is within a few hundredths of a nat of the exact value by then.
MAX_DRAWS = 2000
#: Draws per tick of Play grow with the draws so far: the first land one at a time.
PLAY_GROWTH = 5


def play_batch(drawn):
    """How many draws the next tick of Play makes after ``drawn`` draws (0 once at the end).

    >>> [play_batch(n) for n in (0, 4, 10, 100, 1990, 2000)]
    [1, 1, 2, 20, 10, 0]
    """
    return max(0, min(max(1, drawn // PLAY_GROWTH), MAX_DRAWS - drawn))


def signed(x, unit=Unit.NATS):
    """An information figure with its sign always written: "+0.5108", "−0.3747", "0.0000".

    >>> signed(0.5108), signed(-0.3747), signed(0.0)
    ('+0.5108', '−0.3747', '0.0000')
    """
    text = info(x, unit)
    return "+" + text if x > 0 and text.strip("0.") else text


class Landings:
    """Seeded draws from one distribution, with what each landing pays and the running average.

    ``direction`` is "forward" (draw from p, pay log p/q, settle on KL(p‖q)) or
    "reverse" (draw from q, pay log q/p, settle on KL(q‖p)).
    """

    def __init__(self, p, q, direction="forward", seed=SEED, draws=0):
        self.p, self.q = kl.check_distribution(p, "p"), kl.check_distribution(q, "q")
        self.sampler = sampling.Sampler(self.p, self.q, direction, seed)
        if any(v is None for v in self.sampler.row_values):
            raise ValueError("The picture needs every outcome possible under both p and q.")
        self.counts = [0] * len(self.p)
        self.means = []  # the running average after each draw
        self.latest = []  # the outcomes of the last batch, to show them landing
        self._total = 0.0
        self.draw(draws)
        self.latest = []

    # ---- what the picture is about ------------------------------------------------

    @property
    def direction(self):
        return self.sampler.direction

    @property
    def source_name(self):
        return self.sampler.source_name

    @property
    def other_name(self):
        return "q" if self.direction == "forward" else "p"

    @property
    def name(self):
        """The total the average settles on: "KL(p‖q)" or "KL(q‖p)"."""
        return self.sampler.name

    @property
    def pay_name(self):
        return f"log {self.source_name}(x)/{self.other_name}(x)"

    @property
    def exact(self):
        return self.sampler.exact

    @property
    def pays(self):
        """What one landing on each outcome pays: log source(x)/other(x)."""
        return tuple(self.sampler.row_values)

    @property
    def source(self):
        return self.sampler.source

    @property
    def n(self):
        return len(self.means)

    @property
    def mean(self):
        return self.means[-1] if self.means else None

    # ---- draws ----------------------------------------------------------------------

    def draw(self, k):
        """Draw ``k`` more outcomes (never past MAX_DRAWS); returns how many were drawn."""
        k = max(0, min(int(k), MAX_DRAWS - self.n))
        values = self.sampler.draw(k) if k else []
        self.latest = self.sampler.draws[len(self.sampler.draws) - k :] if k else []
        for i, value in zip(self.latest, values, strict=True):
            self.counts[i] += 1
            self._total += value  # the same order of addition as the sampler's own mean
            self.means.append(self._total / (len(self.means) + 1))
        return k

    def swapped(self):
        """The other direction, with as many draws from the other distribution."""
        other = "reverse" if self.direction == "forward" else "forward"
        return Landings(self.p, self.q, other, self.sampler.seed, self.n)

    def restarted(self, q=None):
        """No draws yet, for ``q`` (default: the same q), in the same direction."""
        return Landings(self.p, self.q if q is None else q, self.direction, self.sampler.seed)

    def trace(self, max_points=240):
        """(draws, running average) pairs to draw the line: every draw at first, then spaced
        evenly on a log scale of the draw count, always ending at the last draw."""
        n = self.n
        if n <= max_points:
            return [(k, self.means[k - 1]) for k in range(1, n + 1)]
        picks = {round(math.exp(math.log(n) * j / (max_points - 1))) for j in range(max_points)}
        return [(k, self.means[k - 1]) for k in sorted(picks | {n}) if k >= 1]

    # ---- what the picture says ------------------------------------------------------

    def title(self):
        return f"Draw from {self.source_name}: each landing pays {self.pay_name}"

    def legend(self):
        """What the bars and dashes of the picture stand for."""
        return (
            f"Bars: the share of the draws that landed on each outcome so far. "
            f"Dashes: {self.source_name}(x), the share the bars settle at."
        )

    def describe(self, unit=Unit.NATS):
        """The picture as a sentence, with every number it shows."""
        u = Unit(unit).value
        s = self.source_name
        pays = "; ".join(
            f"x{i + 1} is drawn {share(w)} of the time and pays {signed(v, unit)}"
            for i, (w, v) in enumerate(zip(self.source, self.pays, strict=True))
        )
        lead = f"Draws from {s}, each paying {self.pay_name} in {u}: {pays}."
        target = f"The exact average, {self.name}, is {info(self.exact, unit)} {u}."
        if not self.n:
            return f"{lead} {target} No draws yet."
        draws = "1 draw" if self.n == 1 else f"{self.n} draws"
        landed = ", ".join(f"x{i + 1} {c}" for i, c in enumerate(self.counts))
        return (
            f"{lead} {target} After {draws} (landings: {landed}) the running average is "
            f"{info(self.mean, unit)} {u}."
        )

    def readout(self, unit=Unit.NATS):
        """One line under the picture: the draws so far against the exact total."""
        u = Unit(unit).value
        if not self.n:
            return (
                f"No draws from {self.source_name} yet. Their average settles on "
                f"{self.name} = {info(self.exact, unit)} {u}."
            )
        draws = "1 draw" if self.n == 1 else f"{self.n} draws"
        return (
            f"{draws} from {self.source_name}: running average {info(self.mean, unit)} {u}; "
            f"exact {self.name} = {info(self.exact, unit)} {u}."
        )


@dataclass(frozen=True)
class Identity:
    """H(p, q) = H(p) + KL(p‖q) for one q: the two segments of the bar and the total."""

    entropy: float  # H(p): fixed while p is
    divergence: float  # KL(p‖q): moves with q
    cross_entropy: float  # H(p, q), computed on its own

    def describe(self, unit=Unit.NATS):
        u = Unit(unit).value
        return (
            f"H(p, q) = {info(self.cross_entropy, unit)} {u}, drawn as H(p) = "
            f"{info(self.entropy, unit)} {u} (fixed: p does not change) plus KL(p‖q) = "
            f"{info(self.divergence, unit)} {u} (it moves with q)."
        )


def identity(p, q):
    """The identity bar's numbers for ``p`` and ``q``, each from kl.py.

    >>> bar = identity((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01))
    >>> round(bar.entropy, 4), round(bar.divergence, 4), round(bar.cross_entropy, 4)
    (1.1097, 0.2004, 1.3101)
    """
    return Identity(kl.entropy(p), kl.kl(p, q), kl.cross_entropy(p, q))


def wrap(text, width, size, bold=False):
    """``text`` cut at spaces into lines no wider than ``width`` pixels at ``size`` (as far as
    single words allow), for titles drawn inside a picture.

    >>> wrap("Draw from p: each landing pays", 160, 14)
    ['Draw from p: each', 'landing pays']
    """
    lines = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, bold) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines
