"""Find the main content of a whole saved web page.

An <article> or <main> (or role=main) element wins when it holds a fair share of the
page's text. Otherwise the densest container does: every text block with enough text
outside links scores its parent fully and its grandparent by half (readability's idea),
and the best-scoring element is the content. Whatever is left outside is recorded.
"""

from __future__ import annotations

from bs4 import NavigableString, Tag

from ...document import Removal

MIN_SHARE = 0.25            # a semantic container must hold this share of the page's text
SIBLING_SHARE = 0.2         # a sibling container with this share of the best's text is content too
DECLARED_MIN_TEXT = 80      # characters a self-declared article body needs to be taken at its word
MIN_BLOCK_TEXT = 25         # characters for a block to count as running text
REMOVAL_TEXT_LIMIT = 300

_PARAGRAPHS = {"p", "pre", "blockquote", "li", "dd", "h2", "h3"}
_TEXT_BLOCKS = ["p", "td", "pre", "blockquote", "li", "div", "section", "dd", "h2", "h3"]


def select_main_content(body: Tag) -> tuple[Tag, list[Removal]]:
    """The element holding the article, and the text outside it (as removals)."""
    total = len(body.get_text(" ", strip=True))
    if total == 0:
        return body, []
    main, kept = _semantic_container(body, total), None
    if main is None:
        main, kept = _densest_container(body, total)
    if main is None or main is body:
        return body, []
    outside = outside_main(body, main)
    if kept is not None:   # content split over sibling containers: drop the others
        outside += _drop_children_except(main, kept)
    if main.name in _TABLE_PARTS:   # a layout-table cell: convert it as a plain container
        main.name, main.attrs = "div", {}
    return main, outside


_TABLE_PARTS = {"table", "tbody", "thead", "tr", "td", "th", "li", "dd", "ul", "ol", "dl"}


def _semantic_container(body: Tag, total: int) -> Tag | None:
    """The first element that declares itself the article (itemprop=articleBody, or an
    <article> holding the page's <h1>) with some running text, however much chrome and
    however many teasers of other stories surround it; else an <article>/<main>/role=main
    holding a fair share of the page's text."""
    declared = body.find_all(lambda el: el.get("itemprop") == "articleBody"
                             or el.name == "article" and el.find("h1") is not None)
    # find_all keeps document order: the first story on the page is the page's own
    found = next((c for c in declared if len(c.get_text(" ", strip=True)) >= DECLARED_MIN_TEXT), None)
    if found is not None:
        return found
    candidates = body.find_all(["article", "main"]) + body.find_all(attrs={"role": "main"})
    scored = [(len(c.get_text(" ", strip=True)), c) for c in candidates]
    shared = [(n, c) for n, c in scored if n >= MIN_SHARE * total]
    if not shared:
        return None
    best = max(n for n, _ in shared)
    # the innermost container with (nearly) the best amount of text
    return [c for n, c in shared if n >= 0.9 * best][-1]


def _densest_container(body: Tag, total: int) -> tuple[Tag | None, list[Tag] | None]:
    """The container with the most running text; when sibling containers hold a fair share
    too (an intro block and a body block), their parent, keeping just those siblings."""
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for block in body.find_all(_TEXT_BLOCKS):
        own = _own_text_length(block)
        if own < MIN_BLOCK_TEXT:
            continue
        # a paragraph credits its container; a container with text of its own (lines
        # separated by <br>, as old sites write) is itself the candidate
        first = block.parent if block.name in _PARAGRAPHS else block
        for weight, ancestor in ((1.0, first), (0.5, first.parent if first is not None else None)):
            if isinstance(ancestor, Tag):
                scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + weight * own
                elements[id(ancestor)] = ancestor
    if not scores:
        return None, None
    best_id = max(scores, key=scores.get)
    best = elements[best_id]
    if len(best.get_text(" ", strip=True)) < MIN_SHARE * total:
        return None, None
    parent = best.parent
    partners = [c for c in parent.children if isinstance(c, Tag) and c is not best
                and scores.get(id(c), 0.0) >= SIBLING_SHARE * scores[best_id]] if parent else []
    if partners and parent is not body:
        return parent, [best] + partners
    return best, None


def _drop_children_except(main: Tag, kept: list[Tag]) -> list[Removal]:
    removals = []
    for child in list(main.children):
        if isinstance(child, Tag) and not any(child is k for k in kept):
            text = child.get_text(" ", strip=True)
            if text:
                removals.append(Removal("outside-main-content", _cut(text)))
            child.extract()
    return removals


def _cut(text: str) -> str:
    return text[:REMOVAL_TEXT_LIMIT] + ("…" if len(text) > REMOVAL_TEXT_LIMIT else "")


def _own_text_length(block: Tag) -> int:
    """Text directly in the block or its inline children, not counting link text."""
    length = 0
    for child in block.children:
        if isinstance(child, NavigableString):
            length += len(child.strip())
        elif isinstance(child, Tag) and child.name in ("span", "strong", "b", "em", "i", "font", "br", "u"):
            length += len(child.get_text(strip=True))
    return length


def outside_main(body: Tag, main: Tag) -> list[Removal]:
    """Text of everything outside `main`, as one removal per top-level piece."""
    removals: list[Removal] = []
    node: Tag = main
    while node is not body and node.parent is not None:
        for sibling in node.parent.children:
            if sibling is node:
                continue
            text = sibling.get_text(" ", strip=True) if isinstance(sibling, Tag) else str(sibling).strip()
            if text:
                cut = text[:REMOVAL_TEXT_LIMIT] + ("…" if len(text) > REMOVAL_TEXT_LIMIT else "")
                removals.append(Removal("outside-main-content", cut))
        node = node.parent
    return removals
