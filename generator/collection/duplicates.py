"""Same story, several sources: near-duplicate detection across the collection.

Compared is each document's cleaned text (its blocks after cleaning, never the page chrome
or its title: two portals title one story differently, two articles of one site share a
template), folded to Simplified script and half-width forms, reduced to Han characters,
Latin letters and digits. A text is the set of its SHINGLE-character shingles; a MinHash
sketch of that set (`datasketch`, fixed seed) goes into LSH indexes (datasketch's, looked
up for all documents at once in numpy), and only the pairs the indexes put together are
compared exactly, so the cost grows with the collection, not with its square. A document's sketch (`Sketch`: the MinHash values, the shingle sample, the
set's size, a digest of the folded text) is made where it is converted, in the worker
processes (runner.py), and cached with it; the collection builds the indexes from the
sketches and folds again only the texts of the pairs it checks. The exact check tells apart:

- `exact`: the same folded text;
- `near`: Jaccard similarity of the shingle sets >= NEAR (a different lead, an added
  editor's note, a cut tail);
- `contained`: the shorter text's shingles are mostly (>= CONTAINED) in the longer one
  (an article quoted whole in a forum post or a digest).

Stories (`Copies.stories`, headed by `first_copies`) join exact and near copies only: a digest that contains two
articles must not make them one story. A document whose front matter or sidecar says
`duplicates: ignore` is never compared. Everything is deterministic: fixed hash and seed,
sorted output.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble
from datasketch.lshensemble_partition import optimal_partitions

from ..document import CODE, IMAGE, Document, Sketch
from ..conversion.cleaning.markup import LINK_RE
from ..conversion.fold import comparable

SHINGLE = 5            # characters per shingle: Chinese words are 1-3 characters
NUM_PERM = 128         # MinHash permutations (standard error of an estimate about 0.04;
                       # with 64 a real copy cut to a quarter was missed)
SEED = 1
SCHEME = "affine32"    # datasketch's permutations (its default since 2.0), named: the
                       # cached sketches must come from the same ones
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
MAX_LISTED = 50        # copies listed for one document (the rest are counted)
BUCKET_CAP = 64        # holders of one LSH band a text is paired with (the first ones):
                       # a band thousands of near copies share joins each to one story
                       # without a pair for every two of them
KEPT_SETS = 1024       # shingle sets kept at once during the exact check
SAMPLE_BELOW = 2 ** 60 # shingle hashes below this form a text's sample (1/16 of them)
MIN_SAMPLES = 32       # fewer in the shorter text: its sample says too little
SAMPLE_MARGIN = 0.2    # the samples' estimate may fall at most this far below (32 samples: 2.5 σ) ...
SAMPLE_SIGMAS = 3      # ... and at most this many standard errors (sample_margin)
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
    return _folded(compared_parts(doc))


def compared_parts(doc: Document) -> str:
    """The text of the blocks compared, as the document has it (before folding)."""
    parts = []
    for block in doc.blocks:
        if block.kind in (IMAGE, CODE):
            continue
        parts += [block.text, *block.items, *(c for row in block.rows for c in row)]
    return "\n".join(parts)


def _folded(parts: str) -> str:
    return comparable(_LINK.sub(r"\1", parts)[:MAX_CHARS])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def sketch(doc: Document) -> Sketch | None:
    """What find_duplicates needs of the document (None for `duplicates: ignore`): made
    where the document is converted (runner.py), so the collection need not fold every
    text again."""
    if ignored(doc):
        return None
    parts = compared_parts(doc)
    return _sketch(parts, _digest(parts))


def current_sketch(doc: Document) -> Sketch:
    """The sketch the document carries if it was made of its blocks as they are now (a
    document from an older cache carries none; mirroring may turn an image into a
    caption), else one made here."""
    parts = compared_parts(doc)
    of = _digest(parts)
    if doc.sketch is not None and doc.sketch.of == of:
        return doc.sketch
    return _sketch(parts, of)


def _sketch(parts: str, of: str) -> Sketch:
    text = _folded(parts)
    if len(text) - SHINGLE + 1 < MIN_SHINGLES:
        return Sketch(of, _digest(text), len(text))
    hashes = shingles(text)
    minhash = _empty_minhash().copy()
    minhash.update_batch(sketch_values(hashes))
    # the hashes below SAMPLE_BELOW: the same 1/16 of the shingles in every text, a
    # second, sharper estimate where sizes differ much (hashes come sorted: a prefix)
    sample = hashes[:numpy.searchsorted(hashes, numpy.uint64(SAMPLE_BELOW))]
    return Sketch(of, _digest(text), len(text), len(hashes),
                  minhash.hashvalues.astype(">u4").tobytes().hex(), sample.astype(">u8").tobytes().hex())


@lru_cache(maxsize=1)
def _empty_minhash() -> MinHash:
    """Made once per process: its permutations cost more than a small text's sketch."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_whole_batch, scheme=SCHEME)


