"""generator/site/raw_blocks.py: big raw HTML blocks stashed without parsing must give exactly
the HTML Python-Markdown gives, and only where the block's end is certain."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest

from generator.site import raw_blocks
from generator.site.speedups.inline import FastInlineExtension
from generator.site.raw_blocks import RawBlockExtension

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "footnotes", "admonition", "tables", "md_in_html", "toc",
              FastInlineExtension()]
CONFIGS = {"toc": {"permalink": True}}
LIST = '<div class="zk-doc-list">\n<ul>\n<li><a href="../x/">天猫</a> <span>双十一</span></li>\n</ul>\n</div>'


def render(text: str, *extra) -> tuple[str, int]:
    """The HTML, and how many blocks raw_blocks stashed."""
    md = markdown.Markdown(extensions=[*EXTENSIONS, *extra], extension_configs=CONFIGS)
    html = md.convert(text)
    ours = md.preprocessors["zhiku_raw_blocks"] if "zhiku_raw_blocks" in md.preprocessors else None
    return html, (ours.stashed if ours else 0)


def same_html(text: str) -> int:
    """Asserts the HTML is the library's; returns how many blocks raw_blocks stashed."""
    plain, _ = render(text)
    fast, stashed = render(text, RawBlockExtension())
    assert fast == plain, text
    return stashed


@pytest.mark.parametrize("text", [
    LIST,
    f"# 标签\n\n共 2 篇。\n\n{LIST}",
    f"{LIST}\n\n后文",
    f"# 文档\n\n## 2024年 {{ #y2024 }}\n\n{LIST}\n\n## 2023年 {{ #y2023 }}\n\n{LIST}\n",
    f"- 一\n- 二\n\n{LIST}\n\n\n\n段落",
    f"{LIST}\n",
    '<ol class="zk-events">\n<li class="zk-event" data-tags="a b">'
    '<time datetime="2008">2008年</time></li>\n</ol>',
    f"## 报告\n\n<ul>\n<li>编码：utf-8</li>\n</ul>\n<p>没有删除任何内容。</p>\n{LIST}",   # siblings
    "<table>\n<thead>\n<tr>\n<th>文件</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>a &amp; b</td>\n"
    "</tr>\n</tbody>\n</table>",
])
def test_plain_blocks_are_stashed_and_render_as_the_library_renders_them(text):
    assert same_html(text) >= 1


@pytest.mark.parametrize("text", [
    f'<div class="outer">\n\n{LIST}\n\n</div>',              # HTML across a blank line
    f"<!-- 注释 -->\n\n{LIST}",
    f"<pre>\n\n{LIST}\n\n</pre>",
    f'<div markdown>\n\n- 列表\n\n</div>\n\n{LIST}',
    f"行内 `<div>` 代码\n\n{LIST}",                          # a tag count that does not balance
    LIST.replace('<ul>', '<ul id="list">'),                   # an anchor MkDocs must see
    LIST.replace('</div>', '</div> 尾巴'),
    f"```\n{LIST}\n```",
    f"{LIST}\n# 标题\n{LIST}",                              # text between elements
    f"{LIST}{LIST}",                                          # an element not starting a line
    "<p>a < b</p>",                                           # a "<" that is no tag
    "<li>一</li>\n<span>二</span>",                          # inline at the top
    "    " + LIST.replace("\n", "\n    "),
    # What comes before a block changes how the library's one parser reads it:
    f"当 a<b 时\n\n{LIST}",                                 # "<" opening no tag runs on
    f'文字 <span class="x>注</span>\n\n{LIST}',             # an unclosed quote
    f"<!x\n\n{LIST}",
    f"<?x\n\n{LIST}\n\n?>",
    f"x &#\n\n{LIST}",                                       # no complete character reference
    f'<div title="x>\n</div>\n<p class=">\n</p>\n\n{LIST}',  # ">" inside quotes
    f'<p>a</p>\n<div\nclass="x">\n</div>\n\n{LIST}',       # a tag over two lines
    f"<p>a</p>&amp;\n\n{LIST}",                              # text left after an element
    f"<p>a</p> <hr>\n\n{LIST}",
    f"<p>a</p> <br/>\n\n{LIST}",
    f"<hr><br/>尾\n\n{LIST}",                                # a void block-level tag too
])
def test_blocks_whose_end_or_meaning_is_not_plain_are_left_to_the_library(text):
    assert same_html(text) == 0


@pytest.mark.parametrize("seed", range(2))
def test_random_pages_render_exactly_as_the_library_renders_them(seed):
    rng = random.Random(seed)
    pieces = ["<div>", "</div>", "<ul>", "</ul>", "<li>项</li>", "<li>", "<ol>", "</ol>", "段落", "# 标题",
              "<p>", "</p>", "- 列表", "<!-- c -->", '<p id="a">', "`<div>`", "<table>", "</table>", "尾巴",
              "<hr>", "<div/>", "<DIV>", "</DIV>", "<details>", "</details>", "<h2>x</h2>", "&amp;",
              "<span>", "</span>", "    缩进", "> 引用", "<div class='x' title='<div>'>",
              "| a |\n|---|\n| b |", "a<b", "<!x", "<?x", "?>", "&#", "&#60;", "AT&T",
              '<span class="x>', '<div\nclass="x">', "<p>a</p>&amp;", "<p>a</p> <hr>", "<hr> 尾",
              "<br>", "*强调*", "[^1]: 注", "!!! note", "\t<div>", " <div>", "<section>", "</section>"]
    blocks = [LIST, LIST.replace("<ul>", "<ul>\n<li>一</li>\n<li>二</li>"),
              '<ol class="e">\n<li>事</li>\n</ol>',
              '<div class="a">\n<div class="b">\n<p>x</p>\n</div>\n</div>',
              "<table>\n<tr><td>1</td></tr>\n</table>", "<p>没有删除。</p>\n<ul>\n<li>a</li>\n</ul>",
              "<p>a < b</p>", "<p>x</p><p>y</p>", "<ul>\n<li>a<ul><li>b</li></ul></li>\n</ul>\n<hr>",
              '<p><a href="x">链</a> &amp; <em>e</em></p>\n<P>大写</P>']
    stashed = 0
    for _ in range(1500):
        chunks = [rng.choice(blocks) if rng.random() < 0.5 else
                  "\n".join(rng.choice(pieces + blocks) for _ in range(rng.randint(1, 4)))
                  for _ in range(rng.randint(1, 6))]
        stashed += same_html(rng.choice(["\n\n", "\n\n", "\n", "\n\n\n", "\n \n"]).join(chunks))
    assert stashed > 150   # the shortcut was taken, not only refused (~14 % of pages)


def test_generated_list_pages_and_hand_written_pages_render_as_the_library_renders_them():
    from test_views import TAXONOMY, sample
    from generator.pages.views import view_pages

    coll = sample()
    pages = view_pages(coll.documents, coll, TAXONOMY)
    stashed = 0
    hand_written = [p.read_text(encoding="utf-8") for p in (ROOT / "docs_src").rglob("*.md")]
    for text in [*pages.values(), *hand_written]:
        stashed += same_html(text.split("---\n", 2)[-1])
    assert stashed > 0


def test_its_name_is_stable_for_the_render_cache():
    assert repr(RawBlockExtension()) == repr(RawBlockExtension())
