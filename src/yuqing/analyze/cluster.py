"""Reprint clusters: the same story printed by many outlets, found by MinHash LSH and checked exactly.

Texts are compared as sets of 5-character shingles of the text with whitespace and punctuation
removed (so width, punctuation and paragraph breaks do not matter). MinHash LSH proposes candidates;
a candidate joins only if the exact share of the smaller text's shingles found in the larger one
(containment) reaches the threshold: a trimmed reprint is contained in its original even when the
two are far apart by Jaccard, and the exact check keeps false merges rare.

The LSH buckets are plain integers (one key per band), so the index can live in the store and grow
one article at a time (analyze/reprints.py); this module is the algorithm, with its state in memory.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from yuqing.text import CJK

SHINGLE = 5
# Below this many characters after normalisation a text is a caption or a headline: it is never
# indexed, so it cannot merge by chance.
MIN_CHARS = 50
# Measured (tests/test_cluster.py): generated reprints of THUCNews articles and report items have
# containment >= 0.74 and Jaccard >= 0.40; THUCNews articles that only share a boilerplate block
# (a game's blurb, a fund's standard paragraph) reach containment 0.65, or 0.8-0.9 with Jaccard 0.15-0.21
# when a short piece is quoted whole inside a long roundup.
DEFAULT_THRESHOLD = 0.7  # containment
MIN_JACCARD = 0.25
# LSH banding (Leskovec, Rajaraman, Ullman, Mining of Massive Datasets, ch. 3.4): a pair of Jaccard
# similarity s shares at least one of b bands of r rows with probability 1 - (1 - s**r)**b. For the
# 56 x 3 below that S-curve gives s=0.3: 0.78, s=0.4: 0.975, s=0.5: 0.9994, s=0.6: 0.99999, while a pair
# of unrelated news texts (s about 0.003, or 0.03 when they share a stock sentence) collides with
# p = 1.5e-6 (1.5e-3): at 100k articles a new one meets a handful of unrelated candidates. The former
# 64 x 2 banding caught s=0.3 with 0.998 but unrelated pairs with 6e-4 each, so candidates per document
# grew with the archive (4.8 at 10k, 48 at 100k). A copy that LSH misses at s < 0.4 mostly still joins
# its cluster through the original or another copy (benchmarks/cluster_speed.py: pair recall 0.989 vs
# 0.991 with 64 x 2).
BANDS, ROWS = 56, 3
NUM_PERM = BANDS * ROWS
# A bucket holding this many documents is a stock phrase, not a story: later documents still find its
# first members (so a story reprinted 100 times keeps growing one cluster) but are not added to it,
# which bounds the candidates any one document can meet.
BUCKET_CAP = 32
WINDOW_DAYS = 120  # reprints appear within days; copies further apart than this are a new story

_KEEP = re.compile(rf"[^{CJK}0-9a-z]+")
# Lines a reprinting outlet adds (credit, original headline, editor, topic link): they say nothing
# about the story, and on a short item they would weigh as much as a trimmed paragraph.
_BOILERPLATE = re.compile(
    r"^\s*[(（【\[]?\s*(?:来源|来源标题|原标题|本文来源|文章来源|责任编辑|编辑|作者|点击进入专题|点击进入)\s*[:：].*$",
    re.MULTILINE,
)
_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: multiplicative hashing of the shingle code
_BAND_MULT = np.uint64(0xBF58476D1CE4E5B9)  # odd 64-bit constant: mixes the rows of a band into one key

Shingles = npt.NDArray[np.uint32]


@dataclass(frozen=True)
class Doc:
    id: int
    text: str  # the article's paragraphs joined
    day: date | None = None  # published, else fetched: copies more than WINDOW_DAYS apart never join


@dataclass(frozen=True)
class Indexed:
    """What the index keeps of a document to check a candidate: its shingles and its day."""

    shingles: Shingles
    day: date | None = None


@dataclass(frozen=True)
class Signed:
    """A document with its shingles and LSH bucket keys, computed once."""

    doc: Doc
    shingles: Shingles
    keys: list[int]


@dataclass(frozen=True)
class Member:
    id: int
    outlet: str
    credited_outlet: str | None  # the outlet named in this copy's 来源 line
    published: date | None


def normalise(text: str) -> str:
    """Without boilerplate lines; folded width and case; nothing but CJK ideographs, digits, letters."""
    text = unicodedata.normalize("NFKC", text)
    return _KEEP.sub("", _BOILERPLATE.sub("", text).lower())


def shingles(text: str) -> Shingles:
    """Sorted unique 32-bit hashes of the 5-character shingles of the normalised text.

    Hashing in numpy rather than datasketch's per-item sha1 is what makes indexing fast; the hash
    only has to be stable within one index."""
    codes = np.frombuffer(normalise(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        return np.zeros(0, dtype=np.uint32)
    window = np.zeros(len(codes) - SHINGLE + 1, dtype=np.uint64)
    for k in range(SHINGLE):  # polynomial code of the window; code points are < 2**21
        window = window * np.uint64(0x1F3D5B79) + codes[k : len(codes) - SHINGLE + 1 + k]
    return np.unique(((window * _MULT) >> np.uint64(32)).astype(np.uint32))


def indexable(sh: Shingles) -> bool:
    """Long enough to be indexed at all (see MIN_CHARS)."""
    return len(sh) + SHINGLE - 1 >= MIN_CHARS


def overlap(a: Shingles, b: Shingles) -> tuple[float, float]:
    """(containment, Jaccard): the share of the smaller set found in the larger, and of the union shared."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return (common / min(len(a), len(b)), common / union) if union else (0.0, 0.0)


