"""The caches hold data, not code (issue 18, finding 6): a file a source folder could hold
is never unpickled, entries are JSON that round-trips exactly, and an entry this user's key
did not sign is not used."""

from __future__ import annotations

import datetime
import json
import math
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, build_site, run_zhiku
from generator.conversion import cache, typed_json
from generator.config import Config, load_config
from generator.convert import discover_sources, read_one
from generator.document import Document
from generator.site.speedups.render import Rendered
from generator.conversion.runner import convert_documents, file_key
from generator.readers import read_bytes, source_fingerprint

FRONT_MATTER_OF_EVERY_YAML_TYPE = """---
title: 各种类型
date: 2021-11-11
updated: 2021-11-11 20:30:05.250+08:00
naive: 2021-11-11 08:00:00
utc: 2021-11-11T00:00:00Z
count: 12345678901234567890
ratio: .inf
minus_zero: -0.0
flag: yes
nothing: ~
blob: !!binary aGVsbG8=
names: !!set {甲: null, 乙: null}
pairs: !!omap [{a: 1}, {b: 2}]
nested: {1: one, 2.5: two, true: three, 2020-01-01: day, null: none, list: [1, [2, [3]]]}
---

正文第一段，关于双十一。
"""


def shape(value):
    """`value` with every type spelled out: equal shapes mean an exact round trip (==
    alone takes a set for a frozenset, 1 for 1.0 or True, a tuple's list for nothing)."""
    if isinstance(value, dict):
        return "dict", [(shape(k), shape(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [shape(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return type(value).__name__, sorted(repr(shape(v)) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return type(value).__name__, [shape(getattr(value, f)) for f in value.__dataclass_fields__]
    return type(value).__name__, repr(value)


@pytest.fixture(scope="module")
def converted() -> list[Document]:
    docs = [read_bytes("types.md", FRONT_MATTER_OF_EVERY_YAML_TYPE.encode())]
    root = (ROOT / "seeds").resolve()
    docs += [read_one(p, root) for p in discover_sources(root)[0]]
    return convert_documents(docs, Config(jobs=1), None)


def test_converted_documents_round_trip_exactly(converted):
    meta = converted[0].meta
    assert isinstance(meta["names"], set) and isinstance(meta["blob"], bytes)
    assert isinstance(meta["updated"], datetime.datetime) and meta["updated"].utcoffset()
    for doc in converted:
        back = typed_json.loads(typed_json.dumps(doc, Document), Document)
        assert back == doc and shape(back) == shape(doc), doc.source


_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: datetime.timezone(datetime.timedelta(minutes=m)))
_KEYS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                  st.text(st.characters(exclude_categories=())), st.binary(max_size=8), st.dates(),
                  st.datetimes(timezones=st.none() | _OFFSETS).map(lambda d: d.replace(fold=0)))  # YAML sets no fold
_VALUES = st.recursive(_KEYS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(_KEYS, inner, max_size=4),
    st.sets(_KEYS, max_size=4), st.frozensets(_KEYS, max_size=4)), max_leaves=16)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _VALUES, max_size=5))
def test_any_front_matter_value_round_trips_with_its_type(meta):
    doc = Document(source="a.md", meta=meta, sidecar={"title": "旁注"})
    back = typed_json.loads(typed_json.dumps(doc, Document), Document)
    assert back == doc and shape(back) == shape(doc)


def test_not_a_number_and_lone_surrogates_survive():
    doc = Document(source="a\udcff.txt", meta={"x": float("nan")}, title="\ud800")
    back = typed_json.loads(typed_json.dumps(doc, Document), Document)
    assert math.isnan(back.meta["x"]) and back.source == doc.source and back.title == "\ud800"


def test_a_value_without_an_exact_json_form_is_not_cached(tmp_path, key_home):
    doc = Document(source="a.md", meta={"x": object()})
    cache.store(tmp_path, "ab" * 32, doc, Document)
    assert cache.load(tmp_path, "ab" * 32, Document) is None
    assert not list(tmp_path.rglob("*.json"))


@pytest.fixture
def key_home(tmp_path, monkeypatch):
    """Each test's own cache key, made on first use under a temporary XDG_CACHE_HOME."""
    def use(name: str) -> Path:
        home = tmp_path / name
        monkeypatch.setenv("XDG_CACHE_HOME", str(home))
        cache.secret_key.cache_clear()
        return home / "zhiku" / "cache-key"
    use("home")
    yield use
    cache.secret_key.cache_clear()


def test_an_entry_is_used_only_as_this_users_key_signed_it(tmp_path, key_home):
    key, other = "12" * 32, "34" * 32
    doc = Document(source="a.txt", title="标题", tags=("alibaba",))
    cache.store(tmp_path / "c", key, doc, Document)
    assert cache.load(tmp_path / "c", key, Document) == doc
    entry = tmp_path / "c" / key[:2] / f"{key}.json"
    original = entry.read_bytes()

    entry.write_bytes(original.replace("标题".encode(), "假标题".encode()))    # altered data
    assert cache.load(tmp_path / "c", key, Document) is None
    moved = tmp_path / "c" / other[:2] / f"{other}.json"                 # a signed entry under another key
    moved.parent.mkdir(parents=True)
    moved.write_bytes(original)
    assert cache.load(tmp_path / "c", other, Document) is None
    entry.write_bytes(original)
    assert cache.load(tmp_path / "c", key, Rendered) is None               # not of the type asked for
    key_file = key_home("elsewhere")                                        # another user's (or machine's) key
    assert cache.load(tmp_path / "c", key, Document) is None
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_a_key_file_others_can_read_is_not_used(tmp_path, key_home):
    key_file = key_home("loose")
    key_file.parent.mkdir(parents=True)
    key_file.write_text("ab" * 32)
    key_file.chmod(0o644)
    assert cache.secret_key() != bytes.fromhex("ab" * 32)


def test_a_planted_temporary_file_link_is_not_written_through(tmp_path, key_home, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_text("unchanged")
    key = "56" * 32
    (tmp_path / "c" / key[:2]).mkdir(parents=True)
    monkeypatch.setattr(cache.os, "getpid", lambda: 4242)
    (tmp_path / "c" / key[:2] / f"{key}.4242.tmp").symlink_to(victim)
    cache.store(tmp_path / "c", key, Document(source="a.txt"), Document)
    assert victim.read_text() == "unchanged"
    assert cache.load(tmp_path / "c", key, Document) == Document(source="a.txt")


class WritesAMarker:
    """A pickle that, when unpickled, creates a file (a stand-in for running `id`)."""
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_cache_file_planted_in_a_work_dir_inside_the_source_folder_is_never_unpickled(tmp_path):
    src = tmp_path / "documents"
    src.mkdir()
    for seed in sorted((ROOT / "seeds").iterdir())[:2]:
        shutil.copy(seed, src / seed.name)
    work, marker = src / ".zhiku", tmp_path / "pwned"
    config = load_config(ROOT / "zhiku.yml", base=ROOT, source=src, work_dir=work)
    payload = pickle.dumps(WritesAMarker(marker))
    for path in sorted(src.iterdir()):   # the keys a build computes: anyone with the sources can
        key = file_key(source_fingerprint(path, src.resolve(), path.read_bytes()), config)
        for suffix in (".pickle", ".json"):
            planted = work / "cache" / key[:2] / f"{key}{suffix}"
            planted.parent.mkdir(parents=True, exist_ok=True)
            planted.write_bytes(payload)
    proc = run_zhiku("build", "--source", str(src), "--site-dir", str(tmp_path / "site"),
                     "--work-dir", str(work), "--report", str(tmp_path / "report.json"), check=False)
    assert not marker.exists(), "a planted cache file ran code"
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) == 2
    assert not list((work / "cache").rglob("*.pickle"))


def test_a_forged_rendered_page_in_the_cache_is_not_published(tmp_path):
    src = tmp_path / "documents"
    src.mkdir()
    for seed in sorted((ROOT / "seeds").iterdir())[:2]:
        shutil.copy(seed, src / seed.name)
    first = build_site(tmp_path, src)
    entries = sorted((first.work_dir / "render-cache").rglob("*.json"))
    assert entries
    for entry in entries:   # what someone without the key can do: write well-formed entries
        value = cache.load(entry.parent.parent, entry.stem, Rendered)
        assert value is not None
        forged = typed_json.dumps(replace(value, content=value.content + "<script>alert('ZKFORGED')</script>"), Rendered)
        entry.write_bytes(b"0" * cache.MAC_LENGTH + b"\n" + forged)
    build_site(tmp_path, src)
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert not any("ZKFORGED" in page for page in pages)
    assert all(cache.load(e.parent.parent, e.stem, Rendered) is not None for e in entries)  # written anew


def test_a_document_without_an_exact_json_form_is_converted_but_not_cached(tmp_path, key_home):
    odd = Document(source="odd.txt", raw="正文第一段。", body="正文第一段。", meta={"x": object()})
    converted = convert_documents([odd], Config(jobs=1), tmp_path / "c")
    assert len(converted) == 1 and converted[0].title
    assert not list((tmp_path / "c").rglob("*.json"))


KEY_OF_A_DOCUMENT_WITH_A_SET = """
from generator.config import Config
from generator.readers import read_bytes
from generator.conversion.runner import cache_key
doc = read_bytes("a.md", "---\\nnames: !!set {甲: null, 乙: null, 丙: null, 丁: null, 戊: null}\\n---\\n正文。".encode())
print(cache_key(doc, Config()))
"""


def test_a_documents_key_does_not_change_with_the_string_hash_seed():
    keys = {subprocess.run([sys.executable, "-c", KEY_OF_A_DOCUMENT_WITH_A_SET], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3", "4")}
    assert len(keys) == 1 and len(keys.pop().strip()) == 64
