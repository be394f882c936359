"""The clean stage's pinned behaviours, on blocks built in the test."""

from __future__ import annotations

from collections import Counter

import pytest

from clean_support import FIXTURES, block_texts, clean, parse_fixture
from generator.document import CAPTION, HEADING, IMAGE, LIST, PARAGRAPH, RULE, Block


PROSE = (
    "双十一期间，平台的物流订单量再创新高，菜鸟在全国新增了两万个驿站。",
    "业内人士认为，物流效率的提升将推动大促从单日爆发走向长周期经营。",
)


def _paragraphs(*texts: str) -> list[Block]:
    return [Block(PARAGRAPH, text=t) for t in texts]


def test_prose_only_document_is_untouched():
    blocks = _paragraphs(*PROSE)
    doc = clean(blocks)
    assert doc.blocks == tuple(blocks) and doc.removed == ()


def test_empty_document_is_fine():
    doc = clean([])
    assert doc.blocks == () and doc.removed == ()


def test_counter_glued_to_the_last_sentence_is_cut_and_recorded():
    doc = clean(_paragraphs(PROSE[0], "……并深刻塑造其所处的时代图景。171人看过"))
    assert block_texts(doc)[-1] == "……并深刻塑造其所处的时代图景。"
    assert [(r.reason, r.text) for r in doc.removed] == [("view-counter", "171人看过")]


def test_navigation_list_at_the_head_goes_but_a_content_list_stays():
    menu = Block(LIST, items=("[首页](/)", "[新闻](/news)", "[财经](/finance)"))
    content = Block(LIST, items=("公众号：内容沉淀与会员服务", "小程序：交易与预约"))
    doc = clean([menu, *_paragraphs(PROSE[0]), content, *_paragraphs(PROSE[1])])
    assert menu not in doc.blocks and content in doc.blocks
    assert {r.reason for r in doc.removed} == {"navigation"}
    assert len(doc.removed) == 3


def test_qr_code_image_in_the_tail_goes_but_a_content_image_stays():
    photo = Block(IMAGE, src="http://img.example.com/warehouse.jpg", alt="菜鸟智能仓")
    qr = Block(IMAGE, src="http://img.example.com/qrcode_258.jpg", alt="")
    doc = clean([*_paragraphs(PROSE[0]), photo, *_paragraphs(PROSE[1]), qr])
    assert photo in doc.blocks and qr not in doc.blocks
    assert [r.reason for r in doc.removed] == ["qr-promo"]


def test_ad_tail_keyword_spliced_into_a_word_is_cut_from_the_body():
    # 宜兰民宿 is in no lexicon: the page's own ad tail and the split word 合|作 give it away.
    body = "双方在物流方面的合宜兰民宿作由来已久，今年又签下了新的协议。"
    doc = clean(_paragraphs(PROSE[0], body, PROSE[1], "宜兰民宿推荐|宜兰民宿|宜兰民宿价格|宜兰民宿订房"))
    assert "双方在物流方面的合作由来已久，今年又签下了新的协议。" in block_texts(doc)
    assert ("injected-spam", "宜兰民宿") in [(r.reason, r.text) for r in doc.removed]


def test_subject_of_the_article_is_never_taken_for_injected_spam():
    texts = ("某物流企业部署了车辆监控系统，调度效率提高了两成。",
             "车辆监控系统上线后，车辆空驶率明显下降。", "这套车辆监控系统由本地团队开发。")
    doc = clean(_paragraphs(*texts))
    assert doc.removed == () and block_texts(doc) == list(texts)


def test_cleaning_is_deterministic():
    fixture = parse_fixture(FIXTURES / "blog_post_trad_with_qr_promo_and_ad_tail.txt")
    first = clean(fixture.blocks, "hant")
    assert clean(fixture.blocks, "hant") == first


def test_a_lone_disclaimer_does_not_confuse_the_zones():
    disclaimer = "免责声明：本文仅代表作者个人观点，与本站无关。"
    doc = clean(_paragraphs("标题行", disclaimer, "网友评论(3)"))
    assert [r.reason for r in doc.removed] == ["disclaimer", "comment-widget"]
    assert block_texts(doc) == ["标题行"]


