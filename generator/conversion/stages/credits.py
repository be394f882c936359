"""Credits: who wrote a document (author), where it was published (site, the source a
"来源" line or an outlet names) and its original URL.

Assumes blocks are cleaned. Guarantees: a sidecar's word wins and an empty sidecar value
clears the field; a platform's account, a CMS's user number, template text and the site's
own name are no author; an image credit, a host or a category word is no source.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..bylines import bare_url, byline_author, byline_site
from ...document import HEADING, PARAGRAPH, Document
from ..structure.threads import article_blocks
from ..fold import fold_script
from ..titles import is_platform_name, site_names
from .tags import plain_texts

EDGE_BLOCKS = 5          # bylines and datelines sit in the first or last few blocks
BYLINE_MAX_CHARS = 100
META_URL_KEYS = ("link", "url", "source_url", "original_url", "permalink", "canonical")
META_SITE_KEYS = ("source", "site", "publisher", "media")
OTHER_ARTICLES = re.compile(r"相关|上一篇|下一篇|推荐|延伸阅读|热门|更多|往期")
# 网易's editor codes after a name: "姚立伟_NT6056"
_EDITOR_CODE = re.compile(r"_[A-Z]{2}\d{3,5}$")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
# A link to the page a mirror or a translation copied: "[原网页](url)", "原文连接：url".
_ORIGINAL_LINK = re.compile(r"^\[?\s*(?:原网页|原文|原文链接|原文连接|原文地址|原文网址|援引原文|来源)[^\s(]{0,20}?"
                            r"(?:\]\(|\s*)(?P<url>https?://[^\s()<>\[\]\"']{4,500})")
_NOT_AUTHORS = {"weixin official accounts platform", "微信公众平台", "admin", "administrator", "匿名"}
# An outlet's name, as portals put it in the `author` meta ("新京报", "环球网", "参考消息").
_MEDIA_NAME = re.compile(r"(?:[报網网社刊台]|新闻|新聞|消息|日报|晚报|周刊|杂志|科技|财经|频道)$")


def byline_texts(doc: Document) -> list[str]:
    """Where bylines live, most trusted first: what the clean stage removed as a byline,
    short lines at the edges of the page, other short removed lines. Long texts are left
    out: "记者：…" in a paragraph is an interview question, and a removed list of related
    articles carries other articles' dates and credits."""
    bylines = [r.text for r in doc.removed if "byline" in r.reason]
    edge = [b for b in article_blocks(doc.blocks) if b.kind in (PARAGRAPH, HEADING)]   # not replies
    edge_texts = [" ".join(plain_texts(b)) for b in edge[:EDGE_BLOCKS] + edge[-EDGE_BLOCKS:]]
    # a forum thread's removed post headers and replies carry other people's dates
    other = [r.text for r in doc.removed if "byline" not in r.reason and r.reason != "related"
             and not r.reason.startswith("forum-")]
    return bylines + [t for t in edge_texts + other
                      if len(t) <= BYLINE_MAX_CHARS and not OTHER_ARTICLES.search(fold_script(t))]


def is_web_clip(doc: Document) -> bool:
    """Front matter a web clipper wrote (Obsidian Web Clipper: `source:` the page's URL,
    `published:` its date, `created:` the day it was clipped): `created` is no
    publication date, and a clip whose page states none is undated."""
    source = doc.meta.get("source")
    return isinstance(source, str) and source.strip().startswith(("http://", "https://"))


