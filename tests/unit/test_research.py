"""py/core/research.py: draft serialization, validation, migration, storage faults, the prompt."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from core import research, state
from core.errors import LearnerInputError
from core.text import Unit
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr


class QuotaExceededError(Exception):
    """Like the browser's DOMException: the name says what happened."""

    name = "QuotaExceededError"


class FakeStorage:
    """The Web Storage interface over a dict, able to fail like a full or blocked store.

    ``refuse(key)`` picks single writes to refuse for lack of space (a nearly full store).
    """

    def __init__(self, full=False, blocked=False, refuse=None):
        self.data = {}
        self.full = full
        self.blocked = blocked
        self.refuse = refuse or (lambda key: False)

    def setItem(self, key, value):  # noqa: N802 - Web Storage names
        if self.blocked:
            raise RuntimeError("SecurityError: The operation is insecure.")
        if self.full or self.refuse(key):
            raise QuotaExceededError("The operation failed.")
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
    with pytest.raises(research.DraftError, match=message):
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
    with pytest.raises(research.DraftError, match="nothing was imported"):
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


@given(
    st.lists(st.floats(0.001, 1), min_size=4, max_size=4),
    st.sampled_from(list(Unit)),
)
def test_the_prompts_demo_totals_are_in_the_pages_unit(weights, unit):
    snap = state.snapshot(weights)
    lines = research.demo_state_lines(state.P, snap, "link", True, unit)
    q = np.array(snap.q)
    base = 2 if unit is Unit.BITS else np.e
    forward = rel_entr(state.P, q).sum() / np.log(base)
    reverse = rel_entr(q, state.P).sum() / np.log(base)
    totals = next(line for line in lines if line.startswith("KL(p||q)"))
    found = re.fullmatch(rf"KL\(p\|\|q\) = (\S+) {unit}; KL\(q\|\|p\) = (\S+) {unit}", totals)
    assert found, totals
    assert float(found[1]) == pytest.approx(forward, abs=6e-5)
    assert float(found[2]) == pytest.approx(reverse, abs=6e-5)


# ---- every shape of bad data is a DraftError (issue 21, item 1) ----------------------------

JENSEN = f"{research.CONCEPT_KEY}/equation/eq-jensen"
BAD_SHAPES = [["x"], {"a": 1}, 5, 2.5, None, True, [[[]]], {"k": [{"x": None}]}]


@pytest.mark.parametrize("bad", BAD_SHAPES, ids=repr)
@pytest.mark.parametrize(
    "field", ["object", "question", "note", "next_action", "evidence", "saved_at", "schema"]
)
def test_a_wrong_shape_in_any_field_is_refused_with_a_reason(field, bad):
    draft = research.new_draft()
    draft[field] = bad
    if field == "saved_at" and bad is None:
        return  # no time yet is a valid draft
    with pytest.raises(research.DraftError) as raised:
        research.validate(draft)
    assert str(raised.value)


@pytest.mark.parametrize("bad", BAD_SHAPES, ids=repr)
def test_a_schema_one_draft_with_a_wrong_shape_is_refused(bad):
    for field in ("object", "note", "next", "saved"):
        if field == "saved" and bad is None:
            continue
        with pytest.raises(research.DraftError):
            research.validate({"version": 1, field: bad})


@pytest.mark.parametrize("item", [["x"], {"text": ["x"], "checked": True}, {"checked": 1}])
def test_a_list_item_with_a_wrong_shape_is_refused(item):
    draft = research.new_draft()
    draft["criteria"].append(item)
    with pytest.raises(research.DraftError, match="Criteria item 4"):
        research.validate(draft)


def test_one_bad_stored_draft_is_reported_and_the_others_still_load():
    s = store()
    good = research.new_draft(JENSEN)
    good["note"] = "still here"
    s.save(good)
    s.storage.data[research.storage_key(research.CONCEPT_KEY)] = '{"schema":2,"object":["x"]}'
    drafts, problems = s.load_all()
    assert [d["note"] for d in drafts] == ["still here"]
    assert len(problems) == 1 and "KL Divergence (Relative Entropy)" in problems[0]
    assert "kept aside" in problems[0]


def test_import_keeps_the_valid_drafts_and_reports_each_bad_shape():
    good = research.new_draft(JENSEN)
    bundle = {
        "format": research.EXPORT_FORMAT,
        "drafts": [{"schema": 2, "object": ["x"]}, good, {"version": 1, "object": {"a": 1}}, 7],
    }
    accepted, rejected = research.import_bundle(json.dumps(bundle))
    assert accepted == [good]
    assert [position for position, _ in rejected] == [1, 3, 4]
    assert all(reason for _, reason in rejected)


