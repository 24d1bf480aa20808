"""Fusion: one happening per real-world happening, corroboration and contradiction, presence timelines.

``fuse(events, documents)`` clusters extracted events into ``Happening`` records; ``presence(happenings, events,
documents)`` derives ``Presence`` timelines from every event that places a party at a site.  Both are pure
functions; the rules are data (garrison/data/fusion/rules.json and presence.json, explained in docs/fusion.md).  :mod:`garrison.fusion.stage` runs them as the
pipeline's corpus-level stage.
"""

from garrison.fusion.cluster import fuse
from garrison.fusion.timeline import presence

__all__ = ["fuse", "presence"]