def test_section_headings_named_like_counters_stay():
    blocks = [Block(HEADING, text="浏览量", level=2), *_paragraphs(PROSE[0]),
              Block(HEADING, text="点赞", level=2), *_paragraphs(PROSE[1])]
    doc = clean(blocks)
    assert doc.removed == () and doc.blocks == tuple(blocks)


def test_a_title_shaped_like_a_site_banner_stays_when_the_header_is_clean():
    title = "中国电子商务研究网 2016年度报告"
    doc = clean(_paragraphs(title, *PROSE, "上一篇：天猫双十一成交额公布"))
    assert title in block_texts(doc)
    assert [r.reason for r in doc.removed] == ["prev-next-link"]


def test_product_name_in_no_lexicon_spliced_into_a_word_is_cut():
    # 冷库制冷设备 is in no data file: a product ending, whole words, a split 营|销, off-topic.
    body = "平台为商家提供了丰富的营冷库制冷设备销工具，帮助他们在大促期间获得更多流量。"
    doc = clean(_paragraphs(PROSE[0], body, PROSE[1]))
    assert "平台为商家提供了丰富的营销工具，帮助他们在大促期间获得更多流量。" in block_texts(doc)
    assert [(r.reason, r.text) for r in doc.removed] == [("injected-spam", "冷库制冷设备")]


def test_a_heading_naming_gambling_games_is_not_stuffing():
    heading = Block(HEADING, text="百家乐、六合彩与时时彩的区别", level=2)
    blocks = [*_paragraphs(PROSE[0]), heading, *_paragraphs(PROSE[1])]
    assert clean(blocks).blocks == tuple(blocks)


def test_letters_that_lower_to_two_do_not_shift_the_cut():
    body = "İstanbul的卖家在服车辆监控系统务方面投入很大，这一点让人印象深刻。"
    doc = clean(_paragraphs(PROSE[0], body, PROSE[1]))
    assert "İstanbul的卖家在服务方面投入很大，这一点让人印象深刻。" in block_texts(doc)


def test_a_figure_in_a_list_in_the_middle_is_not_a_counter():
    figures = Block(LIST, items=("共3000人参与", "1200人点赞"))
    blocks = [*_paragraphs(PROSE[0]), figures, *_paragraphs(PROSE[1])]
    assert clean(blocks).blocks == tuple(blocks)


def test_headings_that_look_like_widgets_stay_in_the_middle():
    headings = [Block(HEADING, text=t, level=2) for t in ("回到初心", "点赞 收藏", "返回家乡创业的年轻人")]
    prose = "黑帽SEO常用蜘蛛池技术批量生成页面，平台已经对此类行为加大了打击力度。"
    blocks = [*_paragraphs(PROSE[0]), *headings, *_paragraphs(prose, PROSE[1])]
    assert clean(blocks).blocks == tuple(blocks)


def test_a_title_with_pipes_is_not_a_menu():
    title = "阿里巴巴 | 2016年商业服务生态报告 | 阿里研究院"
    doc = clean(_paragraphs(title, *PROSE))
    assert doc.removed == ()


def test_unknown_widget_captions_go_from_a_tail_full_of_boilerplate():
    tail = ["资料来源：国家统计局", "本站精选", "上一篇：平台治理的五个问题", "看更多", "网友评论(3)",
            "Copyright © 2021 示例网 版权所有"]
    doc = clean(_paragraphs(*PROSE, *tail))
    assert block_texts(doc) == [*PROSE, "资料来源：国家统计局"]
    assert Counter(r.reason for r in doc.removed)["tail-widget"] == 2


def test_a_short_line_after_the_last_boilerplate_stays():
    tail = ["上一篇：平台治理的五个问题", "下一篇：直播电商的三种模式", "网友评论(3)", "谢谢阅读"]
    doc = clean(_paragraphs(*PROSE, *tail))
    assert block_texts(doc) == [*PROSE, "谢谢阅读"]


