"""The store's tables (SQLAlchemy Core).  Alembic migrations in ``migrations/`` create them.

Stage outputs are stored per document, so a stage can be re-run for a document by
deleting its rows and inserting the new ones in the same transaction as its completion
mark in ``stage_runs``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

DOC_ID = String(40)

documents = Table(
    "documents",
    metadata,
    Column("id", DOC_ID, primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", String(200)),
    Column("author", String(300)),
    Column("published", Date),
    Column("published_source", String(20)),
    Column("language", String(8)),
    Column("source_path", Text),
    Column("content_type", String(20)),
    Column("text", Text, nullable=False),
    Column("duplicate_of", DOC_ID, ForeignKey("documents.id")),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True)),
    Column("meta", JSON),
    Index("ix_documents_published", "published"),
    Index("ix_documents_duplicate_of", "duplicate_of"),
)

# Every other place an exact copy of a stored document was found: it is stored once.
document_copies = Table(
    "document_copies",
    metadata,
    Column("document_id", DOC_ID, ForeignKey("documents.id"), nullable=False),
    Column("source_path", Text, nullable=False),
    Column("outlet", String(200)),
    Column("url", Text),
    UniqueConstraint("document_id", "source_path", name="uq_document_copies"),
)

rejects = Table(
    "rejects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("detail", Text),
    Column("seen", Integer, nullable=False, default=1),
    Column("last_seen", DateTime(timezone=True)),
    UniqueConstraint("source", "reason", name="uq_rejects_source_reason"),
)

stage_runs = Table(
    "stage_runs",
    metadata,
    Column("document_id", DOC_ID, ForeignKey("documents.id"), primary_key=True),
    Column("stage", String(40), primary_key=True),
    Column("finished_at", DateTime(timezone=True)),
    Column("seconds", Float),
    Index("ix_stage_runs_stage", "stage"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("aliases", JSON),
    Column("attributes", JSON),
    Index("ix_entities_type", "type"),
)

def _text_span_columns() -> list[Column]:
    """What every record found in a document's text has: its row id, its document, and where it stands."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("document_id", DOC_ID, ForeignKey("documents.id"), nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
    ]


mentions = Table(
    "mentions",
    metadata,
    *_text_span_columns(),
    Column("label", String(20), nullable=False),
    Column("entity_id", String(200)),
    Column("source", String(20)),
    Column("sentence", Integer),
    Index("ix_mentions_document", "document_id"),
    Index("ix_mentions_entity", "entity_id"),
)

toponyms = Table(
    "toponyms",
    metadata,
    *_text_span_columns(),
    Column("mention_label", String(20)),
    Column("score", Float),
    Column("place_id", String(100)),
    Column("place", JSON),
    Column("lat", Float),
    Column("lon", Float),
    Index("ix_toponyms_document", "document_id"),
    Index("ix_toponyms_place", "place_id"),
)

