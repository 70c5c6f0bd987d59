"""The research room panel: binds research.py's drafts and prompt to the page.

Everything the learner typed is written back with ``value`` or ``textContent``,
never as HTML.  Drafts autosave after typing pauses and when the page is hidden.
"""

from datetime import UTC, datetime

import research
import state
from dom import element, guarded, listen
from pyodide.ffi import create_once_callable, create_proxy
from pyscript import document, window

AUTOSAVE_MS = 700


def now():
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_storage():
    """window.localStorage, or None where merely touching it throws (blocked storage)."""
    try:
        return window.localStorage
    except Exception:  # noqa: BLE001 - a SecurityError from the browser
        return None


class BrokenStorage:
    """Stands in for storage the browser will not give us, so DraftStore sees it fail."""

    length = 0

    def setItem(self, key, value):  # noqa: N802 - the Web Storage method name
        raise RuntimeError("SecurityError: storage is not available")


class ResearchRoom:
    def __init__(self, nb, root):
        self.nb = nb
        self.root = root
        storage = open_storage()
        self.store = research.DraftStore(storage if storage else BrokenStorage(), now)
        self.q = root.querySelector
        self.select = self.q("#research-object")
        self.question = self.q("#research-question")
        self.note = self.q("#research-note")
        self.next_action = self.q("#research-next")
        self.prompt = self.q("#research-prompt")
        self.lists = {"evidence": self.q("#evidence-list"), "criteria": self.q("#criteria-list")}
        self.timer = None
        self.dirty = False  # typed since the last save: only then is anything written
        self.conflict = False  # another tab changed this draft; autosave waits for a choice
        self.last_written = None
        self._proxies = []
        self._autosave = create_proxy(guarded(self.save_now))
        self._fill_objects()
        for name, handler in (
            ("#research-object", ("change", self.on_object)),
            ("#evidence-add", ("click", lambda e: self.add_item("evidence"))),
            ("#criteria-add", ("click", lambda e: self.add_item("criteria"))),
            ("#prompt-copy", ("click", self.copy_prompt)),
            ("#drafts-export", ("click", self.export)),
            ("#drafts-import", ("change", self.import_file)),
            ("#draft-list", ("click", self.on_draft_list)),
            ("#conflict-theirs", ("click", self.take_theirs)),
            ("#conflict-mine", ("click", self.keep_mine)),
        ):
            listen(self.q(name), handler[0], handler[1], self._proxies)
        listen(self.q(".room"), "input", self.on_input, self._proxies)
        listen(self.q(".room"), "click", self.on_list_click, self._proxies)
        listen(window, "storage", self.on_storage, self._proxies)
        listen(window, "pagehide", self.save_now, self._proxies)
        listen(document, "visibilitychange", self.on_visibility, self._proxies)
        for kind in ("keydown",):
            listen(
                self.q("#evidence-new"), kind, lambda e: self.on_enter(e, "evidence"), self._proxies
            )
            listen(
                self.q("#criteria-new"), kind, lambda e: self.on_enter(e, "criteria"), self._proxies
            )
        if self.store.notice:
            self.show_storage_notice()
        self.open_object(research.CONCEPT_KEY)
        nb.subscribe(self.on_notebook)

    # ---- objects and drafts -----------------------------------------------------------

    def _fill_objects(self):
        self.select.replaceChildren()
        groups = {}
        for obj in research.OBJECTS:
            if obj.kind not in groups:
                group = document.createElement("optgroup")
                group.label = obj.kind.capitalize()
                self.select.appendChild(group)
                groups[obj.kind] = group
            option = document.createElement("option")
            option.value = obj.key
            option.textContent = obj.title
            groups[obj.kind].appendChild(option)

    def open_object(self, key):
        self.dirty = False
        draft, problem = self.store.load(key)
        if problem:
            self.alert(problem)
        self.draft = draft or research.new_draft(key)
        self.select.value = key
        self.q("#research-object-key").textContent = key
        self.question.value = self.draft["question"]
        self.note.value = self.draft["note"]
        self.next_action.value = self.draft["next_action"]
        for field in self.lists:
            self.render_list(field)
        self.show_saved()
        self.render_prompt()
        self.render_drafts()

    def on_object(self, event):
        self.save_now()
        self.open_object(self.select.value)

    def render_list(self, field):
        ul = self.lists[field]
        noun = ul.dataset.noun
        ul.replaceChildren()
        for i, item in enumerate(self.draft[field]):
            li = document.createElement("li")
            index = {"data-index": str(i)}
            box = element("input", type="checkbox", checked=item["checked"], attrs=index)
            box.setAttribute("aria-label", f"Include {noun.lower()} {i + 1} in the prompt")
            text = element("input", type="text", className="item-text", value=item["text"])
            text.setAttribute("data-index", str(i))
            text.setAttribute("aria-label", f"{noun} {i + 1}")
            remove = element("button", type="button", className="remove", textContent="Remove")
            remove.setAttribute("data-index", str(i))
            remove.setAttribute("aria-label", f"Remove {noun.lower()} {i + 1}")
            li.append(box, text, remove)
            ul.appendChild(li)

    def add_item(self, field):
        box = self.q(f"#{field}-new")
        text = box.value.strip()
        if not text:
            return
        if len(self.draft[field]) >= research.MAX_ITEMS:
            self.alert(f"A list holds at most {research.MAX_ITEMS} items.")
            return
        self.draft[field].append({"text": text[:500], "checked": True})
        box.value = ""
        self.render_list(field)
        self.changed()

    def on_enter(self, event, field):
        if event.key == "Enter":
            event.preventDefault()
            self.add_item(field)

    def on_list_click(self, event):
        target = event.target
        if target.classList.contains("remove"):
            field = target.closest("ul").dataset.field
            del self.draft[field][int(target.dataset.index)]
            self.render_list(field)
            self.changed()

    def on_input(self, event):
        target = event.target
        ul = target.closest("ul.checklist")
        if ul:
            item = self.draft[ul.dataset.field][int(target.dataset.index)]
            if target.type == "checkbox":
                item["checked"] = bool(target.checked)
            else:
                item["text"] = target.value[:500]
        elif target == self.question:
            self.draft["question"] = target.value[:1000]
        elif target == self.note:
            self.draft["note"] = target.value[: research.MAX_TEXT]
        elif target == self.next_action:
            self.draft["next_action"] = target.value[:1000]
        else:
            return
        self.changed()

    def changed(self):
        self.dirty = True
        self.render_prompt()
        if self.timer is not None:
            window.clearTimeout(self.timer)
        self.timer = window.setTimeout(self._autosave, AUTOSAVE_MS)

    def save_now(self, event=None, force=False):
        if self.timer is not None:
            window.clearTimeout(self.timer)
            self.timer = None
        if not force and (not self.dirty or self.conflict):
            return  # nothing new, or waiting for the learner to settle a conflict
        self.dirty = False
        mode = self.store.mode
        self.draft = self.store.save(self.draft)
        self.last_written = research.serialize(self.draft)
        if self.store.mode != mode:
            self.show_storage_notice()
        self.show_saved()
        self.render_drafts()

    def on_visibility(self, event):
        if document.visibilityState == "hidden":
            self.save_now()

    def show_saved(self):
        saved = self.draft.get("saved_at")
        where = (
            "in this browser" if self.store.mode == "local" else "in memory only (not in storage)"
        )
        text = (
            f"Last saved {where} at {saved.replace('T', ' ')}."
            if saved
            else "No local draft saved yet."
        )
        self.q("#research-saved").textContent = text

    def show_storage_notice(self):
        notice = self.q("#research-storage")
        notice.textContent = self.store.notice
        notice.hidden = False

    def alert(self, text):
        box = self.q("#research-alert")
        box.textContent = text
        box.hidden = False

    # ---- the drafts list, export and import ---------------------------------------------

    def render_drafts(self):
        ul = self.q("#draft-list")
        ul.replaceChildren()
        drafts = self.store.all()
        if not drafts:
            li = document.createElement("li")
            li.textContent = "No drafts saved yet."
            ul.appendChild(li)
        for draft in drafts:
            obj = research.OBJECTS_BY_KEY[draft["object"]]
            li = document.createElement("li")
            label = document.createElement("span")
            label.textContent = (
                f"{obj.kind}: {obj.title} (saved {str(draft['saved_at']).replace('T', ' ')})"
            )
            li.appendChild(label)
            for action, text in (("open", "Open"), ("delete", "Delete")):
                label_text = f"{text} the draft about {obj.title}"
                attrs = {
                    "data-action": action,
                    "data-key": draft["object"],
                    "aria-label": label_text,
                }
                button = element("button", attrs, type="button", textContent=text)
                li.appendChild(button)
            ul.appendChild(li)

    def on_draft_list(self, event):
        button = event.target.closest("button")
        if not button:
            return
        key = button.dataset.key
        if button.dataset.action == "open":
            self.save_now()
            self.open_object(key)
        elif window.confirm(
            f"Delete the draft about “{research.OBJECTS_BY_KEY[key].title}”? This cannot be undone."
        ):
            self.store.delete(key)
            if key == self.draft["object"]:
                self.open_object(key)
            self.render_drafts()

    def export(self, event):
        self.save_now()
        text = research.export_bundle(self.store.all())
        options = window.Object.new()
        options.type = "application/json"
        blob = window.Blob.new([text], options)
        url = window.URL.createObjectURL(blob)
        link = document.createElement("a")
        link.href = url
        link.download = "kl-notebook-drafts.json"
        link.click()
        window.setTimeout(create_once_callable(lambda: window.URL.revokeObjectURL(url)), 1000)

    def import_file(self, event):
        files = event.target.files
        if not files.length:
            return
        files.item(0).text().then(create_once_callable(guarded(self.import_text)))
        event.target.value = ""

    def import_text(self, text):
        report = self.q("#import-report")
        try:
            accepted, rejected = research.import_bundle(text)
        except ValueError as problem:
            report.textContent = str(problem)
            return
        for draft in accepted:
            self.store.save(draft)
        parts = [f"Imported {len(accepted)} draft{'s' if len(accepted) != 1 else ''}."]
        parts.extend(f"Draft {position} was rejected: {reason}" for position, reason in rejected)
        report.textContent = " ".join(parts)
        self.open_object(self.draft["object"])

    # ---- another tab editing the same draft ---------------------------------------------

    def on_storage(self, event):
        if event.key != research.storage_key(self.draft["object"]):
            return
        if event.newValue == self.last_written:
            return
        self.conflict = True
        self.q("#research-conflict").hidden = False

    def take_theirs(self, event):
        self.conflict = False
        self.q("#research-conflict").hidden = True
        self.open_object(self.draft["object"])

    def keep_mine(self, event):
        self.conflict = False
        self.q("#research-conflict").hidden = True
        self.save_now(force=True)

    # ---- the hand-off prompt ---------------------------------------------------------

    def demo_lines(self):
        snap = self.nb.shown
        link = window.location.href.split("#")[0] + "#" + state.encode_hash(snap.weights)
        fmt = ", ".join
        return [
            f"p = ({fmt(f'{v:.3g}' for v in state.P)})",
            f"q = ({fmt(f'{v:.4g}' for v in snap.q)})",
            f"weights = ({fmt(f'{w:g}' for w in snap.weights)})",
            f"KL(p||q) = {snap.kl_pq:.4f} nats; KL(q||p) = {snap.kl_qp:.4f} nats",
            f"Shareable link: {link}",
        ]

    def render_prompt(self):
        self.prompt.value = research.handoff_prompt(self.draft, self.demo_lines())

    def on_notebook(self, nb, change):
        if change in ("reveal", "weights") and self.draft["object"] == research.DEMO_KEY:
            self.render_prompt()

    def copy_prompt(self, event):
        status = self.q("#copy-status")
        text = self.prompt.value

        def fallback(*args):
            self.prompt.focus()
            self.prompt.select()
            status.textContent = (
                "Copying is blocked here: the prompt is selected, press Ctrl+C (⌘C) to copy it."
            )

        def done(*args):
            status.textContent = "Copied the prompt to the clipboard."

        clipboard = window.navigator.clipboard
        if not clipboard:
            fallback()
            return
        clipboard.writeText(text).then(create_once_callable(done), create_once_callable(fallback))
