"""The research room panel: binds research.py's drafts, editor and prompt to the page.

Everything the learner typed is written back with ``value`` or ``textContent``,
never as HTML.  The rules for when a draft is written live in ``research.Editor``;
this module turns events into its calls and renders what it holds.
"""

from datetime import UTC, datetime

from core import research, state
from dom import element, guarded, listen, open_storage
from pyodide.ffi import create_once_callable, create_proxy
from pyscript import document, window

AUTOSAVE_MS = 700
# The text boxes with a character counter: draft field -> element id.
COUNTED = {"question": "research-question", "note": "research-note", "next_action": "research-next"}


def now():
    return datetime.now(UTC).isoformat(timespec="seconds")


def local_offset(epoch_ms):
    """The browser's UTC offset at that moment (minutes, UTC minus local), summer time included."""
    return window.Date.new(epoch_ms).getTimezoneOffset()


def local_time(saved_at):
    return research.readable_time(saved_at, local_offset)


class BrokenStorage:
    """Stands in for storage the browser will not give us, so DraftStore sees it fail."""

    length = 0

    def setItem(self, key, value):  # noqa: N802 - the Web Storage method names
        raise RuntimeError("SecurityError: storage is not available")

    def getItem(self, key):  # noqa: N802
        raise RuntimeError("SecurityError: storage is not available")

    def removeItem(self, key):  # noqa: N802
        raise RuntimeError("SecurityError: storage is not available")