timexes = Table(
    "timexes",
    metadata,
    *_text_span_columns(),
    Column("type", String(12), nullable=False),
    Column("value", String(40)),
    Column("span", JSON),
    Column("span_start", Date),
    Column("span_end", Date),
    Index("ix_timexes_document", "document_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("document_id", DOC_ID, ForeignKey("documents.id")),
    Column("type", String(30), nullable=False),
    Column("mode", String(80)),
    Column("trigger", Text),
    Column("actors", JSON),
    Column("targets", JSON),
    Column("materiel", JSON),
    Column("location", JSON),
    Column("origin", JSON),
    Column("destination", JSON),
    Column("time", JSON),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_name", Text),
    Column("time_start", Date),
    Column("time_end", Date),
    Column("time_from_dct", Boolean),
    Column("fatalities", Integer),
    Column("attributes", JSON),
    Index("ix_events_document", "document_id"),
    Index("ix_events_type", "type"),
    Index("ix_events_time", "time_start", "time_end"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("event_id", String(40), ForeignKey("events.id"), nullable=False),
    Column("document_id", DOC_ID, ForeignKey("documents.id"), nullable=False),
    Column("evidence", JSON),
    Column("outlet", String(200)),
    Column("source_chain", JSON),
    Column("speaker", Text),
    Column("speaker_role", Text),
    Column("stance", String(30), nullable=False),
    Column("cue", Text),
    Index("ix_claims_event", "event_id"),
    Index("ix_claims_document", "document_id"),
    Index("ix_claims_stance", "stance"),
)

# Fusion's outputs are corpus-wide: recomputed from all events, replaced as a whole.
happenings = Table(
    "happenings",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("type", String(30), nullable=False),
    Column("mode", String(80)),
    Column("data", JSON, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_name", Text),
    Column("time_start", Date),
    Column("time_end", Date),
    Column("reports", Integer, nullable=False),
    Column("contradicted", Boolean, nullable=False),
    Column("first_reported", Date),
    Column("last_reported", Date),
    Column("background", Boolean, nullable=False, server_default=false()),
    # The happening cut to what a map, a timeline and a list draw and the filters check (rows.compact_happening):
    # a page of ten thousand for the web app reads and decodes this, not the whole record.
    Column("compact", JSON),
    Index("ix_happenings_type", "type"),
    Index("ix_happenings_time", "time_start", "time_end"),
)

# What the API filters happenings by, out of their JSON into indexed rows (written with the happenings, see
# rows.happening_side_rows): a filter on an actor or a place looks up these instead of reading every happening.
# Keys are casefolded, as the filters compare them; each row carries its happening's sort key, so that a filter's
# matches come out of the index in the listing's order.
happening_places = Table(
    "happening_places",
    metadata,
    Column("happening_id", String(40), ForeignKey("happenings.id"), primary_key=True),
    Column("role", String(12), primary_key=True),  # location, origin, destination
    Column("place_id", String(100)),
    Column("name_key", Text, nullable=False),
    Column("country_key", String(8), nullable=False),
    Column("sort_date", Date, nullable=False),  # the happening's sort key (its start, undated last)
    Index("ix_happening_places_name", "name_key", "sort_date", "happening_id"),
    Index("ix_happening_places_country", "country_key", "sort_date", "happening_id"),
)

happening_entities = Table(
    "happening_entities",
    metadata,
    Column("happening_id", String(40), ForeignKey("happenings.id"), primary_key=True),
    Column("role", String(12), primary_key=True),  # actor, target, materiel
    Column("entity_key", String(200), primary_key=True),
    Column("sort_date", Date, nullable=False),
    Index("ix_happening_entities_entity", "entity_key", "sort_date", "happening_id"),
)

happening_stances = Table(
    "happening_stances",
    metadata,
    Column("happening_id", String(40), ForeignKey("happenings.id"), primary_key=True),
    Column("stance", String(30), primary_key=True),
    Column("claims", Integer, nullable=False),
    Column("sort_date", Date, nullable=False),
    Index("ix_happening_stances_stance", "stance", "sort_date", "happening_id"),
)

happening_events = Table(
    "happening_events",
    metadata,
    Column("happening_id", String(40), ForeignKey("happenings.id"), primary_key=True),
    Column("event_id", String(40), primary_key=True),
    Index("ix_happening_events_event", "event_id"),
)

presences = Table(
    "presences",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("actor", String(200), nullable=False),
    Column("place_id", String(100), nullable=False),
    Column("data", JSON, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("first_reported", Date),
    Column("last_reported", Date),
    Column("reports", Integer, nullable=False),
    # The actor, the site's name and its country casefolded, for the filters (see happening_places).
    Column("actor_key", String(200), nullable=False, server_default=""),
    Column("place_key", Text, nullable=False, server_default=""),
    Column("country_key", String(8), nullable=False, server_default=""),
    Column("background", Boolean, nullable=False, server_default=false()),
    Index("ix_presences_actor", "actor"),
    Index("ix_presences_place", "place_id"),
)

# The last run of each corpus stage and the marks of the document stages it read (see pipeline.corpus_state):
# a corpus stage runs again only when those marks change.
corpus_runs = Table(
    "corpus_runs",
    metadata,
    Column("stage", String(40), primary_key=True),
    Column("finished_at", DateTime(timezone=True)),
    Column("seconds", Float),
    Column("inputs", JSON, nullable=False),
    Column("outputs", JSON),
)

# Every distinct key of the tables above, by kind ("entity", "place"): a filter matches a part of a key ("force-7"
# in "mil_unit:force-7"), so it finds the keys here (a few thousand rows) and then their happenings by index.
happening_filter_keys = Table(
    "happening_filter_keys",
    metadata,
    Column("kind", String(12), primary_key=True),
    Column("key", Text, primary_key=True),
)

# Rows derived from each happening's JSON, written and deleted with it.
HAPPENING_SIDE_TABLES = (happening_places, happening_entities, happening_stances, happening_filter_keys)

# Per-document output tables of each Analysis field a stage produces: what a re-run replaces.
# (Entities are shared across documents: they are merged, never deleted by a re-run.)
FIELD_TABLES: dict[str, tuple[Table, ...]] = {
    "mentions": (mentions,),
    "entities": (),
    "toponyms": (toponyms,),
    "timexes": (timexes,),
    "events": (claims, events),  # claims first: they reference events
}
