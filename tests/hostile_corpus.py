"""Writes the hostile corpus: every kind of input issue 6 says users will feed Zhiku.

Run `python tests/hostile_corpus.py [DEST]` (default `tests/data/hostile/`) to look at it;
the tests call `write_corpus` into a temporary folder. The output is a pure function of
this file (no randomness, no clock), so the corpus is the same on every machine.

Layout written under DEST:
  sources/   the folder given to `zhiku build --source`
  outside/   files that symbolic links in sources/ point to (must never reach the site)

Each case says what a correct build does with it:
  built     a page is built; `phrase` (as a reader sees it) appears on it
  altered   built like `built`, and the report carries a warning for it
  skipped   no page; the report's `skipped` list names it with a reason
  handled   built (with or without a warning) or skipped with a reason, but never lost
  ignored   not a source at all (hidden files, links leaving the folder): no page
  badname   a file name that is not UTF-8: reported (report "problems"), not read
Security payloads all call `alert('ZKXSS')` or set `window.__zkxss`, so a scan of the
built site can tell script that came from a source from Material's own.
"""

from __future__ import annotations

import codecs
import os
import shutil
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

MARK = "ZKXSS"  # every payload carries it; it must never be executable in the site
SECRET = "ZKSECRET-outside-the-source-folder"


@dataclass(frozen=True)
class Case:
    name: str          # path under sources/ (forward slashes)
    expect: str        # built | altered | skipped | handled | ignored
    phrase: str = ""   # text a reader must see on the built page
    why: str = ""      # what the case is for


