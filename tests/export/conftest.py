"""Records a reader would find in a store: two outlets, a denial, a cited source chain, a presence."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.model import (Analysis, Claim, Document, Entity, Event, Evidence, Label, Place, Precision, Presence,
                            Stance, TimeSpan)

KHADIM = Place("icao:HL59", "al-Khadim Air Base", 31.998, 21.19, "airbase", "LY", admin1="Cyrenaica", precision=1)
BAMAKO = Place("geonames:2460596", "Bamako", 12.65, -8.0, "city", "ML", precision=2)
JUNE = TimeSpan(date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH, "2024-06")
JAN_17 = TimeSpan(date(2025, 1, 17), date(2025, 1, 17), Precision.DAY, "2025-01-17")

ENTITIES = [
    Entity(Label.ARMED_GROUP, "Africa Corps", "armed_group:africa-corps", ["Afrika Korps"], {"origin_country": "RU"}),
    Entity(Label.MIL_UNIT, "Malian Armed Forces", "mil_unit:malian-armed-forces", ["FAMa"], {"country": "ML"}),
    Entity(Label.GPE, "United States", "gpe:united-states", [], {"country": "US"}),
    Entity(Label.EQUIPMENT, "Il-76", "equipment:il-76", ["Ilyushin Il-76"], {}),
    Entity(Label.EQUIPMENT, "T-72B3", "equipment:t-72b3", [], {}),
]

DOCUMENTS = [
    Document("A drone hit an Il-76 at al-Khadim. AFRICOM denied any role.", id="doc-rfi", title="Drone strike & denial",
             url="https://example.org/rfi", outlet="RFI", published=date(2024, 11, 22), language="fr"),
    Document("Tanks were paraded in Bamako on January 17, 2025.", id="doc-mw", title="Armour <parade> in Bamako",
             url="https://example.org/mw", outlet="Military Africa", published=date(2025, 1, 19), language="en"),
]


def make_events() -> list[Event]:
    strike = Event("ASSAULT", "doc-rfi", "air/drone strike", "hit", actors=["gpe:united-states"],
                   targets=["armed_group:africa-corps"], materiel=["equipment:il-76"], location=KHADIM, time=JUNE,
                   fatalities=2, claims=[
                       Claim("", "doc-rfi", [Evidence(0, 34, "A drone hit an Il-76 at al-Khadim.")], "RFI",
                             ["RFI", "Libyan sources"], stance=Stance.REPORTED),
                       Claim("", "doc-rfi", [Evidence(35, 60, "AFRICOM denied any role.")], "RFI", ["RFI", "AFRICOM"],
                             stance=Stance.DENIED),
                   ])
    parade = Event("TRANSFER", "doc-mw", "delivery", "paraded", actors=["mil_unit:malian-armed-forces"],
                   materiel=["equipment:t-72b3"], location=BAMAKO, time=JAN_17, claims=[
                       Claim("", "doc-mw", [Evidence(0, 50, "Tanks were paraded in Bamako on January 17, 2025.")],
                             "Military Africa", ["Military Africa"], stance=Stance.ASSERTED)])
    unplaced = Event("ORG_CHANGE", "doc-mw", "change to group/activity", "became",
                     actors=["armed_group:africa-corps"], time=JAN_17, time_from_dct=True, claims=[
                         Claim("", "doc-mw", [Evidence(0, 20, "Wagner became Africa Corps.")], "Military Africa",
                               ["Military Africa"], stance=Stance.SPECULATED)])
    return [strike, parade, unplaced]


def make_presences() -> list[Presence]:
    return [Presence("armed_group:africa-corps", KHADIM, date(2024, 1, 10), date(2024, 6, 30), ["equipment:il-76"],
                     reports=3, attributes={"tentative": False}),
            Presence("mil_unit:malian-armed-forces", BAMAKO, date(2025, 1, 17), date(2025, 1, 17),
                     ["equipment:t-72b3"], reports=1)]


def lookups():
    from garrison.export import Lookups

    by_id = {e.id: e for e in ENTITIES}
    docs = {d.id: d for d in DOCUMENTS}
    return Lookups(entity=by_id.get, document=docs.get)


@pytest.fixture
def events() -> list[Event]:
    return make_events()


@pytest.fixture
def presences() -> list[Presence]:
    return make_presences()


def fill_store(store) -> None:
    """Documents, entities, events and fusion outputs saved through the store's own writers."""
    store.add_documents([(d, None) for d in DOCUMENTS])
    events = make_events()
    analyses = [Analysis(d, entities=list(ENTITIES), events=[e for e in events if e.document_id == d.id])
                for d in DOCUMENTS]
    store.save_stage("entities", ("entities",), analyses, 0.0)
    store.save_stage("events", ("events",), analyses, 0.0)
    store.replace_fusion([], make_presences())


@pytest.fixture
def filled_store(tmp_path):
    from garrison.store import Store

    store = Store(f"sqlite:///{tmp_path / 'export.db'}")
    fill_store(store)
    yield store
    store.close()
