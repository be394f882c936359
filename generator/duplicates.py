"""Same story, several sources: near-duplicate detection across the collection.

Compared is each document's cleaned text (its blocks after cleaning, never the page chrome
or its title: two portals title one story differently, two articles of one site share a
template), folded to Simplified script and half-width forms, reduced to Han characters,
Latin letters and digits. A text is the set of its SHINGLE-character shingles; a MinHash
sketch of that set (`datasketch`, fixed seed) goes into an LSH index, and only the pairs
the index puts together are compared exactly, so the cost grows with the collection, not
with its square. The exact check tells apart:

- `exact`: the same folded text;
- `near`: Jaccard similarity of the shingle sets >= NEAR (a different lead, an added
  editor's note, a cut tail);
- `contained`: the shorter text's shingles are mostly (>= CONTAINED) in the longer one
  (an article quoted whole in a forum post or a digest).

Stories (`story_groups`) join exact and near copies only: a digest that contains two
articles must not make them one story. A document whose front matter or sidecar says
`duplicates: ignore` is never compared. Everything is deterministic: fixed hash and seed,
sorted output.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble

from .document import CODE, IMAGE, Document
from .cleaning.markup import LINK_RE
from .fold import comparable

SHINGLE = 5            # characters per shingle: Chinese words are 1-3 characters
NUM_PERM = 128         # MinHash permutations (standard error of an estimate about 0.04;
                       # with 64 a real copy cut to a quarter was missed)
SEED = 1
LSH_THRESHOLD = 0.3    # candidates by Jaccard similarity (near copies) ...
CONTAINMENT_THRESHOLD = 0.75  # ... and by containment (a text cut short, or quoted whole)
PARTITIONS = 8         # of the containment index, by set size
# How the LSH parameters weigh a false candidate against a missed one (datasketch's
# default is even): unrelated texts on one topic share a little, and with even weights
# their candidates grew with the square of the collection.
LSH_WEIGHTS = (0.8, 0.2)
CONTAINMENT_WEIGHTS = (0.5, 0.5)
SIZE_STEP = 1.05       # sizes the containment index tells apart (5 % steps)
SKETCH_MARGIN = 0.1    # below a copy's threshold the sketches' estimate may be
                       # (2.5 standard errors)
NEAR = 0.5             # Jaccard at or above: the same story, edited
CONTAINED = 0.8        # share of the shorter text's shingles found in the longer
MIN_SHINGLES = 40      # shorter texts say too little to be called a copy
MAX_CHARS = 200_000    # of a text compared (bounded work per document)
KEPT_SETS = 1024       # shingle sets kept at once during the exact check
SAMPLE_BELOW = 2 ** 60 # shingle hashes below this form a text's sample (1/16 of them)
MIN_SAMPLES = 32       # fewer in the shorter text: its sample says too little
SAMPLE_MARGIN = 0.2    # the samples' estimate may fall this far below (32 samples: 2.5 σ)
CHECK_BATCH = 20_000   # candidate pairs whose sketches are compared at once (~40 MB)
_LINK = LINK_RE   # linear: no repeat runs past the next bracket (cleaning/markup.py)


@dataclass(frozen=True)
class Duplicate:
    """Another copy of a document's story."""

    source: str         # the other document's source path
    similarity: float   # Jaccard of the shingle sets (containment for `contained`)
    kind: str           # "exact" | "near" | "contained"


def ignored(doc: Document) -> bool:
    """`duplicates: ignore` in the sidecar (which wins) or the front matter."""
    value = doc.sidecar.get("duplicates", doc.meta.get("duplicates"))
    return isinstance(value, str) and value.strip().lower() == "ignore"


def comparable_text(doc: Document) -> str:
    """The document's cleaned text (its blocks, no title, images or code), folded (fold.comparable)."""
    parts = []
    for block in doc.blocks:
        if block.kind in (IMAGE, CODE):
            continue
        parts += [block.text, *block.items, *(c for row in block.rows for c in row)]
    return comparable(_LINK.sub(r"\1", "\n".join(parts))[:MAX_CHARS])


# One odd 64-bit multiplier per position of a shingle: a shingle's hash is the sum of its
# characters' code points times these, modulo 2**64 (numpy's unsigned arithmetic wraps).
_POSITION_WEIGHTS = numpy.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                                 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD], dtype=numpy.uint64)


def shingles(text: str) -> numpy.ndarray:
    """The text's distinct SHINGLE-character shingles as sorted 64-bit hashes (computed
    over the whole text at once: a Python object per shingle cost most of the time)."""
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.uint64)
    count = len(codes) - SHINGLE + 1
    if count <= 0:
        return numpy.empty(0, dtype=numpy.uint64)
    hashes = codes[:count] * _POSITION_WEIGHTS[0]
    for k in range(1, SHINGLE):
        hashes += codes[k:k + count] * _POSITION_WEIGHTS[k]
    # sorted, then each run kept once: numpy.unique hashes every value first (its hash
    # table cost more than the sort, and grew with memory pressure at 10,000 documents)
    hashes.sort()
    if len(hashes) > 1:
        hashes = hashes[numpy.concatenate(([True], hashes[1:] != hashes[:-1]))]
    return hashes


