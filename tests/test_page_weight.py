"""Page weight: built pages carry no template indentation, and nothing that shows changes."""

from __future__ import annotations

import re

from generator.site.compact_html import compact_html


def test_indentation_runs_become_one_line_break_outside_pre_and_scripts():
    page = ('<nav>\n      <ul>\n        <li><a href="x/">甲</a></li>\n\n    </ul>\n</nav>\n'
            '<pre><code>def f():\n    return 1\n</code></pre>\n  <textarea>\n  a</textarea>\n'
            '<script>\n  var s = 1\n</script>\n   <p>正文 <em>强调</em></p>')
    out = compact_html(page)
    assert out == ('<nav>\n<ul>\n<li><a href="x/">甲</a></li>\n</ul>\n</nav>\n'
                   '<pre><code>def f():\n    return 1\n</code></pre>\n<textarea>\n  a</textarea>\n'
                   '<script>\n  var s = 1\n</script>\n<p>正文 <em>强调</em></p>')


def test_preformatted_text_is_kept_whatever_the_case_of_its_tags():
    for page in ("<PRE>a\n    b\n\n    c</PRE>", "<pre>a\n    b</PRE >", "<TextArea rows=2>\n  a</TextArea>",
                 "<xmp>a\n    b</xmp>", "<LISTING>a\n    b</LISTING>"):
        assert compact_html(f"<div>\n  {page}\n</div>") == f"<div>\n{page}\n</div>"


def test_built_article_pages_have_no_indented_lines(seed_site):
    pages = sorted((seed_site.site_dir / "articles").rglob("index.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", html, flags=re.S)
        assert not re.search(r"\n[ \t]+", outside), path
        assert "md-nav__link" in html and "<article" in html


def test_a_big_initial_of_undated_documents_splits_by_two_letters(tmp_path):
    """Hundreds of undated documents under one initial would put hundreds of links in
    each of their pages: past GROUP_MIN, the group splits by the slug's first two letters."""
    from test_navigation import documents, mkdocs_nav
    from generator.collection.assemble import build_collection
    from generator.site.navigation import GROUP_MIN, arrange_nav, article_order

    titles = [f"{word}{n}" for n in range(GROUP_MIN // 2 + 5) for word in ("上海", "苏州", "淘宝")]
    coll = build_collection(documents([(t, None) for t in titles]))
    nav = arrange_nav(mkdocs_nav(tmp_path, [coll.page_path(d) for d in coll.documents]),
                      article_order(coll))
    undated = nav.items[0].children[0]
    assert [s.title for s in undated.children] == ["S", "T"]    # initials first
    shang_su, tao = undated.children
    assert [s.title for s in shang_su.children] == ["SH", "SU"]   # shang-hai, su-zhou
    assert not any(p.is_section for p in tao.children)   # 25 articles: no parts
    leaves = [*shang_su.children, tao]
    assert all(len(s.children) <= GROUP_MIN for s in leaves)
    assert sum(len(s.children) for s in leaves) == len(titles)
