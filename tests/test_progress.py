"""Progress bars (generator/conversion/progress.py): on a terminal, conversion and article-page writing
show done/total and a rate; piped output and `--quiet` stay free of them."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from conftest import run_zhiku
from generator.conversion.progress import MIN_TOTAL


def corpus(tmp_path: Path, n: int = MIN_TOTAL + 10) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(n):
        (src / f"note-{i:03}.txt").write_text(f"第{i}号笔记\n\n2020年1月{i % 28 + 1}日，第{i}号笔记写成。\n",
                                              encoding="utf-8")
    (tmp_path / "zhiku.yml").write_text("source: src\njobs: 2\n", encoding="utf-8")
    return tmp_path


def on_a_terminal(args: list[str], cwd: Path) -> str:
    """Run `zhiku ARGS` with stdout and stderr on a pseudo-terminal of 120 columns."""
    exe = Path(sys.executable).with_name("zhiku")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([str(exe), *args], cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:   # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=600) == 0, out.decode("utf-8", "replace")[-2000:]
    return out.decode("utf-8", "replace")


def test_a_terminal_shows_progress_and_quiet_or_a_pipe_do_not(tmp_path):
    proj = corpus(tmp_path)
    shown = on_a_terminal(["build", "--work-dir", "w1"], proj)
    total = MIN_TOTAL + 10
    converting = shown.split("converting:")[1:]
    writing = shown.split("writing pages:")[1:]
    assert converting and writing, shown[-2000:]
    # done/total, rate, time left, as tqdm draws them: "| 41/60 [00:02<00:00, 20.48doc/s]"
    assert all(f"/{total} [" in bar for bar in converting[:-1] + writing[:-1])
    assert "doc/s]" in shown
    quiet = on_a_terminal(["build", "--work-dir", "w2", "--quiet"], proj)
    assert "converting" not in quiet and "writing pages" not in quiet
    piped = run_zhiku("build", "--work-dir", "w3", cwd=proj)
    assert "converting" not in piped.stderr and "writing pages" not in piped.stderr
