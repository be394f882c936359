"""Near-duplicate detection (generator/collection/duplicates.py) on real copies and hard negatives.

tests/fixtures/duplicates/labels.yaml lists real pairs of copies (one story saved by two
independent scrapers; a Simplified page and its Traditional version) and pairs of different
articles from one site, mostly on one topic. The real converter runs over all of them at
once; every pair it calls a copy is checked against the labels.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import numpy
import pytest
import yaml

from generator.collection.assemble import build_collection
from generator.config import load_config
from generator.convert import convert_folder
from generator.document import Block, Document
from generator.collection import duplicates
from generator.collection.duplicates import comparable_text, compare, find_copies, find_duplicates, first_copies, sketch
from generator.pages.write import build_report, render_page

FIXTURES = Path(__file__).parent / "fixtures" / "duplicates"
CORPUS = Path(__file__).parent / "corpus" / "docs"
LABELS = yaml.safe_load((FIXTURES / "labels.yaml").read_text(encoding="utf-8"))


def source_name(ref: str) -> str:
    return ref.removeprefix("corpus:")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dups-src")
    for path in sorted((FIXTURES / "docs").iterdir()):
        shutil.copyfile(path, folder / path.name)
    for pair in LABELS["negatives"]:
        for ref in pair:
            if ref.startswith("corpus:"):
                shutil.copyfile(CORPUS / source_name(ref), folder / source_name(ref))
    config = load_config(None, source=str(folder), work_dir=str(tmp_path_factory.mktemp("dups-work")),
                         images="link")
    return convert_folder(config)


def found_pairs(collection) -> dict[frozenset, str]:
    return {frozenset((a, d.source)): d.kind
            for a, dups in collection.duplicates.items() for d in dups}


def test_labels_hold_enough_real_pairs():
    assert len(LABELS["positives"]) >= 15
    assert sum(p["kind"] in ("exact", "near") for p in LABELS["positives"]) >= 15
    assert len(LABELS["negatives"]) >= 30
    assert any(p.get("traditional") for p in LABELS["positives"])
    for pair in LABELS["positives"]:
        assert len(pair["provenance"]) == len(pair["files"])
        assert all("@" in p and ":" in p for p in pair["provenance"])


def test_precision_and_recall_on_real_copies(converted):
    """Precision and recall of exact+near copies; any other pair found is a false match."""
    found = found_pairs(converted.collection)
    copies = {frozenset(p["files"]) for p in LABELS["positives"] if p["kind"] in ("exact", "near")}
    called = {pair for pair, kind in found.items() if kind in ("exact", "near")}
    recall = len(copies & called) / len(copies)
    precision = len(copies & called) / len(called) if called else 0.0
    assert recall >= 0.95, sorted(map(sorted, copies - called))
    assert precision >= 0.95, sorted(map(sorted, called - copies))
    # a copy cut to a quarter is `contained`; nothing else is found at all
    contained = {frozenset(p["files"]) for p in LABELS["positives"] if p["kind"] == "contained"}
    assert {pair for pair, kind in found.items() if kind == "contained"} == contained


def test_no_same_site_negative_is_called_a_copy(converted):
    found = found_pairs(converted.collection)
    negatives = [frozenset(source_name(r) for r in pair) for pair in LABELS["negatives"]]
    assert [sorted(p) for p in negatives if p in found] == []


def test_traditional_copies_match_their_simplified_pages(converted):
    found = found_pairs(converted.collection)
    for pair in LABELS["positives"]:
        if pair.get("traditional"):
            assert found.get(frozenset(pair["files"])) in ("exact", "near"), pair["files"]


def test_report_lists_each_copy_with_its_page(converted):
    report = build_report(list(converted.documents), converted.collection)
    entry = next(e for e in report["documents"] if e["source"] == "mcpfe-readme-zh-tw.md")
    assert [d["source"] for d in entry["duplicates"]] == ["mcpfe-readme-zh-cn.md"]
    other = next(e for e in report["documents"] if e["source"] == "mcpfe-readme-zh-cn.md")
    assert entry["duplicates"][0]["url"] == other["url"]
    assert entry["duplicates"][0]["kind"] in ("exact", "near")
    assert 0.5 <= entry["duplicates"][0]["similarity"] <= 1.0
    lone = next(e for e in report["documents"] if e["source"] == "xwlb-20200125-xiaoyu2er.md")
    assert lone["duplicates"] == []


# --- kinds, ignore, determinism: small documents built in the test ----------------------

STORY = ("新华社北京12月7日电 国务院总理今天在人民大会堂会见了来访的外国代表团，双方就经贸合作、"
         "人文交流、气候变化等议题深入交换意见。总理表示，中方愿同各方一道推动务实合作取得更多成果，"
         "为两国人民带来更多福祉。代表团团长表示，愿意加强在数字经济、绿色发展等领域的合作。")


OTHER = ("这座小城的图书馆十年前只是一间平房，藏书不过三千册，冬天漏风，夏天闷热。后来市里拨了专款，"
         "志愿者们挨家挨户募集旧书，又请来退休教师开设周末读书会。如今新馆有四层楼、二十万册藏书，"
         "每天开放到晚上九点，自习区的座位常常一早就被学生占满。馆长说，最让她高兴的不是楼变高了，"
         "而是借书卡上的名字越来越多，从小学生到八十岁的老人都有。今年夏天，图书馆还办了一次旧书集市，"
         "市民把读过的书带来交换，一个上午就换出去两千多本。")


def doc(source: str, *paragraphs: str, **fields) -> Document:
    return Document(source=source, blocks=tuple(Block("paragraph", text=p) for p in paragraphs), **fields)


def test_kinds_exact_near_contained():
    docs = [doc("a.md", STORY), doc("b.md", STORY.replace("国务院", "國務院").replace("会见", "會見")),
            doc("c.md", "编者按：本文转自新华社，略有删节。", STORY[:-20]),
            doc("d.md", OTHER, STORY, OTHER[::-1]), doc("e.md", OTHER)]
    found = {frozenset((a, d.source)): d.kind for a, ds in find_duplicates(docs).items() for d in ds}
    assert found[frozenset(("a.md", "b.md"))] == "exact"        # Traditional folds to Simplified
    assert found[frozenset(("a.md", "c.md"))] == "near"         # editor's note, cut tail
    assert frozenset(("a.md", "e.md")) not in found
    # the exact check names a text quoted whole in one 4x longer `contained` (whether the
    # sketches propose so short a pair is a matter of chance: see the real pairs above)
    texts = {d.source: comparable_text(d) for d in docs}
    sketches = {d.source: sketch(d) for d in docs}
    checked = {frozenset((a, b)): kind
               for a, b, _, kind in compare(sketches, [("a.md", "d.md"), ("a.md", "e.md")], texts.__getitem__)}
    assert checked == {frozenset(("a.md", "d.md")): "contained"}


def test_stories_join_exact_and_near_copies_under_the_earliest():
    docs = [doc("a.md", STORY, date="2020-01-03"), doc("b.md", STORY, date="2020-01-01"),
            doc("c.md", "编者按：转载。", STORY), doc("d.md", OTHER, STORY, OTHER[::-1])]
    stories = first_copies(tuple(docs), find_copies(docs).stories)
    assert stories == {"a.md": "b.md", "b.md": "b.md", "c.md": "b.md"}   # d only contains it


def test_duplicates_ignore_keeps_a_page_apart():
    docs = [doc("a.md", STORY), doc("b.md", STORY, meta={"duplicates": "ignore"}),
            doc("c.md", STORY, sidecar={"duplicates": "ignore"}), doc("d.md", STORY)]
    assert sorted(find_duplicates(docs)) == ["a.md", "d.md"]


def test_tag_counts_count_a_story_once():
    docs = [doc("a.md", STORY, tags=("x",)), doc("b.md", STORY, tags=("x", "y")),
            doc("c.md", OTHER, tags=("x",))]
    coll = build_collection(docs)
    assert coll.tag_counts() == {"x": 2, "y": 1}


def test_detection_is_deterministic_whatever_the_order():
    docs = [doc(f"{n}.md", STORY if n % 2 else STORY + "附记：第二版。") for n in range(6)]
    first = find_duplicates(docs)
    assert find_duplicates(list(reversed(docs))) == first
    assert find_duplicates([replace(d) for d in docs]) == first


def test_many_copies_of_one_text_are_compared_once_and_listed_up_to_the_cap():
    # a folder holding one article many times over (a sync loop, a scraper run again): the
    # copies are found by their digest, each page lists MAX_LISTED of them and says how many
    # there are; the work and the lists grow with the number of copies, not its square
    count = duplicates.MAX_LISTED * 3
    docs = [doc(f"{n:03}.md", STORY) for n in range(count)] + [doc("near.md", "编者按：转载。", STORY)]
    calls = []
    real = duplicates.candidate_pairs
    duplicates.candidate_pairs = lambda sketches: calls.append(len(sketches)) or real(sketches)
    try:
        coll = build_collection(docs)
    finally:
        duplicates.candidate_pairs = real
    assert calls == [2]                         # one text per digest goes to the LSH index
    listed = coll.duplicates["000.md"]
    assert len(listed) == duplicates.MAX_LISTED
    assert [d.source for d in listed] == [f"{n:03}.md" for n in range(1, duplicates.MAX_LISTED + 1)]
    assert all(d.kind == "exact" for d in listed)
    assert coll.copy_totals["000.md"] == count                 # the other copies and near.md
    near = coll.duplicates["near.md"]
    assert len(near) == duplicates.MAX_LISTED and {d.kind for d in near} == {"near"}
    assert coll.copy_totals["near.md"] == count
    assert len(set(coll.stories.values())) == 1 and len(coll.stories) == count + 1
    front = yaml.safe_load(render_page(coll.by_source["000.md"], coll).split("---\n")[1])
    assert len(front["zhiku"]["copies"]) == duplicates.MAX_LISTED
    assert front["zhiku"]["copies_more"] == count - duplicates.MAX_LISTED
    entry = next(e for e in build_report(docs, coll)["documents"] if e["source"] == "000.md")
    assert len(entry["duplicates"]) == duplicates.MAX_LISTED and entry["duplicates_total"] == count


def test_many_near_copies_are_checked_until_each_lists_the_cap():
    # near copies (each with its own editor's note) join one story; once both texts of a
    # candidate pair are in that story and list MAX_LISTED copies, the pair is not checked
    count = duplicates.MAX_LISTED * 6
    docs = [doc(f"{n:03}.md", f"编者按：第{n}次转载，编号{n * 7919}。", STORY) for n in range(count)]
    checked = []
    real = duplicates.shared
    duplicates.shared = lambda a, b: checked.append(1) or real(a, b)
    try:
        coll = build_collection(docs)
    finally:
        duplicates.shared = real
    pairs = count * (count - 1) // 2
    assert len(checked) < pairs / 2
    assert len(set(coll.stories.values())) == 1 and len(coll.stories) == count
    assert all(len(coll.duplicates[d.source]) == duplicates.MAX_LISTED for d in docs)
    assert all(coll.copy_totals[d.source] == count - 1 for d in docs)
    assert {d.kind for ds in coll.duplicates.values() for d in ds} == {"near"}


def test_a_story_of_more_copies_than_a_page_lists_stays_one_story():
    # 51 copies of a text and 51 of a near copy of it: each copy lists 50 exact copies of
    # its own text, so the lists alone never join the two texts; the story does
    count = duplicates.MAX_LISTED + 1
    docs = [doc(f"a{n:03}.md", STORY) for n in range(count)] + \
           [doc(f"b{n:03}.md", "编者按：转载。", STORY) for n in range(count)]
    coll = build_collection(docs)
    assert set(coll.stories.values()) == {"a000.md"} and len(coll.stories) == 2 * count
    assert coll.copy_count(coll.by_source["b007.md"]) == 2 * count - 1
    assert len(coll.copies(coll.by_source["a000.md"])) == 2 * count - 1


def test_lists_and_timeline_show_a_story_once_with_all_its_sources():
    from generator.document import Event
    from generator.pages.links import Taxonomy
    from generator.pages.views import view_pages

    event = (Event("2020-01-01", "day", "2020年1月1日，总理会见代表团。", "p1"),)
    docs = [doc("a.md", STORY, title="转载稿", date="2020-01-02", site="新浪", events=event),
            doc("b.md", STORY, title="原稿", date="2020-01-01", site="新华网", events=event),
            doc("c.md", OTHER, title="图书馆", date="2020-01-03", events=event)]
    coll = build_collection(docs)
    entries = coll.timeline
    assert [(e.doc_title, e.also) for e in entries] == [
        ("原稿", (("articles/2020/zhuan-zai-gao/#p1", "转载稿"),)), ("图书馆", ())]
    pages = view_pages(coll.documents, coll, Taxonomy(names={}, descriptions={}))
    listing = pages["documents.md"]
    assert listing.count('href="../articles/2020/yuan-gao/"') == 1
    assert listing.count('href="../articles/2020/zhuan-zai-gao/"') == 1   # only nested
    nested = listing.split('<div class="zk-copies">', 1)[1]
    assert "转载稿" in nested and "新浪" in nested and "2020年1月2日" in nested
    assert "另见" in pages["timeline.md"] and "转载稿" in pages["timeline.md"]


def test_duplicates_ignore_from_real_front_matter_and_sidecar(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (source / name).write_text(f"# 标题{name}\n\n{STORY}\n\n{OTHER}\n", encoding="utf-8")
    (source / "b.md").write_text(f"---\nduplicates: ignore\n---\n# 标题b\n\n{STORY}\n\n{OTHER}\n",
                                 encoding="utf-8")
    config = load_config(None, source=str(source), work_dir=str(tmp_path / "work"), images="link")
    assert sorted(convert_folder(config).collection.duplicates) == ["a.md", "c.md"]
    (source / "c.md.meta.yml").write_text("duplicates: ignore\n", encoding="utf-8")
    assert convert_folder(config).collection.duplicates == {}


def test_report_page_names_the_other_copies():
    from generator.pages.report_page import report_page

    docs = [doc("a.md", STORY, title="转载稿"), doc("b.md", STORY, title="原稿"), doc("c.md", OTHER, title="图书馆")]
    coll = build_collection(docs)
    page = report_page(coll.documents, coll)
    section_a = page.split("## a.md", 1)[1].split("## ", 1)[0]
    assert "同一报道的其他来源（1）" in section_a and "原稿" in section_a and "全文相同" in section_a
    assert "同一报道的其他来源" not in page.split("## c.md", 1)[1]


def test_converted_documents_carry_their_sketch_and_detection_folds_no_text_again(tmp_path, monkeypatch):
    """The sketch is made where a document is converted (runner.py) and cached with it;
    the collection then folds or shingles no text unless a pair needs the exact check
    (exact copies do not: their digests are equal)."""
    import generator.collection.duplicates as duplicates

    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text(f"# 会见\n\n{STORY}\n", encoding="utf-8")
    (source / "b.md").write_text(f"# 會見\n\n{STORY.replace('国务院', '國務院')}\n", encoding="utf-8")
    (source / "c.md").write_text(f"# 丙\n\n{OTHER}\n", encoding="utf-8")
    (source / "d.md").write_text(f"---\nduplicates: ignore\n---\n# 丁\n\n{STORY}\n", encoding="utf-8")
    config = load_config(None, source=str(source), work_dir=str(tmp_path / "work"), images="link")
    converted = convert_folder(config).documents
    restored = convert_folder(config).documents          # from the conversion cache
    assert list(tmp_path.joinpath("work", "cache").glob("*/*.json"))
    assert restored == converted
    by_source = {d.source: d for d in restored}
    assert by_source["d.md"].sketch is None              # `duplicates: ignore`
    for name in ("a.md", "b.md", "c.md"):
        item = by_source[name].sketch
        assert item is not None and item == sketch(by_source[name])
        assert len(item.minhash) == 8 * 128 and item.size > 40
    assert by_source["a.md"].sketch.digest == by_source["b.md"].sketch.digest   # folded alike

    def refold(*args):
        raise AssertionError("folded or shingled again in the collection")

    monkeypatch.setattr(duplicates, "comparable", refold)
    monkeypatch.setattr(duplicates, "shingles", refold)
    duplicates._last[:] = [None, None]
    found = find_duplicates(restored)
    assert {s: [(d.source, d.kind) for d in ds] for s, ds in found.items()} == {
        "a.md": [("b.md", "exact")], "b.md": [("a.md", "exact")]}


def test_a_document_without_a_current_sketch_gets_one_made():
    """A document from an older cache carries no sketch, and one whose blocks changed
    after conversion (mirroring turns an image into a caption) carries a stale one: both
    are sketched again, and the result is what fresh sketches give."""
    docs = [doc("a.md", STORY), doc("b.md", "编者按：本文转自新华社。", STORY), doc("c.md", OTHER)]
    fresh = find_duplicates(docs)
    assert set(fresh) == {"a.md", "b.md"}
    stale = [replace(d, sketch=sketch(doc(d.source, OTHER[::-1]))) for d in docs]
    assert find_duplicates(stale) == fresh
    assert find_duplicates([replace(d, sketch=sketch(d)) for d in docs]) == fresh


# --- the indexes looked up in numpy, the sample check, detection turned off -------------

def datasketch_pairs(values: numpy.ndarray, sizes: numpy.ndarray) -> list[int]:
    """The pairs datasketch's MinHashLSH and MinHashLSHEnsemble put together when each text
    is inserted and queried in turn (as detection did before index_pairs), as codes."""
    from datasketch import LeanMinHash, MinHashLSH, MinHashLSHEnsemble

    count = len(values)
    minhashes = [LeanMinHash(seed=duplicates.SEED, hashvalues=v, scheme=duplicates.SCHEME) for v in values]
    lsh = MinHashLSH(threshold=duplicates.LSH_THRESHOLD, num_perm=duplicates.NUM_PERM,
                     weights=duplicates.LSH_WEIGHTS)
    codes = set()
    for n, minhash in enumerate(minhashes):
        codes.update(other * count + n for other in lsh.query(minhash))
        lsh.insert(n, minhash)
    ensemble = MinHashLSHEnsemble(threshold=duplicates.CONTAINMENT_THRESHOLD, num_perm=duplicates.NUM_PERM,
                                  num_part=min(duplicates.PARTITIONS, count),
                                  weights=duplicates.CONTAINMENT_WEIGHTS)
    ensemble.index([(n, m, duplicates.size_bucket(int(s))) for n, (m, s) in enumerate(zip(minhashes, sizes))])
    for n, minhash in enumerate(minhashes):
        codes.update(min(o, n) * count + max(o, n) for o in ensemble.query(minhash, int(sizes[n])) if o != n)
    return sorted(codes)


def test_index_lookups_in_numpy_find_the_pairs_datasketchs_indexes_find():
    """index_pairs looks every text up at once; it must propose exactly the pairs that
    datasketch's own indexes propose one query at a time (texts of many sizes, so that the
    ensemble's partitions ask with every (bands, rows) it chooses; copies cut short)."""
    from bench.duplicates_scale import synthetic_documents

    docs = synthetic_documents(240)
    docs += [doc(f"cut{d.source}", *(b.text for b in d.blocks[:max(1, len(d.blocks) // 4)]))
             for d in docs[::6]]
    sketches = [k for k in map(sketch, docs) if k.size]
    values = numpy.array([duplicates.minhash_values(k) for k in sketches])
    sizes = numpy.array([k.size for k in sketches])
    want = datasketch_pairs(values, sizes)
    assert len(want) > 200
    assert duplicates.index_pairs(values, sizes).tolist() == want
    assert duplicates.index_pairs(values[:1], sizes[:1]).tolist() == []


def test_large_samples_that_share_too_little_skip_the_exact_check():
    """The samples' estimate may fall below a copy's threshold by 3 standard errors of an
    estimate from that many samples (at most by 0.2): 65 % of 1,000 samples is sharply
    below the 80 % of a `contained` copy, 65 % of 40 is not."""
    mine = numpy.arange(1, 1001, dtype=numpy.uint64) * 7

    def other(kept: numpy.ndarray, more: int) -> numpy.ndarray:
        return numpy.sort(numpy.concatenate((kept, numpy.arange(more, dtype=numpy.uint64) * 7 + 3)))

    assert not duplicates.samples_agree(mine, other(mine[:650], 1000))
    assert duplicates.samples_agree(mine, other(mine[:780], 1000))   # within 3 standard errors
    assert duplicates.samples_agree(mine[:40], other(mine[:26], 40))
    assert duplicates.samples_agree(mine[:10], other(mine[:1], 40))   # too few samples to tell


def test_detection_turned_off_finds_no_copies_and_makes_no_sketches(tmp_path):
    """`duplicates: false` in zhiku.yml or `--no-duplicates`: no document is sketched in
    the workers and none is a copy (a build without detection, to measure its cost)."""
    from generator.cli import _overrides, _parser

    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text(f"# 会见\n\n{STORY}\n", encoding="utf-8")
    (source / "b.md").write_text(f"# 会见（转载）\n\n{STORY}\n", encoding="utf-8")
    (tmp_path / "zhiku.yml").write_text("duplicates: false\n", encoding="utf-8")
    off = load_config(tmp_path / "zhiku.yml", source=str(source), work_dir=str(tmp_path / "off"))
    assert off.duplicates is False
    result = convert_folder(off)
    assert [d.sketch for d in result.documents] == [None, None]
    assert result.collection.duplicates == {} and result.collection.stories == {}
    on = convert_folder(load_config(None, source=str(source), work_dir=str(tmp_path / "on")))
    assert [d.source for d in on.collection.duplicates["a.md"]] == ["b.md"]
    assert None not in [d.sketch for d in on.documents]
    assert _overrides(_parser().parse_args(["build", "--no-duplicates"]))["duplicates"] is False
    assert _overrides(_parser().parse_args(["build"]))["duplicates"] is None
