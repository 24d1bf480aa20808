"""Text patterns that pass over a document none of their matches can be in, at a fraction of their own cost.

The domain patterns open with a lookbehind (``(?<![\\w-])``, a word boundary that also holds hyphens), and a
pattern that opens with an assertion is tried at every character of the text: the regex engine can only scan
ahead for a pattern's first characters when it starts with them. Most news documents hold no match of most
patterns, so each pattern gets a *guard*, a pattern that finds something wherever the full one would (its body
without the lookbehind, or a literal every match holds, such as the ``-`` and digit of ``T-72``): a text the
guard finds nothing in is skipped, any other is searched by the full pattern as before, so the matches are the
same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_LEADING_LOOKBEHIND = re.compile(r"\(\?<!\[[^\]]*\]\)")


def body(pattern: re.Pattern) -> re.Pattern:
    """The pattern without its leading negative lookbehind: it matches wherever the pattern does."""
    m = _LEADING_LOOKBEHIND.match(pattern.pattern)
    if m is None:
        raise ValueError(f"no leading lookbehind in {pattern.pattern[:40]!r}")
    return re.compile(pattern.pattern[m.end():], pattern.flags)


class Guarded:
    """A compiled pattern with guards: wherever the pattern matches, one of the guards matches too."""

    def __init__(self, pattern: re.Pattern, *guards: re.Pattern):
        self.pattern = pattern
        self.guards = guards or (body(pattern),)

    def possible(self, text: str) -> bool:
        return any(guard.search(text) is not None for guard in self.guards)

    def finditer(self, text: str) -> Iterator[re.Match]:
        """``pattern.finditer(text)``."""
        return self.pattern.finditer(text) if self.possible(text) else iter(())
