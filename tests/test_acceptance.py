"""The acceptance set for the bundled seeds (tests/data/seeds.yaml, a copy of the shared
acceptance file), checked against the built pages as a reader sees them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "data" / "seeds.yaml").read_text(encoding="utf-8"))
IDS = [c["file"][:3] for c in CASES]
PROXY_HOSTS = ("cors.zfour.workers.dev",)


@lru_cache(maxsize=None)
def _cc(name: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{name}.json")


def both_scripts(text: str) -> set[str]:
    return {text, _cc("t2s").convert(text), _cc("s2t").convert(text)}


class Page:
    """A built article page: its visible text (a newline reads as a space) and its HTML."""

    def __init__(self, html: str):
        soup = BeautifulSoup(html, "lxml")
        self.article = soup.select_one("article") or soup.body
        for tag in self.article.select("script, style"):
            tag.decompose()
        self.html = str(self.article)
        self.text = re.sub(r"\s*\n\s*", " ", self.article.get_text())
        self.title = soup.title.get_text() if soup.title else ""


@pytest.fixture(scope="module")
def pages(seed_site):
    out = {}
    for case in CASES:
        doc = seed_site.doc(case["file"])
        path = seed_site.site_dir / doc["url"] / "index.html"
        out[case["file"]] = (doc, Page(path.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_title(case, pages):
    doc, page = pages[case["file"]]
    h1 = page.article.find("h1").get_text()
    for part in case["title"].get("contains", []):
        assert part in doc["title"] and part in h1, (part, doc["title"], h1)
    for part in case["title"].get("excludes", []):
        assert part not in doc["title"] and part not in h1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_date(case, pages):
    doc, _ = pages[case["file"]]
    assert doc["date"] in case["date"], f"date {doc['date']!r} (from {doc['date_source']}) not in {case['date']}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_tags(case, pages):
    doc, _ = pages[case["file"]]
    missing = set(case["tags"]["required"]) - set(doc["tags"])
    wrong = set(case["tags"]["forbidden"]) & set(doc["tags"])
    assert not missing and not wrong, f"tags {doc['tags']}: missing {missing}, forbidden {wrong}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_must_keep(case, pages):
    _, page = pages[case["file"]]
    missing = [s for s in case["must_keep"] if s not in page.text]
    assert not missing, f"lost article text: {missing}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_must_drop(case, pages):
    _, page = pages[case["file"]]
    left = [s for s in case["must_drop"]
            if any(v in page.text or v in page.html for v in both_scripts(s))]
    assert not left, f"boilerplate/spam still on the page: {left}"


@pytest.mark.parametrize("case", [c for c in CASES if c.get("artifacts")],
                         ids=[c["file"][:3] for c in CASES if c.get("artifacts")])
def test_no_conversion_artifacts(case, pages):
    _, page = pages[case["file"]]
    left = [s for s in case["artifacts"] if s in page.text]
    assert not left, f"script-conversion artefacts left: {left}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_images(case, pages):
    _, page = pages[case["file"]]
    imgs = page.article.find_all("img")
    assert len(imgs) == case["images"], [i.get("src") for i in imgs]
    for img in imgs:
        assert not any(h in (img.get("src") or "") for h in PROXY_HOSTS), img


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_headings(case, pages):
    _, page = pages[case["file"]]
    headings = page.article.find_all(re.compile(r"^h[2-6]$"))
    assert len(headings) >= case["headings_min"], [h.get_text() for h in headings]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_events(case, pages):
    doc, _ = pages[case["file"]]
    missing = [e for e in case["events"]
               if not any(ev["date"] == e["date"] and e["phrase"] in ev["text"] for ev in doc["events"])]
    assert not missing, f"events not found: {missing}; got {[(e['date'], e['text'][:30]) for e in doc['events']]}"
