"""The API's JSON shapes (pydantic): what the OpenAPI document promises and every response is checked against.

They mirror the record model's ``to_dict`` field names (docs/formats.md), so a client reading the API and a
script reading ``garrison … --json`` see the same names.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

Item = TypeVar("Item")


class Shape(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Place(Shape):
    id: str
    name: str
    lat: float
    lon: float
    feature: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")
    admin1: str | None = None
    geonameid: int | None = None
    precision: int = Field(2, description="1 exact site, 2 nearby/town, 3 region or country")


class TimeSpan(Shape):
    start: date
    end: date
    precision: str
    value: str | None = None
    text: str | None = None
    anchor: date | None = None
    anchor_inferred: bool = False


class Evidence(Shape):
    start: int
    end: int
    text: str


class Claim(Shape):
    id: str
    event_id: str
    document_id: str
    evidence: list[Evidence] = []
    outlet: str | None = None
    source_chain: list[str] = []
    speaker: str | None = None
    speaker_role: str | None = None
    stance: str
    cue: str | None = None


class Event(Shape):
    id: str
    type: str
    document_id: str | None = None
    mode: str | None = None
    trigger: str | None = None
    actors: list[str] = []
    targets: list[str] = []
    materiel: list[str] = []
    location: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    time: TimeSpan | None = None
    time_from_dct: bool = False
    fatalities: int | None = None
    attributes: dict[str, Any] = {}
    claims: list[Claim] = []


class Happening(Shape):
    id: str
    type: str
    event_ids: list[str] = []
    mode: str | None = None
    actors: list[str] = []
    targets: list[str] = []
    materiel: list[str] = []
    location: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    time: TimeSpan | None = None
    reports: int = Field(0, description="independent reports: a syndicated copy counts once")
    outlets: list[str] = []
    stances: dict[str, int] = {}
    contradicted: bool = False
    first_reported: date | None = None
    last_reported: date | None = None
    attributes: dict[str, Any] = {}


class Presence(Shape):
    id: str
    actor: str
    place: Place
    first_reported: date | None = None
    last_reported: date | None = None
    materiel: list[str] = []
    happening_ids: list[str] = []
    reports: int = 0
    attributes: dict[str, Any] = {}


class DocumentHeader(Shape):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: str | None = None
    language: str | None = None
    source_path: str | None = None
    content_type: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    ingested_at: datetime | None = None
    snippet: str | None = Field(None, description="full-text search only: the matching passage, terms in [ ]")

    @field_validator("ingested_at")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        # The store writes UTC; SQLite hands it back without its offset.
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Span(Shape):
    start: int
    end: int
    text: str


class Mention(Span):
    label: str
    entity_id: str | None = None
    source: str | None = None


class Toponym(Span):
    place: Place | None = None
    score: float | None = None


class TimeExpression(Span):
    type: str
    value: str | None = None
    span: TimeSpan | None = None


class Entity(Shape):
    id: str
    type: str
    name: str
    aliases: list[str] = []
    attributes: dict[str, Any] = {}
    mentions: int = 0
    documents: int = 0


class DocumentDetail(DocumentHeader):
    text: str
    mentions: list[Mention] = []
    toponyms: list[Toponym] = []
    timexes: list[TimeExpression] = []
    events: list[Event] = []
    entities: dict[str, str] = Field({}, description="entity id → name of every entity the document mentions")


class ClaimSource(Shape):
    """What a claim's source card shows about the document it was read from."""

    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    language: str | None = None


class HappeningDetail(Happening):
    events: list[Event] = []
    documents: dict[str, ClaimSource] = {}
    names: dict[str, str] = Field({}, description="entity id → name of every actor, target and asset")
    syndicated_copies: int = Field(0, description="reporting documents that are syndicated copies of another")


class EntityDetail(Entity):
    events: list[Event] = []


class PlaceRow(Place):
    mentions: int = 0
    documents: int = 0


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null on the last")
    names: dict[str, str] = Field({}, description="entity id → name of the ids the items name")


class Status(Shape):
    model_config = ConfigDict(extra="allow")
    store: str
    documents: int
    near_duplicates: int
    exact_copies: int
    languages: dict[str, int]
    stages: dict[str, dict[str, float]]
    rejects: dict[str, int]
    recent_rejects: list[dict[str, Any]] = []


class IngestRequest(Shape):
    urls: list[str] = Field(default_factory=list, max_length=100, description="http(s) URLs or feeds to read")
    published: date | None = Field(None, description="publication date for every document read")


class Job(Shape):
    id: str
    state: str = Field(description="queued, ingesting, processing, done or failed")
    submitted: datetime
    finished: datetime | None = None
    inputs: list[str] = []
    ingest: dict[str, Any] | None = None
    process: dict[str, Any] | None = None
    error: str | None = None


class Problem(Shape):
    """Every error: a status and a sentence, never a stack trace."""

    error: str
    detail: Any = None
