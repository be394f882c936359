"""Code in saved pages comes out as written: no line numbers, no list, its language, and no
script conversion or punctuation change on a Traditional site (issue 13, item 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from generator.config import Config
from generator.document import CODE, LIST
from generator.conversion.pipeline import run
from generator.readers import read_source
from generator.conversion.stages.structure import build_blocks
from generator.conversion.structure.code_blocks import code_language

FIXTURES = Path(__file__).parent / "fixtures" / "code"


def blocks_of(name: str):
    path = FIXTURES / name
    return build_blocks(read_source(path, path.parent), Config()).blocks


def test_highlighter_line_numbers_lists_and_gutters_are_not_code():
    blocks = blocks_of("highlighters.html")
    codes = [(b.label, b.text) for b in blocks if b.kind == CODE]
    assert codes == [
        ("", 'x = 1 # 后台\ny = (x, 2)'),
        ("python", 'print("里面, 后台")'),
        ("", "int a = 1; // 后台\nint b = 2;"),
        ("python", 'def f(): return "后台"'),
        ("", "a = 1  # 后台\nb = 2"),
    ]
    assert not [b for b in blocks if b.kind == LIST]   # no line numbers as a list


def _pre(html: str):
    return BeautifulSoup(html, "lxml").find("pre")


def test_the_language_is_read_from_each_highlighters_markup():
    assert code_language(_pre('<pre class="brush: java; gutter: false">x</pre>')) == "java"
    assert code_language(_pre('<pre><code class="hljs go">x</code></pre>')) == "go"
    assert code_language(_pre('<div class="language-ruby highlighter-rouge"><div class="highlight">'
                               '<pre class="highlight"><code>x</code></pre></div></div>')) == "ruby"
    assert code_language(_pre('<pre data-lang="sql">x</pre>')) == "sql"
    assert code_language(_pre('<pre class="sourceCode python"><code>x</code></pre>')) == "python"
    # a class word that is no language is not taken for one
    assert code_language(_pre('<pre class="prettyprint linenums">x</pre>')) == ""
    assert code_language(_pre('<pre class="hljs evil-script">x</pre>')) == ""


def test_code_stays_byte_for_byte_on_a_traditional_site(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIXTURES / "highlighters.html", source)
    (source / "clip.md").write_text(
        "---\ntitle: 读取中文文件\ndate: 2020-01-02\n---\n\n下面的代码读取文件，注意后台的编码。\n\n"
        '```java\nFile f = new File("中文测试.txt"); // 读取后输出\n```\n\n行内代码 `print("后台")` 也不变。\n',
        encoding="utf-8")
    config = Config(script="hant")
    docs = [run(read_source(p, source), config) for p in sorted(source.iterdir())]
    code = [b.text for d in docs for b in d.blocks if b.kind == CODE]
    assert 'File f = new File("中文测试.txt"); // 读取后输出' in code
    assert 'print("里面, 后台")' in code
    prose = [b.text for d in docs for b in d.blocks if b.kind != CODE]
    assert any("後臺的編碼" in t for t in prose)          # the prose is converted
    assert any('`print("后台")`' in t for t in prose)     # inline code is not
