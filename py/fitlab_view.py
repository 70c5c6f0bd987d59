"""The fit lab panel: bimodal p, the two optimal bell curves, and the learner's own q."""

import time

import fitlab
from dom import listen, svg

LEFT, RIGHT, TOP, BOTTOM = 30, 550, 12, 215
STARTS = {"global": None, "left": (2.0, 1.5), "right": (17.0, 1.5)}


def x_of(i):
    return LEFT + (RIGHT - LEFT) * (i + 0.5) / fitlab.K


class FitLabView:
    def __init__(self, root):
        self.root = root
        self.chart = root.querySelector("#fit-chart")
        self.mean = root.querySelector("#fit-mean")
        self.width = root.querySelector("#fit-width")
        self.scale = (BOTTOM - TOP) / 0.3  # probability 0.3 reaches the top
        bars = "".join(
            svg(
                "rect",
                x=f"{x_of(i) - 9:.1f}",
                width=18,
                y=f"{BOTTOM - p * self.scale:.1f}",
                height=f"{p * self.scale:.1f}",
                cls="fit-p",
            )
            for i, p in enumerate(fitlab.P)
        )
        labels = "".join(
            svg("text", i, x=f"{x_of(i):.1f}", y=BOTTOM + 16, cls="tick", text_anchor="middle")
            for i in range(0, fitlab.K, 2)
        )
        self.chart.innerHTML = (  # our own fixed markup; later renders only set attributes
            bars
            + labels
            + svg("line", x1=LEFT, x2=RIGHT, y1=BOTTOM, y2=BOTTOM, cls="axis")
            + svg("path", cls="fit-forward", visibility="hidden")
            + svg("path", cls="fit-reverse", visibility="hidden")
            + svg("path", cls="fit-yours")
        )
        self.curves = {
            k: self.chart.querySelector(f".fit-{k}") for k in ("forward", "reverse", "yours")
        }
        self.fits = None
        self._proxies = []
        listen(self.mean, "input", self.on_move, self._proxies)
        listen(self.width, "input", self.on_move, self._proxies)
        listen(root.querySelector("#fit-run"), "click", self.run, self._proxies)
        listen(root.querySelector(".direction-choice"), "change", self.run, self._proxies)
        self.on_move()

    def curve(self, name, mean, width):
        q = fitlab.bell(mean, width)
        d = "".join(
            f"{'L' if i else 'M'}{x_of(i):.1f} {BOTTOM - v * self.scale:.1f}"
            for i, v in enumerate(q)
        )
        self.curves[name].setAttribute("d", d)
        self.curves[name].setAttribute("visibility", "visible")

    def on_move(self, event=None):
        mean, width = float(self.mean.value), float(self.width.value)
        self.curve("yours", mean, width)
        forward = fitlab.divergence("forward", mean, width)
        reverse = fitlab.divergence("reverse", mean, width)
        text = (
            f"Your q (mean {mean:.1f}, width {width:.1f}): "
            f"KL(p‖q) = {forward:.4f}, KL(q‖p) = {reverse:.4f}."
        )
        if self.fits:
            f, r = self.fits
            text += f" Best possible: {f[2]:.4f} and {r[2]:.4f}."
        self.root.querySelector("#fit-yours").textContent = text

    def run(self, event=None):
        start = self.root.querySelector("input[name=fit-start]:checked").value
        began = time.perf_counter()
        forward = fitlab.fit("forward")
        reverse = fitlab.fit("reverse", STARTS[start])
        elapsed = (time.perf_counter() - began) * 1000
        self.fits = (forward, reverse)
        self.curve("forward", *forward[:2])
        self.curve("reverse", *reverse[:2])
        fq = fitlab.bell(*forward[:2])
        (pm, pv), (fm, fv) = fitlab.moments(fitlab.P), fitlab.moments(fq)
        rq_mean = fitlab.moments(fitlab.bell(*reverse[:2]))[0]
        mode = min(fitlab.MODES, key=lambda m: abs(m - rq_mean))
        side = "left" if mode == fitlab.MODES[0] else "right"
        q = self.root.querySelector
        q("#fit-forward").textContent = (
            f"Forward fit, min KL(p‖q) = {forward[2]:.4f}: q’s mean {fm:.2f} and variance {fv:.2f} "
            f"match p’s ({pm:.2f} and {pv:.2f}), so q spreads over both modes "
            "and the gap between them."
        )
        where = {
            "global": "from the best grid point",
            "left": "from the left",
            "right": "from the right",
        }[start]
        q("#fit-reverse").textContent = (
            f"Reverse fit {where}, min KL(q‖p) = {reverse[2]:.4f}: q sits on the {side} mode "
            f"(mean {rq_mean:.2f}, p’s mode at {mode}) and ignores the other."
        )
        q("#fit-statement").textContent = (
            "Forward KL covers modes because p’s mass anywhere q is thin is expensive; reverse KL "
            "seeks a mode because q’s mass anywhere p is thin is expensive. "
            "Start the reverse search "
            "on the other side and it settles on the other mode: a local optimum. "
            f"(Both fits took {elapsed:.0f} ms in your browser.)"
        )
        q("#fit-result").hidden = False
        self.on_move()