def test_a_title_repeated_as_the_last_crumb_stays():
    blocks = _paragraphs("您所在的位置：首页 > 财经 > 双十一启示录", "双十一启示录", *PROSE)
    doc = clean(blocks)
    assert block_texts(doc) == ["双十一启示录", *PROSE]


def test_captions_in_a_junk_filled_tail_stay():
    caption = Block(CAPTION, text="图：行车记录仪拍下的画面")
    short = Block(CAPTION, text="菜鸟驿站")
    tail = _paragraphs("上一篇：平台治理的五个问题", "下一篇：直播电商的三种模式", "网友评论(3)")
    blocks = [*_paragraphs(*PROSE), caption, short, *tail]
    doc = clean(blocks)
    assert caption in doc.blocks and short in doc.blocks
    assert len(doc.removed) == 3


def test_honest_single_mentions_of_services_stay():
    texts = ("本地生活平台上，搬家公司、开锁公司等服务商也开始入驻。",
             "网商银行为小微商家提供小额贷款服务，平台也在严厉打击刷单行为。")
    blocks = _paragraphs(PROSE[0], *texts, PROSE[1])
    doc = clean(blocks)
    assert doc.removed == () and doc.blocks == tuple(blocks)


def test_rows_of_interface_words_go_from_the_edges_only():
    rows = ["分享 | 收藏 | 举报", "评论(12) 点赞(3)", "Share · Like"]
    heading = Block(HEADING, text="关注", level=2)
    blocks = [*_paragraphs(PROSE[0]), heading, *_paragraphs(PROSE[1], *rows)]
    doc = clean(blocks)
    assert heading in doc.blocks
    assert [r.text for r in doc.removed] == rows
    assert "ui-widget" in {r.reason for r in doc.removed}


@pytest.mark.parametrize("body, cleaned, phrase", [
    ("消费者在天猫上购买上海搬家公司商品时，可以享受满减优惠。", "消费者在天猫上购买商品时，可以享受满减优惠。", "上海搬家公司"),
    ("直播带货让很多中小商家台中抽水肥找到了新的增长点。", "直播带货让很多中小商家找到了新的增长点。", "台中抽水肥"),
    ("数据显示，今年参与大促的商家数量同比增长行车记录仪了三成。", "数据显示，今年参与大促的商家数量同比增长了三成。", "行车记录仪"),
    ("客服机器人每天处理百万次咨询，响应时深圳开锁公司间缩短到一秒。", "客服机器人每天处理百万次咨询，响应时间缩短到一秒。", "深圳开锁公司"),
])
def test_spliced_spam_goes_with_its_city(body, cleaned, phrase):
    doc = clean(_paragraphs(PROSE[0], body, PROSE[1]))
    assert block_texts(doc)[1] == cleaned
    assert [(r.reason, r.text) for r in doc.removed] == [("injected-spam", phrase)]


LINKS = tuple(f"[{t}](https://mp.weixin.qq.com/s?__biz=MzI3NDE5NTU3NA==&mid={i})"
              for i, t in enumerate(("和张一鸣聊过之后，我才真正学会如何做出好产品",
                                     "AI产品经理：100道面试题，你能聊多少？")))


def test_a_reading_list_header_takes_its_links_but_not_the_bio_or_picture_after_them():
    photo = Block(IMAGE, src="https://mmbiz.qpic.cn/author.jpg", alt="作者")
    bio = "【个人介绍】本文作者吴昊，SaaS领军企业前执行总裁，图书《SaaS创业路线图》作者。"
    blocks = _paragraphs(PROSE[0], "——好文推荐——", *LINKS) + [photo] + _paragraphs(bio, PROSE[1])
    doc = clean(blocks)
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("related-links", "——好文推荐——"), *(("related-links", link) for link in LINKS)]
    assert photo in doc.blocks and bio in block_texts(doc)
    # The same links under an ordinary heading are the article's references.
    heading = Block(HEADING, text="参考资料", level=2)
    doc = clean([*_paragraphs(PROSE[0]), heading, *_paragraphs(*LINKS, PROSE[1])])
    assert doc.removed == ()


