"""Chart geometry shared by the sampling view and the fit lab: numbers, scales, ticks, labels.

Pure Python, no DOM, so CPython tests can check it.  The panels draw in CSS
pixels (each chart's viewBox is its rendered size), so a font size here is the
size the reader sees.
"""

import math

from core.text import num

#: Chart text size in CSS pixels; the stylesheet sets the same sizes.
FONT = 13
LABEL_FONT = 14
#: Width of one character as a fraction of the font size: generous for digits and letters.
CHAR_WIDTH = 0.64


#: Glyph widths in ems, generous for the system sans-serif (DejaVu Sans on Linux).
NARROW = set(" .,:;|!'()[]/ijlft")
WIDE = set("%mwMW—")
FIGURES = set("0123456789−+")
BOLD = 1.12


def text_width(text, size=FONT, bold=False):
    """An upper estimate of the rendered width of ``text`` at ``size`` pixels."""
    ems = sum(
        0.4 if c in NARROW else 1.0 if c in WIDE else 0.7 if c in FIGURES else CHAR_WIDTH
        for c in text
    )
    return ems * size * (BOLD if bold else 1)


def svg(tag, content="", cls="", **attrs):
    """Markup for one SVG element from the panel's own numbers and words (never learner input).

    ``content`` is inner markup; ``cls`` is the class; underscores in names become hyphens.
    """
    if cls:
        attrs["class"] = cls
    attributes = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    return f"<{tag}{attributes}>{content}</{tag}>"


def rect(x, y, width, height, cls="", **attrs):
    """Markup for a rectangle with its geometry to one decimal (a tenth of a CSS pixel).

    >>> rect(1, 2.25, 3, 4.5, "bar")
    '<rect x="1.0" y="2.2" width="3.0" height="4.5" class="bar"></rect>'
    """
    x, y, width, height = (f"{v:.1f}" for v in (x, y, width, height))
    return svg("rect", cls=cls, x=x, y=y, width=width, height=height, **attrs)


class Scale:
    """A linear map from data values [d0, d1] to pixels [r0, r1]."""

    def __init__(self, d0, d1, r0, r1):
        if d0 == d1:
            raise ValueError("A scale needs two different data values.")
        self.d0, self.d1, self.r0, self.r1 = d0, d1, r0, r1

    def __call__(self, value):
        return self.r0 + (value - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)

    def invert(self, pixel):
        return self.d0 + (pixel - self.r0) * (self.d1 - self.d0) / (self.r1 - self.r0)


class LogScale:
    """A map from data values [d0, d1] (both positive) to pixels [r0, r1], even in log10.

    >>> s = LogScale(0.001, 1, 0, 300)
    >>> s(0.001), s(0.01), s(1), round(s.invert(200), 9)
    (0.0, 100.0, 300.0, 0.1)
    """

    def __init__(self, d0, d1, r0, r1):
        if not (d0 > 0 and d1 > 0):
            raise ValueError("A log scale needs positive data values.")
        if d0 == d1:
            raise ValueError("A scale needs two different data values.")
        self.d0, self.d1, self.r0, self.r1 = d0, d1, r0, r1
        self._linear = Scale(math.log10(d0), math.log10(d1), r0, r1)

    def __call__(self, value):
        if not value > 0:
            raise ValueError("A log scale has no place for zero or a negative value.")
        return self._linear(math.log10(value))

    def invert(self, pixel):
        return 10 ** self._linear.invert(pixel)


SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def decade_label(k):
    """The tick label for 10**k: a plain decimal down to 0.0001, a power of ten below that.

    >>> decade_label(0), decade_label(-2), decade_label(-4), decade_label(-6), decade_label(1)
    ('1', '0.01', '0.0001', '10⁻⁶', '10')
    """
    if k >= 0:
        return str(10**k)
    if k >= -4:
        return f"{10.0**k:.{-k}f}"
    return "10" + str(k).translate(SUPERSCRIPT)


def log_ticks(lo, hi, length, label_size, pad=8):
    """Decades in [lo, hi] on a log axis ``length`` pixels long, every one labelled if the
    labels fit, else every second, fifth, ... one.  Returns (values, labels)."""
    if not 0 < lo < hi:
        raise ValueError("A log axis needs 0 < lo < hi.")
    first = math.ceil(math.log10(lo) - 1e-9)
    last = math.floor(math.log10(hi) + 1e-9)
    ks = list(range(first, last + 1))
    per_decade = length / (math.log10(hi) - math.log10(lo))
    room = max((label_size(decade_label(k)) for k in ks), default=0) + pad
    every = next(n for n in (1, 2, 3, 5, 10, 20, 50, 100, 10**9) if n * per_decade >= room)
    chosen = [k for k in ks if (last - k) % every == 0]  # always keep the top decade
    return [10.0**k for k in chosen], [decade_label(k) for k in chosen]


