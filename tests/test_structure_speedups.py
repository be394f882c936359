"""The structure stage's and runner's shortcuts give exactly the answers of the slow ways
they replace (issue 7): each is held against the original computation on varied input."""

from __future__ import annotations

import gc
import random
import re
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from bench.corpus import write_corpus
from generator.config import Config
from generator.convert import discover_sources, read_one
from generator.conversion.runner import cache_key, convert_documents, convert_files
from generator.conversion.structure import dom
from generator.conversion.structure.inline import clean_invisible, collapse_whitespace, escape_markdown, join_lines

PIECES = list(" \t\r\n\f\v\u3000\u00a0\u2007\u202f\u200b\ufeff\x00\x07\x7f-+*>!~#`_[]{}|\\&;<>.)12６٣a中文。") \
    + ["&amp;", "&#12;", "1. ", "- ", "  ", "\n\n", "１０) ", "  * "]


def random_texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14))) for _ in range(count)]


# The original formulations (before the fast paths), kept here as the reference.
def reference_clean_invisible(text: str) -> str:
    text = re.sub("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]", "", text)
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return re.sub("[\u00a0\u2007\u202f]", " ", text)


def reference_collapse_whitespace(text: str) -> str:
    return re.sub(r" ?\n\s*", "\n", re.sub(r"[ \t\r\f\v]+", " ", text))


def reference_join_lines(text: str) -> str:
    cjk = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
           "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026")
    return re.sub(rf"(?<=[{cjk}])\n|\n(?=[{cjk}])", "", reference_collapse_whitespace(text)).replace("\n", " ")


def reference_escape(text: str, at_block_start: bool) -> str:
    text = re.sub(r"([\\`*_\[\]{}|#])", r"\\\1", text)
    text = re.sub(r"&(?=#?[0-9A-Za-z]+;)", "&amp;", text)
    text = text.replace("<", "&lt;")
    if at_block_start:
        text = "\\" + text if text.startswith((">", "!", "-")) else text
        text = re.sub(r"^(\s*)~", r"\1&#126;", text)
        text = re.sub(r"^(\s*)([-+*])(\s)", r"\1\\\2\3", text)
        text = re.sub(r"^(\s*\d{1,9})([.)])(\s|$)", r"\1\\\2\3", text)
    return text


def test_inline_fast_paths_match_the_plain_regex_chains():
    texts = random_texts(20_000) + ["", " ", "\n", "中文 中文", "a\u00a0b", "1.", "- x", "&amp; &x"]
    for text in texts:
        assert clean_invisible(text) == reference_clean_invisible(text), repr(text)
        assert collapse_whitespace(text) == reference_collapse_whitespace(text), repr(text)
        assert join_lines(text) == reference_join_lines(text), repr(text)
        for at_start in (True, False):
            assert escape_markdown(text, at_start) == reference_escape(text, at_start), repr(text)


def test_decomposed_flag_matches_bs4():
    soup = BeautifulSoup("<div><p>a<span>b</span></p><nav>x<i>y</i></nav><p>c</p></div>", "lxml")
    elements = list(soup.find_all(True))
    soup.find("nav").decompose()
    for el in elements:
        assert dom._is_decomposed(el) == el.decomposed, el.name
    assert any(dom._is_decomposed(el) for el in elements)


def _read(folder: Path) -> list:
    root = folder.resolve()
    paths, _ = discover_sources(root)
    return [read_one(p, root) for p in paths]


def test_parallel_conversion_equals_serial_and_is_cached(tmp_path):
    write_corpus(tmp_path / "src", 10)   # above PARALLEL_MIN: the pool runs
    docs = _read(tmp_path / "src")
    serial = convert_documents(docs, Config(jobs=1), None)
    cache = tmp_path / "cache"
    parallel = convert_documents(docs, Config(jobs=2), cache)
    assert parallel == serial
    assert gc.get_freeze_count() == 0   # the parent's objects are collectable again
    assert len(list(cache.glob("*/*.json"))) == len(docs)
    changed = replace(docs[0], body=docs[0].body + "\n新加的一段。")
    keys_before = {cache_key(d, Config(jobs=2)) for d in docs}
    again = convert_documents([changed] + docs[1:], Config(jobs=2), cache)
    assert again[1:] == serial[1:] and again[0] != serial[0]
    stored = {p.stem for p in cache.glob("*/*.json")}
    assert len(stored - keys_before) == 1   # one new entry: only the changed document


def test_an_unchanged_source_is_neither_read_nor_converted_again(tmp_path):
    src, cache = tmp_path / "src", tmp_path / "cache"
    write_corpus(src, 3)
    root = src.resolve()
    paths, _ = discover_sources(root)
    reads: list[str] = []

    def counting_read(path, root, data):
        reads.append(path.name)
        return read_one(path, root, data)

    def convert() -> list:
        reads.clear()
        return convert_files(paths, root, Config(jobs=1), cache, counting_read)

    first = convert()
    assert len(reads) == 3 and first == convert_documents(_read(src), Config(jobs=1), None)
    assert convert() == first and reads == []
    paths[1].write_bytes(paths[1].read_bytes() + "\n补充的一段文字。".encode())
    changed = convert()
    assert reads == [paths[1].name] and changed[0] == first[0] and changed[1] != first[1]
    sidecar = paths[2].with_name(paths[2].name + ".meta.yml")
    sidecar.write_text("title: 旁注里的标题\n", encoding="utf-8")
    assert convert()[2].title == "旁注里的标题" and reads == [paths[2].name]
    sidecar.write_text("title: 改过的标题\n", encoding="utf-8")
    assert convert()[2].title == "改过的标题" and reads == [paths[2].name]
    sidecar.unlink()
    assert convert()[2] == first[2] and reads == [paths[2].name]


