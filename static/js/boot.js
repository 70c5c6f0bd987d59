// Tells the learner how the page's Python is getting on, honestly: how much of the
// runtime has arrived, a warning when nothing arrives for a while, and a failure only
// on a real error or a long stall. Once Python is ready it registers the service worker
// that keeps the page working offline and offers a new version when one is deployed.
// No math lives here: every number on the page comes from py/core/kl.py, running in Pyodide.

const STALL_WARN_MS = 15000; // nothing has arrived for this long: say so, keep waiting
const STALL_FAIL_MS = 60000; // nothing for this long: the download has failed
const START_WARN_MS = 20000; // every file is here but Python is still starting
const START_FAIL_MS = 120000;

const html = document.documentElement;
const byId = (id) => document.getElementById(id);
const status = byId("runtime-status");
const alertBox = byId("runtime-alert");
const progressBox = byId("runtime-progress");
const bar = byId("runtime-bar");
const progressText = byId("runtime-progress-text");

let phase = "download"; // then "start", "ready" or "failed"
let failure = null; // what boot.js reported, so a later "ready" can take it back
const changed = []; // [element, property, old value] undone when Python turns out fine

// ---- what has arrived ----------------------------------------------------------------

const expected = new Map(); // absolute URL -> bytes, from static/vendor/runtime.json
const received = new Map(); // absolute URL -> bytes seen so far
let lastArrival = performance.now();
const absolute = (url) => new URL(url, document.baseURI).href;
const fileName = (url) => decodeURIComponent(new URL(url).pathname.split("/").pop());
const nativeFetch = window.fetch.bind(window);

function arrived(url, bytes) {
  if (bytes > (received.get(url) || 0)) received.set(url, bytes);
  lastArrival = performance.now();
  scheduleRender();
}

function totals() {
  let got = 0;
  let total = 0;
  for (const [url, size] of expected) {
    total += size;
    got += Math.min(size, received.get(url) || 0);
  }
  return { got, total };
}

// Reads a copy of a response as it streams in, counting bytes; the page reads the original.
async function count(url, response) {
  const reader = response.body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      arrived(url, bytes);
    }
  } catch {
    fail(fileName(url) + " stopped downloading part-way");
    return;
  }
  const size = expected.get(url);
  if (size !== undefined && bytes < size) {
    fail(`${fileName(url)} arrived incomplete (${bytes.toLocaleString("en")} of ${size.toLocaleString("en")} bytes)`);
  }
}

// Downloads started here before the runtime asks for them, handed over when it does.
const early = new Map();

function watch(url, promise) {
  return promise.then(
    (response) => {
      if (!response.ok) {
        fail(`${fileName(url)} could not be downloaded (HTTP ${response.status})`);
      } else if (response.body && phase !== "ready") {
        count(url, response.clone());
      }
      return response;
    },
    (error) => {
      if (error && error.name !== "AbortError") fail(fileName(url) + " could not be downloaded");
      throw error;
    },
  );
}

function startEarly(url) {
  if (!early.has(url)) early.set(url, watch(url, nativeFetch(url)));
}

// Until Python is ready, the runtime's requests go through here: counted, checked, and
// given any download already under way.
window.fetch = function fetchWatched(input, init) {
  const url = absolute(input instanceof Request ? input.url : String(input));
  const plain = !(input instanceof Request) && (!init || Object.keys(init).length === 0);
  if (plain && early.has(url)) {
    const promise = early.get(url);
    early.delete(url);
    return promise;
  }
  if (phase === "failed") return nativeFetch(input, init);
  return watch(url, nativeFetch(input, init));
};

// Every file the <head> asks the browser to preload starts now and is handed to the runtime
// when it asks; with the PyScript config preloaded, the page's Python files start too.
const hinted = [...document.querySelectorAll('link[rel="preload"][as="fetch"]')].map((link) => link.href);
const sizesURL = absolute("static/vendor/runtime.json");
const pyScript = document.querySelector('script[type="py"][config]');
const configURL = pyScript ? absolute(pyScript.getAttribute("config")) : null;
for (const url of hinted) {
  if (url !== sizesURL) startEarly(url);
}
if (configURL && early.has(configURL)) {
  early
    .get(configURL)
    .then((response) => (response.ok ? response.clone().json() : { files: {} }))
    .then((config) => {
      for (const source of Object.keys(config.files || {})) startEarly(new URL(source, configURL).href);
      if (pyScript.getAttribute("src")) startEarly(absolute(pyScript.getAttribute("src")));
    })
    .catch(() => {}); // PyScript reads the same config and reports its own problem
}

