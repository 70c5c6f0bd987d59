"""Performance benchmark: the app against a bare PyScript page, on emulated networks.

    .venv/bin/python bench/run.py [--runs 3] [--profiles local,broadband,slow-mobile]

Builds the static site into a temporary folder and serves, side by side from one
serve.py (gzip for every page, as GitHub Pages sends):

  app/           the site as built (preload hints, trimmed and compiled stdlib,
                 service worker)
  app-nohints/   the same without the <head>'s preload hints
  app-source/    the same with the trimmed stdlib left as source (not compiled)
  app-fullstd/   the same with Pyodide's whole stdlib zip (source) and lock file
  app-before/    neither (the page as it was before issue 18)
  bare/          a page that loads the same PyScript and a stock Pyodide, prints "ready"

Cold loads alternate between them in fresh browser contexts under each network
profile (Chromium's Network.emulateNetworkConditions).  Then repeat visits of the
app (served by its service worker) with no emulation and with 40 ms of latency
alone, an offline reload, and on the local profile the slider's frame time.
Prints a table and one JSON line.  Figures, not assertions: the targets live in
the README's Performance section.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import serve  # noqa: E402

PROFILES = {
    # name: (download bits/s, upload bits/s, latency ms); None = no emulation
    "local": None,
    "broadband": (20e6, 5e6, 40),
    "slow-mobile": (2e6, 1e6, 150),
}

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare</title>
<meta http-equiv="Content-Security-Policy" content="{csp}">
<link rel="icon" href="../app/favicon.svg">
<script type="module" src="../app/static/vendor/pyscript/core.js"></script>
</head><body><p id="out">loading</p>
<script type="py" src="bare.py" config="bare.json"></script></body></html>
"""
BARE_PY = 'from pyscript import document\ndocument.getElementById("out").textContent = "ready"\n'
BARE_JSON = '{"interpreter": "./pyodide/pyodide.mjs"}\n'

# When the page says it is ready, when the loading bar first shows a fraction, and whether
# a failure was ever shown; recorded in the page, without polling from here.
PROBE = """
(() => {
  const now = () => performance.now();
  const mark = () => {
    const status = document.getElementById('runtime-status') || document.getElementById('out');
    if (!window.__readyAt && status && /ready/.test(status.textContent)) window.__readyAt = now();
    const words = document.getElementById('runtime-progress-text');
    if (!window.__progressAt && words && / of [0-9.]+ MB/.test(words.textContent)) {
      window.__progressAt = now();
    }
    const alert = document.getElementById('runtime-alert');
    if (alert && !alert.hidden && !window.__alertText) window.__alertText = alert.textContent;
  };
  const watch = {subtree: true, childList: true, characterData: true, attributes: true};
  new MutationObserver(mark).observe(document, watch);
})();
"""

# Slider input -> handler done -> next animation frame (the frame that paints the change).
# The round is revealed first, so the totals, the rows and the blow-up plot redraw too;
# the x2 and x3 sliders take turns (x2 moves the blow-up curves, x3 only its marker).
SLIDER_PROBE = """
async (n) => {
  document.querySelector('input[name=prediction][value=forward]').click();
  document.getElementById('reveal').click();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const sliders = ['w-x2', 'w-x3'].map(id => document.getElementById(id));
  const handler = [], frame = [];
  for (let i = 0; i < n; i++) {
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    const slider = sliders[i % 2];
    slider.value = String(0.05 + (i % 40) * 0.02);
    const t0 = performance.now();
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    const t1 = performance.now();
    await new Promise(r => requestAnimationFrame(r));
    handler.push(t1 - t0);
    frame.push(performance.now() - t0);
  }
  return {handler, frame};
}
"""

HINT_RE = re.compile(r'\s*<!--[^>]*preload[^>]*-->|\s*<link rel="(?:module)?preload"[^>]*>')


