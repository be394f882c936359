"""Titles: where a document's title comes from, and its repairs.

Order of trust: sidecar > front matter > the headline line at the top of the body > the
term that an encyclopedia-style entry defines ("阿里巴巴官方活动，特指由…") > the file name
(an archive's "2171637-01[标题]": the bracketed words). A page title that only names a
character encoding ("Big5") is a label of the file, not a title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..config import Config
from .dates import find_dates
from ..document import HEADING, IMAGE, PARAGRAPH, RULE, Block, Document, Removal
from .plaintext import block_plain
from ..pages.sanitize import visible_name
from .script_convert import to_site_script
from ..readers.headline import comparable, made_of
from .fold import fold_script
from .textops import load_data_yaml

# Front-matter keys of a title: Hugo's and Jekyll's, then a WordPress export's
# (wordpress-to-jekyll and Jekyll Exporter write `post_title:`, often folded over lines).
TITLE_KEYS = ("title", "post_title")
HEADLINE_MAX_CHARS = 60
ENCODING_NAME_MAX = 20   # "Big5", "GB2312", "windows-1252", "Shift_JIS": an encoding's name is short
_CUT_MARK = re.compile(r"\s*(?:\.{3}|…+)$")
CUT_TITLE_WINDOW = 12   # a microblog's post text comes after its author and time lines
STOPPED_TITLE_MAX = 16  # a headline this short may hold a full stop ("爱情。社会。学")
REPEAT_WINDOW = 3  # a repeated title sits in the first few blocks
SUFFIX_MAX = 12    # characters of a site name a repeated title may carry
_HAN = r"\u3400-\u9fff"
# `幕后_功臣_为何`: machine conversion turned the quotes around a short Han run into
# underscores. Only pairs inside Han text qualify, so snake_case and URLs are untouched.
_MANGLED_QUOTES = re.compile(
    rf"(?<=[{_HAN}，。！？、：；])_([{_HAN}]{{1,10}})_(?=[{_HAN}，。！？、：；])")
_DEFINITION = re.compile(
    r"^(?P<term>[^，,。：:；;！？!?\s“”\"（）()、]{2,24})"
    r"(?:[（(][^）)]{1,40}[）)])?\s*"
    r"(?:[，,]\s*(?:是指|特指|泛指|专指|是|指|即)|(?:是指|特指|泛指|专指))")
_SENTENCE_END = "。；;，,：:"
_REPOST_MARK = re.compile(r"^\s*(?:[【\[(（]\s*(?:转载|转帖|转|原创|图文|组图|视频)\s*[】\])）]|转载\s*[:：])\s*"
                          r"|\s*[(（](?:组图|图|图文|多图|视频)[)）]\s*$")
# Zero-width characters a copy-paste leaves at a title's start ("\u200b武汉网友…").
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
# What sits between a headline and a site's name: "标题 - 站名", "标题_站名", "标题 · 站名",
# "标题 @ 博客名", "标题 :: 站名 ::" (the name may be wrapped in the separator).
# (each space belongs to one `\s*`, so a run of separators cannot backtrack exponentially)
_NAME_SEPARATOR = r"(?:[-–—|｜·•@_/]|::|：：)"
TITLE_SUFFIX_SCAN = 300  # a title longer than this is not a tab title: no suffix is looked for
_BLOG_SEGMENT = (" @ ", " - ", " | ", " – ", " — ", "_", "-")
_BOARD_TAG = re.compile(r"^(?:\[[^\[\]]{1,6}\]|【[^【】]{1,6}】)\s*")
_SUFFIX_SEPARATORS = "-_|｜@·•"   # comparable() has folded long dashes to "-"
BLOG_SEGMENT_MAX = 30   # characters of a blog's name between the headline and the platform
MAX_SUFFIXES = 3
# Before a closing date: two or three short fields set off by commas (agency, place).
_STAMP_FIELDS = re.compile(r"(?:[^\s，,。]{1,6}\s*[，,]\s*){2,3}")
HEADLINE_WINDOW = 4  # leading images and breadcrumbs skipped, the headline is near the top
# "1 整体发展概况", "一、…", "（一）…", "第一章 …": a numbered section, not the document's title
_SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}(?:\.\d{1,2})*(?:[、.．)）]|\s)|第[一二三四五六七八九十\d]{1,4}[章节篇部])")
# "您所在的位置：首页 > 网络营销", "首页 | 新闻 | 关于我们"
_BREADCRUMB = re.compile(r"^(?:您的?)?(?:当前|所在的?)?位置\s*[:：]|(?:[>»›]|&gt;).*(?:[>»›]|&gt;)|[|｜].*[|｜]")


# An archive's file name: an id (and a page number) beside the thread's title in brackets.
# An archive's name: a numeric id (and page number), the title in brackets with at least two
# Han characters ("report[v2]", "IMG_0001[1]", "2024-05-01[old]" are plain stems).
_BRACKETED_NAME = re.compile(r"\d{1,20}(?:[-_]\d{1,6})?[\[【](?P<title>(?=[^\[\]【】]{0,200}?[\u3400-\u9fff][^\[\]【】]{0,200}?[\u3400-\u9fff])"
                             r"[^\[\]【】]{2,200})[\]】][\w.+-]{0,40}")
# The names a character encoding is declared by (WHATWG's and IANA's labels of the encodings
# Chinese pages use), normalised to lower case without "-", "_" or spaces: an allow-list, not
# Python's codecs (whose aliases include ordinary words: "Greek", "Latin", "Korean").
_ENCODING_LABEL = re.compile(
    r"big5(hkscs)?|gb2312|gbk|gb18030|euc(cn|jp|kr|tw)|shiftjis|sjis|cp(936|950|932|949|1252)"
    r"|windows(874|125[0-8]|31j)|iso8859\d{1,2}|iso2022(jp|kr|cn)|koi8[ru]|utf(7|8|16|32)(be|le|sig)?"
    r"|usascii|ascii|latin1")


def title_in_site_script(text: str, config: Config) -> str:
    """A sidecar or front-matter title in the site's script (the script stage converts
    front matter, but a sidecar is written by hand in either script)."""
    return to_site_script(text, config)


def restore_quotes(title: str) -> str:
    return _MANGLED_QUOTES.sub(r"“\1”", title)


def tidy_title(title: str) -> str:
    """Quotes restored and the reposting marks a mirror adds ("【转载】…", "…（组图）") gone."""
    title = restore_quotes(" ".join(_INVISIBLE.sub("", title).split()))
    tidy = _REPOST_MARK.sub("", title).strip()
    return tidy or title


def resolve_title(doc: Document, config: Config, page_title: str = "",
                  page_site: str = "", page_url: str = "") -> Document:
    """`page_title`, `page_site`, `page_url`: what a saved web page declares in its <head>
    (its front matter). A declared title loses the site's name it ends with, and gives way
    to the heading at the top of the body that it is made of (the heading followed by a
    separator and more, or the heading cut short)."""
    page = doc.kind in ("webpage", "html")   # its meta is its <head>: a converter may label it
    given = [("sidecar", doc.sidecar.get("title"), False),
             *(("front-matter", doc.meta.get(key), page) for key in TITLE_KEYS), ("front-matter", page_title, True)]
    for source, value, in_head in given:
        if isinstance(value, (list, tuple)):  # `title: [a, b]` in hand-written YAML
            value = " ".join(str(v) for v in value if v is not None)
        title = " ".join(str(value or "").split())
        if title and in_head and _is_encoding_label(title, doc.blocks):   # an author's front matter: theirs
            continue
        if title:
            title = tidy_title(title_in_site_script(title, config))
            if source != "sidecar":   # a sidecar is the editor's word
                title = _heading_made_of(doc.blocks, title) or _completed_cut_title(doc.blocks, title) \
                    or strip_host_name(strip_site_names(title, site_names(doc, page_site, page_url)),
                                       _hosts(doc, page_url))
            return drop_repeated_title(replace(doc, title=title, title_source=source))
    index = headline_index(doc.blocks)
    if index is not None:
        title = tidy_title(block_plain(doc.blocks[index]))
        blocks = doc.blocks[:index] + doc.blocks[index + 1:]
        # a plain text may print its headline twice ("标题", then "　　标题" indented)
        return drop_repeated_title(replace(doc, title=title, title_source="headline", blocks=blocks))
    term = defined_term(doc.blocks)
    if term:
        return replace(doc, title=restore_quotes(term), title_source="definition")
    stem = visible_name(PurePosixPath(doc.source).stem)   # no terminal or bidi control in a title
    return replace(doc, title=restore_quotes(file_name_title(stem)), title_source="file-name")


def file_name_title(stem: str) -> str:
    """The title a file name holds: the bracketed words of an archive's name that sets them
    beside an id and a page number ("2171637-01[马拉松世界纪录保持者基普图姆因车祸去世]"),
    else the whole stem."""
    m = _BRACKETED_NAME.fullmatch(stem)
    return m.group("title").strip() if m and m.group("title").strip() else stem


def _is_encoding_label(title: str, blocks: tuple[Block, ...]) -> bool:
    """A title that only names a character encoding ("Big5", "GB2312") which the text never
    mentions: a test page's or a converter's label of the file, not its headline."""
    if len(title) > ENCODING_NAME_MAX or not title.isascii():
        return False
    if not _ENCODING_LABEL.fullmatch(re.sub(r"[-_\s]", "", title.lower())):
        return False
    folded = title.lower()
    return not any(folded in block_plain(b).lower() for b in blocks)


@lru_cache(maxsize=1)
def _site_data() -> dict:
    text = resources.files("generator.data").joinpath("site_names.yml").read_text(encoding="utf-8")
    return load_data_yaml(text) or {}


def site_names(doc: Document, page_site: str = "", page_url: str = "") -> list[str]:
    """The names a title of this document may end with: the site it declares, the names
    listed for its URL's host, and the platform names of site_names.yml."""
    data = _site_data()
    declared = [doc.sidecar.get("site"), doc.meta.get("site"), doc.meta.get("source"),
                doc.meta.get("publisher"), doc.meta.get("application-name"), page_site]
    names = [str(n).strip() for n in declared if isinstance(n, str) and n.strip()]
    for host in _hosts(doc, page_url):
        for known, listed in (data.get("hosts") or {}).items():
            if host == known or host.endswith("." + known):
                names += listed
    names += data.get("names") or []
    return [n for n in names if n and not n.startswith(("http://", "https://"))]


