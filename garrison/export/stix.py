"""STIX 2.1: a bundle OpenCTI and MISP import as it is, built with the ``stix2`` library.

What becomes what (the vocabulary mappings are data: garrison/data/export/stix.json):
- an outlet, and each source it cites, is an ``identity``;
- an actor is a ``threat-actor`` (armed groups, units) or an ``identity`` (states, organisations, people);
- a place is a ``location`` with its coordinates and a precision in metres;
- an event is an ``incident`` ``related-to`` its actors, targets and place, with its type, mode and
  time span in ``x_garrison_*`` properties;
- each claim gives a ``note`` carrying its evidence sentences and an ``opinion`` mapping its stance
  (the exact stance in ``x_garrison_stance``), both by the outlet;
- each document gives a ``report`` whose ``object_refs`` are what was read in it;
- a presence timeline is a ``located-at`` relationship from the actor to the site, with start and
  stop times.

Ids are UUIDv5 of Garrison's ids, so an object keeps its id from one export to the next.  The shared
objects go through ``stix2``'s constructors, which check every property; the per-event objects
(incidents, relationships, notes, opinions, reports: millions in a large store) are written as the
same JSON directly, since those constructors run at a few hundred events a second — the tests parse
every bundle back with ``stix2`` and pass it through ``stix2-validator``.  The writer
keeps only the ids of the shared objects it has written (outlets, actors, places: bounded by the
entity and place vocabularies) and the objects of the document in hand; events of one document
should come together (the store's stream does so) for it to give one report per document.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from garrison.export.base import Lookups, chunked, data, dumps, label_of
from garrison.model import Claim, Event, Place, Presence

MEDIA_TYPE = "application/stix+json;version=2.1"
SUFFIX = ".json"
KINDS = ("events", "presence")

NAMESPACE = uuid.UUID("6f1c63c8-5a55-4a4e-9b7e-4e1f3f1d2a11")  # Garrison's: fixed forever, ids derive from it
X_PRODUCER = "Garrison"


def stix_id(kind: str, garrison_id: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}|{garrison_id}')}"


def _timestamp(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    """STIX's timestamp form: UTC, milliseconds, Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _plain(stix_object) -> dict[str, Any]:
    return json.loads(stix_object.serialize())


def _region(country: str | None) -> str | None:
    """STIX's region-ov is UN M49's names in lower case with hyphens."""
    if not country:
        return None
    try:
        from countryinfo import CountryInfo

        info = CountryInfo(country).info()
    except Exception:  # noqa: BLE001 — no region is better than no location
        return None
    name = info.get("intermediateregion") or info.get("subregion")
    return re.sub(r"[^a-z]+", "-", name.lower()).strip("-") if name else None