# ---- deep or huge JSON is refused before it is parsed (item 2) -----------------------------


@pytest.mark.parametrize("depth", [17, 10_000, 140_000])
def test_deep_nesting_is_refused_before_parsing(depth):
    deep = "[" * depth + "]" * depth
    with pytest.raises(research.DraftError, match="nested"):
        research.parse_draft(deep)
    with pytest.raises(research.DraftError, match="nothing was imported"):
        research.import_bundle(deep)
    unclosed = '{"format": "kl-notebook-drafts", "drafts": ' + "[" * depth
    with pytest.raises(research.DraftError, match="nested"):
        research.import_bundle(unclosed)


def test_brackets_inside_text_do_not_count_as_nesting():
    draft = research.new_draft()
    draft["note"] = "[" * 2000 + '\\"{' * 500
    assert research.parse_draft(research.serialize(draft)) == draft


def test_huge_text_is_refused_by_size():
    with pytest.raises(research.DraftError, match="larger than"):
        research.parse_draft('"' + "x" * (research.MAX_DRAFT_CHARS + 1) + '"')
    with pytest.raises(research.DraftError, match="larger than"):
        research.import_bundle(" " * (research.MAX_IMPORT_CHARS + 1))


@pytest.mark.parametrize("text", ['{"schema": NaN}', "[Infinity]", "-Infinity", "1" * 5000])
def test_odd_numbers_are_refused_as_not_json(text):
    with pytest.raises(research.DraftError, match="not valid JSON"):
        research.parse_draft(text)


# ---- property: arbitrary JSON only ever gives a draft or a DraftError ----------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
FIELDS = ["schema", "version", "object", "question", "evidence", "criteria", "note",
          "next_action", "saved_at", "next", "saved"]  # fmt: skip


@st.composite
def draft_like(draw):
    """A valid draft (schema 1 or 2) with some fields replaced by arbitrary JSON."""
    if draw(st.booleans()):
        data = research.new_draft(draw(st.sampled_from([o.key for o in research.OBJECTS])))
    else:
        data = {"version": 1, "note": "n", "next": "x"}
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        data[name] = draw(json_values)
    return data


deep_texts = st.integers(1, 100_000).map(lambda n: "[" * n + "]" * n) | st.integers(1, 50_000).map(
    lambda n: '{"a":' * n
)
huge_texts = st.integers(research.MAX_DRAFT_CHARS - 20, research.MAX_DRAFT_CHARS + 20).map(
    lambda n: json.dumps({"schema": 2, "note": "x" * n})
)
json_texts = (
    (json_values | draft_like()).map(json.dumps)
    | st.text(max_size=200)
    | deep_texts
    | huge_texts
    | st.sampled_from(["NaN", "Infinity", '{"schema": -Infinity}', "1e999", "-0", "1" * 5000])
)


def only_a_draft_or_our_error(call, value):
    try:
        result = call(value)
    except research.DraftError as problem:
        assert str(problem)
        return None
    return result


def assert_clean(draft):
    assert research.validate(draft) == draft
    assert research.parse_draft(research.serialize(draft)) == draft


@settings(max_examples=200, deadline=None)
@given(json_values | draft_like())
def test_validate_returns_a_draft_or_raises_draft_error(value):
    draft = only_a_draft_or_our_error(research.validate, value)
    if draft is not None:
        assert_clean(draft)


@settings(max_examples=200, deadline=None)
@given(json_texts)
def test_parse_draft_returns_a_draft_or_raises_draft_error(text):
    draft = only_a_draft_or_our_error(research.parse_draft, text)
    if draft is not None:
        assert_clean(draft)


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values | draft_like(), max_size=6), json_texts)
def test_import_bundle_returns_a_result_or_raises_draft_error(drafts, text):
    bundle = json.dumps({"format": research.EXPORT_FORMAT, "drafts": drafts})
    for candidate in (bundle, text):
        result = only_a_draft_or_our_error(research.import_bundle, candidate)
        if result is not None:
            accepted, rejected = result
            for draft in accepted:
                assert_clean(draft)
            assert len({d["object"] for d in accepted}) == len(accepted)
            assert all(isinstance(p, int) and reason for p, reason in rejected)
            if candidate is bundle:  # every draft is either imported or reported
                assert len(accepted) + len(rejected) == len(drafts)


