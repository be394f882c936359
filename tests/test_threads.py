"""Forum threads: the opening post is the article; replies are dropped (a saved page) or set
apart under 评论 (an export); forum chrome goes; a reply's timestamp never dates anything.

The fixtures are excerpts of real threads (tests/fixtures/threads/): a Discuz! X page, and
1984bbs threads exported to Markdown (floor headers "N楼 大 中 小 发表于 … 只看该作者").
"""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.document import HEADING, Document
from generator.conversion.pipeline import run
from generator.conversion.plaintext import block_texts
from generator.readers import read_source
from generator.conversion.structure import dom
from generator.conversion.structure.thread_pages import first_post
from generator.conversion.structure.threads import article_blocks, split_thread, thread_markdown
from generator.conversion.fold import fold_script

FIXTURES = Path(__file__).parent / "fixtures" / "threads"


def convert(name: str) -> Document:
    path = FIXTURES / name
    return run(read_source(path, path.parent), Config())


def text_of(blocks) -> str:
    return "\n".join(t for b in blocks for t in (*block_texts(b), b.text, b.alt))


def comments_of(doc: Document) -> str:
    return text_of(doc.blocks[len(article_blocks(doc.blocks)):])


def reasons(doc: Document) -> list[str]:
    return [r.reason for r in doc.removed]


def test_saved_discuz_page_keeps_the_opening_post_and_drops_replies_and_chrome():
    doc = convert("discuz_thread_opening_post_and_three_replies.html")
    text = text_of(doc.blocks)
    for phrase in ("现在的鼠神说是传奇，跟别的传奇差太远了", "莲花雷变成可以自动恢复的",
                   "普通攻击范围增加，最起码变成散弹", "霸主武器都是无限"):
        assert phrase in text
    for reply in ("顶你，鼠神真的是太", "同质化太严重了就没意思了", "莲花能自动蓄能恢复"):
        assert reply not in text
    for chrome in ("电梯直达", "只看该作者", "审核通过", "倒序浏览", "发表于", "新手上路"):
        assert chrome not in text
    assert reasons(doc).count("forum-reply") == 3
    assert not doc.events
    # a list of dated links (related articles) is no thread
    soup = dom.parse_html((FIXTURES / "dated_related_links_not_a_thread.html").read_text(encoding="utf-8"))
    assert first_post(soup.body, soup.body) is None


def test_first_post_timestamp_is_recorded_as_the_byline_never_a_reply_stamp():
    doc = convert("discuz_thread_opening_post_and_three_replies.html")
    bylines = [r.text for r in doc.removed if r.reason == "byline"]
    assert "发表于 2024-4-5 23:20:45" in bylines
    assert not any("2024-4-11" in b or "2024-5-6" in b for b in bylines)


def test_export_opening_post_is_the_article_and_replies_stand_apart_under_comments():
    doc = convert("floors_export_bot_credit_and_signatures.md")
    article = text_of(article_blocks(doc.blocks))
    assert "各位光棍节快乐！！" in article and "怨念中" in article
    assert "骚闷无度" not in article            # a reply, not the article
    headings = [b.text for b in doc.blocks if b.kind == HEADING]
    assert headings[-1] == "评论"
    comments = comments_of(doc)
    for reply in ("上海帅哥怨断魂。借问老婆何处有？", "骚闷无度，哈哈。", "茶几党什么时候聚会诶？"):
        assert reply in comments                # replies are kept, set apart
    assert "**Len**" in comments                # each reply says who wrote it
    everything = text_of(doc.blocks)
    for chrome in ("只看该作者", "发表于", "Terminusbot", "讨论请前往", "烂烂 @lennyrotten",
                   "SC截图党1984BBS支部书记"):
        assert chrome not in everything
    assert {"forum-post-header", "forum-author", "forum-signature", "forum-reply"} <= set(reasons(doc))


def test_export_without_front_matter_is_dated_by_the_first_post_and_drops_signatures():
    doc = convert("floors_export_no_front_matter_signature_with_shop.md")
    assert (doc.date, doc.date_source) == ("2008-12-16", "byline")   # replies: 12-17 and later
    everything = text_of(doc.blocks)
    assert "卖tee的钢爷" not in everything      # a user title under the name
    assert "用Google的同学把ID发上来吧" in comments_of(doc)
    assert "taobao" not in doc.tags


def test_reply_quoting_a_post_states_no_event_and_edit_stamps_go():
    doc = convert("floors_export_edit_stamp_and_quoted_reply.md")
    assert "韩寒的杂志创刊号最晚1月初就要出街了" in text_of(article_blocks(doc.blocks))
    assert "看成韩寒要上市" in comments_of(doc)
    assert not any("原帖由" in e.text or "2009-12-17" in e.text for e in doc.events)
    everything = text_of(doc.blocks)
    assert "本帖最后由" not in everything and "引用:" not in everything


