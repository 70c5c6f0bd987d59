"""Research room logic: grounded objects, local drafts, import/export and the hand-off prompt.

No DOM here.  ``DraftStore`` takes any object with the Web Storage methods
(getItem, setItem, removeItem, key, length), so the browser passes
``localStorage`` and the tests pass a fake that can fail the way browsers do.
``Editor`` holds the open draft and the rules for when it is written (autosave,
unsaved edits, another tab's save).  Nothing here ever sends data anywhere.

Everything read from storage or from an imported file is untrusted: it is
checked for size and nesting depth before it is parsed, and every other
problem is a ``DraftError`` that says what is wrong.
"""

import json
import re
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from core.errors import LearnerInputError, is_quota_error
from core.text import Unit, info

CONCEPT_KEY = "concept:information-theory/kl-divergence"
ANCHOR_ID = "concept/concept-notebook/information-theory/kl-divergence"
CONTEXT = "Information Theory"
TITLE = "KL Divergence (Relative Entropy)"
SCHEMA_VERSION = 2
STORAGE_PREFIX = f"kl-notebook:{CONCEPT_KEY}:draft:"
BACKUP_PREFIX = f"kl-notebook:{CONCEPT_KEY}:backup:"
EXPORT_FORMAT = "kl-notebook-drafts"

MAX_TEXT = 4000
MAX_ITEMS = 30
MAX_ITEM_TEXT = 500
# The text fields of a draft and the most characters each may hold (the page's maxlength).
FIELD_LIMITS = {"question": 1000, "note": MAX_TEXT, "next_action": 1000}
# A draft needs 3 levels of brackets and an export 5: anything much deeper is not ours.
MAX_DEPTH = 16
# A full draft is under 40,000 characters of text; escaping can at most sextuple it.
MAX_DRAFT_CHARS = 300_000
MAX_IMPORT_CHARS = 10_000_000

DEFAULT_QUESTION = f"What is the smallest example that makes {TITLE} click without losing the math?"
DEFAULT_EVIDENCE = (
    "Source ids to inspect: goodfellow-2016-deep-learning",
    "Definition, prerequisite, and contrast concept links",
    "The equation or code witness that makes the concept operational",
    "One demo state that shows the invariant instead of a slogan",
)
DEFAULT_CRITERIA = (
    "The learner can state the mechanism in their own words",
    "The learner can name the prerequisite that would repair confusion",
    "The learner can predict how the mechanism changes under one perturbation",
)


class DraftError(LearnerInputError):
    """A stored, imported or typed draft that cannot be used; the message says why."""


@dataclass(frozen=True)
class ResearchObject:
    kind: str
    key: str
    title: str
    text: str = ""  # an equation written out in plain text, for the hand-off prompt


def table(text):
    """Rows of ``a | b | c`` cells; an indented line continues the row above it.

    >>> table('''
    ... eq-a | A | x = 1
    ... eq-b | B | y
    ...     = 2
    ... ''')
    (('eq-a', 'A', 'x = 1'), ('eq-b', 'B', 'y = 2'))
    """
    rows = []
    for line in text.strip("\n").splitlines():
        if line.startswith(" "):
            rows[-1] += " " + line.strip()
        else:
            rows.append(line)
    return tuple(tuple(cell.strip() for cell in row.split(" | ")) for row in rows)


