"""The research room: the draft editor for one object, bound to research.py's ``Editor``.

Everything the learner typed is written back with ``value`` or ``textContent``,
never as HTML.  The rules for when a draft is written live in ``research.Editor``;
this module turns events into its calls and renders what it holds.  The drafts
list with export and import is panels/drafts.py, the hand-off prompt panels/prompt.py.
"""

from datetime import UTC, datetime

from core import research
from core.errors import LearnerInputError
from core.state import Change
from dom import Panel, element, guarded, open_storage
from pyodide.ffi import create_proxy
from pyscript import document, window
from pyscript.ffi import is_none

from panels.drafts import DraftShelf
from panels.prompt import HandoffPrompt

AUTOSAVE_MS = 700
# The text boxes with a character counter: draft field -> element id.
COUNTED = {"question": "research-question", "note": "research-note", "next_action": "research-next"}
FIELD_OF_BOX = {box_id: name for name, box_id in COUNTED.items()}
LISTS = ("evidence", "criteria")


def now():
    return datetime.now(UTC).isoformat(timespec="seconds")


def local_offset(epoch_ms):
    """The browser's UTC offset at that moment (minutes, UTC minus local), summer time included."""
    return window.Date.new(epoch_ms).getTimezoneOffset()


class BrokenStorage:
    """Stands in for storage the browser will not give us, so DraftStore sees it fail."""

    length = 0

    def setItem(self, key, value):  # noqa: N802 - the Web Storage method names
        raise RuntimeError("SecurityError: storage is not available")

    def getItem(self, key):  # noqa: N802
        raise RuntimeError("SecurityError: storage is not available")

    def removeItem(self, key):  # noqa: N802
        raise RuntimeError("SecurityError: storage is not available")


