"""The site folder replaced whole: a build writes into a staging folder beside it, which
is renamed into place only when the build succeeds.

MkDocs cleans and rewrites site_dir as it goes, so building in place would leave a
half-written site when a page fails or --strict aborts at the end; this way a failed
build leaves the previous site exactly as it was. A staging folder's name says which
process on which machine owns it (`.site.building-<host>-<pid>-<start>-<random>`), so a
later build can remove the folder of a build that was killed (SIGKILL, power cut) without
touching one that is still running.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

LEGACY_STALE_AFTER = 24 * 3600   # seconds: a staging folder named without its owner (earlier
                                 # versions) is taken for abandoned when untouched this long


class SiteDirError(OSError):
    """The site folder cannot be written; the message names it (not the staging folder)."""


@contextmanager
def staged_site_dir(target: Path):
    """An empty folder beside `target` to build into; swapped in when the block succeeds,
    removed when it fails."""
    target = Path(target).resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_in_background(stale_staging(target))
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    except OSError as exc:
        raise site_dir_error(target, exc) from exc
    try:
        yield staging
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a site is meant to be served
        swap_in(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError) and _names_path_in(exc, staging, target):
            raise site_dir_error(target, exc) from exc
        raise


def site_dir_error(target: Path, exc: OSError) -> SiteDirError:
    reason = exc.strerror or str(exc)
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
        blocker = next((p for p in (Path(os.fsdecode(exc.filename)), *Path(os.fsdecode(exc.filename)).parents)
                        if p.exists() and not p.is_dir()), None)   # where a folder should be
        if blocker is not None:
            reason = f"{blocker} is a file, not a folder"
    error = SiteDirError(f"cannot write the site folder {target}: {reason}")
    error.errno = exc.errno
    return error


def _names_path_in(exc: OSError, *folders: Path) -> bool:
    """Whether the error is about a file in one of `folders` (or one of them itself)."""
    names = [n for n in (exc.filename, exc.filename2) if n]
    return any(Path(os.fsdecode(n)).is_relative_to(folder) for n in names for folder in folders)


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with renames (the site is never half there)."""
    if not target.exists() and not target.is_symlink():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()  # only the unique name is wanted: rename() needs it free
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)   # the previous site back where it was
        raise
    if old.is_dir() and not old.is_symlink():
        # with any left by a removal that was stopped before it finished
        remove_in_background(sorted(target.parent.glob(f".{target.name}.old-*")))
    else:
        old.unlink()


def remove_in_background(folders: list[Path]) -> None:
    """Delete replaced sites in a detached process: deleting thousands of pages takes
    seconds on a slow disk, and the new site is already in place, so nothing waits."""
    if folders:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys\nfor f in sys.argv[1:]: "
                          "shutil.rmtree(f, ignore_errors=True)", *map(str, folders)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)


def staging_prefix(target: Path) -> str:
    return f".{target.name}.building-{_host()}-{os.getpid()}-{process_start(os.getpid())}-"


def stale_staging(target: Path) -> list[Path]:
    """The staging folders beside `target` whose build is over: its process has ended, or
    its number now belongs to a process that started later. Folders of other machines
    (a site folder on a shared disk) are left to their own builds."""
    owned = re.compile(rf"\.{re.escape(target.name)}\.building-(?P<host>[A-Za-z0-9.]*)-(?P<pid>\d+)-(?P<start>\d+)-[^-]+")
    stale = []
    for folder in sorted(target.parent.glob(f".{glob.escape(target.name)}.building-*")):
        if not folder.is_dir() or folder.is_symlink():
            continue
        match = owned.fullmatch(folder.name)
        if match is None:
            if time.time() - folder.lstat().st_mtime > LEGACY_STALE_AFTER:
                stale.append(folder)
        elif match["host"] == _host() and not running(int(match["pid"]), int(match["start"])):
            stale.append(folder)
    return stale


def running(pid: int, start: int) -> bool:
    """Whether process `pid`, started at `start` (see process_start), still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # it exists, as another user's process
        pass
    return process_start(pid) in (start, 0)


def process_start(pid: int) -> int:
    """When process `pid` started, in clock ticks since boot (Linux: /proc/PID/stat, field
    22); 0 where this is not known. With the pid, it names a process: pids are reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 0


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", "", socket.gethostname())[:64] or "host"
