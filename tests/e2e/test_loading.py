"""Loading is told honestly: progress on a slow network, a warning on a stall, no false failure."""

import json
import re

from core import kl
from harness import P, Q, slider
from playwright.sync_api import expect

import serve

SLOW_MOBILE = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 2_000_000 / 8,
    "uploadThroughput": 1_000_000 / 8,
}

# Every text the alert ever showed, recorded in the page from its first moment.
ALERT_LOG = """
window.__alerts = [];
new MutationObserver(() => {
  const box = document.getElementById('runtime-alert');
  if (box && !box.hidden && !window.__alerts.includes(box.textContent)) {
    window.__alerts.push(box.textContent);
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def progress_bar(page):
    return page.get_by_role("progressbar")


def test_a_slow_download_shows_progress_and_never_a_failure(page, base_url):
    page.add_init_script(ALERT_LOG)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_MOBILE)
    page.goto(base_url, wait_until="commit")
    bar = progress_bar(page)
    expect(bar).to_have_accessible_name(
        re.compile(r"^Downloading Python: \d+\.\d of \d+\.\d MB \(\d+%\)"), timeout=10_000
    )
    # The bar moves with the bytes: half-way is reported as half-way.
    expect(bar).to_have_accessible_name(re.compile(r"\(([5-9]\d|100)%\)"), timeout=120_000)
    assert 0.5 <= bar.evaluate("bar => bar.value") <= 1
    expect(page.get_by_role("status").filter(has_text="ready")).to_be_visible(timeout=180_000)
    expect(bar).to_be_hidden()
    assert page.evaluate("window.__alerts") == []
    expect(page.locator("#code-output")).to_contain_text(kl.report(P, Q))


def downloaded_without(name):
    """The loading bar's words once every runtime file but ``name`` has arrived."""
    sizes = json.loads((serve.VENDOR / "runtime.json").read_text())
    total = sum(sizes.values())
    got = total - sizes[f"static/vendor/pyodide/{name}"]
    return f"{got / 1e6:.1f} of {total / 1e6:.1f} MB"


def test_a_stall_warns_then_fails_and_python_arriving_later_takes_it_back(page, base_url):
    page.clock.install()
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # it does not come...
    config = json.loads((serve.ROOT / "py" / "pyscript.json").read_text())
    pending = {base_url + "py/" + name.removeprefix("./") for name in config["files"]}
    page.on("requestfinished", lambda request: pending.discard(request.url))
    page.goto(base_url, wait_until="commit")
    bar = progress_bar(page)
    expect(bar).to_have_accessible_name(
        re.compile(re.escape(downloaded_without("pyodide.asm.wasm")))
    )
    while pending:  # everything else has arrived, so from now on nothing does
        page.wait_for_event("requestfinished")
    page.clock.fast_forward(16_000)
    expect(bar).to_have_accessible_name(re.compile(r"Nothing has arrived for \d+ seconds"))
    expect(page.get_by_role("alert")).to_be_hidden()  # a warning, not a failure

    page.clock.fast_forward(60_000)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("nothing has arrived for 60 seconds")
    expect(page.locator("#code-output")).to_have_text(re.compile("Python is unavailable"))

    for route in held:  # ...until it does, late
        route.continue_()
    expect(page.get_by_role("status").filter(has_text="ready")).to_be_visible(timeout=90_000)
    expect(page.get_by_role("status").first).to_have_text("Python is ready.")
    expect(alert).to_be_hidden()
    expect(page.locator("#code-output")).to_contain_text(kl.report(P, Q))
    expect(slider(page, "x1")).to_be_enabled()