class ResearchRoom(Panel):
    """One object's draft: its question, note, next action and two checklists."""

    renders = frozenset({Change.INIT})

    def bind(self):
        storage = open_storage()
        self.store = research.DraftStore(BrokenStorage() if storage is None else storage, now)
        self.editor = research.Editor(self.store)
        self.select = self.find("#research-object")
        self.boxes = {name: self.find(f"#{box_id}") for name, box_id in COUNTED.items()}
        self.lists = {name: self.find(f"#{name}-list") for name in LISTS}
        self.new_item = {name: self.find(f"#{name}-new") for name in LISTS}
        self.conflict = self.find("#research-conflict")
        self.alert_box = self.find("#research-alert")
        self.timer = None
        self.alert_cause = None
        self._autosave = self.keep(create_proxy(guarded(self.autosave)))
        self._fill_objects()
        for name, box in self.boxes.items():
            box.maxLength = research.FIELD_LIMITS[name]
        for name in LISTS:
            self.new_item[name].maxLength = research.MAX_ITEM_TEXT
            limit = f"Each item holds up to {research.MAX_ITEM_TEXT} characters."
            self.find(f"#{name}-limit").textContent = limit
            self.listen(self.find(f"#{name}-add"), "click", lambda e, n=name: self.add_item(n))
            self.listen(self.new_item[name], "keydown", lambda e, n=name: self.on_enter(e, n))
        room = self.find(".room")
        self.listen(self.select, "change", self.on_object)
        self.listen(room, "input", self.on_input)
        self.listen(room, "click", self.on_remove)
        self.listen(self.find("#conflict-theirs"), "click", self.take_theirs)
        self.listen(self.find("#conflict-mine"), "click", self.keep_mine)
        self.listen(window, "storage", self.on_storage)
        self.listen(window, "pagehide", self.save_now)
        self.listen(document, "visibilitychange", self.on_visibility)
        self.prompt = HandoffPrompt(self.root, self.nb, self.editor)
        self.shelf = DraftShelf(self.root, self)

    def render(self, change):
        self.show_storage_notice()
        drafts = self.shelf.update()  # reports drafts it had to move aside
        self.show(self.editor.open(research.last_edited(drafts) or research.CONCEPT_KEY))

    def dispose(self):
        self.prompt.dispose()
        self.shelf.dispose()
        super().dispose()

    @staticmethod
    def local_time(saved_at):
        return research.readable_time(saved_at, local_offset)

    # ---- objects and drafts -----------------------------------------------------------

    def _fill_objects(self):
        self.select.replaceChildren()
        groups = {}
        for obj in research.OBJECTS:
            if obj.kind not in groups:
                groups[obj.kind] = element("optgroup", label=obj.kind.capitalize())
                self.select.appendChild(groups[obj.kind])
            groups[obj.kind].appendChild(element("option", value=obj.key, textContent=obj.title))

    def show(self, problem=None):
        """Render the editor's open draft; ``problem`` (a load report) goes to the alert."""
        draft = self.editor.draft
        if problem:
            self.alert(problem, "load")
        self.select.value = draft["object"]
        self.find("#research-object-key").textContent = draft["object"]
        for name, box in self.boxes.items():
            box.value = draft[name]
            self.count(name)
        for name in LISTS:
            self.render_list(name)
        self.conflict.hidden = not self.editor.in_conflict
        self.show_saved()
        self.prompt.update()

    def open_object(self, key):
        self.cancel_timer()
        self.clear_alert()  # what it reported was about the draft being left
        self.show(self.editor.switch(key))
        self.after_write()

    def on_object(self, event):
        self.open_object(self.select.value)

    def delete(self, key):
        """Delete a stored draft (the learner confirmed); the open one starts afresh."""
        if key == self.editor.key:
            self.cancel_timer()
        problem = self.editor.delete(key)
        if key == self.editor.key:
            self.show(problem)
        self.shelf.update()

    def reload(self):
        """Drafts were imported: show the open one anew unless it has unsaved edits."""
        reloaded, problem = self.editor.reload()
        if reloaded:
            self.show(problem)
        self.after_write()

    # ---- the checklists -----------------------------------------------------------------

    def render_list(self, list_name):
        ul = self.lists[list_name]
        noun = ul.dataset.noun
        ul.replaceChildren()
        for i, item in enumerate(self.editor.draft[list_name]):
            index = {"data-index": str(i)}
            box = element(
                "input",
                {**index, "aria-label": f"Include {noun.lower()} {i + 1} in the prompt"},
                type="checkbox",
                checked=item["checked"],
            )
            text = element(
                "input",
                {**index, "aria-label": f"{noun} {i + 1}"},
                type="text",
                className="item-text",
                value=item["text"],
                maxLength=research.MAX_ITEM_TEXT,
            )
            remove = element(
                "button",
                {**index, "aria-label": f"Remove {noun.lower()} {i + 1}"},
                type="button",
                className="remove",
                textContent="Remove",
            )
            li = document.createElement("li")
            li.append(box, text, remove)
            ul.appendChild(li)

    def add_item(self, list_name):
        box = self.new_item[list_name]
        try:
            added = self.editor.add_item(list_name, box.value)
        except LearnerInputError as problem:
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

    def on_remove(self, event):
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
            self.new_item[list_name].focus()

    def on_input(self, event):
        target = event.target
        ul = target.closest("ul.checklist")
        if not is_none(ul):
            index = int(target.dataset.index)
            if target.type == "checkbox":
                self.editor.set_item(ul.dataset.field, index, checked=bool(target.checked))
            else:
                self.editor.set_item(ul.dataset.field, index, text=target.value)
        else:
            name = FIELD_OF_BOX.get(target.id)
            if name is None:
                return  # the add-item boxes: nothing is in the draft until it is added
            try:
                self.editor.set_text(name, target.value)
            except LearnerInputError as problem:  # only past the box's maxlength
                self.alert(str(problem), ("long", name))
                return
            self.clear_alert(("long", name))
            self.count(name)
        self.changed()

    def count(self, name):
        """The live character count under a text box, so the limit is never a surprise."""
        limit = research.FIELD_LIMITS[name]
        used = research.typed_length(self.editor.draft[name])
        counter = self.find(f"#{COUNTED[name]}-count")
        at_limit = used >= limit
        counter.textContent = f"{used:,} / {limit:,} characters" + (
            ": the limit, nothing more can be typed" if at_limit else ""
        )
        counter.classList.toggle("at-limit", at_limit)

    # ---- saving --------------------------------------------------------------------------

    def changed(self):
        self.prompt.update()
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
        self.shelf.update()

    def on_visibility(self, event):
        if document.visibilityState == "hidden":
            self.save_now()

    def show_saved(self, text=None):
        self.find("#research-saved").textContent = text or self.editor.saved_line(self.local_time)

    def show_storage_notice(self):
        # A live region that is always present, so a notice arriving mid-session is announced.
        self.find("#research-storage").textContent = self.store.notice or ""

    def alert(self, text, cause):
        self.alert_box.textContent = text
        self.alert_box.hidden = False
        self.alert_cause = cause

    def clear_alert(self, cause=None):
        """Hide the alert if it is about ``cause`` (any cause when None)."""
        if cause is None or cause == self.alert_cause:
            self.alert_box.hidden = True
            self.alert_box.textContent = ""
            self.alert_cause = None

    # ---- another tab changing the drafts ---------------------------------------------------

    def on_storage(self, event):
        action, problem = self.editor.external_change(event.key, event.newValue)
        if action == "reload":
            self.show(self.editor.open(self.editor.key))
            if self.editor.draft["saved_at"]:
                self.show_saved(
                    "Updated with the version saved in another tab at "
                    f"{self.local_time(self.editor.draft['saved_at'])}."
                )
        elif action == "conflict":
            self.cancel_timer()
            self.conflict.hidden = False
            self.show_saved()
        elif action == "same":
            self.cancel_timer()
            self.show_saved()
        elif action == "unreadable":
            self.alert(problem, "load")
            self.conflict.hidden = True
            self.changed()  # autosave resumes for the learner's version
        if action is not None:
            self.shelf.update()

    def take_theirs(self, event):
        self.show(self.editor.take_theirs())
        self.shelf.update()
        self.select.focus()

    def keep_mine(self, event):
        self.editor.keep_mine()
        self.conflict.hidden = True
        self.after_write()
        self.select.focus()
