"""The research room: grounded objects, durable local drafts, the hand-off prompt."""

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from core import research
from harness import PAUSE_MS, STORAGE_BLOCKED, STORAGE_FULL, reveal, wait_until_ready
from playwright.sync_api import expect

CONCEPT = "concept:information-theory/kl-divergence"
PREFIX = f"kl-notebook:{CONCEPT}:draft:"
XSS = '<img src=x onerror="window.hacked=1"></textarea><script>window.hacked=2</script>'


def room(page):
    return page.locator("#research")


def wait_saved(page):
    page.clock.run_for(PAUSE_MS)  # past the autosave pause
    expect(page.locator("#research-saved")).to_contain_text("Last saved")


def stored(page):
    return page.evaluate(
        "prefix => Object.keys(localStorage).filter(k => k.startsWith(prefix))", PREFIX
    )


def test_default_object_question_and_prompt(ready_page):
    r = room(ready_page)
    expect(r.get_by_role("combobox", name="Object of the question")).to_have_value(CONCEPT)
    prompt = r.get_by_role("textbox", name="Hand-off prompt")
    expect(prompt).to_have_value(re.compile(f"Object key: {CONCEPT}"))
    expect(prompt).to_have_value(
        re.compile("Anchor id: concept/concept-notebook/information-theory/kl-divergence")
    )
    expect(prompt).to_have_value(re.compile("Context: Information Theory"))
    expect(prompt).to_have_value(re.compile("What is the smallest example"))


def test_evidence_and_criteria_can_be_ticked_edited_added_and_removed(ready_page):
    r = room(ready_page)
    prompt = r.get_by_role("textbox", name="Hand-off prompt")
    r.get_by_role("checkbox", name="Include evidence 2 in the prompt").uncheck()
    expect(prompt).not_to_have_value(re.compile("contrast concept links"))
    r.get_by_role("textbox", name="Criterion 1").fill("I can explain it to a friend")
    expect(prompt).to_have_value(re.compile("- I can explain it to a friend"))
    r.get_by_role("textbox", name="New resolution criterion").fill("I can find a counterexample")
    r.get_by_role("button", name="Add criterion").click()
    expect(prompt).to_have_value(re.compile("- I can find a counterexample"))
    r.get_by_role("button", name="Remove criterion 4").click()
    expect(prompt).not_to_have_value(re.compile("counterexample"))
    expect(r.get_by_role("button", name=re.compile("Remove criterion"))).to_have_count(3)


def test_draft_autosaves_and_survives_reload(ready_page):
    page = ready_page
    r = room(page)
    r.get_by_role("textbox", name="Note").fill("The x3 term is what blows up.")
    r.get_by_role("textbox", name="Next action").fill("Try the storyboard")
    wait_saved(page)
    assert stored(page) == [PREFIX + CONCEPT]
    page.reload()
    wait_until_ready(page)
    expect(r.get_by_role("textbox", name="Note")).to_have_value("The x3 term is what blows up.")
    expect(r.get_by_role("textbox", name="Next action")).to_have_value("Try the storyboard")
    expect(r.get_by_text(re.compile("concept: KL Divergence .*saved"))).to_be_visible()


def test_drafts_are_kept_per_object_listed_reopened_and_deleted(ready_page):
    page = ready_page
    r = room(page)
    r.get_by_role("textbox", name="Note").fill("concept note")
    wait_saved(page)
    r.get_by_role("combobox", name="Object of the question").select_option(
        label="The Jensen argument"
    )
    expect(r.get_by_role("textbox", name="Note")).to_have_value("")
    expect(r.locator("#research-object-key")).to_have_text(f"{CONCEPT}/equation/eq-jensen")
    r.get_by_role("textbox", name="Note").fill("why concave?")
    wait_saved(page)
    r.get_by_role("button", name="Open the draft about KL Divergence (Relative Entropy)").click()
    expect(r.get_by_role("textbox", name="Note")).to_have_value("concept note")
    page.once("dialog", lambda dialog: dialog.dismiss())
    r.get_by_role("button", name="Delete the draft about The Jensen argument").click()
    expect(
        r.get_by_role("button", name="Delete the draft about The Jensen argument")
    ).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    r.get_by_role("button", name="Delete the draft about The Jensen argument").click()
    expect(
        r.get_by_role("button", name="Delete the draft about The Jensen argument")
    ).to_have_count(0)
    assert stored(page) == [PREFIX + CONCEPT]


