"""Judging one block of text: is it boilerplate, and why?

`line_reason` answers for a whole block given where it sits (its zone). It combines the
editors' patterns (data/boilerplate.yml) with shape tests that need no pattern:
|-separated keyword runs, ad keyword lines, SEO stuffing, link-only lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..fold import cached_by_size, squash
from .markup import BARE_URL_RE, link_density, link_texts, visible_text
from .rules import LineRule, line_rules, spam_lexicon, ui_words

SENTENCE_END_RE = re.compile(r"[。!?;…]")
FULL_STOP_RE = re.compile(r"[。;]")
MENU_ITEM_MAX = 8       # a menu item is a word or two; a title with "|" has longer parts
TITLE_MAX = 40          # a headline may end in ? or ! and still not be prose
KEYWORD_SPLIT_RE = re.compile(r"\s*[|,/]\s*|\s+|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])")
# The article's own keywords or tags line ("关键词：数字化 | 供应链") is not an ad list.
KEYWORDS_LABEL_RE = re.compile(r"(?i)^(关键词|关键字|标签|tags?|keywords?)\s*:")
# A figure or table caption names products too ("图：行车记录仪拍下的画面"): not an ad.
CAPTION_LABEL_RE = re.compile(r"^(图|表|注|来源|资料来源|数据来源)\s*\d*\s*:")
UI_ROW_MAX = 40
UI_SPLIT_RE = re.compile(r"[\s|/·•,:]+")
COUNT_RE = re.compile(r"[\d()\[\]]+")    # "评论(3)" is the word 评论 with its count
# Link texts that only a site's navigation uses.
NAV_LINK_RE = re.compile(r"(?i)^[\[【(<«]?\s*(返回|回到|首页|网站首页|主页|上一篇|下一篇|上一页|下一页|"
                         r"更多|查看更多|阅读原文|查看原文|原文链接|原网页|原文网址|原文地址|home|more)")
# An emoji shortcode before a line's words (":house:返回首页", GitHub's and Slack's markup):
# an icon, not a word; the words after it say what the line is.
EMOJI_SHORTCODE_RE = re.compile(r"^(?::[a-z0-9_+-]{1,40}:\s*)+")
# One labelled field of a credit or byline line: "作者:Rachel Wong", "翻译/简评:X-Wing".
FIELD_RE = re.compile(r"\s*[^\s:;,。]{1,8}\s*:\s*[^:;。]{1,40}$")
LATIN_WORD_RE = re.compile(r"(?<![a-z])av(?![a-z])")
# A labelled line of references ("文章参考了：<link>", "参考资料：<link>") is the article's.
REFERENCE_LABEL_RE = re.compile(r"^(文章|本文)?(参考|引用|资料来源|数据来源|来源|出处)[^\s:]{0,6}\s*:")


def line_reason(markdown: str, zone: str, context: bool) -> str | None:
    """Why the block should go, or None. `zone`: "top", "head", "middle" or "tail"; `context`:
    the document already showed scraped-page boilerplate (enables the cautious rules)."""
    visible = squash(visible_text(markdown))
    visible = EMOJI_SHORTCODE_RE.sub("", visible) or visible
    if not visible:
        return None
    # A sentence in the middle of the article is protected from all but the surest rules.
    protected = zone == "middle" and is_prose(markdown)
    length = len(visible)
    for max_len, search, reason in _rules_for(zone, context, protected):
        if length <= max_len and search(visible):
            return reason
    return (_stuffing_reason(visible) or _keyword_run_reason(visible, zone, context)
            or _link_only_reason(markdown, visible, zone, context) or _ui_row_reason(visible, zone))


@lru_cache(maxsize=None)
def context_matters(zone: str) -> bool:
    """Whether line_reason's `context` can change its answer for a block in `zone`: only
    through rules marked `context`, and in the tail through the keyword and link tests."""
    return zone == "tail" or any(rule.context and rule.applies_in(zone) for rule in line_rules())


@lru_cache(maxsize=None)
def _rules_for(zone: str, context: bool, protected: bool) -> tuple[tuple[int, Callable, str], ...]:
    """(max_len, pattern search, reason) of the line rules that may fire on a block in
    `zone`, in the file's order (unpacked: this loop runs for every block)."""
    return tuple((rule.max_len, rule.pattern.search, rule.reason) for rule in line_rules()
                 if rule.applies_in(zone) and (context or not rule.context)
                 and (rule.prose or not protected))


def is_article_prose(markdown: str, zone: str) -> bool:
    """Prose that is not boilerplate a sure rule recognises even in sentence form (a
    disclaimer or a copyright notice ends with 。 too, but it is not where the article ends)."""
    if not is_prose(markdown):
        return False
    visible = squash(visible_text(markdown))
    return not any(len(visible) <= rule.max_len and rule.pattern.search(visible)
                   for rule in _sure_prose_rules(zone))


@lru_cache(maxsize=None)
def _sure_prose_rules(zone: str) -> tuple[LineRule, ...]:
    return tuple(rule for rule in line_rules()
                 if rule.prose and not rule.context and rule.applies_in(zone))


@cached_by_size
def is_prose(markdown: str) -> bool:
    """A sentence of article text: it has sentence punctuation, or is long and comma-rich."""
    visible = squash(visible_text(markdown))
    if "//" in visible:  # a bare URL's dots and commas are not punctuation
        visible = BARE_URL_RE.sub(" ", visible).strip()
    if _is_field_run(visible):
        return False
    if FULL_STOP_RE.search(visible) or (SENTENCE_END_RE.search(visible) and len(visible) > TITLE_MAX):
        return True
    return len(visible) >= 80 and visible.count(",") >= 2 and visible.count("|") < 2


