"""“Write it yourself”: binds the exercise (py/core/exercise.py) to the page.

The learner's code runs in a Web Worker with a Python of its own
(static/js/exercise-worker.js), never in the page's Python: an endless loop is
stopped by ending the worker, and the page stays responsive meanwhile.
Everything the code printed or raised is written with ``textContent``.
"""

from pathlib import Path

import core
from core import errors, kl
from dom import Panel, element, guarded, open_storage
from pyodide.ffi import create_proxy, to_js
from pyscript import document, window

WORKER_URL = "static/js/exercise-worker.js"
EDITOR_URL = "static/vendor/editor/code-editor.js"

#: How long the learner's code may run before the worker is stopped.
RUN_LIMIT_MS = 5_000
#: How long the worker's Python may take to start (it downloads nothing new: same files).
START_LIMIT_MS = 90_000
#: Typing pauses this long before the code is saved.
AUTOSAVE_MS = 600

STATUS_WORDS = {"pass": "Pass", "fail": "Fail", "skip": "Skipped"}


def js_object(mapping):
    return to_js(mapping, dict_converter=window.Object.fromEntries)


class ExercisePanel(Panel):
    """Set up when the exercise first comes near the viewport, not at start-up.

    Importing the checks (py/core/exercise.py) and the editor costs time the page's
    start-up need not pay for a learner who never scrolls this far.  It does not
    use the Notebook, so it renders on no change.
    """

    def bind(self):
        self.code = self.find("#exercise-code")
        self.check_button = self.find("#exercise-check")
        self.hint_button = self.find("#exercise-hint")
        self.hints = self.find("#exercise-hints")
        self.saved = self.find("#exercise-saved")
        self.undo = self.find("#exercise-undo")
        self.status = self.find("#exercise-status")
        self.results = self.find("#exercise-results")
        self.traceback = self.find("#exercise-traceback")
        self.output = self.find("#exercise-output")
        self.exercise = None  # py/core/exercise.py, imported by start()
        self.worker = None
        self.worker_started = False  # its Python is up, so a check starts at once
        self.run_id = 0
        self.step = ""
        self.timer = None
        self.save_timer = None
        self.before_reset = None
        self.shown_hints = 0
        # Handed to each new worker and timer: kept, not listened through self.listen.
        self._on_message = self.keep(create_proxy(guarded(self.on_message)))
        self._on_worker_error = self.keep(create_proxy(guarded(self.on_worker_error)))
        self._on_timeout = self.keep(create_proxy(guarded(self.on_timeout)))
        self._autosave = self.keep(create_proxy(guarded(self.save)))
        self.listen(self.check_button, "click", self.check)
        self.listen(self.hint_button, "click", self.next_hint)
        self.listen(self.find("#exercise-reset"), "click", self.reset)
        self.listen(self.undo, "click", self.undo_reset)
        self.listen(self.code, "input", self.on_input)
        self.listen(window, "pagehide", self.save)
        near = self.keep(create_proxy(guarded(self.on_near)))
        self._observer = self.keep(
            window.IntersectionObserver.new(near, js_object({"rootMargin": "600px 0px"}))
        )
        self._observer.observe(self.root)

    def on_near(self, entries, observer=None):
        if any(entry.isIntersecting for entry in entries):
            self.start()

    def start(self):
        """Load the checks, the learner's code and the editor (once)."""
        if self.exercise is not None:
            return
        self._observer.disconnect()
        from core import exercise  # here, not at the top: see the class docstring

        self.exercise = exercise
        self.store = exercise.CodeStore(open_storage())
        self.sources = {
            f"core/{Path(module.__file__).name}": Path(module.__file__).read_text(encoding="utf-8")
            for module in (core, errors, kl, exercise)
        }
        self.code.value = self.store.load()
        self.code.disabled = False
        self.show_storage_notice()
        script = element("script", type="module", src=EDITOR_URL)
        self.listen(script, "error", self.on_editor_error)
        document.head.appendChild(script)

    def on_editor_error(self, event):
        self.find("[data-editor]").setAttribute("data-editor", "plain")
        self.show_notice("The code editor did not load; the plain text box works the same.")

    # ---- keeping the code ----------------------------------------------------------------

    def on_input(self, event):
        if self.exercise is not None:
            self.ensure_worker()  # someone typing will check soon: start its Python now
        if self.save_timer is not None:
            window.clearTimeout(self.save_timer)
        self.save_timer = window.setTimeout(self._autosave, AUTOSAVE_MS)

    def save(self, event=None):
        if self.exercise is None:
            return  # nothing loaded, so nothing typed
        if self.save_timer is not None:
            window.clearTimeout(self.save_timer)
            self.save_timer = None
        if self.store.memory == self.code.value:
            return
        self.store.save(self.code.value)
        self.show_storage_notice()

    def show_storage_notice(self):
        if self.store.notice:
            self.show_notice(self.store.notice)

    def show_notice(self, text):
        self.saved.textContent = text
        self.saved.hidden = False

    def set_code(self, text):
        self.code.value = text
        self.code.dispatchEvent(window.Event.new("kl-code-set"))
        self.save()

    def reset(self, event):
        self.start()
        exercise = self.exercise
        if self.code.value == exercise.STARTER:
            return
        self.before_reset = self.code.value
        self.set_code(exercise.STARTER)
        self.undo.hidden = False
        self.show_notice("The starter code is back. Your previous code is kept until you reload.")

    def undo_reset(self, event):
        if self.before_reset is not None:
            self.set_code(self.before_reset)
            self.before_reset = None
        self.undo.hidden = True
        self.saved.hidden = True
        self.show_storage_notice()

    # ---- hints -------------------------------------------------------------------------

    def next_hint(self, event):
        items = self.hints.querySelectorAll("li")
        item = items[self.shown_hints]
        item.hidden = False
        self.shown_hints += 1
        if self.shown_hints == items.length:
            self.hint_button.hidden = True
            item.setAttribute("tabindex", "-1")
            item.focus()
        else:
            self.hint_button.textContent = (
                f"Show code hint {self.shown_hints + 1} of {items.length}"
            )

    # ---- checking ----------------------------------------------------------------------

    def ensure_worker(self):
        """The worker, created (and its Python started) if there is none."""
        if self.worker is None:
            self.worker = window.Worker.new(WORKER_URL, js_object({"type": "module"}))
            self.worker.addEventListener("message", self._on_message)
            self.worker.addEventListener("error", self._on_worker_error)
            self.worker_started = False
            self.worker.postMessage(js_object({"type": "warm", "sources": self.sources}))
        return self.worker

    def check(self, event):
        self.start()
        self.save()
        self.run_id += 1
        self.ensure_worker()
        self.check_button.disabled = True
        self.root.classList.add("is-running")  # the last results stay, dimmed, until replaced
        self.results.setAttribute("aria-busy", "true")
        self.set_status(
            "Running your code…" if self.worker_started else "Starting Python for the checks…"
        )
        self.step = self.exercise.TOP_LEVEL_STEP
        message = {"id": self.run_id, "type": "check", "code": self.code.value}
        self.worker.postMessage(js_object(message))  # the warm-up message carried the sources
        self._start_timer(RUN_LIMIT_MS if self.worker_started else START_LIMIT_MS)

    def _start_timer(self, ms):
        self._clear_timer()
        self.timer = window.setTimeout(self._on_timeout, ms)

    def _clear_timer(self):
        if self.timer is not None:
            window.clearTimeout(self.timer)
            self.timer = None

    def on_message(self, event):
        data = event.data.to_py()
        if data.get("id") != self.run_id:
            return  # from a run that was already given up
        kind = data.get("type")
        if kind == "running":
            self.worker_started = True
            self.set_status("Running your code…")
            self._start_timer(RUN_LIMIT_MS)
        elif kind == "step":
            self.step = data["name"]
        elif kind == "result":
            self._clear_timer()
            self.show_result(data["result"])
            self.check_button.disabled = False
        elif kind == "failed":
            reason = str(data.get("message", "")).strip().splitlines()[-1:] or ["no reason given"]
            self.give_up(f"Python for the checks could not run ({reason[0][:200]}).")

    def on_worker_error(self, event):
        event.preventDefault()
        self.give_up("Python for the checks stopped unexpectedly.")

    def on_timeout(self):
        self.timer = None
        if not self.worker_started:
            self.give_up(
                f"Python for the checks did not start within {START_LIMIT_MS // 1000} seconds."
            )
            return
        if self.step == self.exercise.TOP_LEVEL_STEP:
            where = "while running the top level of your code"
        else:
            where = f"while checking “{self.step}”"
        self.give_up(
            f"Stopped: your code was still running after {RUN_LIMIT_MS // 1000} seconds, "
            f"{where}. Is there a loop that never ends? The page is fine; "
            "the next check starts a fresh Python."
        )

    def give_up(self, text):
        """End the worker (an endless loop cannot be interrupted any other way)."""
        self._clear_timer()
        if self.worker is not None:
            self.worker.terminate()
            self.worker = None
        self.run_id += 1  # anything the old worker still sends is ignored
        self.clear_results()
        self.set_status(text, problem=True)
        self.check_button.disabled = False

    # ---- rendering ---------------------------------------------------------------------

    def set_status(self, text, problem=False):
        self.status.textContent = text
        self.status.classList.toggle("problem", problem)

    def clear_results(self):
        self.root.classList.remove("is-running")
        self.results.removeAttribute("aria-busy")
        self.results.replaceChildren()
        self.results.hidden = True
        self.traceback.hidden = True
        self.find("#exercise-traceback-title").hidden = True
        self.output.textContent = "Nothing was printed."

    def show_result(self, result):
        self.clear_results()
        self.set_status(self.exercise.summary(result), problem=not _all_pass(result))
        for check in result["checks"]:
            status = check["status"]
            item = element("li", className=f"check check-{status}")
            badge = element("span", className="check-status", textContent=STATUS_WORDS[status])
            name = element("span", className="check-name", textContent=check["name"])
            item.append(badge, " ", name)
            if check["detail"]:
                item.append(element("p", className="check-detail", textContent=check["detail"]))
            self.results.appendChild(item)
        self.results.hidden = not result["checks"]
        if result["traceback"]:
            self.traceback.textContent = result["traceback"]
            self.traceback.hidden = False
            self.find("#exercise-traceback-title").hidden = False
        printed = result["output"]
        if result["output_cut"]:
            limit = self.exercise.OUTPUT_LIMIT
            printed += f"\n… (cut: only the first {limit:,} characters are shown)"
        self.output.textContent = printed or "Nothing was printed."


def _all_pass(result):
    return result["defined"] and all(c["status"] != "fail" for c in result["checks"])
