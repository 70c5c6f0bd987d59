"""The research room: grounded objects, durable local drafts, the hand-off prompt."""

import json
import re

import pytest
from harness import wait_until_ready
from playwright.sync_api import expect

CONCEPT = "concept:information-theory/kl-divergence"
PREFIX = f"kl-notebook:{CONCEPT}:draft:"
XSS = '<img src=x onerror="window.hacked=1"></textarea><script>window.hacked=2</script>'


def room(page):
    return page.locator("#research")


def wait_saved(page):
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
    page.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('full', 'QuotaExceededError') }"
    )
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
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', { get() {"
        " throw new DOMException('denied', 'SecurityError') } })"
    )
    page.goto(base_url)
    wait_until_ready(page)
    expect(room(page).get_by_text("will not survive a reload")).to_be_visible()


def test_a_second_tab_editing_the_same_draft_asks_which_to_keep(ready_page, base_url):
    page = ready_page
    r = room(page)
    r.get_by_role("textbox", name="Note").fill("from tab one")
    wait_saved(page)
    other = page.context.new_page()
    other.goto(base_url)
    wait_until_ready(other)
    room(other).get_by_role("textbox", name="Note").fill("from tab two")
    wait_saved(other)
    conflict = page.locator("#research-conflict")
    expect(conflict).to_be_visible()
    # Typing on in the first tab does not silently overwrite the other version.
    r.get_by_role("textbox", name="Note").fill("from tab one, edited")
    page.wait_for_timeout(1200)  # longer than the autosave pause
    key = PREFIX + CONCEPT
    assert "from tab two" in page.evaluate("k => localStorage.getItem(k)", key)
    r.get_by_role("button", name="Load the other version").click()
    expect(r.get_by_role("textbox", name="Note")).to_have_value("from tab two")
    expect(conflict).to_be_hidden()
    other.close()


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


def test_demo_state_in_the_prompt_follows_the_last_revealed_state(ready_page):
    page = ready_page
    r = room(page)
    r.get_by_role("combobox", name="Object of the question").select_option(
        label="The current demo state"
    )
    page.get_by_role("button", name="Miss a data mode").click()
    prompt = r.get_by_role("textbox", name="Hand-off prompt")
    expect(prompt).to_have_value(re.compile(r"0\.2004"))  # unrevealed: no give-away
    page.get_by_role("radio", name="KL(p‖q) is larger").check()
    page.get_by_role("button", name="Reveal the totals").click()
    expect(prompt).to_have_value(re.compile(r"KL\(p\|\|q\) = 0\.5170"))
