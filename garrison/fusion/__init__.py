"""Fusion: one happening per real-world happening, corroboration and contradiction, presence timelines.

``fuse(events, documents)`` clusters extracted events into ``Happening`` records; ``presence(happenings)``
derives ``Presence`` timelines from them.  Both are pure functions; the rules are data
(garrison/data/fusion/rules.json, explained in docs/fusion.md).  :mod:`garrison.fusion.stage` runs them as the
pipeline's corpus-level stage.
"""

from garrison.fusion.cluster import fuse
from garrison.fusion.timeline import presence

__all__ = ["fuse", "presence"]