def test_user_text_is_shown_literally_and_runs_nothing(ready_page):
    page = ready_page
    r = room(page)
    r.get_by_role("textbox", name="Note").fill(XSS)
    r.get_by_role("textbox", name="Criterion 1").fill(XSS)
    wait_saved(page)
    page.reload()
    wait_until_ready(page)
    expect(r.get_by_role("textbox", name="Note")).to_have_value(XSS)
    expect(r.get_by_role("textbox", name="Hand-off prompt")).to_have_value(
        re.compile(re.escape(XSS))
    )
    assert page.evaluate("window.hacked") is None
    assert page.locator("#research img, #research script").count() == 0


def test_corrupt_storage_is_kept_aside_with_an_alert(page, base_url):
    page.goto(base_url)
    wait_until_ready(page)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [PREFIX + CONCEPT, "{broken json"])
    page.reload()
    wait_until_ready(page)
    alert = page.locator("#research-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("kept aside")
    backups = page.evaluate(
        "() => Object.entries(localStorage).filter(([k]) => k.includes(':backup:'))"
    )
    assert [value for _, value in backups] == ["{broken json"]


def test_storage_full_keeps_the_draft_in_memory(page, base_url):
    page.add_init_script(STORAGE_FULL)
    page.goto(base_url)
    wait_until_ready(page)
    r = room(page)
    expect(r.get_by_text("storage is full")).to_be_visible()
    r.get_by_role("textbox", name="Note").fill("only in memory")
    expect(page.locator("#research-saved")).to_contain_text("in memory only")
    r.get_by_role("combobox", name="Object of the question").select_option(
        label="KL is a directional expected mismatch"
    )
    r.get_by_role("combobox", name="Object of the question").select_option(
        label="KL Divergence (Relative Entropy)"
    )
    expect(r.get_by_role("textbox", name="Note")).to_have_value("only in memory")


def test_storage_unavailable_says_the_draft_will_not_survive(page, base_url):
    page.add_init_script(STORAGE_BLOCKED)
    page.goto(base_url)
    wait_until_ready(page)
    expect(room(page).get_by_text("will not survive a reload")).to_be_visible()


def test_export_then_import_round_trip(ready_page, tmp_path):
    page = ready_page
    r = room(page)
    r.get_by_role("textbox", name="Note").fill("exported note")
    wait_saved(page)
    with page.expect_download() as info:
        r.get_by_role("button", name="Export drafts as JSON").click()
    path = tmp_path / "drafts.json"
    info.value.save_as(path)
    bundle = json.loads(path.read_text())
    assert bundle["format"] == "kl-notebook-drafts"
    assert bundle["drafts"][0]["note"] == "exported note"
    bundle["drafts"].append({"schema": 2, "object": "not-a-thing"})
    path.write_text(json.dumps(bundle))
    page.evaluate("() => localStorage.clear()")
    r.get_by_label("Import drafts from a JSON file").set_input_files(path)
    report = page.locator("#import-report")
    expect(report).to_contain_text("Imported 1 draft.")
    expect(report).to_contain_text("Draft 2 was rejected")
    expect(r.get_by_role("textbox", name="Note")).to_have_value("exported note")
    (tmp_path / "bad.json").write_text("not json")
    r.get_by_label("Import drafts from a JSON file").set_input_files(tmp_path / "bad.json")
    expect(report).to_contain_text("nothing was imported")


@pytest.mark.browser_context(permissions=["clipboard-read", "clipboard-write"])
def test_copy_puts_the_prompt_on_the_clipboard(ready_page):
    page = ready_page
    r = room(page)
    r.get_by_role("combobox", name="Object of the question").select_option(
        label="The current demo state"
    )
    prompt = r.get_by_role("textbox", name="Hand-off prompt")
    expect(prompt).to_have_value(re.compile(r"KL\(p\|\|q\) = 0\.2004 nats"))
    expect(prompt).to_have_value(re.compile(r"Shareable link: http://.*#q=0\.8,0\.15,0\.04,0\.01"))
    r.get_by_role("button", name="Copy the prompt").click()
    expect(page.locator("#copy-status")).to_have_text("Copied the prompt to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == prompt.input_value()


def test_copy_falls_back_to_selecting_the_text(ready_page):
    page = ready_page
    page.evaluate(
        "() => navigator.clipboard.writeText = () => Promise.reject(new Error('blocked'))"
    )
    room(page).get_by_role("button", name="Copy the prompt").click()
    expect(page.locator("#copy-status")).to_contain_text("press Ctrl+C")
    expect(room(page).get_by_role("textbox", name="Hand-off prompt")).to_be_focused()


def test_a_file_the_browser_cannot_read_is_reported_beside_the_import(ready_page, tmp_path):
    page = ready_page
    page.evaluate(
        "() => File.prototype.text = () => Promise.reject(new Error('the file went away'))"
    )
    path = tmp_path / "drafts.json"
    path.write_text("{}")
    room(page).get_by_label("Import drafts from a JSON file").set_input_files(path)
    expect(page.locator("#import-report")).to_have_text(
        "The browser could not read that file: nothing was imported."
    )


# ---- helpers for storage written elsewhere ------------------------------------------------

JENSEN = f"{CONCEPT}/equation/eq-jensen"
T0 = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


def draft_text(object_key=CONCEPT, **fields):
    fields.setdefault("saved_at", T0.isoformat())
    return research.serialize(dict(research.new_draft(object_key), **fields))


def plant(page, entries):
    page.evaluate(
        "entries => { for (const [k, v] of entries) localStorage.setItem(k, v) }",
        [[PREFIX + key, value] for key, value in entries.items()],
    )


def stored_note(page, object_key=CONCEPT):
    raw = page.evaluate("k => localStorage.getItem(k)", PREFIX + object_key)
    return json.loads(raw)["note"] if raw else None


def other_tab(page, base_url):
    """Another window of the same site; it writes storage the way a second tab's room does."""
    other = page.context.new_page()
    other.goto(base_url + "favicon.svg")
    return other


def paused_page(page, base_url):
    """The app with a fake clock, paused once ready: autosave waits for clock.run_for."""
    page.clock.install(time=T0)
    page.goto(base_url)
    wait_until_ready(page)
    page.clock.pause_at(T0 + timedelta(hours=1))
    return page


def open_object(page, label):
    room(page).get_by_role("combobox", name="Object of the question").select_option(label=label)


def note(page):
    return room(page).get_by_role("textbox", name="Note")


def import_text(page, tmp_path, text, name="drafts.json"):
    path = tmp_path / name
    path.write_text(text)
    room(page).get_by_label("Import drafts from a JSON file").set_input_files(path)


def bundle(*drafts):
    return json.dumps({"format": "kl-notebook-drafts", "schema": 2, "drafts": list(drafts)})


# ---- bad stored or imported data never stops the page (issue 21, items 1 and 2) ------------


def test_bad_shaped_drafts_in_storage_neither_stop_the_page_nor_hide_the_others(page, base_url):
    page.goto(base_url)
    wait_until_ready(page)
    plant(
        page,
        {
            CONCEPT: '{"schema": 2, "object": ["x"]}',
            f"{CONCEPT}/claim/1": '{"version": 1, "object": {"a": 1}}',
            JENSEN: draft_text(JENSEN, note="still here", saved_at="2026-01-01T00:00:00+00:00"),
        },
    )
    page.reload()
    wait_until_ready(page)
    alert = page.locator("#research-alert")
    expect(alert).to_contain_text("KL Divergence (Relative Entropy)” could not be read")
    expect(alert).to_contain_text("KL is a directional expected mismatch")
    r = room(page)
    expect(r.get_by_role("button", name="Open the draft about The Jensen argument")).to_be_visible()
    expect(r.get_by_role("combobox", name="Object of the question")).to_have_value(JENSEN)
    expect(note(page)).to_have_value("still here")


def test_deep_json_in_storage_or_an_import_is_refused_and_later_imports_work(
    page, base_url, tmp_path
):
    deep = "[" * 10_000 + "]" * 10_000
    page.goto(base_url)
    wait_until_ready(page)
    plant(page, {CONCEPT: deep, JENSEN: draft_text(JENSEN, note="kept")})
    page.reload()
    wait_until_ready(page)
    expect(page.locator("#research-alert")).to_contain_text("nested 10,000 levels deep")
    expect(note(page)).to_have_value("kept")
    report = page.locator("#import-report")
    import_text(page, tmp_path, deep)
    expect(report).to_contain_text("nested 10,000 levels deep")
    expect(report).to_contain_text("so nothing was imported")
    import_text(page, tmp_path, bundle(json.loads(draft_text(note="after the bad file"))), "b")
    expect(report).to_contain_text("Imported 1 draft.")
    open_object(page, "KL Divergence (Relative Entropy)")
    expect(note(page)).to_have_value("after the bad file")


def test_import_keeps_the_valid_drafts_beside_a_bad_shaped_one(ready_page, tmp_path):
    good = json.loads(draft_text(JENSEN, note="imported"))
    import_text(ready_page, tmp_path, bundle({"schema": 2, "object": ["x"]}, good))
    report = ready_page.locator("#import-report")
    expect(report).to_contain_text("Imported 1 draft.")
    expect(report).to_contain_text("Draft 1 was rejected: the draft's object must be")
    room(ready_page).get_by_role("button", name="Open the draft about The Jensen argument").click()
    expect(note(ready_page)).to_have_value("imported")


# ---- another tab (item 3) -------------------------------------------------------------------


def test_a_tab_without_unsaved_edits_takes_the_other_tabs_version(ready_page, base_url):
    page = ready_page
    note(page).fill("from tab one")
    wait_saved(page)
    other = other_tab(page, base_url)
    plant(other, {CONCEPT: draft_text(note="from tab two")})
    expect(note(page)).to_have_value("from tab two")
    expect(page.locator("#research-saved")).to_contain_text("saved in another tab")
    expect(page.locator("#research-conflict")).to_be_hidden()
    assert stored_note(page) == "from tab two"
    other.close()


def test_a_conflict_belongs_to_one_object_and_keeps_what_was_typed(page, base_url):
    paused_page(page, base_url)
    r = room(page)
    conflict = page.locator("#research-conflict")
    note(page).fill("mine, unsaved")
    other = other_tab(page, base_url)
    plant(other, {CONCEPT: draft_text(note="theirs")})
    expect(conflict).to_be_visible()
    page.clock.run_for(PAUSE_MS)  # past the autosave pause: the other version is not overwritten
    assert stored_note(page) == "theirs"
    open_object(page, "The Jensen argument")
    expect(conflict).to_be_hidden()
    note(page).fill("about Jensen")
    page.clock.run_for(PAUSE_MS)
    wait_saved(page)
    assert stored_note(page, JENSEN) == "about Jensen"
    open_object(page, "KL Divergence (Relative Entropy)")
    expect(note(page)).to_have_value("mine, unsaved")
    expect(conflict).to_be_visible()
    r.get_by_role("button", name="Load the other version").click()
    expect(note(page)).to_have_value("theirs")
    expect(conflict).to_be_hidden()
    assert stored_note(page, JENSEN) == "about Jensen"
    other.close()


def test_keep_mine_writes_what_this_tab_typed(page, base_url):
    paused_page(page, base_url)
    note(page).fill("mine")
    other = other_tab(page, base_url)
    plant(other, {CONCEPT: draft_text(note="theirs")})
    room(page).get_by_role("button", name="Keep mine").click()
    expect(page.locator("#research-conflict")).to_be_hidden()
    assert stored_note(page) == "mine"
    other.close()


def test_an_unreadable_version_from_another_tab_is_kept_aside_and_mine_goes_on(page, base_url):
    paused_page(page, base_url)
    note(page).fill("mine")
    other = other_tab(page, base_url)
    plant(other, {CONCEPT: draft_text(note="theirs")})
    expect(page.locator("#research-conflict")).to_be_visible()
    plant(other, {CONCEPT: '{"schema": 2, "object": ["x"]}'})
    alert = page.locator("#research-alert")
    expect(alert).to_contain_text("could not be read")
    expect(alert).to_contain_text("Your version here is kept")
    expect(page.locator("#research-conflict")).to_be_hidden()
    page.clock.run_for(PAUSE_MS)
    wait_saved(page)
    assert stored_note(page) == "mine"
    other.close()


# ---- storage full or broken (items 4, 6, 8; issue 14 item 9) ---------------------------------


def test_storage_full_at_start_up_still_lists_and_exports_the_saved_drafts(
    page, base_url, tmp_path
):
    page.goto(base_url)
    wait_until_ready(page)
    plant(page, {CONCEPT: draft_text(note="one"), JENSEN: draft_text(JENSEN, note="two")})
    page.add_init_script(STORAGE_FULL)
    page.reload()
    wait_until_ready(page)
    r = room(page)
    expect(r.get_by_role("button", name=re.compile("^Open the draft"))).to_have_count(2)
    with page.expect_download() as info:
        r.get_by_role("button", name="Export drafts as JSON").click()
    info.value.save_as(tmp_path / "out.json")
    notes = sorted(d["note"] for d in json.loads((tmp_path / "out.json").read_text())["drafts"])
    assert notes == ["one", "two"]


def test_storage_notices_are_announced_even_mid_session(ready_page):
    page = ready_page
    page.evaluate(f"() => {{ {STORAGE_FULL} }}")
    note(page).fill("no room left")
    notice = room(page).get_by_role("status").filter(has_text="storage is full")
    expect(notice).to_be_visible()
    expect(page.locator("#research-saved")).to_contain_text("in memory only")


def test_a_corrupt_draft_that_cannot_be_copied_aside_is_left_untouched(page, base_url):
    page.add_init_script(
        "const write = Storage.prototype.setItem;"
        "Storage.prototype.setItem = function (k, v) {"
        " if (k.includes(':backup:')) throw new DOMException('full', 'QuotaExceededError');"
        " return write.call(this, k, v) }"
    )
    page.goto(base_url)
    wait_until_ready(page)
    plant(page, {CONCEPT: "{precious but broken"})
    page.reload()
    wait_until_ready(page)
    expect(page.locator("#research-alert")).to_contain_text("left untouched")
    note(page).fill("typed after the warning")
    expect(page.locator("#research-saved")).to_contain_text("in memory only")
    raw = page.evaluate("k => localStorage.getItem(k)", PREFIX + CONCEPT)
    assert raw == "{precious but broken"


def test_a_corrupt_draft_of_an_object_not_open_is_moved_aside_with_an_alert(page, base_url):
    page.goto(base_url)
    wait_until_ready(page)
    plant(page, {JENSEN: "{broken"})
    page.reload()
    wait_until_ready(page)
    alert = page.locator("#research-alert")
    expect(alert).to_contain_text("The Jensen argument")
    expect(alert).to_contain_text("kept aside")
    # The alert goes once its cause is behind the learner: they opened another object.
    open_object(page, "The Jensen argument")
    expect(alert).to_be_hidden()


def test_import_of_two_drafts_for_one_object_reports_the_one_kept(ready_page, tmp_path):
    older = json.loads(draft_text(JENSEN, note="older", saved_at="2026-01-01T00:00:00+00:00"))
    newer = json.loads(draft_text(JENSEN, note="newer", saved_at="2026-02-01T00:00:00+00:00"))
    import_text(ready_page, tmp_path, bundle(newer, older))
    report = ready_page.locator("#import-report")
    expect(report).to_contain_text("Imported 1 draft.")
    expect(report).to_contain_text("Draft 2 was rejected: draft 1 in the file is also about")
    open_object(ready_page, "The Jensen argument")
    expect(note(ready_page)).to_have_value("newer")


def test_import_asks_before_replacing_a_local_draft(ready_page, tmp_path):
    page = ready_page
    note(page).fill("mine")
    wait_saved(page)
    theirs = bundle(json.loads(draft_text(note="theirs")))
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    import_text(page, tmp_path, theirs)
    report = page.locator("#import-report")
    expect(report).to_contain_text("Kept your own draft about “KL Divergence (Relative Entropy)”")
    assert "Replace yours" in messages[0]
    expect(note(page)).to_have_value("mine")
    page.once("dialog", lambda d: d.accept())
    import_text(page, tmp_path, theirs, "again.json")
    expect(report).to_contain_text("was replaced by the file’s version")
    expect(note(page)).to_have_value("theirs")


def test_importing_while_storage_is_full_shows_the_storage_notice(ready_page, tmp_path):
    page = ready_page
    page.evaluate(f"() => {{ {STORAGE_FULL} }}")
    import_text(page, tmp_path, bundle(json.loads(draft_text(JENSEN, note="x"))))
    expect(page.locator("#import-report")).to_contain_text("kept in memory only")
    expect(room(page).get_by_role("status").filter(has_text="storage is full")).to_be_visible()


# ---- long text is never cut silently (item 5) ------------------------------------------------


def test_the_note_shows_its_limit_while_typing_and_keeps_what_it_shows(ready_page):
    page = ready_page
    counter = page.locator("#research-note-count")
    expect(counter).to_have_text("0 / 4,000 characters")
    note(page).fill("x" * 5000)
    expect(counter).to_have_text("4,000 / 4,000 characters: the limit, nothing more can be typed")
    shown = note(page).input_value()
    wait_saved(page)
    page.reload()
    wait_until_ready(page)
    expect(note(page)).to_have_value(shown)
    question = room(page).get_by_role("textbox", name="Open question")
    expect(question).to_have_attribute("maxlength", "1000")
    expect(room(page).get_by_role("textbox", name="Criterion 1")).to_have_attribute(
        "maxlength", "500"
    )


# ---- focus after actions that rebuild the page (item 11) -------------------------------------


def test_focus_moves_to_the_next_control_after_remove_delete_and_open(ready_page):
    page = ready_page
    r = room(page)
    r.get_by_role("button", name="Remove criterion 2").click()
    expect(r.get_by_role("button", name="Remove criterion 2")).to_be_focused()
    r.get_by_role("button", name="Remove criterion 2").click()
    expect(r.get_by_role("button", name="Remove criterion 1")).to_be_focused()
    r.get_by_role("button", name="Remove criterion 1").click()
    expect(r.get_by_role("textbox", name="New resolution criterion")).to_be_focused()
    wait_saved(page)
    open_object(page, "The Jensen argument")
    note(page).fill("jensen")
    wait_saved(page)
    r.get_by_role("button", name="Open the draft about KL Divergence (Relative Entropy)").click()
    expect(r.get_by_role("combobox", name="Object of the question")).to_be_focused()
    page.once("dialog", lambda d: d.accept())
    r.get_by_role("button", name="Delete the draft about KL Divergence (Relative Entropy)").click()
    expect(r.get_by_role("button", name="Open the draft about The Jensen argument")).to_be_focused()
    page.once("dialog", lambda d: d.accept())
    r.get_by_role("button", name="Delete the draft about The Jensen argument").click()
    expect(r.get_by_role("button", name="Export drafts as JSON")).to_be_focused()


# ---- the demo state, the prompt, times and the draft reopened (issue 14, item 9) ------------


def test_demo_state_is_the_current_q_and_its_totals_wait_for_the_reveal(ready_page):
    page = ready_page
    open_object(page, "The current demo state")
    prompt = room(page).get_by_role("textbox", name="Hand-off prompt")
    expect(prompt).to_have_value(re.compile(r"KL\(p\|\|q\) = 0\.2004 nats"))  # published example
    page.get_by_role("button", name="Miss a data mode").click()
    expect(prompt).to_have_value(re.compile(r"q = \(0\.7, 0\.25, 0\.002, 0\.048\), the q set"))
    expect(prompt).not_to_have_value(re.compile("nats"))  # unrevealed: no give-away
    expect(prompt).to_have_value(re.compile("prediction round for this q is still open"))
    reveal(page)
    expect(prompt).to_have_value(re.compile(r"KL\(p\|\|q\) = 0\.5170"))


def test_prompt_carries_the_next_action_and_the_equation_as_text(ready_page):
    page = ready_page
    open_object(page, "Cross-entropy identity")
    room(page).get_by_role("textbox", name="Next action").fill("Check it on the worked example")
    prompt = room(page).get_by_role("textbox", name="Hand-off prompt")
    expect(prompt).to_have_value(re.compile(r"Equation: H\(p, q\) = H\(p\) \+ KL\(p‖q\)"))
    expect(prompt).to_have_value(
        re.compile("My planned next action: Check it on the worked example")
    )


@pytest.mark.browser_context(timezone_id="Asia/Kolkata")
def test_saved_times_read_in_the_learners_local_time(ready_page):
    page = ready_page
    note(page).fill("timed")
    wait_saved(page)
    saved_at = json.loads(page.evaluate("k => localStorage.getItem(k)", PREFIX + CONCEPT))[
        "saved_at"
    ]
    local = datetime.fromisoformat(saved_at).astimezone(ZoneInfo("Asia/Kolkata"))
    shown = f"{local.day} {local:%b %Y, %H:%M}"
    expect(page.locator("#research-saved")).to_have_text(f"Last saved in this browser at {shown}.")
    expect(room(page).get_by_text(f"(saved {shown})")).to_be_visible()


def test_after_a_reload_the_room_opens_the_draft_last_edited(ready_page):
    page = ready_page
    note(page).fill("older")
    wait_saved(page)
    open_object(page, "The Jensen argument")
    note(page).fill("edited last")
    wait_saved(page)
    page.reload()
    wait_until_ready(page)
    expect(room(page).get_by_role("combobox", name="Object of the question")).to_have_value(JENSEN)
    expect(note(page)).to_have_value("edited last")
