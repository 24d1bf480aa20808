"""The ``places`` stage: toponyms of each document, resolved against the offline gazetteer.

Reads the entities stage's mentions (the pipeline runs it first): the names it found labelled as places,
then capitalised names the gazetteer knows that no mention covers.
"""

from __future__ import annotations

from garrison import config
from garrison.config import Settings
from garrison.model import Analysis, Toponym
from garrison.places import gazetteer as gaz
from garrison.places.recognise import Span, looks_like_a_name, placed_by_words, recognise
from garrison.places.resolve import Item, facility_words, is_weak, resolve_items, to_place
from garrison.words import words

# Mentions kept even when the gazetteer has no entry: NER is sure they are places.
KEEP_UNRESOLVED = {"GPE", "LOC"}
SITES = {"airbase", "naval_base", "port", "airport", "region", "landmark"}
NORP_PLACE_MIN = 5.0
WATERS = {"canal", "strait", "river", "sea", "gulf", "lake", "ocean"}  # log10 population: a town of 100,000 people


def entity_spans(analysis: Analysis) -> list[tuple[int, int, str, str]]:
    """(start, end, text, label) of the document's name mentions.

    Nominal mentions ("Russian troops") wrap a name that is a mention of its own: names only.
    """
    return [(m.start, m.end, m.text, str(m.label)) for m in analysis.mentions if m.source != "nominal"]


def _known(item: Item) -> bool:
    """The gazetteer holds the name itself, not only a near-miss spelling of it ("UConn" is not Ucon)."""
    return any(not is_weak(c) or c.match == "alias" for c in item.candidates)


_PLACE_KIND_WORDS = words("places", "place_kind_words")


def _placed(text: str, item: Item, known: list[tuple[int, int]]) -> bool:
    words_ = item.text.split()
    if len(words_) > 1:  # "Collier County", "Ainsworth Parade", "South Ingleside Avenue"
        if words_[-1].capitalize() in _PLACE_KIND_WORDS | facility_words():
            return True
    elif not looks_like_a_name(item.text):
        return False
    return placed_by_words(text, item.start, item.end, known)


def toponyms_for(text: str, document_id: str, spans: list[Span], gazetteer: gaz.Gazetteer) -> list[Toponym]:
    items = [Item(sp.start, sp.end, sp.text, sp.label, tentative=sp.tentative) for sp in spans]
    resolve_items(text, items, gazetteer)
    known = [(it.start, it.end) for it in items if _known(it)]
    out = []
    for item in items:
        choice = item.choice
        if item.tentative and choice is None:
            continue  # a name recognition only proposed, and nothing in the text placed
        if (not _known(item) and item.container is None and not item.via_container
                and not _placed(text, item, known)):
            continue  # NER guessed a place no gazetteer knows and no word of the text places ("Dropbox", "Ocean Infinity")
        if (choice is None or item.fallback) and item.label not in KEEP_UNRESOLVED and not item.via_container:
            # Only mentions NER is sure are places may borrow the document's anchor place; a building or venue
            # is kept when the gazetteer places it ("Holy See", "Air Base 101 in Niamey", "Manila Cathedral").
            continue
        if item.label == "FACILITY" and choice is not None and choice.feature in WATERS and not item.via_container:
            continue  # a facility NER found that the gazetteer only knows as water ("Suez Canal"): the text's towns say where
        if (choice is not None and item.label == "NORP" and choice.match != "demonym"
                and choice.feature not in SITES and not (choice.match == "name" and not item.fallback and choice.importance >= NORP_PLACE_MIN)):
            # "Democrats", "Sunni": groups, not places; NER calls some bases NORP ("Hmeimim") and some towns and
            # counties too ("Tunis", "Essex"): a notable place called exactly that is kept.
            continue
        label = item.label
        if label == "NORP" and choice is not None and choice.match != "demonym":
            # kept above as a place called by its own name ("protested in Tunis"), not a people's word: readers
            # of the label (the events stage's "a demonym names whose, not where") must see a place name
            label = "GPE"
        out.append(Toponym(document_id=document_id, start=item.start, end=item.end, text=item.text,
                           place=to_place(choice, item.fallback) if choice else None,
                           score=round(item.score, 3) if item.score is not None else None,
                           mention_label=label))
    return out


def run(batch: list[Analysis], settings: Settings | None = None) -> list[Analysis]:
    settings = settings or config.settings()
    gazetteer = gaz.get(settings.gazetteer)
    for analysis in batch:
        text = analysis.document.text
        spans = recognise(text, entity_spans(analysis), gazetteer, source="mentions")
        analysis.toponyms = toponyms_for(text, analysis.document.id, spans, gazetteer)
    return batch
