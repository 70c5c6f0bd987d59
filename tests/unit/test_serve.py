"""serve.py: what it serves, with which types and policy, and its friendly failures."""

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
    [("py/kl.py", "text/plain"), ("py/pyscript.json", "application/json"),
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
    assert names == {"index.html", "favicon.svg", "py", "static", ".nojekyll"}
    assert (site / "py" / "kl.py").read_text() == (serve.ROOT / "py" / "kl.py").read_text()
    assert (site / "static" / "vendor" / "pyodide" / "pyodide.asm.wasm").exists()
    assert not list(site.rglob("__pycache__"))


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