def minhash_values(item: Sketch) -> numpy.ndarray:
    return numpy.frombuffer(bytes.fromhex(item.minhash), dtype=">u4").astype(numpy.uint32)


def sample_values(item: Sketch) -> numpy.ndarray:
    return numpy.frombuffer(bytes.fromhex(item.sample), dtype=">u8").astype(numpy.uint64)


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
    return distinct(hashes)


def distinct(values: numpy.ndarray) -> numpy.ndarray:
    """The values sorted, each once (in place of `values`). numpy.unique hashes every
    value first: its hash table cost more than the sort, and grew with memory pressure
    at 10,000 documents."""
    values.sort()
    if len(values) > 1:
        values = values[numpy.concatenate(([True], values[1:] != values[:-1]))]
    return values


def sketch_values(hashes: numpy.ndarray) -> numpy.ndarray:
    """Shingle hashes folded to the 32 bits MinHash permutes (as its own hash functions give)."""
    return ((hashes >> numpy.uint64(32)) ^ (hashes & numpy.uint64(0xFFFFFFFF))).astype(numpy.uint32)


def _whole_batch(values: numpy.ndarray) -> numpy.ndarray:
    """MinHash's hash function, given a text's whole array of 32-bit shingle hashes as one
    value: `update_batch` turns what it returns into the array it permutes, so the values
    reach numpy without a Python call (and a Python int) per shingle."""
    return values


def find_duplicates(docs: list[Document] | tuple[Document, ...]) -> dict[str, tuple[Duplicate, ...]]:
    """source -> the other copies of its story, most similar first, MAX_LISTED at most
    (documents without copies are left out). `find_copies` also says how many there are."""
    return find_copies(docs).listed


@dataclass(frozen=True)
class Copies:
    """What `find_copies` found."""

    listed: dict[str, tuple[Duplicate, ...]]   # source -> its copies, MAX_LISTED at most
    totals: dict[str, int]                     # source -> how many copies it has (all)
    stories: tuple[tuple[str, ...], ...]       # the sources of each story of 2 or more
                                               # (exact and near copies joined)


def find_copies(docs: list[Document] | tuple[Document, ...]) -> Copies:
    """The copies of each document's story. Texts that are the same once folded (one
    digest) are one text to the LSH indexes and the exact check: a folder holding one
    article a thousand times costs one comparison, and each copy lists MAX_LISTED others,
    not a thousand."""
    if sum(1 for doc in docs if not ignored(doc)) < 2:   # one document is no story's copy
        return Copies({}, {}, ())
    sketches: dict[str, Sketch] = {}
    by_source: dict[str, Document] = {}
    for doc in sorted(docs, key=lambda d: d.source):
        if not ignored(doc):
            item = current_sketch(doc)
            if item.length - SHINGLE + 1 >= MIN_SHINGLES:
                sketches[doc.source] = item
                by_source[doc.source] = doc
    key = hashlib.sha256("\0".join(f"{s}\0{k.digest}" for s, k in sketches.items()).encode("utf-8")).digest()
    if _last[0] == key:   # the same texts again (a build re-collects after mirroring images)
        return _last[1]
    same: dict[str, list[str]] = {}   # digest -> its sources, in order; the first stands for them
    for source, item in sketches.items():
        same.setdefault(item.digest, []).append(source)
    texts = {members[0]: sketches[members[0]] for members in same.values()}
    others: dict[str, list[tuple[float, str, str]]] = {first: [] for first in texts}
    counted = {first: len(same[item.digest]) - 1 for first, item in texts.items()}
    story = _Stories()

    def settled(a: str, b: str) -> bool:
        """Both already have MAX_LISTED copies and are one story: checking them adds
        nothing a page shows (a cluster of thousands of near copies costs thousands of
        checks, not millions)."""
        return counted[a] >= MAX_LISTED and counted[b] >= MAX_LISTED and story.same(a, b)

    pairs = candidate_pairs(texts)
    for a, b, similarity, kind in compare(texts, pairs, lambda s: comparable_text(by_source[s]), settled):
        others[a].append((similarity, b, kind))
        others[b].append((similarity, a, kind))
        counted[a] += len(same[texts[b].digest])
        counted[b] += len(same[texts[a].digest])
        if kind != "contained":
            story.join(a, b)
    joined: dict[str, list[str]] = {}
    for first in texts:
        joined.setdefault(story.root(first), []).extend(same[texts[first].digest])
    listed: dict[str, tuple[Duplicate, ...]] = {}
    totals: dict[str, int] = {}
    for members in same.values():
        found = [(1.0, s, "exact") for s in members[:MAX_LISTED + 1]]
        total = len(members) - 1
        for similarity, first, kind in others[members[0]]:
            group = same[sketches[first].digest]
            found += [(similarity, s, kind) for s in group[:MAX_LISTED]]
            total += len(group)
        # copies not checked against this one (settled pairs) are still of its story
        total = max(total, len(joined[story.root(members[0])]) - 1)
        if not total:
            continue
        found.sort(key=lambda f: (-f[0], f[1]))
        for source in members:
            listed[source] = tuple([Duplicate(s, similarity, kind) for similarity, s, kind in found[:MAX_LISTED + 1]
                                    if s != source][:MAX_LISTED])
            totals[source] = total
    stories = tuple(sorted(tuple(sorted(group)) for group in joined.values() if len(group) > 1))
    outcome = Copies(dict(sorted(listed.items())), dict(sorted(totals.items())), stories)
    _last[:] = [key, outcome]
    return outcome