def _hosts(doc: Document, page_url: str = "") -> list[str]:
    urls = [doc.sidecar.get("url"), doc.meta.get("source"), doc.meta.get("url"),
            doc.meta.get("link"), page_url, doc.url]
    return [(urlsplit(u.strip()).hostname or "").lower() for u in urls
            if isinstance(u, str) and u.strip().startswith(("http://", "https://"))]


def strip_host_name(title: str, hosts: list[str]) -> str:
    """`Headline - InfoQ` from infoq.cn, `标题 · Ruby China` from ruby-china.org: a last
    segment whose Latin letters spell a part of the page's host (at most a few Han
    characters beside them: "CSDN博客") is the site's name."""
    spelled = ["".join(ch for ch in h.removeprefix("www.") if ch.isalnum()) for h in hosts]
    head, separator, tail = "", "", ""
    for candidate in _BLOG_SEGMENT[:5] + (" · ", "｜", "|"):
        h, found, t = title.rpartition(candidate)
        if found and len(h.strip()) >= 4 and (not head or len(h) > len(head)):
            head, separator, tail = h, found, t
    latin = "".join(ch for ch in tail.lower() if ch.isascii() and ch.isalnum())
    han = sum(1 for ch in tail if not ch.isascii() and ch.isalnum())
    if separator and len(latin) >= 3 and han <= 4 and any(latin in h for h in spelled):
        return head.strip()
    return title


