"""The site's script: one decision for everything a reader sees.

zhiku.yml `script` (or `--script`) names it; everything else is derived here:

| setting   | forms                                  | OpenCC | `<html lang>` | Material's strings |
| --------- | -------------------------------------- | ------ | ------------- | ------------------ |
| `hans`    | Simplified (mainland)                  | -      | zh-Hans       | zh (Zhiku's zh-Hans) |
| `hant`    | Traditional, Taiwan forms (為 裡 衛 著) | s2tw   | zh-Hant       | zh-TW's (Zhiku's zh-Hant) |
| `hant-tw` | Traditional as written in Taiwan       | s2tw   | zh-TW         | zh-TW              |
| `hant-hk` | Traditional as written in Hong Kong (為 裏 衞 着) | s2hk | zh-HK | Zhiku's zh-HK     |

`extra.script_variant` refines a Traditional site's OpenCC configuration: `s2twp` (Taiwan
vocabulary too: 软件 -> 軟體) for hant/hant-tw, `s2t` (OpenCC's own standard forms, 爲 裏) for
any Traditional site; anything else is a configuration error.

Who asks: the script stage (script_convert.plan_conversion) for the documents; the page
writers, tag names and image labels through `in_site_script`; the plugin for the theme's
language (`theme_language`), the template labels (`site_labels`), the strings of mkdocs.yml
and the hand-written pages (`user_text_in_site_script`, `markdown_in_site_script`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .conversion.script_repairs import repair_sets
from .conversion.textops import converter

SCRIPT_SETTINGS = ("hans", "hant", "hant-tw", "hant-hk")


@dataclass(frozen=True)
class SiteScript:
    script: str            # "hans" | "hant": what the documents are converted to
    region: str            # "" | "tw" | "hk": whose Traditional forms
    variant: str           # OpenCC configuration Simplified -> this script ("" for hans)
    lang: str              # BCP 47 tag of the pages (<html lang>, from theme_language's file)
    theme_language: str    # Material's theme.language (a file in partials/languages/)


_SETTINGS = {
    "hans": SiteScript("hans", "", "", "zh-Hans", "zh-Hans"),
    "hant": SiteScript("hant", "tw", "s2tw", "zh-Hant", "zh-Hant"),
    "hant-tw": SiteScript("hant", "tw", "s2tw", "zh-TW", "zh-TW"),
    "hant-hk": SiteScript("hant", "hk", "s2hk", "zh-HK", "zh-HK"),
}
# extra.script_variant: the configurations a region's site may use instead of its own.
_VARIANTS = {"tw": ("s2tw", "s2twp", "s2t"), "hk": ("s2hk", "s2t")}


class ScriptSettingError(ValueError):
    """`script` or `extra.script_variant` has a value this module cannot use."""


def site_script(config: Any) -> SiteScript:
    """The site's script for a Config (or a bare `script` setting such as "hant-hk")."""
    setting = config if isinstance(config, str) else getattr(config, "script", "hans")
    extra = {} if isinstance(config, str) else (getattr(config, "extra", None) or {})
    return _resolve(setting, str(extra.get("script_variant", "") or ""))


def _resolve(setting: str, variant: str) -> SiteScript:
    base = _SETTINGS.get(setting)
    if base is None:
        raise ScriptSettingError(f"script: expected one of {SCRIPT_SETTINGS}, got {setting!r}")
    if not variant or base.script == "hans" or variant == base.variant:
        return base
    if variant not in _VARIANTS[base.region]:
        raise ScriptSettingError(f"extra.script_variant: {variant!r} does not fit script {setting!r} "
                                 f"(expected one of {_VARIANTS[base.region]})")
    return SiteScript(base.script, base.region, variant, base.lang, base.theme_language)


def simplified_to_traditional(text: str, variant: str) -> str:
    """Simplified text in a Traditional standard (`variant`: s2tw, s2hk ...), with OpenCC's
    known misreadings repaired (data/script_repairs.yml `after_s2t`: 並 not 併 in 并产生)."""
    return repair_sets()["after_s2t"].apply(converter(variant).convert(text))[0]


def in_site_script(text: str, config: Any = None) -> str:
    """Text Zhiku writes (labels, generated pages; written in Simplified) in the site's
    script. Document text inside such a page is already in the site's script, and
    converting it again leaves it as it is."""
    script = site_script(config if config is not None else "hans")
    return text if script.script == "hans" else simplified_to_traditional(text, script.variant)


def user_text_in_site_script(text: str, config: Any) -> str:
    """A string someone wrote in either script (mkdocs.yml's site_name, a page title) in
    the site's script; genuine Traditional text stays as written on a Traditional site."""
    from .conversion.script_convert import to_site_script

    return to_site_script(text, config) if text else text


_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")


