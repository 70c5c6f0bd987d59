"""Write it yourself: the learner's kl() is checked in a worker, and no mistake breaks the page."""

import re

import pytest
from harness import BOTH_SCHEMES, STORAGE_BLOCKED, STORAGE_FULL, wait_until_ready
from playwright.sync_api import expect
from test_accessibility import audit

from tests.learner_code import GOOD, IGNORES_ZERO_Q, SYMMETRIC

# The first check starts a second Python in a worker; on a busy machine that takes a while.
FIRST_CHECK_MS = 90_000

RAISES = """\
def kl(p, q):
    print("<b>checking</b> <img src=x onerror=alert(1)>")
    return helper(p, q)


def helper(p, q):
    raise RuntimeError("<i>not yet</i>")
"""

NEVER_RETURNS = """\
def kl(p, q):
    while True:
        pass
"""


def exercise(page):
    return page.get_by_role("region", name="Write it yourself")


def open_editor(page):
    """Scroll to the exercise and wait for the code editor to replace the plain text box.

    Sections are laid out only near the viewport (content-visibility), so the page can
    shift once they are: scroll again until the editor has come up where we looked.
    """
    section = exercise(page)
    editor = section.get_by_role("textbox", name="Your code")
    for _ in range(5):
        # The Code section's own box first: off screen it is laid out lazily, and until it
        # has been rendered once the exercise inside it reports where it is not.
        page.locator("#code").scroll_into_view_if_needed()
        section.get_by_text("Tab indents the line.").scroll_into_view_if_needed()
        try:
            expect(editor).to_have_attribute("contenteditable", "true", timeout=3_000)
            break
        except AssertionError:
            continue
    expect(editor).to_have_attribute("contenteditable", "true")
    return editor


def write(page, code):
    editor = open_editor(page)
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)
    expect(editor).to_contain_text(code.splitlines()[0])
    return editor


def submit(page, code, timeout=FIRST_CHECK_MS):
    write(page, code)
    button = exercise(page).get_by_role("button", name="Check my code")
    button.click()
    expect(button).to_be_enabled(timeout=timeout)


def check_item(page, name):
    results = exercise(page).get_by_role("list", name="Results of the checks")
    return results.get_by_role("listitem").filter(has_text=name)


def test_right_symmetric_and_support_blind_implementations_get_the_right_verdicts(ready_page):
    page = ready_page
    section = exercise(page)

    submit(page, GOOD)
    expect(section.get_by_text("All 7 checks pass.")).to_be_visible()
    expect(check_item(page, "Not symmetric on the worked example")).to_contain_text("Pass")
    expect(check_item(page, "kl_terms")).to_contain_text("Skipped")
    expect(section.get_by_role("heading", name="Traceback")).to_be_hidden()

    submit(page, SYMMETRIC)
    expect(section.get_by_text("4 of 7 checks pass.")).to_be_visible()
    asymmetry = check_item(page, "Not symmetric on the worked example")
    expect(asymmetry).to_contain_text("Fail")
    expect(asymmetry).to_contain_text(
        "Counterexample: the worked example, p = (0.55, 0.25, 0.15, 0.05), "
        "q = (0.8, 0.15, 0.04, 0.01)"
    )
    expect(asymmetry).to_contain_text("are equal, but KL is not symmetric: kl.py gives 0.2004")

    submit(page, IGNORES_ZERO_Q)
    expect(section.get_by_text("6 of 7 checks pass.")).to_be_visible()
    support = check_item(page, "Infinite when q(x) = 0 < p(x)")
    expect(support).to_contain_text("Fail")
    expect(support).to_contain_text(
        "Smallest counterexample found: p = (0.1, 0.9), q = (0.0, 1.0). "
        "q(x1) = 0 where p(x1) = 0.1, so KL(p‖q) is infinite"
    )
    expect(check_item(page, "Agrees with kl.py")).to_contain_text("Pass")


def test_an_exception_is_a_traceback_and_printed_markup_stays_text(ready_page):
    page = ready_page
    section = exercise(page)
    submit(page, RAISES)
    expect(section.get_by_role("heading", name="Traceback")).to_be_visible()
    trace = section.locator("#exercise-traceback")
    expect(trace).to_contain_text('File "your_code.py", line 3, in kl')
    expect(trace).to_contain_text("return helper(p, q)")
    expect(trace).to_contain_text('line 7, in helper\n    raise RuntimeError("<i>not yet</i>")')
    expect(trace).to_contain_text("RuntimeError: <i>not yet</i>")
    output = section.locator("#exercise-output")
    expect(output).to_contain_text("<b>checking</b> <img src=x onerror=alert(1)>")
    assert section.locator("img, b, i").count() == 0  # shown as text, never parsed as markup
    expect(check_item(page, "Never negative")).to_contain_text(
        "Your kl raised RuntimeError: <i>not yet</i>"
    )

    # The reference the checks compare with is out of the learner's reach, as the page says.
    submit(page, "import kl\n\nkl = kl.kl\n")
    expect(trace).to_contain_text("ModuleNotFoundError: No module named 'kl'")
    expect(section.get_by_text("Your code stopped with an error before any check")).to_be_visible()


