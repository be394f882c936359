"""Helpers of the clean stage's tests: the annotated fixture format and a way to run
the stage on blocks built in a test (see tests/fixtures/clean/README.md)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import opencc

from generator.config import Config
from generator.document import HEADING, IMAGE, LIST, PARAGRAPH, Block, Document
from generator.conversion.stages.clean import remove_boilerplate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "clean"
ANNOTATED = sorted(FIXTURES.glob("*.txt"))

DROP = "✗ "
SPAN_RE = re.compile(r"〔([^〕]+)〕")
IMAGE_LINE_RE = re.compile(r"^!\[([^\]]*)\]\(([^)]+)\)$")
T2S = opencc.OpenCC("t2s.json")
S2T = opencc.OpenCC("s2t.json")


@dataclass
class Annotated:
    name: str
    script: str
    blocks: tuple[Block, ...]
    expected: Counter          # texts that must end up in doc.removed
    kept: list[str]            # block texts (after span cuts) that must survive


def parse_fixture(path: Path) -> Annotated:
    script, blocks, expected, kept = "hans", [], Counter(), []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# script:"):
            script = line.split(":", 1)[1].strip()
            continue
        if not line.strip():
            continue
        item = line.startswith("* ")
        line = line.removeprefix("* ")
        drop = line.startswith(DROP)
        line = line.removeprefix(DROP)
        expected.update(SPAN_RE.findall(line))
        block = _block_for(("* " if item else "") + SPAN_RE.sub(r"\1", line))
        blocks.append(block)
        unit = block.text or (block.items[0] if item else f"![{block.alt}]({block.src})")
        if drop:
            expected[unit] += 1
        else:
            kept.append(SPAN_RE.sub("", line.removeprefix("## ")))
    return Annotated(path.stem, script, tuple(blocks), expected, kept)


def _block_for(line: str) -> Block:
    if line.startswith("## "):
        return Block(HEADING, text=line[3:], level=2)
    if line.startswith("* "):
        return Block(LIST, items=(line[2:],))
    image = IMAGE_LINE_RE.match(line)
    if image:
        return Block(IMAGE, src=image.group(2), alt=image.group(1))
    return Block(PARAGRAPH, text=line)


def clean(blocks, script: str = "hans", source: str = "test.txt") -> Document:
    return remove_boilerplate(Document(source=source, blocks=tuple(blocks)), Config(script=script))


def block_texts(doc: Document) -> list[str]:
    return [t for b in doc.blocks for t in (b.text, *b.items) if t]


def score(fixture: Annotated) -> tuple[int, int, int]:
    """True positives, false positives, false negatives of removed pieces."""
    doc = clean(fixture.blocks, fixture.script, fixture.name)
    removed = Counter(r.text for r in doc.removed)
    true_pos = sum((removed & fixture.expected).values())
    return true_pos, sum(removed.values()) - true_pos, sum(fixture.expected.values()) - true_pos
