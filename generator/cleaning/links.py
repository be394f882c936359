"""Links that sell: affiliate (commission) links, unwrapped or cut out of a block.

An affiliate link (`s.click.taobao.com`, `u.jd.com`) pays the page's author for a click:
it is promotion, whatever its text says. A Markdown link keeps its text and loses the
URL; a bare URL or autolink goes entirely. Every URL taken out is returned, for the
report. Hosts are data (data/spam.yml, `affiliate_hosts`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from .markup import AUTOLINK_RE, BARE_URL_RE, LINK_RE
from .rules import affiliate_hosts

def cut_affiliate_links(text: str) -> tuple[str, list[str]]:
    """`text` without affiliate URLs (a link's text stays), and the URLs cut."""
    if "//" not in text or not _any_host().search(text):  # the common case, in one scan
        return text, []
    cut: list[str] = []

    def unwrap(m: re.Match[str]) -> str:
        if not is_affiliate(m.group(2)):
            return m.group(0)
        cut.append(m.group(2))
        return m.group(1)

    def drop(m: re.Match[str]) -> str:
        url = m.group(1) if m.re is AUTOLINK_RE else m.group(0)
        if not is_affiliate(url):
            return m.group(0)
        cut.append(url)
        return ""

    text = LINK_RE.sub(unwrap, text)
    if "<" in text:
        text = AUTOLINK_RE.sub(drop, text)
    text = _outside_links(text, drop)
    return (text.strip() if cut else text), cut


def is_affiliate(url: str) -> bool:
    host = _host(url)
    return any(host == h or host.endswith("." + h) for h in affiliate_hosts())


def _outside_links(text: str, drop) -> str:
    """Bare URLs outside Markdown links (a link's URL is not a bare URL)."""
    parts, last = [], 0
    for m in LINK_RE.finditer(text):
        parts.append(BARE_URL_RE.sub(drop, text[last:m.start()]))
        parts.append(m.group(0))
        last = m.end()
    parts.append(BARE_URL_RE.sub(drop, text[last:]))
    return "".join(parts)


@lru_cache(maxsize=None)
def _any_host() -> re.Pattern[str]:
    return re.compile("(?i)" + "|".join(map(re.escape, affiliate_hosts())) or "(?!)")


@lru_cache(maxsize=4096)
def _host(url: str) -> str:
    try:
        return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return ""
