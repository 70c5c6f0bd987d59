"""Serve the KL divergence page locally, or build the static site for hosting.

    python serve.py                  # vendor the runtime if needed, serve on 127.0.0.1:8000
    python serve.py --port 0         # any free port (the URL is printed)
    python serve.py --build _site    # write the exact static site GitHub Pages hosts

Standard library only.  The PyScript and Pyodide runtime comes from npm at the
versions pinned in package-lock.json; only the files the page needs are copied
into static/vendor/ (never committed), with Pyodide's standard library trimmed
to what the page imports and compiled to bytecode (by Pyodide's Python, run with
Node), and a gzip copy of every compressible file.  Building
the site also writes its service worker (Workbox, run with Node).
"""

import argparse
import contextlib
import email.utils
import errno
import functools
import gzip
import hashlib
import http.server
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENDOR = ROOT / "static" / "vendor"
STAMP = VENDOR / ".package-lock.sha256"
NODE_MODULES = ROOT / "node_modules"
COMPILE_STDLIB = ROOT / "runtime" / "compile_stdlib.mjs"

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
    # Workbox's precaching, loaded by the built site's service worker (sw/service-worker.js).
    ("workbox-core/build", "workbox", ["workbox-core.prod.js"]),
    ("workbox-routing/build", "workbox", ["workbox-routing.prod.js"]),
    ("workbox-strategies/build", "workbox", ["workbox-strategies.prod.js"]),
    ("workbox-precaching/build", "workbox", ["workbox-precaching.prod.js"]),
]  # fmt: skip

# The runtime files every page load fetches (PyScript's toml and zip chunks load only for
# configs the page does not use).  static/vendor/runtime.json gives their sizes, which the
# loading bar in static/js/boot.js counts against.
RUNTIME_LOADED = [
    "pyscript/core.js", "pyscript/core-*.js", "pyscript/deprecations-manager-*.js",
    "pyscript/donkey-*.js", "pyscript/error-*.js", "pyscript/py-editor-*.js",
    "pyscript/py-game-*.js", "pyscript/py-terminal-*.js", "pyodide/pyodide.mjs",
    "pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm", "pyodide/pyodide-lock.json",
    "pyodide/python_stdlib.zip",
]  # fmt: skip

# The files and folders of the repository that make up the site; nothing else is served.
SITE = ["index.html", "favicon.svg", "py", "static"]

# Kept identical to the <meta> policy in index.html; the README explains each allowance.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
    "worker-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'none'"
)

# Sent gzip-encoded when the browser accepts it, as GitHub Pages does.  Zip archives and
# woff2 fonts are compressed already.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".py", ".wasm", ".txt"}

# In development (serving the repository) the page registers this worker, which removes
# any service worker a built site left on the same origin and caches nothing, so edits
# show up on reload.  Built sites get the real one from sw/service-worker.js.
DEV_SERVICE_WORKER = """\
// Development server: no offline cache, so an edited file shows on the next reload.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) await caches.delete(key);
    await self.registration.unregister();
  })());
});
"""


class SetupError(Exception):
    """A problem the person running serve.py can fix; the message says how."""


# ---- the trimmed standard library -------------------------------------------------------

# Python statements that import something, wherever they stand in a line-oriented scan.
IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^#\n]*)"
    r"|import[ \t]+([\w., \t]+))",
    re.M,
)
DEF_RE = re.compile(r"^([ \t]*)(?:async[ \t]+)?def[ \t]")
# Blocks that never run in the browser: a module run as a script, or Windows-only code.
SKIP_BLOCK_RE = re.compile(
    r"^([ \t]*)if[ \t]+(?:__name__[ \t]*==[ \t]*['\"]__main__['\"]"
    r"|sys\.platform[ \t]*==[ \t]*['\"]win32['\"]|os\.name[ \t]*==[ \t]*['\"]nt['\"])"
)

# Modules Python, Pyodide and PyScript need whatever the page imports: start-up, text
# codecs looked up by name, error reports, and Pyodide's and PyScript's own packages.
STDLIB_ALWAYS = {
    "site", "sitecustomize", "encodings", "encodings.aliases", "encodings.utf_8",
    "encodings.utf_8_sig", "encodings.ascii", "encodings.latin_1", "encodings.cp437",
    "encodings.utf_16", "encodings.utf_16_le", "encodings.utf_16_be", "encodings.utf_32",
    "encodings.raw_unicode_escape", "encodings.unicode_escape", "encodings.idna",
    "encodings.punycode", "zipimport", "traceback", "linecache", "tokenize", "codeop",
    "_pyodide", "pyodide", "pyscript",
    # A learner's toolbox: modules a reader may reach for in the code runner.
    "statistics", "fractions", "decimal", "itertools", "collections", "functools",
    "operator", "string", "textwrap", "pprint", "heapq", "bisect", "dataclasses",
    "typing", "datetime", "json", "random", "re", "numbers",
}  # fmt: skip


