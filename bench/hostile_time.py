"""`python -m bench.hostile_time [--sizes 0.25,1] [--only NAME,...]`: hostile inputs in linear time.

Each input (a run of one Markdown construct, link openers before a long line of Chinese,
...) is generated at every size (in MB of UTF-8) and converted through the real converter
(`convert_folder` and `write_output`, as `zhiku convert` does) in a forked child process,
the one-time loading of OpenCC and jieba done before the fork. The same input at 1 KB is
converted first: its time (the fixed cost of a conversion, the report and the site pages,
some 0.01-0.07 s) is taken off the others, so that seconds per MB are what the megabytes
cost. Printed per input: that fixed cost, the CPU seconds at each size and per MB (net),
the growth ratio between the largest and the smallest size (net; linear: the size ratio,
4 for 0.25 and 1 MB), and the child's peak memory.

Exits 1 when an input takes more than BUDGET_S_PER_MB CPU seconds per MB at any size, or
grows clearly faster than its size (a ratio above GROWTH_FACTOR times the size ratio, once
the largest run takes long enough for the ratio to mean something). A child that runs past
the time limit is stopped and counts as over budget.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BUDGET_S_PER_MB = 2.0
GROWTH_FACTOR = 2.0          # ratio / size ratio above this: super-linear
GROWTH_MIN_SECONDS = 0.5     # below this the largest run is too short for its ratio to count
FIXED_MB = 0.001             # the size whose time is taken as the fixed cost
LIMIT_FACTOR = 10            # a child is stopped after LIMIT_FACTOR x the budget (at least 30 s)

PROSE = ("平台商家数量持续增长服务生态不断完善分析人士认为这一趋势将在未来几年延续"
         "报告显示行业标杆经过多年发展已经成为新的增长点")


def fill(pattern: str, size: int) -> str:
    """`pattern` repeated to `size` bytes of UTF-8 (at least once)."""
    return pattern * max(1, size // len(pattern.encode()))


def prose(size: int) -> str:
    return fill(PROSE, size)


def nested(marker: str, item: str, size: int) -> str:
    """Lines of `item` nested 1, 2 ... 200 levels deep by `marker`, again and again, to
    about `size` characters."""
    lines, depth, total = [], 0, 0
    while total < size:
        depth = depth % 200 + 1
        lines.append(marker * depth + item)
        total += len(lines[-1])
    return "\n".join(lines)


def unparsed_block_scalar(size: int) -> str:
    """YAML front matter that does not parse (read line by line), its `desc: >-` block
    scalar as long as the front matter may be (about 60 KB: MAX_FRONT_MATTER), the rest
    prose. Rebuilding the value at each line took 7.9 s for 16,000 lines."""
    lines = fill(" x\n", min(size, 60_000))
    return "---\ntags: [unclosed\ndesc: >-\n" + lines + "---\n" + prose(max(0, size - len(lines)))


def nested_quotes(size: int) -> str:
    return nested("> ", "引用", size)


def nested_lists(size: int) -> str:
    return nested("  ", "- 列表项", size)


# name -> (file suffix, generator of about `size` bytes). `.txt` goes the plain-text way,
# `.md` through Python-Markdown, `.html` through the HTML parser.
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "text: 20 [x]( then Chinese": (".txt", lambda n: "[x](" * 20 + prose(n)),
    "text: one [x]( then Chinese": (".txt", lambda n: "[x](" + prose(n)),
    "text: ![x]( then Chinese": (".txt", lambda n: "![x](" * 20 + prose(n)),
    "text: [x]( runs": (".txt", lambda n: fill("[x](", n)),
    "text: [a]( 中 runs": (".txt", lambda n: fill("[a](中", n)),
    "text: backtick runs": (".txt", lambda n: fill("`", n)),
    "text: ``a runs": (".txt", lambda n: fill("``a", n)),
    "text: <http:// runs": (".txt", lambda n: fill("<http://a", n)),
    "text: http:// runs": (".txt", lambda n: fill("http://a.bc", n)),
    "text: \\ runs": (".txt", lambda n: fill("\\", n)),
    "text: * runs": (".txt", lambda n: fill("*", n)),
    "text: &# runs": (".txt", lambda n: fill("&#", n)),
    "text: letters then \\ (e-mail)": (".txt", lambda n: fill("a.", n) + "\\"),
    "text: [^ runs": (".txt", lambda n: fill("[^a", n)),
    "text: {: runs": (".txt", lambda n: fill("{:a", n)),
    "text: a*": (".txt", lambda n: fill("a*", n)),
    "text: {:中 runs": (".txt", lambda n: fill("{:中", n)),
    "text: a:a runs": (".txt", lambda n: fill("a:a,", n)),
    "text: no-break spaces": (".txt", lambda n: "a" + fill("\u00a0", n) + "b"),
    "text: spaces and tabs": (".txt", lambda n: "a" + fill(" \t", n) + "b"),
    "text: short lines": (".txt", lambda n: fill("ab\n", n)),
    "text: short Chinese lines": (".txt", lambda n: fill("中文\n", n)),
    "text: hard-wrapped lines": (".txt", lambda n: fill(PROSE[:20] + "\n", n)),
    "text: digits": (".txt", lambda n: fill("1", n)),
    "text: date-like runs": (".txt", lambda n: fill("2015-1", n)),
    "text: Chinese date runs": (".txt", lambda n: fill("2015年5月", n)),
    "text: day lists": (".txt", lambda n: "5月" + fill("18日、", n)),
    "text: weekdays before brackets": (".txt", lambda n: fill("星期二（11日）", n)),
    "text: distinct dates in one clause": (".txt", lambda n: "，".join(
        f"{1900 + i % 200}年{i % 12 + 1}月{i % 28 + 1}日{'甲乙丙丁'[i % 4]}" for i in range(max(1, n // 20)))),
    "text: era and lunar runs": (".txt", lambda n: fill("民国108年正月初一1号 ", n)),
    "text: same-year runs": (".txt", lambda n: "2009年，" + fill("同年6月2日，", n)),
    "text: byline labels": (".txt", lambda n: fill("作者：记者", n)),
    "text: numbered lines": (".txt", lambda n: fill("1.1 第一章 ", n)),
    "text: dated labels": (".txt", lambda n: fill("发布时间：2015年5月1日 10:30 ", n)),
    "text: URL dates": (".txt", lambda n: fill("http://a.cn/2015/05/01/", n)),
    "text: circled notes": (".txt", lambda n: fill("①注", n)),
    "text: caption runs": (".txt", lambda n: fill("图1：", n)),
    "text: authors": (".txt", lambda n: fill("作者：张三 记者 李四（记者 王五）", n)),
    "text: keywords": (".txt", lambda n: fill("关键词：阿里巴巴|", n)),
    "text: breadcrumbs": (".txt", lambda n: fill("首页 > ", n)),
    "text: nav words": (".txt", lambda n: fill("上一篇 下一篇 ", n)),
    "text: product spam": (".txt", lambda n: fill("ab中文产品", n)),
    "text: quote runs": (".txt", lambda n: fill('"中', n)),
    "text: ( runs": (".txt", lambda n: fill("(中", n)),
    "text: 【 runs": (".txt", lambda n: fill("【中", n)),
    "markdown: 20 [x]( then Chinese": (".md", lambda n: "[x](" * 20 + prose(n)),
    "markdown: a*": (".md", lambda n: fill("a*", n)),
    "markdown: *a": (".md", lambda n: fill("*a", n)),
    "markdown: **a": (".md", lambda n: fill("**a", n)),
    "markdown: _a": (".md", lambda n: fill("_a", n)),
    "markdown: ~~a": (".md", lambda n: fill("~~a", n)),
    "markdown: \\": (".md", lambda n: fill("\\", n)),
    "markdown: \\*": (".md", lambda n: fill("\\*", n)),
    "markdown: [": (".md", lambda n: fill("[", n)),
    "markdown: ]": (".md", lambda n: fill("]", n)),
    "markdown: [x](": (".md", lambda n: fill("[x](", n)),
    "markdown: ![](": (".md", lambda n: fill("![](", n)),
    "markdown: `": (".md", lambda n: fill("`", n)),
    "markdown: `a": (".md", lambda n: fill("`a", n)),
    "markdown: <a": (".md", lambda n: fill("<a", n)),
    "markdown: <": (".md", lambda n: fill("<", n)),
    "markdown: &#": (".md", lambda n: fill("&#", n)),
    "markdown: &#1;": (".md", lambda n: fill("&#1;", n)),
    "markdown: heading of wide spaces": (".md", lambda n: "# 标题" + fill("\u3000", n) + "x"),
    "markdown: front matter block scalar, unparsed": (".md", unparsed_block_scalar),
    "markdown: nested quotes": (".md", nested_quotes),
    "markdown: nested lists": (".md", nested_lists),
    "markdown: lines of a*": (".md", lambda n: fill("a*a*a*a*\n", n)),
    "markdown: lines of [": (".md", lambda n: fill("[[[[[[[[\n", n)),
    "markdown: footnote definitions": (".md", lambda n: fill("[^a]: 注\n", n)),
    "markdown: footnote references": (".md", lambda n: "[^1]: 注\n\n" + fill("正文[^1]", n)),
    "markdown: one wide table row": (".md", lambda n: "|" + fill("a|", n) + "\n|" + fill("-|", 300) + "\n"),
    "markdown: HTML block": (".md", lambda n: "<div>\n" + fill("<p>段</p>", n) + "\n</div>"),
    "html: attribute runs": (".html", lambda n: "<p " + fill('a="1" ', n) + ">文</p>"),
    "html: entity runs": (".html", lambda n: "<p>" + fill("&#1;&amp;", n) + "</p>"),
    "html: inline tag runs": (".html", lambda n: "<p>" + fill("<b>粗</b>", n) + "</p>"),
    "html: 20 [x]( then Chinese": (".html", lambda n: "<p>" + "[x](" * 20 + prose(n) + "</p>"),
    "html: [x]( runs": (".html", lambda n: "<p>" + fill("[x](", n) + "</p>"),
    "html: heading of wide spaces": (".html", lambda n: "<h2>标题" + fill("\u3000", n) + "x</h2>"),
    "html: spaces and tabs": (".html", lambda n: "<p>a" + fill(" \t", n) + "b</p>"),
    "text: a sexagenary year then spaces": (".txt", lambda n: "甲子年" + fill(" ", n) + "x"),
    "text: clock times in one sentence": (".txt", lambda n: "3月1日，会议召开。随后" + fill("，下午3时01分到场", n) + "。"),
    "markdown: div then unclosed divs": (".md", lambda n: "<div>\n\n" + fill("正文。\n\n<div>\n", n)),
}


def convert_one(name: str, suffix: str, text: str, send) -> None:
    """In the child: convert a folder holding one source; send (CPU s, peak RSS MB)."""
    from generator.config import Config
    from generator.convert import convert_folder, write_output
    with tempfile.TemporaryDirectory(prefix="zhiku-hostile-") as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        (source / f"hostile{suffix}").write_text(text, encoding="utf-8")
        config = Config(source=source, work_dir=Path(tmp) / "work", jobs=1)
        started = time.process_time()
        result = convert_folder(config)
        write_output(result, config.pages_dir, config.report_path, config)
        seconds = time.process_time() - started
    send.send((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(name: str, size_mb: float) -> tuple[float | None, float]:
    """(CPU seconds or None when stopped at the limit, peak RSS MB) for one input and size."""
    suffix, make = CASES[name]
    text = make(int(size_mb * 2**20))
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=convert_one, args=(name, suffix, text, send))
    child.start()
    limit = max(30.0, LIMIT_FACTOR * BUDGET_S_PER_MB * size_mb)
    result = receive.recv() if receive.poll(limit) else None
    if result is None:
        child.kill()
    child.join()
    return (result[0], result[1]) if result else (None, 0.0)


def verdict(times: list[float | None], sizes: list[float]) -> tuple[str, float | None]:
    """('ok' or why not, growth ratio) for one input's CPU times at `sizes`."""
    if any(t is None for t in times):
        return "over the time limit", None
    worst = max(t / s for t, s in zip(times, sizes))
    ratio = times[-1] / times[0] if len(times) > 1 and times[0] > 0 else None
    if worst > BUDGET_S_PER_MB:
        return f"{worst:.1f} s/MB > {BUDGET_S_PER_MB}", ratio
    size_ratio = sizes[-1] / sizes[0]
    if ratio and times[-1] >= GROWTH_MIN_SECONDS and ratio > GROWTH_FACTOR * size_ratio:
        return f"grows {ratio:.1f}x for {size_ratio:g}x the size", ratio
    return "ok", ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile_time")
    parser.add_argument("--sizes", default="0.25,1", help="comma-separated sizes in MB")
    parser.add_argument("--only", default="", help="comma-separated input names (substrings)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sizes = sorted(float(s) for s in args.sizes.split(",") if s.strip())
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    names = [n for n in CASES if not wanted or any(w in n for w in wanted)]
    from generator.config import Config
    from generator.convert import convert_folder  # noqa: F401  imported once, before the forks
    from generator.conversion.runner import _warm_up
    _warm_up(Config(jobs=1))   # OpenCC and jieba, loaded once and inherited by every child
    print(f"{'input':<34}{'fixed s':>8}" + "".join(f"{f'{s:g} MB s':>10}{'s/MB':>7}" for s in sizes)
          + f"{'ratio':>7}{'RSS MB':>8}  verdict")
    failed = []
    for name in names:
        fixed = measure(name, FIXED_MB)[0] or 0.0
        runs = [measure(name, s) for s in sizes]
        times = [None if t is None else max(0.0, t - fixed) for t, _ in runs]
        status, ratio = verdict(times, sizes)
        cells = "".join(f"{'>limit':>10}{'':>7}" if t is None else f"{t:>10.2f}{t / s:>7.2f}"
                        for t, s in zip(times, sizes))
        print(f"{name:<34}{fixed:>8.2f}{cells}{'' if ratio is None else f'{ratio:.1f}':>7}"
              f"{max(r for _, r in runs):>8.0f}  {status}", flush=True)
        if status != "ok":
            failed.append(name)
    if failed:
        print(f"{len(failed)} hostile input(s) over budget: {', '.join(failed)}")
        return 1
    print(f"every hostile input within {BUDGET_S_PER_MB} CPU s per MB and linear")
    return 0


if __name__ == "__main__":
    sys.exit(main())
