"""Research room logic: grounded objects, local drafts, import/export and the hand-off prompt.

No DOM here.  ``DraftStore`` takes any object with the Web Storage methods
(getItem, setItem, removeItem, key, length), so the browser passes
``localStorage`` and the tests pass a fake that can fail the way browsers do.
Nothing here ever sends data anywhere.
"""

import json
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ResearchObject:
    kind: str
    key: str
    title: str


EQUATIONS = (
    ("eq-definition", "Definition of KL(p‖q)"),
    ("eq-expectation", "KL as an expectation under p"),
    ("eq-conventions", "The zero convention"),
    ("eq-support", "The support condition"),
    ("eq-gibbs", "Nonnegativity (Gibbs’ inequality)"),
    ("eq-jensen", "The Jensen argument"),
    ("eq-asymmetry", "Asymmetry"),
    ("eq-cross-entropy", "Cross-entropy identity"),
    ("eq-pointwise", "Pointwise form of the identity"),
    ("eq-mle", "The maximum-likelihood bridge"),
    ("eq-continuous", "Continuous form"),
    ("eq-worked", "The worked line"),
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
    *(ResearchObject("equation", f"{CONCEPT_KEY}/equation/{i}", t) for i, t in EQUATIONS),
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


def _text(value, field, limit=MAX_TEXT):
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text.")
    if len(value) > limit:
        raise ValueError(f"{field} is longer than {limit} characters.")
    return value


def _items(value, field):
    if not isinstance(value, list):
        raise ValueError(f"{field} must be a list.")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"{field} has more than {MAX_ITEMS} items.")
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("checked"), bool):
            raise ValueError(f"{field} item {i + 1} needs text and a checked flag.")
        items.append(
            {
                "text": _text(item.get("text"), f"{field} item {i + 1}", 500),
                "checked": item["checked"],
            }
        )
    return items


def migrate(data):
    """Bring an older stored draft up to SCHEMA_VERSION.

    Version 1 drafts held only a note, a next step and a time.
    """
    if not isinstance(data, dict):
        raise ValueError("a draft must be a JSON object.")
    version = data.get("schema", data.get("version"))
    if version == SCHEMA_VERSION:
        return data
    if version == 1:
        draft = new_draft(data.get("object", CONCEPT_KEY))
        draft["note"] = data.get("note", "")
        draft["next_action"] = data.get("next", "")
        draft["saved_at"] = data.get("saved")
        return draft
    raise ValueError(f"unknown draft schema version {version!r}.")


def validate(data):
    """A clean draft from parsed JSON, or ValueError saying what is wrong."""
    data = migrate(data)
    key = data.get("object")
    if key not in OBJECTS_BY_KEY:
        raise ValueError(f"the draft is about an unknown object {str(key)[:80]!r}.")
    saved_at = data.get("saved_at")
    if saved_at is not None:
        _text(saved_at, "saved_at", 40)
    return {
        "schema": SCHEMA_VERSION,
        "object": key,
        "question": _text(data.get("question"), "The question", 1000),
        "evidence": _items(data.get("evidence"), "Evidence"),
        "criteria": _items(data.get("criteria"), "Criteria"),
        "note": _text(data.get("note"), "The note"),
        "next_action": _text(data.get("next_action"), "The next action", 1000),
        "saved_at": saved_at,
    }


def parse_draft(text):
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as error:
        raise ValueError(f"the stored text is not valid JSON ({error}).") from None
    return validate(data)


def serialize(draft):
    return json.dumps(validate(draft), ensure_ascii=False)


def storage_key(object_key):
    return STORAGE_PREFIX + object_key


