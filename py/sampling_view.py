"""The sampling view: seeded draws from the averaging distribution, plotted with their running mean.

It uses the demo's current q and obeys the reveal rule: while a round is open it
shows the draws but neither the running mean nor the exact total.
"""

import sampling
import state
from dom import listen

LEFT, RIGHT, TOP, BOTTOM = 44, 550, 12, 210


class SamplingView:
    def __init__(self, nb, root):
        self.nb = nb
        self.root = root
        self.chart = root.querySelector("#sampling-chart")
        self.readout = root.querySelector("#sampling-readout")
        self.seed_box = root.querySelector("#sample-seed")
        self.seed_error = root.querySelector("#seed-error")
        self.direction = "forward"
        self.seed = 1
        self.chart.innerHTML = (  # our own fixed markup; the data only ever sets attributes
            '<path class="band"/><line class="exact-line"/><path class="dots"/>'
            '<path class="mean-line"/><line class="axis" x1="44" x2="550"/>'
            '<text class="tick lo" x="40" text-anchor="end"/>'
            '<text class="tick hi" x="40" text-anchor="end"/>'
            '<text class="tick zero" x="40" text-anchor="end">0</text>'
        )
        self.parts = {
            name: self.chart.querySelector("." + name)
            for name in ("band", "exact-line", "dots", "mean-line", "axis", "lo", "hi", "zero")
        }
        self._proxies = []
        listen(root, "click", self.on_click, self._proxies)
        listen(root, "change", self.on_change, self._proxies)
        nb.subscribe(self.on_notebook)
        self.reset()

    def reset(self, event=None):
        self.sampler = sampling.Sampler(state.P, self.nb.current.q, self.direction, self.seed)
        self.render()

    def on_click(self, event):
        button = event.target.closest("button")
        if not button:
            return
        count = button.getAttribute("data-draw")
        if count:
            self.sampler.draw(int(count))
            self.render()
        elif button.id == "sample-reset":
            self.reset()

    def on_change(self, event):
        target = event.target
        if target.name == "sample-direction":
            self.direction = target.value
            self.reset()
        elif target == self.seed_box:
            try:
                self.seed = sampling.parse_seed(target.value)
            except ValueError as problem:
                self.seed_error.textContent = str(problem)
                self.seed_error.hidden = False
                return
            self.seed_error.hidden = True
            self.reset()

    def on_notebook(self, nb, change):
        if change == "weights":
            self.reset()  # a new q: earlier draws no longer average the same thing
        elif change in ("reveal", "round"):
            self.render()

    def render(self):
        s = self.sampler
        values = s.values[-2000:]
        offset = len(s.values) - len(values)
        revealed = self.nb.revealed
        lo = min([0.0, s.exact, *values]) - 0.2
        hi = max([0.0, s.exact, *values]) + 0.2
        span = max(len(s.values), 100)

        def x(n):
            return LEFT + (RIGHT - LEFT) * (n - 0.5) / span

        def y(v):
            return BOTTOM - (BOTTOM - TOP) * (v - lo) / (hi - lo)

        self.parts["dots"].setAttribute(
            "d", "".join(f"M{x(offset + i + 1):.1f} {y(v):.1f}h0" for i, v in enumerate(values))
        )
        self.parts["dots"].setAttribute("class", f"dots {self.direction}")
        self.parts["axis"].setAttribute("y1", f"{y(0):.1f}")
        self.parts["axis"].setAttribute("y2", f"{y(0):.1f}")
        for name, value in (("lo", lo + 0.2), ("hi", hi - 0.2)):
            self.parts[name].setAttribute("y", f"{y(value) + 4:.1f}")
            self.parts[name].textContent = f"{value:.1f}"
        self.parts["zero"].setAttribute("y", f"{y(0) + 4:.1f}")
        stats = s.running_stats() if revealed else []
        for name in ("band", "exact-line", "mean-line"):
            self.parts[name].setAttribute(
                "visibility", "visible" if revealed and stats else "hidden"
            )
        if stats:
            line = "".join(
                f"{'L' if i else 'M'}{x(n):.1f} {y(m):.1f}" for i, (n, m, _) in enumerate(stats)
            )
            upper = [f"{x(n):.1f} {y(m + 2 * se):.1f}" for n, m, se in stats]
            lower = [f"{x(n):.1f} {y(m - 2 * se):.1f}" for n, m, se in reversed(stats)]
            self.parts["mean-line"].setAttribute("d", line)
            self.parts["band"].setAttribute("d", "M" + "L".join(upper + lower) + "Z")
            exact = self.parts["exact-line"]
            for attr, value in (
                ("x1", LEFT),
                ("x2", RIGHT),
                ("y1", y(s.exact)),
                ("y2", y(s.exact)),
            ):
                exact.setAttribute(attr, f"{value:.1f}")
        self.describe(revealed)

    def describe(self, revealed):
        s = self.sampler
        name = "KL(p‖q)" if self.direction == "forward" else "KL(q‖p)"
        source = "p" if self.direction == "forward" else "q"
        n = len(s.values)
        if n == 0:
            text = f"No draws yet (seed {s.seed}, drawing from {source})."
        elif not revealed:
            text = (
                f"{n} draws from {source} (seed {s.seed}). The running mean and the exact "
                f"{name} appear once you commit a prediction in the demo."
            )
        else:
            se = s.standard_error
            band = f" ± {2 * se:.4f} (2 standard errors)" if se is not None else ""
            text = (
                f"{n} draws from {source} (seed {s.seed}): running mean {s.mean:.4f}{band}; "
                f"exact {name} = {s.exact:.4f}."
            )
        self.readout.textContent = text
        self.chart.setAttribute("aria-label", text)