_last: list = [None, None]   # the last call's texts (as a digest) and result


def candidate_pairs(sketches: dict[str, Sketch]) -> list[tuple[str, str]]:
    """Pairs of sources whose sketches an LSH index puts together (`index_pairs`) and
    whose sketches agree well enough to be worth the exact check (sorted, each pair once)."""
    sources = list(sketches)
    count = len(sources)
    sizes = numpy.array([sketches[s].size for s in sources], dtype=numpy.int64)
    values = numpy.array([minhash_values(sketches[s]) for s in sources], dtype=numpy.uint32)
    codes = index_pairs(values.reshape(count, NUM_PERM), sizes)   # sorted: (first, second) order
    pairs = numpy.stack((codes // count, codes % count), axis=1)
    kept = worth_checking(pairs, values, sizes.astype(numpy.float64))
    samples: dict[int, numpy.ndarray] = {}

    def sample(n: int) -> numpy.ndarray:
        if n not in samples:
            samples[n] = sample_values(sketches[sources[n]])
        return samples[n]

    return sorted((sources[i], sources[j]) for i, j in kept if samples_agree(sample(i), sample(j)))


def index_pairs(values: numpy.ndarray, sizes: numpy.ndarray) -> numpy.ndarray:
    """The pairs of texts (MinHash `values`, one row per text, and shingle-set `sizes`) that
    two LSH indexes put together, as sorted distinct codes first * count + second (first <
    second): one index by Jaccard similarity, one (an LSH Ensemble) by how much of a text
    another contains, since a copy cut to a quarter is far from its original by Jaccard.
    Both are datasketch's MinHashLSH and MinHashLSHEnsemble, with the parameters it
    chooses (`lsh_parameters`) and the partitions it makes, looked up for every text at
    once in numpy (`banded_pairs`): in Python, a lookup per band and text in each of the
    ensemble's indexes, they cost most of the detection at 10,000 documents."""
    count = len(values)
    if count < 2:
        return numpy.empty(0, dtype=numpy.int64)
    (bands, rows), ratios, params = lsh_parameters()
    everyone = numpy.arange(count)
    keys = {rows: band_keys(values, rows)}
    found = [banded_pairs(keys[rows], everyone, keys[rows], everyone, numpy.full(count, bands), count)]
    # the ensemble: the texts cut into PARTITIONS ranges of size; each text asks each range
    # with the (bands, rows) chosen for the ratio of the range's largest size to its own.
    # Sizes rounded up to a few dozen values: the partitioning is quadratic in the number
    # of distinct sizes, and an upper bound is all it needs.
    bucketed = numpy.array([size_bucket(int(s)) for s in sizes], dtype=numpy.int64)
    seen, counts = numpy.unique(bucketed, return_counts=True)
    ranges = optimal_partitions(seen, counts, min(PARTITIONS, count))
    uppers = numpy.array([upper for _, upper in ranges], dtype=numpy.int64)
    part = numpy.searchsorted(uppers, bucketed, side="left")
    for n, upper in enumerate(uppers):
        members = numpy.flatnonzero(part == n)
        choice = params[numpy.searchsorted(ratios, upper / sizes, side="left").clip(max=len(ratios) - 1)]
        for r in sorted(set(choice[:, 1].tolist())):
            asking = numpy.flatnonzero(choice[:, 1] == r)
            if r not in keys:
                keys[r] = band_keys(values, r)
            found.append(banded_pairs(keys[r][members], members, keys[r][asking], asking,
                                      choice[asking, 0], count))
    return distinct(numpy.concatenate(found))


@lru_cache(maxsize=1)
def lsh_parameters() -> tuple[tuple[int, int], numpy.ndarray, numpy.ndarray]:
    """datasketch's choice of bands and rows per band: (bands, rows) of its MinHashLSH at
    LSH_THRESHOLD, and its LSH Ensemble's table at CONTAINMENT_THRESHOLD: (bands, rows)
    by the ratio of an indexed size to the query's (`ratios` ascending, the first at or
    above the ratio chosen, the last for any larger)."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    ensemble = MinHashLSHEnsemble(threshold=CONTAINMENT_THRESHOLD, num_perm=NUM_PERM, num_part=1,
                                  weights=CONTAINMENT_WEIGHTS)
    return (lsh.b, lsh.r), numpy.asarray(ensemble.xqs), numpy.asarray(ensemble.params, dtype=numpy.int64)


# Odd 64-bit multipliers: a band's key is the sum of its values times these and of its
# index times the last (modulo 2**64). Two different bands given one key add a candidate
# pair, which the checks after the index drop.
_BAND_WEIGHTS = numpy.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                             0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53,
                             0x94D049BB133111EB, 0xBF58476D1CE4E5B9, 0x2545F4914F6CDD1D],
                            dtype=numpy.uint64)
MATCH_BATCH = 2_000_000   # matches of query bands made at once (~100 MB at most)


def band_keys(values: numpy.ndarray, rows: int) -> numpy.ndarray:
    """A (documents, NUM_PERM // rows) array of band keys: band j of a document holds its
    MinHash values j * rows to (j + 1) * rows - 1, as datasketch's MinHashLSH cuts them."""
    count, perms = values.shape
    bands = perms // rows
    cut = values[:, :bands * rows].reshape(count, bands, rows).astype(numpy.uint64)
    keys = numpy.tile((numpy.arange(1, bands + 1, dtype=numpy.uint64) * _BAND_WEIGHTS[-1]), (count, 1))
    for k in range(rows):
        keys += cut[:, :, k] * _BAND_WEIGHTS[k]
    return keys


def banded_pairs(index_keys: numpy.ndarray, index_ids: numpy.ndarray, query_keys: numpy.ndarray,
                 query_ids: numpy.ndarray, query_bands: numpy.ndarray, count: int) -> numpy.ndarray:
    """The pairs of a query document and an indexed one that share one of the query's
    first `query_bands` bands (keys from band_keys), as codes first * count + second
    (first < second, each once): an LSH index's lookups, for every query at once. Pairs
    stay numpy codes: on a large collection the indexes propose millions of pairs, and a
    Python tuple per pair cost more than finding them."""
    if not len(index_ids) or not len(query_ids):
        return numpy.empty(0, dtype=numpy.int64)
    flat = index_keys.ravel()
    order = numpy.argsort(flat, kind="stable")
    ordered = flat[order]
    owner = numpy.repeat(index_ids, index_keys.shape[1])[order]
    wanted = numpy.arange(query_keys.shape[1]) < query_bands[:, None]
    asked = query_keys[wanted]
    asker = numpy.repeat(query_ids, wanted.sum(axis=1))
    low = numpy.searchsorted(ordered, asked, side="left")
    # a band shared by thousands (near copies of one text) pairs each with its first
    # BUCKET_CAP holders only: they join every one to one story, and a page lists no more
    hits = numpy.minimum(numpy.searchsorted(ordered, asked, side="right") - low, BUCKET_CAP)
    ends = numpy.cumsum(hits)
    found = [numpy.empty(0, dtype=numpy.int64)]
    start = 0
    while start < len(asked):   # about MATCH_BATCH matches at a time: bounded memory
        done = int(ends[start] - hits[start])
        stop = max(int(numpy.searchsorted(ends, done + MATCH_BATCH, side="right")), start + 1)
        n = hits[start:stop]
        first = numpy.repeat(asker[start:stop], n)
        second = owner[numpy.repeat(low[start:stop] - (numpy.cumsum(n) - n), n) + numpy.arange(int(n.sum()))]
        other = first != second
        first, second = first[other], second[other]
        found.append(distinct(numpy.minimum(first, second) * count + numpy.maximum(first, second)))
        start = stop
    return distinct(numpy.concatenate(found))


def samples_agree(a: numpy.ndarray, b: numpy.ndarray) -> bool:
    """Whether the shingle samples of two texts could belong to copies. MinHash estimates
    a containment poorly when one text is many times the other; the samples, a fixed share
    of each text, do not. Too few samples to tell: the exact check decides. The estimate
    may fall below a copy's threshold by SAMPLE_SIGMAS standard errors of an estimate
    from that many samples, at most by SAMPLE_MARGIN: large texts, whose estimates are
    sharp, send fewer pairs of texts that share much but not enough to the exact check."""
    small = min(len(a), len(b))
    if small < MIN_SAMPLES:
        return True
    common = shared(a, b)
    union = len(a) + len(b) - common
    return (common / union >= NEAR - sample_margin(NEAR, union)
            or common / small >= CONTAINED - sample_margin(CONTAINED, small))


def sample_margin(threshold: float, samples: int) -> float:
    """How far below `threshold` an estimate from `samples` samples may fall (a share of
    the sampled shingles: binomial standard error at the threshold)."""
    return min(SAMPLE_MARGIN, SAMPLE_SIGMAS * math.sqrt(threshold * (1 - threshold) / samples))


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


def compare(sketches: dict[str, Sketch], pairs: list[tuple[str, str]], text: Callable[[str], str],
            settled: Callable[[str, str], bool] | None = None):
    """The exact check of candidate pairs: (a, b, similarity, kind) for each copy, except
    the pairs `settled` says need none (asked when the pair's turn comes). The
    shingle sets are made again from `text(source)` (the folded text), KEPT_SETS kept at a
    time: memory stays bounded however many pairs, and only the texts of pairs are folded."""
    sets: OrderedDict[str, numpy.ndarray] = OrderedDict()

    def shingle_set(source: str) -> numpy.ndarray:
        if source in sets:
            sets.move_to_end(source)
        else:
            sets[source] = shingles(text(source))
            if len(sets) > KEPT_SETS:
                sets.popitem(last=False)
        return sets[source]

    def longer_first(pair: tuple[str, str]) -> tuple:
        longer, shorter = sorted(pair, key=lambda s: (-sketches[s].length, s))
        return longer, shorter

    # one long text's pairs together: its set, the costly one, is made once
    for a, b in sorted(pairs, key=longer_first):
        if settled is not None and settled(a, b):
            continue
        if sketches[a].digest == sketches[b].digest:
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


class _Stories:
    """Union-find over the texts checked: which are one story so far (exact or near)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, s: str) -> str:
        while self.parent.get(s, s) != s:
            self.parent[s] = self.parent.get(self.parent[s], self.parent[s])
            s = self.parent[s]
        return s

    def same(self, a: str, b: str) -> bool:
        return self.root(a) == self.root(b)

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def shared(a: numpy.ndarray, b: numpy.ndarray) -> int:
    """How many hashes two sorted arrays of distinct hashes share: each of the shorter
    looked up in the longer (a short text against a long one costs little)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return 0
    at = numpy.searchsorted(large, small).clip(max=len(large) - 1)
    return int(numpy.count_nonzero(large[at] == small))


def first_copies(docs: tuple[Document, ...], stories: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """source -> the source of its story's first copy (earliest date; undated after dated;
    then by source), for every document of `stories`."""
    by_source = {d.source: d for d in docs}
    story: dict[str, str] = {}
    for group in stories:
        first = min(group, key=lambda s: first_key(by_source.get(s), s))
        story.update((s, first) for s in group)
    return dict(sorted(story.items()))


def first_key(doc: Document | None, source: str) -> tuple:
    date = doc.date if doc is not None else None
    return (date is None, date or "", source)