def python_imports(source, current=None, is_package=False, top_level_only=False):
    """Dotted names a Python source may import (a generous over-estimate, never fewer)."""
    if top_level_only:
        source = _import_time_lines(source)
    names = set()
    for base, listed, plain in IMPORT_RE.findall(source):
        if plain:
            for part in plain.split(","):
                words = part.split()
                if words:
                    names.add(words[0])
            continue
        if base.startswith("."):
            dots = len(base) - len(base.lstrip("."))
            package = (current or "").split(".")
            if not is_package:
                package = package[:-1]
            package = package[: len(package) - (dots - 1)] if dots > 1 else package
            rest = base.lstrip(".")
            base = ".".join([*package, rest] if rest else package)
        if base:
            names.add(base)
        for word in re.split(r"[,\s()]+", listed):
            if word.isidentifier() and word != "as":
                names.add(f"{base}.{word}" if base else word)
    return names


def _import_time_lines(source):
    """The lines of a module that run when it is imported: not in a def, not skipped."""
    kept = []
    block = None  # indentation of the def or skipped block we are inside
    for line in source.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if block is not None and indent <= block:
            block = None
        if block is not None:
            continue
        match = DEF_RE.match(line) or SKIP_BLOCK_RE.match(line)
        if match:
            block = indent
        else:
            kept.append(line)
    return "\n".join(kept)


def stdlib_modules_needed(stdlib_zip, page_dir, pyscript_dir):
    """Names of the files in Pyodide's stdlib zip the page can import, computed from sources.

    Seeds: everything the page's own Python imports (anywhere in a file), PyScript's Python
    package and the Python snippets its JavaScript runs, and STDLIB_ALWAYS.  From those it
    follows every import a stdlib module makes when it is imported.
    """
    with zipfile.ZipFile(stdlib_zip) as archive:
        sources = {info.filename: info for info in archive.infolist() if not info.is_dir()}

        def file_of(module):
            path = module.replace(".", "/")
            for candidate in (path + ".py", path + "/__init__.py"):
                if candidate in sources:
                    return candidate
            return None

        seeds = set(STDLIB_ALWAYS)
        for path in sorted(Path(page_dir).rglob("*.py")):
            seeds |= python_imports(path.read_text(encoding="utf-8"))
        for path in sorted(Path(pyscript_dir).glob("*.js")):
            text = path.read_text(encoding="utf-8")
            # PyScript ships its Python package as JSON strings inside its JavaScript.
            for name, body in re.findall(r'"(\w+\.py)":("(?:[^"\\]|\\.)*")', text):
                seeds |= python_imports(json.loads(body), f"pyscript.{name[:-3]}")
            seeds |= python_imports(text.replace("\\n", "\n"))
        # Pyodide's own packages are needed whole: its start-up reaches into most of them.
        for name in sources:
            if name.startswith(("pyodide/", "_pyodide/")) and name.endswith(".py"):
                seeds.add(name[:-3].removesuffix("/__init__").replace("/", "."))

        needed, todo = set(), list(seeds)
        while todo:
            parts = todo.pop().split(".")
            for depth in range(1, len(parts) + 1):
                module = ".".join(parts[:depth])
                path = file_of(module)
                if path is None or path in needed:
                    continue
                needed.add(path)
                text = archive.read(path).decode("utf-8")
                is_package = path.endswith("/__init__.py")
                todo.extend(python_imports(text, module, is_package, top_level_only=True))
    return sorted(needed)


def trim_stdlib(source_zip, dest_zip, keep):
    """Write a copy of Pyodide's stdlib zip holding only the files in ``keep``."""
    keep = set(keep)
    with zipfile.ZipFile(source_zip) as source, zipfile.ZipFile(dest_zip, "w") as dest:
        for info in source.infolist():
            if info.filename in keep:
                dest.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)