#: id on the page | title | the equation as plain text (for the hand-off prompt)
EQUATIONS = table(
    """
eq-definition | Definition of KL(p‖q) | KL(p‖q) = Σ_{x∈𝒳} p(x) log(p(x)/q(x))
eq-expectation | KL as an expectation under p | KL(p‖q) = E_{x∼p}[log p(x) − log q(x)]
eq-conventions | The zero convention | 0 · log(0/q(x)) = 0
eq-support | The support condition | p(x) > 0 and q(x) = 0 ⇒ KL(p‖q) = +∞
eq-gibbs | Nonnegativity (Gibbs’ inequality) | KL(p‖q) ≥ 0, with equality exactly when p = q
eq-jensen | The Jensen argument | with S = {x : p(x) > 0} and r(x) = q(x)/p(x): −KL(p‖q) =
    Σ_{x∈S} p(x) log r(x) ≤ log Σ_{x∈S} p(x) r(x) = log Σ_{x∈S} q(x) ≤ log 1 = 0
eq-asymmetry | Asymmetry | KL(p‖q) ≠ KL(q‖p) in general
eq-cross-entropy | Cross-entropy identity | H(p, q) = H(p) + KL(p‖q)
eq-pointwise | Pointwise form of the identity | −log q(x) = −log p(x) + log(p(x)/q(x))
eq-mle | The maximum-likelihood bridge | argmin_q H(p, q) = argmin_q KL(p‖q)
eq-continuous | Continuous form | KL(p‖q) = ∫ p(x) log(p(x)/q(x)) dx
eq-worked | The worked line | KL(p‖q) = 0.55 log(0.55/q(x1)) + 0.25 log(0.25/q(x2)) + 0.15
    log(0.15/q(x3)) + 0.05 log(0.05/q(x4)), with q the last revealed demo state
"""
)
CODE_WITNESSES = ("check_distribution", "kl_terms", "kl", "entropy", "cross_entropy", "report")
MISCONCEPTIONS = (
    ("distance", "KL is a distance"),
    ("negative-total", "A negative term means the total can be negative"),
    ("zero-q", "q = 0 somewhere only matters a little"),
    ("symmetric-fix", "Averaging both directions makes KL a metric"),
)

OBJECTS = (
    ResearchObject("concept", CONCEPT_KEY, TITLE),
    *(ResearchObject("equation", f"{CONCEPT_KEY}/equation/{i}", t, x) for i, t, x in EQUATIONS),
    ResearchObject("source", "source:goodfellow-2016-deep-learning", "Deep Learning, chapter 3"),
    *(
        ResearchObject("code witness", f"{CONCEPT_KEY}/code/kl.py#{name}", f"kl.py: {name}()")
        for name in CODE_WITNESSES
    ),
    ResearchObject("claim", f"{CONCEPT_KEY}/claim/1", "KL is a directional expected mismatch"),
    *(
        ResearchObject("misconception", f"{CONCEPT_KEY}/misconception/{slug}", text)
        for slug, text in MISCONCEPTIONS
    ),
    ResearchObject("demo state", f"{CONCEPT_KEY}/demo-state", "The current demo state"),
)
OBJECTS_BY_KEY = {obj.key: obj for obj in OBJECTS}
DEMO_KEY = f"{CONCEPT_KEY}/demo-state"


def new_draft(object_key=CONCEPT_KEY):
    """A fresh draft for one object, with the default question, evidence and criteria."""
    return {
        "schema": SCHEMA_VERSION,
        "object": object_key,
        "question": DEFAULT_QUESTION,
        "evidence": [{"text": t, "checked": True} for t in DEFAULT_EVIDENCE],
        "criteria": [{"text": t, "checked": True} for t in DEFAULT_CRITERIA],
        "note": "",
        "next_action": "",
        "saved_at": None,
    }


# ---- reading untrusted JSON -----------------------------------------------------------

# A JSON string literal; possessive, so a hostile text cannot make it backtrack.
_JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.S)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]++")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text):
    """How deep the brackets of a JSON text go, found without parsing it.

    >>> nesting_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    if text.count("[") + text.count("{") <= 1:
        return text.count("[") + text.count("{")
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def _refuse_constant(name):
    raise DraftError(f"it holds {name}, which is not a JSON number.")


def load_json(text, what, limit):
    """Parse untrusted JSON text, refusing it (DraftError) if too large or too deep first.

    The checks come before ``json.loads`` because the parser recurses once per
    bracket: a few thousand nested brackets would exhaust the browser's stack.
    """
    if not isinstance(text, str):
        raise DraftError(f"{what} is not text.")
    if len(text) > limit:
        raise DraftError(f"{what} is larger than {limit:,} characters.")
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise DraftError(f"{what} is nested {depth:,} levels deep (an export needs 5)")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except DraftError as problem:
        raise DraftError(f"{what} is not valid JSON: {problem}") from None
    except ValueError as error:  # JSONDecodeError, and ints too long to convert
        raise DraftError(f"{what} is not valid JSON ({error}).") from None


# ---- validation and migration -----------------------------------------------------------


def _kind_of(value):
    """A short, safe description of a JSON value for a message (never its whole repr)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value, field, limit=MAX_TEXT):
    if not isinstance(value, str):
        raise DraftError(f"{field} must be text, not {_kind_of(value)}.")
    if len(value) > limit:
        raise DraftError(f"{field} is longer than {limit:,} characters.")
    if _LONE_SURROGATE.search(value):
        raise DraftError(f"{field} holds a broken character (a lone surrogate).")
    return value


