"""Exact and near-duplicate detection.

Exact duplicates share ``garrison.model.document_id`` (a hash of the normalised text).  Near
duplicates — a syndicated copy under another headline, lightly edited, with other page
furniture — are found with MinHash over word 2-shingles of the normalised, furniture-free story body
(headline, dateline and byline lines left out) and an LSH index.  Signatures are plain bytes so that the store
can persist them and rebuild the index without re-reading texts.

The MinHash is datasketch's "affine32" scheme (CRC-32 of each shingle, the MurmurHash3 32-bit finalizer, then
``a·h + b mod 2³²`` per permutation, permutations drawn from ``RandomState(SEED)``) and the LSH bands are the ones
datasketch's ``MinHashLSH`` chooses for the threshold, computed here in numpy: the same signatures and the same
candidates (tests/ingest/test_ingest_dedup.py compares both with datasketch), without importing datasketch and
SciPy with it (a second of start-up) or building a MinHash object per document.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from functools import cache

import numpy as np

from garrison.ingest.boilerplate import remove_boilerplate
from garrison.model import normalise_text

SHINGLE_WORDS = 2  # word pairs: an edit breaks only two; separately written reports share few (benchmarks/ingest.md)
SEED = 1
SCHEME = "affine32"  # pinned with SEED and the CRC-32 shingle hash: persisted signatures must stay comparable
NUM_PERM = 128
_EMPTY = np.uint32(0xFFFFFFFF)
_WORD = re.compile(r"\w+", re.UNICODE)
# Candidates come from LSH at a slightly lower threshold; each is then checked on its estimate.
LSH_MARGIN = 0.2
# Weights of false positives and false negatives when choosing the bands (datasketch's default).
LSH_WEIGHTS = (0.5, 0.5)
# The MurmurHash3 32-bit finalizer: shifts and multipliers.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


# Headline, dateline and byline lines differ between syndicated copies of one story.
HEAD_LINES = 3
HEAD_LINE_MAX_CHARS = 160
_ENDS_SENTENCE = (".", "!", "?", "\"", "”", "»")


def story_body(text: str) -> str:
    """The text without its leading headline/dateline/byline lines (when a body follows them)."""
    lines = text.strip().splitlines()
    skipped = start = 0
    while start < len(lines) and skipped < HEAD_LINES:
        line = lines[start].strip()
        if line and (len(line) > HEAD_LINE_MAX_CHARS or line.endswith(_ENDS_SENTENCE)):
            break
        skipped += bool(line)
        start += 1
    body = "\n".join(lines[start:])
    return body if body.strip() else text


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(normalise_text(story_body(remove_boilerplate(text))))
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> bytes:
    """num_perm unsigned 32-bit MinHash values of the text's shingles, as bytes."""
    hashes = np.fromiter((zlib.crc32(s) for s in shingles(text)), dtype=np.uint32)
    if not hashes.size:
        return np.full(num_perm, _EMPTY, dtype=np.uint32).tobytes()
    a, b = _permutations(num_perm)
    return (np.multiply.outer(_fmix32(hashes), a) + b).min(axis=0).tobytes()


def _fmix32(values: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    values = values ^ (values >> s1)
    values = values * m1
    values = values ^ (values >> s2)
    values = values * m2
    return values ^ (values >> s3)


@cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of each permutation h -> a·h + b mod 2³², a odd (a bijection), as datasketch draws them."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


@cache
def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) minimising the weighted chance of false positives below ``threshold`` and of
    false negatives above it; a pair is a candidate when all rows of one band agree."""
    # The chance 1 - (1 - s^r)^b is a polynomial of degree b·r <= num_perm in s: Gauss-Legendre with
    # num_perm/2 + 1 nodes integrates it exactly.
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(function, low: float, high: float) -> float:
        s = (high - low) / 2 * nodes + (high + low) / 2
        return float((high - low) / 2 * np.dot(weights, function(s)))

    best, best_error = (0, 0), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = integral(lambda s: 1 - (1 - s**rows) ** bands, 0.0, threshold)
            false_negative = integral(lambda s: (1 - s**rows) ** bands, threshold, 1.0)
            error = false_positive * LSH_WEIGHTS[0] + false_negative * LSH_WEIGHTS[1]
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


class NearDuplicateIndex:
    """An in-memory LSH index of document signatures: ``find`` the best earlier near-duplicate.

    Signatures are rows of one matrix and the LSH buckets hold row numbers, so that a document's candidates
    (dozens when many reports share a template) are compared with it in one numpy operation."""

    def __init__(self, threshold: float = 0.7, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        bands, rows = lsh_bands(max(0.05, threshold - LSH_MARGIN), num_perm)
        self._banded = bands * rows
        self._band = np.dtype((np.void, rows * 4))  # one band's values as one hashable bytes key
        self._buckets: list[defaultdict[bytes, list[int]]] = [defaultdict(list) for _ in range(bands)]
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._matrix = np.empty((1024, num_perm), dtype=np.uint32)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    def signature(self, text: str) -> bytes:
        """num_perm unsigned 32-bit MinHash values of the text's shingles, as bytes."""
        return signature(text, self.num_perm)

    def _values(self, signature: bytes) -> np.ndarray:
        values = np.frombuffer(signature, dtype=np.uint32)
        if values.shape != (self.num_perm,):
            raise ValueError(f"signature has {values.size} values, expected num_perm={self.num_perm}")
        return values

    def _keys(self, values: np.ndarray) -> list[bytes]:
        return values[: self._banded].view(self._band).tolist()

    def add(self, doc_id: str, signature: bytes) -> None:
        """Index a document; adding the same id again is a no-op."""
        if doc_id in self._row_of:
            return
        values = self._values(signature)
        if _is_empty(values):
            return  # a text without words matches nothing
        row = len(self._ids)
        if row == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.empty_like(self._matrix)])
        self._matrix[row] = values
        self._ids.append(doc_id)
        self._row_of[doc_id] = row
        for buckets, key in zip(self._buckets, self._keys(values)):
            buckets[key].append(row)

    def candidates(self, signature: bytes) -> set[str]:
        """Ids of the indexed documents that agree with ``signature`` on every row of some band."""
        return {self._ids[row] for row in self._candidate_rows(self._values(signature))}

    def _candidate_rows(self, values: np.ndarray) -> set[int]:
        found: set[int] = set()
        for buckets, key in zip(self._buckets, self._keys(values)):
            rows = buckets.get(key)
            if rows:
                found.update(rows)
        return found

    def find(self, signature: bytes) -> tuple[str, float] | None:
        """The indexed document most similar to ``signature`` with estimated Jaccard ≥ threshold; of equally
        similar ones, the smallest id."""
        values = self._values(signature)
        if not self._ids or _is_empty(values):
            return None
        rows = np.fromiter(self._candidate_rows(values), dtype=np.intp)
        if not rows.size:
            return None
        similarities = np.count_nonzero(self._matrix[rows] == values, axis=1) / self.num_perm
        best = similarities.max()
        if best < self.threshold:
            return None
        return min(self._ids[row] for row in rows[similarities == best]), float(best)


def _is_empty(values: np.ndarray) -> bool:
    # MinHash of an empty set keeps its initial maximum in every slot.
    return bool((values == _EMPTY).all())
