"""Screenshots of the built site for the README: home, an article, the timeline and search
with results, taken in Chromium from a fresh build, so the pictures show the current site.

    python scripts/screenshots.py                      # the seeds -> docs/screenshots/*.png
    python scripts/screenshots.py --phone              # also the 390 px phone views
    python scripts/screenshots.py --source DIR --out DIR --query 词

The site is built by `zhiku build` into a temporary folder and served on 127.0.0.1 (no other
network). The browser is Debian's Chromium (/usr/bin/chromium) driven by Playwright: none is
downloaded. Each PNG is reduced to 256 colours and recompressed (Pillow), about a third of
Chromium's own file for these text-and-flat-colour pages.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SHOTS = ("home", "article", "timeline", "search")


def build(source: Path, into: Path) -> dict:
    """`zhiku build` of `source` into `into/site`; returns the build report."""
    report = into / "report.json"
    command = [sys.executable, "-m", "generator.cli", "build", "--source", str(source),
               "--site-dir", str(into / "site"), "--work-dir", str(into / "work"), "--report", str(report)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"screenshots: the build failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pick_article(report: dict) -> dict:
    """The dated, tagged document with the most events (ties: by source): a full page."""
    docs = [d for d in report["documents"] if d.get("date") and d.get("tags")] or report["documents"]
    if not docs:
        raise SystemExit("screenshots: the build has no document to show")
    return min(docs, key=lambda d: (-len(d.get("events") or ()), d["source"]))


def optimise(png: bytes) -> bytes:
    """256 colours, no dithering (text stays crisp), maximum compression."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def search_results(page, query: str) -> None:
    """Open the search box as a reader does and wait for the results of `query`."""
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():
        button.click()
    else:
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    # Material fades the results in: wait until they are fully there
    page.wait_for_function("getComputedStyle(document.querySelector('.md-search__output')).opacity === '1'")
    page.wait_for_timeout(300)


def take(browser, base: str, article: dict, query: str, out: Path, suffix: str, viewport: dict,
         mobile: bool) -> list[Path]:
    context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1,
                                  is_mobile=mobile, has_touch=mobile, color_scheme="light")
    page = context.new_page()
    written = []
    for name in SHOTS:
        page.goto(base + {"home": "", "article": article["url"], "timeline": "timeline/",
                          "search": ""}[name])
        page.wait_for_load_state("networkidle")
        if name == "search":
            search_results(page, query)
        path = out / f"{name}{suffix}.png"
        path.write_bytes(optimise(page.screenshot(full_page=False)))
        written.append(path)
    context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT / "seeds", help="documents to build (default: seeds/)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="where the PNGs go")
    parser.add_argument("--query", default="双十一", help="what the search screenshot looks for")
    parser.add_argument("--phone", action="store_true", help="also take the 390 px phone views (*-phone.png)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"screenshots: {CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zhiku-screenshots-") as tmp:
        report = build(args.source.resolve(), Path(tmp))
        server, base = serve(Path(tmp) / "site")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                article = pick_article(report)
                written = take(browser, base, article, args.query, args.out, "", DESKTOP, False)
                if args.phone:
                    written += take(browser, base, article, args.query, args.out, "-phone", PHONE, True)
                browser.close()
        finally:
            server.shutdown()
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
