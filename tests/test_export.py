"""`zhiku export`: the seeds as a static MkDocs project, built by MkDocs and ProperDocs
without Zhiku's plugin, finished by `zhiku index`, against the site `zhiku build` makes.

Each builder runs as a user runs it (a subprocess in the export folder); the pages are
compared with the plugin's byte for byte, less the two lines that must differ: the
generator `<meta>` (each builder names itself) and `<link rel="prev|next">` (the plugin's
come from MkDocs' order before its on_nav arranges the navigation; README, Builders).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_zhiku, serve_dir
from test_search import open_search, result_sources, search

BUILDERS = ("mkdocs", "properdocs")
_MUST_DIFFER = re.compile(r'^<link rel="(?:prev|next)" href="[^"]*">\n|^<meta name="generator" content="[^"]*">\n',
                          re.MULTILINE)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def builder_build(builder: str, project: Path, site: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", builder, "build", "--site-dir", str(site)], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, f"{builder} build failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "project"
    run_zhiku("export", str(folder), "--source", str(ROOT / "seeds"),
              "--work-dir", str(folder.parent / "work"), "--quiet")
    return folder


@pytest.fixture(scope="module")
def built(exported, tmp_path_factory) -> dict[str, Path]:
    """Each builder's site of the export, after `zhiku index`."""
    sites = {}
    for builder in BUILDERS:
        site = tmp_path_factory.mktemp(builder) / "site"
        log = builder_build(builder, exported, site)
        assert "date-unknown" not in log.stderr   # the plugin, had it run, would warn of it
        run_zhiku("index", str(site))
        sites[builder] = site
    return sites


def test_export_is_a_static_project_without_the_plugin(exported):
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert config["plugins"] == [{"search": {"lang": "zh"}}]
    assert config["theme"]["custom_dir"] == "overrides" and config["extra"]["zhiku_script"] == "hans"
    assert (exported / "overrides" / "main.html").is_file()
    assert (exported / "overrides" / "assets" / "stylesheets" / "zhiku.css").is_file()
    docs = exported / "docs"
    for page in ("index.md", "timeline.md", "documents.md", "report.md", "tags/index.md"):
        assert (docs / page).is_file(), page
    assert len(list((docs / "articles").rglob("*.md"))) == len(list((ROOT / "seeds").iterdir()))
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "<!-- zhiku:" not in home and 'class="zk-figure"' in home   # the markers are expanded
    top = [next(iter(e)) if isinstance(e, dict) else e for e in config["nav"]]
    assert top[:4] == ["index.md", "timeline.md", "documents.md", "tags/index.md"] and top[-1] == "report.md"
    years = next(e["文章"] for e in config["nav"] if isinstance(e, dict) and "文章" in e)
    assert [next(iter(y)) for y in years][-1] == "日期不详"


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_makes_the_plugins_site(builder, built, seed_site):
    """Every page, the search index and every other file as `zhiku build` makes them."""
    mine, theirs = tree(seed_site.site_dir), tree(built[builder])
    assert sorted(theirs) == sorted(mine)
    differ = [rel for rel in mine if mine[rel] != theirs[rel] and not (rel.endswith(".html") and
              _MUST_DIFFER.sub("", mine[rel].decode()) == _MUST_DIFFER.sub("", theirs[rel].decode()))]
    assert differ == []
    assert any(rel.startswith("search/chunk-") for rel in theirs)


def test_index_twice_changes_nothing(built):
    site = built["mkdocs"]
    before = tree(site)
    proc = run_zhiku("index", str(site))
    assert "already" in proc.stderr
    assert tree(site) == before


def test_index_sanitises_the_marked_article_content(tmp_path):
    """A build of an export has no sanitiser; `zhiku index` runs it on what main.html marked,
    as the plugin does on the article's HTML, and takes the marks away."""
    page = tmp_path / "site" / "articles" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<meta name="generator" content="mkdocs-1.6.1">\n<article>'
                    '<!--zhiku:content--><h1 id="t">T</h1><!--zhiku:meta--><div class="zk-meta">m</div>'
                    '<!--/zhiku:meta--><p>x<img src="x" onerror="alert(1)"><script>alert(2)</script></p>'
                    '<!--/zhiku:content--></article>\n', encoding="utf-8")
    proc = run_zhiku("index", str(tmp_path / "site"))
    html = page.read_text(encoding="utf-8")
    assert "script" not in html and "onerror" not in html and "<!--" not in html
    assert '<h1 id="t">T</h1><div class="zk-meta">m</div><p>x<img src="x"></p>' in html
    assert "articles/a/index.html: unsafe HTML removed by the sanitiser: onerror, script" in proc.stderr


def test_export_refuses_a_folder_that_is_not_an_export(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    proc = run_zhiku("export", str(folder), "--source", str(ROOT / "seeds"),
                     "--work-dir", str(tmp_path / "work"), check=False)
    assert proc.returncode == 2 and "not a Zhiku export" in proc.stderr
    assert tree(folder) == {"notes.txt": b"keep me"}


def test_export_again_is_byte_identical_and_drops_a_removed_source(exported, tmp_path):
    """A second export into the same folder replaces the first: same input, same bytes;
    a source gone, its page gone."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in sorted((ROOT / "seeds").iterdir()):
        (sources / path.name).write_bytes(path.read_bytes())
    folder, work = tmp_path / "export", tmp_path / "work"
    args = ("export", str(folder), "--source", str(sources), "--work-dir", str(work), "--quiet")
    run_zhiku(*args)
    assert tree(folder) == tree(exported)
    first = sorted(sources.iterdir())[0]
    first.unlink()
    run_zhiku(*args)
    pages = sorted(p.relative_to(folder / "docs").as_posix() for p in (folder / "docs" / "articles").rglob("*.md"))
    assert len(pages) == len(list(sources.iterdir()))
    nav = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert sorted(re.findall(r"articles/\S+\.md", nav)) == pages


@pytest.mark.browser
def test_search_tags_and_timeline_work_in_the_properdocs_build(built, seed_site, page):
    server, url = serve_dir(built["properdocs"])
    try:
        page.goto(url)
        open_search(page)
        items = search(page, "雙十一 張勇")    # Traditional query, Simplified page: Zhiku's engine
        assert result_sources(items, seed_site)[0] == "004_e5fdb2ea25a95cab.txt"
        page.goto(url + "tags/")
        cards = page.locator(".zk-tag-cards a")
        assert cards.count() > 3
        cards.filter(has_text="天猫").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/tags/tmall/")
        assert page.locator("article a[href*='articles/']").count() >= 1
        page.goto(url + "timeline/")
        total = page.locator("li.zk-event").count()
        assert total > 10
        page.locator("button.zk-filter[data-tag]:not([data-tag=''])").first.click()
        assert 0 < page.locator("li.zk-event:visible").count() < total
    finally:
        server.shutdown()


def test_export_refuses_a_folder_inside_what_it_reads(tmp_path):
    """Inside docs_dir, the export would be copied into itself at every run."""
    project = tmp_path / "kb"
    run_zhiku("new", str(project))
    proc = run_zhiku("export", "docs/out", cwd=project, check=False)
    assert proc.returncode == 2 and "inside docs_dir" in proc.stderr
    assert not (project / "docs" / "out").exists()
    run_zhiku("export", "../out", "--quiet", cwd=project)   # beside it: fine
    assert (tmp_path / "out" / "docs" / "articles").is_dir()