def run_node(script, *args, purpose):
    """Run a Node script of this repository; ``purpose`` names the step in any error."""
    node = shutil.which("node")
    if node is None:
        raise SetupError(
            f"node was not found; it is needed to {purpose}. Install Node.js, then run "
            "this command again."
        )
    result = subprocess.run(
        [node, str(script), *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SetupError(f"could not {purpose}:\n{result.stdout}{result.stderr}")


def compile_stdlib(source_zip, dest_zip):
    """Write ``dest_zip``: ``source_zip`` with each module compiled by Pyodide's own Python.

    Runs runtime/compile_stdlib.mjs with Node; its header says why and how.
    """
    run_node(COMPILE_STDLIB, NODE_MODULES / "pyodide", source_zip, dest_zip,
             purpose="compile Pyodide's standard library")  # fmt: skip


def trim_lock(source_lock, dest_lock):
    """The page loads no Pyodide packages, so its lock file lists none."""
    lock = json.loads(Path(source_lock).read_text(encoding="utf-8"))
    Path(dest_lock).write_text(json.dumps({"info": lock["info"], "packages": {}}) + "\n")


def runtime_sizes(vendor):
    """Bytes of each runtime file a page load fetches, keyed by its path in the site."""
    sizes = {}
    for pattern in RUNTIME_LOADED:
        for path in sorted(Path(vendor).glob(pattern)):
            sizes[f"static/vendor/{path.relative_to(vendor).as_posix()}"] = path.stat().st_size
    return sizes


def gzip_copies(folder):
    """Write ``name.gz`` beside every compressible file under ``folder`` (level 9)."""
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE:
            target = path.with_name(path.name + ".gz")
            if target.exists() and target.stat().st_mtime_ns >= path.stat().st_mtime_ns:
                continue
            target.write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))


# ---- vendoring ---------------------------------------------------------------------------


def lock_digest():
    return hashlib.sha256((ROOT / "package-lock.json").read_bytes()).hexdigest()


def stdlib_plan():
    """What the trimmed stdlib must hold for the page's Python as it is now."""
    return stdlib_modules_needed(
        NODE_MODULES / "pyodide" / "python_stdlib.zip", ROOT / "py", VENDOR / "pyscript"
    )


def stamp_for(keep):
    plan = "\n".join(keep).encode() + COMPILE_STDLIB.read_bytes()
    digest = hashlib.sha256(plan).hexdigest()
    return f"{lock_digest()} {digest}"


def vendor_is_current():
    if not STAMP.exists() or not (NODE_MODULES / "pyodide" / "python_stdlib.zip").exists():
        return False
    if STAMP.read_text().split()[:1] != [lock_digest()]:
        return False
    return STAMP.read_text().strip() == stamp_for(stdlib_plan())


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
        source = NODE_MODULES / package_dir
        target = VENDOR / dest
        target.mkdir(parents=True, exist_ok=True)
        for pattern in patterns:
            matches = sorted(source.glob(pattern))
            if not matches:
                raise SetupError(f"node_modules/{package_dir} has no file matching {pattern}.")
            for path in matches:
                shutil.copy2(path, target / path.name)
    bundle_editor(force=True)
    trim_runtime()
    print(f"Runtime copied into {VENDOR.relative_to(ROOT)}/", flush=True)


def trim_runtime():
    """Trim the stdlib to what the page needs and compile it; trim the lock file; record
    sizes; gzip copies."""
    keep = stdlib_plan()
    pyodide = VENDOR / "pyodide"
    with tempfile.TemporaryDirectory() as scratch:  # a failed compile leaves nothing behind
        source = Path(scratch) / "python_stdlib.zip"
        trim_stdlib(NODE_MODULES / "pyodide" / "python_stdlib.zip", source, keep)
        compile_stdlib(source, pyodide / "python_stdlib.zip")
    trim_lock(NODE_MODULES / "pyodide" / "pyodide-lock.json", pyodide / "pyodide-lock.json")
    (VENDOR / "runtime.json").write_text(json.dumps(runtime_sizes(VENDOR), indent=1) + "\n")
    gzip_copies(VENDOR)
    STAMP.write_text(stamp_for(keep) + "\n")


def ensure_vendored():
    if not vendor_is_current():
        lock_changed = not STAMP.exists() or STAMP.read_text().split()[:1] != [lock_digest()]
        if lock_changed or not (NODE_MODULES / "pyodide" / "python_stdlib.zip").exists():
            vendor_runtime()
        else:
            print("The page's imports changed: trimming the Python standard library again.")
            trim_runtime()
    if bundle_editor():
        gzip_copies(VENDOR)


# The exercise's code editor: CodeMirror from npm, bundled by esbuild from editor/.
EDITOR_SOURCE = ROOT / "editor" / "code-editor.js"
EDITOR_BUNDLE = VENDOR / "editor" / "code-editor.js"


def bundle_editor(force=False):
    """Bundle the code editor into static/vendor/editor/ unless it is current; True if built.

    The bundle's first line records a digest of its source and of the lock file.
    """
    digest = hashlib.sha256(EDITOR_SOURCE.read_bytes() + lock_digest().encode()).hexdigest()
    banner = f"/* code editor bundle, sources sha256 {digest} */"
    if not force and EDITOR_BUNDLE.exists():
        with EDITOR_BUNDLE.open(encoding="utf-8") as bundle:
            if bundle.readline().rstrip("\n") == banner:
                return False
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
    return True


