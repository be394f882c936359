"""PTT posts and page counters, each as a general rule:

- a PTT post (作者/看板/標題/時間 header, "※ 發信站" footer, 推/噓/→ pushes): the 標題 line is
  the title, the 時間 line the date, the footer and edit notes are chrome, the pushes are
  replies (removed and recorded), the author's answers below them are comments;
- a page's counters and widgets (点击次数：199, 字号：[ 大 中 小 ], 技术支持：…) are chrome,
  a sentence naming them is not.
"""

from __future__ import annotations

import pytest

from generator.config import Config
from generator.conversion.cleaning.lines import line_reason
from generator.conversion.pipeline import run
from generator.conversion.plaintext import block_texts
from generator.conversion.structure.threads import article_blocks
from generator.document import Document


def text_of(blocks) -> str:
    return "\n".join(t for b in blocks for t in (*block_texts(b), b.text))


def markdown(body: str, source: str = "note.md") -> Document:
    return run(Document(source=source, raw=body, body=body, kind="markdown"), Config())


# ---------------------------------------------------------------- counters and widgets

@pytest.mark.parametrize("line, reason", [
    ("点击次数：199", "view-counter"),
    ("字号：[ 大 中 小 ]", "page-tools"),
    ("【字体：大 中 小】", "page-tools"),
    ("技术支持：网络技术中心", "site-footer"),
])
def test_a_counter_or_widget_line_is_chrome(line, reason):
    assert line_reason(line, "tail", False) == reason
    assert line_reason(line, "head", False) == reason


@pytest.mark.parametrize("line", ["发布时间：2024-01-02 点击次数：199",
                                  "发布日期：2024-06-12 信息来源：经管学院 浏览次数：453 字号：[ 大 中 小 ]"])
def test_a_publish_line_with_a_click_count_is_a_byline(line):
    assert line_reason(line, "head", False) == "byline"


def test_a_web_teams_credit_beside_the_record_number_is_the_sites_footer():
    assert line_reason("技术支持：网络技术中心      校备案号：311_19004", "tail", False) == "site-footer"


@pytest.mark.parametrize("line", ["他说字号：大中小都有人用过，最后选了中号。", "技术支持：网络技术中心负责全校的网络建设和运行维护工作。"])
def test_a_sentence_naming_a_widget_stays(line):
    assert line_reason(line, "tail", False) is None


def test_counters_at_a_pages_head_and_tail_go_and_the_article_stays():
    doc = markdown("# 关于开展2024年资产评估师考试报名的通知\n\n点击次数：199\n\n字号：[ 大 中 小 ]\n\n"
                   "各有关单位：根据工作安排，现将2024年考试报名有关事项通知如下。\n\n"
                   "【字体：大 中 小】\n\n技术支持：网络技术中心\n")
    body = text_of(doc.blocks)
    assert "现将2024年考试报名有关事项通知如下" in body
    for chrome in ("点击次数", "字号", "字体", "技术支持"):
        assert chrome not in body
    assert {"view-counter", "page-tools", "site-footer"} <= {r.reason for r in doc.removed}


# ---------------------------------------------------------------- PTT posts

PTT_POST = """```
作者 AmosYang (泛用人型編碼器)
看板 Soft_Job
標題 [心得][英文] 如何命名「複製」功能
時間 Fri Aug 28 11:52:49 2020
```

這週的主題是「複製」： Copy, Clone, Duplicate 。

# Copy

copy 起源於 14 世紀後期，原意是「抄寫複製文字/文件」。

有任何疑問、建議、感想，歡迎推文留言討論。 :)

```
--
※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 136.56.13.184 (美國)
※ 文章網址: https://www.ptt.cc/bbs/Soft_Job/M.1598586794.A.F2D.html
※ 編輯: AmosYang (136.56.13.184 美國), 08/28/2020 11:56:01
推 CaptPlanet: 推 08/28 12:38
→ summerleaves: 優** 08/28 17:59
推 wulouise: reference是參照不是複製吧 08/28 22:01
推 kyukyu: 09/03 12:12

謝謝各位的欣賞 :)
※ 編輯: AmosYang (136.56.13.184 美國), 08/29/2020 07:28:47
噓 someone: 2021年就不是這樣了 08/29 09:52
```
"""


@pytest.mark.parametrize("name, body", [("post.md", PTT_POST), ("post.txt", PTT_POST.replace("```\n", ""))])
def test_a_ptt_header_gives_the_title_and_the_date(name, body):
    kind = "markdown" if name.endswith(".md") else "text"
    doc = run(Document(source=name, raw=body, body=body, kind=kind), Config())
    assert doc.title == "[心得][英文] 如何命名「复制」功能"
    assert str(doc.date).startswith("2020-08-28")
    article = text_of(article_blocks(doc.blocks))
    assert "这周的主题是「复制」" in article and "欢迎推文留言讨论" in article
    for chrome in ("作者", "看板", "发信站", "文章网址", "编辑", "CaptPlanet", "wulouise", "2021年"):
        assert chrome not in text_of(doc.blocks), chrome
    reasons = [r.reason for r in doc.removed]
    assert reasons.count("forum-reply") == 5
    assert reasons.count("forum-chrome") >= 4
    assert "谢谢各位的欣赏" in text_of(doc.blocks)           # the author's answer: kept, apart
    assert "谢谢各位的欣赏" not in article
    assert not any("2021" in e.date for e in doc.events)     # a push is no event


def test_a_push_quoted_in_the_article_does_not_end_it():
    body = PTT_POST.replace("# Copy\n", "# Copy\n\n推 someone: 先推再看 08/27 10:00\n")
    article = text_of(article_blocks(markdown(body).blocks))
    assert "copy 起源于 14 世纪后期" in article and "欢迎推文留言讨论" in article


def test_a_code_block_right_under_an_unfenced_header_stays_code():
    body = PTT_POST.replace("```\n作者", "作者").replace("2020\n```\n", "2020\n```python\nprint(1)\n```\n", 1)
    doc = markdown(body)
    assert doc.title == "[心得][英文] 如何命名「复制」功能"
    assert any(b.kind == "code" and "print(1)" in b.text for b in doc.blocks)


def test_a_page_that_only_mentions_ptt_fields_is_no_ptt_post():
    body = "作者 张三\n\n这是一篇文章，標題 和 時間 都写在正文里。\n\n推 一下: 这不是推文 08/28 12:38\n"
    doc = markdown(body)
    assert "推 一下" in text_of(doc.blocks)
    assert "forum-reply" not in {r.reason for r in doc.removed}