class Signer:
    """MinHash signatures (datasketch) and their LSH band keys, stable across runs and processes."""

    def __init__(self) -> None:
        # Imported here: datasketch's package imports scipy.integrate (0.75 s), which a run of
        # `yuqing analyze` or `candidates` with nothing new to index should not wait for.
        from datasketch import MinHash

        self._minhash = MinHash
        # Fixed seed: keys written to the store today must match the keys of tomorrow's articles.
        self._permutations = MinHash(num_perm=NUM_PERM, seed=1).permutations

    def band_keys(self, sh: Shingles) -> list[int]:
        """One non-negative 63-bit key per band; equal keys mean equal rows in that band."""
        # The shingles are already 32-bit hashes: `int` stands in for datasketch's per-item sha1.
        minhash = self._minhash(NUM_PERM, hashfunc=int, permutations=self._permutations, scheme="affine32")
        minhash.update_batch(sh.tolist())
        rows = minhash.hashvalues.astype(np.uint64).reshape(BANDS, ROWS)
        key = np.arange(BANDS, dtype=np.uint64) + np.uint64(1)
        for r in range(ROWS):
            key = (key * _BAND_MULT) ^ rows[:, r]
        return [int(k) for k in (key >> np.uint64(1))]


class ReprintIndex:
    """Documents added one at a time; each joins the cluster of every verified near-duplicate.

    In memory by default. The store's index (analyze/reprints.py) seeds the buckets and clusters a
    batch of new documents will meet and hands ``fetch``, which loads stored candidates on demand;
    ``cache`` then bounds how many documents' shingles are kept (in ``kept``, which a next batch's
    index may share)."""

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        fetch: Callable[[list[int]], dict[int, Indexed]] | None = None,
        cache: int | None = None,
        kept: OrderedDict[int, Indexed] | None = None,
    ) -> None:
        self.threshold = threshold
        self.buckets: dict[int, list[int]] = {}
        self.added: dict[int, list[int]] = {}  # document -> the bucket keys it was put in
        self.checked = 0  # candidate pairs verified exactly, for the benchmarks
        self._signer = Signer()
        self._docs: OrderedDict[int, Indexed] = OrderedDict() if kept is None else kept
        self._fetch = fetch
        self._cache = cache
        self._parent: dict[int, int] = {}

    def seed(self, buckets: dict[int, list[int]], clusters: dict[int, int]) -> None:
        """Stored state: bucket key -> member ids, and member id -> its cluster id."""
        for key, members in buckets.items():
            self.buckets.setdefault(key, []).extend(m for m in members if m not in self.buckets.get(key, ()))
        for member, cluster in clusters.items():
            self._parent.setdefault(cluster, cluster)
            self._parent.setdefault(member, cluster)

    def sign(self, doc: Doc) -> Signed:
        """The document's shingles and bucket keys (no keys when it is too short to index)."""
        sh = shingles(doc.text)
        return Signed(doc, sh, self._signer.band_keys(sh) if indexable(sh) else [])

    def add(self, doc: Doc | Signed) -> int:
        """Index the document; returns the id of the cluster it joins (its own id when new)."""
        signed = doc if isinstance(doc, Signed) else self.sign(doc)
        doc_id = signed.doc.id
        if doc_id in self.added:
            raise ValueError(f"document {doc_id} is already in the index")
        self._parent.setdefault(doc_id, doc_id)
        self.added[doc_id] = []
        if not signed.keys:
            return self._find(doc_id)
        candidates = list(dict.fromkeys(m for k in signed.keys for m in self.buckets.get(k, ())))
        self._load([c for c in candidates if c not in self._docs and self._find(c) != self._find(doc_id)])
        me = Indexed(signed.shingles, signed.doc.day)
        for other in candidates:
            if self._find(other) != self._find(doc_id) and self._similar(me, self._docs.get(other)):
                self._union(doc_id, other)
        self._keep(doc_id, me)
        for key in signed.keys:
            bucket = self.buckets.setdefault(key, [])
            if len(bucket) < BUCKET_CAP:
                bucket.append(doc_id)
                self.added[doc_id].append(key)
        return self._find(doc_id)

    def clusters(self) -> dict[int, list[int]]:
        """Cluster id (its smallest member id) -> member ids, ascending."""
        out: dict[int, list[int]] = {}
        for doc_id in sorted(self._parent):
            out.setdefault(self._find(doc_id), []).append(doc_id)
        return out

    def cluster_of(self, doc_id: int) -> int:
        return self._find(doc_id)

    def _load(self, missing: list[int]) -> None:
        if missing and self._fetch is not None:
            for doc_id, indexed in self._fetch(missing).items():
                self._keep(doc_id, indexed)

    def _keep(self, doc_id: int, indexed: Indexed) -> None:
        self._docs[doc_id] = indexed
        self._docs.move_to_end(doc_id)
        while self._cache is not None and len(self._docs) > self._cache:
            self._docs.popitem(last=False)

    def _similar(self, a: Indexed, b: Indexed | None) -> bool:
        # Containment admits a trimmed reprint; the Jaccard floor refuses a short piece that a long
        # roundup quotes whole, which is a different story carrying the short one inside it.
        if b is None or not _near_in_time(a.day, b.day):
            return False
        self.checked += 1
        contained, jaccard = overlap(a.shingles, b.shingles)
        return contained >= self.threshold and jaccard >= MIN_JACCARD

    def _find(self, doc_id: int) -> int:
        root = doc_id
        while self._parent.setdefault(root, root) != root:
            root = self._parent[root]
        while self._parent[doc_id] != root:  # path compression keeps later finds short
            self._parent[doc_id], doc_id = root, self._parent[doc_id]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        # The smaller id becomes the root, so the cluster id is the smallest member id.
        self._parent[max(ra, rb)] = min(ra, rb)


def _near_in_time(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= WINDOW_DAYS


def cluster_ids(docs: Iterable[Doc], threshold: float = DEFAULT_THRESHOLD) -> dict[int, int]:
    """Document id -> cluster id, clustering the documents in the order given."""
    index = ReprintIndex(threshold)
    ids = []
    for doc in docs:
        index.add(doc)
        ids.append(doc.id)
    return {doc_id: index.cluster_of(doc_id) for doc_id in ids}


def origin(members: Sequence[Member]) -> Member:
    """The cluster's original: the outlet the other copies credit, else the earliest, else the lowest id."""
    if not members:
        raise ValueError("a cluster has at least one member")
    outlets = {m.outlet for m in members}
    credits = Counter(
        m.credited_outlet for m in members if m.credited_outlet in outlets and m.credited_outlet != m.outlet
    )
    if credits:
        credited = credits.most_common(1)[0][0]
        members = [m for m in members if m.outlet == credited]
    return min(members, key=lambda m: (m.published is None, m.published or date.min, m.id))


def heat(members: Sequence[Member]) -> int:
    """How many distinct outlets carried the story."""
    return len({m.outlet for m in members})