class ResearchRoom:
    def __init__(self, nb, root):
        self.nb = nb
        self.root = root
        storage = open_storage()
        self.store = research.DraftStore(storage if storage else BrokenStorage(), now)
        self.editor = research.Editor(self.store)
        self.q = root.querySelector
        self.select = self.q("#research-object")
        self.boxes = {name: self.q(f"#{box_id}") for name, box_id in COUNTED.items()}
        self.prompt = self.q("#research-prompt")
        self.lists = {"evidence": self.q("#evidence-list"), "criteria": self.q("#criteria-list")}
        self.timer = None
        self.alert_cause = None
        self.listed = []  # object keys in the drafts list, in order
        self._proxies = []
        self._autosave = create_proxy(guarded(self.autosave))
        self._fill_objects()
        for name, box in self.boxes.items():
            box.maxLength = research.FIELD_LIMITS[name]
        for list_name in self.lists:
            self.q(f"#{list_name}-new").maxLength = research.MAX_ITEM_TEXT
            self.q(
                f"#{list_name}-limit"
            ).textContent = f"Each item holds up to {research.MAX_ITEM_TEXT} characters."
        for name, (kind, handler) in {
            "#research-object": ("change", self.on_object),
            "#evidence-add": ("click", lambda e: self.add_item("evidence")),
            "#criteria-add": ("click", lambda e: self.add_item("criteria")),
            "#prompt-copy": ("click", self.copy_prompt),
            "#drafts-export": ("click", self.export),
            "#drafts-import": ("change", self.import_file),
            "#draft-list": ("click", self.on_draft_list),
            "#conflict-theirs": ("click", self.take_theirs),
            "#conflict-mine": ("click", self.keep_mine),
            "#evidence-new": ("keydown", lambda e: self.on_enter(e, "evidence")),
            "#criteria-new": ("keydown", lambda e: self.on_enter(e, "criteria")),
            ".room": ("input", self.on_input),
        }.items():
            listen(self.q(name), kind, handler, self._proxies)
        listen(self.q(".room"), "click", self.on_list_click, self._proxies)
        listen(window, "storage", self.on_storage, self._proxies)
        listen(window, "pagehide", self.save_now, self._proxies)
        listen(document, "visibilitychange", self.on_visibility, self._proxies)
        self.show_storage_notice()
        drafts = self.render_drafts()  # reports drafts it had to move aside
        self.show(self.editor.open(research.last_edited(drafts) or research.CONCEPT_KEY))
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

    def show(self, problem=None):
        """Render the editor's open draft; ``problem`` (a load report) goes to the alert."""
        draft = self.editor.draft
        if problem:
            self.alert(problem, "load")
        self.select.value = draft["object"]
        self.q("#research-object-key").textContent = draft["object"]
        for name, box in self.boxes.items():
            box.value = draft[name]
            self.count(name)
        for list_name in self.lists:
            self.render_list(list_name)
        self.q("#research-conflict").hidden = not self.editor.in_conflict
        self.show_saved()
        self.render_prompt()

    def open_object(self, key):
        self.cancel_timer()
        self.clear_alert()  # what it reported was about the draft being left
        self.show(self.editor.switch(key))
        self.after_write()

    def on_object(self, event):
        self.open_object(self.select.value)

    def render_list(self, list_name):
        ul = self.lists[list_name]
        noun = ul.dataset.noun
        ul.replaceChildren()
        for i, item in enumerate(self.editor.draft[list_name]):
            li = document.createElement("li")
            index = {"data-index": str(i)}
            box = element("input", type="checkbox", checked=item["checked"], attrs=index)
            box.setAttribute("aria-label", f"Include {noun.lower()} {i + 1} in the prompt")
            text = element("input", type="text", className="item-text", value=item["text"])
            text.maxLength = research.MAX_ITEM_TEXT
            text.setAttribute("data-index", str(i))
            text.setAttribute("aria-label", f"{noun} {i + 1}")
            remove = element("button", type="button", className="remove", textContent="Remove")
            remove.setAttribute("data-index", str(i))
            remove.setAttribute("aria-label", f"Remove {noun.lower()} {i + 1}")
            li.append(box, text, remove)
            ul.appendChild(li)

    def add_item(self, list_name):
        box = self.q(f"#{list_name}-new")
        try:
            added = self.editor.add_item(list_name, box.value)
        except research.DraftError as problem:
            self.alert(str(problem), ("full", list_name))
            return
        if added:
            box.value = ""
            self.render_list(list_name)
            self.changed()

    def on_enter(self, event, list_name):
        if event.key == "Enter":
            event.preventDefault()
            self.add_item(list_name)

    def on_list_click(self, event):
        target = event.target
        if not target.classList.contains("remove"):
            return
        list_name = target.closest("ul").dataset.field
        index = int(target.dataset.index)
        self.editor.remove_item(list_name, index)
        self.clear_alert(("full", list_name))
        self.render_list(list_name)
        self.changed()
        # Focus the item that moved up into its place, else the one before, else the add box.
        buttons = self.lists[list_name].querySelectorAll("button.remove")
        if buttons.length:
            buttons.item(min(index, buttons.length - 1)).focus()
        else:
            self.q(f"#{list_name}-new").focus()

    def on_input(self, event):
        target = event.target
        ul = target.closest("ul.checklist")
        if ul:
            index = int(target.dataset.index)
            if target.type == "checkbox":
                self.editor.set_item(ul.dataset.field, index, checked=bool(target.checked))
            else:
                self.editor.set_item(ul.dataset.field, index, text=target.value)
        else:
            name = next((n for n, box in self.boxes.items() if box == target), None)
            if name is None:
                return
            try:
                self.editor.set_text(name, target.value)
            except research.DraftError as problem:  # only past the box's maxlength
                self.alert(str(problem), ("long", name))
                return
            self.clear_alert(("long", name))
            self.count(name)
        self.changed()

    def count(self, name):
        """The live character count under a text box, so the limit is never a surprise."""
        limit = research.FIELD_LIMITS[name]
        used = research.typed_length(self.editor.draft[name])
        counter = self.q(f"#{COUNTED[name]}-count")
        at_limit = used >= limit
        counter.textContent = f"{used:,} / {limit:,} characters" + (
            ": the limit, nothing more can be typed" if at_limit else ""
        )
        counter.classList.toggle("at-limit", at_limit)

    def changed(self):
        self.render_prompt()
        self.cancel_timer()
        if self.editor.should_save:
            self.timer = window.setTimeout(self._autosave, AUTOSAVE_MS)

    def cancel_timer(self):
        if self.timer is not None:
            window.clearTimeout(self.timer)
            self.timer = None

    def autosave(self):
        self.timer = None
        self.save_now()

    def save_now(self, event=None):
        self.cancel_timer()
        if self.editor.save():
            self.after_write()

    def after_write(self):
        self.show_storage_notice()
        self.show_saved()
        self.render_drafts()

    def on_visibility(self, event):
        if document.visibilityState == "hidden":
            self.save_now()

    def show_saved(self, text=None):
        draft = self.editor.draft
        if text is None and self.editor.in_conflict:
            text = "Your edits here are not saved yet: choose a version above."
        if text is None:
            where = (
                "in memory only (not in storage)"
                if draft["object"] in self.store.memory
                else "in this browser"
            )
            text = (
                f"Last saved {where} at {local_time(draft['saved_at'])}."
                if draft["saved_at"]
                else "No local draft saved yet."
            )
        self.q("#research-saved").textContent = text

    def show_storage_notice(self):
        # A live region that is always present, so a notice arriving mid-session is announced.
        self.q("#research-storage").textContent = self.store.notice or ""

    def alert(self, text, cause):
        box = self.q("#research-alert")
        box.textContent = text
        box.hidden = False
        self.alert_cause = cause

    def clear_alert(self, cause=None):
        """Hide the alert if it is about ``cause`` (any cause when None)."""
        if cause is None or cause == self.alert_cause:
            box = self.q("#research-alert")
            box.hidden = True
            box.textContent = ""
            self.alert_cause = None

    # ---- the drafts list, export and import ---------------------------------------------

    def render_drafts(self):
        """List the stored drafts; reports any it had to move aside.  Returns the drafts."""
        drafts, problems = self.store.load_all()
        if problems:
            self.alert(" ".join(problems), "load")
        self.listed = [draft["object"] for draft in drafts]
        ul = self.q("#draft-list")
        ul.replaceChildren()
        if not drafts:
            li = document.createElement("li")
            li.textContent = "No drafts saved yet."
            ul.appendChild(li)
        for draft in drafts:
            obj = research.OBJECTS_BY_KEY[draft["object"]]
            li = document.createElement("li")
            label = document.createElement("span")
            label.textContent = f"{obj.kind}: {obj.title} (saved {local_time(draft['saved_at'])})"
            li.appendChild(label)
            for action, text in (("open", "Open"), ("delete", "Delete")):
                attrs = {
                    "data-action": action,
                    "data-key": draft["object"],
                    "aria-label": f"{text} the draft about {obj.title}",
                }
                li.appendChild(element("button", attrs, type="button", textContent=text))
            ul.appendChild(li)
        return drafts

    def on_draft_list(self, event):
        button = event.target.closest("button")
        if not button:
            return
        key = button.dataset.key
        if button.dataset.action == "open":
            self.open_object(key)
            self.select.focus()  # the list was rebuilt; the object box says what is open now
            return
        title = research.title_of(key)
        if not window.confirm(f"Delete the draft about “{title}”? This cannot be undone."):
            return
        position = self.listed.index(key) if key in self.listed else 0
        if key == self.editor.key:
            self.cancel_timer()
        problem = self.editor.delete(key)
        if key == self.editor.key:
            self.show(problem)
        self.render_drafts()
        # The list was rebuilt: focus the draft now in that place, else the next control.
        opens = self.q("#draft-list").querySelectorAll("button[data-action=open]")
        if opens.length:
            opens.item(min(position, opens.length - 1)).focus()
        else:
            self.q("#drafts-export").focus()

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
        file = files.item(0)
        event.target.value = ""
        if file.size > research.MAX_IMPORT_CHARS:
            self.q("#import-report").textContent = (
                f"That file is larger than {research.MAX_IMPORT_CHARS:,} bytes, "
                "so it cannot be a drafts export: nothing was imported."
            )
            return
        file.text().then(create_once_callable(guarded(self.import_text)))

    def import_text(self, text):
        report = self.q("#import-report")
        try:
            accepted, rejected = research.import_bundle(text)
        except research.DraftError as problem:
            report.textContent = str(problem)
            return
        self.save_now()  # so the comparison below sees what the learner typed
        plan = research.plan_import(accepted, self.store)
        replace = False
        if plan.replacing:
            titles = "; ".join(f"“{research.title_of(d['object'])}”" for d in plan.replacing)
            replace = bool(
                window.confirm(
                    f"The file has different drafts about objects you already have drafts "
                    f"for here: {titles}. Replace yours with the file’s versions? "
                    "OK replaces them; Cancel keeps yours and imports only the others."
                )
            )
        report.textContent = research.apply_import(plan, rejected, self.store, replace)
        if not self.editor.dirty:
            self.show(self.editor.open(self.editor.key))
        self.after_write()

    # ---- another tab changing the drafts ---------------------------------------------------

    def on_storage(self, event):
        action, problem = self.editor.external_change(event.key, event.newValue)
        if action == "reload":
            self.show(self.editor.open(self.editor.key))
            if self.editor.draft["saved_at"]:
                self.show_saved(
                    "Updated with the version saved in another tab at "
                    f"{local_time(self.editor.draft['saved_at'])}."
                )
        elif action == "conflict":
            self.cancel_timer()
            self.q("#research-conflict").hidden = False
            self.show_saved()
        elif action == "same":
            self.cancel_timer()
            self.show_saved()
        elif action == "unreadable":
            self.alert(problem, "load")
            self.q("#research-conflict").hidden = True
            self.changed()  # autosave resumes for the learner's version
        if action is not None:
            self.render_drafts()

    def take_theirs(self, event):
        self.show(self.editor.take_theirs())
        self.render_drafts()
        self.select.focus()

    def keep_mine(self, event):
        self.editor.keep_mine()
        self.q("#research-conflict").hidden = True
        self.after_write()
        self.select.focus()

    # ---- the hand-off prompt ---------------------------------------------------------

    def demo_lines(self):
        snap = self.nb.current
        link = window.location.href.split("#")[0] + "#" + state.encode_hash(snap.weights)
        totals_shown = self.nb.shown.weights == snap.weights
        return research.demo_state_lines(state.P, snap, link, totals_shown)

    def render_prompt(self):
        demo = self.demo_lines() if self.editor.key == research.DEMO_KEY else None
        self.prompt.value = research.handoff_prompt(self.editor.draft, demo)

    def on_notebook(self, nb, change):
        if change in ("reveal", "weights", "round") and self.editor.key == research.DEMO_KEY:
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