def resolve_credits(doc: Document, head: dict[str, str] | None = None) -> Document:
    head = head or {}
    texts = byline_texts(doc)
    author = _person(_first_text(doc.sidecar.get("author"), doc.meta.get("author"), head.get("author")))
    site = _first_text(doc.sidecar.get("site"), doc.sidecar.get("source"),
                       *(doc.meta.get(k) for k in META_SITE_KEYS), head.get("site"))
    site = site or next((s for s in map(byline_site, texts) if s and not _is_url(s)), "")
    site = site or _credited_category(doc, texts)
    # A portal's `author` meta names the outlet ("新京报", "新华社"): the source, not a writer;
    # it names the source better than a platform's own name ("今日头条") does. The site's
    # own name ("网易" on 163.com) is no author either.
    platforms = set(site_names(doc, head.get("site", ""), head.get("url", "")))
    if author and not doc.sidecar.get("author"):
        if _MEDIA_NAME.search(author) and author not in platforms:
            site = author if not site or is_platform_name(site) else site
            author = ""
        elif _same_name(author, site) or author in platforms:
            site, author = site or author, ""
    author = author or next((a for a in map(byline_author, texts) if a and a != site), "")
    author = _EDITOR_CODE.sub("", author)
    doc = replace(doc, author=author, site=site, url=_original_url(doc, head.get("url")))
    # a sidecar key left empty clears what the page itself says
    cleared = {k: "" for k in ("author", "site", "url") if k in doc.sidecar and not doc.sidecar[k]}
    return replace(doc, **cleared)


def _same_name(author: str, site: str) -> bool:
    """"史蒂文的家_蓝天 (stevenhgm)" names the blog "史蒂文的家_藍天": its account handle and
    the script aside, the same name."""
    def bare(name: str) -> str:
        return fold_script(re.sub(r"\s*[(（][\w.-]{1,40}[)）]$", "", name)).strip().lower()
    return bool(site) and bare(author) == bare(site)


def _person(author: str) -> str:
    """An author value as a name: Obsidian's `[[卓哥01]]` unwrapped; a platform's account
    ("Weixin Official Accounts Platform"), a CMS's user number ("104363") and template
    text ("name, email@gmail.com") are no author."""
    # Zhihu's clip runs the name and the bio together across zero-width spaces
    author = re.sub(r"\[\[([^\[\]|]+)(?:\|[^\[\]]*)?\]\]", r"\1", author.strip())
    author = " ".join(_INVISIBLE.split(author, 1)[0].split())
    if author.isdigit() or "@" in author or author.lower() in _NOT_AUTHORS:
        return ""
    return author


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "www."))


def _credited_category(doc: Document, texts: list[str]) -> str:
    """A front-matter category that the page's credit lines also name ("ZAKER 新闻出品"
    under `categories: [新媒体, ZAKER]`): a mirror filed the article under its source."""
    categories = doc.meta.get("categories") or doc.meta.get("category") or []
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, (list, tuple)):
        return ""
    for category in (str(c).strip() for c in categories):
        if len(category) >= 2 and any(category in t for t in texts):
            return category
    return ""


def _original_url(doc: Document, page_url: str | None = None) -> str:
    # a web clip's `source:` is the page it was clipped from
    clipped = doc.meta.get("source") if is_web_clip(doc) else None
    for value in [doc.sidecar.get("url"), *(doc.meta.get(k) for k in META_URL_KEYS), clipped, page_url]:
        if isinstance(value, str) and re.match(r"https?://\S+$", value.strip()):
            return value.strip()
    # a link to the original page that cleaning removed: "[原网页](…)", "来源：网易新闻：https://…"
    for removal in doc.removed:
        m = _ORIGINAL_LINK.search(fold_script(removal.text))
        if m and removal.reason in ("navigation", "link-only", "source-link"):
            return removal.text[m.start("url"):m.end("url")]
    lines = [ln for ln in doc.body.splitlines() if ln.strip()][-8:]
    for text in reversed(lines + [r.text for r in doc.removed if not r.reason.startswith("forum-")]):
        url = bare_url(text)
        if url:
            return url
    return ""


def _first_text(*values: object) -> str:
    """The first usable value as text; a list of names becomes "A、B"."""
    for value in values:
        if isinstance(value, (list, tuple)):
            value = "、".join(str(v.get("name", "") if isinstance(v, dict) else v) for v in value)
        elif isinstance(value, dict):
            value = value.get("name", "")
        text = str(value or "").strip()
        if text and not text.startswith(("http://", "https://")):
            return text
    return ""