class _Writer:
    def __init__(self, lookups: Lookups):
        import stix2

        self.stix2 = stix2
        self.lookups = lookups
        self.now = lookups.now
        self.seen: set[str] = set()
        self.spec = data("stix.json")
        self.stamp = _stamp(self.now)
        self.producer = _plain(stix2.v21.Identity(
            id=stix_id("identity", "garrison"), name=X_PRODUCER, identity_class="system",
            description="Garrison: military presence and activity read from the news", created=self.now,
            modified=self.now))

    def _common(self) -> dict[str, Any]:
        return {"created": self.now, "modified": self.now, "created_by_ref": self.producer["id"]}

    def _sdo(self, kind: str, object_id: str, **props: Any) -> dict[str, Any]:
        """A per-event object as stix2 would serialise it: required common properties, no empty ones."""
        made = {"type": kind, "spec_version": "2.1", "id": object_id,
                "created_by_ref": props.pop("created_by_ref", self.producer["id"]),
                "created": self.stamp, "modified": self.stamp}
        made.update((k, v) for k, v in props.items() if v is not None and v != [])
        return made

    def _once(self, object_id: str, make) -> Iterator[Any]:
        """A shared object the first time its id comes up; built only then (stix2's checks are slow)."""
        if object_id not in self.seen:
            self.seen.add(object_id)
            yield make()

    # -- shared objects -------------------------------------------------------

    def outlet(self, name: str) -> Any:
        return _plain(self.stix2.v21.Identity(id=stix_id("identity", f"outlet:{name.casefold()}"), name=name,
                                              identity_class="organization", sectors=["communications"],
                                              x_garrison_role="outlet", allow_custom=True, **self._common()))

    def cited(self, name: str) -> Any:
        return _plain(self.stix2.v21.Identity(id=stix_id("identity", f"cited:{name.casefold()}"), name=name,
                                              identity_class="unknown", x_garrison_role="cited source",
                                              allow_custom=True, **self._common()))

    def actor_id(self, entity_id: str) -> str:
        return stix_id(self.spec["actors"].get(label_of(entity_id), self.spec["actors"]["ORG"])["type"], entity_id)

    def actor(self, entity_id: str) -> Any:
        spec = dict(self.spec["actors"].get(label_of(entity_id), self.spec["actors"]["ORG"]))
        kind = spec.pop("type")
        entity = self.lookups.entity(entity_id)
        name = entity.name if entity else entity_id
        extra = {"aliases": entity.aliases} if entity and entity.aliases and kind == "threat-actor" else {}
        cls = self.stix2.v21.ThreatActor if kind == "threat-actor" else self.stix2.v21.Identity
        return _plain(cls(id=stix_id(kind, entity_id), name=name, x_garrison_id=entity_id, allow_custom=True,
                          **spec, **extra, **self._common()))

    def location(self, place: Place) -> Any:
        metres = self.spec["precision_metres"].get(str(place.precision))
        fields: dict[str, Any] = {"name": place.name, "latitude": place.lat, "longitude": place.lon}
        if metres:
            fields["precision"] = float(metres)
        if place.country:
            fields["country"] = place.country.upper()
            region = _region(place.country)
            if region:
                fields["region"] = region
        if place.admin1:
            fields["administrative_area"] = place.admin1
        return _plain(self.stix2.v21.Location(
            id=stix_id("location", place.id), x_garrison_id=place.id, x_garrison_feature=place.feature,
            x_garrison_geo_precision=place.precision, allow_custom=True, **fields, **self._common()))

    # -- per event --------------------------------------------------------------

    def event_objects(self, event: Event) -> Iterator[Any]:
        """The event's shared objects (once per export), its incident, relationships and claims."""
        incident_id = stix_id("incident", event.id)
        places = [p for p in (event.location, event.origin, event.destination) if p is not None]
        for place in places:
            yield from self._once(stix_id("location", place.id), lambda place=place: self.location(place))
        for entity_id in (*event.actors, *event.targets):
            yield from self._once(self.actor_id(entity_id), lambda entity_id=entity_id: self.actor(entity_id))
        custom = {
            "x_garrison_id": event.id, "x_garrison_event_type": event.type, "x_garrison_mode": event.mode,
            "x_garrison_trigger": event.trigger,
            "x_garrison_materiel": [self.lookups.name(m) for m in event.materiel] or None,
            "x_garrison_fatalities": event.fatalities,
        }
        if event.time:
            custom.update(x_garrison_time_start=event.time.start.isoformat(),
                          x_garrison_time_end=event.time.end.isoformat(),
                          x_garrison_time_precision=str(event.time.precision),
                          x_garrison_time_from_publication=event.time_from_dct)
        where = f" at {event.location.name}" if event.location else ""
        yield self._sdo(
            "incident", incident_id, name=f"{event.type}{' / ' + event.mode if event.mode else ''}{where}",
            description=" ".join(e.text.strip() for c in event.claims for e in c.evidence) or None, **custom)
        roles = [("actor", a) for a in event.actors] + [("target", t) for t in event.targets]
        for role, entity_id in roles:
            target_kind = self.spec["actors"].get(label_of(entity_id), self.spec["actors"]["ORG"])["type"]
            yield self._relationship("related-to", incident_id, stix_id(target_kind, entity_id),
                                     f"{event.id}|{role}|{entity_id}", x_garrison_role=role)
        for role, place in (("location", event.location), ("origin", event.origin),
                            ("destination", event.destination)):
            if place is not None:
                yield self._relationship("related-to", incident_id, stix_id("location", place.id),
                                         f"{event.id}|{role}|{place.id}", x_garrison_role=role)
        for claim in event.claims:
            yield from self.claim_objects(claim, incident_id)

    def _relationship(self, kind: str, source: str, target: str, key: str, **extra: Any) -> Any:
        return self._sdo("relationship", stix_id("relationship", key), relationship_type=kind,
                         source_ref=source, target_ref=target, **extra)

    def claim_objects(self, claim: Claim, incident_id: str) -> Iterator[Any]:
        by = None
        if claim.outlet:
            by = stix_id("identity", f"outlet:{claim.outlet.casefold()}")
            yield from self._once(by, lambda: self.outlet(claim.outlet))
        cited_ids = []
        for name in claim.source_chain[1:] if claim.outlet else claim.source_chain:
            cited_ids.append(stix_id("identity", f"cited:{name.casefold()}"))
            yield from self._once(cited_ids[-1], lambda name=name: self.cited(name))
        common = {"created_by_ref": by} if by else {}
        evidence = " ".join(e.text.strip() for e in claim.evidence)
        if evidence:
            yield self._sdo(
                "note", stix_id("note", claim.id), abstract=f"{claim.stance}: evidence", content=evidence,
                authors=claim.source_chain or None, object_refs=[incident_id, *cited_ids],
                x_garrison_document_id=claim.document_id, x_garrison_speaker=claim.speaker,
                x_garrison_cue=claim.cue, **common)
        yield self._sdo(
            "opinion", stix_id("opinion", claim.id), opinion=self.spec["opinion"][str(claim.stance)],
            explanation=(f"{claim.outlet or 'A source'} {claim.stance}"
                         + (f", citing {' <- '.join(claim.source_chain[1:])}" if len(claim.source_chain) > 1 else "")),
            authors=claim.source_chain or None, object_refs=[incident_id], x_garrison_stance=str(claim.stance),
            x_garrison_document_id=claim.document_id, **common)

    def report(self, document_id: str, first_event_id: str, refs: list[str]) -> Any:
        document = self.lookups.document(document_id)
        published = self.stamp
        if document is not None and document.published is not None:
            published = _stamp(_timestamp(document.published))
        name = (document.title if document and document.title else None) or f"Report {document_id}"
        references = [{"source_name": "garrison", "external_id": document_id}]
        if document is not None and document.url:
            references.append({"source_name": document.outlet or "source", "url": document.url})
        common = {}
        if document is not None and document.outlet:
            common["created_by_ref"] = stix_id("identity", f"outlet:{document.outlet.casefold()}")
        return self._sdo(
            "report", stix_id("report", f"{document_id}|{first_event_id}"), name=name, published=published,
            report_types=["threat-report"], object_refs=refs, external_references=references,
            x_garrison_document_id=document_id, x_garrison_outlet=document.outlet if document else None, **common)

    def presence_objects(self, presence: Presence) -> Iterator[Any]:
        yield from self._once(stix_id("location", presence.place.id), lambda: self.location(presence.place))
        yield from self._once(self.actor_id(presence.actor), lambda: self.actor(presence.actor))
        kind = self.spec["actors"].get(label_of(presence.actor), self.spec["actors"]["ORG"])["type"]
        times: dict[str, Any] = {}
        if presence.first_reported:
            times["start_time"] = _stamp(_timestamp(presence.first_reported))
        if presence.last_reported:  # to the day's end: STIX wants stop after start, even for one day
            times["stop_time"] = _stamp(_timestamp(presence.last_reported + timedelta(days=1)))
        yield self._relationship(
            "located-at", stix_id(kind, presence.actor), stix_id("location", presence.place.id), presence.id,
            x_garrison_id=presence.id, x_garrison_reports=presence.reports,
            x_garrison_materiel=[self.lookups.name(m) for m in presence.materiel] or None,
            x_garrison_tentative=presence.attributes.get("tentative"), **times)


