"""URLs from sources: only http(s) survives; image proxies are unwrapped.

A proxy URL carries the real address in its query string
(`https://cors.zfour.workers.dev/?http://host/a.jpg`, `https://proxy/x?url=http%3A%2F%2Fhost%2Fa.jpg`):
whenever the query (or one query value) is itself an http(s) URL, that URL is the image.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

MAX_UNWRAP = 3          # proxies wrapped in proxies, at most this deep
MAX_URL_LENGTH = 4096   # longer "URLs" are pasted data, not addresses

# Lazy-loading attributes that hold the real image while `src` holds a placeholder,
# in the order sites use them.
LAZY_IMAGE_ATTRIBUTES = (
    "data-original", "data-src", "data-lazy-src", "data-actualsrc", "data-url",
    "data-original-src", "data-lazyload", "data-echo", "file", "src",
)


def safe_url(url: str, base: str = "") -> str:
    """An absolute http(s) URL, or "" when the URL is script, data, relative-without-base..."""
    url = (url or "").strip().replace("\n", "").replace("\r", "").replace("\t", "")
    if not url or len(url) > MAX_URL_LENGTH:
        return ""
    try:   # a malformed URL ("http://[x", an unclosed IPv6 host) is no link
        if url.startswith("//"):
            url = "https:" + url
        elif base and not urlsplit(url).scheme:
            url = urljoin(base, url)
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return markdown_safe_url(url)


def unwrap_proxy(url: str) -> str:
    """The real address behind an image proxy (the URL itself when it is not proxied)."""
    for _ in range(MAX_UNWRAP):
        inner = _embedded_url(url)
        if not inner:
            break
        url = inner
    return url


def image_source(attrs: dict, base: str = "") -> str:
    """The real image URL of an <img>: a lazy-loading attribute over a placeholder `src`,
    without the fragment an editor keeps its notes in (see without_fragment)."""
    for name in LAZY_IMAGE_ATTRIBUTES:
        value = attrs.get(name)
        if isinstance(value, list):
            value = " ".join(value)
        url = safe_url(unwrap_proxy(value or ""), base)
        if url:
            return without_fragment(url)
    srcset = attrs.get("srcset") or attrs.get("data-srcset") or ""
    first = srcset.split(",")[0].strip().split(" ")[0] if srcset else ""
    return without_fragment(safe_url(unwrap_proxy(first), base))


def without_fragment(url: str) -> str:
    """An image URL without its fragment: the server never sees one, and editors keep their
    own notes there (Yuque's "#averageHue=%23545649&clientId=…&width=220", CSDN's
    "#pic_center"). An SVG keeps it: there it can name the picture within the file."""
    head, mark, _ = url.partition("#")
    if not mark or urlsplit(head).path.lower().endswith(".svg"):
        return url
    return head


def _embedded_url(url: str) -> str:
    query = urlsplit(url.strip()).query
    if not query:
        return ""
    for candidate in [query, unquote(query)] + [value for _, value in parse_qsl(query)]:
        if candidate.lower().startswith(("http://", "https://")) and urlsplit(candidate).netloc:
            return candidate
    return ""


def markdown_safe_url(url: str) -> str:
    """Percent-encode what would end a Markdown link target early (spaces, brackets, quotes)."""
    return quote(url, safe=":/?#@!$&*+,;=%~-._")