def _items(value, field):
    if not isinstance(value, list):
        raise DraftError(f"{field} must be a list, not {_kind_of(value)}.")
    if len(value) > MAX_ITEMS:
        raise DraftError(f"{field} has more than {MAX_ITEMS} items.")
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("checked"), bool):
            raise DraftError(f"{field} item {i + 1} needs text and a checked flag.")
        items.append(
            {
                "text": _text(item.get("text"), f"{field} item {i + 1}", MAX_ITEM_TEXT),
                "checked": item["checked"],
            }
        )
    return items


def migrate(data):
    """Bring an older stored draft up to SCHEMA_VERSION.

    Version 1 drafts held only a note, a next step and a time.
    """
    if not isinstance(data, dict):
        raise DraftError(f"a draft must be a JSON object, not {_kind_of(data)}.")
    version = data.get("schema", data.get("version"))
    if type(version) is not int:  # exactly int: JSON true must not pass as version 1
        raise DraftError(f"unknown draft schema version ({_kind_of(version)}).")
    if version == SCHEMA_VERSION:
        return data
    if version == 1:
        draft = new_draft(data.get("object", CONCEPT_KEY))
        draft["note"] = data.get("note", "")
        draft["next_action"] = data.get("next", "")
        draft["saved_at"] = data.get("saved")
        return draft
    raise DraftError(f"unknown draft schema version {version}.")


def validate(data):
    """A clean draft from parsed JSON, or DraftError saying what is wrong."""
    data = migrate(data)
    key = data.get("object")
    if not isinstance(key, str):
        raise DraftError(f"the draft's object must be an object key, not {_kind_of(key)}.")
    if key not in OBJECTS_BY_KEY:
        raise DraftError(f"the draft is about an unknown object {key[:80]!r}.")
    saved_at = data.get("saved_at")
    if saved_at is not None:
        _text(saved_at, "saved_at", 40)
    return {
        "schema": SCHEMA_VERSION,
        "object": key,
        "question": _text(data.get("question"), "The question", FIELD_LIMITS["question"]),
        "evidence": _items(data.get("evidence"), "Evidence"),
        "criteria": _items(data.get("criteria"), "Criteria"),
        "note": _text(data.get("note"), "The note", FIELD_LIMITS["note"]),
        "next_action": _text(
            data.get("next_action"), "The next action", FIELD_LIMITS["next_action"]
        ),
        "saved_at": saved_at,
    }


def parse_draft(text):
    """A clean draft from stored JSON text, or DraftError."""
    return validate(load_json(text, "the stored text", MAX_DRAFT_CHARS))


def serialize(draft):
    return json.dumps(validate(draft), ensure_ascii=False)


def same_content(a, b):
    """Whether two drafts say the same thing (when they were saved aside)."""
    return dict(a, saved_at=None) == dict(b, saved_at=None)


def storage_key(object_key):
    return STORAGE_PREFIX + object_key


def title_of(object_key):
    return OBJECTS_BY_KEY[object_key].title


# ---- times --------------------------------------------------------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def saved_instant(saved_at):
    """The moment a draft was saved, as an aware UTC datetime, or None if it is not a time."""
    if not isinstance(saved_at, str):
        return None
    try:
        moment = datetime.fromisoformat(saved_at)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def readable_time(saved_at, utc_offset_minutes):
    """A saved time in the learner's local time, e.g. "25 Nov 2026, 21:58".

    ``utc_offset_minutes(epoch_ms)`` is the browser's ``getTimezoneOffset`` for
    that moment (UTC minus local time, in minutes), so summer time is right.

    >>> readable_time("2026-11-25T20:58:13+00:00", lambda ms: -60)
    '25 Nov 2026, 21:58'
    """
    moment = saved_instant(saved_at)
    if moment is None:
        return str(saved_at)
    offset = utc_offset_minutes(moment.timestamp() * 1000)
    try:
        local = moment - timedelta(minutes=offset)
    except (TypeError, ValueError, OverflowError):  # no usable offset: say it in UTC
        local, offset = moment, None
    text = f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
    return text if offset is not None else text + " UTC"