// The runtime's sizes, for a bar that shows how much of the whole has arrived.
nativeFetch(sizesURL)
  .then((response) => (response.ok ? response.json() : {}))
  .then((sizes) => {
    for (const [path, size] of Object.entries(sizes)) expected.set(absolute(path), size);
    for (const entry of finished) noteScript(entry);
    scheduleRender();
  })
  .catch(() => {}); // without sizes the bar stays indeterminate; the words still count

// Scripts (PyScript, Pyodide's JavaScript) are counted as each one completes.
function noteScript(entry) {
  if (!expected.has(entry.name) || phase === "ready") return;
  const size = entry.decodedBodySize;
  if (size > 0 && size < expected.get(entry.name) && entry.initiatorType !== "fetch") {
    fail(`${fileName(entry.name)} arrived incomplete`);
  }
  arrived(entry.name, size || expected.get(entry.name));
}
const finished = []; // every resource entry so far, for when the sizes arrive
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    finished.push(entry);
    noteScript(entry);
  }
}).observe({ type: "resource", buffered: true });

// PyScript reports its own steps; once the interpreter is up, the downloads are done.
window.addEventListener("py:progress", () => {
  if (phase === "start") lastArrival = performance.now();
});
window.addEventListener("py:ready", () => {
  if (phase === "download") phase = "start";
  lastArrival = performance.now();
  scheduleRender();
});

// ---- what the learner sees -------------------------------------------------------------

const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
let renderPending = false;

function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  setTimeout(() => {
    renderPending = false;
    render();
  }, 100);
}

function render() {
  if (phase === "ready" || phase === "failed") return;
  const { got, total } = totals();
  const silentFor = performance.now() - lastArrival;
  if (phase === "download" && total > 0 && got >= total) {
    phase = "start";
    lastArrival = performance.now();
  }
  if (phase === "start") {
    bar.removeAttribute("value"); // an indeterminate bar: the work is now on this device
    progressText.textContent =
      silentFor > START_WARN_MS
        ? "Python is still starting; on a slower device this can take a minute."
        : "Downloaded; starting Python…";
  } else {
    let words;
    if (total > 0) {
      bar.value = got / total;
      words = `Downloading Python: ${megabytes(got)} of ${megabytes(total)} MB (${Math.floor((100 * got) / total)}%)`;
    } else {
      const sofar = [...received.values()].reduce((sum, bytes) => sum + bytes, 0);
      words = `Downloading Python: ${megabytes(sofar)} MB so far`;
    }
    progressText.textContent =
      silentFor > STALL_WARN_MS
        ? `${words}. Nothing has arrived for ${Math.round(silentFor / 1000)} seconds; still waiting…`
        : words + "…";
  }
  progressBox.classList.toggle("is-slow", silentFor > (phase === "start" ? START_WARN_MS : STALL_WARN_MS));
}

// A stall is measured from the last byte that arrived, so a slow download never fails.
setInterval(() => {
  if (phase !== "download" && phase !== "start") return;
  const silentFor = performance.now() - lastArrival;
  if (phase === "download" && silentFor > STALL_FAIL_MS) {
    fail(`nothing has arrived for ${STALL_FAIL_MS / 1000} seconds`);
  } else if (phase === "start" && silentFor > START_FAIL_MS) {
    fail(`it was still starting after ${START_FAIL_MS / 60000} minutes`);
  } else {
    render();
  }
}, 1000);

function remember(element, property, value) {
  changed.push([element, property, element[property], value]);
  element[property] = value;
}

const UNAVAILABLE = "Python is unavailable: it could not start in this browser.";
const WAITING = /^(Waiting for Python|.*appears here once Python has loaded)/;

