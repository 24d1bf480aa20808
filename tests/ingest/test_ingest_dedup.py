"""Exact and near-duplicate detection: syndicated copies are caught, other reports are not joined."""

from __future__ import annotations

from ingest_helpers import FIXTURES

from garrison.ingest import NearDuplicateIndex
from garrison.ingest.dedup import lsh_bands, shingles, signature
from garrison.model import document_id

ORIGINAL = (FIXTURES / "syndication_original.txt").read_text()
COPY = (FIXTURES / "syndication_copy.txt").read_text()
OTHER_REPORT = (FIXTURES / "same_event_other_report.txt").read_text()
UNRELATED = (FIXTURES / "french_report.txt").read_text()


def indexed(**texts: str) -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    for doc_id, text in texts.items():
        index.add(doc_id, index.signature(text))
    return index


def test_exact_duplicates_share_an_id_despite_case_and_spacing():
    assert document_id(ORIGINAL) == document_id("  " + ORIGINAL.upper().replace(" ", "  ") + "\n")
    assert document_id(ORIGINAL) != document_id(COPY)


def test_syndicated_copy_with_new_headline_edits_and_furniture_is_found():
    index = indexed(original=ORIGINAL, unrelated=UNRELATED)
    match = index.find(index.signature(COPY))
    assert match is not None
    doc_id, similarity = match
    assert doc_id == "original" and 0.7 <= similarity < 1.0


def test_another_report_of_the_same_event_is_not_a_duplicate():
    index = indexed(original=ORIGINAL)
    assert index.find(index.signature(OTHER_REPORT)) is None


def test_identical_text_scores_one():
    index = indexed(original=ORIGINAL)
    assert index.find(index.signature(ORIGINAL)) == ("original", 1.0)


def test_best_match_is_returned():
    lightly_edited = ORIGINAL.replace("fourteen", "fifteen")
    index = indexed(copy=COPY, edited=lightly_edited)
    assert index.find(index.signature(ORIGINAL))[0] == "edited"


def test_signatures_are_bytes_that_rebuild_the_index():
    first = NearDuplicateIndex()
    stored = {"original": first.signature(ORIGINAL), "other": first.signature(OTHER_REPORT)}
    assert all(isinstance(s, bytes) and len(s) == 128 * 4 for s in stored.values())
    rebuilt = NearDuplicateIndex()
    for doc_id, signature in stored.items():
        rebuilt.add(doc_id, bytes(signature))
    assert rebuilt.find(NearDuplicateIndex().signature(COPY))[0] == "original"
    assert len(rebuilt) == 2 and "other" in rebuilt


def test_adding_an_id_twice_is_harmless_and_empty_texts_match_nothing():
    index = NearDuplicateIndex()
    index.add("a", index.signature(ORIGINAL))
    index.add("a", index.signature(ORIGINAL))
    index.add("empty", index.signature(""))
    assert len(index) == 1
    assert index.find(index.signature("")) is None
    assert index.find(index.signature("   ...   ")) is None


def test_threshold_is_respected():
    strict = NearDuplicateIndex(threshold=0.95)
    strict.add("original", strict.signature(ORIGINAL))
    assert strict.find(strict.signature(COPY)) is None


# datasketch is the reference the signatures were first made with (and stored in existing stores):
# the numpy MinHash and LSH must give the same values and the same candidates.


def _datasketch_signature(text: str) -> bytes:
    import zlib

    import numpy as np
    from datasketch import MinHash

    minhash = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=zlib.crc32)
    minhash.update_batch(sorted(shingles(text)))
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def test_signatures_equal_datasketch_minhash_on_texts_of_every_shape():
    texts = [ORIGINAL, COPY, OTHER_REPORT, UNRELATED, "", "   ...  ", "one", "two words", "Ünïcödé ТЕКСТ 北京 " * 40]
    for text in texts:
        assert signature(text) == _datasketch_signature(text), text[:40]


def test_lsh_bands_equal_datasketch_choice_for_every_threshold():
    from datasketch.lsh import _optimal_param

    for threshold in [t / 100 for t in range(5, 100, 5)]:
        for num_perm in (128, 64, 32):
            assert lsh_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5), (threshold, num_perm)


def test_candidates_equal_datasketch_lsh_query():
    import random

    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    rng = random.Random(3)
    words = ORIGINAL.split()
    texts = {}
    for n in range(60):  # variants of one story at every distance from it, so that some bands agree and some not
        edited = list(words)
        for _ in range(rng.randrange(0, len(words) // 2)):
            edited[rng.randrange(len(edited))] = rng.choice(["troops", "convoy", "said", "base", f"w{n}"])
        texts[f"d{n:02d}"] = " ".join(edited)
    ours, reference = NearDuplicateIndex(), MinHashLSH(threshold=0.5, num_perm=128)
    for doc_id, text in texts.items():
        value = ours.signature(text)
        ours.add(doc_id, value)
        reference.insert(doc_id, LeanMinHash(seed=1, hashvalues=np.frombuffer(value, dtype=np.uint32), scheme="affine32"))
    probe = ours.signature(COPY)
    lean = LeanMinHash(seed=1, hashvalues=np.frombuffer(probe, dtype=np.uint32), scheme="affine32")
    found = set(reference.query(lean))
    assert 0 < len(found) < len(texts)
    assert ours.candidates(probe) == found
