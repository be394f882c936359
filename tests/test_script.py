"""The script stage: detection, OpenCC configuration, artefact repairs, spaces, punctuation.

Expected strings were checked by hand against the rules of Simplified (GB) and Taiwanese
Traditional orthography, not copied from the program's output.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import Config
from generator.document import (
    ADMONITION, CODE, IMAGE, LIST, PARAGRAPH, TABLE, Block, Document,
)
from generator.conversion.pipeline import STAGES
from generator.conversion.script_convert import detect_region, detect_script, to_site_script
from generator.conversion.script_repairs import repair_sets
from generator.conversion.script_spacing import join_wrapped_words, widen_punctuation
from generator.readers import read_source
from generator.conversion.stages.script import unify_script
from generator.conversion.fold import fold_script
from generator.conversion.textops import HAN

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "script"
HANS, HANT = Config(script="hans"), Config(script="hant")


def paragraphs_doc(text: str, **fields) -> Document:
    blocks = tuple(Block(PARAGRAPH, text=p) for p in text.split("\n") if p.strip())
    return Document(source="fixture.txt", blocks=blocks, **fields)


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def seed_through_script(name: str, config: Config) -> Document:
    doc = read_source(SEEDS / name, SEEDS)
    for stage in STAGES[: STAGES.index(unify_script) + 1]:
        doc = stage(doc, config)
    return doc


def page_text(doc: Document) -> str:
    parts = []
    for b in doc.blocks:
        parts += [b.text, b.title, b.alt, *b.items, *(c for row in b.rows for c in row)]
    return "\n".join(parts)


# --- detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("阿里巴巴集团发布了新的服务生态报告，商家数量持续增长。", "hans"),
    ("阿里巴巴集團發佈了新的服務生態報告，商家數量持續增長。", "hant"),
    ("隨著時代", "hant"),                                   # a four-character title
    ("iPhone 15 Pro Max 發佈會 review by Apple Inc.", "hant"),  # mostly Latin
    ("这是一篇简体文章，引用了一句“這是繁體”，然后继续用简体写作下去。", "hans"),  # mixed
])
def test_detect_script(text, expected):
    assert detect_script(text) == expected


def test_text_without_telling_characters_takes_the_default():
    assert detect_script("大山中的小石 2016", "hant") == "hant"
    assert detect_script("大山中的小石 2016", "hans") == "hans"


def test_detect_region():
    taiwan = (FIXTURES / "taiwan_genuine_traditional.txt").read_text(encoding="utf-8")
    assert detect_region(taiwan) == "tw"
    assert detect_region("佢哋話呢度冇嘢食，我哋去第二度啦。") == "hk"
    # machine Traditional of a mainland report: mainland vocabulary (信息, 數據) outvotes Taiwan
    report = (SEEDS / "003_fb2d23287512eac5.txt").read_text(encoding="utf-8")
    assert detect_region(report) == ""


# --- conversion ------------------------------------------------------------------------

def test_genuine_taiwanese_text_is_left_byte_identical_on_a_traditional_site():
    taiwan = (FIXTURES / "taiwan_genuine_traditional.txt").read_text(encoding="utf-8")
    doc = paragraphs_doc(taiwan)
    out = unify_script(doc, HANT)
    assert out.script == "hant"
    assert texts(out) == texts(doc)


def test_genuine_taiwanese_text_on_a_simplified_site_gets_correct_characters():
    taiwan = (FIXTURES / "taiwan_genuine_traditional.txt").read_text(encoding="utf-8")
    out = texts(unify_script(paragraphs_doc(taiwan), HANS))
    assert out[0] == ("「我们了解这个问题的严重性。」台北市政府资讯局长在记者会上表示，随着行动网路普及，"
                      "市民使用政府网站的习惯有着显著改变；过去一年里，透过手机浏览的比例已超过七成。")
    # 著 as zhù survives (著作, and 原著/专著 which tw2s alone would turn into 原着/专着)
    assert out[1].startswith("局长也提到，市立图书馆收藏的著作涵盖文学、历史与科技，其中不乏名家的原著与专著")
    assert "更需要了解使用者的需求" in out[1]   # Taiwanese vocabulary kept by default
    assert "他笑着说：「只要大家一起努力，台湾的数位政府一定会越来越好！」" in out[2]
    assert out[3] == "上周台风带来的豪雨干扰了交通，里长与邻里一起清理了三公里长的水沟，大家都说辛苦了。"


def test_simplified_slip_in_a_traditional_text_changes_alone():
    # 干擾 and 鄰里 are correct Traditional; only the Simplified 么 of 怎么 is converted
    out = texts(unify_script(paragraphs_doc("他們受到干擾，鄰里之間，這件事怎么辦？"), HANT))
    assert out == ["他們受到干擾，鄰里之間，這件事怎麼辦？"]


def test_regional_phrases_option_uses_mainland_vocabulary_for_taiwanese_text():
    config = replace(HANS, extra={"script_regional_phrases": True})
    out = "".join(texts(unify_script(paragraphs_doc("這套軟體用網路提供資訊服務，使用者很多。"), config)))
    assert out == "这套软件用网络提供信息服务，用户很多。"


def test_hong_kong_text_uses_hong_kong_forms():
    out = texts(unify_script(paragraphs_doc("佢哋話衞生署嘅報告寫得好清楚，我哋睇咗先。"), HANS))
    # 衞 -> 卫 needs hk2s (t2s and tw2s keep 衞); Cantonese characters have no other form
    assert out == ["佢哋话卫生署嘅报告写得好清楚，我哋睇咗先。"]


def test_simplified_source_on_a_traditional_site():
    doc = paragraphs_doc("随着越来越多的商家了解这里面的规则，发展会更快。")
    # `hant` writes Taiwan's forms (著, 裡); `hant-hk` Hong Kong's (着, 裏); OpenCC's own
    # standard (s2t) only when asked for with extra.script_variant
    assert texts(unify_script(doc, HANT)) == ["隨著越來越多的商家瞭解這裡面的規則，發展會更快。"]
    assert texts(unify_script(doc, replace(HANT, script="hant-tw"))) == texts(unify_script(doc, HANT))
    assert texts(unify_script(doc, replace(HANT, script="hant-hk"))) == ["隨着越來越多的商家瞭解這裏面的規則，發展會更快。"]
    opencc_standard = replace(HANT, extra={"script_variant": "s2t"})
    assert texts(unify_script(doc, opencc_standard)) == ["隨着越來越多的商家瞭解這裏面的規則，發展會更快。"]


def test_genuine_simplified_text_is_not_damaged():
    text = "站在瞭望塔上，这部著名的著作显著地改变了土著居民的生活。"
    out = unify_script(paragraphs_doc(text), HANS)
    assert out.script == "hans" and texts(out) == [text]


def test_traditional_quote_inside_a_simplified_text_is_converted():
    out = texts(unify_script(paragraphs_doc("他在文章里引用了一句“隨著時代變遷”。这很常见。"), HANS))
    assert out == ["他在文章里引用了一句“随着时代变迁”。这很常见。"]


# --- repairs ---------------------------------------------------------------------------

@pytest.mark.parametrize("artefact, repaired", [
    ("形成瞭一个巨大的生态", "形成了一个巨大的生态"),
    ("为瞭给商家提供服务", "为了给商家提供服务"),
    ("站在瞭望塔上", "站在瞭望塔上"),
    ("随著越来越多的服务", "随着越来越多的服务"),
    ("意味著用户结构变化", "意味着用户结构变化"),
    ("著名学者的著作很显著", "著名学者的著作很显著"),
    ("他有著名的作品", "他有著名的作品"),          # keep word 著名 wins over 有+著
    ("千万商傢与国傢", "千万商家与国家"),
    ("阿裡巴巴的什麽", "阿里巴巴的什么"),
])
def test_artefact_repairs(artefact, repaired):
    assert repair_sets()["artefacts"].apply(artefact)[0] == repaired


def test_tw2s_overreach_repairs_keep_real_particles():
    repairs = repair_sets()["after_tw2s"]
    assert repairs.apply("土着居民与专着")[0] == "土著居民与专著"
    assert repairs.apply("大家讨论着方案")[0] == "大家讨论着方案"


def test_seed_003_machine_traditional_is_repaired():
    doc = seed_through_script("003_fb2d23287512eac5.txt", HANS)
    text = page_text(doc)
    assert doc.script == "hant"
    for artefact in ("阿裡", "瞭", "隨著", "商傢"):
        assert artefact not in text
    for kept in ("形成了一个巨大的", "随着越来越多的服务", "创新层出不穷",
                 "服务市场已聚集数万家服务商及服务者", "客服的响应时间从59.71秒缩减到24.79秒",
                 "无线化、数据化、全渠道、国际化是商业服务生态客观的历史进程和发展趋势"):
        assert kept in text
    assert "54,4841" in text                       # a number keeps its comma
    assert not re.search(f"[{HAN}] ?[,:;!?] ?[{HAN}]", text)   # no half-width mark between Han
    assert "(fuwu.taobao.com)" in text             # Latin content keeps half-width brackets
    assert "（广义）" in text


def test_seed_003_on_a_traditional_site_is_rebuilt_without_artefacts():
    text = page_text(seed_through_script("003_fb2d23287512eac5.txt", HANT))
    assert "形成了一個巨大的" in text
    assert "15個商家夥伴" in text   # s2t reads 商家伙伴 as 商|家伙|伴; repaired
    for artefact in ("商傢", "阿裡", "形成瞭"):
        assert artefact not in text


def test_seed_004_wrap_spaces_and_script():
    doc = seed_through_script("004_e5fdb2ea25a95cab.txt", HANS)
    text = page_text(doc)
    assert doc.script == "hant"
    for kept in ("越来越多的用户通过无线端参加", "每秒生成5万笔订单", "整个平台交易额是5200万元",
                 "今年的峰值就是明年的常量", "这对我们来讲是新的挑战", "不只是把PC的东西搬到手机"):
        assert kept in text


# --- wrap spaces ------------------------------------------------------------------------

@pytest.mark.parametrize("wrapped, joined", [
    ("越 来越多的用户通过无线端参加", "越来越多的用户通过无线端参加"),
    ("服务商之间交流竞争更加充分、创新层出 不穷", "服务商之间交流竞争更加充分、创新层出不穷"),
    ("这对我们来讲是新的挑 战", "这对我们来讲是新的挑战"),
    ("不只是把PC的东西搬到手 机", "不只是把PC的东西搬到手机"),
    ("我们在高端品牌方面 的发展非常神速", "我们在高端品牌方面的发展非常神速"),
    ("从一个活动到全社会的 一个节日", "从一个活动到全社会的一个节日"),
    # Inside running prose (punctuation on both sides): no dictionary word crosses the gap.
    ("场景是，下班回家路上用 手机，临睡前", "场景是，下班回家路上用手机，临睡前"),
    ("真正的菜鸟,从来没 上过这个场,需要", "真正的菜鸟,从来没上过这个场,需要"),
    ("并不快,整个B2C行业也处于聋哑 阶段。", "并不快,整个B2C行业也处于聋哑阶段。"),
    ("速度。在线财务服务能够有效降低财务 成本,网上支付", "速度。在线财务服务能够有效降低财务成本,网上支付"),
])
def test_wrap_spaces_inside_words_are_removed(wrapped, joined):
    assert join_wrapped_words(wrapped) == joined


@pytest.mark.parametrize("separated", [
    "芭欧 杭州乐易拍文化创意有限公司",
    "阿里巴巴商家事业部 擒虎 豹象 琴弈 兰音",
    "商家事业部总经理 张 阔",
    "阿里研究院 游五洋 孟晔 盛振中",
    "下班回家路上用 手机",   # two independent words, no sentence around them: kept
    "阿里研究院 游五洋，孟晔",  # a name list: punctuation on one side only
])
def test_real_separators_are_kept(separated):
    assert join_wrapped_words(separated) == separated


def test_wrap_space_in_traditional_output_is_decided_on_the_folded_copy():
    out = texts(unify_script(paragraphs_doc("越 來越多的用戶參加，這是新的挑 戰。"), HANT))
    assert out == ["越來越多的用戶參加，這是新的挑戰。"]


# --- punctuation -----------------------------------------------------------------------

@pytest.mark.parametrize("before, after", [
    ("知识经济时代,各个国家都在努力", "知识经济时代，各个国家都在努力"),
    ("2015年, 淘宝开放平台", "2015年，淘宝开放平台"),
    ("巨大的“商业服务生态” , 共同为", "巨大的“商业服务生态”，共同为"),
    ("图1:阿里巴巴商业服务生态(广义)", "图1：阿里巴巴商业服务生态（广义）"),
    ("图3:“服务类应用”交易规模", "图3：“服务类应用”交易规模"),
    ("表2:2015年增长最快的服务类别", "表2：2015年增长最快的服务类别"),
    ("真的吗?当然!", "真的吗？当然！"),
    ("一方面;另一方面", "一方面；另一方面"),
    ("2014年 “双11” 的峰值", "2014年“双11”的峰值"),
    ('这自然绕不开顶流 " 冰墩墩 " 的带动', "这自然绕不开顶流“冰墩墩”的带动"),
    ('在各类 " 冰墩墩 "" 雪融融 " 的话题中', "在各类“冰墩墩”“雪融融”的话题中"),
])
def test_half_width_punctuation_between_chinese_becomes_full_width(before, after):
    assert widen_punctuation(before) == after


@pytest.mark.parametrize("text", [
    "评论达到54,4841次",
    "增速为3.5倍",
    "北京时间10:30开始",
    "比例为1:100",
    "Hello, world! How are you?",
    "通过聚石塔完成SaaS(Software-as-a-Service软件即服务)化改造",
    "服务市场(fuwu.taobao.com)",
    "A,B两种方案",
    "Alibaba (阿里巴巴) is a company",
    '他说"OK"然后"再见"',          # one pair quotes Latin: the pairing is a guess, kept
    '身高5\'10" 的人',
])
def test_punctuation_in_numbers_and_latin_text_is_kept(text):
    assert widen_punctuation(text) == text


# --- what the stage touches and what it never touches ----------------------------------

def test_markup_urls_and_code_are_never_converted():
    url = "https://zh.wikipedia.org/wiki/阿裡巴巴?q=隨著,後來"
    blocks = (
        Block(PARAGRAPH, text=f"請見[阿裡巴巴集團]({url} \"隨著\"),以及 `隨著(x)` 和 {url} 。"),
        Block(IMAGE, src="https://img.example.com/隨著.png", alt="阿裡巴巴的園區"),
        Block(CODE, text="print('隨著, 後來')", label="python"),
        Block(LIST, items=("商業服務", "數據化")),
        Block(TABLE, rows=(("類別", "增長"), ("攝影", "144.5%"))),
        Block(ADMONITION, label="example", title="案例:杭州湖畔網絡", items=("服務商獲得瞭融資",)),
    )
    out = unify_script(Document(source="m.md", blocks=blocks), HANS).blocks
    assert out[0].text == f"请见[阿里巴巴集团]({url} \"隨著\")，以及 `隨著(x)` 和 {url} 。"
    assert (out[1].src, out[1].alt) == ("https://img.example.com/隨著.png", "阿里巴巴的园区")
    assert out[2] == blocks[2]
    assert out[3].items == ("商业服务", "数据化")
    assert out[4].rows == (("类别", "增长"), ("摄影", "144.5%"))
    assert (out[5].title, out[5].items) == ("案例：杭州湖畔网络", ("服务商获得了融资",))


def test_front_matter_text_is_converted_in_a_new_dict():
    meta = {"title": "阿裡巴巴如何把雙十一做火", "date": "2014-10-22", "tags": ["電商", 3],
            "url": "https://example.com/隨著"}
    doc = paragraphs_doc("雙十一的緣起很簡單。", meta=meta)
    out = unify_script(doc, HANS)
    assert out.meta == {"title": "阿里巴巴如何把双十一做火", "date": "2014-10-22",
                        "tags": ["电商", 3], "url": "https://example.com/隨著"}
    assert meta["title"] == "阿裡巴巴如何把雙十一做火"   # the reader's dict is untouched


def test_stage_is_deterministic_and_idempotent():
    doc = seed_through_script("004_e5fdb2ea25a95cab.txt", HANS)
    again = unify_script(doc, HANS)
    assert again.blocks == doc.blocks


def test_to_site_script_for_other_stages():
    assert to_site_script("阿裡巴巴集團瞭解到", HANS) == "阿里巴巴集团了解到"
    assert to_site_script("阿里巴巴集团", HANT, "hans") == "阿里巴巴集團"
    assert to_site_script("我們瞭解這個問題", HANT) == "我們瞭解這個問題"   # genuine: as written


def test_fold_script_is_character_level_and_keeps_length():
    text = "隨著阿裡巴巴 Taobao 發展，著名"
    folded = fold_script(text)
    assert folded == "随著阿里巴巴 Taobao 发展，著名"
    assert len(folded) == len(text)


def test_empty_document_and_private_use_characters():
    empty = unify_script(Document(source="empty.txt"), HANS)
    assert empty.blocks == () and empty.script == "hans"
    # a text holding the stage's internal separator is converted piece by piece
    blocks = (Block(LIST, items=("私用區\n\ue000\n字元", "隨著發展")),)
    odd = unify_script(Document(source="odd.txt", blocks=blocks), HANS)
    assert odd.blocks[0].items == ("私用区\n\ue000\n字元", "随着发展")
