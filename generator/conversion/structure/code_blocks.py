"""Code in saved pages, as its author wrote it.

Syntax highlighters dress code up for the screen: line numbers in a gutter column or a
list beside the code (prettify's `linenums`, CSDN's `pre-numbering`, highlight.js's
`hljs-ln`, Pygments' and Rouge's `linenos`/`gutter` tables), one `<li>` or table row per
line, and the language in a class of their own (`language-java`, `lang-py`, `brush: python`,
`hljs python`, `sourceCode python`, `highlight-source-python`, a `data-lang` attribute).
Here the gutters are left out, the lines are read one per row or item, and the language
is taken from any of those forms when it names a known language (an allow-list: a class
word is no language just because it sits on a <pre>).
"""

from __future__ import annotations

import re

from bs4 import Comment, NavigableString, Tag

# class or id words of the line-number parts of a code block
LINE_NUMBER_WORDS = frozenset({
    "gutter", "linenos", "lineno", "linenodiv", "line-numbers-rows", "pre-numbering",
    "hljs-ln-numbers", "hljs-ln-n", "line-numbers-wrapper", "code-line-numbers", "linenumber",
    "line-number", "numbering", "rouge-gutter", "gl",
})
CODE_TABLE_WORDS = frozenset({"highlight", "highlighttable", "rouge-table", "hljs-ln", "code", "syntaxhighlighter",
                              "crayon-table"})
CODE_TABLES_MAX = 2000     # highlighter tables unwrapped per document (each edit costs its parent)
LANGUAGES = frozenset({
    "bash", "c", "clojure", "coffeescript", "cpp", "c++", "cs", "csharp", "css", "dart", "diff",
    "dockerfile", "elixir", "erlang", "go", "golang", "graphql", "groovy", "haskell", "html", "ini",
    "java", "javascript", "js", "json", "jsx", "julia", "kotlin", "latex", "less", "lua", "makefile",
    "markdown", "matlab", "nginx", "objc", "objectivec", "ocaml", "perl", "php", "powershell",
    "protobuf", "python", "py", "r", "ruby", "rb", "rust", "scala", "scss", "shell", "sh", "sql",
    "swift", "tex", "toml", "ts", "tsx", "typescript", "vb", "vbnet", "vim", "xml", "yaml", "yml",
    "zsh", "console", "plaintext", "text", "asm", "nasm", "fortran", "scheme", "lisp", "solidity",
    "verilog", "vhdl", "properties", "http", "apache", "gradle", "cmake", "awk", "sed", "vue",
})
_PREFIXED = re.compile(r"^(?:language|lang|highlight-source|highlight|brush|source)[-:_]?(.+)$")
_WORD_SPLIT = re.compile(r"[\s;]+")


def _words(el: Tag) -> list[str]:
    names = el.get("class") or []
    names = names if isinstance(names, list) else [str(names)]
    return [w.lower() for name in names for w in _WORD_SPLIT.split(str(name)) if w]


def is_line_number_part(el: Tag) -> bool:
    return bool(LINE_NUMBER_WORDS.intersection(_words(el)))


def code_text(pre: Tag) -> str:
    """The text of a <pre>: gutters left out, a newline after each line-row (<li> of a
    line-numbered list, <tr> of a line table) and for each <br>. Walked without
    recursion, so a deep <pre> costs its size."""
    parts: list[str] = []
    stack: list[object] = [pre]
    while stack:
        node = stack.pop()
        if node is None:           # the end of a line-row
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            continue
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            parts.append(str(node))
            continue
        if not isinstance(node, Tag) or node.name in ("script", "style") or is_line_number_part(node):
            continue
        if node.name == "br":
            parts.append("\n")
            continue
        if node.name in ("li", "tr") and node is not pre:
            stack.append(None)
        stack.extend(reversed(node.contents))
    return "".join(parts)


def code_language(pre: Tag) -> str:
    """The language a highlighter wrote on the <pre>, its <code> or the wrapper around
    it (Jekyll's `<div class="language-python highlighter-rouge">`), when it is a known one."""
    code = pre.find("code")
    candidates = [pre] + ([code] if code is not None else [])
    parent = pre.parent
    for _ in range(2):   # the wrapper divs of Rouge and Pygments
        if isinstance(parent, Tag) and parent.name in ("div", "figure", "td", "section"):
            candidates.append(parent)
            parent = parent.parent
    for el in candidates:
        for attr in ("data-lang", "data-language", "lang"):
            value = str(el.get(attr) or "").strip().lower()
            if value in LANGUAGES:
                return value
        words = _words(el)
        for word in words:
            match = _PREFIXED.match(word)
            name = match.group(1) if match else ""
            if name in LANGUAGES:
                return name
        # "brush: python", "hljs python", "sourceCode python", "prettyprint lang-py"
        if {"brush:", "brush", "hljs", "sourcecode", "prettyprint", "highlight"} & set(words):
            for word in words:
                if word in LANGUAGES:
                    return word
    return ""


_DIGITS_ONLY = re.compile(r"[\d\s.:]*")


def unwrap_code_tables(root: Tag) -> int:
    """A highlighter's table of a line-number column beside the code becomes the code's
    <pre>, before layout tables and Markdown tables are made; a line-number list the HTML
    parser moved out of its <pre> (CSDN's `<ul class="pre-numbering">`) goes."""
    count = 0
    numbers = [el for el in root.find_all(["ul", "ol", "div"], limit=None)
               if is_line_number_part(el) and _DIGITS_ONLY.fullmatch(el.get_text())]
    for el in numbers[:CODE_TABLES_MAX]:
        if el.parent is not None:
            el.decompose()
            count += 1
    for table in root.find_all("table", limit=None):
        if count >= CODE_TABLES_MAX:
            break
        if table.parent is None or table.find_parent("pre") is not None:
            continue
        cells = table.find_all("td")
        gutter = [c for c in cells if is_line_number_part(c)]
        if not gutter or not (CODE_TABLE_WORDS & set(_words(table)) or table.find("pre") is not None):
            continue
        pres = [p for c in cells if c not in gutter for p in c.find_all("pre")]
        if len(pres) == 1:
            table.replace_with(pres[0].extract())
            count += 1
    return count
