"""Questions about many spans of one text, each answered in logarithmic time: asked once per candidate of a
long document, a scan of every span made the cost grow with the square of the document's length."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from itertools import accumulate


class Intervals:
    """Fixed half-open intervals ``[a, b)`` of a text."""

    def __init__(self, pairs: Iterable[tuple[int, int]]):
        ordered = sorted(pairs)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))  # the furthest end among the first k
        self.ends = sorted(b for _, b in ordered)

    def overlaps(self, s: int, e: int) -> bool:
        """``any(a < e and s < b for a, b in pairs)``."""
        k = bisect.bisect_left(self.starts, e)  # the intervals that start before e
        return k > 0 and self.reach[k - 1] > s

    def contains(self, s: int, e: int) -> bool:
        """``any(a <= s and e <= b for a, b in pairs)``."""
        k = bisect.bisect_right(self.starts, s)  # the intervals that start at or before s
        return k > 0 and self.reach[k - 1] >= e

    def last_end(self, offset: int, default: int = 0) -> int:
        """``max((b for a, b in pairs if b <= offset), default=default)``."""
        k = bisect.bisect_right(self.ends, offset)
        return self.ends[k - 1] if k else default


class Occurrences:
    """Where a string occurs in a text (overlapping occurrences too), found once: ``rfind`` and ``find`` near
    each of many offsets, which in a long text with no occurrence near them each scan to its end."""

    def __init__(self, text: str, needle: str):
        self.at = [m.start() for m in re.finditer(f"(?={re.escape(needle)})", text)]
        self.size = len(needle)

    def rfind(self, end: int) -> int:
        """``text.rfind(needle, 0, end)``."""
        k = bisect.bisect_right(self.at, end - self.size)
        return self.at[k - 1] if k else -1

    def find(self, start: int) -> int:
        """``text.find(needle, start)``."""
        k = bisect.bisect_left(self.at, start)
        return self.at[k] if k < len(self.at) else -1