def markdown_in_site_script(markdown: str, config: Any) -> str:
    """A hand-written Markdown page (the home page's introduction) in the site's script:
    prose converted; fenced code, code spans, link targets, URLs and HTML comments kept."""
    from .conversion.stages.script import split_markup

    out: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in markdown.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence:
            out.append(line)
            if opening and opening.group(1).startswith(fence) and not line[opening.end():].strip():
                fence = ""
        elif opening:
            out.append(_prose_in_site_script("".join(prose), config, split_markup))
            prose, fence = [], opening.group(1)
            out.append(line)
        else:
            prose.append(line)
    out.append(_prose_in_site_script("".join(prose), config, split_markup))
    return "".join(out)


def _prose_in_site_script(text: str, config: Any, split_markup) -> str:
    """Prose outside HTML comments converted (a comment is found by str.find: linear)."""
    out, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        end = len(text) if end < 0 else end + 3
        out += [_convert_prose(text[at:start], config, split_markup), text[start:end]]
        at = end
    out.append(_convert_prose(text[at:], config, split_markup))
    return "".join(out)


def _convert_prose(text: str, config: Any, split_markup) -> str:
    if not text.strip():
        return text
    pieces = split_markup(text)
    pieces[0::2] = [user_text_in_site_script(p, config) for p in pieces[0::2]]
    return "".join(pieces)


# The article template's labels (theme/partials/zhiku-labels.html), written once in
# Simplified; a Traditional site gets them through in_site_script like every other label.
LABELS = {
    "undated": "日期不详", "inferred": "推断", "inferred_from": "原文没有注明日期：由{}推断",
    "site": "来源：", "author": "作者：", "minutes": "约 {} 分钟读完",
    "chars": "约 {} 字，按每分钟 400 字计", "tags": "标签", "original": "原文：",
    "raw": "查看收集到的原始文本", "source": "来源",
    "copies": "同一报道的其他来源", "copies_more": "另有 {} 个来源未列出",
    "kinds": {"exact": "全文相同", "near": "内容相近", "contained": "收录全文"},
    "from": {"title": "标题", "byline": "署名行", "text": "正文", "url": "网址", "file-name": "文件名"},
    "from_other": "内容",
    # the reading aids: related reading, the year's previous and next, the 404 page
    "reader": {
        "reading": "延伸阅读", "related": "相关文档", "previous": "同年上一篇", "next": "同年下一篇",
        "not_found": "找不到这个页面",
        "not_found_lead": "这个网址没有页面：可能已经移动或删除，或网址有误。可以从这里继续：",
        "search": "搜索", "home": "首页", "tags": "标签", "documents": "全部文档", "timeline": "时间线",
        "recent": "最新文档",
    },
    # a search without hits (assets/search/suggest.js, javascripts/search-suggest.js): what to
    # try instead, each suggestion titled by where it comes from
    "search": {
        "try": "试试：",
        "kinds": {"script": "本站的写法", "near": "相近的词", "part": "查询中找得到的部分", "tag": "标签"},
        # an answer from part of the index (a query of several common words): what it
        # searched, the button that searches the rest, and the answer after it
        "partial": "只搜索了可能含有全部词语的 {total} 个索引分块中最有希望的 {searched} 个：下面是其中最相关的结果，全站最相关的未必在内。",
        "rest": "搜索其余 {left} 个分块",
        "searching": "正在搜索其余分块…",
        "added": "已搜索全部分块：另外找到的 {added} 个结果排在原有的 {shown} 个之后。",
    },
}
# Words the two scripts name differently (not a matter of character forms).
_TRADITIONAL_WORDS = {"文件名": "檔名", "相关文档": "相關文件", "全部文档": "全部文件", "最新文档": "最新文件",
                      "搜索": "搜尋"}
# og:locale of the pages, by their <html lang>
_LOCALES = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "zh-TW": "zh_TW", "zh-HK": "zh_HK"}


def site_labels(config: Any) -> dict:
    """LABELS in the site's script, with the pages' og:locale (`locale`)."""
    script = site_script(config)
    if script.script == "hans":
        return {**LABELS, "locale": _LOCALES[script.lang]}

    def convert(value):
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return in_site_script(_TRADITIONAL_WORDS.get(value, value), config)

    return {**convert(LABELS), "locale": _LOCALES[script.lang]}


def theme_language(current: str | None, config: Any) -> str | None:
    """Material's theme.language for the site: the script's own when mkdocs.yml asks for
    Chinese (zh, zh-Hant, zh-TW ...); another language is left as chosen."""
    if not (current or "zh").lower().startswith("zh"):
        return current
    return site_script(config).theme_language


def strings_in_site_script(config, zcfg) -> None:
    """What mkdocs.yml shows a reader (the header's name, the description, the colour
    toggles' names) in the site's script, and Material's own strings in its locale for
    that script (theme.language: zh-Hans, zh-Hant, zh-TW or zh-HK). `config`: MkDocs' config
    (the plugin) or mkdocs.yml's data (an export)."""
    for key in ("site_name", "site_description", "copyright"):
        if isinstance(config.get(key), str):
            config[key] = user_text_in_site_script(config[key], zcfg)
    palette = config["theme"].get("palette")
    for scheme in palette if isinstance(palette, list) else [palette]:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            toggle["name"] = user_text_in_site_script(toggle["name"], zcfg)
    config["theme"]["language"] = theme_language(config["theme"].get("language"), zcfg)