def last_edited(drafts):
    """The object key of the draft saved most recently, or None."""
    dated = [(saved_instant(d["saved_at"]), d["object"]) for d in drafts]
    dated = [(when, key) for when, key in dated if when is not None]
    return max(dated)[1] if dated else None


# ---- storage ----------------------------------------------------------------------------


class DraftStore:
    """Drafts in Web Storage, falling back to memory when storage is full or unavailable.

    ``mode`` is "local" while drafts reach storage, "memory-quota" after a write
    was refused for lack of space, and "memory-unavailable" when storage cannot be
    used at all (private mode, disabled, blocked); ``notice`` says so in words.
    Reads always try storage, so drafts saved earlier are listed and exported
    even when no new write fits.
    """

    def __init__(self, storage, clock):
        self.storage = storage
        self.clock = clock  # () -> ISO timestamp text
        self.memory = {}  # drafts whose latest version could not be written to storage
        self.untouched = {}  # object key -> corrupt text we promised to leave where it is
        self.mode = "local"
        self.notice = None
        try:
            probe = STORAGE_PREFIX + "probe"
            storage.setItem(probe, "1")
            storage.removeItem(probe)
        except Exception as error:  # noqa: BLE001 - any failure means no storage
            self._to_memory("memory-quota" if is_quota_error(error) else "memory-unavailable")

    def _to_memory(self, mode):
        self.mode = mode
        if mode == "memory-quota":
            self.notice = (
                "This browser’s storage is full, so your draft is kept in memory only: "
                "export it before you close the page."
            )
        else:
            self.notice = (
                "This browser does not let the page store data (private mode or a setting), "
                "so your draft will not survive a reload: export it to keep it."
            )

    def _read(self, key):
        try:
            raw = self.storage.getItem(key)
        except Exception:  # noqa: BLE001 - unreadable storage holds nothing we can use
            return None
        return raw if isinstance(raw, str) else None  # missing: None, or a falsy jsnull

    def load(self, object_key):
        """(draft or None, problem or None).  A corrupt entry is backed up first, never lost."""
        if object_key in self.memory:
            return self.memory[object_key], None
        key = storage_key(object_key)
        raw = self._read(key)
        if raw is None:
            return None, None
        if self.untouched.get(object_key) == raw:
            return None, None  # already reported; left where it is
        self.untouched.pop(object_key, None)
        try:
            return parse_draft(raw), None
        except DraftError as problem:
            reason = str(problem).rstrip(".")
            where = f"The saved draft about “{title_of(object_key)}” could not be read ({reason})"
            backup = BACKUP_PREFIX + object_key + ":" + self.clock()
            try:
                self.storage.setItem(backup, raw)
                self.storage.removeItem(key)
            except Exception:  # noqa: BLE001 - keep the raw text where it is
                self.untouched[object_key] = raw
                return None, (
                    f"{where}. It could not be copied aside, so it was left untouched: "
                    "edits to this draft are kept in memory only until you export them."
                )
            return None, f"{where}. It was kept aside under “{backup}”."

    def save(self, draft):
        """Store the draft; returns it with its saved_at time.

        A draft whose stored text is corrupt and could not be copied aside stays
        in memory, so what the page promised to leave untouched is never overwritten.
        """
        draft = dict(validate(draft), saved_at=self.clock())
        object_key = draft["object"]
        key = storage_key(object_key)
        if object_key in self.untouched and self._read(key) == self.untouched[object_key]:
            self.memory[object_key] = draft
            return draft
        self.untouched.pop(object_key, None)
        if self.mode == "memory-unavailable":
            self.memory[object_key] = draft
            return draft
        try:
            self.storage.setItem(key, serialize(draft))
        except Exception as error:  # noqa: BLE001
            self.memory[object_key] = draft
            self._to_memory("memory-quota" if is_quota_error(error) else "memory-unavailable")
            return draft
        self.memory.pop(object_key, None)
        if self.mode == "memory-quota" and not self.memory:
            self.mode, self.notice = "local", None  # room again: every draft is stored
        return draft

    def keys(self):
        found = set(self.memory)
        try:
            stored = [self.storage.key(i) for i in range(self.storage.length)]
        except Exception:  # noqa: BLE001 - storage we cannot list holds nothing we can use
            stored = []
        for key in stored:
            if isinstance(key, str) and key.startswith(STORAGE_PREFIX):
                object_key = key[len(STORAGE_PREFIX) :]
                if object_key in OBJECTS_BY_KEY:
                    found.add(object_key)
        return sorted(found)

    def load_all(self):
        """(every readable draft, [problem sentences]) — each corrupt one is moved aside."""
        drafts, problems = [], []
        for object_key in self.keys():
            draft, problem = self.load(object_key)
            if draft is not None:
                drafts.append(draft)
            if problem:
                problems.append(problem)
        return drafts, problems

    def all(self):
        return self.load_all()[0]

    def delete(self, object_key):
        self.memory.pop(object_key, None)
        if object_key in self.untouched:
            return  # the corrupt text stays where the page promised to leave it
        # unavailable storage holds nothing to remove
        with suppress(Exception):
            self.storage.removeItem(storage_key(object_key))


