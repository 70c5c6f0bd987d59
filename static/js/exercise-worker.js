// Runs a learner's kl() against the checks of py/core/exercise.py, in a Python of its own.
// An endless loop or a crash stays in this worker: the page ends it and starts another.
// The page sends the source of core/exercise.py and core/kl.py with each request, so the checks
// are the very files the page's own Python loaded. A "warm" request only starts Python,
// as soon as the learner starts typing, so the first check does not wait as long.

let checker = null; // a promise of the Python function that runs one submission

async function startPython(sources) {
  const { loadPyodide } = await import("../vendor/pyodide/pyodide.mjs");
  const pyodide = await loadPyodide({
    indexURL: new URL("../vendor/pyodide/", import.meta.url).href,
    stdout: () => {}, // the learner's prints are captured by exercise.py itself
    stderr: () => {},
  });
  pyodide.FS.mkdirTree("/checker/core");
  for (const [name, text] of Object.entries(sources)) {
    pyodide.FS.writeFile(`/checker/${name}`, text); // core/__init__.py, core/kl.py, ...
  }
  pyodide.runPython(`
import json
import sys

sys.path.insert(0, "/checker")
from core import exercise

# The learner's code cannot import the reference it is compared with.
sys.path.remove("/checker")
for name in ("core", "core.kl", "core.exercise"):
    del sys.modules[name]


def check_submission(code, on_step):
    return json.dumps(exercise.run_submission(code, on_step))
`);
  return pyodide.globals.get("check_submission");
}

self.addEventListener("message", async (event) => {
  const { id, type, code, sources } = event.data;
  checker ??= startPython(sources);
  if (type === "warm") {
    checker.catch(() => {}); // a failed start is reported by the check that needs it
    return;
  }
  try {
    const check = await checker;
    self.postMessage({ id, type: "running" });
    const result = check(code, (name) => self.postMessage({ id, type: "step", name }));
    self.postMessage({ id, type: "result", result: JSON.parse(result) });
  } catch (error) {
    self.postMessage({ id, type: "failed", message: String((error && error.message) || error) });
  }
});