def is_platform_name(name: str) -> bool:
    """Whether `name` is a platform's or portal's own name listed in site_names.yml."""
    data = _site_data()
    listed = set(data.get("names") or []).union(*map(set, (data.get("hosts") or {}).values()))
    return name in listed


def strip_site_names(title: str, names: list[str]) -> str:
    """`标题 - 少数派` -> `标题`; `标题 - DECHIN - 博客园` -> `标题` (a blog platform's
    title names the blog too). A title that is only a site's name is kept."""
    if len(title) > TITLE_SUFFIX_SCAN:
        return title
    blog_platforms = {fold_script(n).lower() for n in _site_data().get("blog_platforms") or []}
    by_length = sorted({fold_script(n) for n in names}, key=len, reverse=True)
    for _ in range(MAX_SUFFIXES):
        folded = fold_script(title)
        for name in by_length:
            m = _suffix_pattern(name).search(folded)
            if m and len(folded[:m.start()].strip()) >= 2:
                title = title[:m.start()].rstrip()
                if name.lower() in blog_platforms:
                    title = _without_blog_name(title)
                break
        else:
            return title
    return title


@lru_cache(maxsize=512)
def _suffix_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{_NAME_SEPARATOR}\s*)+{re.escape(name)}\s*(?:{_NAME_SEPARATOR}\s*)*$", re.I)


