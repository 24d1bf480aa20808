"""Name keys: how a place name is looked up whatever its accents, case, script or article.

``key("Al-Jufra")`` and ``key("al Joufra")`` differ, but their *bare* keys (article and
vowel-doubling removed) meet, and that is what lookups fall back on.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from garrison.words import alternation, word_list, word_map

# Articles dropped from name keys: Arabic ones as Latin transliterations write them ("al-", "el ", "ad-", "ash-" …),
# English and French ones (garrison/data/places/words*.tsv).
_ARTICLE = re.compile(r"^(?:" + alternation("places", "leading_articles") + r")\s+")
# The letters a leading article can start with: most keys skip the article rule at once.
_ARTICLE_INITIALS = frozenset(article[0] for article in word_list("places", "leading_articles"))
_APOSTROPHES = str.maketrans("", "", "'’‘ʻʼ`´")
# Transliteration variants that stand for the same sound (French/English renderings of Arabic).
_SOUND = ((re.compile(r"ou"), "u"), (re.compile(r"kh"), "k"), (re.compile(r"dh"), "d"),
          (re.compile(r"([a-z])\1"), r"\1"), (re.compile(r"ee"), "i"), (re.compile(r"q"), "k"))


# Characters outside Basic Latin .. IPA Extensions and Latin Extended Additional: only their letters matter.
_BEYOND_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff]")


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script (the names we can meet in English/French text)."""
    if name.isascii():
        return True
    return not any(ch.isalpha() for ch in _BEYOND_LATIN.findall(name))


# One pass over ASCII text: apostrophes vanish ("N'Djamena" -> "ndjamena"), other non-alphanumerics become spaces.
_FOLD = str.maketrans({chr(c): None if chr(c) in "'`" else " " for c in range(128) if not chr(c).isalnum()})
# After transliteration an apostrophe stands for a letter of the source script (a soft sign, an ayin): a break.
_FOLD_TRANSLITERATED = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_INNER_ARTICLE = re.compile(r"\b(?:" + alternation("places", "inner_articles") + r")\s+")


# Abbreviated first words spelt out, so that "St. Petersburg" and "Saint Petersburg" are one name.
_LEADING_ABBREVIATION = word_map("places", "leading_abbreviations")


@functools.lru_cache(maxsize=200_000)
def key(name: str) -> str:
    """Lower-case ASCII words separated by single spaces: 'Brak Al-Shāṭi' -> 'brak al shati'."""
    if name.isascii():  # NFKC and transliteration leave ASCII names as they are
        words = name.lower().translate(_FOLD).split()
    else:
        name = anyascii(unicodedata.normalize("NFKC", name).translate(_APOSTROPHES))
        words = name.lower().translate(_FOLD_TRANSLITERATED).split()
    if len(words) > 1 and words[0] in _LEADING_ABBREVIATION:
        words[0] = _LEADING_ABBREVIATION[words[0]]
    return " ".join(words)


@functools.lru_cache(maxsize=200_000)
def bare(name: str) -> str:
    """A looser key: no leading article, inner articles glued, transliteration variants folded."""
    return bare_of_key(key(name))


def bare_of_key(k: str) -> str:
    """:func:`bare` of a name already turned into its :func:`key` (the index build has the key at hand)."""
    if k[:1] in _ARTICLE_INITIALS:
        k = _ARTICLE.sub("", k)
    if " " in k:
        k = _INNER_ARTICLE.sub("", k).replace(" ", "")
    # The substring tests only skip rules that cannot apply; the rules and their order are what define the key.
    for (pattern, replacement), literal in zip(_SOUND, ("ou", "kh", "dh", None, "ee", "q")):
        if literal is None or literal in k:
            k = pattern.sub(replacement, k)
    return k
