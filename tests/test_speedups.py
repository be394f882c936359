"""The converter's shortcuts give exactly the answers of the slow ways they replace.

Each speed-up (issue 7) skips work when a cheap test proves it cannot change the result;
these tests hold the shortcut against the original computation on varied inputs.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from generator.conversion.dates import any_format, compiled_formats, find_dates
from generator.conversion.script_spacing import join_wrapped_words, widen_punctuation
from generator.conversion.stages.tags import _blocks_naming, count_mentions, load_taxonomy, normalise
from generator.conversion.fold import fold_script
from generator.conversion.textops import place_words, word_across, word_segmenter

SAMPLES = [
    "据阿里2022财年第三季度财报显示，截至2021年12月31日，中国市场消费者单季净增长2600万。",
    "去年双十一，天猫成交额达到5403亿元；今年6月18日又创新高。",
    "二〇一二年十一月十一日，淘宝商城更名为天猫。",
    "Posted on 2019-03-04 by admin | 10:30",
    "他们在 2015/7/1 发布了新版本，并于 2016.02.29 更新。",
    "没有日期的一句话，只有数字 54,4841 和 11.11%。",
    "雙十一當天，淘寶直播觀看人數突破 3 億。",
    "Dec 3, 2020 — 12月3日消息",
]


@pytest.mark.parametrize("use", ["text", "byline", "value"])
def test_any_format_finds_a_date_exactly_when_one_format_does(use):
    rng = random.Random(7)
    texts = SAMPLES + ["".join(rng.choice(SAMPLES)[rng.randint(0, 20):][:rng.randint(0, 30)]
                               for _ in range(3)) for _ in range(300)]
    for text in texts:
        norm = fold_script(text)
        slow = any(p.search(norm) for _, p in compiled_formats(use))
        assert bool(any_format(use).search(norm)) == slow, text
        if not slow:
            assert find_dates(text, use) == ()


def test_fold_script_shortcut_keeps_simplified_text_and_folds_traditional():
    assert fold_script(SAMPLES[0]) is SAMPLES[0]
    assert fold_script("雙十一當天，淘寶直播") == "双十一当天，淘宝直播"


def _word_across_by_segmenting_every_window(left: str, right: str, min_freq: int) -> bool:
    freq = word_segmenter().FREQ
    return any(freq.get(left[a:] + right[:b], 0) >= min_freq
               for a in range(len(left)) for b in range(1, len(right) + 1))


def test_word_across_agrees_with_looking_up_every_spanning_substring():
    rng = random.Random(11)
    text = "".join(SAMPLES[:3] + SAMPLES[6:7]) + "车辆监控系统作为服务市场越来越多作为"
    han = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    for _ in range(2000):
        cut = rng.randint(1, len(han) - 2)
        left, right = han[max(0, cut - rng.randint(1, 8)):cut], han[cut:cut + rng.randint(1, 8)]
        for min_freq in (1, 200):
            assert word_across(left, right, min_freq) == \
                _word_across_by_segmenting_every_window(left, right, min_freq), (left, right)


def test_place_words_are_the_place_names_jieba_tags():
    # The table jieba.posseg builds, restricted to what the spam cutter asks for.
    import jieba.posseg

    jieba.posseg.dt.initialize()
    tagged = {w for w, tag in jieba.posseg.dt.word_tag_tab.items()
              if len(w) in (2, 3) and tag in ("ns", "s")}
    assert place_words() == tagged
    assert {"上海", "台中"} <= place_words()


def test_normalise_equals_nfkc_of_the_whole_text():
    rng = random.Random(3)
    pool = "中文字阿里，。：ＡＢ１２ｶﾞ가각\u1100\u1161\u11a8e\u0301\u0323ﬁ①㍿\uf900\u3000 \t"
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        expected = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
        assert normalise(text) == expected, repr(text)


def test_blocks_naming_finds_every_block_that_counts_a_mention():
    blocks = [normalise(b) for b in SAMPLES + ["天猫", "", "天猫双11和618", "tmall的天猫国际"]]
    for tag in load_taxonomy():
        named = _blocks_naming(tag, blocks)
        for i, block in enumerate(blocks):
            if i not in named:
                assert count_mentions(tag, block) == 0, (tag.id, block)
        assert all(any(a in blocks[i] for a in tag.aliases) for i in named)


def test_spacing_shortcuts_keep_their_answers():
    # A wrap inside a word goes, a space between list names stays; quotes on a long
    # line without any quote elsewhere are still curled.
    assert join_wrapped_words("越来 越多的商家") == "越来越多的商家"
    assert join_wrapped_words("擒虎 豹象 琴弈") == "擒虎 豹象 琴弈"
    long_line = "没有引号的长句子，" * 200 + '\n顶流 " 冰墩墩 " 的'
    assert widen_punctuation(long_line).endswith("顶流“冰墩墩”的")


def test_relative_paths_as_posixpath_gives_them():
    """links._relpath compares path parts instead of asking for the working directory;
    on random relative, absolute, dotted and empty paths it answers as posixpath.relpath."""
    import posixpath

    from generator.pages.links import _relpath

    rng = random.Random(7)
    parts = ["a", "b", "tags", "x y", ".", "..", "", "articles", "2022", "index.md", "中文"]

    def answer(fn, path, start):
        try:
            return fn(path, start)
        except ValueError as exc:  # relpath refuses an empty path
            return ("ValueError", str(exc))

    for _ in range(20_000):
        path, start = ("/" * (rng.random() < 0.05) + "/".join(rng.choice(parts) for _ in range(rng.randint(0, 5)))
                       for _ in range(2))
        assert answer(_relpath.__wrapped__, path, start) == answer(posixpath.relpath, path, start), (path, start)
    assert _relpath("tags/a/", "documents") == "../tags/a"
    assert _relpath("documents", "documents") == "."
