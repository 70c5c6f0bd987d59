"""serve.py: what it serves, with which types and policy, and its friendly failures."""

import base64
import gzip
import hashlib
import http.client
import json
import re
import socket
import threading
import urllib.error
import urllib.request

import pytest

import serve


@pytest.fixture
def server():
    httpd = serve.make_server("127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.status, response.headers, response.read()


def test_serves_the_page_with_the_content_security_policy(server):
    status, headers, body = fetch(server)
    assert status == 200
    assert b"<h1>KL Divergence (Relative Entropy)</h1>" in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert serve.CSP in body.decode()


@pytest.mark.parametrize(
    ("path", "mime"),
    [("py/core/kl.py", "text/plain"), ("py/pyscript.json", "application/json"),
     ("favicon.svg", "image/svg+xml"), ("static/js/boot.js", "text/javascript")],
)  # fmt: skip
def test_content_types(server, path, mime):
    assert fetch(server + path)[1]["Content-Type"].startswith(mime)


def test_runtime_types_when_vendored(server):
    if not serve.vendor_is_current():
        serve.vendor_runtime()
    assert fetch(server + "static/vendor/pyodide/pyodide.asm.wasm")[1]["Content-Type"] == (
        "application/wasm"
    )
    assert fetch(server + "static/vendor/pyodide/pyodide.mjs")[1]["Content-Type"] == (
        "text/javascript"
    )
    assert fetch(server + "static/vendor/pyodide/python_stdlib.zip")[1]["Content-Type"] == (
        "application/zip"
    )


@pytest.mark.parametrize(
    "path", ["serve.py", "tests/unit/test_serve.py", "package.json", ".git/HEAD"]
)
def test_files_outside_the_site_are_not_served(server, path):
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch(server + path)
    assert error.value.code == 404


def raw_get(server, path, headers=None):
    """Send ``path`` exactly as written (urllib would tidy it first)."""
    host, port = server.split("/")[2].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response, body


@pytest.mark.parametrize(
    "path",
    [
        "/static/../.git/config",
        "/py/%2e%2e/serve.py",
        "/py/%2E%2E/%2e%2e/serve.py",
        "/favicon.svg/../.git/HEAD",
        "/static/../node_modules/",
        "/static/..%2f..%2fserve.py",
        "/static/%2e%2e/package.json",
        "/py/..\\serve.py",
        "/py/",
        "/static/",
        "/static/vendor/",
        "/static/vendor/pyodide/",
        "/node_modules/",
        "/.git/",
        "/static/vendor/.package-lock.sha256",
        "/static/vendor/pyodide/pyodide.asm.wasm.gz",
        "/py/core/kl.py%00.html",
        "/%ff",
    ],
)
def test_paths_are_normalised_before_the_allow_list_and_never_listed(server, path):
    status, _, body = raw_get(server, path)
    assert status == 404, path
    assert b"Directory listing" not in body and b"<li><a" not in body


def test_a_path_that_normalises_into_the_site_is_the_site_file(server):
    status, _, body = raw_get(server, "/static/../py/core/kl.py")
    assert status == 200
    assert body == (serve.ROOT / "py" / "core" / "kl.py").read_bytes()


def test_gzip_is_sent_only_to_browsers_that_accept_it(server):
    status, response, body = raw_get(server, "/py/core/kl.py", {"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(body) == (serve.ROOT / "py" / "core" / "kl.py").read_bytes()
    status, response, body = raw_get(server, "/py/core/kl.py")
    assert response.headers["Content-Encoding"] is None
    assert body == (serve.ROOT / "py" / "core" / "kl.py").read_bytes()


def test_the_vendored_runtime_goes_out_as_its_precompressed_copy(server):
    serve.ensure_vendored()
    wasm = serve.VENDOR / "pyodide" / "pyodide.asm.wasm"
    precompressed = wasm.with_name(wasm.name + ".gz")
    assert precompressed.exists()
    status, response, body = raw_get(
        server, "/static/vendor/pyodide/pyodide.asm.wasm", {"Accept-Encoding": "gzip"}
    )
    assert status == 200 and body == precompressed.read_bytes()
    assert response.headers["Content-Type"] == "application/wasm"
    # A zip archive is compressed already, as a static host treats it.
    _, response, _ = raw_get(
        server, "/static/vendor/pyodide/python_stdlib.zip", {"Accept-Encoding": "gzip"}
    )
    assert response.headers["Content-Encoding"] is None


def test_a_revalidation_of_an_unchanged_file_is_a_304(server):
    _, response, _ = raw_get(server, "/py/core/kl.py", {"Accept-Encoding": "gzip"})
    etag = response.headers["ETag"]
    status, _, body = raw_get(
        server, "/py/core/kl.py", {"Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert status == 304 and body == b""


def test_the_development_service_worker_caches_nothing(server):
    status, response, body = raw_get(server, "/sw.js")
    assert status == 200
    assert response.headers["Content-Type"] == "text/javascript"
    assert b"unregister()" in body and b"caches.delete" in body
    assert b"fetch" not in body  # no fetch handler: every request goes to the network


def test_port_in_use_gives_a_clear_message(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve.main(["--port", str(port), "--root", str(serve.ROOT)]) == 1
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "--port 0" in err


def test_missing_npm_is_explained_not_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(serve, "STAMP", tmp_path / "missing-stamp")
    monkeypatch.setattr(serve.shutil, "which", lambda name: None)
    assert serve.main(["--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "npm was not found" in err
    assert "apt-get install" in err


def test_build_writes_exactly_the_static_site(tmp_path):
    site = serve.build(tmp_path / "site")
    names = {path.relative_to(site).parts[0] for path in site.iterdir()}
    expected = {"index.html", "favicon.svg", "py", "static", ".nojekyll", "sw.js"}
    assert names == expected | {"index.html.gz", "favicon.svg.gz", "sw.js.gz"}
    assert (site / "py" / "core" / "kl.py").read_text() == (
        serve.ROOT / "py" / "core" / "kl.py"
    ).read_text()
    assert (site / "static" / "vendor" / "pyodide" / "pyodide.asm.wasm").exists()
    assert not list(site.rglob("__pycache__"))
    for path in site.rglob("*.gz"):
        original = path.with_name(path.name[:-3])
        assert gzip.decompress(path.read_bytes()) == original.read_bytes(), path
    bare = serve.build(tmp_path / "bare", compress=False)
    assert not list(bare.rglob("*.gz"))


def test_the_service_worker_precaches_every_file_the_page_loads(tmp_path):
    site = serve.build(tmp_path / "site", compress=False)
    worker = (site / "sw.js").read_text()
    manifest = json.loads(re.search(r"precacheAndRoute\((\[.*?\]),", worker).group(1))
    urls = {entry["url"] for entry in manifest}
    page_files = {path.relative_to(site).as_posix() for path in (site / "py").rglob("*.*")}
    assert page_files | {"index.html", "static/js/boot.js", "static/css/site.css"} <= urls
    assert set(json.loads((site / "static/vendor/runtime.json").read_text())) <= urls
    assert not [url for url in urls if url.endswith((".gz", ".map")) or "workbox" in url]
    for entry in manifest:
        body = (site / entry["url"]).read_bytes()
        digest = base64.b64encode(hashlib.sha384(body).digest()).decode()
        assert entry["integrity"] == f"sha384-{digest}", entry["url"]


def test_every_preload_hint_names_a_file_the_runtime_loads():
    serve.ensure_vendored()
    html = (serve.ROOT / "index.html").read_text(encoding="utf-8")
    hints = re.findall(r'<link rel="(?:module)?preload" href="([^"]+)"', html)
    assert hints, "the <head> has no preload hints"
    runtime = json.loads((serve.VENDOR / "runtime.json").read_text())
    for href in hints:
        assert (serve.ROOT / href).is_file(), href
        assert href in runtime or href.startswith("py/") or href.endswith("runtime.json"), href
    # The large files are hinted, or the page would wait for them to be asked for.
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.mjs"):
        assert f"static/vendor/pyodide/{name}" in hints


def test_csp_allows_the_sites_own_worker_and_matches_the_meta_tag():
    html = (serve.ROOT / "index.html").read_text(encoding="utf-8")
    assert "worker-src 'self'" in serve.CSP
    assert f'content="{serve.CSP}"' in html


def test_the_code_editor_is_bundled_once_and_again_when_its_sources_change(tmp_path, monkeypatch):
    bundle = tmp_path / "editor" / "code-editor.js"
    monkeypatch.setattr(serve, "EDITOR_BUNDLE", bundle)
    serve.bundle_editor()
    first = bundle.read_text(encoding="utf-8")
    assert first.startswith("/* code editor bundle, sources sha256 ")
    assert "cm-content" in first and "cm-lineNumbers" in first  # CodeMirror itself is inside
    assert (tmp_path / "editor" / "LICENSE").exists()
    built_at = bundle.stat().st_mtime_ns
    serve.bundle_editor()
    assert bundle.stat().st_mtime_ns == built_at  # current: not rebuilt
    bundle.write_text("/* code editor bundle, sources sha256 0000 */\nstale", encoding="utf-8")
    serve.bundle_editor()
    assert bundle.read_text(encoding="utf-8") == first


def test_nothing_is_served_outside_the_sub_path(tmp_path):
    site = serve.build(tmp_path / "site", compress=False)
    httpd = serve.make_server("127.0.0.1", 0, root=site, prefix="/kl-notebook/", quiet=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        assert fetch(root + "kl-notebook/index.html")[0] == 200
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(root + "index.html")
        assert error.value.code == 404
    finally:
        httpd.shutdown()
        httpd.server_close()
