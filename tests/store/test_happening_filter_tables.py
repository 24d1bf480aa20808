"""The side tables the happening and presence filters read (migration 0006) on SQLite and PostgreSQL: they agree
with the happenings' JSON after every fusion refresh, older stores get them filled by the migration, and a filter
through them returns exactly the rows a scan of every happening's JSON returns."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from sqlalchemy import select

from garrison.eval.synthetic import events_corpus
from garrison.fusion import fuse, presence
from garrison.model import Happening, Place, Presence, Stance
from garrison.store import Store
from garrison.store import rows as rowmap
from garrison.store import schema as t
from garrison.store.engine import MIGRATIONS, make_engine
from garrison.store.queries import HappeningFilter, iter_all

UNDATED = date(9999, 12, 31)
KYIV = Place("geonames:703448", "Kyiv", 50.45, 30.52, "city", "UA", precision=2)
URUMQI = Place("geonames:1529102", "Ürümqi", 43.8, 87.6, "city", "CN", precision=2)


def corpus(n_events: int, seed: int) -> tuple[list[Happening], list[Presence]]:
    """Fused synthetic reports, with what the generator lacks: origins and destinations, mixed-case and accented
    names, a stance key in capitals, undated happenings, and background happenings and presences."""
    events, documents, _gold = events_corpus(n_events, seed=seed)
    happenings = fuse(events, documents)
    for i, h in enumerate(happenings):
        if i % 7 == 0:
            h.attributes["background"] = True
        if i % 11 == 0:
            h.origin, h.destination = URUMQI, KYIV
        if i % 13 == 0:
            h.actors = [*h.actors, "armed_group:Wagner-Ärzte"]
        if i % 17 == 0:
            h.stances = {**h.stances, "DENIED": 1}
        if i % 19 == 0:  # undated: listed last
            h.time = None
    presences = presence(happenings, events, documents)
    for i, p in enumerate(presences):
        if i % 5 == 0:
            p.attributes["background"] = True
    return happenings, presences


def expected_side_rows(happenings: list[Happening]) -> dict[str, set[tuple]]:
    """What the side tables must hold, spelt out from the records (not from the store's own row function)."""
    places, entities, stances = set(), set(), set()
    for h in happenings:
        at = h.time.start if h.time else UNDATED
        for role, place in (("location", h.location), ("origin", h.origin), ("destination", h.destination)):
            if place is not None:
                places.add((h.id, role, place.id, place.name.casefold(), (place.country or "").casefold(), at))
        for role, ids in (("actor", h.actors), ("target", h.targets), ("materiel", h.materiel)):
            entities.update((h.id, role, i.casefold(), at) for i in ids)
        folded: dict[str, int] = {}
        for stance, n in h.stances.items():
            if n:
                folded[stance.lower()] = folded.get(stance.lower(), 0) + n
        stances.update((h.id, k, v, at) for k, v in folded.items())
    keys = {("entity", e[2]) for e in entities} | {("place", p[3]) for p in places}
    return {"places": places, "entities": entities, "stances": stances, "keys": keys}


def stored_side_rows(store: Store) -> dict[str, list[tuple]]:
    """The side tables as lists (duplicates would show)."""
    with store.engine.connect() as c:
        hp, he, hs, hk = (t.happening_places.c, t.happening_entities.c, t.happening_stances.c,
                          t.happening_filter_keys.c)
        return {
            "places": [tuple(r) for r in c.execute(select(hp.happening_id, hp.role, hp.place_id, hp.name_key,
                                                          hp.country_key, hp.sort_date))],
            "entities": [tuple(r) for r in c.execute(select(he.happening_id, he.role, he.entity_key, he.sort_date))],
            "stances": [tuple(r) for r in c.execute(select(hs.happening_id, hs.stance, hs.claims, hs.sort_date))],
            "keys": [tuple(r) for r in c.execute(select(hk.kind, hk.key))],
        }


def assert_side_tables_agree(store: Store, happenings: list[Happening]) -> None:
    stored = stored_side_rows(store)
    expected = expected_side_rows(happenings)
    for name, rows in stored.items():
        assert len(rows) == len(set(rows)), f"{name}: duplicated rows"
        assert set(rows) == expected[name], f"{name}: differs from the happenings"
    with store.engine.connect() as c:
        flags = dict(c.execute(select(t.happenings.c.id, t.happenings.c.background)).all())
        presence_keys = {r.id: (r.actor_key, r.place_key, r.country_key, r.background) for r in c.execute(
            select(t.presences.c.id, t.presences.c.actor_key, t.presences.c.place_key, t.presences.c.country_key,
                   t.presences.c.background))}
    assert flags == {h.id: bool(h.attributes.get("background")) for h in happenings}
    with store.engine.connect() as c:
        compact = {r.id: json.loads(r.compact) if isinstance(r.compact, str) else r.compact
                   for r in c.execute(select(t.happenings.c.id, t.happenings.c.compact))}
    for h in happenings:  # the whole record but what the compact form leaves out
        whole = h.to_dict()
        assert compact[h.id]["actors"] == whole["actors"] and compact[h.id]["stances"] == whole["stances"]
        assert compact[h.id]["origin"] == ({k: v for k, v in whole["origin"].items() if k not in ("admin1", "geonameid")}
                                           if whole["origin"] else None)
        assert compact[h.id]["attributes"] == {k: v for k, v in whole["attributes"].items()
                                               if k in ("background", "time_from_dct")}
        assert "event_ids" not in compact[h.id]
    return presence_keys


# -- the exact semantics of each filter, over every happening's JSON (what the API did before 0006) -------------

def reference(store: Store, f: HappeningFilter) -> list[str]:
    with store.engine.connect() as c:
        every = [json.loads(r) if isinstance(r, str) else r for r in c.execute(select(t.happenings.c.data)).scalars()]

    def admits(h: dict) -> bool:
        time = h.get("time")
        loc = h.get("location")
        if h["reports"] < f.min_reports:
            return False
        if f.type and h["type"] not in [x.upper() for x in f.type]:
            return False
        if f.since and not (time and date.fromisoformat(time["end"]) >= f.since):
            return False
        if f.until and not (time and date.fromisoformat(time["start"]) <= f.until):
            return False
        if f.contested is not None and h["contradicted"] != f.contested:
            return False
        if f.bbox:
            south, west, north, east = f.bbox
            if not (loc and south <= loc["lat"] <= north and west <= loc["lon"] <= east):
                return False
        if f.actor and not any(f.actor.casefold() in i.casefold()
                               for i in (*h["actors"], *h["targets"], *h["materiel"])):
            return False
        if f.place and not any(p and (f.place.casefold() in p["name"].casefold()
                                      or f.place.casefold() == (p.get("country") or "").casefold())
                               for p in (h.get("location"), h.get("origin"), h.get("destination"))):
            return False
        if f.stance and not h["stances"].get(f.stance.lower()):
            return False
        return f.include_background or not (h.get("attributes") or {}).get("background")

    kept = [h for h in every if admits(h)]
    kept.sort(key=lambda h: (h["time"]["start"] if h.get("time") else UNDATED.isoformat(), h["id"]))
    return [h["id"] for h in kept]


def paged(store: Store, f: HappeningFilter, limit: int) -> list[str]:
    return [h.id for h in iter_all(lambda cursor: store.queries.happenings_page(f, limit=limit, cursor=cursor))]


def filters(happenings: list[Happening]) -> list[HappeningFilter]:
    some_actor = happenings[3].actors[0]
    some_country = happenings[5].location.country
    return [
        HappeningFilter(),
        HappeningFilter(include_background=True),
        HappeningFilter(actor=some_actor),
        HappeningFilter(actor=some_actor.split(":")[1].upper()),  # a part of the id, in other case
        HappeningFilter(actor="force-1"),  # a prefix of many ids
        HappeningFilter(actor="wagner-ärzte", include_background=True),
        HappeningFilter(actor="WAGNER-ÄRZTE"),
        HappeningFilter(actor="system-"),  # materiel counts as an actor filter match
        HappeningFilter(actor="no-such-unit"),
        HappeningFilter(actor="%"),  # LIKE's wildcards are text here
        HappeningFilter(actor="_"),
        HappeningFilter(place=some_country),
        HappeningFilter(place=some_country.lower(), include_background=True),
        HappeningFilter(place="ürüm"),
        HappeningFilter(place="KYIV"),
        HappeningFilter(place="site"),
        HappeningFilter(place="nowhere at all"),
        HappeningFilter(stance="denied"),
        HappeningFilter(stance="Reported", include_background=True),
        HappeningFilter(stance=Stance.SPECULATED.value),
        HappeningFilter(actor="force-1", place=some_country, stance="reported"),
        HappeningFilter(type=["DEPLOY", "assault"], actor="force", min_reports=2),
        HappeningFilter(since=date(2022, 6, 1), until=date(2023, 1, 31), place="site", contested=False),
        HappeningFilter(contested=True, actor="force-2"),
        HappeningFilter(bbox=(-30.0, -30.0, 30.0, 30.0), actor="force"),
    ]


@pytest.fixture
def store(store_url):
    s = Store(store_url)
    yield s
    s.close()


@pytest.fixture(scope="module")
def fused():
    return corpus(600, seed=5), corpus(500, seed=9)


def test_side_tables_agree_with_the_json_after_refreshes_and_a_reset(store, fused):
    (first, first_presences), (second, second_presences) = fused
    store.replace_fusion(first, first_presences)
    assert_side_tables_agree(store, first)
    store.replace_fusion(first, first_presences)  # the same refresh again: nothing doubles
    assert_side_tables_agree(store, first)
    # A rerun over changed reports: happenings vanish, appear and change their places, actors and stances.
    changed = [dataclasses.replace(h, actors=h.actors[::-1][:1], stances={"asserted": 1}, origin=None)
               if i % 3 == 0 else h for i, h in enumerate(first[:200])] + second
    store.replace_fusion(changed, second_presences)
    presence_keys = assert_side_tables_agree(store, changed)
    assert presence_keys == {p.id: (p.actor.casefold(), p.place.name.casefold(), (p.place.country or "").casefold(),
                                    bool(p.attributes.get("background"))) for p in second_presences}
    store.replace_fusion([], [])  # a reset: no happening, no side row
    assert all(rows == [] for rows in stored_side_rows(store).values())


def test_a_filter_through_the_side_tables_returns_what_the_json_scan_returns(store, fused):
    (happenings, presences), _ = fused
    store.replace_fusion(happenings, presences)
    cases = filters(happenings)
    for f in cases:  # pages of 1, 7 and 1000: the side table's matches are read a chunk at a time
        expected = reference(store, f)
        assert paged(store, f, limit=7) == expected, f
        assert paged(store, f, limit=1000) == expected, f
        compact = iter_all(lambda cursor, f=f: store.queries.happenings_page(f, limit=500, cursor=cursor,
                                                                             compact=True))
        assert [h["id"] for h in compact] == expected, f
    for f in cases[2:6] + cases[11:13] + cases[17:18] + cases[20:21]:
        assert paged(store, f, limit=1) == reference(store, f), f
    # The filters are not vacuous: each of these selects some happenings and leaves others out.
    for f in cases[2:8] + cases[11:16] + cases[17:19]:
        assert 0 < len(reference(store, f)) < len(happenings), f


def test_presence_filters_through_their_columns_match_the_json(store, fused):
    (happenings, presences), _ = fused
    store.replace_fusion(happenings, presences)
    some = presences[4]

    def expected(actor=None, place=None, include_background=False):
        kept = [p for p in presences
                if (not actor or actor.casefold() in p.actor.casefold())
                and (not place or place.casefold() in p.place.name.casefold()
                     or place.casefold() == (p.place.country or "").casefold())
                and (include_background or not p.attributes.get("background"))]
        return sorted(p.id for p in kept)

    for args in ({}, {"include_background": True}, {"actor": some.actor.split(":")[1].upper()},
                 {"place": some.place.country}, {"place": some.place.name.upper(), "include_background": True},
                 {"actor": "force-1", "place": "site"}, {"actor": "WAGNER-ÄRZTE"}, {"place": "%"}):
        found = list(iter_all(lambda cursor, args=args: store.queries.presences_page(limit=9, cursor=cursor, **args)))
        assert sorted(p.id for p in found) == expected(**args), args
        assert len(found) == len({p.id for p in found})


def test_the_migration_fills_the_side_tables_of_an_older_store(store_url, fused):
    """A store written at revision 0005 (happenings and presences without the new columns) gets its side
    tables and flags from the JSON when it is opened, and filters through them at once."""
    from alembic import command
    from alembic.config import Config

    (happenings, presences), _ = fused
    engine = make_engine(store_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0005")
    new_happening_columns, new_presence_columns = {"background", "compact"}, {"actor_key", "place_key", "country_key", "background"}
    with engine.begin() as c:
        # Rows without the new columns, as revision 0005 wrote them.
        c.execute(t.happenings.insert(), [{k: v for k, v in rowmap.happening_row(h).items()
                                           if k not in new_happening_columns} for h in happenings])
        c.execute(t.presences.insert(), [{k: v for k, v in rowmap.presence_row(p).items()
                                          if k not in new_presence_columns} for p in presences])
    engine.dispose()

    store = Store(store_url)  # opening migrates to the newest revision
    try:
        presence_keys = assert_side_tables_agree(store, happenings)
        assert presence_keys == {p.id: (p.actor.casefold(), p.place.name.casefold(), (p.place.country or "").casefold(),
                                        bool(p.attributes.get("background"))) for p in presences}
        for f in filters(happenings)[:12]:
            assert paged(store, f, limit=50) == reference(store, f), f
    finally:
        store.close()


def test_the_migration_goes_down_and_up_again_keeping_the_sort_index(store_url, fused):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    (happenings, presences), _ = fused
    store = Store(store_url)
    store.replace_fusion(happenings[:50], presences[:20])
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))

    def to(revision: str, way) -> None:
        with store.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            way(cfg, revision)

    def sort_index_exists() -> bool:
        query = ("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ix_happenings_sort'"
                 if store.engine.dialect.name == "sqlite" else
                 "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_happenings_sort'")
        with store.engine.connect() as c:
            return c.execute(text(query)).first() is not None

    try:
        to("0005", command.downgrade)
        inspector = inspect(store.engine)
        assert not {"happening_places", "happening_entities", "happening_stances",
                    "happening_filter_keys"} & set(inspector.get_table_names())
        assert "background" not in {c["name"] for c in inspector.get_columns("happenings")}
        assert sort_index_exists()
        to("head", command.upgrade)  # filled again from the JSON, as for any older store
        assert sort_index_exists()
        assert_side_tables_agree(store, happenings[:50])
    finally:
        store.close()
