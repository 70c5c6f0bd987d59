"""The research room's shelf of saved drafts: list, open, delete, export and import.

It draws core/research.py's ``DraftStore`` and its bundle rules (``export_bundle``,
``import_bundle``, ``plan_import``, ``apply_import``); the room it belongs to
owns the open draft.
"""

from core import research
from core.errors import LearnerInputError
from dom import Panel, element, once
from pyscript import document, window
from pyscript.ffi import is_none

EXPORT_NAME = "kl-notebook-drafts.json"
#: How long the download link's object URL lives: long enough for the click to start it.
REVOKE_MS = 1000


class DraftShelf(Panel):
    """The drafts list and the export/import buttons, inside the research room's root."""

    def __init__(self, root, room):
        self.room = room  # the ResearchRoom: its editor, and how it shows a draft
        self.store = room.store
        super().__init__(root)

    def bind(self):
        self.list = self.find("#draft-list")
        self.report = self.find("#import-report")
        self.export_button = self.find("#drafts-export")
        self.listed = []  # object keys in the drafts list, in order
        self.listen(self.list, "click", self.on_list)
        self.listen(self.export_button, "click", self.export)
        self.listen(self.find("#drafts-import"), "change", self.import_file)

    def update(self):
        """List the stored drafts; reports any it had to move aside.  Returns the drafts."""
        drafts, problems = self.store.load_all()
        if problems:
            self.room.alert(" ".join(problems), "load")
        self.listed = [draft["object"] for draft in drafts]
        self.list.replaceChildren()
        if not drafts:
            self.list.appendChild(element("li", textContent="No drafts saved yet."))
        for draft in drafts:
            obj = research.OBJECTS_BY_KEY[draft["object"]]
            li = document.createElement("li")
            saved = self.room.local_time(draft["saved_at"])
            li.appendChild(element("span", textContent=f"{obj.kind}: {obj.title} (saved {saved})"))
            for action, text in (("open", "Open"), ("delete", "Delete")):
                attrs = {
                    "data-action": action,
                    "data-key": draft["object"],
                    "aria-label": f"{text} the draft about {obj.title}",
                }
                li.appendChild(element("button", attrs, type="button", textContent=text))
            self.list.appendChild(li)
        return drafts

    def on_list(self, event):
        button = event.target.closest("button")
        if is_none(button):
            return
        key = button.dataset.key
        if button.dataset.action == "open":
            self.room.open_object(key)
            self.room.select.focus()  # the list was rebuilt; the object box says what is open
            return
        title = research.title_of(key)
        if not window.confirm(f"Delete the draft about “{title}”? This cannot be undone."):
            return
        position = self.listed.index(key) if key in self.listed else 0
        self.room.delete(key)
        # The list was rebuilt: focus the draft now in that place, else the next control.
        opens = self.list.querySelectorAll("button[data-action=open]")
        if opens.length:
            opens.item(min(position, opens.length - 1)).focus()
        else:
            self.export_button.focus()

    def export(self, event):
        self.room.save_now()
        text = research.export_bundle(self.store.all())
        options = window.Object.new()
        options.type = "application/json"
        url = window.URL.createObjectURL(window.Blob.new([text], options))
        link = element("a", href=url, download=EXPORT_NAME)
        link.click()
        window.setTimeout(once(lambda: window.URL.revokeObjectURL(url)), REVOKE_MS)

    def import_file(self, event):
        files = event.target.files
        if not files.length:
            return
        file = files.item(0)
        event.target.value = ""
        if file.size > research.MAX_IMPORT_CHARS:
            self.report.textContent = (
                f"That file is larger than {research.MAX_IMPORT_CHARS:,} bytes, "
                "so it cannot be a drafts export: nothing was imported."
            )
            return
        file.text().then(once(self.import_text), once(self.unreadable))

    def unreadable(self, error):
        self.report.textContent = "The browser could not read that file: nothing was imported."

    def import_text(self, text):
        try:
            accepted, rejected = research.import_bundle(text)
        except LearnerInputError as problem:
            self.report.textContent = str(problem)
            return
        self.room.save_now()  # so the comparison below sees what the learner typed
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
        self.report.textContent = research.apply_import(plan, rejected, self.store, replace)
        self.room.reload()
