"""Name keys: how a place name is looked up whatever its accents, case, script or article.

``key("Al-Jufra")`` and ``key("al Joufra")`` differ, but their *bare* keys (article and
vowel-doubling removed) meet, and that is what lookups fall back on.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

# Arabic articles as they appear in Latin transliterations ("al-", "el ", "ad-", "ash-" …).
_ARTICLE = re.compile(r"^(?:al|el|ad|ed|ar|er|as|es|ash|esh|at|et|az|an|the|le|la|les|l)\s+")
_APOSTROPHES = str.maketrans("", "", "'’‘ʻʼ`´")
_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Transliteration variants that stand for the same sound (French/English renderings of Arabic).
_SOUND = ((re.compile(r"ou"), "u"), (re.compile(r"kh"), "k"), (re.compile(r"dh"), "d"),
          (re.compile(r"([a-z])\1"), r"\1"), (re.compile(r"ee"), "i"), (re.compile(r"q"), "k"))


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script (the names we can meet in English/French text)."""
    for ch in name:
        if ch.isalpha() and not (ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF):
            return False
    return True


@functools.lru_cache(maxsize=200_000)
def key(name: str) -> str:
    """Lower-case ASCII words separated by single spaces: 'Brak Al-Shāṭi' -> 'brak al shati'."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES)
    text = anyascii(text).lower()
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()


@functools.lru_cache(maxsize=200_000)
def bare(name: str) -> str:
    """A looser key: no leading article, inner articles glued, transliteration variants folded."""
    k = key(name)
    k = _ARTICLE.sub("", k)
    k = re.sub(r"\b(?:al|el|ad|ash|as|ar|az|an|at|ed|ech|el)\s+", "", k)
    k = k.replace(" ", "")
    for pattern, replacement in _SOUND:
        k = pattern.sub(replacement, k)
    return k
