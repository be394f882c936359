"""The clean stage's scored evaluation and its data files.

A scored evaluation on annotated documents (tests/fixtures/clean/, see its README) with
precision/recall floors that may only go up; the data files' examples and comments.
The seeds through the real pipeline are in test_clean_seeds.py, small pinned behaviours
on blocks built in the test in test_clean_blocks.py.
"""

from __future__ import annotations

import re
from collections import Counter

import opencc
import pytest
import yaml

from clean_support import ANNOTATED, FIXTURES, ROOT, S2T, T2S, block_texts, clean, parse_fixture, score
from generator.conversion.fold import fold, squash
from generator.conversion.cleaning.rules import fragment_rules, line_rules
from generator.document import Block

DATA = ROOT / "generator" / "data"

# Measured 1.000 / 1.000 on the annotated fixtures when the floors were set. Eight of
# them were written as a holdout before the rules they needed (sina_people_sohu…,
# blogspot…, hongkong…, content_farm…, taiwan_company…, baidu_zhidao…, discuz…,
# mobile_news…): precision 1.000, recall 39/73 on first run (the last one 7/7):
# unseen templates lose recall, not article text.
# Raise the floors, never lower them.
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.95


def test_there_are_annotated_fixtures_of_each_kind():
    names = {p.stem for p in ANNOTATED}
    assert {"scraped_news_page_with_nav_and_counters", "blog_post_trad_with_qr_promo_and_ad_tail",
            "clean_article_left_untouched"} <= names
    assert sum(sum(parse_fixture(p).expected.values()) for p in ANNOTATED) >= 60


def test_cleaning_scores_above_floor():
    totals = Counter()
    lines = []
    for path in ANNOTATED:
        tp, fp, fn = score(parse_fixture(path))
        totals.update(tp=tp, fp=fp, fn=fn)
        lines.append(f"{path.stem}: tp={tp} fp={fp} fn={fn}")
    precision = totals["tp"] / max(1, totals["tp"] + totals["fp"])
    recall = totals["tp"] / max(1, totals["tp"] + totals["fn"])
    report = "\n".join(lines) + f"\nprecision={precision:.3f} recall={recall:.3f}"
    print(report)
    assert precision >= PRECISION_FLOOR, report
    assert recall >= RECALL_FLOOR, report


@pytest.mark.parametrize("path", ANNOTATED, ids=lambda p: p.stem)
def test_annotated_article_text_survives(path):
    fixture = parse_fixture(path)
    texts = block_texts(clean(fixture.blocks, fixture.script, fixture.name))
    missing = [k for k in fixture.kept if k not in texts]
    assert not missing, missing


def test_clean_article_is_left_untouched():
    fixture = parse_fixture(FIXTURES / "clean_article_left_untouched.txt")
    doc = clean(fixture.blocks)
    assert doc.removed == ()
    assert doc.blocks == fixture.blocks


def test_clean_article_in_traditional_site_is_left_untouched():
    fixture = parse_fixture(FIXTURES / "clean_article_left_untouched.txt")
    trad = tuple(Block(b.kind, text=S2T.convert(b.text), level=b.level) for b in fixture.blocks)
    doc = clean(trad, "hant")
    assert doc.removed == ()
    assert doc.blocks == trad


# Written from excerpts of the corpus's clips and reposts (issue 13): tail and head chrome
# of WeChat clips and repost archives, credit lines, placeholders, glued stamps and a
# comment thread, beside article sentences that look like them.
TAIL_CHROME = ["wechat_clip_tail_with_appeals_and_reading_list", "repost_archive_with_credits",
               "news_digest_with_placeholders_and_glued_stamps",
               "report_with_reader_comment_thread"]


@pytest.mark.parametrize("name", TAIL_CHROME)
def test_tail_chrome_goes_and_lookalike_sentences_stay(name):
    fixture = parse_fixture(FIXTURES / f"{name}.txt")
    doc = clean(fixture.blocks, fixture.script, fixture.name)
    removed = Counter(r.text for r in doc.removed)
    assert list((fixture.expected - removed).elements()) == []    # all the chrome went
    assert list((removed - fixture.expected).elements()) == []    # and nothing else


# --- the data files ------------------------------------------------------------------


def test_every_line_rule_matches_its_example():
    for rule in line_rules():
        assert rule.example, f"rule without example: {rule.pattern.pattern}"
        assert rule.pattern.search(squash(rule.example)), (rule.reason, rule.example)
        assert len(squash(rule.example)) <= rule.max_len, (rule.reason, rule.example)


def test_every_fragment_rule_matches_its_example():
    for rule in fragment_rules():
        assert rule.pattern.search(fold(rule.example)), (rule.reason, rule.example)


@pytest.mark.parametrize("name", ["boilerplate.yml", "spam.yml"])
def test_every_data_entry_says_what_it_is_for(name):
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("  - reason:"):
            assert lines[i - 1].strip().startswith("#"), f"{name}:{i + 1} has no comment above"
        elif re.match(r"^  - \S", line):
            assert "#" in line, f"{name}:{i + 1} has no comment"
    assert yaml.safe_load("\n".join(lines))


def _in_other_script(block: Block, converter: opencc.OpenCC) -> Block:
    return Block(block.kind, text=converter.convert(block.text), level=block.level,
                 items=tuple(converter.convert(i) for i in block.items),
                 src=block.src, alt=converter.convert(block.alt))


@pytest.mark.parametrize("path", ANNOTATED, ids=lambda p: p.stem)
def test_same_removals_whatever_the_script(path):
    fixture = parse_fixture(path)
    other = "hans" if fixture.script == "hant" else "hant"
    converter = T2S if other == "hans" else S2T
    converted = tuple(_in_other_script(b, converter) for b in fixture.blocks)
    reasons = Counter(r.reason for r in clean(fixture.blocks, fixture.script).removed)
    assert Counter(r.reason for r in clean(converted, other).removed) == reasons


def test_a_notice_that_the_browser_is_too_old_goes_and_a_sentence_about_browsers_stays():
    article = ["市政府今天公布了新的交通规划，地铁三号线将在明年底通车，沿线将新增十二个站点。",
               "业内人士建议用户升级浏览器以获得更好的网购体验，但这并不影响本次交通规划的推进。",
               "專家表示，新線路將大大緩解城區東西向的交通壓力，預計每日客流可達五十萬人次。"]
    notice = "親愛的網友：為確保您享有最佳的瀏覽體驗，建議您提升您的 IE 瀏覽器至最新版本，感謝您的配合。"
    doc = clean([Block("paragraph", text=t) for t in [article[0], notice, *article[1:]]], script="hant")
    assert block_texts(doc) == article
    assert [r.reason for r in doc.removed] == ["browser-notice"]