def tiny_png() -> bytes:
    """A valid 1x1 PNG, built here so the corpus needs no binary file in git."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


REPORT_ZH = ("阿里巴巴集团今日发布年度报告。报告显示，平台商家数量持续增长，"
             "服务生态不断完善。分析人士认为，这一趋势将在未来几年延续。")
REPORT_HANT = ("這是繁體中文的報告，內容關於電子商務與物流服務。大山中的小石，"
               "經過多年發展，已經成為行業標杆。")


def front(title: str, body: str, **fields: str) -> str:
    lines = [f"title: {title}"] + [f"{k}: {v}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def encoding_cases() -> list[tuple[Case, bytes]]:
    gbk_text = "国内消费报告\n\n国内电商消费者人数稳步上升。" + REPORT_ZH
    rare = "生僻字测试\n\n㐀㐁㐂这几个扩展区汉字只有GB18030能编码。" + REPORT_ZH
    hant = "繁體報告\n\n" + REPORT_HANT
    utf16 = "双字节报告\n\n统一码十六位编码的文件。" + REPORT_ZH
    good = ("坏字节报告\n\n前半段是正常的中文。").encode() + b"\xff\xfe\x80\x80" + "后半段也是正常的中文。".encode()
    return [
        (Case("encoding/gbk-report.txt", "built", "国内电商消费者人数稳步上升", "GBK"), gbk_text.encode("gbk")),
        (Case("encoding/gb18030-rare.txt", "built", "㐀㐁㐂这几个扩展区汉字", "GB18030-only characters"),
         rare.encode("gb18030")),
        (Case("encoding/big5-traditional.txt", "built", "大山中的小石", "Big5"), hant.encode("big5")),
        (Case("encoding/utf16-le-bom.txt", "built", "统一码十六位编码的文件", "UTF-16 LE with BOM"),
         codecs.BOM_UTF16_LE + utf16.encode("utf-16-le")),
        (Case("encoding/utf16-be-bom.txt", "built", "统一码十六位编码的文件", "UTF-16 BE with BOM"),
         codecs.BOM_UTF16_BE + utf16.encode("utf-16-be")),
        (Case("encoding/utf16-le-no-bom.txt", "built", "统一码十六位编码的文件", "UTF-16 LE without BOM"),
         utf16.encode("utf-16-le")),
        (Case("encoding/invalid-bytes-inside.txt", "altered", "后半段也是正常的中文",
              "invalid byte run inside good UTF-8"), good),
        (Case("empty.txt", "skipped", why="empty file"), b""),
        (Case("whitespace-only.txt", "skipped", why="only whitespace"), " \n\t\r\n\u3000\n".encode()),
        (Case("image-renamed.txt", "skipped", why="a PNG renamed .txt"), tiny_png()),
    ]


ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)


def front_matter_cases() -> list[tuple[Case, str]]:
    body = "正文第一段。" + REPORT_ZH
    return [
        (Case("front-matter/malformed-yaml.md", "altered", "正文第一段", "malformed YAML front matter"),
         "---\ntitle: [没有闭合的列表\ndate: : :\n  - bad indent\n---\n\n" + body + "\n"),
        (Case("front-matter/alias-bomb.md", "handled", "正文第一段", "YAML billion laughs"),
         "---\n" + ALIAS_BOMB + "\ntitle: 炸弹\n---\n\n" + body + "\n"),
        (Case("front-matter/not-a-mapping.md", "handled", "正文第一段", "front matter is a list"),
         "---\n- 一\n- 二\n---\n\n" + body + "\n"),
        (Case("front-matter/unterminated.md", "handled", "正文第一段", "front matter never closed"),
         "---\ntitle: 没有结束\n\n" + body + "\n"),
    ]


# (file stem, front matter date, the date a correct reading gives or None)
DATES = (
    ("rfc2822", "'Mon, 23 May 2022 10:00:00 +0800'", "2022-05-23"),
    ("iso-with-zone", "'2022-05-23T10:00:00+08:00'", "2022-05-23"),
    ("chinese", "2022年5月23日", "2022-05-23"),
    ("epoch-seconds", "1653271200", "2022-05-23"),
    ("nonsense", "下个月某天吧", None),
    ("impossible", "2015年13月45日", None),
)


def date_cases() -> list[tuple[Case, str]]:
    out = []
    for stem, value, expected in DATES:
        phrase = f"日期写法测试{stem}"
        expect = "built" if expected else "altered"
        text = front(f"日期测试 {stem}", f"{phrase}。" + REPORT_ZH, date=value)
        out.append((Case(f"dates/{stem}.md", expect, phrase, expected or "no date"), text))
    return out


def structure_cases() -> list[tuple[Case, bytes]]:
    unclosed = ("<div><p>未闭合的段落<b>粗体没有结束<table><tr><td>单元格内容</div></span></p>"
                "&nbsp;&bogus; <p>第二段<i>斜体</p></html></body>")
    deep = "<html><body>" + "<div>" * 20000 + "深层嵌套里的正文。" + "</div>" * 20000 + "</body></html>"
    line = ("长行报告。" + REPORT_ZH).encode()
    big = line * (10 * 1024 * 1024 // len(line) + 1)  # just over 10 MB, valid UTF-8, no newline
    return [
        (Case("html/unclosed-invalid.html", "built", "单元格内容", "unclosed and invalid HTML"), unclosed.encode()),
        (Case("html/nested-20000-deep.html", "altered", "深层嵌套里的正文", "HTML nested 20,000 levels"),
         deep.encode()),
        (Case("huge/ten-mb-single-line.txt", "altered", "长行报告", "a 10 MB file on one line"), big),
    ]


def naming_cases() -> list[tuple[Case, str]]:
    body = "名字测试正文。" + REPORT_ZH
    return [
        (Case("same-title-a.md", "built", "同名甲文", "two sources with the same title"),
         front("同名文章", "同名甲文。" + REPORT_ZH)),
        (Case("same-title-b.md", "built", "同名乙文", "two sources with the same title"),
         front("同名文章", "同名乙文。" + REPORT_ZH)),
        (Case("names/file name with spaces.txt", "built", "空格文件名的正文", "spaces"),
         "空格文件名\n\n空格文件名的正文。" + REPORT_ZH),
        (Case("names/中文文件名.txt", "built", "中文文件名的正文", "Chinese file name"),
         "中文文件名\n\n中文文件名的正文。" + REPORT_ZH),
        (Case("names/emoji 🎉 文件.txt", "built", "表情文件名的正文", "emoji in the file name"),
         "表情文件名\n\n表情文件名的正文。" + REPORT_ZH),
        (Case("names/<img src=x onerror=alert('ZKXSS')>.txt", "built", "文件名里的脚本",
              "markup in the file name"), "文件名里的脚本。" + REPORT_ZH),
        (Case("slugs/traversal.md", "built", "相对路径别名", "slug ../../etc/x"),
         front("路径逃逸一", "相对路径别名。" + REPORT_ZH, slug="../../etc/zk-escaped")),
        (Case("slugs/absolute.md", "built", "绝对路径别名", "slug /tmp/..."),
         front("路径逃逸二", "绝对路径别名。" + REPORT_ZH, slug="/tmp/zk-escaped-absolute")),
        (Case("slugs/backslashes.md", "built", "反斜杠别名", "slug ..\\..\\x"),
         front("路径逃逸三", "反斜杠别名。" + REPORT_ZH, slug="'..\\..\\zk-escaped'")),
        (Case("slugs/dots-only.md", "built", "点号别名", "slug .."),
         front("路径逃逸四", "点号别名。" + REPORT_ZH, slug="'..'")),
        (Case(".hidden-note.txt", "ignored", why="hidden file"), "隐藏文件。" + body),
        (Case(".hidden-folder/inside.txt", "ignored", why="file in a hidden folder"), "隐藏目录。" + body),
    ]


X = f"alert('{MARK}')"
SVG_B64 = "PHN2ZyBvbmxvYWQ9YWxlcnQoJ1pLWFNTJyk+PC9zdmc+"  # <svg onload=alert('ZKXSS')></svg>


def security_cases() -> list[tuple[Case, str]]:
    return [
        (Case("xss/script.html", "built", "脚本标签之前的正文", "<script>"),
         f"<p>脚本标签之前的正文。{REPORT_ZH}</p><h2>&lt;img src=x onerror={X}&gt;小标题</h2>"
         f"<p>小标题下的正文。{REPORT_ZH}</p><script>window.__zkxss=1;{X}</script>"
         f"<SCRIPT SRC=//evil.example/{MARK}.js></SCRIPT><p>脚本之后的正文。</p>"),
        (Case("xss/handlers.html", "built", "事件处理器正文", "event handlers"),
         f'<body onload="{X}"><p onclick="{X}">事件处理器正文。{REPORT_ZH}</p>'
         f'<img src="https://example.com/a.png" onerror="{X}" alt="图一">'
         f'<div onmouseover="{X}" onfocus="{X}" tabindex=0>悬停</div>'
         f'<video><source onerror="{X}"></video><details open ontoggle="{X}">展开</details>'
         f'<p><img src="https://example.com/b.png" alt="<img src=x onerror={X}>">'
         f'<img src="https://example.com/c.png?a=1){{: onerror=&quot;{X}&quot; }}" alt="属性注入">'
         f'<a href="https://example.com/d" title="&quot; onmouseover=&quot;{X}">标题注入</a></p></body>'),
        (Case("xss/urls.html", "built", "危险链接正文", "javascript: and data: URLs"),
         f'<p>危险链接正文。{REPORT_ZH}</p>'
         f'<p><a href="javascript:{X}">甲链接</a> <a href="JaVaScRiPt:{X}">乙链接</a> '
         f'<a href="&#106;avascript:{X}">丙链接</a> <a href=" &#x09;javascript:{X}">丁链接</a> '
         f'<a href="vbscript:msgbox(1)">戊链接</a> <a href="data:text/html;base64,{SVG_B64}">己链接</a> '
         f'<a href="https://example.com/ok">正常链接</a></p>'
         f'<p><img src="javascript:{X}" alt="坏图一"><img src="data:image/svg+xml;base64,{SVG_B64}" alt="坏图二">'
         f'<img src="https://example.com/ok.png" alt="好图"></p>'),
        (Case("xss/embeds.html", "built", "嵌入内容正文", "iframe, object, embed, form"),
         f'<p>嵌入内容正文。{REPORT_ZH}</p><iframe src="javascript:{X}"></iframe>'
         f'<iframe srcdoc="<script>{X}</script>"></iframe><object data="javascript:{X}"></object>'
         f'<embed src="data:text/html;base64,{SVG_B64}"><form action="javascript:{X}">'
         f'<input name="q" onfocus="{X}" autofocus><button formaction="javascript:{X}">提交</button></form>'
         f'<meta http-equiv="refresh" content="0;url=javascript:{X}"><base href="javascript:{X}//">'
         f'<link rel="stylesheet" href="javascript:{X}"><style>body{{background:url("javascript:{X}")}}</style>'
         f'<frameset><frame src="javascript:{X}"></frameset>'),
        (Case("xss/svg.html", "built", "矢量图正文", "SVG with handlers"),
         f'<p>矢量图正文。{REPORT_ZH}</p><svg onload="{X}"><script>{X}</script>'
         f'<a xlink:href="javascript:{X}"><text>点我</text></a><animate onbegin="{X}" attributeName="x"/>'
         f'<set attributeName="onmouseover" to="{X}"/></svg><math><mtext><script>{X}</script></mtext></math>'),
        (Case("xss/raw-html.md", "built", "原始网页标记正文", "raw HTML in a Markdown source"),
         f"原始网页标记正文。{REPORT_ZH}\n\n## <img src=x onerror=\"{X}\"> 标题里的标记\n\n"
         f"标题下的正文。{REPORT_ZH}\n\n<div onclick=\"{X}\">块级原始标记</div>\n\n"
         f"<script>{X}</script>\n\n行内 <img src=x onerror=\"{X}\"> 图片\n\n"
         f"[脚本链接](javascript:{X}) 和 ![数据图](data:image/svg+xml;base64,{SVG_B64})\n\n"
         f"属性注入段落\n{{: onclick=\"{X}\" }}\n\n<javascript:{X}>\n\n"
         f"<iframe src=\"https://evil.example/{MARK}\"></iframe>\n"),
        (Case("xss/front-matter.md", "built", "头信息脚本正文", "script in front matter fields"),
         "---\n"
         f"title: \"<script>{X}</script>头信息标题\"\n"
         f"author: \"<img src=x onerror={X}>\"\n"
         f"tags: [\"<svg onload={X}>\", 双十一]\n"
         f"date: \"<script>{X}</script>\"\n"
         f"url: \"javascript:{X}\"\n"
         f"source: \"<iframe src=javascript:{X}>\"\n"
         f"---\n\n头信息脚本正文。{REPORT_ZH}\n"),
        (Case("xss/title-entities.md", "built", "实体标题正文", "entities that un-escape into markup"),
         "---\n"
         f"title: \"&lt;/title&gt;&lt;script&gt;{X}&lt;/script&gt;实体标题\"\n"
         f"---\n\n实体标题正文。{REPORT_ZH}\n"),
        (Case("xss/plain-text.txt", "built", f"<script>{X}</script>", "markup in a plain-text report"),
         f"纯文本里的标记\n\n报告原文写着 <script>{X}</script> 这样的字样。{REPORT_ZH}\n"),
    ]


def all_cases() -> list[tuple[Case, bytes]]:
    out: list[tuple[Case, bytes]] = []
    for case, content in (*encoding_cases(), *structure_cases()):
        out.append((case, content))
    for case, text in (*front_matter_cases(), *date_cases(), *naming_cases(), *security_cases()):
        out.append((case, text.encode("utf-8")))
    return out


# File names written in a legacy encoding (a Chinese zip unpacked on Linux): reported by
# name and reason, never a crash.
BYTE_NAMES = (("国内报告-gbk文件名.txt", "gbk"),)

SYMLINKS = (
    # (link under sources/, target relative to the link, what it is)
    ("link-to-outside-file.txt", "../outside/secret.txt", "file link leaving the folder"),
    ("link-to-outside-dir", "../outside", "folder link leaving the folder"),
    ("link-to-etc-hostname.txt", "/etc/hostname", "absolute link leaving the folder"),
    ("link-dangling.txt", "no-such-file.txt", "broken link"),
    ("link-loop.txt", "link-loop.txt", "link to itself"),
)


def write_corpus(dest: Path) -> list[Case]:
    """Write the corpus under `dest` (replacing what was there); return the cases."""
    dest = Path(dest)
    for sub in ("sources", "outside"):
        shutil.rmtree(dest / sub, ignore_errors=True)
    outside = dest / "outside"
    outside.mkdir(parents=True)
    (outside / "secret.txt").write_text(f"外部文件\n\n{SECRET}。{REPORT_ZH}\n", encoding="utf-8")
    cases = []
    for case, content in all_cases():
        path = dest / "sources" / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        cases.append(case)
    for name, encoding in BYTE_NAMES:  # names that are not UTF-8 (os.fsencode keeps them raw)
        raw = os.fsencode(dest / "sources") + b"/" + name.encode(encoding)
        with open(raw, "wb") as out:
            out.write(f"编码文件名\n\n{name}的正文。{REPORT_ZH}\n".encode("utf-8"))
        cases.append(Case(name, "badname", why=f"file name in {encoding}"))
    for link, target, why in SYMLINKS:
        os.symlink(target, dest / "sources" / link)
        cases.append(Case(link, "ignored", why=why))
    (dest / ".gitignore").write_text("# generated by tests/hostile_corpus.py\n*\n", encoding="utf-8")
    return cases


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data" / "hostile"
    written = write_corpus(target)
    print(f"{len(written)} cases written to {target}")