def test_an_endless_loop_is_stopped_and_the_page_stays_responsive(page, base_url):
    page.clock.install()
    page.goto(base_url)
    wait_until_ready(page)
    section = exercise(page)

    # Start the worker's Python with a quick run, so the loop below runs at once.
    submit(page, GOOD)
    expect(section.get_by_text("All 7 checks pass.")).to_be_visible()

    write(page, NEVER_RETURNS)
    check = section.get_by_role("button", name="Check my code")
    check.click()
    expect(section.get_by_text("Running your code…")).to_be_visible()
    expect(check).to_be_disabled()
    results = section.get_by_role("list", name="Results of the checks")
    expect(results).to_have_attribute("aria-busy", "true")  # the last results, marked stale

    # While the loop spins in the worker, the page still answers.
    section.get_by_role("button", name="Show code hint 1 of 3").click()
    expect(section.get_by_text("Walk over the outcomes in step")).to_be_visible()
    page.get_by_role("button", name="Run the worked example").click()
    expect(page.locator("#code-output")).to_contain_text("ran in your browser")

    page.clock.fast_forward(5_000)
    stopped = section.get_by_text(re.compile(r"^Stopped: your code was still running"))
    expect(stopped).to_contain_text(
        "after 5 seconds, while checking “Agrees with kl.py on random pairs (to 1e-9)”"
    )
    expect(check).to_be_enabled()
    expect(results).to_be_hidden()  # no verdicts left beside the message

    # A fresh Python takes over: the next check works.
    submit(page, GOOD)
    expect(section.get_by_text("All 7 checks pass.")).to_be_visible()


def test_the_editor_highlights_numbers_lines_indents_and_lets_the_keyboard_out(ready_page):
    page = ready_page
    editor = open_editor(page)
    expect(editor).to_contain_text('raise NotImplementedError("write kl(p, q) here")')
    section = exercise(page)
    expect(section.get_by_text("press Escape, then Tab")).to_be_visible()
    keyword = section.locator(".cm-line").first.get_by_text("import", exact=True)
    colour = keyword.evaluate("e => getComputedStyle(e).color")
    plain = section.locator(".cm-line").first.evaluate("e => getComputedStyle(e).color")
    assert colour != plain  # Python keywords are highlighted
    expect(section.locator(".cm-lineNumbers").get_by_text("7", exact=True)).to_be_visible()

    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("x = 1")
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    expect(editor).to_contain_text("    x = 1")
    expect(editor).to_be_focused()

    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Check my code")).to_be_focused()


def test_code_survives_a_reload_and_reset_can_be_undone(ready_page):
    page = ready_page
    write(page, "def kl(p, q):\n    return 0.0  # mine\n")
    page.reload()
    wait_until_ready(page)
    editor = open_editor(page)
    expect(editor).to_contain_text("return 0.0  # mine")

    section = exercise(page)
    section.get_by_role("button", name="Reset to the starter code").click()
    expect(editor).to_contain_text("write kl(p, q) here")
    expect(section.get_by_text("The starter code is back.")).to_be_visible()
    section.get_by_role("button", name="Bring back my code").click()
    expect(editor).to_contain_text("return 0.0  # mine")
    expect(section.get_by_role("button", name="Bring back my code")).to_be_hidden()


def test_full_storage_is_reported_and_the_code_still_checks(page, base_url):
    page.add_init_script(STORAGE_FULL)
    page.goto(base_url)
    wait_until_ready(page)
    submit(page, IGNORES_ZERO_Q)
    section = exercise(page)
    expect(section.get_by_text("storage is full, so your code is not saved")).to_be_visible()
    expect(section.get_by_text("6 of 7 checks pass.")).to_be_visible()


def test_unavailable_storage_is_reported_and_the_code_stays_editable(page, base_url):
    page.add_init_script(STORAGE_BLOCKED)
    page.goto(base_url)
    wait_until_ready(page)
    editor = write(page, "def kl(p, q):\n    return 1.0\n")
    expect(exercise(page).get_by_text("will not survive a reload")).to_be_visible()
    expect(editor).to_contain_text("return 1.0")


def test_hints_unlock_one_at_a_time(ready_page):
    section = exercise(ready_page)
    hints = section.get_by_role("list", name="Hints for the exercise").get_by_role("listitem")
    expect(hints).to_have_count(0)
    for n in (1, 2, 3):
        section.get_by_role("button", name=f"Show code hint {n} of 3").click()
        expect(hints).to_have_count(n)
    expect(hints.nth(2)).to_be_focused()
    expect(section.get_by_role("button", name=re.compile("Show code hint"))).to_be_hidden()


@pytest.mark.parametrize("scheme", BOTH_SCHEMES)
def test_no_accessibility_violations_with_failures_and_a_traceback(ready_page, scheme):
    page = ready_page
    submit(page, RAISES)
    exercise(page).get_by_role("button", name="Show code hint 1 of 3").click()
    assert audit(page) == []


@pytest.mark.browser_context(viewport={"width": 375, "height": 800})
def test_results_fit_a_narrow_screen_and_a_scrolling_editor_stays_accessible(ready_page):
    page = ready_page
    submit(page, SYMMETRIC)  # lines longer than the screen is wide: the editor scrolls them
    expect(exercise(page).get_by_text("4 of 7 checks pass.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert audit(page) == []
