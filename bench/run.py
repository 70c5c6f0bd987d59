"""Performance benchmark: the app against a bare PyScript page on the same vendored runtime.

    .venv/bin/python bench/run.py [--runs 5] [--inputs 60]

Builds the static site into a temporary folder, adds a bare page that loads the
same PyScript and Pyodide and prints one line, serves it with serve.py, and
drives Chromium.  Prints a table and one JSON line.  Figures, not assertions:
the budgets live in the README's Performance section.
"""

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import serve  # noqa: E402

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare</title>
<meta http-equiv="Content-Security-Policy" content="{csp}">
<link rel="icon" href="favicon.svg">
<script type="module" src="static/vendor/pyscript/core.js"></script>
</head><body><p id="out">loading</p>
<script type="py" src="bare.py" config="bare.json"></script></body></html>
"""
BARE_PY = 'from pyscript import document\ndocument.getElementById("out").textContent = "ready"\n'
BARE_JSON = '{"interpreter": "./static/vendor/pyodide/pyodide.mjs"}\n'

# Records when the page says it is ready, without polling from the test side.
READY_PROBE = """
(() => {
  const mark = () => {
    if (window.__readyAt) return;
    const el = document.getElementById('runtime-status') || document.getElementById('out');
    if (el && /ready/.test(el.textContent)) window.__readyAt = performance.now();
  };
  const watch = {subtree: true, childList: true, characterData: true};
  new MutationObserver(mark).observe(document, watch);
})();
"""

# Slider input -> handler done -> next animation frame (the frame that paints the change).
SLIDER_PROBE = """
async (n) => {
  const slider = document.getElementById('w-x2');
  const handler = [], frame = [];
  for (let i = 0; i < n; i++) {
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
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


# When the runtime's first request goes out (the WebAssembly binary), and when the first
# Python file of the page is requested (PyScript does that once the interpreter is up).
PHASES_PROBE = """
(() => {
  const entries = performance.getEntriesByType('resource');
  const first = test => Math.min(...entries.filter(e => test(e.name)).map(e => e.startTime));
  return {
    runtime: first(name => name.endsWith('/pyodide.asm.wasm')),
    files: first(name => name.endsWith('.py')),
  };
})()
"""


def chromium_path():
    override = os.environ.get("KL_CHROMIUM")
    if override:
        return override
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def make_site(folder):
    site = serve.build(Path(folder) / "site")
    (site / "bare.html").write_text(BARE_HTML.format(csp=serve.CSP))
    (site / "bare.py").write_text(BARE_PY)
    (site / "bare.json").write_text(BARE_JSON)
    return site


def start(site):
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--root", str(site), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in proc.stdout:
        match = re.search(r"(http://\S+)", line)
        if match:
            return proc, match.group(1)
    raise RuntimeError("serve.py did not start")


def load(browser, url, ready_selector):
    """One cold load in a fresh context: timings and what was transferred."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(READY_PROBE)
    sizes = []
    page.on("response", lambda r: sizes.append(r))
    page.goto(url)
    page.locator(ready_selector).filter(has_text="ready").wait_for(timeout=60_000)
    ready = page.evaluate("window.__readyAt")
    phases = page.evaluate(PHASES_PROBE)
    startup = page.evaluate("performance.getEntriesByName('kl:startup')[0]?.duration ?? null")
    paint = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
    )
    raw = gz = 0
    urls = []
    for response in sizes:
        body = response.body()
        raw += len(body)
        gz += len(gzip.compress(body, 6))
        urls.append(response.url)
    return (
        context,
        page,
        {
            "ready": ready,
            "startup": startup,
            "paint": paint,
            "raw": raw,
            "gzip": gz,
            "urls": urls,
            # Before the runtime starts, and from the interpreter being up to "ready": the
            # two phases the page can change.  The boot in between is the same runtime for
            # both pages, and it is where nearly all the run-to-run noise comes from.
            "before_runtime": phases["runtime"],
            "after_runtime": ready - phases["files"],
        },
    )


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--inputs", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        site = make_site(folder)
        proc, base = start(site)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium_path(),
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                )
                app, bare = [], []
                for _ in range(args.runs):  # alternate, so drift hits both alike
                    ctx, _, result = load(browser, base, "#runtime-status")
                    ctx.close()
                    app.append(result)
                    ctx, _, result = load(browser, base + "bare.html", "#out")
                    ctx.close()
                    bare.append(result)
                ctx, page, _ = load(browser, base, "#runtime-status")
                page.reload()
                page.locator("#runtime-status").filter(has_text="ready").wait_for()
                warm = page.evaluate("window.__readyAt")
                slider = page.evaluate(SLIDER_PROBE, args.inputs)
                ctx.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait()

    def med(rows, key):
        return statistics.median(r[key] for r in rows)

    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "runs": args.runs,
        "app_ready_ms": round(med(app, "ready")),
        "bare_ready_ms": round(med(bare, "ready")),
        "ready_ratio": round(med(app, "ready") / med(bare, "ready"), 3),
        "app_python_startup_ms": round(med(app, "startup")),
        "app_before_runtime_ms": round(med(app, "before_runtime")),
        "bare_before_runtime_ms": round(med(bare, "before_runtime")),
        "app_after_runtime_ms": round(med(app, "after_runtime")),
        "bare_after_runtime_ms": round(med(bare, "after_runtime")),
        "warm_ready_ms": round(warm),
        "prose_paint_ms": round(med(app, "paint")),
        "slider_p50_ms": round(percentile(slider["frame"], 0.5), 1),
        "slider_p95_ms": round(percentile(slider["frame"], 0.95), 1),
        "handler_p50_ms": round(percentile(slider["handler"], 0.5), 2),
        "handler_p95_ms": round(percentile(slider["handler"], 0.95), 2),
        "app_bytes": app[0]["raw"],
        "bare_bytes": bare[0]["raw"],
        "app_gzip_bytes": app[0]["gzip"],
        "bare_gzip_bytes": bare[0]["gzip"],
        "bytes_ratio": round(app[0]["raw"] / bare[0]["raw"], 3),
        "app_requests": len(app[0]["urls"]),
        "bare_requests": len(bare[0]["urls"]),
        "pyodide_packages": sum(
            u.endswith((".whl", ".tar", ".zip")) and "stdlib" not in u for u in app[0]["urls"]
        ),
    }
    added = (
        figures["app_before_runtime_ms"]
        - figures["bare_before_runtime_ms"]
        + figures["app_after_runtime_ms"]
        - figures["bare_after_runtime_ms"]
    )
    figures["app_added_ms"] = added
    figures["added_ratio"] = round(1 + added / figures["bare_ready_ms"], 3)
    rows = [
        ("cold ready, app (median)", f"{figures['app_ready_ms']} ms"),
        ("cold ready, bare PyScript (median)", f"{figures['bare_ready_ms']} ms"),
        ("ratio app / bare (budget 1.15)", f"{figures['ready_ratio']}"),
        ("  of which the app's own Python start-up", f"{figures['app_python_startup_ms']} ms"),
        (
            "runtime's first request, app / bare",
            f"{figures['app_before_runtime_ms']} / {figures['bare_before_runtime_ms']} ms",
        ),
        (
            "interpreter up -> ready, app / bare",
            f"{figures['app_after_runtime_ms']} / {figures['bare_after_runtime_ms']} ms",
        ),
        (
            "time the app adds (both phases); ratio",
            f"{figures['app_added_ms']} ms; {figures['added_ratio']}",
        ),
        ("warm reload ready", f"{figures['warm_ready_ms']} ms"),
        ("prose first paint (budget 1000 ms)", f"{figures['prose_paint_ms']} ms"),
        (
            "slider input -> frame p50 / p95 (budget 33)",
            f"{figures['slider_p50_ms']} / {figures['slider_p95_ms']} ms",
        ),
        (
            "Python handler p50 / p95",
            f"{figures['handler_p50_ms']} / {figures['handler_p95_ms']} ms",
        ),
        (
            "bytes app / bare (raw)",
            f"{figures['app_bytes']:,} / {figures['bare_bytes']:,} ({figures['bytes_ratio']})",
        ),
        (
            "bytes app / bare (gzip)",
            f"{figures['app_gzip_bytes']:,} / {figures['bare_gzip_bytes']:,}",
        ),
        ("requests app / bare", f"{figures['app_requests']} / {figures['bare_requests']}"),
        ("Pyodide packages beyond the core", f"{figures['pyodide_packages']}"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"Benchmark on {figures['machine']}, {args.runs} cold runs each")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
