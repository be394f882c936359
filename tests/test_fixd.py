"""Titles, chrome and credits the corpus evaluation still got wrong, each as a general rule:

- a thread archive that sets each post's author as a heading over the post header (Stage1st's
  plain-text archive: "#### 用户名" over "##### 1# 楼主 发表于 …"): the author heading is the
  post's author, never the document's title; the opening post's "楼主" header is one of the
  thread's headers; the archive's file name "2116380-01[标题].md" holds the title;
- a client's sign-off under a post ("—— 来自 S1Fun", "发自我的iPhone") and a forum's
  attachment chrome ("下载附件", "x.jpg (89.47 KB, 下载次数: 0)", "… 上传") are chrome;
- a saved page's skip link, a video player's error, a wiki's sister-project box are chrome;
- a Markdown custom container (":::info … :::") is a quote, its markers gone;
- an image URL loses the fragment an editor keeps notes in ("#averageHue=…");
- a page title that only names a character encoding ("Big5") is no title;
- an editor's credit (编辑, 责任编辑, 责编) is not the author.

The thread fixture is an excerpt (eight posts) of a real Stage1st archive file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config
from generator.conversion.cleaning.lines import line_reason
from generator.conversion.pipeline import run
from generator.conversion.plaintext import block_texts
from generator.conversion.stages.metadata import resolve_metadata
from generator.conversion.structure.threads import article_blocks, split_thread
from generator.conversion.titles import file_name_title
from generator.document import CODE, HEADING, IMAGE, PARAGRAPH, QUOTE, Block, Document, Removal
from generator.readers import read_source

THREADS = Path(__file__).parent / "fixtures" / "threads"
ARCHIVE = THREADS / "archive_author_headings_client_signatures_attachments.md"
ARCHIVE_TITLE = "岸田文雄发表施政演说，强调扭转低生育率"


def text_of(blocks) -> str:
    return "\n".join(t for b in blocks for t in (*block_texts(b), b.text, b.alt, b.src))


def convert_as(tmp_path: Path, name: str, content: bytes) -> Document:
    path = tmp_path / name
    path.write_bytes(content)
    return run(read_source(path, tmp_path), Config())


def markdown(body: str, source: str = "note.md") -> Document:
    return run(Document(source=source, raw=body, body=body, kind="markdown"), Config())


# ---------------------------------------------------------------- thread archives

def test_an_author_heading_over_each_post_is_the_posts_author_not_the_title(tmp_path):
    doc = convert_as(tmp_path, "archive.md", ARCHIVE.read_bytes())
    assert doc.title == "archive"                 # no title line: the file name, not a user name
    article = text_of(article_blocks(doc.blocks))
    assert "据日本共同社23日报道，岸田文雄当天表示" in article
    assert "马自达明天倒闭" not in article and "jinmaple" not in article
    comments = text_of(doc.blocks[len(article_blocks(doc.blocks)):])
    assert "**jinmaple**：" in comments and "**battleship64**：" in comments
    assert "加税的借口罢了" in comments and "日本会绿化吗" in comments


def test_the_opening_posts_header_is_one_of_the_threads_headers():
    thread = split_thread(ARCHIVE.read_text(encoding="utf-8"))
    assert thread is not None
    assert thread.posts[0].author == "马自达明天倒闭"
    assert len(thread.posts) == 8 and thread.intro == ()
    assert ("byline", "发表于 2023-1-25 15:45") in [(r.reason, r.text) for r in thread.removals]


def test_a_diary_stamped_to_the_minute_naming_floors_and_sofas_is_no_thread():
    body = ("装修日记\n\n"
            "2023-05-01 10:30 师傅来铺地板\n今天师傅一早就来了，先把旧的瓷砖敲掉，再找平地面，忙到傍晚才收工。\n\n"
            "2023-05-03 14:00 新沙发到货\n沙发比样品间看到的颜色深一点，不过坐起来很舒服，孩子在上面跳了半天。\n\n"
            "2023-05-05 09:15 地板打蜡\n最后一步是打蜡，屋子里全是蜡的味道，只好开窗通风一整天。\n")
    assert split_thread(body) is None
    doc = run(Document(source="diary.txt", raw=body, body=body, kind="text"), Config())
    assert "沙发比样品间看到的颜色深一点" in text_of(article_blocks(doc.blocks))
    assert not any(r.reason.startswith("forum") for r in doc.removed)


def test_a_title_heading_over_the_opening_posts_header_is_no_author():
    body = ("## 周末去爬山的路线推荐\n##### 1# 楼主 发表于 2023-1-25 15:45\n\n"
            "上周末去了香山，人不算多，从东门上去大概两个小时，山顶风景很好，推荐给大家。\n\n*****\n\n"
            "#### 小明\n##### 2# 发表于 2023-1-25 16:02\n\n谢谢分享，下周也去试试。\n\n*****\n\n"
            "#### 阿花\n##### 3# 发表于 2023-1-25 16:30\n\n香山秋天更好看。\n")
    thread = split_thread(body)
    assert thread.intro == ("## 周末去爬山的路线推荐",)
    assert [p.author for p in thread.posts] == ["", "小明", "阿花"]
    doc = markdown(body, source="thread.md")
    assert (doc.title, doc.title_source) == ("周末去爬山的路线推荐", "headline")


def test_an_archive_file_name_holds_the_threads_title(tmp_path):
    doc = convert_as(tmp_path, f"2116380-01[{ARCHIVE_TITLE}].md", ARCHIVE.read_bytes())
    assert (doc.title, doc.title_source) == (ARCHIVE_TITLE, "file-name")
    assert file_name_title("2171637-01[马拉松世界纪录保持者基普图姆因车祸去世]") == "马拉松世界纪录保持者基普图姆因车祸去世"
    assert file_name_title("[转载]读书笔记") == "[转载]读书笔记"   # words outside the brackets: no archive name
    assert file_name_title("notes-2024") == "notes-2024"


def test_client_sign_offs_and_attachment_chrome_go_from_every_post(tmp_path):
    doc = convert_as(tmp_path, "archive.md", ARCHIVE.read_bytes())
    everything = text_of(doc.blocks)
    for chrome in ("来自 S1Fun", "S1Next-鹅版", "下载附件", "下载次数", "17:21 上传"):
        assert chrome not in everything
    assert "一直在用。东京参加20岁新成人仪式" in everything       # the reply above the attachment stays
    reasons = {r.reason for r in doc.removed}
    assert {"client-signature", "attachment-widget"} <= reasons


def test_a_client_sign_off_is_chrome_anywhere_and_coming_from_somewhere_is_not():
    for line in ("—— 来自 [S1Fun](https://s1fun.koalcat.com)",
                 "—— 来自 [鹅球](https://www.pgyer.com/xfPejhuq) v3.0.86-alpha",
                 "----发送自 [STAGE1 App for Android.](http://stage1.5j4m.com/?1.37)",
                 "来自iPhone客户端", "发自我的iPhone", "Sent from my iPhone"):
        assert line_reason(line, "middle", False) == "client-signature", line
    for sentence in ("来自北京", "他来自北京，是一名工程师。", "发自内心的感谢", "发自我的内心深处的感谢"):
        assert line_reason(sentence, "middle", False) is None, sentence


# ---------------------------------------------------------------- saved-page chrome

@pytest.mark.parametrize("line, reason, zone", [
    ("[Skip 熱讀 and continue reading](https://www.bbc.com/zhongwen/articles/x/trad#end-of-recommendations)",
     "skip-link", "middle"),
    ("跳到主要内容", "skip-link", "head"),
    ("Error loading media: File could not be played", "media-player", "middle"),
    ("Your browser does not support the video tag.", "media-player", "middle"),
    ("commons：卷首", "wiki-sister-link", "tail"),
    ("聲象映響，具錄於維基共享︰維基大典。", "wiki-sister-link", "tail"),
    ("维基共享资源中相关的多媒体资源：雄安新区", "wiki-sister-link", "tail"),
])
def test_page_template_lines_are_chrome(line, reason, zone):
    assert line_reason(line, zone, False) == reason


def test_a_wiki_sister_box_goes_from_the_end_of_a_plain_text():
    body = ("維基大典（Wikipedia）者，網路為礎；集天下知、四海言、眾人志，書百科焉。\n\n"
            "文言維基始於丙戌年七夕，迄今得文二千一百八十九。\n   \n"
            "commons:卷首\n\t聲象映響，具錄於維基共享︰維基大典。\n")
    doc = run(Document(source="wiki.txt", raw=body, body=body, kind="text"), Config())
    text = text_of(doc.blocks)
    assert "文言維基始於丙戌年七夕" in text or "文言维基始于丙戌年七夕" in text
    assert "commons" not in text and "共享" not in text


# ---------------------------------------------------------------- Markdown sources

def test_a_custom_container_becomes_a_quote_without_its_markers():
    doc = markdown(":::info\n📒 让我们站在以年为节点的时间线上，看看一年时间做了什么\n:::\n"
                   "## 年度回顾\n在过去的2023年，我经历了工作上的变化。\n\n"
                   "::: tip 小提示\n先备份，再升级。\n:::\n后面的正文照常。\n\n"
                   "```\n:::info\n代码里的冒号照写\n:::\n```\n")
    assert not any(":::" in t for b in doc.blocks if b.kind != "code" for t in block_texts(b))
    quotes = [b.text for b in doc.blocks if b.kind == QUOTE]
    assert any("让我们站在以年为节点的时间线上" in q for q in quotes)
    assert "**小提示**" in quotes and "先备份，再升级。" in quotes
    assert "后面的正文照常。" in [b.text for b in doc.blocks if b.kind == PARAGRAPH]
    assert any(":::info" in b.text for b in doc.blocks if b.kind == "code")


def kinds_and_texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def test_a_containers_title_and_paragraphs_are_quoted_apart_not_glued():
    doc = markdown("正文第一段，完整的句子。\n\n::: tip 小提示\n先备份，再升级。\n\n升级后检查版本号。\n:::\n\n后面的正文照常。\n")
    assert kinds_and_texts(doc) == [(PARAGRAPH, "正文第一段，完整的句子。"), (QUOTE, "**小提示**"),
                                    (QUOTE, "先备份，再升级。"), (QUOTE, "升级后检查版本号。"),
                                    (PARAGRAPH, "后面的正文照常。")]


def test_fenced_code_inside_a_container_stays_a_code_block():
    doc = markdown("安装步骤如下，先准备好环境。\n\n::: tip 安装\n先安装依赖：\n\n"
                   "```bash\nnpm install --save-dev vuepress\nnpm run docs:dev\n```\n\n然后打开浏览器。\n:::\n\n"
                   "正文继续，说明配置文件的写法。\n")
    assert kinds_and_texts(doc) == [(PARAGRAPH, "安装步骤如下，先准备好环境。"), (QUOTE, "**安装**"),
                                    (QUOTE, "先安装依赖："), (CODE, "npm install --save-dev vuepress\nnpm run docs:dev"),
                                    (QUOTE, "然后打开浏览器。"), (PARAGRAPH, "正文继续，说明配置文件的写法。")]


def test_nested_and_bracket_titled_containers_and_ones_inside_pre():
    doc = markdown("说明如下。\n\n:::info\n外层的说明。\n\n:::note[内层标题]\n内层的说明。\n:::\n\n外层继续说明。\n:::\n\n正文继续。\n")
    assert kinds_and_texts(doc) == [(PARAGRAPH, "说明如下。"), (QUOTE, "外层的说明。"), (QUOTE, "**内层标题**"),
                                    (QUOTE, "内层的说明。"), (QUOTE, "外层继续说明。"), (PARAGRAPH, "正文继续。")]
    doc = markdown("正文第一段。\n\n<pre>\n:::info\n预格式文本\n:::\n</pre>\n\n正文第二段。\n")
    assert (CODE, ":::info\n预格式文本\n:::") in kinds_and_texts(doc)


def test_an_image_url_loses_the_notes_an_editor_keeps_in_its_fragment():
    yuque = ("https://cdn.nlark.com/yuque/0/2024/jpeg/1/a.jpeg?x-oss-process=image/auto-orient,1"
             "#averageHue=%23545649&clientId=u98bfbd12-7229-4&from=ui&height=293&width=220")
    doc = markdown(f"正文第一段。\n\n![a.jpeg]({yuque})\n\n![](https://example.com/icons.svg#home)\n")
    sources = [b.src for b in doc.blocks if b.kind == IMAGE]
    assert sources == ["https://cdn.nlark.com/yuque/0/2024/jpeg/1/a.jpeg?x-oss-process=image/auto-orient,1",
                       "https://example.com/icons.svg#home"]   # an SVG's fragment names its picture


# ---------------------------------------------------------------- titles and credits

PAGE = ("<html><head><title> {title} </title></head><body>"
        "<p>台北看守所昨天抽查前總統陳水扁的房舍，引來扁的強烈不滿。</p>"
        "<p>{text}北所副所長李大竹強調，為維護收容人安全，每天都會不定時、不定點抽查舍房。</p></body></html>")


def test_a_title_that_only_names_an_encoding_is_no_title(tmp_path):
    doc = convert_as(tmp_path, "page.html", PAGE.format(title="Big5", text="").encode("big5"))
    assert doc.title != "Big5"
    assert "Big5" not in text_of(doc.blocks)
    # a page about the encoding keeps its title
    doc = convert_as(tmp_path, "utf.html", PAGE.format(title="UTF-8", text="UTF-8 是一種編碼。").encode("utf-8"))
    assert doc.title == "UTF-8"


def test_a_page_title_that_is_an_ordinary_word_python_knows_as_a_codec_stays(tmp_path):
    for word in ("Greek", "Chinese", "Latin", "Korean"):
        doc = convert_as(tmp_path, f"trip-{word}.html", PAGE.format(title=word, text="").encode("utf-8"))
        assert (doc.title, doc.title_source) == (word, "front-matter")
    doc = convert_as(tmp_path, "gbk.html", PAGE.format(title="GB2312", text="").encode("utf-8"))
    assert doc.title != "GB2312"


def test_an_authors_front_matter_title_is_never_taken_for_an_encoding(tmp_path):
    for title in ("Korean", "Big5"):
        doc = convert_as(tmp_path, "note-1.md", f"---\ntitle: {title}\n---\n\n今天学了四十个单词，发音比想象的难。\n".encode())
        assert (doc.title, doc.title_source) == (title, "front-matter")


def test_only_an_archives_id_and_han_title_in_brackets_is_a_file_name_title():
    for stem in ("report[v2]", "notes[draft]", "2024-05-01[old]", "IMG_0001[1]", "2171637-01[v2]"):
        assert file_name_title(stem) == stem
    assert file_name_title("2116380[岸田文雄发表施政演说]") == "岸田文雄发表施政演说"


def test_an_editors_credit_is_not_the_author():
    for removed, author in (("本文来源：新华社 责任编辑：李曦_NN2587", ""), ("責任編輯：孫芸", ""),
                            ("編輯：玫瑰天空", ""), ("(责编：汤诗瑶、丁涛)", ""),
                            ("作者：张三 责任编辑：李四", "张三")):
        doc = Document(source="a.html", kind="webpage", meta={"title": "标题"},
                       blocks=(Block(PARAGRAPH, text="正文第一段。"),), removed=(Removal("byline", removed),))
        assert resolve_metadata(doc, Config()).author == author, removed


@pytest.mark.parametrize("credit, author", [
    ("文/编辑：张三", "张三"), ("作者/编辑：李四", "李四"), ("采写/编辑：王五", "王五"), ("撰文/编辑：赵六", "赵六"),
    ("文｜编辑：钱七", "钱七"), ("文/编辑 张三", "张三"), ("编辑：孙八", ""), ("责任编辑：孙八", ""), ("图文编辑：周九", ""),
])
def test_a_writer_who_also_edited_is_the_author(credit, author):
    doc = Document(source="a.html", kind="webpage", meta={"title": "标题"},
                   blocks=(Block(PARAGRAPH, text="正文第一段。"),), removed=(Removal("byline", credit),))
    assert resolve_metadata(doc, Config()).author == author


def test_a_wechat_post_credited_to_its_writer_and_editor_has_that_author():
    doc = markdown("# 春天的第一场雨\n\n文/编辑：张小雨\n\n"
                   "今天早上下了今年的第一场春雨，小区里的玉兰花一夜之间全开了。\n\n"
                   "雨停以后，孩子们在水坑里踩来踩去，笑声传遍了整个院子。\n")
    assert doc.author == "张小雨"


# ---------------------------------------------------------------- older misses, general rules

def test_portal_prompts_credits_and_notices_are_chrome():
    assert line_reason("进入[【新浪财经股吧】](http://guba.sina.com.cn)讨论", "middle", False) == "discussion-prompt"
    assert line_reason("经过文刃重新编排", "tail", False) == "editor-credit"
    assert line_reason("商都网(shangdu.com)及左侧Logo为中国联合网络通信有限公司河南省分公司合法持有注册商标",
                       "tail", False) == "site-footer"
    assert line_reason("相关新闻", "middle", False) == "related-links"
    for sentence in ("他进入公司讨论了三个小时。", "由此整理出三条规律。"):
        assert line_reason(sentence, "tail", False) is None, sentence


INTRO = "这是一篇普通的文章，开头一段是完整的句子，讲述事情的来龙去脉。\n\n"
MID = "\n\n中间一段也是完整的句子，继续讲述事情的经过和细节。\n\n"
END = "\n\n最后一段是完整的句子，作者在这里做了总结。\n"


@pytest.mark.parametrize("body, kept", [
    (INTRO + "我们永远不会忘记这段话：“孩子们，要好好读书。”\n\n——来自一位乡村教师的信" + MID + END, "来自一位乡村教师的信"),
    (INTRO + "## 发自我的 iPhone：如何修改邮件签名" + MID + END, "如何修改邮件签名"),
    (INTRO + "## 视频无法播放怎么办" + MID + END, "视频无法播放怎么办"),
    (INTRO + "常见的问题有：\n\n- 视频加载失败的三个原因\n- 声音和画面不同步\n" + MID + END, "视频加载失败的三个原因"),
    (INTRO + "会议议程如下：\n\n- 听取工作报告\n- 进入第二阶段讨论\n- 表决通过决议\n" + MID + END, "进入第二阶段讨论"),
    (INTRO + "## 到底要不要讨论" + MID + END, "到底要不要讨论"),
    (INTRO + MID + "他在接受维基新闻采访时说：我们会坚持下去。\n", "我们会坚持下去"),
    (INTRO + MID + "全文收录在维基文库里，诗的第一句是：床前明月光。\n", "床前明月光"),
    (INTRO + MID + "法院最终认定，乔丹体育在该类别上合法持有注册商标。\n", "乔丹体育在该类别上合法持有注册商标"),
    (INTRO + MID + "截至去年底，这家老字号已在四十多个国家拥有注册商标。\n", "这家老字号已在四十多个国家拥有注册商标"),
    (INTRO + MID + "本次活动的分工：\n\n- 由张老师统一整理\n- 由李老师负责发布\n", "由张老师统一整理"),
    (INTRO + "以上图文内容来自：人民日报客户端" + MID + END, "人民日报客户端"),
])
def test_ordinary_sentences_headings_and_items_are_not_chrome(body, kept):
    doc = markdown(body)
    assert kept in text_of(doc.blocks)
    assert not any(kept in r.text for r in doc.removed)


def test_the_chrome_those_rules_were_written_for_still_goes():
    for line, reason, zone in (("视频加载失败，请稍后重试", "media-player", "middle"), ("视频无法播放", "media-player", "middle"),
                               ("到招聘论坛发表你的看法吧", "discussion-prompt", "middle"),
                               ("到招聘论坛发表你对这个小女生的看法吧", "discussion-prompt", "middle"),
                               ("由小编整理", "editor-credit", "tail"),
                               ("—— 来自 OnePlus GM1910, Android 11上的 [S1Next-鹅版](https://github.com/ykrank/S1-Next/releases) v2.5.4",
                                "client-signature", "middle")):
        assert line_reason(line, zone, False) == reason, line
    doc = markdown("正文第一段，完整的句子，说的是淘宝。\n\n你淘宝还有什么啊来自: iPhone客户端\n\n最后一段，完整的句子。\n")
    assert "iPhone客户端" not in text_of(doc.blocks) and "你淘宝还有什么啊" in text_of(doc.blocks)


def test_a_related_reports_heading_over_the_articles_own_list_stays():
    body = ("这次发布会引起了广泛关注，各家媒体的报道角度并不相同。\n\n## 相关报道\n\n"
            "- 新华社：经济运行稳中向好\n- 人民日报：就业形势总体稳定\n- 经济日报：消费市场持续回暖\n\n"
            "## 分析\n\n从标题可以看出，官方媒体普遍强调稳定和向好，这与市场媒体的关注点形成对比。\n")
    doc = markdown(body)
    assert (HEADING, "相关报道") in kinds_and_texts(doc)
    assert "人民日报：就业形势总体稳定" in text_of(doc.blocks)
    # over links it is a header of links, and goes with them
    doc = markdown("正文第一段，完整的句子。\n\n相关新闻\n\n- [标题一](https://news.example.com/a.html)\n"
                   "- [标题二](https://news.example.com/b.html)\n\n正文第二段，完整的句子。\n")
    assert "相关新闻" not in text_of(doc.blocks) and "标题一" not in text_of(doc.blocks)
    doc = markdown("正文第一段，完整的句子。\n\n## 相关新闻\n\n- 09-03-06·[布兰妮复出巡演疑假唱](https://news.example.com/a.html)\n"
                   "- 09-11-06·[布兰妮澳洲忙排练](https://news.example.com/b.html)\n\n## 分析\n\n正文第二段，完整的句子。\n")
    assert "布兰妮复出巡演疑假唱" not in text_of(doc.blocks)   # dated items of links: a news list


def test_a_list_of_links_through_an_ad_server_is_an_advert():
    ads = ("- [测：你的前世是被谁害死的](http://adclick.bai.sohu.com/adclick?http://bai.sohu.com/t.do?PID=1) "
           "[看看你还能活多久](http://adclick.bai.sohu.com/adclick?http://bai.sohu.com/t.do?PID=2)\n"
           "- [中国美女最多的省](https://ad.doubleclick.net/clk;1;2?https://example.com/a)\n")
    doc = markdown("布兰妮在澳大利亚珀斯站演唱会上对口型假唱，数以百计的歌迷当场离开。\n\n" + ads
                   + "\n- [布兰妮澳洲忙排练](http://music.yule.sohu.com/20091106/n268014847.shtml)\n\n"
                   "歌迷认为票价不值，主办方没有回应。\n")
    text = text_of(doc.blocks)
    assert "看看你还能活多久" not in text and "中国美女最多的省" not in text
    assert "布兰妮澳洲忙排练" in text                       # an ordinary link stays
    assert "ad-link-list" in {r.reason for r in doc.removed}


def test_paragraphs_a_blog_export_indented_with_tabs_are_prose_not_code():
    body = ("**感情方面**\n\n\t最後都係分咗。其實異地戀係難，我明架&hellip;&hellip;希望得啦。\n\n"
            "\t**學業方面**\n\n\t今年終於讀到MAD一科，開咗兩個禮拜學。\n\n\t&#8211;\n\n"
            "正文之後的一段代碼：\n\n\tprint('你好，世界')  # 問候；\n\tx = {'鍵': '值'}\n")
    doc = markdown(body)
    paragraphs = [b.text for b in doc.blocks if b.kind == PARAGRAPH]
    assert "最后都系分咗。其实异地恋系难，我明架……希望得啦。" in paragraphs   # in the site's script
    assert "今年终于读到MAD一科，开咗两个礼拜学。" in paragraphs
    assert not any("&#8211;" in t or "&hellip;" in t for b in doc.blocks for t in block_texts(b))
    assert [b.text for b in doc.blocks if b.kind == "code"] == ["print('你好，世界')  # 問候；\nx = {'鍵': '值'}"]


@pytest.mark.parametrize("block, code", [
    ('    print("你好，世界。欢迎来到我们的网站！")\n', 'print("你好，世界。欢迎来到我们的网站！")'),
    ("\t运行结果：\n\t第1次：成功，耗时3秒。\n\t第2次：失败，原因是网络超时。\n",
     "运行结果：\n第1次：成功，耗时3秒。\n第2次：失败，原因是网络超时。"),
    ("    [信息] 开始同步，共三个文件。\n    [错误] 第二个文件读取失败，已跳过。\n",
     "[信息] 开始同步，共三个文件。\n[错误] 第二个文件读取失败，已跳过。"),
    ("    床前明月光，\n    疑是地上霜。\n    举头望明月，\n    低头思故乡。\n", "床前明月光，\n疑是地上霜。\n举头望明月，\n低头思故乡。"),
    ("    2023-05-01 10:30 开始备份数据库，预计需要十分钟左右。\n", "2023-05-01 10:30 开始备份数据库，预计需要十分钟左右。"),
])
def test_indented_code_output_logs_and_verse_stay_as_written(block, code):
    doc = markdown("下面是一个例子，请仔细看。\n\n" + block + "\n以上就是全部内容。\n")
    assert [b.text for b in doc.blocks if b.kind == CODE] == [code]


def test_a_malformed_link_never_stops_the_build():
    for body in ("正文第一段，完整的句子。\n\n[点击这里](http://[adclick.example.com/x)\n\n最后一段，完整的句子。\n",
                 "正文第一段，完整的句子。\n\n- [点击这里](http://[::1/x)\n- [另一个](http://example.com)\n\n最后一段，完整的句子。\n"):
        doc = markdown(body)
        assert not [p for p in doc.problems if p.severity == "error"]
        assert "最后一段，完整的句子。" in text_of(doc.blocks)


def test_an_indented_blog_paragraph_with_a_linked_image_is_still_prose():
    body = ("前言一段。\n\n\t大概係咁啦，最後貼張舊相收尾啦XDD，下次再見。\n\n"
            "\t[![舊相](https://example.com/a-600x450.jpg)](https://example.com/a.jpg)\n")
    doc = markdown(body)
    assert not [b for b in doc.blocks if b.kind == CODE]


# --- the second review: what the mended rules still got wrong -----------------------------

def test_a_container_or_details_holding_a_link_is_read_as_markdown():
    from generator.conversion.structure.markdown_source import markdown_to_html
    html, _ = markdown_to_html("正文。\n\n::: tip 提示\n这是**重点**，见[官网](https://example.com/a/very/long/path/index.html)。\n:::\n")
    assert '<a href="https://example.com/a/very/long/path/index.html">官网</a>' in html
    assert 'markdown="1"' not in html and "**" not in html
    html, _ = markdown_to_html("<details>\n<summary>展开</summary>\n\n**一月**：见[报道](https://news.example.com/2023/01/a.html)。\n\n"
                               "- 项目一\n- 项目二\n\n</details>\n")
    assert "<li>项目一</li>" in html and "<strong>一月</strong>" in html


def test_indented_chinese_prose_with_ascii_brackets_or_short_sentences_is_prose():
    body = ("正文开头。\n\n\t2019年5月1日，我们从北京(首都机场)出发，导游说\"明天去洱海\"，大家都很期待。\n\n"
            "\t第三段正文，没有任何特殊符号，只是普通的中文句子。\n\n"
            "日记。\n\n\t2019年5月2日，晴。\n\t早上七点出发去机场。\n")
    doc = markdown(body)
    assert not [b for b in doc.blocks if b.kind == "code"]
    texts = " ".join(t for b in doc.blocks for t in block_texts(b))
    assert "首都机场" in texts and "早上七点出发去机场。" in texts


def test_floor_words_alone_make_a_thread_header():
    text = ("张三 楼主 2023-05-05 09:15\n\n今天去看了展览，感觉很不错，推荐大家去看看。\n\n"
            "李四 沙发 2023-05-05 09:20\n\n谢谢分享，周末我也去看看。\n\n"
            "王五 板凳 2023-05-05 09:31\n\n展览门票多少钱？\n\n"
            "赵六 地板 2023-05-05 10:02\n\n免费的，需要预约。\n")
    thread = split_thread(text)
    assert thread is not None and len(thread.posts) == 4