def objects(what: str, records: Iterable[Any], lookups: Lookups) -> Iterator[Any]:
    """The STIX objects of the records, in an order where every reference points backwards."""
    writer = _Writer(lookups)
    yield writer.producer
    if what == "presence":
        for presence in records:
            yield from writer.presence_objects(presence)
        return
    document_id: str | None = None
    first_event = ""
    refs: list[str] = []
    for event in records:
        doc = event.document_id or (event.claims[0].document_id if event.claims else "")
        if doc != document_id:
            if document_id is not None and refs:
                yield writer.report(document_id, first_event, list(dict.fromkeys(refs)))
            document_id, first_event, refs = doc, event.id, []
            header = lookups.document(doc)
            if header is not None and header.outlet:  # the report's author, before the report
                yield from writer._once(stix_id("identity", f"outlet:{header.outlet.casefold()}"),
                                        lambda: writer.outlet(header.outlet))
        for stix_object in writer.event_objects(event):
            refs.append(stix_object["id"])
            if stix_object["type"] == "relationship":  # the report names the shared objects it relies on too
                refs.extend((stix_object["source_ref"], stix_object["target_ref"]))
            yield stix_object
    if document_id is not None and refs:
        yield writer.report(document_id, first_event, list(dict.fromkeys(refs)))


def write(what: str, records: Iterable[Any], lookups: Lookups) -> Iterator[str]:
    bundle_id = f"bundle--{uuid.uuid4()}"

    def pieces() -> Iterator[str]:
        yield f'{{"type":"bundle","id":"{bundle_id}","objects":[\n'
        first = True
        for stix_object in objects(what, records, lookups):
            yield ("" if first else ",\n") + dumps(stix_object)
            first = False
        yield "\n]}\n"

    return chunked(pieces())
