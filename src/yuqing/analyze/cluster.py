"""Reprint clusters: the same story printed by many outlets, found by MinHash LSH and checked exactly.

Texts are compared as sets of 5-character shingles of the text with whitespace and punctuation
removed (so width, punctuation and paragraph breaks do not matter). MinHash LSH proposes candidates;
a candidate joins only if the exact share of the smaller text's shingles found in the larger one
(containment) reaches the threshold: a trimmed reprint is contained in its original even when the
two are far apart by Jaccard, and the exact check keeps false merges rare.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

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
# LSH banding: 64 bands of 2 rows find a pair at Jaccard 0.3 with p = 0.998 and at 0.4 with
# p > 0.99999, so a reprint is not lost to chance; unrelated pairs (Jaccard ~0.01) rarely collide.
NUM_PERM = 128
BANDS, ROWS = 64, 2

_KEEP = re.compile(rf"[^{CJK}0-9a-z]+")
# Lines a reprinting outlet adds (credit, original headline, editor, topic link): they say nothing
# about the story, and on a short item they would weigh as much as a trimmed paragraph.
_BOILERPLATE = re.compile(
    r"^\s*[(（【\[]?\s*(?:来源|来源标题|原标题|本文来源|文章来源|责任编辑|编辑|作者|点击进入专题|点击进入)\s*[:：].*$",
    re.MULTILINE,
)
_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: multiplicative hashing of the shingle code

Shingles = npt.NDArray[np.uint32]


@dataclass(frozen=True)
class Doc:
    id: int
    text: str  # the article's paragraphs joined


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


def overlap(a: Shingles, b: Shingles) -> tuple[float, float]:
    """(containment, Jaccard): the share of the smaller set found in the larger, and of the union shared."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return (common / min(len(a), len(b)), common / union) if union else (0.0, 0.0)


class ReprintIndex:
    """Documents added one at a time; each joins the cluster of every verified near-duplicate."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        # Made once: datasketch would otherwise draw the permutations again for every document.
        self._permutations = MinHash(num_perm=NUM_PERM).permutations
        self._shingles: dict[int, Shingles] = {}
        self._parent: dict[int, int] = {}

    def add(self, doc: Doc) -> int:
        """Index the document; returns the id of the cluster it joins (its own id when new)."""
        if doc.id in self._parent:
            raise ValueError(f"document {doc.id} is already in the index")
        self._parent[doc.id] = doc.id
        sh = shingles(doc.text)
        if len(sh) + SHINGLE - 1 < MIN_CHARS:
            return doc.id
        minhash = self._minhash(sh)
        for other in self._lsh.query(minhash):
            if self._find(other) != self._find(doc.id) and self._similar(sh, self._shingles[other]):
                self._union(doc.id, other)
        self._lsh.insert(doc.id, minhash, check_duplication=False)
        self._shingles[doc.id] = sh
        return self._find(doc.id)

    def clusters(self) -> dict[int, list[int]]:
        """Cluster id (its smallest member id) -> member ids, ascending."""
        out: dict[int, list[int]] = {}
        for doc_id in sorted(self._parent):
            out.setdefault(self._find(doc_id), []).append(doc_id)
        return out

    def cluster_of(self, doc_id: int) -> int:
        return self._find(doc_id)

    def _similar(self, a: Shingles, b: Shingles) -> bool:
        # Containment admits a trimmed reprint; the Jaccard floor refuses a short piece that a long
        # roundup quotes whole, which is a different story carrying the short one inside it.
        contained, jaccard = overlap(a, b)
        return contained >= self.threshold and jaccard >= MIN_JACCARD

    def _minhash(self, sh: Shingles) -> MinHash:
        # The shingles are already 32-bit hashes: `int` stands in for datasketch's per-item sha1.
        minhash = MinHash(hashfunc=int, permutations=self._permutations, scheme="affine32")
        minhash.update_batch(sh)
        return minhash

    def _find(self, doc_id: int) -> int:
        root = doc_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[doc_id] != root:  # path compression keeps later finds short
            self._parent[doc_id], doc_id = root, self._parent[doc_id]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        # The smaller id becomes the root, so the cluster id is the smallest member id.
        self._parent[max(ra, rb)] = min(ra, rb)


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