def test_a_label_heading_over_an_emptied_section_goes_but_a_news_title_stays():
    label = Block(HEADING, text="新闻摘要", level=2)
    title = Block(HEADING, text="央视快评：用恢复重建成果和人民群众满意度来检验主题教育成效", level=2)
    source = "[查看原文](https://tv.cctv.com/2023/11/12/VIDEdDBGkQxBx0yUMPJljSof231112.shtml)"
    blocks = [label, *_paragraphs("（暂无简介）", PROSE[0]), title, *_paragraphs(source, PROSE[1])]
    blocks[2] = Block(HEADING, text="详细新闻", level=2)
    doc = clean(blocks)
    assert label not in doc.blocks and title in doc.blocks
    assert ("empty-section", "新闻摘要") in [(r.reason, r.text) for r in doc.removed]


def test_a_run_of_title_headings_in_the_tail_goes_but_two_stay():
    titles = ("如何提升出海企业访问海外站点的速度？", "Redis探秘Sentinel（哨兵模式）",
              "深入解析Spring AI框架：在Java应用中实现智能化交互的关键")
    headings = [Block(HEADING, text=t, level=4) for t in titles]
    doc = clean([*_paragraphs(*PROSE, "暂无评论"), *headings])
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("comment-widget", "暂无评论"), *(("related-links", t) for t in titles)]
    doc = clean([*_paragraphs(*PROSE, "暂无评论"), *headings[:2]])
    assert [r.text for r in doc.removed] == ["暂无评论"]


def test_a_short_tail_line_between_removed_lines_goes_but_a_source_line_stays():
    slogan, source = "让我们一起，好奇地看世界👇", "来源：网络"
    blocks = _paragraphs(*PROSE, "感谢阅读！", slogan, "作者提示：个人观点，仅供参考",
                         source, "继续滑动看下一个")
    doc = clean(blocks)
    assert ("tail-widget", slogan) in [(r.reason, r.text) for r in doc.removed]
    assert source in block_texts(doc)
    lone = clean(_paragraphs(*PROSE, slogan))
    assert lone.removed == ()


def test_a_comment_heading_takes_the_thread_only_when_it_ends_the_page():
    comments = Block(HEADING, text="评论", level=2)
    thread = Block(LIST, items=("墙奴：太书生气了，哪能去要求流氓遵守什么规则呢。",
                                "kes：岳昕，加油，不要怕。"))
    later = Block(HEADING, text="后记", level=2)
    doc = clean([*_paragraphs(PROSE[0]), comments, thread])
    assert [r.reason for r in doc.removed] == ["comment-widget", "comment", "comment"]
    doc = clean([*_paragraphs(PROSE[0]), comments, thread, later, *_paragraphs(PROSE[1])])
    assert thread in doc.blocks


def test_a_labelled_reference_link_in_a_scraped_tail_stays():
    reference = "文章参考了： [t.zoukankan.com/kalafinaian…](https://link.juejin.cn/?target=http)"
    doc = clean(_paragraphs("735 阅读2分钟", *PROSE, reference, "评论 0"))
    assert reference in block_texts(doc)
    assert {r.reason for r in doc.removed} == {"reading-time", "view-counter"}


