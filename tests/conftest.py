"""Shared fixtures: a real build of the seeds, a local HTTP server, a real Chromium.

The seed site is built once per test session (a subprocess running `zhiku build`, as a
user would) into a temporary folder; tests never write into the working tree.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync",
]
ARTIFACTS = ROOT / "tests" / "artifacts"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass(frozen=True)
class BuiltSite:
    site_dir: Path
    work_dir: Path
    report: dict
    output: str       # what the build printed (stdout + stderr)

    def doc(self, source: str) -> dict:
        return next(d for d in self.report["documents"] if d["source"] == source)


def run_zhiku(*args: str, cwd: Path = ROOT, check: bool = True) -> subprocess.CompletedProcess:
    """Run the installed `zhiku` console script (the one `make` put in the venv)."""
    exe = Path(sys.executable).with_name("zhiku")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "generator.cli"]), *args]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if check and proc.returncode != 0:
        raise AssertionError(f"zhiku {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def build_site(tmp: Path, source: Path = ROOT / "seeds", *extra: str) -> BuiltSite:
    site_dir, work_dir, report = tmp / "site", tmp / "work", tmp / "report.json"
    proc = run_zhiku("build", "--source", str(source), "--site-dir", str(site_dir),
                     "--work-dir", str(work_dir), "--report", str(report), *extra)
    return BuiltSite(site_dir, work_dir, json.loads(report.read_text(encoding="utf-8")),
                     proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> BuiltSite:
    """The bundled seeds built as `make site` builds them."""
    return build_site(tmp_path_factory.mktemp("seed-site"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@functools.lru_cache(maxsize=None)
def _handler_for(directory: str):
    return functools.partial(_QuietHandler, directory=directory)


def serve(handler, tls=None):
    """Run `handler` (a request handler class) on 127.0.0.1, a random port, in a thread,
    over TLS with `tls` (an ssl.SSLContext); returns (server, port)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def serve_dir(directory: Path):
    """Serve `directory` on 127.0.0.1 (random port) in a thread; returns (server, base URL)."""
    server, port = serve(_handler_for(str(directory)))
    return server, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def seed_url(seed_site):
    server, url = serve_dir(seed_site.site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# The reader's two screens: the issues' desktop and phone widths.
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(VIEWPORTS))
def view(request, browser):
    """A page at each of VIEWPORTS; the test fails on any script error the page raised."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under tests/artifacts/ (kept for a human to look at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.fixture(scope="session")
def seed_copy(tmp_path_factory) -> Path:
    """A private copy of seeds/ that a test may modify."""
    dest = tmp_path_factory.mktemp("seeds-copy") / "seeds"
    shutil.copytree(ROOT / "seeds", dest)
    return dest


@dataclass(frozen=True)
class HostileBuild:
    corpus: Path      # holds sources/ (built) and outside/ (targets of links that leave it)
    cases: tuple      # hostile_corpus.Case for every entry
    tmp: Path         # the build's folder: site/, work/, report.json
    site: BuiltSite


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory) -> HostileBuild:
    """The hostile corpus (tests/hostile_corpus.py) built by a normal `zhiku build`."""
    from hostile_corpus import write_corpus

    base = tmp_path_factory.mktemp("hostile")
    cases = tuple(write_corpus(base / "corpus"))
    (base / "build").mkdir()
    return HostileBuild(base / "corpus", cases, base / "build",
                        build_site(base / "build", base / "corpus" / "sources"))
