"""The staging folder a build writes the site into (generator/site/staging.py): an unwritable
site folder is named in the message and leaves nothing behind (issue 20), and the folder of
a build that was killed is removed by a later build, never that of one still running
(issue 18, finding 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_zhiku
from generator.site import staging
from generator.site.staging import SiteDirError, process_start, staged_site_dir, staging_prefix

WAIT = 60   # seconds: how long a background removal or a build's start may take on a busy machine


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT} s: {what}")
        time.sleep(0.1)


def building(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".building-" in p.name)


def a_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the previous site</p>", encoding="utf-8")
    return site


def test_a_site_folder_that_cannot_be_replaced_is_named_and_leaves_nothing(tmp_path, monkeypatch):
    site = a_site(tmp_path)
    real_rename = Path.rename

    def refused(self, target):
        if Path(target) == site and ".building-" in self.name:
            raise PermissionError(13, "Permission denied", str(self), None, str(target))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    with pytest.raises(SiteDirError) as caught:
        with staged_site_dir(site) as folder:
            (folder / "index.html").write_text("<p>the new site</p>", encoding="utf-8")
    assert str(caught.value) == f"cannot write the site folder {site}: Permission denied"
    assert building(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>the previous site</p>"


def test_a_staging_folder_that_cannot_be_made_is_reported_as_the_site_folder(tmp_path, monkeypatch):
    site = tmp_path / "site"

    def refused(prefix, dir):
        raise PermissionError(13, "Permission denied", str(Path(dir) / f"{prefix}abc"))

    monkeypatch.setattr(staging.tempfile, "mkdtemp", refused)
    with pytest.raises(SiteDirError, match=f"^cannot write the site folder {site}: Permission denied$"):
        with staged_site_dir(site):
            pass


def test_a_site_folder_under_a_file_fails_naming_the_site_folder(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the site's parent folder should be", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("正文第一段。", encoding="utf-8")
    proc = run_zhiku("build", "--source", str(src), "--site-dir", str(blocker / "site"),
                     "--work-dir", str(tmp_path / "work"), check=False)
    assert proc.returncode == 1
    assert (f"zhiku: build failed: cannot write the site folder {blocker / 'site'}: "
            f"{blocker} is a file, not a folder") in proc.stderr
    assert ".building-" not in proc.stderr and building(tmp_path) == []


def ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_staging_folders_of_ended_builds_go_and_those_of_running_ones_stay(tmp_path):
    site = a_site(tmp_path)
    prefix = staging_prefix(site)                      # this process: running
    host = staging._host()
    folders = {
        "running": f"{prefix}live0001",
        "ended": f".site.building-{host}-{ended_pid()}-123-dead0001",
        "pid reused": f".site.building-{host}-{os.getpid()}-{process_start(os.getpid()) + 1}-reus0001",
        "other machine": f".site.building-elsewhere-{ended_pid()}-123-othr0001",
    }
    for name in folders.values():
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("<p>half a site</p>", encoding="utf-8")
    with staged_site_dir(site) as folder:
        (folder / "index.html").write_text("<p>the new site</p>", encoding="utf-8")
    wait_until(lambda: not (tmp_path / folders["ended"]).exists(), "the ended build's folder removed")
    wait_until(lambda: not (tmp_path / folders["pid reused"]).exists(), "the folder of a reused pid removed")
    assert (tmp_path / folders["running"]).is_dir() and (tmp_path / folders["other machine"]).is_dir()
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>the new site</p>"


def test_an_unnamed_staging_folder_of_an_earlier_version_goes_only_when_old(tmp_path):
    site = a_site(tmp_path)
    old, recent = tmp_path / ".site.building-ab12cd34", tmp_path / ".site.building-ef56gh78"
    for folder in (old, recent):
        folder.mkdir()
    day_and_more = time.time() - staging.LEGACY_STALE_AFTER - 60
    os.utime(old, (day_and_more, day_and_more))
    assert staging.stale_staging(site) == [old]


def test_a_later_build_removes_the_staging_folder_of_a_killed_build(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for seed in sorted((ROOT / "seeds").iterdir()):
        (src / seed.name).write_bytes(seed.read_bytes())
    site, work = tmp_path / "site", tmp_path / "work"
    exe = Path(sys.executable).with_name("zhiku")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "generator.cli"]),
           "build", "--source", str(src), "--site-dir", str(site), "--work-dir", str(work)]
    killed = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_until(lambda: building(tmp_path), "the build's staging folder made")
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    assert len(building(tmp_path)) == 1   # what SIGKILL leaves: no clean-up ran
    run_zhiku("build", "--source", str(src), "--site-dir", str(site), "--work-dir", str(work))
    wait_until(lambda: building(tmp_path) == [], "the killed build's staging folder removed")
    assert (site / "index.html").is_file()