def nice_step(rough):
    """The smallest step of the form 1, 2 or 5 times a power of ten that is at least ``rough``."""
    if not rough > 0:
        raise ValueError("A tick step must be positive.")
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough * (1 - 1e-9):
            return factor * power
    return 10 * power


def ticks(lo, hi, step):
    """Multiples of ``step`` in [lo, hi], rounded so that they print cleanly."""
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return [round(k * step, digits) for k in range(first, last + 1)]


def decimals(step):
    """How many decimals a tick label needs for ticks ``step`` apart."""
    places = 0
    while places < 6 and abs(round(step, places) - step) > 1e-9 * step:
        places += 1
    return places


def fitting_ticks(lo, hi, length, label_size, minimum=1e-9, pad=8):
    """Ticks in [lo, hi] whose labels do not collide along an axis ``length`` pixels long.

    ``label_size(text)`` is the room a label takes along the axis (its width on a
    horizontal axis, its height on a vertical one); ``pad`` pixels stay free between
    neighbours.  Returns (values, labels).
    """
    if not hi > lo:
        raise ValueError("An axis needs hi > lo.")
    per_unit = length / (hi - lo)
    step = nice_step(max((hi - lo) / 12, minimum))
    while True:
        values = ticks(lo, hi, step)
        labels = [num(v, decimals(step)) for v in values]
        room = max((label_size(t) for t in labels), default=0) + pad
        if step * per_unit >= room or len(values) <= 2:
            return values, labels
        step = nice_step(step * 1.0001)


def dodge(wanted, gap, lo, hi):
    """Positions near ``wanted`` (in the same order) at least ``gap`` apart, inside [lo, hi].

    Labels beside a line keep their order and move as little as a simple two-pass
    push allows; if they cannot all fit, they are spread evenly over [lo, hi].
    """
    if not wanted:
        return []
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    if (len(wanted) - 1) * gap > hi - lo:
        step = (hi - lo) / max(len(wanted) - 1, 1)
        placed = [lo + k * step for k in range(len(wanted))]
    else:
        placed = [min(max(wanted[i], lo), hi) for i in order]
        for k in range(1, len(placed)):
            placed[k] = max(placed[k], placed[k - 1] + gap)
        placed[-1] = min(placed[-1], hi)
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
        placed[0] = max(placed[0], lo)
        for k in range(1, len(placed)):
            placed[k] = max(placed[k], placed[k - 1] + gap)
    out = [0.0] * len(wanted)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def boxes_overlap(a, b):
    """Whether two (left, top, right, bottom) boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(requests, bounds, taken=()):
    """Put each label at the first of its candidate spots that overlaps nothing placed so far.

    ``requests`` is a list of (width, height, candidates), each candidate an (x, y)
    for the label's left edge and baseline; ``bounds`` is the (left, top, right,
    bottom) box labels must stay in; ``taken`` are boxes already occupied.
    A label whose candidates all collide goes to the candidate that overlaps least.
    Returns a list of (x, y).
    """
    placed_boxes = list(taken)
    spots = []
    for width, height, candidates in requests:
        best, best_cost = None, None
        for x, y in candidates:
            x = min(max(x, bounds[0]), bounds[2] - width)
            y = min(max(y, bounds[1] + height), bounds[3])
            box = (x, y - height, x + width, y)
            cost = sum(boxes_overlap(box, other) for other in placed_boxes)
            if best_cost is None or cost < best_cost:
                best, best_cost = (x, y), cost
            if cost == 0:
                break
        x, y = best
        placed_boxes.append((x, y - height, x + width, y))
        spots.append(best)
    return spots


#: Eight steps of a perceptually even, colour-blind-safe sequential scale (viridis).
SEQUENTIAL = (
    "#440154",
    "#46327e",
    "#365c8d",
    "#277f8e",
    "#1fa187",
    "#4ac16d",
    "#a0da39",
    "#fde725",
)


def colour(t):
    """The sequential scale at ``t`` in [0, 1], interpolated between its steps, as #rrggbb."""
    t = min(max(t, 0.0), 1.0) * (len(SEQUENTIAL) - 1)
    k = min(int(t), len(SEQUENTIAL) - 2)
    a, b = SEQUENTIAL[k], SEQUENTIAL[k + 1]
    f = t - k
    return "#" + "".join(
        f"{round(int(a[i : i + 2], 16) * (1 - f) + int(b[i : i + 2], 16) * f):02x}"
        for i in (1, 3, 5)
    )


def share(x):
    """A share as a percentage that never rounds up to 100% or down to 0%.

    >>> share(0.9996), share(0.0004), share(0.25)
    ('over 99.9%', 'under 0.1%', '25.0%')
    """
    if 0.999 < x < 1:
        return "over 99.9%"
    if 0 < x < 0.001:
        return "under 0.1%"
    return f"{x:.1%}"