function fail(reason) {
  if (phase === "ready" || phase === "failed") return;
  phase = "failed";
  failure = reason;
  progressBox.hidden = true;
  status.textContent = "Python is not running; the text and math still read fine.";
  alertBox.textContent =
    "The live Python could not start (" + reason + "). " +
    "The explanations and math on this page are unaffected; " +
    "the live numbers, code runner and demo need Python, so they are switched off. " +
    "Reloading the page may help.";
  alertBox.hidden = false;
  for (const el of document.querySelectorAll("[data-needs-python]")) {
    remember(el, "disabled", true);
    remember(el, "title", "Needs Python, which could not start");
  }
  for (const el of document.querySelectorAll("[data-python-reason]")) {
    remember(el, "textContent", "Unavailable: Python could not start in this browser.");
  }
  // Every placeholder that promised Python now says it will not come.
  for (const el of document.querySelectorAll("main pre, main code, main p, main span, main figcaption")) {
    if (el.children.length === 0 && WAITING.test(el.textContent.trim())) {
      remember(el, "textContent", UNAVAILABLE);
    }
  }
  // A picture's text alternative that promised a drawing says the same.
  for (const el of document.querySelectorAll("main [aria-label]")) {
    if (/once Python has loaded/.test(el.getAttribute("aria-label"))) {
      remember(el, "ariaLabel", UNAVAILABLE);
    }
  }
  // The exercise's code box (and the editor drawn over it, which follows "kl-code-set").
  for (const el of document.querySelectorAll("main textarea")) {
    if (WAITING.test(el.value.trim())) {
      remember(el, "textContent", UNAVAILABLE); // also its value, as nobody has typed in it
      el.dispatchEvent(new Event("kl-code-set"));
    }
  }
}

// Python got there after all (a stall that recovered): take the failure back.
function recover() {
  if (failure === null) return;
  failure = null;
  alertBox.hidden = true;
  alertBox.textContent = "";
  for (const [element, property, old, ours] of changed.reverse()) {
    if (element[property] !== ours || property === "disabled") continue;
    element[property] = old;
    if (element instanceof HTMLTextAreaElement) element.dispatchEvent(new Event("kl-code-set"));
  }
}

// ---- PyScript's own error box ------------------------------------------------------------

// PyScript appends a raw traceback box to <body>; the page says it in words instead (the
// traceback stays in the console, where PyScript also writes it).
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (!(node instanceof HTMLElement) || !node.classList.contains("py-error")) continue;
      node.remove();
      if (phase === "ready") {
        if (alertBox.hidden) {
          alertBox.textContent =
            "Something went wrong in the page’s Python (the details are in the browser console). " +
            "The text and math are unaffected; reload the page to reset the live parts.";
          alertBox.hidden = false;
        }
      } else {
        fail("a Python error");
      }
    }
  }
}).observe(document.body || html, { childList: true });

// ---- ready, or a Python error at start-up -------------------------------------------------

// py/app.py sets data-python="ready" on <html> as its last step; py/main.py sets "error".
new MutationObserver(() => {
  if (html.dataset.python === "ready") becomeReady();
  else if (html.dataset.python === "error") fail("a Python error");
}).observe(html, { attributes: true, attributeFilter: ["data-python"] });

function becomeReady() {
  if (phase === "ready") return;
  const wasFailed = phase === "failed";
  phase = "ready";
  window.fetch = nativeFetch;
  progressBox.hidden = true;
  if (wasFailed) recover();
  status.textContent = "Python is ready.";
  for (const el of document.querySelectorAll("[data-needs-python][title]")) {
    if (el.title === "Needs Python, which could not start") el.removeAttribute("title");
  }
  registerServiceWorker();
}

window.addEventListener("unhandledrejection", (event) => {
  const text = String(event.reason && (event.reason.message || event.reason));
  fail(text.split("\n")[0].slice(0, 160) || "the runtime failed to load");
});
window.addEventListener(
  "error",
  (event) => {
    const target = event.target;
    if (target instanceof HTMLScriptElement || target instanceof HTMLLinkElement) {
      if (target.rel !== "icon" && target.rel !== "stylesheet") {
        fail(fileName(absolute(target.src || target.href)) + " could not be downloaded");
      }
    }
  },
  true,
);

// ---- offline copy and new versions ---------------------------------------------------------

const notice = byId("update-notice");
const reloadButton = byId("update-reload");

function offerUpdate(worker) {
  notice.hidden = false;
  reloadButton.onclick = () => {
    reloadButton.disabled = true;
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
    worker.postMessage({ type: "SKIP_WAITING" });
  };
}

function watchInstall(registration, worker) {
  worker.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
  });
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register("sw.js");
  } catch (error) {
    console.warn("kl-notebook: no offline copy (" + error.message + ")");
    return;
  }
  // A version already waiting (found when this visit began) or one installing now.
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
  if (registration.installing) watchInstall(registration, registration.installing);
  registration.addEventListener("updatefound", () => watchInstall(registration, registration.installing));
  // A tab left open for hours still hears about a new deploy when the learner comes back.
  let checked = Date.now();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && Date.now() - checked > 3600e3) {
      checked = Date.now();
      registration.update().catch(() => {});
    }
  });
}