# ---- the open draft: autosave, unsaved edits and conflicts (item 3) ------------------------


def other_tab_saves(s, object_key, note):
    """What another tab does: write a draft straight to the shared storage."""
    draft = dict(research.new_draft(object_key), note=note, saved_at="2026-11-25T11:00:00+00:00")
    text = research.serialize(draft)
    key = research.storage_key(object_key)
    s.storage.data[key] = text
    return key, text


def test_opening_and_switching_write_nothing_without_edits():
    s = store()
    editor = research.Editor(s)
    editor.open(research.CONCEPT_KEY)
    assert editor.switch(JENSEN) is None
    assert s.storage.data == {} and not editor.save()


def test_a_tab_without_edits_takes_the_other_version_without_asking():
    s = store()
    editor = research.Editor(s)
    editor.open(research.CONCEPT_KEY)
    key, text = other_tab_saves(s, research.CONCEPT_KEY, "newer")
    assert editor.external_change(key, text) == ("reload", None)
    assert not editor.in_conflict
    editor.open(research.CONCEPT_KEY)
    assert editor.draft["note"] == "newer"
    assert not editor.save()  # nothing unsaved, so nothing overwrites the newer text
    assert json.loads(s.storage.data[key])["note"] == "newer"


def test_unsaved_edits_make_a_conflict_that_pauses_only_that_object():
    s = store()
    editor = research.Editor(s)
    editor.open(research.CONCEPT_KEY)
    editor.set_text("note", "mine, unsaved")
    key, text = other_tab_saves(s, research.CONCEPT_KEY, "theirs")
    assert editor.external_change(key, text) == ("conflict", None)
    assert editor.in_conflict and not editor.save()
    assert json.loads(s.storage.data[key])["note"] == "theirs"
    # Another object is not part of the conflict: its edits are saved as usual.
    editor.switch(JENSEN)
    assert not editor.in_conflict
    editor.set_text("note", "about Jensen")
    assert editor.save()
    assert s.load(JENSEN)[0]["note"] == "about Jensen"
    # Back on the first object, the unsaved text and the question are still there.
    editor.switch(research.CONCEPT_KEY)
    assert editor.in_conflict and editor.draft["note"] == "mine, unsaved"
    # Taking the other version drops only this object's unsaved edits.
    assert editor.take_theirs() is None
    assert editor.draft["note"] == "theirs" and not editor.in_conflict
    assert s.load(JENSEN)[0]["note"] == "about Jensen"


def test_the_saved_line_says_where_and_when_and_never_claims_a_conflicted_save():
    s = store()
    editor = research.Editor(s)
    editor.open(research.CONCEPT_KEY)
    assert editor.saved_line(str) == "No local draft saved yet."
    editor.set_text("note", "mine")
    editor.save()
    assert editor.saved_line(lambda at: "T") == "Last saved in this browser at T."
    key, text = other_tab_saves(s, research.CONCEPT_KEY, "theirs")
    editor.set_text("note", "mine, again")
    editor.external_change(key, text)
    assert editor.saved_line(str).startswith("Your edits here are not saved yet")
    full = research.DraftStore(FakeStorage(full=True), Clock())
    editor = research.Editor(full)
    editor.open(JENSEN)
    editor.set_text("note", "kept")
    editor.save()
    assert editor.saved_line(lambda at: "T") == "Last saved in memory only (not in storage) at T."


def test_a_reload_after_an_import_never_drops_unsaved_edits():
    s = store()
    editor = research.Editor(s)
    editor.open(research.CONCEPT_KEY)
    other_tab_saves(s, research.CONCEPT_KEY, "imported")
    assert editor.reload() == (True, None)
    assert editor.draft["note"] == "imported"
    editor.set_text("note", "typed here")
    other_tab_saves(s, research.CONCEPT_KEY, "imported again")
    assert editor.reload() == (False, None)
    assert editor.draft["note"] == "typed here" and editor.dirty


def test_keep_mine_writes_the_learners_version():
    s = store()
    editor = research.Editor(s)
    editor.open(research.CONCEPT_KEY)
    editor.set_text("note", "mine")
    key, text = other_tab_saves(s, research.CONCEPT_KEY, "theirs")
    editor.external_change(key, text)
    editor.keep_mine()
    assert not editor.in_conflict and not editor.dirty
    assert json.loads(s.storage.data[key])["note"] == "mine"