def test_quoted_byline_inside_the_opening_post_does_not_split_it():
    doc = convert("floors_export_quoted_byline_in_opening_post.md")
    article = fold_script(text_of(article_blocks(doc.blocks)))
    for phrase in ("龙应台：大江大海 一九四九", "所有的顛沛流離，最後都由大江走向大海", "火車到了衡陽，不走了。"):
        assert fold_script(phrase) in article
    assert "本主题由" not in text_of(doc.blocks)
    assert "盼望电子书" in comments_of(doc)




def test_text_export_keeps_replies_under_comments():
    path = FIXTURES / "floors_export_edit_stamp_and_quoted_reply.md"
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]   # no front matter
    doc = run(Document(source="thread.txt", raw=body, body=body, kind="text"), Config())
    assert "韩寒的杂志创刊号最晚1月初就要出街了" in text_of(article_blocks(doc.blocks))
    assert "看成韩寒要上市" in comments_of(doc)
    assert "只看该作者" not in text_of(doc.blocks)
    assert doc.date == "2009-12-17"


def test_article_with_floor_comments_below_keeps_the_article_and_no_comment_dates_it():
    floors = (FIXTURES / "floors_export_bot_credit_and_signatures.md").read_text(encoding="utf-8")
    replies = floors[floors.index("Len"):]   # from the second post on
    article = ("# 各位光棍节快乐！！\n\n"
               "光棍节源于校园文化，最早是南京几所高校的学生在十一月十一日自嘲单身的日子，"
               "后来由网络传播到全社会，成了年轻人聚会交友的节日。\n\n")
    thread = split_thread(article + replies)
    assert thread is not None and thread.posts[0].lines == ()
    assert "光棍节源于校园文化" in thread_markdown(thread).split("# 评论")[0]
    assert "不要怨念" in thread_markdown(thread).split("# 评论")[1]
    assert not [r for r in thread.removals if r.reason == "byline"]


def test_short_post_without_a_clear_end_is_not_taken_for_the_next_author():
    text = ("# 标题\n\n1楼 发表于 2009-11-11 11:51 只看该作者\n\n今天的正文就一句\n\n"
            "2楼 发表于 2009-11-11 12:01 只看该作者\n\n顶\n\n3楼 发表于 2009-11-11 12:05 只看该作者\n\n好\n")
    thread = split_thread(text)
    assert thread is not None
    assert "今天的正文就一句" in thread.posts[0].lines
    assert [p.lines for p in thread.posts[1:]] == [("", "顶", ""), ("", "好", "")]
    # one stamped post is an article with a byline, not a thread
    assert split_thread(text[:text.index("2楼")]) is None


def test_front_matter_title_cut_at_a_space_takes_the_heading_it_cuts():
    doc = convert("floors_export_quoted_byline_in_opening_post.md")   # title: 书讯：龙应台《大江大海
    assert doc.title == "书讯：龙应台《大江大海 一九四九》"
    assert not any("[图书]" in t for b in doc.blocks for t in block_texts(b))
    # a heading that adds a site name after the title is not a longer title
    body = "# 法国全国大罢工 - 新华网\n\n正文第一段，讲罢工的影响。\n"
    doc = run(Document(source="a.md", raw=body, body=body, kind="markdown",
                       meta={"title": "法国全国大罢工"}), Config())
    assert doc.title == "法国全国大罢工"



def test_article_with_floor_comments_is_not_dated_by_a_comment():
    floors = (FIXTURES / "floors_export_bot_credit_and_signatures.md").read_text(encoding="utf-8")
    body = ("# 光棍节的来历\n\n"
            "光棍节源于校园文化，最早是南京几所高校的学生在十一月十一日自嘲单身的日子，"
            "后来由网络传播到全社会，成了年轻人聚会交友的节日。\n\n" + floors[floors.index("Len"):])
    doc = run(Document(source="a.md", raw=body, body=body, kind="markdown"), Config())
    assert "不要怨念" in comments_of(doc)
    assert doc.date is None   # every stamp is a comment's: the article states no date


def test_a_reply_author_keeps_the_underscores_and_backslashes_of_the_name():
    """One reading of inline Markdown (plaintext.inline_to_plain): the forum reader's own
    stripped every `_` and `\\` from a reply's author, so 小明_2008 was shown as 小明2008."""
    from generator.conversion.structure.threads import Post, Thread, thread_markdown

    thread = Thread(intro=("# 标题",), posts=(Post("楼主", ("正文。",)),
                                              Post("[小明_2008](https://bbs.example/u/1)", ("回复。",))),
                    removals=())
    assert "**小明\\_2008**：" in thread_markdown(thread)