class DraftStore:
    """Drafts in Web Storage, falling back to memory when storage is full or unavailable.

    ``mode`` is "local" while drafts reach storage, "memory-quota" after a write
    was refused for lack of space, and "memory-unavailable" when storage cannot be
    used at all (private mode, disabled, blocked); ``notice`` says so in words.
    """

    def __init__(self, storage, clock):
        self.storage = storage
        self.clock = clock  # () -> ISO timestamp text
        self.memory = {}
        self.mode = "local"
        self.notice = None
        try:
            probe = STORAGE_PREFIX + "probe"
            storage.setItem(probe, "1")
            storage.removeItem(probe)
        except Exception as error:  # noqa: BLE001 - any failure means no storage
            if is_quota_error(error):
                self._to_memory("memory-quota")
            else:
                self._to_memory("memory-unavailable")

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

    def load(self, object_key):
        """(draft or None, problem or None).  A corrupt entry is backed up first, never lost."""
        if self.mode != "local":
            return self.memory.get(object_key), None
        key = storage_key(object_key)
        raw = self.storage.getItem(key)
        if not isinstance(raw, str):  # missing: None in tests, a falsy jsnull in Pyodide
            return None, None
        try:
            return parse_draft(raw), None
        except ValueError as problem:
            backup = BACKUP_PREFIX + object_key + ":" + self.clock()
            try:
                self.storage.setItem(backup, raw)
                self.storage.removeItem(key)
            except Exception:  # noqa: BLE001 - keep the raw text where it is
                return (
                    None,
                    f"The saved draft could not be read ({problem}); it was left untouched.",
                )
            return None, (
                f"The saved draft could not be read ({problem}). "
                f"It was kept aside under “{backup}”, and a fresh draft was started."
            )

    def save(self, draft):
        """Store the draft; returns it with its saved_at time."""
        draft = dict(validate(draft), saved_at=self.clock())
        self.memory[draft["object"]] = draft
        if self.mode == "local":
            try:
                self.storage.setItem(storage_key(draft["object"]), serialize(draft))
            except Exception as error:  # noqa: BLE001
                self._to_memory("memory-quota" if is_quota_error(error) else "memory-unavailable")
        return draft

    def keys(self):
        if self.mode != "local":
            return sorted(self.memory)
        found = []
        for i in range(self.storage.length):
            key = self.storage.key(i)
            if (
                isinstance(key, str)
                and key.startswith(STORAGE_PREFIX)
                and key[len(STORAGE_PREFIX) :] in OBJECTS_BY_KEY
            ):
                found.append(key[len(STORAGE_PREFIX) :])
        return sorted(set(found) | set(self.memory))

    def all(self):
        drafts = []
        for object_key in self.keys():
            draft = (
                self.memory.get(object_key) if self.mode != "local" else self.load(object_key)[0]
            )
            if draft is not None:
                drafts.append(draft)
        return drafts

    def delete(self, object_key):
        self.memory.pop(object_key, None)
        if self.mode == "local":
            self.storage.removeItem(storage_key(object_key))


def is_quota_error(error):
    text = f"{type(error).__name__} {error}"
    return "Quota" in text or "quota" in text


def export_bundle(drafts):
    """The JSON text of an export file holding ``drafts``."""
    bundle = {
        "format": EXPORT_FORMAT,
        "schema": SCHEMA_VERSION,
        "drafts": [validate(d) for d in drafts],
    }
    return json.dumps(bundle, ensure_ascii=False, indent=2)


def import_bundle(text):
    """(accepted drafts, rejected [(position, reason)]) from an export file's text."""
    try:
        bundle = json.loads(text)
    except (TypeError, ValueError):
        raise ValueError("That file is not JSON, so nothing was imported.") from None
    if not isinstance(bundle, dict) or bundle.get("format") != EXPORT_FORMAT:
        raise ValueError(
            "That file is not a drafts export from this page, so nothing was imported."
        )
    drafts = bundle.get("drafts")
    if not isinstance(drafts, list):
        raise ValueError("The file has no list of drafts, so nothing was imported.")
    accepted, rejected = [], []
    for position, data in enumerate(drafts, start=1):
        try:
            accepted.append(validate(data))
        except ValueError as problem:
            rejected.append((position, str(problem)))
    return accepted, rejected


def handoff_prompt(draft, demo=None):
    """The text a learner can paste to a tutor.

    ``demo`` (lines of text) describes the demo state; it is included when that is the object.
    """
    obj = OBJECTS_BY_KEY[draft["object"]]
    lines = [
        f"I am working in the research room of the {TITLE} concept notebook.",
        f"Object: {obj.kind} - {obj.title}",
        f"Object key: {obj.key}",
        f"Context: {CONTEXT}",
        f"Anchor id: {ANCHOR_ID}",
        f"Open question: {draft['question']}",
    ]
    if obj.key == DEMO_KEY and demo:
        lines.append("Demo state:")
        lines.extend(f"- {line}" for line in demo)
    for heading, field in (
        ("Evidence to inspect:", "evidence"),
        ("What would resolve this:", "criteria"),
    ):
        ticked = [item["text"] for item in draft[field] if item["checked"]]
        if ticked:
            lines.append(heading)
            lines.extend(f"- {text}" for text in ticked)
    if draft["note"].strip():
        lines.append(f"My note: {draft['note'].strip()}")
    lines.append(
        "Answer as a careful research tutor: stay source-grounded, separate verified evidence "
        "from assumptions, name the relevant math objects, and end with one next action."
    )
    return "\n".join(lines)