@pytest.mark.parametrize("line, reason, lookalike", [
    ("按 Ctrl+C 复制代码", "code-widget", "他按 Ctrl+C 复制代码，再粘贴到服务器的终端里，问题就这样解决了。"),
    ("本文经作者授权发布", "repost-notice", "这篇报道经过三个月的采访，获得当事人同意后才得以发布。"),
    ("题图来自Unsplash，基于CC0协议", "image-credit", "这张题图拍摄于2019年的上海外滩，作者是一位摄影爱好者。"),
    ("如果您喜欢这个故事，请加入成为端传媒的月费订户。", "membership-appeal",
     "平台推出月费订阅后，不少读者成为了付费用户，收入翻了一番。"),
    ("给作者打赏", "membership-appeal", "平台推出打赏功能后，不少作者的收入翻了一番。"),
    ("【广告】", "ad-label", "广告收入仍是平台最主要的收入来源，占比超过六成。"),
    ("本文用于传递优惠信息，不构成任何购买建议。", "ad-label", "商家用优惠券传递促销信息，消费者则在比价后下单。"),
    ("注册用户登录后才能发表评论，请 登录 或 注册。", "comment-widget", "用户登录后可以在评论区发表自己的看法。"),
    ("var _hmt = _hmt || []; (function() { var hm = document.createElement(\"script\"); })();",
     "inline-script", "他在代码里写下 var 声明的那一刻，就意识到了作用域的问题。"),
])
def test_tail_chrome_named_in_issue_13_goes(line, reason, lookalike):
    doc = clean(_paragraphs(*PROSE, line))
    assert [(r.reason, r.text) for r in doc.removed] == [(reason, line)]
    assert block_texts(doc) == list(PROSE)
    # An article sentence with the same words stays, in the middle and at the end.
    doc = clean(_paragraphs(PROSE[0], lookalike, PROSE[1], lookalike))
    assert doc.removed == ()
    assert block_texts(doc) == [PROSE[0], lookalike, PROSE[1], lookalike]


def test_affiliate_link_loses_its_url_and_keeps_its_text():
    body = "这款耳机[京东有售](https://u.jd.com/yaOPkPH)，官方商城[京东](https://www.jd.com/)也有。"
    doc = clean(_paragraphs(PROSE[0], body, PROSE[1]))
    assert block_texts(doc)[1] == "这款耳机京东有售，官方商城[京东](https://www.jd.com/)也有。"
    assert [(r.reason, r.text) for r in doc.removed] == [("affiliate-link", "https://u.jd.com/yaOPkPH")]


def test_back_link_glued_to_the_last_paragraph_is_cut():
    last = "消费者的选择越来越多，品牌之间的竞争也更加激烈。返回搜狐，查看更多"
    doc = clean(_paragraphs(PROSE[0], last))
    assert block_texts(doc)[-1] == "消费者的选择越来越多，品牌之间的竞争也更加激烈。"
    assert [(r.reason, r.text) for r in doc.removed] == [("back-link", "返回搜狐，查看更多")]


def test_an_alt_text_that_is_a_file_name_or_a_default_is_no_caption():
    named = Block(IMAGE, src="https://img.bedtime.news/2023/07/19/64b7a4c585b0c.jpg", alt="20230618-1.jpg")
    default = Block(IMAGE, src="https://mmbiz.qpic.cn/a.png", alt="Image")
    trad = Block(IMAGE, src="https://mmbiz.qpic.cn/b.png", alt="圖片")
    captioned = Block(IMAGE, src="https://img.example.com/lena.png", alt="图Lena(noise).png 的直方图")
    doc = clean([*_paragraphs(PROSE[0]), named, default, trad, captioned, *_paragraphs(PROSE[1])])
    assert [b.alt for b in doc.blocks if b.kind == IMAGE] == ["", "", "", "图Lena(noise).png 的直方图"]
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("image-placeholder", "20230618-1.jpg"), ("image-placeholder", "Image"), ("image-placeholder", "圖片")]
    # Placeholders alone do not make a page look scraped: its tail rules stay off.
    date = "10-22"
    assert date in block_texts(clean([*_paragraphs(*PROSE), default, *_paragraphs(date)]))


