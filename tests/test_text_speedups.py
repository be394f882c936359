"""Shortcuts of the text stages (issue 7) give exactly the answers of the plain ways.

Each test writes the plain computation out (the code as it was before the shortcut) and
holds the fast one against it on random strings built from the characters that matter.
"""

from __future__ import annotations

import html
import random
import re

from generator.conversion.fold import _NARROW, fold
from generator.conversion.dates import _WIDTH, find_dates
from generator.conversion.script_spacing import (AFTER_HAN_PUNCT_RE, FULL_WIDTH, _neighbour,
                                      widen_punctuation)
from generator.conversion.stages.tags import Body, _blocks_naming, is_main_subject, load_taxonomy, normalise


def _random_texts(pool: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def _widen_marks_in_one_pass(text: str) -> str:
    """The first two steps of widen_punctuation as one regex pass each (the slow way)."""
    from generator.conversion import script_spacing as spacing

    text = AFTER_HAN_PUNCT_RE.sub(lambda m: FULL_WIDTH[m.group(1)], text)

    def decide(m: re.Match[str]) -> str:
        return spacing._widened(text, m.group(), m.group(1), m.start(1))

    return re.sub(r"[ \t]*([,;:!?])[ \t]*", decide, text)


def test_marks_widened_mark_by_mark_as_in_one_pass():
    from generator.conversion import script_spacing as spacing

    pool = list("字中文,,;:!?  \t\n：，a1(）)/\"") + ["图1", "http://", "10:30", "表2:2015年"]
    for text in _random_texts(pool, 30000, 14, seed=5):
        fast = spacing._widened_half_marks(spacing._widened_after_han(text))
        assert fast == _widen_marks_in_one_pass(text), repr(text)


def test_widen_punctuation_examples():
    assert widen_punctuation("阿里,腾讯;百度!") == "阿里，腾讯；百度！"
    assert widen_punctuation("比分 10:30 ,然后") == "比分 10:30，然后"
    assert widen_punctuation("字,!x") == "字，！x"   # neighbour marks: the one-pass way
    assert widen_punctuation("见 http://a.com 页") == "见 http://a.com 页"
    assert _neighbour("a  b", 1, 1) == "b"


def test_fold_narrows_like_translate():
    table = str.maketrans(_NARROW)
    pool = list("中文，：（）？！ａＺ０丨│\u3000\u00a0 ,.") + ["後來", "雙十一"]
    for text in _random_texts(pool, 3000, 12, seed=9):
        assert fold(text) == fold(text).translate(table)
        assert len(fold(text)) == len(text)


def test_find_dates_reads_full_width_digits_as_half_width():
    def fields(text):
        return [(d.start, d.end, d.year, d.month, d.day) for d in find_dates(text)]

    for text in ["２０２１年３月５日", "发布：２０２２－０５－２３", "2021年3月5日", "没有日期"]:
        assert fields(text) == fields(text.translate(_WIDTH))
    assert find_dates("２０２１年３月５日")[0].text == "２０２１年３月５日"
    assert fields("没有日期") == []


def test_body_joined_once_gives_the_per_block_answers():
    blocks = [normalise(b) for b in ["天猫双11成交额创新高。", "", "天猫国际和淘宝", "tmall的天猫",
                                      "京东618", "阿里巴巴集团" * 50]]
    body = Body.of(blocks)
    assert body.joined == "\n".join(blocks) and body.chars == sum(map(len, blocks))
    for tag in load_taxonomy():
        assert _blocks_naming(tag, body) == _blocks_naming(tag, blocks)
        for title in ("", normalise("天猫")):
            assert is_main_subject(tag, title, body) == is_main_subject(tag, title, blocks)


def _plain_every_substitution(markdown: str) -> str:
    from generator.conversion import plaintext

    text = plaintext._IMAGE.sub(r"\1", markdown)
    text = plaintext._FOOTNOTE_REF.sub("", text)
    text = plaintext._LINK.sub(r"\1", text)
    text = plaintext._AUTOLINK.sub(r"\1", text)
    text = plaintext._ATTR_LIST.sub("", text)
    text = re.sub(r"\\(.)|(\*\*|__|\*|~~|`)", lambda m: m.group(1) or "", text)  # escapes kept
    return html.unescape(text)


def test_visible_text_skips_only_substitutions_that_cannot_match():
    from generator.conversion.cleaning.markup import readable, visible_text
    from generator.conversion.plaintext import inline_to_plain

    pool = list("字 *_~`\\[]()!<>&;/:{}#.^") + ["](", "![", "<https://a.cn>", "&amp;", "**", "__", "\\*", "{: #p1 }", "[^1]"]
    for text in _random_texts(pool, 20000, 10, seed=13):
        assert inline_to_plain(text) == _plain_every_substitution(text), repr(text)
        assert readable(text) == html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", text)).strip()
    assert visible_text("见[天猫](https://tmall.com)**首页**") == "见天猫首页"


def _han_products_length_by_length(folded: str) -> list[tuple[int, int, str]]:
    """injected._han_product_candidates as first written: every length tried in turn."""
    from generator.conversion.cleaning import injected as inj

    found = []
    for m in inj._suffix_re().finditer(folded):
        for length in range(inj.HAN_PRODUCT_MIN, inj.HAN_PRODUCT_MAX + 1):
            start = m.end() - length
            phrase = folded[max(0, start):m.end()]
            if start < 1 or not inj.HAN_RUN_RE.fullmatch(phrase) or inj.FUNCTION_CHARS_RE.search(phrase):
                break
            if inj._may_break_word(folded, start, m.end()) and inj._is_whole_words(folded, start, m.end()):
                found.append((start, m.end(), phrase))
    return found


def test_han_product_candidates_as_trying_every_length():
    from generator.conversion.cleaning.injected import _han_product_candidates

    pool = list("车辆监控系统服务作为市场的与和软件设备仪器机床鞋公司工厂a1 ，。") + ["gps", "管理系统", "手机"]
    texts = _random_texts(pool, 20000, 12, seed=21) + ["专业服车辆监控系统务的公司", "作gps车队管理系统为"]
    for text in texts:
        fast = [(c.start, c.end, c.term) for c in _han_product_candidates(text)]
        assert fast == _han_products_length_by_length(text), text
    found = [(c.start, c.end, c.term) for c in _han_product_candidates("专业服车辆监控系统务的公司")]
    assert (3, 9, "车辆监控系统") in found   # 服…务 split: a candidate


def test_author_labels_not_inside_a_word():
    from generator.conversion.bylines import byline_author

    assert byline_author("文/张三") == "张三"
    assert byline_author("（文：李四）") == "李四"
    assert byline_author("中文：王五 | 作者：赵六") == "赵六"   # 中文 is no 文 label
    assert byline_author("中文：王五 | 责任编辑：赵六") == ""   # nor is an editor the author
    assert byline_author("主编辑：钱七") == ""
    assert byline_author("编辑：孙八") == ""
    assert byline_author("图文编辑：周九") == ""
    assert byline_author("文/编辑：张三") == "张三"           # who wrote and edited it wrote it



def test_detect_script_counts_only_as_far_as_the_answer_needs():
    from generator.conversion.script_convert import detect_script
    from generator.conversion.textops import simplified_only_pattern, traditional_only_pattern

    def by_full_counts(text: str, default: str = "hans") -> str:
        traditional = len(traditional_only_pattern().findall(text))
        simplified = len(simplified_only_pattern().findall(text))
        if traditional == simplified:
            return default if traditional == 0 else "hant"
        return "hant" if traditional > simplified else "hans"

    pool = list("这个们说国發這個們說國abc，。的了") + ["雙十一", "双十一"]
    for text in _random_texts(pool, 5000, 12, seed=29):
        for default in ("hans", "hant"):
            assert detect_script(text, default) == by_full_counts(text, default), text


def test_blocks_naming_by_one_scan_as_by_finding_every_alias():
    def by_find(tag, blocks):
        found = set()
        for i, block in enumerate(blocks):
            if any(alias in block for alias in tag.aliases):
                found.add(i)
        return found

    pool = ["天猫", "淘宝", "双十一", "双11", "阿里", "京东", "tmall", "直播", "带货", "，", "。", "的", "a", "1"]
    rng = random.Random(31)
    for _ in range(300):
        blocks = [normalise("".join(rng.choice(pool) for _ in range(rng.randint(0, 8))))
                  for _ in range(rng.randint(1, 6))]
        for tag in load_taxonomy():
            assert _blocks_naming(tag, blocks) == by_find(tag, blocks), (tag.id, blocks)
