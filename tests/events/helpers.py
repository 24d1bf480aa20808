"""Hand-made analyses: what the entities, places and dates stages would have filled in."""

from __future__ import annotations

from datetime import date

from garrison.model import Analysis, Document, Label, Mention, Place, Precision, TimeExpression, TimeSpan, Toponym


def analysis(text: str, *, outlet: str | None = "Test Wire", published: date | None = date(2024, 11, 22),
             mentions: dict[str, str] | None = None, places: dict[str, tuple[float, float, str]] | None = None,
             times: dict[str, tuple[date, date, Precision]] | None = None) -> Analysis:
    """``mentions``: surface → label; ``places``: surface → (lat, lon, feature); ``times``: surface → span."""
    document = Document(text=text, outlet=outlet, published=published)
    result = Analysis(document)
    for surface, label in (mentions or {}).items():
        start = _find(text, surface)
        result.mentions.append(Mention(document.id, start, start + len(surface), surface, Label(label)))
    for surface, (lat, lon, feature) in (places or {}).items():
        start = _find(text, surface)
        place = Place(id=f"test:{surface.lower().replace(' ', '-')}", name=surface, lat=lat, lon=lon, feature=feature)
        result.toponyms.append(Toponym(document.id, start, start + len(surface), surface, place=place))
    for surface, (first, last, precision) in (times or {}).items():
        start = _find(text, surface)
        span = TimeSpan(first, last, precision, text=surface, anchor=published)
        result.timexes.append(TimeExpression(document.id, start, start + len(surface), surface, "DATE", span=span))
    return result


def _find(text: str, surface: str) -> int:
    at = text.find(surface)
    if at < 0:
        raise AssertionError(f"fixture error: {surface!r} not in text")
    return at


def only(events, event_type: str):
    found = [e for e in events if e.type == event_type]
    assert len(found) == 1, f"expected one {event_type}, got {[(e.type, e.trigger) for e in events]}"
    return found[0]