def test_a_photo_credit_as_the_caption_is_dropped_and_the_photo_kept():
    credit = Block(IMAGE, src="https://k.sinaimg.cn/a.jpg", alt="图片来源：珠海现代有轨电车官网")
    described = Block(IMAGE, src="https://k.sinaimg.cn/b.jpg", alt="天水有轨电车  图片来源：天水融媒")
    doc = clean([*_paragraphs(PROSE[0]), credit, described, *_paragraphs(PROSE[1])])
    assert [b.alt for b in doc.blocks if b.kind == IMAGE] == ["", "天水有轨电车  图片来源：天水融媒"]
    assert [(r.reason, r.text) for r in doc.removed] == [("image-credit", "图片来源：珠海现代有轨电车官网")]
    # the same line as a paragraph in the middle of the article goes too
    doc = clean(_paragraphs(PROSE[0], "图片来源：珠海现代有轨电车官网", PROSE[1]))
    assert [(r.reason, r.text) for r in doc.removed] == [("image-credit", "图片来源：珠海现代有轨电车官网")]


def test_a_link_to_the_authors_profile_at_the_head_is_a_byline():
    profile = "[乔瑟琳](https://juejin.cn/user/2225067264595709/posts)"
    source = "[掘金](https://juejin.cn/)"
    doc = clean(_paragraphs(profile, source, *PROSE))
    assert [(r.reason, r.text) for r in doc.removed] == [("byline", profile)]
    assert source in block_texts(doc)


def test_a_related_heading_takes_its_section_unless_it_holds_a_sentence():
    heading = Block(HEADING, text="小编最近文章", level=3)
    titles = ("华为发布业界首款5G SoC芯片：麒麟990 5G2019-09-06",
              "朝鲜驻西班牙使馆遭劫：闯入者承认与FBI共享信息2019-03-27")
    doc = clean([*_paragraphs(*PROSE), heading, *_paragraphs(*titles)])
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("related-links", "小编最近文章"), *(("related-links", t) for t in titles)]
    told = Block(HEADING, text="相关阅读", level=3)
    doc = clean([*_paragraphs(PROSE[0]), told, *_paragraphs(titles[0], PROSE[1])])
    assert block_texts(doc) == [PROSE[0], titles[0], PROSE[1]]


@pytest.mark.parametrize("line, reason, lookalike", [
    ("“2018十大经济年度人物评选”火热进行中！【点击投票】Pick你心目中的商业领袖", "promo",
     "评选活动开始后，点击投票的网友超过了十万人，主办方因此延长了投票时间。"),
    ("[#热议#普通体检能查出癌症吗？](https://zhidao.baidu.com/question/884039025810317732)", "hot-topic",
     "热议话题“普通体检能查出癌症吗？”引起了很多人的讨论。"),
    ("> 实用、好用的 [正版软件](https://sspai.com/mall)，少数派为你呈现 🚀", "promo",
     "这份报告为你呈现了过去十年智能手机市场的变化。"),
    ("新酷产品第一时间免费试玩，快来[新浪众测](http://zhongce.sina.com.cn)，体验最好玩的产品吧~！"
     "下载[客户端](http://zhongce.sina.com.cn/about/app)，还能获得专享福利哦！", "app-promo",
     "快来的用户越来越少，平台只好推出下载客户端送福利的活动。"),
])
def test_clip_promotions_go_and_sentences_about_them_stay(line, reason, lookalike):
    doc = clean(_paragraphs(*PROSE, line))
    assert [(r.reason, r.text) for r in doc.removed] == [(reason, line)]
    doc = clean(_paragraphs(PROSE[0], lookalike, PROSE[1], lookalike))
    assert doc.removed == ()


def test_a_digests_last_source_url_stays_but_a_scraped_pages_share_link_goes():
    urls = [f"https://news.sina.com.cn/c/2023-06-18/doc-{i}.shtml" for i in range(3)]
    digest = _paragraphs("欢迎大家加入蛋卷俱乐部", PROSE[0], urls[0], PROSE[1], urls[1], PROSE[0], urls[2])
    doc = clean(digest)
    assert [r.text for r in doc.removed] == ["欢迎大家加入蛋卷俱乐部"]
    page = clean(_paragraphs("欢迎大家加入蛋卷俱乐部", *PROSE, urls[2]))
    assert [r.reason for r in page.removed] == ["reader-appeal", "share-link"]