def sketch_values(hashes: numpy.ndarray) -> numpy.ndarray:
    """Shingle hashes folded to the 32 bits MinHash permutes (as its own hash functions give)."""
    return ((hashes >> numpy.uint64(32)) ^ (hashes & numpy.uint64(0xFFFFFFFF))).astype(numpy.uint32)


def _whole_batch(values: numpy.ndarray) -> numpy.ndarray:
    """MinHash's hash function, given a text's whole array of 32-bit shingle hashes as one
    value: `update_batch` turns what it returns into the array it permutes, so the values
    reach numpy without a Python call (and a Python int) per shingle."""
    return values


def find_duplicates(docs: list[Document] | tuple[Document, ...]) -> dict[str, tuple[Duplicate, ...]]:
    """source -> the other copies of its story, most similar first (documents without
    copies are left out)."""
    if sum(1 for doc in docs if not ignored(doc)) < 2:   # one document is no story's copy
        return {}
    texts: dict[str, str] = {}
    for doc in sorted(docs, key=lambda d: d.source):
        if not ignored(doc):
            text = comparable_text(doc)
            if len(text) - SHINGLE + 1 >= MIN_SHINGLES:
                texts[doc.source] = text
    key = hashlib.sha256("\0".join(f"{s}\0{t}" for s, t in texts.items()).encode("utf-8")).digest()
    if _last[0] == key:   # the same texts again (a build re-collects after mirroring images)
        return _last[1]
    found: dict[str, list[Duplicate]] = {}
    for a, b, similarity, kind in sorted(compare(texts, candidate_pairs(texts))):
        found.setdefault(a, []).append(Duplicate(b, similarity, kind))
        found.setdefault(b, []).append(Duplicate(a, similarity, kind))
    result = {source: tuple(sorted(items, key=lambda d: (-d.similarity, d.source)))
              for source, items in sorted(found.items())}
    _last[:] = [key, result]
    return result


_last: list = [None, None]   # the last call's texts (as a digest) and result