def _is_field_run(visible: str) -> bool:
    """"新闻来源：…；作者：Rachel Wong；发布时间：2020年9月17日": labelled fields that
    semicolons separate, not clauses of a sentence."""
    if ";" not in visible or "。" in visible:
        return False
    return all(FIELD_RE.match(part) for part in visible.split(";") if part.strip())


def stuffing_hits(visible: str) -> tuple[int, int]:
    """How many different adult/gambling/black-hat terms the folded text holds, and how
    many times they occur in all."""
    lower = visible.lower()
    if not _any_stuffing_term().search(lower):  # the common case, in one scan
        return 0, 0
    counts = {t: lower.count(t) for t in spam_lexicon().stuffing_terms if t != "av"}
    if "av" in spam_lexicon().stuffing_terms:
        counts["av"] = len(LATIN_WORD_RE.findall(lower))
    return sum(1 for c in counts.values() if c), sum(counts.values())


@lru_cache(maxsize=None)
def _any_stuffing_term() -> re.Pattern[str]:
    terms = sorted(spam_lexicon().stuffing_terms, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, terms)) or "(?!)")


def _stuffing_reason(visible: str) -> str | None:
    # A news story about a gambling crackdown names several terms too, but in sentences.
    distinct, total = stuffing_hits(visible)
    if not total:
        return None
    pipes = visible.count("|")
    tokens = len(KEYWORD_SPLIT_RE.split(visible))
    listed = pipes >= 4 or (tokens >= 5 and not SENTENCE_END_RE.search(visible))
    if listed and (distinct >= 3 or (pipes >= 4 and total >= 4)):
        return "seo-keyword-stuffing"
    return None


def _keyword_run_reason(visible: str, zone: str, context: bool) -> str | None:
    if SENTENCE_END_RE.search(visible):
        return None
    if KEYWORDS_LABEL_RE.match(visible):
        return None
    segments = [s.strip() for s in visible.split("|") if s.strip()]
    short = segments and sum(len(s) for s in segments) / len(segments) <= 24
    if len(segments) >= 3 and short:
        if zone == "tail" and (context or _is_ad_list(segments, visible)):
            return "ad-link-list"
        if zone in ("top", "head") and max(len(seg) for seg in segments) <= MENU_ITEM_MAX:
            return "navigation"
        if len(segments) >= 5 and _has_commercial_word(visible):
            return "ad-link-list"
    if zone == "tail" and not CAPTION_LABEL_RE.match(visible) and _is_ad_keyword_line(visible):
        return "ad-link-list"
    return None


def _is_ad_list(segments: list[str], visible: str) -> bool:
    """A |-separated run that sells: variants of one keyword, or commercial words."""
    tokens = [s.lower().replace(" ", "") for s in segments]
    return _shares_stem(tokens) or _has_commercial_word(visible)


def _is_ad_keyword_line(visible: str) -> bool:
    """`台湾电动床工厂 电动床`: a few keywords, selling something, repeating one stem."""
    tokens = [t for t in KEYWORD_SPLIT_RE.split(visible.lower()) if t]
    if not 1 <= len(tokens) <= 16 or max(len(t) for t in tokens) > 24:
        return False
    lexicon = spam_lexicon()
    if any(term in visible.lower() for term in lexicon.product_terms):
        return True
    return _has_commercial_word(visible) and _shares_stem(tokens)


def _has_commercial_word(visible: str) -> bool:
    return any(word in visible for word in spam_lexicon().commercial_words)


def _shares_stem(tokens: list[str]) -> bool:
    """Two tokens share a 3-character stem: the variants of one ad keyword."""
    for i, token in enumerate(tokens):
        stems = {token[k:k + 3] for k in range(len(token) - 2)}
        if any(stem in other for other in tokens[i + 1:] for stem in stems):
            return True
    return False


def _ui_row_reason(visible: str, zone: str) -> str | None:
    """A row of buttons at the edge of the page: every word is an interface word."""
    if zone == "middle" or len(visible) > UI_ROW_MAX:
        return None
    words = [COUNT_RE.sub("", w) for w in UI_SPLIT_RE.split(visible.lower())]
    words = [w for w in words if w]
    return "ui-widget" if words and all(w in ui_words() for w in words) else None


def _link_only_reason(markdown: str, visible: str, zone: str, context: bool) -> str | None:
    """A line of links only: menus at the edges, or anywhere when a link says where it goes
    back to ("返回首页"): a site's own navigation, never article text."""
    if len(visible) > 300 or ("](" not in markdown and "//" not in markdown):  # no link at all
        return None
    links = link_texts(markdown)
    if not links or link_density(markdown) < 0.8 or REFERENCE_LABEL_RE.match(visible):
        return None
    nav = [m.group(1) for m in map(NAV_LINK_RE.match, (squash(t) for t in links)) if m]
    if nav:
        return "back-link" if any(w in ("返回", "回到") for w in nav) else "navigation"
    if zone == "middle":
        return None
    menu_like = len(links) >= 2 and all(len(t) <= 16 for t in links)
    if zone in ("top", "head"):
        return "navigation" if menu_like else None
    return "link-only" if (menu_like or context) else None