def chromium_path():
    override = os.environ.get("KL_CHROMIUM")
    if override:
        return override
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def stock_pyodide(dest):
    """Pyodide's files exactly as npm ships them (whole stdlib and lock file)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json",
                 "python_stdlib.zip"):  # fmt: skip
        shutil.copy2(serve.NODE_MODULES / "pyodide" / name, dest / name)


def make_sites(folder):
    """The served root: the built app, its variants and the bare page."""
    root = Path(folder) / "root"
    app = serve.build(root / "app", compress=False)
    variants = {"app": app}
    for name, hints, stdlib in (
        ("app-nohints", False, "compiled"),
        ("app-source", True, "source"),
        ("app-fullstd", True, "whole"),
        ("app-before", False, "whole"),
    ):
        site = root / name
        shutil.copytree(app, site, ignore=shutil.ignore_patterns("sw.js"))
        if not hints:
            page = site / "index.html"
            page.write_text(HINT_RE.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
        vendor_pyodide = site / "static" / "vendor" / "pyodide"
        if stdlib == "source":  # trimmed as the app's, but left as source
            serve.trim_stdlib(
                serve.NODE_MODULES / "pyodide" / "python_stdlib.zip",
                vendor_pyodide / "python_stdlib.zip",
                serve.stdlib_plan(),
            )
        if stdlib == "whole":
            stock_pyodide(vendor_pyodide)
        if stdlib != "compiled":
            sizes = serve.runtime_sizes(site / "static" / "vendor")
            (site / "static" / "vendor" / "runtime.json").write_text(json.dumps(sizes))
        serve.write_service_worker(site)
        variants[name] = site
    bare = root / "bare"
    stock_pyodide(bare / "pyodide")
    (bare / "index.html").write_text(BARE_HTML.format(csp=serve.CSP))
    (bare / "bare.py").write_text(BARE_PY)
    (bare / "bare.json").write_text(BARE_JSON)
    variants["bare"] = bare
    serve.gzip_copies(root)
    return root, variants


def start(root):
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--root", str(root), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in proc.stdout:
        match = re.search(r"(http://\S+)", line)
        if match:
            return proc, match.group(1)
    raise RuntimeError("serve.py did not start")


def emulate(cdp, profile, latency_only=False, offline=False):
    if profile is None and not offline:
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        return
    down, up, latency = profile or (0, 0, 0)
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": offline,
            "latency": latency,
            "downloadThroughput": -1 if latency_only else down / 8,
            "uploadThroughput": -1 if latency_only else up / 8,
        },
    )


def watch_bytes(cdp):
    """Bytes on the wire (after gzip) and requests, as Chromium's network stack counts them."""
    seen = {"bytes": 0, "requests": 0, "urls": []}

    def finished(event):
        seen["bytes"] += event["encodedDataLength"]

    def sent(event):
        seen["requests"] += 1
        seen["urls"].append(event["request"]["url"])

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestWillBeSent", sent)
    return seen


def ready_at(page, timeout=180_000):
    page.locator("#runtime-status, #out").filter(has_text="ready").wait_for(timeout=timeout)
    return page.evaluate("window.__readyAt")


def cold_load(browser, url, profile):
    """One first visit in a fresh context under ``profile``."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(PROBE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen = watch_bytes(cdp)
    emulate(cdp, profile)
    page.goto(url, wait_until="commit", timeout=180_000)
    ready = ready_at(page)
    result = {
        "ready": ready,
        "progress": page.evaluate("window.__progressAt ?? null"),
        "alert": page.evaluate("window.__alertText ?? null"),
        "paint": page.evaluate(
            "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
        ),
        "startup": page.evaluate("performance.getEntriesByName('kl:startup')[0]?.duration ?? null"),
        # When the last of Pyodide's files had arrived: the network's share of the wait.
        "downloaded": page.evaluate(
            "Math.max(...performance.getEntriesByType('resource')"
            ".filter(e => e.name.includes('/pyodide/')).map(e => e.responseEnd))"
        ),
        "bytes": seen["bytes"],
        "requests": seen["requests"],
        "urls": list(seen["urls"]),
    }
    return context, page, result


def repeat_visits(browser, url, runs):
    """Repeat visits served by the service worker: no emulation, 40 ms latency, offline."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(PROBE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    page.goto(url, wait_until="commit", timeout=180_000)
    ready_at(page)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    plain, latency = [], []
    for _ in range(2 * runs):  # cheap next to cold loads, and just as noisy
        for target, condition in ((plain, None), (latency, (0, 0, 40))):
            emulate(cdp, condition, latency_only=True)
            page.reload(wait_until="commit", timeout=180_000)
            target.append(ready_at(page))
    controlled = page.evaluate("!!navigator.serviceWorker.controller")
    emulate(cdp, None, offline=True)
    started = time.perf_counter()
    try:
        page.reload(wait_until="commit", timeout=60_000)
        offline = ready_at(page, timeout=60_000)
    except Exception:  # noqa: BLE001 - a failed offline reload is a figure, not a crash
        offline = None
    wall = (time.perf_counter() - started) * 1000
    context.close()
    return {
        "repeat_ms": statistics.median(plain),
        "repeat_latency_ms": statistics.median(latency),
        "controlled": controlled,
        "offline_ready_ms": offline,
        "offline_wall_ms": wall,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page and profile")
    parser.add_argument("--profiles", default="local,broadband,slow-mobile")
    parser.add_argument("--pages", default="app,app-nohints,app-source,app-fullstd,app-before,bare")
    parser.add_argument("--inputs", type=int, default=60, help="slider inputs timed (local)")
    args = parser.parse_args(argv)
    profiles = args.profiles.split(",")
    pages = args.pages.split(",")
    cold = {p: {name: [] for name in pages} for p in profiles}
    with tempfile.TemporaryDirectory() as folder:
        root, _ = make_sites(folder)
        proc, base = start(root)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium_path(),
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                )
                for profile in profiles:
                    for run in range(args.runs):  # alternate, so drift hits every page alike
                        for name in pages:
                            context, _, result = cold_load(
                                browser, f"{base}{name}/", PROFILES[profile]
                            )
                            context.close()
                            cold[profile][name].append(result)
                            print(
                                f"  {profile:<11} run {run + 1} {name:<11} "
                                f"{result['ready']:8.0f} ms {result['bytes']:>11,} B",
                                file=sys.stderr,
                                flush=True,
                            )
                repeat = repeat_visits(browser, f"{base}app/", args.runs)
                slider = None
                if "local" in profiles:
                    context, page, _ = cold_load(browser, f"{base}app/", None)
                    slider = page.evaluate(SLIDER_PROBE, args.inputs)
                    context.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait()
    report(cold, repeat, slider, args)
    return 0


