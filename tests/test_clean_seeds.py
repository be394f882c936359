"""The clean stage on the bundled seeds, through the real pipeline, in both site scripts."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from clean_support import ROOT, S2T, T2S, block_texts
from generator.conversion.fold import fold
from generator.config import Config
from generator.document import Document
from generator.conversion.pipeline import run
from generator.readers import read_source

SEEDS = ROOT / "seeds"


# From tests/data/seeds.yaml: the cleaning part of must_keep/must_drop, plus pieces the
# issue names (the blog footer, the breadcrumb, the view counter, the source line).
SEED_EXPECTATIONS = {
    "001_db871437741d31df.txt": (["双十一全球狂欢节", "将商业价值与社会价值创造有机结合"], ["171人看过"]),
    "002_11be0a2fc64205ed.txt": (
        ["被忽略的10亿存量", "培育100个消费者过亿的超级新品类", "文章来源：北京商报"],
        ["返回北京商报新闻", "返回首页", "finews.withounder.com", "finews.zning.xyz"]),
    "003_fb2d23287512eac5.txt": (
        ["服务市场已聚集数万", "客服的响应时间从59.71秒缩减到24.79秒", "报告作者及致谢",
         "“行业/店铺分析”作为数据服务已成为", "全方位提供商业服务", "商品推荐、红包等功能"],
        ["gps车队管理系统", "车辆监控系统", "台湾电动床工厂", "AUGI SPORTS", "抽水肥", "静电机",
         "sea488kk28", "痞客邦", "扫描微信二维码", "i199IT", "arrow", "人气"]),
    "004_e5fdb2ea25a95cab.txt": (
        ["“操盘手”张勇", "每秒生成5万笔订单", "整个平台交易额是5200万元", "今年的峰值就是明年的常量",
         "这是我所看到的行业方向。"],
        ["创业词典网", "加入收藏", "您所在的位置", "阅读 :543", "下一篇", "上一篇", "方向键",
         "主站蜘蛛池模板", "无码", "发布 : 10-22", "发布：10-22"]),
}


def _seed(name: str, script: str) -> Document:
    return run(read_source(SEEDS / name, SEEDS), Config(script=script))


def _page_text(doc: Document) -> str:
    """Everything left on the page (the metadata stage may move the headline into the
    title), folded: Simplified, full-width punctuation made half-width."""
    return fold(" ".join([doc.title, *block_texts(doc)]))


@pytest.mark.parametrize("script", ["hans", "hant"])
@pytest.mark.parametrize("name", sorted(SEED_EXPECTATIONS))
def test_seed_keeps_article_and_drops_boilerplate(name, script):
    doc = _seed(name, script)
    assert not doc.skipped, doc.problems
    page = _page_text(doc)
    keep, drop = SEED_EXPECTATIONS[name]
    for phrase in keep:
        assert fold(phrase) in page, phrase
    for phrase in drop:
        for variant in (phrase, T2S.convert(phrase), S2T.convert(phrase)):
            assert variant not in " ".join(block_texts(doc)), variant
        assert fold(phrase) not in page, phrase


def test_seed_removals_are_all_recorded_with_reasons():
    for name in SEED_EXPECTATIONS:
        doc = _seed(name, "hans")
        assert doc.removed, name
        for removal in doc.removed:
            assert re.fullmatch(r"[a-z][a-z-]+", removal.reason), removal
            assert removal.text.strip(), removal


def test_seed_004_byline_is_kept_for_the_metadata_stage():
    doc = _seed("004_e5fdb2ea25a95cab.txt", "hans")
    bylines = [fold(r.text) for r in doc.removed if r.reason == "byline"]
    assert any(re.search(r"发布\s*:\s*10-22", b) for b in bylines), bylines
    reasons = Counter(r.reason for r in doc.removed)
    assert reasons["prev-next-link"] == 2 and reasons["seo-keyword-stuffing"] == 1, reasons


def test_seed_003_injected_phrases_are_recorded_one_by_one():
    doc = _seed("003_fb2d23287512eac5.txt", "hans")
    injected = sorted(fold(r.text).lower() for r in doc.removed if r.reason == "injected-spam")
    assert injected == ["gps车辆监控系统", "gps车队管理系统", "车辆监控系统"]


def test_seed_004_in_traditional_site_records_traditional_text():
    doc = _seed("004_e5fdb2ea25a95cab.txt", "hant")
    assert doc.script == "hant"
    texts = [r.text for r in doc.removed]
    assert "加入收藏" in texts
    assert any(t.startswith("您所在的位置") for t in texts), texts
    assert any("創業詞典網" in t for t in texts), texts