def test_other_objects_and_identical_text_make_no_conflict():
    s = store()
    editor = research.Editor(s)
    editor.open(research.CONCEPT_KEY)
    editor.set_text("note", "same words")
    assert editor.external_change(*other_tab_saves(s, JENSEN, "x")) == ("list", None)
    key, text = other_tab_saves(s, research.CONCEPT_KEY, "same words")
    assert editor.external_change(key, text) == ("same", None)
    assert not editor.in_conflict and not editor.dirty
    assert editor.external_change("unrelated", "x") == (None, None)


@pytest.mark.parametrize("theirs", ['{"schema":2,"object":["x"]}', "[" * 5000, "{"])
def test_an_unreadable_version_from_another_tab_is_kept_aside_and_mine_goes_on(theirs):
    s = store()
    editor = research.Editor(s)
    editor.set_text("note", "mine")
    key = research.storage_key(research.CONCEPT_KEY)
    s.storage.data[key] = theirs
    action, problem = editor.external_change(key, theirs)
    assert action == "unreadable" and "kept aside" in problem and "Your version" in problem
    assert not editor.in_conflict and editor.save()
    assert json.loads(s.storage.data[key])["note"] == "mine"
    backups = [k for k in s.storage.data if k.startswith(research.BACKUP_PREFIX)]
    assert [s.storage.data[k] for k in backups] == [theirs]


def test_taking_the_other_version_after_it_went_bad_reports_and_starts_fresh():
    s = store()
    editor = research.Editor(s)
    editor.set_text("note", "mine")
    key, text = other_tab_saves(s, research.CONCEPT_KEY, "theirs")
    assert editor.external_change(key, text) == ("conflict", None)
    s.storage.data[key] = '{"schema": 2, "object": {"a": 1}}'
    problem = editor.take_theirs()
    assert "kept aside" in problem and "fresh draft" in problem
    assert editor.draft == research.new_draft()


def test_a_version_deleted_in_another_tab_is_a_conflict_too():
    s = store()
    editor = research.Editor(s)
    editor.set_text("note", "mine")
    key = research.storage_key(research.CONCEPT_KEY)
    assert editor.external_change(key, None) == ("conflict", None)
    assert editor.take_theirs() is None and editor.draft == research.new_draft()


def test_editor_refuses_text_past_the_limit_instead_of_cutting_it():
    editor = research.Editor(store())
    with pytest.raises(research.DraftError, match="4,000"):
        editor.set_text("note", "x" * 4001)
    assert editor.draft["note"] == "" and not editor.dirty
    with pytest.raises(research.DraftError, match="500"):
        editor.add_item("evidence", "y" * 501)


def test_a_full_list_says_so_and_blank_items_are_ignored():
    editor = research.Editor(store())
    assert editor.add_item("criteria", "   ") is False
    while len(editor.draft["criteria"]) < research.MAX_ITEMS:
        editor.add_item("criteria", "c")
    with pytest.raises(research.DraftError, match="at most 30"):
        editor.add_item("criteria", "one more")


def test_deleting_the_open_draft_drops_its_edits_and_starts_fresh():
    s = store()
    editor = research.Editor(s)
    editor.set_text("note", "to delete")
    editor.save()
    editor.set_text("note", "unsaved")
    editor.delete(research.CONCEPT_KEY)
    assert editor.draft == research.new_draft() and not editor.dirty
    assert s.load(research.CONCEPT_KEY) == (None, None)


# ---- storage full or broken (items 4, 6, 8) --------------------------------------------------


def test_storage_full_at_start_up_still_lists_and_exports_the_stored_drafts():
    storage = FakeStorage()
    first = research.DraftStore(storage, Clock())
    first.save(research.new_draft())
    first.save(research.new_draft(JENSEN))
    storage.full = True
    s = research.DraftStore(storage, Clock())
    assert s.mode == "memory-quota"
    assert [d["object"] for d in s.all()] == sorted([research.CONCEPT_KEY, JENSEN])
    exported = json.loads(research.export_bundle(s.all()))["drafts"]
    assert len(exported) == 2


def test_the_storage_notice_goes_when_a_write_fits_again():
    storage = FakeStorage(full=True)
    s = research.DraftStore(storage, Clock())
    s.save(research.new_draft())
    assert s.notice and research.CONCEPT_KEY in s.memory
    storage.full = False
    s.save(research.new_draft())
    assert s.mode == "local" and s.notice is None and not s.memory


