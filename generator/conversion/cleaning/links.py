"""Links that sell: affiliate (commission) links and SEO links on ordinary words.

An affiliate link (`s.click.taobao.com`, `u.jd.com`) pays the page's author for a click:
it is promotion, whatever its text says. A Markdown link keeps its text and loses the
URL; a bare URL or autolink goes entirely. Hosts are data (data/spam.yml,
`affiliate_hosts`).

An SEO link is set on an ordinary word in the middle of a sentence ("电商[平台](http://
seo.example.com/)正在…") and points at a site's home page; a link farm sets several, on
different words, to the same home page. Such links (two words or more to one home page,
each between Han characters) lose their URL; the word stays. A single link to a home page
("据[人民网](http://www.people.com.cn/)报道") is a citation and stays.

Every URL taken out is returned, for the report.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from .markup import AUTOLINK_RE, BARE_URL_RE, LINK_RE, link_density
from .rules import ad_server_labels, affiliate_hosts

# A link on a short Han word with Han text on both sides: a word inside a sentence.
SEO_LINK_RE = re.compile(r"(?<=[\u4e00-\u9fff])\[([\u4e00-\u9fff]{2,6})\]\(([^()\s]{1,200})\)(?=[\u4e00-\u9fff])")
HOME_PAGE_RE = re.compile(r"(?i)https?://[\w.-]{1,100}(:\d{1,5})?/?(index\.(html?|php|aspx?))?")
SEO_WORDS_MIN = 2         # a link farm links several words to the same home page

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


def seo_link_hosts(texts: list[str]) -> frozenset[str]:
    """Home pages that two or more different words of the document link to mid-sentence."""
    words: dict[str, set[str]] = {}
    for text in texts:
        if "](" in text:
            for m in SEO_LINK_RE.finditer(text):
                if _is_home_page(m.group(2)):
                    words.setdefault(_host(m.group(2)), set()).add(m.group(1))
    return frozenset(h for h, w in words.items() if h and len(w) >= SEO_WORDS_MIN)


def cut_seo_links(text: str, hosts: frozenset[str]) -> tuple[str, list[str]]:
    """`text` with its mid-sentence links to the home pages `hosts` unwrapped."""
    if not hosts or "](" not in text:
        return text, []
    cut: list[str] = []

    def unwrap(m: re.Match[str]) -> str:
        if not (_is_home_page(m.group(2)) and _host(m.group(2)) in hosts):
            return m.group(0)
        cut.append(m.group(2))
        return m.group(1)

    return SEO_LINK_RE.sub(unwrap, text), cut


def _is_home_page(url: str) -> bool:
    return bool(HOME_PAGE_RE.fullmatch(url))


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


def only_ad_server_links(markdown: str) -> bool:
    """Whether every link of `markdown` goes through an ad server (data/spam.yml,
    `ad_server_labels`) and the links are nearly all its text: an advert."""
    if "](" not in markdown:
        return False
    urls = [m.group(2) for m in LINK_RE.finditer(markdown)]
    labels = ad_server_labels()
    hosts = [_host(u).split(".") for u in urls]   # a malformed URL ("http://[x"): no host
    return bool(hosts) and all(labels.intersection(h) for h in hosts) and link_density(markdown) >= 0.8
