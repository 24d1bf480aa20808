"""The record model every stage reads and writes.

Plain dataclasses that round-trip through JSON (``to_dict`` / ``from_dict``) so that the
same records travel between stages, worker processes, the store and exports.  Fields marked
``metadata={"transient": True}`` are working state of one in-memory run: never serialised, never stored.  Ids are stable:
a document's id derives from its normalised text, an entity's from its type and canonical
name, an event's and a claim's from what they are made of.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Self


class Label(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    ARMED_GROUP = "ARMED_GROUP"
    MIL_UNIT = "MIL_UNIT"
    EQUIPMENT = "EQUIPMENT"
    FACILITY = "FACILITY"
    GPE = "GPE"
    LOC = "LOC"
    NORP = "NORP"


class Stance(StrEnum):
    ASSERTED = "asserted"
    REPORTED = "reported"
    DENIED = "denied"
    CLAIMED = "claimed-responsibility"
    SPECULATED = "speculated"
    PLANNED = "planned"
    NEGATED = "negated"


class DateSource(StrEnum):
    """How a document's publication date was found."""

    METADATA = "metadata"
    DATELINE = "dateline"
    FEED = "feed"
    INFERRED = "inferred"
    USER = "user"


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    APPROXIMATE = "approximate"


# ---------------------------------------------------------------------------
# ids


def normalise_text(text: str) -> str:
    """The form of a text its id is computed from: NFKC, case-folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def digest(*parts: object, length: int = 16) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def document_id(text: str) -> str:
    return digest(normalise_text(text), length=20)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or digest(name, length=8)


def entity_id(label: str, canonical_name: str) -> str:
    return f"{label.lower()}:{slug(canonical_name)}"


# ---------------------------------------------------------------------------
# JSON round trip


class Record:
    """Mixin: JSON-ready dicts in, typed dataclasses out."""

    def to_dict(self) -> dict[str, Any]:
        return {name: to_json_value(getattr(self, name)) for name in _stored_fields(type(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**{name: convert(data[name]) for name, convert in _readers(cls) if name in data})


@functools.cache
def _stored_fields(cls: type) -> tuple[str, ...]:
    """The fields a record class writes out, worked out once per class (a writer asks it for every record)."""
    return tuple(f.name for f in dataclasses.fields(cls) if not f.metadata.get("transient"))


@functools.cache
def _readers(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(field, JSON value → typed value) per field of a record class, worked out once per class: resolving
    the annotations costs far more than reading a record."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _reader(hints[f.name])) for f in dataclasses.fields(cls))


def _reader(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _reader(args[0]) if len(args) == 1 else _as_is
    if origin is list:
        (inner,) = typing.get_args(hint) or (Any,)
        item = _reader(inner)
        return lambda value: None if value is None else [item(v) for v in value]
    if origin is dict:
        return lambda value: None if value is None else dict(value)
    if isinstance(hint, type):
        if issubclass(hint, Record):
            return lambda value: None if value is None else hint.from_dict(value)
        if issubclass(hint, StrEnum):
            return lambda value: None if value is None else hint(value)
        if hint is datetime:
            return lambda value: None if value is None else datetime.fromisoformat(value)
        if hint is date:
            return lambda value: None if value is None else date.fromisoformat(value[:10])
    return _as_is


def _as_is(value: Any) -> Any:
    return value


_PLAIN = (str, int, float, bool, type(None))


def to_json_value(value: Any) -> Any:
    """A value as JSON holds it: records as dicts, enums as their values, dates in ISO form."""
    if type(value) in _PLAIN:  # most values: returned before the checks below (an enum is a str, not one of these)
        return value
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------
# records


@dataclass
class Document(Record):
    text: str
    id: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: DateSource | None = None
    language: str | None = None
    source_path: str | None = None  # file path, "file:line", URL or "-" for stdin
    content_type: str | None = None  # text, html, json, rss, warc …
    duplicate_of: str | None = None
    similarity: float | None = None  # to duplicate_of: 1.0 exact, < 1.0 near-duplicate
    ingested_at: datetime | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.text)


@dataclass
class Entity(Record):
    type: Label
    name: str
    id: str = ""
    aliases: list[str] = field(default_factory=list)
    # country, equipment_class, origin_country, parent, successor_of, affiliated_with, wikidata …
    attributes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = entity_id(self.type, self.name)


@dataclass
class Mention(Record):
    document_id: str
    start: int
    end: int
    text: str
    label: Label
    entity_id: str | None = None
    source: str = "ner"  # ner | lexicon | pattern | coref | nominal
    sentence: int | None = None

    @property
    def unlinked(self) -> bool:
        """A mention that names nobody in particular ("he" with nobody named before, "civilians"): no party."""
        return self.entity_id is None and self.source == "nominal"

    @property
    def party(self) -> str:
        """The entity the mention names; a name the lexicon does not know stands for itself."""
        return self.entity_id or entity_id(self.label, self.text)


@dataclass
class Place(Record):
    """A resolved location.  ``precision`` follows ACLED's geo-precision codes."""

    id: str  # "geonames:<id>", "icao:<code>", "country:<ISO2>", "overlay:<slug>" …
    name: str
    lat: float
    lon: float
    feature: str | None = None  # city, admin1, airbase, port, naval_base, country, region, sea …
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    geonameid: int | None = None
    precision: int = 2  # 1 exact site, 2 nearby/town, 3 region centroid