def test_a_label_heading_over_a_removed_note_closed_by_a_rule_goes():
    heading = Block(HEADING, text="Matrix 首页推荐", level=3)
    note = ("[Matrix](https://sspai.com/matrix) 是少数派的写作社区。我们会不定期挑选 Matrix "
            "最优质的文章，展示来自用户的最真实的体验和观点。")
    rule = Block(RULE)
    doc = clean([heading, *_paragraphs(note), rule, *_paragraphs(*PROSE)])
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("empty-section", "Matrix 首页推荐"), ("platform-note", note)]
    # A heading with text of its own left before the rule stays.
    doc = clean([heading, *_paragraphs(note, PROSE[0]), rule, *_paragraphs(PROSE[1])])
    assert heading in doc.blocks


@pytest.mark.parametrize("title", ["如何给重要邮件加上星标", "一键收藏功能正式上线", "重点在看消费复苏",
                                   "英国加入欧洲阵营之后", "微信添加好友功能改版", "我为什么喜欢分享",
                                   "扫码点餐获取优惠的背后", "#上海#地铁新线开通"])
def test_titles_that_share_words_with_reader_appeals_stay(title):
    heading = Block(HEADING, text=title, level=2)
    middle = Block(HEADING, text=title, level=3)
    doc = clean([heading, *_paragraphs(PROSE[0]), middle, *_paragraphs(PROSE[1], "分享到：")])
    assert [r.text for r in doc.removed] == ["分享到："]


def test_seo_links_on_ordinary_words_lose_their_url_but_a_cited_home_page_keeps_it():
    first = "直播带货让很多中小[商家](http://www.seo-farm.example/)找到了新的增长点。"
    second = "数据显示，今年参与大促的[品牌](http://www.seo-farm.example/)数量同比增长了三成。"
    cited = "据[人民网](http://www.people.com.cn/)报道，菜鸟在全国新增了两万个驿站。"
    doc = clean(_paragraphs(first, cited, second))
    assert block_texts(doc) == ["直播带货让很多中小商家找到了新的增长点。", cited,
                                "数据显示，今年参与大促的品牌数量同比增长了三成。"]
    assert [(r.reason, r.text) for r in doc.removed] == [("seo-link", "http://www.seo-farm.example/")] * 2


def test_a_link_card_split_over_blocks_goes_but_an_unclosed_bracket_stays():
    notice = "The following article is from 数字力场 Author 佘宗明"
    avatar = Block(IMAGE, src="http://wx.qlogo.cn/mmhead/Q3auHgzwzM5SVg9OVP1xC9sf7TI1ZbXPHzXKLd3RJ0Z8/0")
    card = [Block(PARAGRAPH, text="\\["), avatar, *_paragraphs(
        "**数字力场**.", "抵抗熵增，打捞有趣。用长在你痒点上的文字，去写这个时代。",
        "\\](https://mp.weixin.qq.com/s/\\#)")]
    doc = clean([*_paragraphs(notice), *card, *_paragraphs(*PROSE)])
    assert block_texts(doc) == list(PROSE) and avatar not in doc.blocks
    assert [r.reason for r in doc.removed] == ["repost-notice"] + ["link-card"] * 5
    opened = [Block(PARAGRAPH, text="\\["), *_paragraphs("抵抗熵增，打捞有趣。", "[ 本帖最后由 深入裙中 于 2009-12-17 21:59 编辑 ]")]
    doc = clean([*_paragraphs(notice), *opened, *_paragraphs(*PROSE)])
    assert "抵抗熵增，打捞有趣。" in block_texts(doc)


def test_a_side_bar_calendar_goes_from_a_scraped_tail_but_a_month_line_stays():
    calendar = ["« 2014年5月 »", "日 一 二 三 四 五 六", "1 2 3 4 5 6 7", "8 9 10 11 12 13 14"]
    doc = clean(_paragraphs(*PROSE, "分享到：", *calendar))
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("share-buttons", "分享到："), *(("calendar", row) for row in calendar)]
    assert "2021年12月" in block_texts(clean(_paragraphs(*PROSE, "分享到：", "2021年12月")))
