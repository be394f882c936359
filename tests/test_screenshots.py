"""The README's screenshots: the pictures it shows exist, and the script that makes them
(scripts/screenshots.py) builds a site and writes them (no pixel is compared)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys

import pytest

from conftest import ROOT

SHOTS = ("home", "article", "timeline", "search")
DOCS = ROOT / "tests" / "fixtures" / "duplicates" / "docs"


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header; fails on anything that is not a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_readme_shows_each_screenshot_and_says_how_to_make_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\((docs/screenshots/[\w.-]+\.png)\)", readme)
    assert {f"docs/screenshots/{name}.png" for name in SHOTS} <= set(shown)
    for path in shown:
        width, height = png_size((ROOT / path).read_bytes())
        assert width in (390, 1280) and height > 0, path
    assert "scripts/screenshots.py" in readme


@pytest.mark.browser
def test_the_script_builds_a_site_and_takes_every_screenshot(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("xwlb-20200124-xiaoyu2er.md", "xwlb-20200125-xiaoyu2er.md"):
        shutil.copyfile(DOCS / name, source / name)
    out = tmp_path / "shots"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--source", str(source),
                           "--out", str(out), "--query", "新型冠状病毒", "--phone"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    for name in SHOTS:
        for suffix, width in (("", 1280), ("-phone", 390)):
            data = (out / f"{name}{suffix}.png").read_bytes()
            assert png_size(data)[0] == width, name
            assert data[25] == 3, f"{name}{suffix}: not reduced to a palette"   # colour type 3
            assert len(data) < 400_000, name
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}{s}.png" for n in SHOTS for s in ("", "-phone"))
