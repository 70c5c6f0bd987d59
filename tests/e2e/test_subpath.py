"""The built site works under a sub-path, as on https://user.github.io/repo/."""

import pytest
from core import kl
from harness import PageGuard, origin_of, start_server, stop_server, wait_until_ready
from playwright.sync_api import expect

import serve


@pytest.fixture(scope="module")
def subpath_url(tmp_path_factory):
    site = serve.build(tmp_path_factory.mktemp("build") / "site")
    proc, url = start_server("--root", str(site), "--base", "/kl-notebook/")
    yield url
    stop_server(proc)


def test_built_site_runs_under_a_sub_path(context, subpath_url):
    assert subpath_url.endswith("/kl-notebook/")
    page = context.new_page()
    guard = PageGuard(page, origin_of(subpath_url))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(subpath_url)
    wait_until_ready(page)
    expect(page.locator("#code-output")).to_contain_text(
        kl.report((0.55, 0.25, 0.15, 0.05), (0.80, 0.15, 0.04, 0.01))
    )
    page.get_by_role("button", name="Miss a data mode").click()
    expect(page).to_have_url(subpath_url + "#q=0.7,0.25,0.002,0.048")
    assert all(url.startswith(subpath_url) for url in requests), requests
    # The service worker lives, and caches, under the sub-path only.
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == subpath_url
    guard.check()  # no 404, no console error, nothing off-origin