def median(rows, key):
    values = [row[key] for row in rows if row[key] is not None]
    return statistics.median(values) if values else None


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def report(cold, repeat, slider, args):
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "runs": args.runs,
        "profiles": {},
    }
    lines = [f"Benchmark on {figures['machine']}, {args.runs} cold runs per page and profile"]
    for profile, by_page in cold.items():
        bare = median(by_page.get("bare", []), "ready") if by_page.get("bare") else None
        entry = {}
        lines.append(f"\n{profile} ({PROFILES[profile] or 'no emulation'})")
        lines.append(f"  {'page':<12} {'ready ms':>9} {'× bare':>7} {'runtime in':>10} "
                     f"{'bytes':>11} {'req':>4} {'progress ms':>11} {'alert':>5}")  # fmt: skip
        for name, rows in by_page.items():
            ready = median(rows, "ready")
            row = {
                "ready_ms": round(ready),
                "ratio": round(ready / bare, 3) if bare else None,
                "bytes": rows[0]["bytes"],
                "requests": rows[0]["requests"],
                "progress_ms": median(rows, "progress"),
                "downloaded_ms": round(median(rows, "downloaded")),
                "paint_ms": median(rows, "paint"),
                "startup_ms": median(rows, "startup"),
                "alerts": sum(row["alert"] is not None for row in rows),
                "runs_ms": [round(r["ready"]) for r in rows],
            }
            entry[name] = row
            ratio = f"{row['ratio']:.3f}" if row["ratio"] else "–"
            progress = f"{row['progress_ms']:.0f}" if row["progress_ms"] else "–"
            lines.append(
                f"  {name:<12} {row['ready_ms']:>9} {ratio:>7} {row['downloaded_ms']:>10} "
                f"{row['bytes']:>11,} "
                f"{row['requests']:>4} {progress:>11} {row['alerts']:>5}"
            )
        figures["profiles"][profile] = entry
    figures["repeat"] = {k: (round(v) if isinstance(v, float) else v) for k, v in repeat.items()}
    ratio = repeat["repeat_latency_ms"] / repeat["repeat_ms"]
    figures["repeat"]["latency_ratio"] = round(ratio, 3)
    lines.append("\nrepeat visits of app/ (service worker)")
    lines.append(f"  ready, no emulation           {repeat['repeat_ms']:.0f} ms")
    lines.append(f"  ready, 40 ms latency only      {repeat['repeat_latency_ms']:.0f} ms"
                 f"  (× {ratio:.3f}; target ≤ 1.1)")  # fmt: skip
    offline = repeat["offline_ready_ms"]
    lines.append(
        "  offline reload                 "
        + (f"ready after {offline:.0f} ms" if offline else "did NOT become ready")
    )
    if slider:
        figures["slider_p50_ms"] = round(percentile(slider["frame"], 0.5), 1)
        figures["slider_p95_ms"] = round(percentile(slider["frame"], 0.95), 1)
        figures["handler_p50_ms"] = round(percentile(slider["handler"], 0.5), 2)
        figures["handler_p95_ms"] = round(percentile(slider["handler"], 0.95), 2)
        # A 60 Hz frame is 16.7 ms; an input whose change reaches the screen more than half
        # a frame after that waited for a second frame (headless frame timing jitters by ~2 ms).
        late = sum(ms > 25 for ms in slider["frame"])
        figures["slider_late_frames"] = late
        figures["slider_inputs"] = len(slider["frame"])
        lines.append(
            f"\nslider input -> frame p50 / p95: {figures['slider_p50_ms']} / "
            f"{figures['slider_p95_ms']} ms; Python handler {figures['handler_p50_ms']} / "
            f"{figures['handler_p95_ms']} ms; painted a frame late: {late} of "
            f"{len(slider['frame'])} inputs"
        )
    print("\n".join(lines))
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
