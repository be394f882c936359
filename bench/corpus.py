"""A deterministic synthetic corpus in the styles of the seeds, for benchmarks.

Sentences are drawn from the bundled seeds (so the text is real Chinese with the seeds'
vocabulary), recombined per document by a seeded RNG. Five styles, as collected in the
wild: Hexo post (front matter + lazy-image HTML), Jekyll news mirror (centred bold
headings, back links), plain-text report in machine-converted Traditional Chinese with an
ad tail, scraped Traditional page with navigation and an SEO spam block, and an
encyclopedia-style entry with a view counter. Lengths are log-normal: 1 KB to 100 KB,
median near 8 KB, as news articles run.
"""

from __future__ import annotations

import math
import random
import re
from functools import lru_cache
from pathlib import Path

import opencc

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MEDIAN_BYTES, MIN_BYTES, MAX_BYTES = 8_000, 1_000, 100_000
STYLES = ("hexo", "jekyll", "report_hant", "scraped_hant", "entry")
TOPICS = ("双十一", "冬奥会", "服务市场", "天猫", "淘宝直播", "阿里云", "跨境电商", "618")


@lru_cache(maxsize=1)
def sentence_pool() -> tuple[str, ...]:
    """Article sentences from the seeds, in Simplified Chinese, without markup."""
    t2s = opencc.OpenCC("t2s.json")
    sentences: list[str] = []
    for path in sorted(SEEDS.iterdir()):
        text = re.sub(r"<[^>]+>", "\n", path.read_text(encoding="utf-8"))
        text = t2s.convert(re.sub(r"&nbsp;|&[a-z]+;", " ", text))
        for part in re.split(r"(?<=[。！？])", text):
            part = part.strip()
            if 12 <= len(part) <= 160 and not re.search(r"[|:]{2}|https?://|---", part):
                sentences.append(part)
    return tuple(sorted(set(sentences)))


def target_size(rng: random.Random) -> int:
    """Log-normal length around the median, clamped to the range."""
    size = int(math.exp(rng.gauss(math.log(MEDIAN_BYTES), 0.9)))
    return max(MIN_BYTES, min(MAX_BYTES, size))


def paragraphs(rng: random.Random, size: int) -> list[str]:
    pool = sentence_pool()
    out, total = [], 0
    while total < size:
        para = "".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
        out.append(para)
        total += len(para.encode("utf-8"))
    return out


def make_document(n: int, seed: int = 20261121) -> tuple[str, str]:
    """The n-th document of the corpus: (file name, text)."""
    rng = random.Random(seed * 1_000_003 + n)
    style = STYLES[n % len(STYLES)]
    topic = rng.choice(TOPICS)
    year, month, day = rng.randint(2009, 2024), rng.randint(1, 12), rng.randint(1, 28)
    title = f"{topic}观察之{n}：{rng.choice(sentence_pool())[:18]}"
    paras = paragraphs(rng, target_size(rng))
    text = globals()[f"_{style}"](rng, n, title, paras, (year, month, day))
    return f"{n:05d}_{style}.txt", text


def _hexo(rng, n, title, paras, ymd):
    img = f"http://img.example.com/{n}/{{}}.jpg"
    body = []
    for i, p in enumerate(paras):
        if i % 4 == 1:
            src = img.format(i)
            body.append(f'<div class="img_box" onclick><img class="lazy" data-original="{src}" '
                        f'src="https://cors.zfour.workers.dev/?{src}"></div>')
        body.append(f"<p>{p}</p>")
    y, m, d = ymd
    return (f"\n---\ntitle: '{title}'\nauthor: ZAKER\ndate: {d:02d} {_MONTHS[m - 1]} {y} "
            f"10:00:00 GMT\n---\n\n<div>" + "".join(body) + "</div>\n")


def _jekyll(rng, n, title, paras, ymd):
    y, m, d = ymd
    body = []
    for i, p in enumerate(paras):
        if i % 5 == 2:
            body.append(f'&nbsp;<p align="center"><strong>{p[:12]}</strong></p>')
        body.append(f"<p>{p}</p>")
    return (f'---\nlayout: post\ntitle: "{title}"\ndate: {y}-{m:02d}-{d:02d} 14:50:45 +0800\n---\n'
            + "\n".join(body) + "\n\n[返回首页](//news.example.com/)\n")


def _report_hant(rng, n, title, paras, ymd):
    s2t = _s2t()
    lines = [s2t.convert(f"{ymd[0]}年{title}"), ""]
    for i, p in enumerate(paras):
        if i % 3 == 0:
            lines += [f"{i // 3 + 1} {s2t.convert(p[:10])}", ""]
        lines += [s2t.convert(p).replace("了", "瞭"), ""]
    lines += ["掃描微信二維碼,數據隨身查", "台灣電動床工廠 電動床",
              "AUGI SPORTS|重機車靴|重機車靴推薦|重機專用車靴", f"    blog{n} 發表在 痞客邦 留言(0) 人氣()"]
    return "\n".join(lines) + "\n"


def _scraped_hant(rng, n, title, paras, ymd):
    s2t = _s2t()
    head = ["創業詞典網 創業知識學習分享", "", "加入收藏", "", "您所在的位置:首頁 > 網絡營銷", "",
            s2t.convert(title), "", f"分類: 網絡推廣 發布 : {ymd[1]:02d}-{ymd[2]:02d}", "",
            f"閱讀 :{rng.randint(100, 9999)}", ""]
    body = [x for p in paras for x in (s2t.convert(p), "")]
    tail = ["下一篇:傳統企業如何破局 下一篇 【方向鍵 ( → )下一篇】", "",
            "主站蜘蛛池模板: " + "| ".join(f"无码视频{i}" for i in range(30))]
    return "\n".join(head + body + tail) + "\n"


def _entry(rng, n, title, paras, ymd):
    term = title.split("：")[0]
    return f"{term},特指{paras[0]}\n" + " ".join(paras[1:]) + f"\n{rng.randint(10, 999)}人看过\n"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t.json")


def write_corpus(folder: Path, n: int) -> int:
    """Write n documents into `folder` (created); returns the total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        name, text = make_document(i)
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        total += len(data)
    return total


def write_large_source(path: Path, size: int) -> int:
    """One plain-text source of `size` bytes (a dump someone dropped into the folder),
    written in pieces; returns its size."""
    rng = random.Random(size)
    written = 0
    with path.open("wb") as out:
        while written < size:
            chunk = ("\n".join(paragraphs(rng, 1_000_000)) + "\n").encode("utf-8")
            if len(chunk) > size - written:   # the last piece, cut at a character and padded
                chunk = chunk[:size - written].decode("utf-8", "ignore").encode("utf-8")
                chunk += b"\n" * (size - written - len(chunk))
            out.write(chunk)
            written += len(chunk)
    return written