def _without_blog_name(title: str) -> str:
    for separator in _BLOG_SEGMENT:
        head, found, blog = title.rpartition(separator)
        if found and len(head.strip()) >= 4 and 0 < len(blog.strip()) <= BLOG_SEGMENT_MAX:
            return head.strip()
    return title


def _heading_made_of(blocks: tuple[Block, ...], title: str) -> str:
    """The heading near the top that `title` is made of ("## Cloudflare 公司 CEO：…" under
    `title: Cloudflare公司CEO：…_AI&大模型_华卫_InfoQ精选文章`; "# 大家有用google reader …"
    under the cut `title: 大家有用google`), or "" when there is none."""
    declared = comparable(title)
    texts = [b for b in blocks if _comparable(block_plain(b))]   # not icon-font glyphs
    for block in texts[:HEADLINE_WINDOW]:
        if block.kind != HEADING:
            continue
        # a forum's board tag before the thread's title: "[图书] 书讯：…"
        text = _BOARD_TAG.sub("", " ".join(block_plain(block).split()))
        mine = comparable(text)
        if mine == declared or len(mine) < 4 or not made_of(declared, mine):
            continue
        # after the heading, a site's or column's name ("_AI&大模型_华卫_InfoQ精选文章"), or
        # nothing (the title was cut): "读书笔记：三体" is not made of a section "读书笔记"
        rest = declared[len(mine):] if declared.startswith(mine) else ""
        if not rest or rest[0] in _SUFFIX_SEPARATORS:
            return tidy_title(text)
    return ""


def _completed_cut_title(blocks: tuple[Block, ...], title: str) -> str:
    """A title the page cut short ("【安徽阜阳一动物园2..."): the bracketed headline, or the
    short line, at the top of the body that it starts; "" when there is none."""
    m = _CUT_MARK.search(title)
    stem = title[:m.start()] if m else ""
    if len(stem) < 4:
        return ""
    for block in blocks[:CUT_TITLE_WINDOW]:
        text = block_plain(block).strip() if block.kind in (HEADING, PARAGRAPH) else ""
        if not text.startswith(stem) or len(text) <= len(stem):
            continue
        close = text.find("】", 0, HEADLINE_MAX_CHARS + 20) if text.startswith("【") else -1
        if close > 1:
            return tidy_title(text[1:close])
        return tidy_title(text) if len(text) <= HEADLINE_MAX_CHARS else ""
    return ""


def headline_index(blocks: tuple[Block, ...]) -> int | None:
    """The index of the first text block when it reads as a headline: a heading, or a
    short line that is not a sentence, a date or a URL. Leading images, thematic breaks,
    breadcrumbs and date lines are skipped. A
    plain text whose first line ran the headline into the body ("标题\u3000\u3000正文…")
    has the headline again on its own just after: that one is taken."""
    for index, block in enumerate(blocks[:HEADLINE_WINDOW]):
        if block.kind in (IMAGE, RULE):   # a rule under navigation the clean stage removed
            continue
        if block.kind not in (HEADING, PARAGRAPH):
            return None
        text = block_plain(block).strip()
        if _BREADCRUMB.search(fold_script(text)):  # navigation the clean stage left: look past it
            continue
        if block.kind == PARAGRAPH and text and _is_mostly_date(text):   # a date line or stamp above it
            continue
        if _opens_marked_series(blocks, index, text):
            return None
        if _reads_as_headline(block, text):
            return index
        return _headline_repeated_after(blocks, index, text)
    return None


