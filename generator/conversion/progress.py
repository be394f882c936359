"""Progress on a terminal for the long steps (conversion, article pages): done/total, rate
and time left, drawn by tqdm on stderr. Silent when stderr is not a terminal (CI, logs,
tests) or with `--quiet` (ZHIKU_QUIET=1), so such output stays as it was."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

QUIET_ENV = "ZHIKU_QUIET"
MIN_TOTAL = 50   # a bar for a handful of documents is noise


def enabled(total: int) -> bool:
    return (total >= MIN_TOTAL and not os.environ.get(QUIET_ENV)
            and hasattr(sys.stderr, "isatty") and sys.stderr.isatty())


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; a bar while it runs when enabled(total), else a no-op."""
    if not enabled(total):
        yield lambda n=1: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="doc", file=sys.stderr, leave=False,
              dynamic_ncols=True, mininterval=0.2) as bar:
        yield bar.update