# ---- the open draft ----------------------------------------------------------------------


class Editor:
    """The draft open in the room and the rules for writing it.

    - Only unsaved edits are ever written (``dirty``); opening a draft writes nothing.
    - Another tab's save of the open draft simply reloads it when nothing is unsaved;
      only unsaved edits make a conflict, and the conflict belongs to that one object.
    - While a conflict waits, autosave skips that object; the learner's version is kept
      (in ``pending``) even when they open other objects, until they choose.
    """

    def __init__(self, store):
        self.store = store
        self.draft = new_draft()
        self.dirty = False
        self.pending = {}  # object key -> my unsaved draft that another tab's save met

    @property
    def key(self):
        return self.draft["object"]

    @property
    def in_conflict(self):
        return self.key in self.pending

    def open(self, object_key):
        """Show one object's draft; returns a problem sentence or None."""
        if object_key not in OBJECTS_BY_KEY:
            raise DraftError(f"There is no object {str(object_key)[:80]!r} on this page.")
        if object_key in self.pending:
            self.draft, self.dirty = self.pending[object_key], True
            return None
        draft, problem = self.store.load(object_key)
        self.draft = draft if draft is not None else new_draft(object_key)
        self.dirty = False
        return f"{problem} A fresh draft was started." if problem else None

    def switch(self, object_key):
        """Save unsaved edits (unless they wait on a conflict), then open another object."""
        self.save()
        return self.open(object_key)

    # edits: each one marks the draft as having unsaved changes

    def set_text(self, field_name, value):
        limit = FIELD_LIMITS[field_name]
        if len(value) > limit:
            raise DraftError(f"This box holds at most {limit:,} characters.")
        self.draft[field_name] = value
        self.dirty = True

    def set_item(self, list_name, index, text=None, checked=None):
        item = self.draft[list_name][index]
        if text is not None:
            item["text"] = _text(text, "An item", MAX_ITEM_TEXT)
        if checked is not None:
            item["checked"] = bool(checked)
        self.dirty = True

    def add_item(self, list_name, text):
        """Append an item; False for blank text, DraftError when the list is full."""
        text = text.strip()
        if not text:
            return False
        if len(self.draft[list_name]) >= MAX_ITEMS:
            raise DraftError(f"A list holds at most {MAX_ITEMS} items: remove one first.")
        self.draft[list_name].append(
            {"text": _text(text, "An item", MAX_ITEM_TEXT), "checked": True}
        )
        self.dirty = True
        return True

    def remove_item(self, list_name, index):
        del self.draft[list_name][index]
        self.dirty = True

    # writing

    @property
    def should_save(self):
        return self.dirty and not self.in_conflict

    def save(self):
        """Write the open draft if it has unsaved edits and no conflict waits; True if written."""
        return self._write() if self.should_save else False

    def _write(self):
        self.pending.pop(self.key, None)
        self.draft = self.store.save(self.draft)
        self.dirty = False
        return True

    # another tab

    def external_change(self, changed_key, new_value):
        """Another tab wrote or removed a stored entry: (what the room should do, problem).

        None: not a draft.  "list": another object's draft, so only the list changes.
        "same": the open draft now holds exactly what is shown.  "reload": the open
        draft changed and nothing here is unsaved, so show the new version.
        "conflict": the open draft changed under unsaved edits; ask the learner.
        "unreadable": what the other tab stored cannot be read, so there is nothing
        to choose: it is kept aside (``problem`` says where) and these edits go on.
        """
        if not isinstance(changed_key, str) or not changed_key.startswith(STORAGE_PREFIX):
            return None, None
        if changed_key[len(STORAGE_PREFIX) :] != self.key:
            return "list", None
        if not self.dirty:
            return "reload", None
        theirs = None
        if isinstance(new_value, str):
            try:
                theirs = parse_draft(new_value)
            except DraftError:
                _, problem = self.store.load(self.key)  # moves it aside, or leaves it be
                self.pending.pop(self.key, None)
                return "unreadable", f"{problem} Your version here is kept."
        if theirs is not None and same_content(theirs, self.draft):
            self.dirty = False
            self.pending.pop(self.key, None)
            self.draft = theirs
            return "same", None
        self.pending[self.key] = self.draft
        return "conflict", None

    def reload(self):
        """Storage changed under the open draft: reopen it unless it has unsaved edits.

        Returns (whether it was reopened, a load problem or None).
        """
        if self.dirty:
            return False, None
        return True, self.open(self.key)

    def saved_line(self, local_time):
        """The sentence under the editor saying where and when the open draft was saved.

        ``local_time`` turns a stored ISO timestamp into the reader's clock time.
        """
        if self.in_conflict:
            return "Your edits here are not saved yet: choose a version above."
        saved_at = self.draft["saved_at"]
        if not saved_at:
            return "No local draft saved yet."
        where = (
            "in memory only (not in storage)"
            if self.key in self.store.memory
            else "in this browser"
        )
        return f"Last saved {where} at {local_time(saved_at)}."

    def keep_mine(self):
        """Settle the open draft's conflict by writing the learner's version over the other."""
        return self._write()

    def delete(self, object_key):
        """Delete a stored draft the learner chose to drop; the open one starts afresh."""
        self.store.delete(object_key)
        self.pending.pop(object_key, None)
        if object_key == self.key:
            self.dirty = False
            return self.open(object_key)
        return None

    def take_theirs(self):
        """Settle the open draft's conflict by dropping unsaved edits; returns a problem or None."""
        self.pending.pop(self.key, None)
        self.dirty = False
        return self.open(self.key)


