"""Places: an offline gazetteer and a geoparser (recognition + resolution of toponyms).

Other stages call :func:`geocode` for a single name (with optional context text) and
:func:`geoparse` for every toponym of a text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from garrison.model import Place, Toponym


def geocode(name: str, context: str = "", gazetteer_path=None) -> Place | None:
    """The most likely place called ``name``; ``context`` (surrounding text) steers ambiguous names.

    >>> geocode("Tripoli", context="Clashes in Lebanon's north").country
    'LB'
    """
    return resolve_name(name, context, gazetteer_path).place


@dataclass
class NameResolution:
    """A name's place, or (precision before recall) none with the ranked candidates and why none was taken."""

    place: Place | None
    candidates: list[Place] = field(default_factory=list)
    reason: str | None = None


def resolve_name(name: str, context: str = "", gazetteer_path=None, max_candidates: int = 5) -> NameResolution:
    from garrison.places import gazetteer as gaz
    from garrison.places.recognise import recognise
    from garrison.places.resolve import Item, resolve_items, to_place

    g = gaz.get(gazetteer_path)
    text = f"{name}. {context}" if context else name
    items = [Item(0, len(name), name, None)]
    if context:
        offset = len(name) + 2
        for sp in recognise(context, [], g, source="gazetteer"):
            items.append(Item(sp.start + offset, sp.end + offset, sp.text, sp.label, tentative=sp.tentative))
    resolve_items(text, items, g, fallback=False)
    first = items[0]
    ranked = sorted(first.candidates, key=lambda c: -c.importance)[:max_candidates]
    return NameResolution(to_place(first.choice) if first.choice else None, [to_place(c) for c in ranked],
                          first.unsupported)


def geoparse(text: str, document_id: str = "", gazetteer_path=None, language: str = "en") -> list[Toponym]:
    """Every toponym of ``text`` (spaCy NER for ``language`` + gazetteer matching), resolved."""
    from garrison import nlp
    from garrison.places import gazetteer as gaz
    from garrison.places.recognise import recognise, spans_from_doc
    from garrison.places.stage import toponyms_for

    g = gaz.get(gazetteer_path)
    doc = nlp.load(nlp.model_language(language))(nlp.safe_text(text))
    spans = recognise(text, spans_from_doc(doc), g)
    return toponyms_for(text, document_id, spans, g)


__all__ = ["NameResolution", "geocode", "geoparse", "resolve_name"]
