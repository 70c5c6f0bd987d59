"""Install everything the tests need, then run lint and the whole test suite.

    python run_tests.py            # everything: ruff, unit tests, browser tests
    python run_tests.py -k parity  # extra arguments go to pytest

Standard library only, so it works before anything is installed.  It creates
.venv/, installs the test extra of pyproject.toml into it, fetches the pinned
npm packages (the runtime and axe-core), finds a Chromium (Playwright's own, a
system one, or, as root on Debian, installs the `chromium` package), then runs
`ruff check`, `ruff format --check` and `pytest`.
"""

import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def step(message):
    print(f"\n==> {message}", flush=True)


def run(*cmd, **kwargs):
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(f"run_tests.py: `{' '.join(map(str, cmd))}` failed ({result.returncode}).")
    return result


def install_python_deps():
    if not PYTHON.exists():
        step("Creating the virtual environment .venv/")
        venv.create(VENV, with_pip=True)
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = extra["optional-dependencies"]["test"]
    step("Installing the test dependencies: " + ", ".join(deps))
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *deps)


def install_npm_deps():
    sys.path.insert(0, str(ROOT))
    import serve

    if not (ROOT / "node_modules" / "axe-core").exists() or not serve.vendor_is_current():
        step("Fetching the pinned npm packages and vendoring the runtime")
        try:
            serve.vendor_runtime()
        except serve.SetupError as error:
            sys.exit(f"run_tests.py: {error}")


def find_browser():
    """A Chromium for Playwright: $KL_CHROMIUM, Playwright's own, or a system one."""
    if os.environ.get("KL_CHROMIUM"):
        return os.environ["KL_CHROMIUM"]
    probe = (
        "from playwright.sync_api import sync_playwright as s\n"
        "with s() as p: print(p.chromium.executable_path)"
    )
    own = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True).stdout.strip()
    if own and Path(own).exists():
        return own
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def ensure_browser():
    if find_browser():
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        step("No Chromium found: installing Debian's chromium package")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", env=env, stdout=subprocess.DEVNULL)
    if not find_browser():
        sys.exit(
            "run_tests.py: no Chromium to run the browser tests with. Install one "
            "(as root on Debian: apt-get install -y chromium) or set KL_CHROMIUM to its path."
        )


def main(pytest_args):
    install_python_deps()
    install_npm_deps()
    ensure_browser()
    step("Lint: ruff check and ruff format --check")
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    step("Tests: pytest (unit and browser end-to-end)")
    result = subprocess.run([PYTHON, "-m", "pytest", *pytest_args], cwd=ROOT)
    if result.returncode == 5:
        print("run_tests.py: pytest collected no tests; that counts as a failure.")
        return 1
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