LINE_STARTS = ["", "第三章", "第2节", "一、", "（二）", "(3)", "1.", "1.2", "1 ", "12）", "２.", "a.", "B)", "图1", "圖 2：",
               "表3-1", "Figure 4.", "fig. 5", "TABLE 6", "Chart 7", "ſource:", "来源：", "資料來源:", "出处：",
               "案例", "案例一：", "【案例2】", "[案例]", "①", "⑳", "•", "- ", "* ", "+ ", "※", "·", "■"]
LINE_RESTS = ["", " ", "标题", "加强监管", "这是一个完整的句子。", "数据显示，增长了 10%", "：说明", " 2019年", "年", "%",
              ".5 倍", "x", "Overview of the market", "。", "（续）", "...", "\t标题"]


def test_line_prefilter_gives_the_full_classification():
    from generator.conversion.structure.text_lines import classify, classify_marked
    rng = random.Random(11)
    lines = [start + rest for start in LINE_STARTS for rest in LINE_RESTS]
    lines += ["".join(rng.choice(LINE_STARTS + LINE_RESTS + PIECES) for _ in range(rng.randint(1, 5)))
              for _ in range(20_000)]
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    for path in sorted(seeds.iterdir()):
        lines += path.read_text(encoding="utf-8").splitlines()
    lines = [line.strip() for line in lines if line.strip()]
    assert sum(classify_marked(line).kind != "text" for line in lines) > 1000   # markers were tried
    for line in lines:
        assert classify(line) == classify_marked(line), repr(line)


def test_heading_paragraph_test_matches_the_bs4_queries():
    from generator.conversion.structure import html_markdown as hm

    def reference(el) -> bool:
        text = " ".join(el.get_text(" ", strip=True).split())
        if not text or len(text) > hm.MAX_HEADING_CHARS or text[-1] in hm.SENTENCE_END:
            return False
        if el.find(["img", "br", "a"]):
            return False
        all_bold = all(hm._in_bold(node, el) for node in el.find_all(string=True) if node.strip())
        return all_bold or (hm._is_centred(el) and hm._bold_style(el))

    html = ("<p><b>一、市场概况</b></p><p><strong>标题</strong> <em>斜体</em></p><p><b>带图</b><img src='x'></p>"
            "<p><b>换行<br>之后</b></p><p style='text-align:center;font-weight:bold'>居中粗体</p>"
            "<p><b>以句号结束。</b></p><p><b><a href='http://a.cn'>链接</a></b></p><p> <b>前后空白</b> </p>"
            "<center><b>中心</b></center><p><span><b>嵌套</b></span>文字</p><p></p>")
    paragraphs = BeautifulSoup(html, "lxml").find_all(["p", "center"])
    results = [hm._is_heading_paragraph(p) for p in paragraphs]
    assert results == [reference(p) for p in paragraphs]
    assert True in results and False in results


YAML_PIECES = ["title", "date", "tags", "中文", ":", ": ", " ", "  ", "\n", "- ", "-", "'", '"', "#", " #", "[", "]",
               ",", "2009-01-02", "10:00", "12:30:00", "1", "0x1f", "yes", "~", "null", ".inf", "=", "...", "---",
               "\n  ", "\n- ", "\\", "{", "}", "?", "!", "|", ">", "%", "@", "`", "&", "*", "\t", "\r",
               "http://a.cn/x?y=1", "：", "，", "😀", "\u2028", "\x85", "\ufeff", "\x07", "\u00a0", "\u3000",
               "'it''s'", "2019-03-04 10:30:00", "2019-03-04T10:30:00+08:00", "1e3", "0o17", "+1", "1_000", "NO",
               "<<", "0b101", "190:20:30", "-.inf", "\n\n", "k: v\n", "  k2: v2\n", "\ufffe", "\n\n---\n",
               "tags: [双十一, 天猫]\n", "title: '标题：副标题'\n", 'title: "引号"\n', "date: 2019-03-04\n", "  - x\n"]


def test_libyaml_path_reads_front_matter_as_the_pure_python_loader():
    import yaml

    from generator.readers import frontmatter

    def outcome(load, text):
        try:
            return repr(load(text))   # repr: True and 1 are equal, not the same value
        except frontmatter.YAML_FAILURES as exc:
            return f"{type(exc).__name__}: {exc}"

    def pure_python(text):
        return yaml.load(text, Loader=frontmatter._NoAliasSafeLoader)  # noqa: S506

    rng = random.Random(5)
    fast = 0
    for _ in range(15_000):
        text = "".join(rng.choice(YAML_PIECES) for _ in range(rng.randint(1, 16)))
        fast += not frontmatter._LIBYAML_RISKY.search(text)
        assert outcome(frontmatter.load_yaml_safely, text) == outcome(pure_python, text), repr(text)
    assert fast > 800   # the fast path was taken, and agreed
    fixtures = sorted((Path(__file__).resolve().parent / "fixtures").rglob("*"))
    blocks = [p.read_text(encoding="utf-8", errors="replace").split("---")[1] for p in fixtures
              if p.is_file() and p.read_text(encoding="utf-8", errors="replace").count("---") >= 2]
    assert len(blocks) >= 5
    for block in blocks:
        assert outcome(frontmatter.load_yaml_safely, block) == outcome(pure_python, block), block


