"""Serve the KL divergence page locally, or build the static site for hosting.

    python serve.py                  # vendor the runtime if needed, serve on 127.0.0.1:8000
    python serve.py --port 0         # any free port (the URL is printed)
    python serve.py --build _site    # write the exact static site GitHub Pages hosts

Standard library only.  The PyScript and Pyodide runtime comes from npm at the
versions pinned in package-lock.json; only the files the page needs are copied
into static/vendor/ (never committed).
"""

import argparse
import errno
import functools
import hashlib
import http.server
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENDOR = ROOT / "static" / "vendor"
STAMP = VENDOR / ".package-lock.sha256"

# What the page needs from each npm package: (package dir, destination, files to take).
# PyScript's editor and terminal chunks (codemirror, xterm) are left out: the page uses neither.
RUNTIME_FILES = [
    ("@pyscript/core/dist", "pyscript", ["core.js", "core-*.js", "deprecations-manager-*.js",
                                         "donkey-*.js", "error-*.js", "py-editor-*.js",
                                         "py-game-*.js", "py-terminal-*.js", "toml-*.js",
                                         "zip-*.js"]),
    ("pyodide", "pyodide", ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                            "pyodide-lock.json", "python_stdlib.zip"]),
    # A math font with an OpenType MATH table, so MathML sums and fractions typeset well.
    ("@fontsource/stix-two-math", "fonts", ["files/stix-two-math-latin-400-normal.woff2",
                                            "LICENSE"]),
]  # fmt: skip

# The files and folders of the repository that make up the site; nothing else is served.
SITE = ["index.html", "favicon.svg", "py", "static"]

# Kept identical to the <meta> policy in index.html; the README explains each allowance.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
    "style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
)


class SetupError(Exception):
    """A problem the person running serve.py can fix; the message says how."""


def lock_digest():
    return hashlib.sha256((ROOT / "package-lock.json").read_bytes()).hexdigest()


def vendor_is_current():
    return STAMP.exists() and STAMP.read_text().strip() == lock_digest()


def vendor_runtime():
    """Install the pinned npm packages and copy the runtime files into static/vendor/."""
    npm = shutil.which("npm")
    if npm is None:
        raise SetupError(
            "npm was not found, and it is needed once to fetch the pinned PyScript and "
            "Pyodide runtime.\nInstall Node.js and npm (on Debian: apt-get install -y "
            "nodejs npm), then run this command again."
        )
    print("Fetching the pinned PyScript/Pyodide runtime with npm ci ...", flush=True)
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SetupError(f"npm ci failed:\n{result.stdout}{result.stderr}")
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for package_dir, dest, patterns in RUNTIME_FILES:
        source = ROOT / "node_modules" / package_dir
        target = VENDOR / dest
        target.mkdir(parents=True)
        for pattern in patterns:
            matches = sorted(source.glob(pattern))
            if not matches:
                raise SetupError(f"node_modules/{package_dir} has no file matching {pattern}.")
            for path in matches:
                shutil.copy2(path, target / path.name)
    bundle_editor(force=True)
    STAMP.write_text(lock_digest() + "\n")
    print(f"Runtime copied into {VENDOR.relative_to(ROOT)}/", flush=True)


def ensure_vendored():
    if not vendor_is_current():
        vendor_runtime()
    bundle_editor()


# The exercise's code editor: CodeMirror from npm, bundled by esbuild from editor/.
EDITOR_SOURCE = ROOT / "editor" / "code-editor.js"
EDITOR_BUNDLE = VENDOR / "editor" / "code-editor.js"


def bundle_editor(force=False):
    """Bundle the code editor into static/vendor/editor/, unless the bundle is current.

    The bundle's first line records a digest of its source and of the lock file.
    """
    digest = hashlib.sha256(EDITOR_SOURCE.read_bytes() + lock_digest().encode()).hexdigest()
    banner = f"/* code editor bundle, sources sha256 {digest} */"
    if not force and EDITOR_BUNDLE.exists():
        with EDITOR_BUNDLE.open(encoding="utf-8") as bundle:
            if bundle.readline().rstrip("\n") == banner:
                return
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise SetupError("node_modules has no esbuild; run npm ci, then this command again.")
    result = subprocess.run(
        [str(esbuild), str(EDITOR_SOURCE), "--bundle", "--format=esm", "--minify",
         "--target=es2022", "--log-level=warning", f"--banner:js={banner}",
         f"--outfile={EDITOR_BUNDLE}"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise SetupError(f"bundling the code editor failed:\n{result.stdout}{result.stderr}")
    shutil.copy2(ROOT / "node_modules" / "@codemirror" / "view" / "LICENSE", EDITOR_BUNDLE.parent)


def build(dest):
    """Write the static site (exactly what is served) into ``dest``."""
    ensure_vendored()
    dest = Path(dest).resolve()
    if dest == ROOT or ROOT.is_relative_to(dest):
        raise SetupError(f"refusing to build into {dest}: it contains the sources.")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in SITE:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", ".package-lock.sha256")
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            shutil.copy2(source, dest / name)
    (dest / ".nojekyll").write_text("")
    return dest


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's files only, under an optional path prefix, with the page's CSP."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".zip": "application/zip",
        ".svg": "image/svg+xml",
        ".py": "text/plain; charset=utf-8",
        ".woff2": "font/woff2",
    }

    def __init__(self, *args, prefix="/", allowed=None, quiet=False, **kwargs):
        self.prefix = prefix
        self.allowed = allowed
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def _site_path(self):
        """The request path inside the site, or None if it is not part of the site."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return None
        inside = path[len(self.prefix) :]
        if self.allowed is not None and inside not in ("", "index.html"):
            top = inside.split("/", 1)[0]
            if top not in self.allowed:
                return None
        return "/" + inside

    def send_head(self):
        inside = self._site_path()
        if inside is None:
            self.send_error(404, "Not part of this site")
            return None
        self.path = inside
        return super().send_head()

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP + "; frame-ancestors 'none'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def make_server(host, port, root=ROOT, prefix="/", quiet=False):
    allowed = set(SITE) if Path(root).resolve() == ROOT else None
    handler = functools.partial(
        SiteHandler, directory=str(root), prefix=prefix, allowed=allowed, quiet=quiet
    )
    return http.server.ThreadingHTTPServer((host, port), handler)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    parser.add_argument("--build", metavar="DIR", help="write the static site to DIR and exit")
    parser.add_argument("--root", metavar="DIR", help="serve DIR (a built site) instead")
    parser.add_argument("--base", default="/", help="serve under this path, e.g. /kl-notebook/")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    if not args.base.startswith("/") or not args.base.endswith("/"):
        parser.error("--base must start and end with '/', e.g. /kl-notebook/")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.build:
            print(f"Built the static site in {build(args.build)}")
            return 0
        root = Path(args.root).resolve() if args.root else ROOT
        if not args.root:
            ensure_vendored()
        try:
            server = make_server(args.host, args.port, root, args.base, args.quiet)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise SetupError(
                    f"port {args.port} on {args.host} is already in use; "
                    f"try --port {args.port + 1}, or --port 0 for any free port."
                ) from None
            raise
    except SetupError as error:
        print(f"serve.py: {error}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    print(f"Serving the KL divergence page at http://{host}:{port}{args.base}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