SERIES_MIN = 2   # later lines with the same leading mark that make the first one a subheading


def _opens_marked_series(blocks: tuple[Block, ...], index: int, text: str) -> bool:
    """"△万松浦书院隆重开坛", then "△…研讨会召开", "△…丛书出版": a line led by a symbol
    (△ ▲ ■ ● ◆ ★ ※ …) that several later lines also start with heads the first section of a
    series, not the document."""
    mark = text[:1]
    if not mark or not unicodedata.category(mark).startswith("S"):
        return False
    later = sum(1 for block in blocks[index + 1:]
                if block.kind in (HEADING, PARAGRAPH) and block_plain(block).lstrip().startswith(mark))
    return later >= SERIES_MIN


def _reads_as_headline(block: Block, text: str) -> bool:
    limit = HEADLINE_MAX_CHARS + (20 if block.kind == HEADING else 0)
    # "爱情。社会。学": a short title may play with full stops; a sentence ends with one
    if not 2 <= len(text) <= limit or text[-1] in _SENTENCE_END or \
            ("。" in text and len(text) > STOPPED_TITLE_MAX):
        return False
    return not (re.match(r"https?://", text) or _is_mostly_date(text) or _SECTION_NUMBER.match(text))


def _headline_repeated_after(blocks: tuple[Block, ...], index: int, first: str) -> int | None:
    for later in range(index + 1, min(index + 3, len(blocks))):
        block = blocks[later]
        text = block_plain(block).strip() if block.kind in (HEADING, PARAGRAPH) else ""
        if len(text) >= 4 and first.startswith(text) and first[len(text):][:1].isspace() \
                and _reads_as_headline(block, text):
            return later
    return None


def _is_mostly_date(text: str) -> bool:
    """A date line ("2014年10月22日 星期三 10:33") is not a headline, and neither is a
    photo agency's stamp that ends in one ("新华社照片，北京，2006年5月8日")."""
    mentions = find_dates(text, "byline")
    ends_in_date = bool(mentions) and not text[mentions[-1].end:].strip()
    for mention in reversed(mentions):
        text = text[:mention.start] + text[mention.end:]
    if ends_in_date and _STAMP_FIELDS.fullmatch(text.strip()):
        return True
    return len(re.sub(r"[\W\d_]|星期.|周.", "", text)) < 4


def defined_term(blocks: tuple[Block, ...]) -> str:
    """The term an encyclopedia-style first paragraph defines ("X，是指…")."""
    first = next((b for b in blocks if b.kind == PARAGRAPH), None)
    if first is None:
        return ""
    text = block_plain(first).strip()
    m = _DEFINITION.match(fold_script(text))  # "是指" or "是指"; the term as written
    return text[m.start("term"):m.end("term")] if m else ""


def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def drop_repeated_title(doc: Document) -> Document:
    """Remove a heading or short line near the top that only repeats the title."""
    wanted = _comparable(doc.title)
    if not wanted:
        return doc
    for index, block in enumerate(doc.blocks[:REPEAT_WINDOW]):
        if block.kind not in (HEADING, PARAGRAPH):
            continue
        # (a forum's board tag before it, "[图书] 书讯：…", is no part of the title)
        seen = _comparable(_BOARD_TAG.sub("", tidy_title(block_plain(block))))
        # the title itself, or the title with a site name after it ("… - ZAKER")
        if seen == wanted or (seen.startswith(wanted) and len(seen) - len(wanted) <= SUFFIX_MAX):
            blocks = doc.blocks[:index] + doc.blocks[index + 1:]
            removal = Removal("title-repeat", block_plain(block))
            return replace(doc, blocks=blocks).with_removals(removal)
    return doc