@dataclass
class Toponym(Record):
    """A place mention in a document and what it resolved to."""

    document_id: str
    start: int
    end: int
    text: str
    place: Place | None = None
    score: float | None = None
    mention_label: str | None = None


@dataclass
class TimeSpan(Record):
    start: date
    end: date
    precision: Precision
    value: str | None = None  # TIMEX3 value: 2024-06, 2024-W23, 2023, PRESENT_REF, P3D …
    text: str | None = None
    anchor: date | None = None  # the date it was resolved against (usually the DCT)
    anchor_inferred: bool = False


@dataclass
class TimeExpression(Record):
    document_id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None = None
    span: TimeSpan | None = None


@dataclass
class Evidence(Record):
    start: int
    end: int
    text: str


@dataclass
class Claim(Record):
    """One report of an event: who said it, where, and how sure."""

    event_id: str
    document_id: str
    evidence: list[Evidence] = field(default_factory=list)
    outlet: str | None = None
    source_chain: list[str] = field(default_factory=list)  # outermost first: ["Wall Street Journal", "Pentagon sources"]
    speaker: str | None = None
    speaker_role: str | None = None
    stance: Stance = Stance.ASSERTED
    cue: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id and self.event_id:
            self.assign_id()

    def assign_id(self) -> None:
        first = self.evidence[0].start if self.evidence else ""
        self.id = "c:" + digest(self.event_id, self.document_id, first)


@dataclass
class Event(Record):
    type: str
    document_id: str | None = None  # the document it was extracted from, before fusion
    mode: str | None = None
    trigger: str | None = None
    actors: list[str] = field(default_factory=list)  # entity ids
    targets: list[str] = field(default_factory=list)
    materiel: list[str] = field(default_factory=list)
    location: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    time: TimeSpan | None = None
    time_from_dct: bool = False  # no time in the text: the publication date stands in
    fatalities: int | None = None
    # What the event means to a reader beyond its fields: names as written, how its place and time were found,
    # factuality … — every key is documented in docs/formats.md.
    attributes: dict[str, Any] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    id: str = ""
    # The extractor's notes from the parse (token numbers, role words), read while the events of one sentence are
    # consolidated; they mean nothing once the parse is gone, so they are never stored.
    parse_state: dict[str, Any] = field(default_factory=dict, repr=False, compare=False,
                                        metadata={"transient": True})

    def __post_init__(self) -> None:
        if not self.id:
            anchor = self.claims[0].evidence[0].start if self.claims and self.claims[0].evidence else ""
            where = self.location.id if self.location else ""
            self.id = "e:" + digest(self.document_id, self.type, self.mode, self.trigger, anchor, where,
                                    *self.actors, "|", *self.targets, "|", *self.materiel)
        for claim in self.claims:  # claims made before their event know their event now
            if not claim.event_id:
                claim.event_id = self.id
            if not claim.id:
                claim.assign_id()


@dataclass
class Analysis(Record):
    """Everything the stages know about one document — the object that flows through the pipeline."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    timexes: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # The parsed spaCy Doc, shared by the stages of one in-memory run; never stored.
    nlp_doc: Any = field(default=None, repr=False, compare=False, metadata={"transient": True})


@dataclass
class Corpus:
    """What a corpus-level stage reads and writes: the outputs of every document at once, and what is fused
    from them.  ``documents`` are the documents' headers (their metadata; the text is left out)."""

    documents: dict[str, Document] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    happenings: list[Happening] = field(default_factory=list)
    presences: list[Presence] = field(default_factory=list)


@dataclass
class Happening(Record):
    """One real-world happening: the events extracted from every report of it, fused.

    ``reports`` counts independent reports — a syndicated copy of a report counts once — so
    that corroboration means several sources, not several reprints.
    """

    type: str
    event_ids: list[str] = field(default_factory=list)
    mode: str | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    materiel: list[str] = field(default_factory=list)
    location: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    time: TimeSpan | None = None
    reports: int = 0  # independent documents reporting it
    outlets: list[str] = field(default_factory=list)
    stances: dict[str, int] = field(default_factory=dict)  # stance -> number of independent claims
    contradicted: bool = False  # some reports assert or report it, others deny or negate it
    first_reported: date | None = None
    last_reported: date | None = None
    # documents, independent report ids, time_from_dct … (see docs/fusion.md)
    attributes: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = "h:" + digest(*sorted(self.event_ids))


@dataclass
class Presence(Record):
    """An actor's reported presence at a site over time: the timeline analysts build by hand."""

    actor: str  # entity id
    place: Place
    first_reported: date | None = None  # earliest time the reports place the actor there
    last_reported: date | None = None
    materiel: list[str] = field(default_factory=list)  # entity ids of the assets reported there
    happening_ids: list[str] = field(default_factory=list)
    reports: int = 0
    # tentative (only speculated/planned reports), stances, types … (see docs/fusion.md)
    attributes: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = "p:" + digest(self.actor, self.place.id)