def test_a_corrupt_draft_that_cannot_be_copied_aside_is_never_overwritten():
    storage = FakeStorage(refuse=lambda key: key.startswith(research.BACKUP_PREFIX))
    key = research.storage_key(research.CONCEPT_KEY)
    storage.data[key] = "{precious but broken"
    s = research.DraftStore(storage, Clock())
    editor = research.Editor(s)
    problem = editor.open(research.CONCEPT_KEY)
    assert "left untouched" in problem
    editor.set_text("note", "typed after the warning")
    editor.save()
    assert storage.data[key] == "{precious but broken"
    assert s.load(research.CONCEPT_KEY)[0]["note"] == "typed after the warning"
    editor.delete(research.CONCEPT_KEY)
    assert storage.data[key] == "{precious but broken"


def test_a_corrupt_draft_of_another_object_is_moved_aside_and_reported():
    s = store()
    s.storage.data[research.storage_key(JENSEN)] = "{broken"
    drafts, problems = s.load_all()
    assert drafts == []
    assert len(problems) == 1 and "The Jensen argument" in problems[0]
    assert "kept aside" in problems[0]


def test_quota_is_recognised_by_the_errors_name():
    assert research.is_quota_error(QuotaExceededError("The operation failed."))
    assert not research.is_quota_error(RuntimeError("SecurityError: denied"))


class FirefoxQuotaError(Exception):
    """Older Firefox names a full storage its own way."""

    name = "NS_ERROR_DOM_QUOTA_REACHED"


def test_quota_is_judged_by_the_name_never_by_the_message():
    assert research.is_quota_error(FirefoxQuotaError("Persistent storage maximum size reached"))
    # A message that mentions a quota does not make an error a full storage.
    assert not research.is_quota_error(RuntimeError("QuotaExceededError: the quota"))


class JsException(Exception):
    """What Pyodide raises for a thrown value that is not an Error: named "Error"."""

    name = "Error"


def wrapped(thrown):
    """Pyodide's message for a thrown DOMException (seen in Chromium), quoting ``thrown``."""
    return (
        "Error: A value of type object with tag [object DOMException] was thrown as an error!\n"
        f'String interpolation of the thrown value gives """{thrown}""".\n'
        f'The thrown value\'s toString method returns """{thrown}""".'
    )


def test_a_quota_error_wrapped_by_pyodide_is_known_by_the_name_it_quotes():
    assert research.is_quota_error(JsException(wrapped("QuotaExceededError: full")))
    assert not research.is_quota_error(JsException(wrapped("SecurityError: quota denied")))
    assert not research.is_quota_error(JsException("Error: the quota is mentioned in a message"))


def test_a_draft_error_is_learner_input():
    with pytest.raises(LearnerInputError):
        research.import_bundle("not json")


# ---- import: one draft per object, never a silent overwrite (item 8) ------------------------


def bundle_of(*drafts):
    return json.dumps({"format": research.EXPORT_FORMAT, "drafts": list(drafts)})


def test_several_drafts_for_one_object_import_one_and_report_the_rest():
    older = dict(research.new_draft(JENSEN), note="older", saved_at="2026-01-01T00:00:00+00:00")
    newer = dict(research.new_draft(JENSEN), note="newer", saved_at="2026-02-01T00:00:00+00:00")
    other = research.new_draft()
    accepted, rejected = research.import_bundle(bundle_of(newer, other, older))
    assert [d["note"] for d in accepted] == ["newer", ""]
    assert rejected == [
        (
            3,
            "draft 1 in the file is also about “The Jensen argument” and was saved later; "
            "only one draft per object is imported.",
        )
    ]


def test_import_never_overwrites_a_local_draft_without_being_told_to():
    s = store()
    mine = dict(research.new_draft(JENSEN), note="mine")
    s.save(mine)
    s.save(research.new_draft())
    theirs = dict(research.new_draft(JENSEN), note="theirs")
    fresh = research.new_draft(f"{research.CONCEPT_KEY}/claim/1")
    accepted, rejected = research.import_bundle(bundle_of(theirs, research.new_draft(), fresh))
    plan = research.plan_import(accepted, s)
    assert ([d["object"] for d in plan.new], [d["object"] for d in plan.replacing]) == (
        [fresh["object"]],
        [JENSEN],
    )
    assert len(plan.unchanged) == 1
    report = research.apply_import(plan, rejected, s, replace=False)
    assert report.startswith("Imported 1 draft.")
    assert "Kept your own draft about “The Jensen argument”" in report
    assert "already here, unchanged" in report
    assert s.load(JENSEN)[0]["note"] == "mine"
    report = research.apply_import(plan, rejected, s, replace=True)
    assert "was replaced by the file’s version" in report
    assert s.load(JENSEN)[0]["note"] == "theirs"


