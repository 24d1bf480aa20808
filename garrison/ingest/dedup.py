"""Exact and near-duplicate detection.

Exact duplicates share ``garrison.model.document_id`` (a hash of the normalised text).  Near
duplicates — a syndicated copy under another headline, lightly edited, with other page
furniture — are found with MinHash over word 2-shingles of the normalised, furniture-free story body
(headline, dateline and byline lines left out) and an LSH index.  Signatures are plain bytes so that the store can persist them and rebuild the
index without re-reading texts.
"""

from __future__ import annotations

import re
import zlib
from functools import cache

import numpy as np

from garrison.ingest.boilerplate import remove_boilerplate
from garrison.model import normalise_text

SHINGLE_WORDS = 2  # word pairs: an edit breaks only two; separately written reports share few (benchmarks/ingest.md)
SEED = 1
SCHEME = "affine32"  # pinned with SEED and the CRC-32 shingle hash: persisted signatures must stay comparable
_EMPTY = np.uint32(0xFFFFFFFF)
_WORD = re.compile(r"\w+", re.UNICODE)
# Candidates come from LSH at a slightly lower threshold; each is then checked on its estimate.
LSH_MARGIN = 0.2


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


class NearDuplicateIndex:
    """An in-memory LSH index of document signatures: ``find`` the best earlier near-duplicate."""

    def __init__(self, threshold: float = 0.7, num_perm: int = 128) -> None:
        from datasketch import MinHashLSH

        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=max(0.05, threshold - LSH_MARGIN), num_perm=num_perm)
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def signature(self, text: str) -> bytes:
        """num_perm unsigned 32-bit MinHash values of the text's shingles, as bytes."""
        from datasketch import MinHash

        minhash = MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME, hashfunc=zlib.crc32,
                          permutations=_permutations(self.num_perm))
        minhash.update_batch(sorted(shingles(text)))
        return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()

    def _values(self, signature: bytes) -> np.ndarray:
        values = np.frombuffer(signature, dtype=np.uint32)
        if values.shape != (self.num_perm,):
            raise ValueError(f"signature has {values.size} values, expected num_perm={self.num_perm}")
        return values

    def _lean(self, values: np.ndarray):  # -> datasketch.LeanMinHash
        from datasketch import LeanMinHash

        return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)

    def add(self, doc_id: str, signature: bytes) -> None:
        """Index a document; adding the same id again is a no-op."""
        if doc_id in self._signatures:
            return
        values = self._values(signature)
        if _is_empty(values):
            return  # a text without words matches nothing
        self._signatures[doc_id] = values
        self._lsh.insert(doc_id, self._lean(values))

    def find(self, signature: bytes) -> tuple[str, float] | None:
        """The indexed document most similar to ``signature`` with estimated Jaccard ≥ threshold."""
        values = self._values(signature)
        if _is_empty(values) or not self._signatures:
            return None
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(self._lean(values)):
            similarity = float(np.mean(self._signatures[candidate] == values))
            if similarity >= self.threshold and (
                best is None or similarity > best[1] or (similarity == best[1] and candidate < best[0])
            ):
                best = (candidate, similarity)
        return best


@cache
def _permutations(num_perm: int):  # the same for every signature: compute once
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def _is_empty(values: np.ndarray) -> bool:
    # MinHash of an empty set keeps its initial maximum in every slot.
    return bool(np.all(values == _EMPTY))
