"""Readers: decoding, front matter, sidecars and kind detection on real fixture files."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.convert import discover_sources
from generator.readers import guess_kind, read_bytes, read_source
from generator.readers.decode import decode_bytes
from generator.readers.frontmatter import split_front_matter

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
GOOD = "菜鸟网络成立于2013年，总部位于杭州。"


def read(name: str):
    return read_source(FIXTURES / name, FIXTURES)


def codes(doc) -> list[str]:
    return [p.code for p in doc.problems]


# --- encodings -------------------------------------------------------------------------

@pytest.mark.parametrize("name, encoding, expected", [
    ("gbk_plain_report.txt", "gb18030", "2015年网络零售市场报告"),
    ("big5_taiwan_news.txt", "big5", "臺灣電子商務的發展"),
    ("utf16_with_bom.txt", "utf-16-le", "跨境电商的新机遇"),
    ("utf16be_with_bom.txt", "utf-16-be", "越来越多的中小企业"),
    ("utf16le_without_bom.txt", "utf-16-le", "Report 2016\n跨境电商的新机遇"),
    ("utf8_with_bom.md", "utf-8-sig", "# 标题"),
])
def test_encodings_are_detected_and_named(name, encoding, expected):
    doc = read(name)
    assert doc.encoding == encoding
    assert doc.raw.startswith(expected) or expected in doc.raw
    assert "\ufeff" not in doc.raw and "\ufffd" not in doc.raw
    assert doc.problems == ()


def test_invalid_byte_runs_inside_good_utf8_are_replaced_with_a_warning_naming_offsets():
    doc = read("utf8_with_invalid_bytes.txt")
    assert doc.encoding == "utf-8"
    assert doc.raw == f"{GOOD}\ufffd{GOOD}\ufffd{GOOD}"
    (problem,) = doc.problems
    assert problem.code == "encoding" and problem.severity == "warning"
    # GOOD is 52 bytes: the runs sit at byte 52 (2 bytes) and 52+2+52 = 106 (1 byte)
    assert "2 run(s)" in problem.detail
    assert "offset 52 (2 bytes)" in problem.detail and "offset 106 (1 byte)" in problem.detail


def test_png_renamed_to_txt_is_skipped_as_binary():
    doc = read("png_renamed.txt")
    assert doc.skipped
    (problem,) = doc.problems
    assert problem.code == "binary" and problem.severity == "error"
    assert "binary" in problem.detail and "PNG" in problem.detail


@pytest.mark.parametrize("name", ["empty.txt", "whitespace_only.txt"])
def test_empty_and_whitespace_only_files_are_skipped(name):
    doc = read(name)
    assert doc.skipped
    assert codes(doc) == ["empty"]
    assert "empty" in doc.problems[0].detail


def test_nul_bytes_that_are_not_utf16_mean_binary():
    decoded = decode_bytes(b"\x00\x01\x02abc\x00\x00\x00\xff" * 50)
    assert decoded.skipped and decoded.encoding == "binary"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bom_less_utf16_whose_nul_bytes_come_from_han_characters(encoding):
    text = "统一的大市场\n\n一个统一开放、竞争有序的市场体系正在形成。\n"   # 一 is U+4E00
    decoded = decode_bytes(text.encode(encoding))
    assert (decoded.text, decoded.encoding, decoded.problems) == (text, encoding, ())


def test_short_gbk_text_is_not_mistaken_for_big5():
    assert decode_bytes("你好，世界".encode("gbk")).text == "你好，世界"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_are_read_without_an_exception(data):
    doc = read_bytes("random.txt", data)
    assert doc.skipped or isinstance(doc.body, str)
    doc.raw.encode("utf-8")   # valid text: no lone surrogates left behind


# --- front matter ----------------------------------------------------------------------

def test_front_matter_after_leading_blank_lines_has_lowercased_keys():
    doc = read("front_matter_leading_blank_lines.txt")
    assert doc.meta == {"title": "前面有空行", "date": datetime.date(2019, 6, 18)}
    assert doc.body == "<p>六一八大促。</p>\n"
    assert doc.kind == "html" and doc.problems == ()


def test_missing_closing_delimiter_recovers_the_key_value_lines():
    doc = read("front_matter_missing_closing.txt")
    assert doc.meta == {"title": "没有结束线的文章", "date": datetime.date(2020, 1, 2)}
    assert doc.body == "正文从这里开始，这一行不是元数据。\n"
    assert codes(doc) == ["front-matter"]
    assert "no closing" in doc.problems[0].detail


def test_malformed_yaml_falls_back_to_key_value_lines_with_a_warning():
    doc = read("front_matter_malformed_yaml.txt")
    assert doc.meta["title"] == '引号没有关上的标题: "双十一'
    assert doc.meta["date"] == "2021-11-11"
    assert doc.body == "<p>正文。</p>\n"
    assert codes(doc) == ["front-matter"]
    assert "not valid YAML" in doc.problems[0].detail


def test_billion_laughs_is_refused_quickly_and_the_plain_keys_survive():
    started = time.monotonic()
    doc = read("front_matter_billion_laughs.txt")
    assert time.monotonic() - started < 2
    assert doc.meta["title"] == "十亿笑声"
    assert codes(doc) == ["front-matter"]
    assert "alias" in doc.problems[0].detail
    assert doc.body == "正文。\n"


def test_front_matter_that_is_a_list_gives_no_metadata_and_a_warning():
    doc = read("front_matter_list_not_mapping.txt")
    assert doc.meta == {}
    assert doc.body == "正文。\n"
    assert "not a mapping" in doc.problems[0].detail


def test_dashes_around_prose_are_rules_not_front_matter():
    front = split_front_matter("---\n这是一段正文，不是元数据。\n---\n更多正文。\n")
    assert front.meta == {} and front.problems == ()
    assert front.body.startswith("---\n这是一段正文")


@pytest.mark.parametrize("date", ["2019-02-30", "2019-01-01 25:61:00"])
def test_impossible_yaml_date_is_a_warning_not_a_crash(date):
    front = split_front_matter(f"---\ntitle: 日期不存在\ndate: {date}\n---\n正文。\n")
    assert front.meta == {"title": "日期不存在", "date": date}   # recovered line by line, as text
    assert front.body == "正文。\n"
    assert len(front.problems) == 1 and "not valid YAML" in front.problems[0]


@pytest.mark.parametrize("levels", [33, 400, 1200])
@pytest.mark.parametrize("form", ["block", "flow"])
def test_deeply_nested_front_matter_is_a_warning_whichever_parser_reads_it(monkeypatch, levels, form):
    """The pure-Python parser recurses per level (a stack overflow a few hundred down);
    libyaml does not: both must give the same warning and the same recovered keys."""
    from generator.readers import frontmatter

    nested = "- " * (levels - 1) + "x" if form == "block" else "[" * (levels - 1) + "]" * (levels - 1)
    text = f"---\ntitle: 套娃\ntags:\n  {nested}\n---\n正文。\n" if form == "block" else \
        f"---\ntitle: 套娃\ntags: {nested}\n---\n正文。\n"
    fast = split_front_matter(text)
    monkeypatch.setattr(frontmatter, "_LIBYAML", None)
    assert split_front_matter(text) == fast
    assert fast.meta["title"] == "套娃" and fast.body == "正文。\n"
    assert len(fast.problems) == 1 and "nested deeper than 32 levels" in fast.problems[0]


def test_front_matter_nested_as_deep_as_allowed_is_read():
    front = split_front_matter("---\ntitle: 套娃\ntags:\n  " + "- " * 30 + "x\n---\n正文。\n")
    assert front.problems == () and front.meta["title"] == "套娃"   # 31 levels: the mapping + 30 lists


def test_yaml_timestamps_stay_as_yaml_typed_them():
    front = split_front_matter("---\ndate: 2022-02-10 22:58:00\nupdated: Thu, 10 Feb 2022\n---\nx")
    assert front.meta["date"] == datetime.datetime(2022, 2, 10, 22, 58)
    assert front.meta["updated"] == "Thu, 10 Feb 2022"


# --- sidecars --------------------------------------------------------------------------

def test_sidecar_with_the_full_file_name_is_loaded():
    doc = read("with_sidecar.txt")
    assert doc.sidecar == {"title": "旁注文件给的标题", "date": datetime.date(2018, 11, 11)}
    assert doc.problems == ()


def test_sidecar_named_after_the_stem_is_loaded_with_lowercased_keys():
    assert read("stem_sidecar.txt").sidecar == {"title": "按文件名主干找到的旁注"}


def test_sidecar_that_is_not_a_mapping_is_a_warning_naming_it():
    doc = read("bad_sidecar.txt")
    assert doc.sidecar == {}
    assert codes(doc) == ["sidecar"]
    assert "bad_sidecar.txt.meta.yml" in doc.problems[0].detail
    assert "not a mapping" in doc.problems[0].detail


def test_sidecar_link_leaving_the_source_folder_is_not_read(tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("title: 外面的秘密\n", encoding="utf-8")
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.txt").write_text("正文。\n", encoding="utf-8")
    (folder / "a.txt.meta.yml").symlink_to(outside)
    doc = read_source(folder / "a.txt", folder)
    assert doc.sidecar == {}
    assert codes(doc) == ["sidecar"] and "not followed" in doc.problems[0].detail
    assert "秘密" not in doc.problems[0].detail


def test_sidecars_are_not_sources_themselves():
    paths, _ = discover_sources(FIXTURES)
    names = {p.name for p in paths}
    assert "with_sidecar.txt" in names
    assert not any(name.endswith(".meta.yml") for name in names)


# --- kinds -----------------------------------------------------------------------------

@pytest.mark.parametrize("source, body, front, kind", [
    ("a.html", "<!DOCTYPE html><html><body><p>x</p></body></html>", False, "webpage"),
    ("a.htm", "<p>片段</p><p>另一段</p>", False, "webpage"),
    ("a.txt", "<html><head></head><body><p>保存的网页</p></body></html>", False, "webpage"),
    ("a.txt", "<p>正文第一段</p>\n<p>正文第二段</p>", False, "html"),
    ("a.txt", "<div>博客正文</div>", True, "html"),
    ("a.md", "# 标题\n\n正文", False, "markdown"),
    ("a.txt", "纯文本，提到 <p> 标签一次。", False, "text"),
    ("a.txt", "1 整体发展概况\n1.1 生态加速成长", False, "text"),
    ("post.txt", "## 小标题\n\n正文**加粗**，[链接](http://x.example)\n\n<img src=\"https://x.example/a.png\">", True,
     "markdown"),
    ("post.txt", "<p>一</p>\n<p>二</p>\n<p>三</p>\n[返回](//x.example)｜[首页](//x.example/)", True, "html"),
])
def test_kind_is_guessed_from_suffix_and_body(source, body, front, kind):
    assert guess_kind(source, body, front) == kind


@pytest.mark.parametrize("page, date", [
    ('<aside><time datetime="2019-01-01">旁栏</time></aside><p>published later</p>'
     '<time class="entry-date published" datetime="2021-11-11T00:00:00+08:00">11月11日</time>', "2021-11-11T00:00:00+08:00"),
    ('<span itemprop="datePublished" content="2020-06-18">x</span>', "2020-06-18"),
    ('<time datetime="2019-01-01">评论时间</time>', None),   # an unmarked <time> is not trusted
])
def test_publication_date_marked_in_the_body(page, date):
    doc = read_bytes("page.html", f"<html><head></head><body>{page}</body></html>".encode())
    assert doc.meta.get("date") == date


@pytest.mark.parametrize("hostile", ["<a" * 500_000, "<a published" * 100_000])
def test_date_search_stays_linear_on_hostile_markup(hostile):
    started = time.monotonic()
    read_bytes("page.html", ("<html><head></head><body>" + hostile).encode())
    assert time.monotonic() - started < 10


def test_saved_page_head_fills_metadata_without_overriding_front_matter():
    page = (b"<html><head><title>\xe6\xa0\x87\xe9\xa2\x98 - \xe7\xbd\x91\xe7\xab\x99</title>"
            b'<meta property="og:site_name" content="\xe7\xbd\x91\xe7\xab\x99">'
            b'<meta name="author" content="A"><link rel="canonical" href="https://x.example/a">'
            b"</head><body><p>x</p></body></html>")
    doc = read_bytes("page.html", page)
    assert doc.kind == "webpage"
    assert doc.meta == {"title": "标题", "site": "网站", "author": "A", "url": "https://x.example/a"}
    with_front = read_bytes("page.html", b"---\nauthor: B\n---\n" + page)
    assert with_front.meta["author"] == "B"


def test_front_matter_with_windows_line_ends_and_blank_lines_is_read():
    text = "---\r\n\r\nlayout: post\r\n\r\ntitle:  为什么我们的同学会死去？\r\n\r\ndate:   2018-04-08\r\n\r\n---\r\n\r\n作者：巴芮\r\n"
    front = split_front_matter(text)
    assert front.meta["title"] == "为什么我们的同学会死去？" and front.problems == ()
    assert front.body.startswith("作者：巴芮")


def test_front_matter_without_its_opening_rule_is_read_and_the_heredoc_end_dropped():
    front = split_front_matter("title: 双十一的由来\ntags: [历史, 电商]\ndate：2021-11-02\n---\n正文第一段。\n\nEOF\n")
    assert front.meta == {"title": "双十一的由来", "tags": ["历史", "电商"], "date": "2021-11-02"}
    assert front.body == "正文第一段。\n"
    assert "no opening '---'" in front.problems[0]


@pytest.mark.parametrize("text", ["标题：不是元数据\n---\n正文。\n", "title: 只有一行\n---\n正文。\n",
                                  "date: 2020-01-01\n这是正文，不是元数据。\n---\n"])
def test_text_before_a_rule_is_not_front_matter_without_a_title_and_more_keys(text):
    assert split_front_matter(text).meta == {}


def test_nul_padding_at_the_end_of_a_text_file_is_removed_with_a_warning():
    from generator.readers.decode import decode_bytes

    text = "携手清华，施耐德电气助力中国教育公益事业\n　　6月7日，实习基地揭牌仪式隆重举行。\n"
    for padding in (1, 549):
        decoded = decode_bytes(text.encode("gb18030") + b"\x00" * padding)
        assert not decoded.skipped and decoded.text == text, decoded.problems
        assert any("NUL" in detail for _, detail, _ in decoded.problems)
    inside = decode_bytes(text.encode("gb18030")[:10] + b"\x00\x00" + text.encode("gb18030")[10:])
    assert inside.skipped   # NUL bytes inside the text: still not a text document
