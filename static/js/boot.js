// Reports the Python runtime's start-up to the learner. No math lives here:
// every number on the page comes from py/kl.py, running in Pyodide.
const START_LIMIT_MS = 30000;

const status = document.getElementById("runtime-status");
const alertBox = document.getElementById("runtime-alert");
let settled = false;

function fail(reason) {
  if (settled) return;
  settled = true;
  status.textContent = "Python is not running; the text and math still read fine.";
  alertBox.textContent =
    "The live Python could not start (" + reason + "). " +
    "The explanations and math on this page are unaffected; " +
    "the live numbers, code runner and demo need Python, so they are switched off. " +
    "Reloading the page may help.";
  alertBox.hidden = false;
  for (const el of document.querySelectorAll("[data-needs-python]")) {
    el.disabled = true;
    el.title = "Needs Python, which could not start";
  }
  for (const el of document.querySelectorAll("[data-python-reason]")) {
    el.textContent = "Unavailable: Python could not start in this browser.";
  }
}

// py/app.py sets data-python="ready" on <html> as its last step.
const observer = new MutationObserver(() => {
  if (document.documentElement.dataset.python === "ready") {
    settled = true;
    observer.disconnect();
  } else if (document.documentElement.dataset.python === "error") {
    fail("a Python error");
  }
});
observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-python"] });

window.addEventListener("unhandledrejection", (event) => {
  const text = String(event.reason && (event.reason.message || event.reason));
  fail(text.split("\n")[0].slice(0, 160) || "the runtime failed to load");
});
window.addEventListener("error", (event) => {
  if (event.target && event.target !== window && event.target.src) {
    fail("a file of the runtime did not load");
  }
}, true);
setTimeout(() => fail("it took longer than " + START_LIMIT_MS / 1000 + " seconds"), START_LIMIT_MS);