# ---- building ----------------------------------------------------------------------------


def write_service_worker(site):
    """Generate ``site/sw.js`` with Workbox's precache manifest of every file in ``site``."""
    run_node(ROOT / "sw" / "build.mjs", Path(site).resolve(),
             purpose="generate the service worker (Workbox)")  # fmt: skip


def build(dest, compress=True):
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
            skipped = ["__pycache__", ".package-lock.sha256"] + ([] if compress else ["*.gz"])
            ignore = shutil.ignore_patterns(*skipped)
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            shutil.copy2(source, dest / name)
    (dest / ".nojekyll").write_text("")
    write_service_worker(dest)
    if compress:
        gzip_copies(dest)
    return dest


# ---- serving -----------------------------------------------------------------------------


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's files only, under an optional path prefix, with the page's CSP.

    The request path is decoded and normalised before it is checked, so ``..`` and its
    encodings cannot reach outside the site; directories are never listed.
    """

    protocol_version = "HTTP/1.1"  # keep-alive, as any real host
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

    def __init__(self, *args, prefix="/", allowed=None, dev=False, quiet=False, **kwargs):
        self.prefix = prefix
        self.allowed = allowed
        self.dev = dev
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def site_path(self):
        """The normalised path inside the site (ending "/" for a folder), or None if not in it."""
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        if not raw.startswith(self.prefix):
            return None
        inside = urllib.parse.unquote(raw[len(self.prefix) :], errors="strict")
        if "\\" in inside or "\x00" in inside:
            return None
        normal = posixpath.normpath("/" + inside).lstrip("/")
        if normal in ("", "."):
            return ""
        parts = normal.split("/")
        if any(part.startswith(".") for part in parts) or normal.endswith(".gz"):
            return None
        if inside.endswith("/"):
            normal += "/"  # a directory URL: its index.html if it has one, never a listing
        if self.allowed is not None and parts[0] not in self.allowed and normal != "sw.js":
            return None
        return normal

    def do_GET(self):
        body = self.send_head()
        if body is not None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # the browser may drop a connection it no longer needs

    def do_HEAD(self):
        self.send_head()

    def send_head(self):
        try:
            inside = self.site_path()
        except UnicodeDecodeError:
            inside = None
        if inside == "sw.js" and self.dev:
            return self.send_bytes(DEV_SERVICE_WORKER.encode(), "text/javascript", None)
        if inside is None:
            return self.not_found()
        root = Path(self.directory).resolve()
        if inside == "" or inside.endswith("/"):
            inside += "index.html"
        path = (root / inside).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return self.not_found()
        return self.send_file(path)

    def not_found(self):
        self.send_error(404, "Not part of this site")
        return None

    def send_file(self, path):
        stat = path.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        encoding = None
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            encoding = "gzip"
            etag = etag[:-1] + '-gz"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        body = self.body_of(path, encoding)
        return self.send_bytes(body, self.guess_type(str(path)), encoding, etag, stat.st_mtime)

    def body_of(self, path, encoding):
        if encoding != "gzip":
            return path.read_bytes()
        precompressed = path.with_name(path.name + ".gz")
        if precompressed.exists() and precompressed.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            return precompressed.read_bytes()
        return _gzip_cached(str(path), path.stat().st_mtime_ns)

    def send_bytes(self, body, content_type, encoding, etag=None, mtime=None):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if content_type.split(";")[0] != "font/woff2":
            self.send_header("Vary", "Accept-Encoding")
        if etag:
            self.send_header("ETag", etag)
        if mtime is not None:
            self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
        self.end_headers()
        return None if self.command == "HEAD" else body

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP + "; frame-ancestors 'none'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


@functools.lru_cache(maxsize=64)
def _gzip_cached(path, mtime_ns):
    """A file compressed on the fly (the repository's own files, while developing)."""
    return gzip.compress(Path(path).read_bytes(), 6, mtime=0)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser closing a kept-alive connection is routine, not an error to print.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(host, port, root=ROOT, prefix="/", quiet=False):
    dev = Path(root).resolve() == ROOT
    allowed = set(SITE) if dev else None
    handler = functools.partial(
        SiteHandler, directory=str(root), prefix=prefix, allowed=allowed, dev=dev, quiet=quiet
    )
    return SiteServer((host, port), handler)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    parser.add_argument("--build", metavar="DIR", help="write the static site to DIR and exit")
    parser.add_argument(
        "--no-gzip", action="store_true", help="with --build: no .gz copies (hosts compress)"
    )
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
            print(f"Built the static site in {build(args.build, compress=not args.no_gzip)}")
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
