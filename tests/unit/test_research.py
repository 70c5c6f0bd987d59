"""py/research.py: draft serialization, validation, migration, storage faults, the prompt."""

import json

import pytest
import research


class FakeStorage:
    """The Web Storage interface over a dict, able to fail like a full or blocked store."""

    def __init__(self, full=False, blocked=False):
        self.data = {}
        self.full = full
        self.blocked = blocked

    def setItem(self, key, value):  # noqa: N802 - Web Storage names
        if self.blocked:
            raise RuntimeError("SecurityError: The operation is insecure.")
        if self.full:
            raise RuntimeError("QuotaExceededError: the quota has been exceeded.")
        self.data[key] = value

    def getItem(self, key):  # noqa: N802
        return self.data.get(key)

    def removeItem(self, key):  # noqa: N802
        self.data.pop(key, None)

    def key(self, i):
        return list(self.data)[i]

    @property
    def length(self):
        return len(self.data)


class Clock:
    def __init__(self):
        self.t = 0

    def __call__(self):
        self.t += 1
        return f"2026-11-25T10:00:{self.t:02d}+00:00"


def store(**kwargs):
    return research.DraftStore(FakeStorage(**kwargs), Clock())


def test_a_new_draft_carries_the_defaults_of_the_spec():
    draft = research.new_draft()
    assert draft["object"] == "concept:information-theory/kl-divergence"
    assert draft["question"] == (
        "What is the smallest example that makes KL Divergence (Relative Entropy) click "
        "without losing the math?"
    )
    assert len(draft["evidence"]) == 4 and len(draft["criteria"]) == 3
    assert research.validate(draft) == draft


def test_objects_cover_every_kind_the_room_offers():
    kinds = {obj.kind for obj in research.OBJECTS}
    assert kinds == {"concept", "equation", "source", "code witness", "claim", "misconception",
                     "demo state"}  # fmt: skip
    assert sum(obj.kind == "misconception" for obj in research.OBJECTS) >= 3
    assert len({obj.key for obj in research.OBJECTS}) == len(research.OBJECTS)


def test_serialize_and_parse_round_trip_keeps_unicode_and_markup_as_text():
    draft = research.new_draft()
    draft["note"] = '<img src=x onerror="alert(1)"> </textarea><script>x()</script> ‖ café'
    assert research.parse_draft(research.serialize(draft)) == draft


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(object="concept:elsewhere"), "unknown object"),
        (lambda d: d.update(note=5), "The note must be text"),
        (lambda d: d.update(note="x" * 5000), "longer than"),
        (lambda d: d.update(evidence="all of it"), "Evidence must be a list"),
        (lambda d: d["criteria"].append({"text": "t"}), "checked flag"),
        (lambda d: d.update(evidence=[{"text": "t", "checked": True}] * 31), "more than 30"),
        (lambda d: d.update(schema=99), "unknown draft schema"),
    ],
)
def test_validation_rejects_bad_drafts_with_a_reason(mutate, message):
    draft = research.new_draft()
    mutate(draft)
    with pytest.raises(ValueError, match=message):
        research.validate(draft)


def test_version_one_drafts_are_migrated():
    old = {"version": 1, "note": "my old note", "next": "reread Jensen", "saved": "2026-01-01"}
    draft = research.parse_draft(json.dumps(old))
    assert draft["schema"] == research.SCHEMA_VERSION
    assert (draft["note"], draft["next_action"]) == ("my old note", "reread Jensen")
    assert draft["question"] == research.DEFAULT_QUESTION


