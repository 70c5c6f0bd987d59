"""Helpers for the browser tests: the server, the browser, the page guard, and the
pieces every test of the demo shares (the fixed p, the SciPy oracle, reveal, sliders).

Every end-to-end test gets a page watched by a PageGuard: a console error, an
uncaught page error, a failed same-origin request or any request to another
origin fails the test (tests that provoke such things on purpose are marked
``expect_page_errors`` and check them themselves).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from playwright.sync_api import expect
from scipy.special import rel_entr

ROOT = Path(__file__).resolve().parents[2]
BROWSER_ENV = "KL_CHROMIUM"
# A busy CI machine can take several times the usual ~2 s to start Python; the page itself
# waits out slow starts (boot.js), so the tests do too.
READY_TIMEOUT_MS = 60_000
# Longer than any pause the page waits out before it acts (autosave, settling the link).
PAUSE_MS = 2_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB; tabs then crash
]


def start_server(*args):
    """Run serve.py on a free port; return (process, base URL)."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--port", "0", "--quiet", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in proc.stdout:
        lines.append(line)
        match = re.search(r"(http://\S+)", line)
        if line.startswith("Serving") and match:
            return proc, match.group(1)
    proc.wait()
    raise RuntimeError("serve.py did not start:\n" + "".join(lines))


def stop_server(proc):
    proc.terminate()
    proc.wait(timeout=10)


def system_chromium():
    override = os.environ.get(BROWSER_ENV)
    if override:
        return override
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def same_origin(url, origin):
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    return url.startswith(origin)


class PageGuard:
    """Records everything on a page that would mean the product misbehaved."""

    def __init__(self, page, origin):
        self.origin = origin
        self.problems = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        # Off-origin requests are recorded and aborted before anything is sent.
        page.route(lambda url: not same_origin(url, origin), self._block)

    def _on_console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _on_request_failed(self, request):
        # ERR_ABORTED is the browser dropping a request because the page navigated or
        # closed; a missing file shows up as an HTTP status in _on_response instead.
        if request.failure == "net::ERR_ABORTED":
            return
        if same_origin(request.url, self.origin):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _block(self, route):
        self.problems.append(f"off-origin request: {route.request.url}")
        route.abort()

    def check(self):
        if self.problems:
            pytest.fail("The page misbehaved:\n  " + "\n  ".join(self.problems), pytrace=False)


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def wait_until_ready(page):
    expect(page.get_by_role("status").filter(has_text="ready")).to_be_visible(
        timeout=READY_TIMEOUT_MS
    )


def load_ready(page, base_url):
    """Load the app on Playwright's clock and wait for Python; True if the tab crashed."""
    crashed = []
    page.on("crash", lambda _: crashed.append(True))
    page.clock.install()
    page.goto(base_url)
    try:
        wait_until_ready(page)
    except AssertionError:
        if crashed:
            return True
        raise
    return False


# ---- the demo, as every test of it sees it ---------------------------------------------------

P = (0.55, 0.25, 0.15, 0.05)  # the page's fixed p
Q = (0.80, 0.15, 0.04, 0.01)  # the q the page opens with (the code example)
OUTCOMES = ("x1", "x2", "x3", "x4")
FORWARD = "KL(p‖q) is larger"

# Parameters for a test run once in a light and once in a dark browser.
BOTH_SCHEMES = [
    pytest.param(scheme, marks=pytest.mark.browser_context(color_scheme=scheme), id=scheme)
    for scheme in ("light", "dark")
]

# Init scripts for a browser whose storage is full, or refused altogether.
STORAGE_FULL = (
    "Storage.prototype.setItem = function () {"
    " throw new DOMException('full', 'QuotaExceededError') }"
)
STORAGE_BLOCKED = (
    "Object.defineProperty(window, 'localStorage', { get() {"
    " throw new DOMException('denied', 'SecurityError') } })"
)


def scipy_kl(p, q):
    """KL(p‖q) in nats by SciPy, the oracle the page's own Python is checked against."""
    return float(rel_entr(np.asarray(p, dtype=float), np.asarray(q, dtype=float)).sum())


def oracle(weights):
    """(KL(p‖q), KL(q‖p)) for the page's p and the q these slider weights make."""
    q = np.asarray(weights, dtype=float) / np.sum(weights)
    return scipy_kl(P, q), scipy_kl(q, P)


def shown(x):
    """A number as the page writes it: four decimals and a real minus sign."""
    return f"{x:.4f}".replace("-", "−")


def slider(page, outcome):
    return page.get_by_role("slider", name=f"Weight of {outcome}", exact=True)


def type_weights(page, weights):
    """Type each weight into its exact box, as a learner would, and wait for the last."""
    for outcome, w in zip(OUTCOMES, weights, strict=True):
        box = page.get_by_role("textbox", name=f"Exact weight of {outcome}")
        box.fill(str(w))
        box.press("Enter")
    expect(slider(page, "x4")).to_have_value(str(weights[-1]))


def reveal(page, choice=FORWARD):
    """Commit a prediction and reveal the round's totals."""
    page.get_by_role("radio", name=choice).check()
    page.get_by_role("button", name="Reveal the totals").click()


CHART_TEXT = """selectors => {
  const out = [];
  for (const svg of document.querySelectorAll(selectors)) {
    const box = svg.getBoundingClientRect();
    const scale = svg.getScreenCTM().a;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent) continue;
      const r = t.getBoundingClientRect();
      out.push({chart: svg.id || svg.closest('[id]').id, text: t.textContent,
                px: parseFloat(getComputedStyle(t).fontSize) * scale,
                left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5});
    }
  }
  return out;
}"""


def legible_chart_text(page, charts):
    """Each chart in ``charts`` (CSS selectors) redrawn at its on-screen width, and all its
    text 12 px or more as rendered, inside the chart and apart from its neighbours.
    Returns the texts found, for the caller to check what they say."""
    for chart in charts:
        svg = page.locator(chart)
        svg.scroll_into_view_if_needed()
        width_now = round(svg.evaluate("e => e.getBoundingClientRect().width"))
        expect(svg).to_have_attribute("viewBox", re.compile(rf"^0 0 {width_now} "))
    texts = page.evaluate(CHART_TEXT, ", ".join(charts))
    for t in texts:
        assert t["px"] >= 12, t  # as rendered, after the SVG is scaled to the screen
        assert t["inside"], t  # nothing cut at the chart's edges
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if a["chart"] != b["chart"]:
                continue
            apart_x = a["right"] + 2 <= b["left"] or b["right"] + 2 <= a["left"]
            apart_y = a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            assert apart_x or apart_y, (a, b)
    return texts
