"""FollowTheMoney: entities Aleph and the ``ftm`` tools read, one JSON object a line.

- a document is an ``Article`` (title, publisher, URL, publication date);
- an actor or target is a ``Person``, ``Organization``, ``PublicBody`` or ``LegalEntity``
  (garrison/data/export/ftm.json); a place an ``Address`` with its coordinates;
- an event is an ``Event``: its dates (a partial date such as 2024-06 where that is all the text
  says), involved parties, organiser (the actor), address, and ``proof`` → the articles reporting it;
- each claim is a ``Documentation`` tying the article to the event, its stance in ``role`` and its
  evidence in ``summary``; each entity read in an article is a ``Mention``.

Entity ids are Garrison's ids with a prefix, stable across exports.  Parties and addresses are written
once per export; articles and mentions once within a window of recent ones (see ``recently``).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from garrison.export.base import Lookups, chunked, data, label_of
from garrison.model import Event, Place

MEDIA_TYPE = "application/x-ndjson"
SUFFIX = ".ftm.jsonl"
KINDS = ("events",)
RECENT = 8192  # articles and mentions remembered, so as not to write them twice


def ftm_id(kind: str, garrison_id: str) -> str:
    """FtM entity ids allow letters, digits, dots and hyphens only (others are dropped from references)."""
    from garrison.model import digest

    cleaned = re.sub(r"[^A-Za-z0-9.-]+", "-", garrison_id).strip("-")
    if len(cleaned) > 120 or cleaned.replace("-", "") != re.sub(r"[^A-Za-z0-9.]+", "", garrison_id):
        cleaned = f"{cleaned[:80]}-{digest(garrison_id, length=12)}"  # distinct ids stay distinct
    return f"garrison-{kind}-{cleaned}"


def _date_value(event: Event) -> str | None:
    """The most a date says: a TIMEX value that is a calendar prefix (2024, 2024-06, 2024-06-14), or the start."""
    if event.time is None:
        return None
    value = event.time.value or ""
    if len(value) in (4, 7, 10) and value[:4].isdigit() and all(part.isdigit() for part in value.split("-")):
        return value
    return event.time.start.isoformat()


class _Writer:
    def __init__(self, lookups: Lookups):
        from followthemoney import model

        self.model = model
        self.lookups = lookups
        self.seen: set[str] = set()
        self.recent: OrderedDict[str, None] = OrderedDict()
        self.parties = data("ftm.json")["parties"]

    def make(self, schema: str, entity_id: str, **props: Any) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.id = entity_id
        for prop, values in props.items():
            if values is None or values == [] or values == "":
                continue
            proxy.add(prop, values)
        return proxy

    def once(self, entity_id: str, make) -> Iterator[Any]:
        """A party or address the first time its id comes up (bounded by the entity and place vocabularies)."""
        if entity_id not in self.seen:
            self.seen.add(entity_id)
            yield make()

    def recently(self, entity_id: str, make) -> Iterator[Any]:
        """An article or mention unless written lately: memory stays bounded on any number of documents.

        One written again after it left the window is a second fragment of the same entity, which FtM
        merges (``ftm aggregate``); the store's stream keeps a document's events together, so that is rare.
        """
        if entity_id in self.recent:
            self.recent.move_to_end(entity_id)
            return
        self.recent[entity_id] = None
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)
        yield make()

    def article(self, document_id: str) -> Any:
        document = self.lookups.document(document_id)
        props: dict[str, Any] = {"name": (document.title if document else None) or f"Report {document_id}",
}
        if document is not None:
            props.update(title=document.title, publisher=document.outlet, sourceUrl=document.url,
                         author=document.author, language=_language(document.language),
                         publishedAt=document.published.isoformat() if document.published else None)
        return self.make("Article", ftm_id("doc", document_id), **props)

    def party(self, entity_id: str) -> Any:
        entity = self.lookups.entity(entity_id)
        schema = self.parties.get(label_of(entity_id), "LegalEntity")
        props: dict[str, Any] = {"name": entity.name if entity else entity_id}
        if entity is not None:
            props["alias"] = entity.aliases or None
            country = entity.attributes.get("country")
            props["country"] = country.lower() if isinstance(country, str) else None
        return self.make(schema, ftm_id("entity", entity_id), **props)

    def address(self, place: Place) -> Any:
        return self.make("Address", ftm_id("place", place.id), full=place.name, name=place.name,
                         latitude=str(place.lat), longitude=str(place.lon),
                         country=place.country.lower() if place.country else None, region=place.admin1)

    def event_entities(self, event: Event) -> Iterator[Any]:
        documents = list(dict.fromkeys([c.document_id for c in event.claims] or [event.document_id or ""]))
        for document_id in documents:
            if document_id:
                yield from self.recently(ftm_id("doc", document_id), lambda d=document_id: self.article(d))
        for entity_id in (*event.actors, *event.targets, *event.materiel):
            yield from self.once(ftm_id("entity", entity_id), lambda e=entity_id: self.party(e))
        for place in (event.location, event.origin, event.destination):
            if place is not None:
                yield from self.once(ftm_id("place", place.id), lambda p=place: self.address(p))
        names = [self.lookups.name(i) for i in (*event.actors, *event.targets)]
        where = f" at {event.location.name}" if event.location else ""
        evidence = " ".join(e.text.strip() for c in event.claims for e in c.evidence)
        yield self.make(
            "Event", ftm_id("event", event.id),
            name=f"{event.type}{' / ' + event.mode if event.mode else ''}{where}",
            summary=evidence or None, description=", ".join(names) or None, date=_date_value(event),
            startDate=event.time.start.isoformat() if event.time else None,
            endDate=event.time.end.isoformat() if event.time else None,
            involved=[ftm_id("entity", i) for i in (*event.actors, *event.targets, *event.materiel)],
            organizer=[ftm_id("entity", i) for i in event.actors],
            addressEntity=ftm_id("place", event.location.id) if event.location else None,
            location=event.location.name if event.location else None,
            country=event.location.country.lower() if event.location and event.location.country else None,
            proof=[ftm_id("doc", d) for d in documents if d], recordId=event.id, keywords=[event.type])
        for claim in event.claims:
            yield self.make(
                "Documentation", ftm_id("claim", claim.id), document=ftm_id("doc", claim.document_id),
                entity=ftm_id("event", event.id), role=str(claim.stance),
                summary=" ".join(e.text.strip() for e in claim.evidence) or None,
                publisher=claim.outlet, description=" <- ".join(claim.source_chain) or None)
        for document_id in documents:
            for entity_id in (*event.actors, *event.targets, *event.materiel):
                mention_id = ftm_id("mention", f"{document_id}|{entity_id}")
                yield from self.recently(mention_id, lambda d=document_id, e=entity_id, m=mention_id: self.make(
                    "Mention", m, document=ftm_id("doc", d), resolved=ftm_id("entity", e),
                    name=self.lookups.name(e), detectedSchema=self.parties.get(label_of(e), "LegalEntity")))


def _language(code: str | None) -> str | None:
    """FtM's language type is ISO 639-2 (three letters)."""
    if not code:
        return None
    import pycountry

    found = pycountry.languages.get(alpha_2=code[:2].lower())
    return getattr(found, "alpha_3", None) if found else None


def entities(what: str, records: Iterable[Event], lookups: Lookups) -> Iterator[Any]:
    writer = _Writer(lookups)
    for event in records:
        yield from writer.event_entities(event)


def write(what: str, records: Iterable[Event], lookups: Lookups) -> Iterator[str]:
    import orjson

    def lines() -> Iterator[str]:
        for proxy in entities(what, records, lookups):
            data = proxy.to_dict()
            yield orjson.dumps({"id": data.pop("id"), **data}).decode() + "\n"

    return chunked(lines())