def test_drafts_are_stored_per_object_under_the_concept_key():
    s = store()
    a = research.new_draft()
    b = research.new_draft(f"{research.CONCEPT_KEY}/equation/eq-jensen")
    b["note"] = "why is log concave?"
    s.save(a)
    saved = s.save(b)
    assert saved["saved_at"].startswith("2026-11-25")
    keys = set(s.storage.data)
    assert research.storage_key(b["object"]) in keys
    assert all(k.startswith("kl-notebook:concept:information-theory/kl-divergence") for k in keys)
    again = research.DraftStore(s.storage, Clock())
    assert again.load(b["object"])[0]["note"] == "why is log concave?"
    assert [d["object"] for d in again.all()] == sorted([a["object"], b["object"]])
    again.delete(a["object"])
    assert again.load(a["object"]) == (None, None)


@pytest.mark.parametrize("raw", ["{not json", '{"schema": 2, "object": "nope"}', "[1, 2]"])
def test_corrupt_stored_json_is_backed_up_before_anything_is_written(raw):
    s = store()
    key = research.storage_key(research.CONCEPT_KEY)
    s.storage.data[key] = raw
    draft, problem = s.load(research.CONCEPT_KEY)
    assert draft is None
    assert "kept aside" in problem
    backups = [k for k in s.storage.data if k.startswith(research.BACKUP_PREFIX)]
    assert len(backups) == 1 and s.storage.data[backups[0]] == raw
    assert key not in s.storage.data


def test_storage_full_keeps_the_draft_in_memory_and_says_so():
    storage = FakeStorage()
    s = research.DraftStore(storage, Clock())
    storage.full = True
    draft = research.new_draft()
    draft["note"] = "keep me"
    s.save(draft)
    assert s.mode == "memory-quota" and "full" in s.notice
    assert s.load(research.CONCEPT_KEY)[0]["note"] == "keep me"


def test_storage_unavailable_is_detected_up_front():
    s = store(blocked=True)
    assert s.mode == "memory-unavailable"
    assert "will not survive a reload" in s.notice
    s.save(research.new_draft())
    assert [d["object"] for d in s.all()] == [research.CONCEPT_KEY]


def test_export_and_import_round_trip_and_rejections_are_reported():
    a = research.new_draft()
    a["note"] = "first"
    b = research.new_draft(f"{research.CONCEPT_KEY}/claim/1")
    text = research.export_bundle([a, b])
    bundle = json.loads(text)
    bundle["drafts"].append({"schema": 2, "object": "evil", "note": "x"})
    accepted, rejected = research.import_bundle(json.dumps(bundle))
    assert accepted == [research.validate(a), research.validate(b)]
    assert rejected and rejected[0][0] == 3 and "unknown object" in rejected[0][1]


@pytest.mark.parametrize(
    "text", ["nonsense", "[]", '{"format": "other"}', '{"format": "kl-notebook-drafts"}']
)
def test_import_of_something_else_is_refused_whole(text):
    with pytest.raises(ValueError, match="nothing was imported"):
        research.import_bundle(text)


def test_handoff_prompt_carries_object_key_context_anchor_and_ticked_items():
    draft = research.new_draft(f"{research.CONCEPT_KEY}/misconception/distance")
    draft["evidence"][1]["checked"] = False
    draft["criteria"].append({"text": "I can give a counterexample", "checked": True})
    text = research.handoff_prompt(draft)
    assert "Object: misconception - KL is a distance" in text
    assert f"Object key: {research.CONCEPT_KEY}/misconception/distance" in text
    assert "Context: Information Theory" in text
    assert "Anchor id: concept/concept-notebook/information-theory/kl-divergence" in text
    assert "Definition, prerequisite, and contrast concept links" not in text
    assert "- I can give a counterexample" in text
    assert "Demo state" not in text


def test_handoff_prompt_includes_the_demo_state_only_for_that_object():
    demo = ["q = (0.7, 0.25)", "KL(p||q) = 0.5170 nats; KL(q||p) = 0.1582 nats"]
    text = research.handoff_prompt(research.new_draft(research.DEMO_KEY), demo)
    assert "Demo state:\n- q = (0.7, 0.25)\n- KL(p||q) = 0.5170" in text
    assert "Demo state" not in research.handoff_prompt(research.new_draft(), demo)