def candidate_pairs(texts: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of sources whose sketches an LSH index puts together and whose sketches agree
    well enough to be worth the exact check (sorted, each pair once): one index by Jaccard
    similarity, one (an LSH Ensemble) by how much of a text another contains, since a copy
    cut to a quarter is far from its original by Jaccard."""
    sources = list(texts)
    sets = [shingles(texts[s]) for s in sources]
    sizes = [len(s) for s in sets]
    sketches = MinHash.bulk(([sketch_values(s)] for s in sets), num_perm=NUM_PERM, seed=SEED,
                            hashfunc=_whole_batch)
    # the hashes below SAMPLE_BELOW: the same 1/16 of the shingles in every text, a
    # second, sharper estimate where sizes differ much (sets come sorted: a prefix)
    samples = [s[:numpy.searchsorted(s, numpy.uint64(SAMPLE_BELOW))] for s in sets]
    del sets
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    count = len(sources)
    # pairs as numpy codes (first * count + second, first < second): on a large collection
    # the indexes propose millions of pairs, and a Python tuple per pair cost more than
    # finding them
    found = [numpy.empty(0, dtype=numpy.int64)]
    for n, sketch in enumerate(sketches):
        found.append(numpy.fromiter(lsh.query(sketch), dtype=numpy.int64) * count + n)  # earlier ones
        lsh.insert(n, sketch, check_duplication=False)
    if count > 1:
        # sizes rounded up to a few dozen values: the ensemble's partitioning is quadratic
        # in the number of distinct sizes, and an upper bound is all it needs
        ensemble = MinHashLSHEnsemble(threshold=CONTAINMENT_THRESHOLD, num_perm=NUM_PERM,
                                      num_part=min(PARTITIONS, count), weights=CONTAINMENT_WEIGHTS)
        ensemble.index(zip(range(count), sketches, map(size_bucket, sizes)))
        for n, sketch in enumerate(sketches):
            others = numpy.fromiter(ensemble.query(sketch, sizes[n]), dtype=numpy.int64)
            others = others[others != n]
            found.append(numpy.minimum(others, n) * count + numpy.maximum(others, n))
    codes = numpy.unique(numpy.concatenate(found))      # sorted: pairs in (first, second) order
    pairs = numpy.stack((codes // count, codes % count), axis=1)
    kept = worth_checking(pairs, numpy.array([sk.hashvalues for sk in sketches]),
                          numpy.array(sizes, dtype=numpy.float64))
    return sorted((sources[i], sources[j]) for i, j in kept if samples_agree(samples[i], samples[j]))


def samples_agree(a: numpy.ndarray, b: numpy.ndarray) -> bool:
    """Whether the shingle samples of two texts could belong to copies. MinHash estimates
    a containment poorly when one text is many times the other; the samples, a fixed share
    of each text, do not. Too few samples to tell: the exact check decides."""
    small = min(len(a), len(b))
    if small < MIN_SAMPLES:
        return True
    common = shared(a, b)
    return (common / (len(a) + len(b) - common) >= NEAR - SAMPLE_MARGIN
            or common / small >= CONTAINED - SAMPLE_MARGIN)


def size_bucket(size: int) -> int:
    """`size` rounded up to the next power of SIZE_STEP."""
    return math.ceil(SIZE_STEP ** math.ceil(math.log(max(size, 1), SIZE_STEP)))


def worth_checking(pairs: numpy.ndarray, values: numpy.ndarray,
                   sizes: numpy.ndarray) -> list[tuple[int, int]]:
    """The pairs whose sketches estimate a Jaccard similarity, or a containment of the
    shorter text in the longer, within SKETCH_MARGIN of a copy's: LSH also proposes pairs of
    unrelated texts that share a little, many of them in a large collection (compared
    CHECK_BATCH pairs at a time, in numpy; `pairs` is a (k, 2) array of indexes)."""
    kept = []
    for start in range(0, len(pairs), CHECK_BATCH):
        batch = pairs[start:start + CHECK_BATCH]   # (k, 2) indexes
        first, second = batch[:, 0], batch[:, 1]
        jaccard = numpy.count_nonzero(values[first] == values[second], axis=1) / values.shape[1]
        small = numpy.minimum(sizes[first], sizes[second])
        large = numpy.maximum(sizes[first], sizes[second])
        contained = jaccard * (small + large) / (1 + jaccard) / small
        wanted = (jaccard >= NEAR - SKETCH_MARGIN) | (contained >= CONTAINED - SKETCH_MARGIN)
        kept += [(int(i), int(j)) for i, j in batch[wanted]]
    return kept


def compare(texts: dict[str, str], pairs: list[tuple[str, str]]):
    """The exact check of candidate pairs: (a, b, similarity, kind) for each copy. The
    shingle sets are made again, KEPT_SETS kept at a time: memory stays bounded however
    many pairs."""
    sets: OrderedDict[str, numpy.ndarray] = OrderedDict()

    def shingle_set(source: str) -> numpy.ndarray:
        if source in sets:
            sets.move_to_end(source)
        else:
            sets[source] = shingles(texts[source])
            if len(sets) > KEPT_SETS:
                sets.popitem(last=False)
        return sets[source]

    def longer_first(pair: tuple[str, str]) -> tuple:
        longer, shorter = sorted(pair, key=lambda s: (-len(texts[s]), s))
        return longer, shorter

    # one long text's pairs together: its set, the costly one, is made once
    for a, b in sorted(pairs, key=longer_first):
        if texts[a] == texts[b]:
            yield a, b, 1.0, "exact"
            continue
        set_a, set_b = shingle_set(a), shingle_set(b)
        common = shared(set_a, set_b)
        jaccard = common / (len(set_a) + len(set_b) - common)
        contained = common / min(len(set_a), len(set_b))
        if jaccard >= NEAR:
            yield a, b, round(jaccard, 3), "near"
        elif contained >= CONTAINED:
            yield a, b, round(contained, 3), "contained"


def shared(a: numpy.ndarray, b: numpy.ndarray) -> int:
    """How many hashes two sorted arrays of distinct hashes share: each of the shorter
    looked up in the longer (a short text against a long one costs little)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return 0
    at = numpy.searchsorted(large, small).clip(max=len(large) - 1)
    return int(numpy.count_nonzero(large[at] == small))


def story_groups(docs: tuple[Document, ...], found: dict[str, tuple[Duplicate, ...]]) -> dict[str, str]:
    """source -> the source of its story's first copy (earliest date; undated after dated;
    then by source), for every document that has exact or near copies."""
    parent: dict[str, str] = {}
    grouped: set[str] = set()

    def root(s: str) -> str:
        while parent.get(s, s) != s:
            parent[s] = parent.get(parent[s], parent[s])
            s = parent[s]
        return s

    for source, items in found.items():
        for dup in items:
            if dup.kind != "contained":
                grouped.update((source, dup.source))
                ra, rb = root(source), root(dup.source)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    by_source = {d.source: d for d in docs}
    members: dict[str, list[str]] = {}
    for source in sorted(grouped):
        members.setdefault(root(source), []).append(source)
    story: dict[str, str] = {}
    for group in members.values():
        first = min(group, key=lambda s: first_key(by_source.get(s), s))
        story.update((s, first) for s in group)
    return dict(sorted(story.items()))


def first_key(doc: Document | None, source: str) -> tuple:
    date = doc.date if doc is not None else None
    return (date is None, date or "", source)
