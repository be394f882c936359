"""ARCHITECTURE.md names real things: every path exists, every function or class it places
in a file is defined there, and every module of generator/ is named (by its file or folder)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
PATHS = sorted({m.rstrip(".,;:") for m in re.findall(r"generator/[\w./-]*", TEXT)})


def test_every_path_it_names_exists():
    assert len(PATHS) > 30
    missing = [p for p in PATHS if not (ROOT / p).exists()]
    assert missing == []


def test_every_function_it_places_in_a_file_is_defined_there():
    placed = re.findall(r"`(\w+)` in `(generator/[\w/]+\.py)`", TEXT)
    placed += re.findall(r"`(\w+)` in `(generator/[\w/]+\.py)`", TEXT.replace("\n", " "))
    assert len(set(placed)) >= 4
    for name, path in set(placed):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^\s*(?:def|class) {name}\b", source, re.M), f"{name} not in {path}"
    collection = [p for p in PATHS if p.endswith("collection.py") or p.endswith("assemble.py")]
    assert collection, "the collection's module is named"
    source = (ROOT / collection[0]).read_text(encoding="utf-8")
    for member in re.findall(r"`Collection\.(\w+)`", TEXT):
        assert re.search(rf"def {member}\b", source), member


def test_every_module_is_placed_in_a_wing():
    named = {p.rstrip("/") for p in PATHS} - {"generator"}   # the package as a whole places nothing

    def placed(rel: str) -> bool:
        return any(rel == n or rel.startswith(n + "/") for n in named)

    unnamed = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/defaults/" in rel or rel in ("generator/__init__.py", "generator/data/__init__.py"):
            continue
        if path.name == "__init__.py":   # a package: placed when it or a module of it is
            folder = path.parent.relative_to(ROOT).as_posix()
            if placed(folder) or any(n.startswith(folder + "/") for n in named):
                continue
        if not placed(rel):
            unnamed.append(rel)
    assert unnamed == [], "modules ARCHITECTURE.md does not place in a wing"