# ---- export and import ---------------------------------------------------------------------


def export_bundle(drafts):
    """The JSON text of an export file holding ``drafts``."""
    bundle = {
        "format": EXPORT_FORMAT,
        "schema": SCHEMA_VERSION,
        "drafts": [validate(d) for d in drafts],
    }
    return json.dumps(bundle, ensure_ascii=False, indent=2)


def import_bundle(text):
    """(accepted drafts, rejected [(position, reason)]) from an export file's text.

    At most one draft per object is accepted: of several, the one saved last
    (the later in the file on a tie); the others are reported as rejected.
    Raises DraftError when the file as a whole is not a drafts export.
    """
    try:
        bundle = load_json(text, "That file", MAX_IMPORT_CHARS)
    except DraftError as problem:
        raise DraftError(f"{str(problem).rstrip('.')}, so nothing was imported.") from None
    if not isinstance(bundle, dict) or bundle.get("format") != EXPORT_FORMAT:
        raise DraftError(
            "That file is not a drafts export from this page, so nothing was imported."
        )
    drafts = bundle.get("drafts")
    if not isinstance(drafts, list):
        raise DraftError("The file has no list of drafts, so nothing was imported.")
    valid, rejected = [], []
    for position, data in enumerate(drafts, start=1):
        try:
            valid.append((position, validate(data)))
        except DraftError as problem:
            rejected.append((position, str(problem)))
    chosen = {}
    for position, draft in valid:
        when = saved_instant(draft["saved_at"]) or datetime.min.replace(tzinfo=UTC)
        best = chosen.get(draft["object"])
        if best is None or when >= best[0]:
            chosen[draft["object"]] = (when, position, draft)
    for position, draft in valid:
        kept = chosen[draft["object"]][1]
        if kept != position:
            rejected.append(
                (
                    position,
                    f"draft {kept} in the file is also about “{title_of(draft['object'])}” "
                    "and was saved later; only one draft per object is imported.",
                )
            )
    rejected.sort()
    accepted = [draft for _, _, draft in sorted(chosen.values(), key=lambda c: c[1])]
    return accepted, rejected