def test_importing_into_full_storage_says_the_drafts_are_in_memory_only():
    s = store(full=True)
    accepted, rejected = research.import_bundle(bundle_of(research.new_draft()))
    report = research.apply_import(research.plan_import(accepted, s), rejected, s, replace=False)
    assert "memory only" in report and s.notice


# ---- times, the last edited draft and the prompt (issue 14, item 9) -------------------------


@pytest.mark.parametrize(
    ("saved_at", "offset", "shown"),
    [
        ("2026-11-25T20:58:13+00:00", -60, "25 Nov 2026, 21:58"),
        ("2026-11-25T20:58:13+00:00", 300, "25 Nov 2026, 15:58"),
        ("2026-11-25T20:58:13+00:00", -330, "26 Nov 2026, 02:28"),
        ("2026-01-01", 0, "1 Jan 2026, 00:00"),
        ("2026-11-25T20:58:13+00:00", float("nan"), "25 Nov 2026, 20:58 UTC"),
        ("not a time", 0, "not a time"),
    ],
)
def test_saved_times_read_in_local_time(saved_at, offset, shown):
    assert research.readable_time(saved_at, lambda ms: offset) == shown


def test_summer_time_uses_the_offset_of_that_moment():
    def london(epoch_ms):  # British Summer Time from 29 March 2026, 01:00 UTC
        return -60 if epoch_ms >= 1774746000_000 else 0

    assert research.readable_time("2026-03-29T00:30:00Z", london) == "29 Mar 2026, 00:30"
    assert research.readable_time("2026-03-29T01:30:00Z", london) == "29 Mar 2026, 02:30"


def test_the_last_edited_draft_is_the_one_saved_last():
    drafts = [
        dict(research.new_draft(), saved_at="2026-11-25T10:00:00+00:00"),
        dict(research.new_draft(JENSEN), saved_at="2026-11-25T11:10:00+01:00"),
        dict(research.new_draft(research.DEMO_KEY), saved_at="2026-11-25T10:20:00+00:00"),
        dict(research.new_draft(f"{research.CONCEPT_KEY}/claim/1"), saved_at="garbled"),
    ]
    assert research.last_edited(drafts) == research.DEMO_KEY
    assert research.last_edited([]) is None


def test_handoff_prompt_carries_the_next_action():
    draft = research.new_draft()
    draft["next_action"] = "  Re-derive Gibbs' inequality  "
    text = research.handoff_prompt(draft)
    assert "My planned next action: Re-derive Gibbs' inequality" in text
    assert "planned next action" not in research.handoff_prompt(research.new_draft())


def test_equation_objects_carry_the_equation_as_text():
    draft = research.new_draft(f"{research.CONCEPT_KEY}/equation/eq-cross-entropy")
    assert "Equation: H(p, q) = H(p) + KL(p‖q)" in research.handoff_prompt(draft)
    equations = [o for o in research.OBJECTS if o.kind == "equation"]
    assert all(o.text for o in equations)
    assert not any(o.text for o in research.OBJECTS if o.kind != "equation")


def test_every_equation_object_names_an_equation_on_the_page():
    page = (Path(__file__).resolve().parents[2] / "index.html").read_text()
    for eq_id, _, _ in research.EQUATIONS:
        assert f'<math display="block" id="{eq_id}"' in page


def test_demo_state_is_the_current_q_with_totals_only_once_revealed():
    snap = state.snapshot((0.7, 0.25, 0.04, 0.01))
    shown = research.demo_state_lines(state.P, snap, "http://x/#q=0.7", totals_shown=True)
    assert "the q set in the demo now" in shown[1]
    assert f"KL(p||q) = {snap.kl_pq:.4f} nats" in "\n".join(shown)
    hidden = research.demo_state_lines(state.P, snap, "http://x/#q=0.7", totals_shown=False)
    assert not any("nats" in line for line in hidden)
    assert any("still open" in line for line in hidden)
    assert hidden[-1] == "Shareable link: http://x/#q=0.7"
