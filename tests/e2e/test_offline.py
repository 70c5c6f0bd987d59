"""The built site works offline after one visit, and a new deploy arrives whole, never mixed."""

import pytest
from core import kl
from harness import PageGuard, origin_of, start_server, stop_server
from playwright.sync_api import expect

import serve

READY_MS = 90_000


@pytest.fixture
def site(tmp_path):
    return serve.build(tmp_path / "site", compress=False)


@pytest.fixture
def served(site):
    proc, url = start_server("--root", str(site))
    yield url
    if proc.poll() is None:
        stop_server(proc)


def expect_ready(page):
    expect(page.get_by_role("status").filter(has_text="ready")).to_be_visible(timeout=READY_MS)


def visit_until_offline_ready(page, url):
    """A first visit, left open until the service worker has cached the whole site."""
    page.goto(url)
    expect_ready(page)
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)") == (
        url + "sw.js"
    )


def test_after_one_visit_the_page_works_with_the_server_gone(context, site):
    proc, url = start_server("--root", str(site))
    page = context.new_page()
    guard = PageGuard(page, origin_of(url))
    visit_until_offline_ready(page, url)
    stop_server(proc)  # no network at all from here on

    page.reload()
    expect_ready(page)
    assert page.evaluate("!!navigator.serviceWorker.controller")
    expect(page.locator("#code-output")).to_contain_text(
        kl.report((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01))
    )
    page.get_by_role("button", name="Uniform").click()
    expect(page.locator("#q-x1")).to_have_text("q(x1) = 25.0%")
    guard.check()


def deploy_a_new_version(site):
    """Change the page and its Python, as a new deploy would, and rebuild the worker."""
    page = site / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</h1>", " (version 2)</h1>", 1),
        encoding="utf-8",
    )
    main = site / "py" / "main.py"
    main.write_text(main.read_text() + '\ndocument.documentElement.dataset.build = "2"\n')
    serve.write_service_worker(site)


def version_shown(page):
    """(the page's version, its Python's version): a mix would show two different ones."""
    heading = page.get_by_role("heading", level=1).text_content()
    html_version = "2" if "(version 2)" in heading else "1"
    return html_version, page.evaluate("document.documentElement.dataset.build || '1'")


def test_a_new_deploy_is_offered_and_taken_whole(context, site, served):
    page = context.new_page()
    guard = PageGuard(page, origin_of(served))
    visit_until_offline_ready(page, served)
    notice = page.get_by_text("A new version of this page is ready.")
    expect(notice).to_be_hidden()

    deploy_a_new_version(site)
    page.reload()
    expect_ready(page)
    # Until the learner chooses, the old version runs, all of it.
    assert version_shown(page) == ("1", "1")
    expect(notice).to_be_visible(timeout=30_000)
    assert version_shown(page) == ("1", "1")

    page.get_by_role("button", name="Reload to update").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("(version 2)", timeout=30_000)
    expect_ready(page)
    assert version_shown(page) == ("2", "2")
    expect(notice).to_be_hidden()
    guard.check()


def test_a_new_deploy_is_picked_up_on_the_next_visit(context, site, served):
    page = context.new_page()
    visit_until_offline_ready(page, served)
    deploy_a_new_version(site)
    page.reload()
    expect_ready(page)
    expect(page.get_by_text("A new version of this page is ready.")).to_be_visible(timeout=30_000)
    page.close()  # the learner leaves without reloading

    page = context.new_page()
    guard = PageGuard(page, origin_of(served))
    page.goto(served)
    expect_ready(page)
    assert version_shown(page) == ("2", "2")
    guard.check()
