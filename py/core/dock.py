"""The docked live view: the demo's p and q and its two totals, small enough to stay in view.

Pure Python, no DOM.  Panels far from the demo (the storyboard, the visual inquiry, the
claim review's state links, the practice challenges, the worked line) change the demo's
state; the dock shows that change where the learner is, so nobody has to scroll to see it.
"""

from core import state
from core.charts import Scale
from core.text import info, percent

#: The mini chart is drawn at its rendered size: one unit is one CSS pixel.
WIDTH, HEIGHT = 152, 64
COLUMN = WIDTH / len(state.OUTCOMES)
BAR_WIDTH = 13
BASE = 46  # the bars stand on this line; the outcome names sit below it
#: Probability to bar height; a share this small still shows as a sliver.
BAR = Scale(0, 1, 0, BASE - 4)
MIN_BAR = 0.75


def bars(snap):
    """Each outcome's p and q bars as (x, y, height) in the mini chart, p first.

    >>> [round(h, 1) for _, _, h in bars(state.snapshot((1, 1, 1, 1)))[1]]
    [10.5, 10.5, 10.5, 10.5]
    """
    out = []
    for dist, offset in ((state.P, -BAR_WIDTH - 1), (snap.q, 1)):
        row = []
        for i, share in enumerate(dist):
            height = max(MIN_BAR, BAR(share))
            row.append((COLUMN * (i + 0.5) + offset, BASE - height, height))
        out.append(row)
    return out


def describe(snap, revealed, unit):
    """The dock's text alternative: every share it draws and, once revealed, both totals.

    >>> describe(state.snapshot(state.DEFAULT_WEIGHTS), False, "nats")[:58]
    'p and q per outcome: x1 p 55.0%, q 80.0%; x2 p 25.0%, q 15'
    """
    shares = "; ".join(
        f"{x} p {percent(p)}, q {percent(q)}"
        for x, p, q in zip(state.OUTCOMES, state.P, snap.q, strict=True)
    )
    return f"p and q per outcome: {shares}. {totals(snap, revealed, unit)}"


def totals(snap, revealed, unit):
    """The two totals in ``unit`` once the learner has revealed, else why they are hidden.

    >>> totals(state.snapshot(state.DEFAULT_WEIGHTS), True, "bits")
    'KL(p‖q) = 0.2891 bits, KL(q‖p) = 0.2224 bits.'
    """
    if not revealed:
        return "The totals stay hidden until you reveal a prediction in the demo."
    return f"KL(p‖q) = {info(snap.kl_pq, unit)} {unit}, KL(q‖p) = {info(snap.kl_qp, unit)} {unit}."