@dataclass
class ImportPlan:
    """What importing accepted drafts would do to the drafts already in this browser."""

    new: list = field(default_factory=list)  # objects with no local draft
    replacing: list = field(default_factory=list)  # objects whose local draft differs
    unchanged: list = field(default_factory=list)  # the same text is already here


def plan_import(accepted, store):
    plan = ImportPlan()
    for draft in accepted:
        local, _ = store.load(draft["object"])
        if local is None:
            plan.new.append(draft)
        elif same_content(local, draft):
            plan.unchanged.append(draft)
        else:
            plan.replacing.append(draft)
    return plan


def apply_import(plan, rejected, store, replace):
    """Save the planned drafts (replacing local ones only if ``replace``); the report text."""
    written = plan.new + (plan.replacing if replace else [])
    for draft in written:
        store.save(draft)
    parts = [f"Imported {len(written)} draft{'s' if len(written) != 1 else ''}."]
    for draft in plan.replacing:
        title = title_of(draft["object"])
        if replace:
            parts.append(f"Your draft about “{title}” was replaced by the file’s version.")
        else:
            parts.append(f"Kept your own draft about “{title}”; the file’s version was skipped.")
    parts.extend(
        f"The draft about “{title_of(d['object'])}” was already here, unchanged."
        for d in plan.unchanged
    )
    parts.extend(f"Draft {position} was rejected: {reason}" for position, reason in rejected)
    if written and store.mode != "local":
        parts.append("Storage is not available, so they are kept in memory only: export them.")
    return " ".join(parts)


# ---- the hand-off prompt ---------------------------------------------------------------------


def demo_state_lines(p, snapshot, link, totals_shown, unit=Unit.NATS):
    """The demo state for the prompt: the q set in the demo now, its totals in ``unit``
    (the page's bits/nats switch), so the tutor sees the figures the learner sees.

    The totals are left out while that q's prediction round is still open
    (``totals_shown`` false), so copying the prompt never gives a round away.
    """
    fmt = ", ".join
    lines = [
        f"p = ({fmt(f'{v:.3g}' for v in p)})",
        f"q = ({fmt(f'{v:.4g}' for v in snapshot.q)}), the q set in the demo now",
        f"weights = ({fmt(f'{w:g}' for w in snapshot.weights)})",
    ]
    if totals_shown:
        lines.append(
            f"KL(p||q) = {info(snapshot.kl_pq, unit)} {unit}; "
            f"KL(q||p) = {info(snapshot.kl_qp, unit)} {unit}"
        )
    else:
        lines.append(
            "KL totals: not included yet, because the prediction round for this q is still "
            "open in the demo (reveal it there and they appear here)"
        )
    lines.append(f"Shareable link: {link}")
    return lines


def handoff_prompt(draft, demo=None):
    """The text a learner can paste to a tutor.

    ``demo`` (lines of text) describes the demo state; it is included when that is the object.
    """
    obj = OBJECTS_BY_KEY[draft["object"]]
    lines = [
        f"I am working in the research room of the {TITLE} concept notebook.",
        f"Object: {obj.kind} - {obj.title}",
    ]
    if obj.text:
        lines.append(f"Equation: {obj.text}")
    lines += [
        f"Object key: {obj.key}",
        f"Context: {CONTEXT}",
        f"Anchor id: {ANCHOR_ID}",
        f"Open question: {draft['question']}",
    ]
    if obj.key == DEMO_KEY and demo:
        lines.append("Demo state:")
        lines.extend(f"- {line}" for line in demo)
    for heading, list_name in (
        ("Evidence to inspect:", "evidence"),
        ("What would resolve this:", "criteria"),
    ):
        ticked = [item["text"] for item in draft[list_name] if item["checked"]]
        if ticked:
            lines.append(heading)
            lines.extend(f"- {text}" for text in ticked)
    if draft["note"].strip():
        lines.append(f"My note: {draft['note'].strip()}")
    if draft["next_action"].strip():
        lines.append(f"My planned next action: {draft['next_action'].strip()}")
    lines.append(
        "Answer as a careful research tutor: stay source-grounded, separate verified evidence "
        "from assumptions, name the relevant math objects, and end with one next action."
    )
    return "\n".join(lines)


def typed_length(text):
    """Length as the browser counts it for ``maxlength`` (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
