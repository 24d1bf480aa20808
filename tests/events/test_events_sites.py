"""One event per site: presence timelines are actor × site, so a list of bases is a list of events."""

from __future__ import annotations

from garrison.events import stage
from garrison.model import Document, Toponym

from .helpers import analysis

_BASES = {
    "al-Khadim": (31.99, 21.19, "airbase"),
    "al-Jufra": (29.17, 16.0, "airbase"),
    "Ghardabiya": (31.06, 16.70, "airbase"),
    "Brak al-Shati": (27.55, 14.27, "airbase"),
}


def run(a, language: str | None = None):
    if language:
        a.document = Document(text=a.document.text, outlet=a.document.outlet, published=a.document.published,
                              language=language)
    return stage.run([a])[0].events


def located(events, event_type):
    return [e.location.name if e.location else None for e in events if e.type == event_type]


def test_access_to_a_list_of_bases_is_one_presence_event_per_base():
    text = ("Under the draft accord, Moscow would gain access to the bases of al-Khadim, al-Jufra, Ghardabiya "
            "and Brak al-Shati, two Libyan officers said.")
    events = run(analysis(text, mentions={"Moscow": "GPE", **{k: "FACILITY" for k in _BASES}}, places=_BASES))
    presence = [e for e in events if e.type == "BASE_PRESENCE"]
    assert [e.location.name for e in presence] == list(_BASES)
    assert len({e.id for e in presence}) == 4, "ids differ by site"
    first = presence[0]
    for event in presence[1:]:
        assert event.claims[0].evidence == first.claims[0].evidence
        assert event.claims[0].stance == first.claims[0].stance
        assert event.claims[0].source_chain == first.claims[0].source_chain
        assert event.claims[0].event_id == event.id and event.claims[0].id != first.claims[0].id
        assert event.actors == first.actors
    assert presence[2].attributes["location_text"] == "Ghardabiya"
    assert "_coordinated_sites" not in first.attributes


def test_site_events_are_deterministic():
    text = "Russian forces now fly out of the al-Khadim, al-Jufra and Ghardabiya air bases."
    places = {k: v for k, v in _BASES.items() if k != "Brak al-Shati"}

    def ids():
        return [e.id for e in run(analysis(text, mentions={"Russian": "NORP", **{k: "FACILITY" for k in places}},
                                           places=places))]

    assert ids() == ids()


def test_names_compounded_on_one_noun_are_distributed_too():
    text = "Russian transport aircraft use the al-Khadim and Ghardabiya air bases as stopovers."
    places = {k: _BASES[k] for k in ("al-Khadim", "Ghardabiya")}
    events = run(analysis(text, mentions={"Russian": "NORP", "al-Khadim": "FACILITY", "Ghardabiya": "FACILITY"},
                          places=places))
    assert sorted(located(events, "BASE_PRESENCE")) == ["Ghardabiya", "al-Khadim"]


def test_unresolved_sites_still_get_distinct_ids():
    text = "Satellite images show new hangars being built at Wadi Sirt and Qasr Tarhuna."
    a = analysis(text, mentions={"Wadi Sirt": "FACILITY", "Qasr Tarhuna": "FACILITY"})
    # names the places stage kept without resolving them: where, but no coordinates
    a.toponyms = [Toponym(a.document.id, m.start, m.end, m.text, mention_label="FACILITY") for m in a.mentions]
    events = run(a)
    built = [e for e in events if e.type == "CONSTRUCTION"]
    assert [e.attributes["location_text"] for e in built] == ["Wadi Sirt", "Qasr Tarhuna"]
    assert len({e.id for e in built}) == 2


def test_countries_named_as_the_purpose_are_not_distributed():
    text = "Russian instructors were deployed for operations in Mali and Burkina Faso."
    events = run(analysis(text, mentions={"Russian": "NORP", "Mali": "GPE", "Burkina Faso": "GPE"},
                          places={"Mali": (17.0, -4.0, "country"), "Burkina Faso": (12.3, -1.5, "country")}))
    assert len([e for e in events if e.type == "DEPLOY"]) == 1


_OASES = {"Ubari": (26.59, 12.78, "city"), "Ghat": (24.96, 10.17, "city")}


def test_a_list_of_towns_inside_a_purpose_phrase_is_not_distributed():
    text = "Moscow deployed fighters to support the garrisons of Ubari and Ghat."
    events = run(analysis(text, mentions={"Moscow": "GPE", "Ubari": "GPE", "Ghat": "GPE"}, places=_OASES))
    assert len([e for e in events if e.type == "DEPLOY"]) == 1


def test_a_deployment_to_two_towns_is_one_event_per_destination():
    text = "Wagner fighters were deployed to Ubari and Ghat in the spring."
    events = [e for e in run(analysis(text, mentions={"Wagner": "ARMED_GROUP", "Ubari": "GPE", "Ghat": "GPE"},
                                      places=_OASES)) if e.type == "DEPLOY"]
    assert [(e.location.name, e.destination.name) for e in events] == [("Ubari", "Ubari"), ("Ghat", "Ghat")]


def test_regions_are_not_sites():
    text = "Russian aircraft struck targets in the regions of Tripolitania and Fezzan."
    a = analysis(text, mentions={"Russian": "NORP", "Tripolitania": "LOC", "Fezzan": "LOC"},
                 places={"Tripolitania": (32.0, 13.0, "region"), "Fezzan": (26.0, 14.0, "region")})
    for toponym in a.toponyms:
        toponym.place.precision = 3  # a region centroid
    events = run(a)
    assert len([e for e in events if e.type == "ASSAULT"]) == 1


def test_french_list_of_bases_with_repeated_prepositions():
    text = "Selon des sources libyennes, la Russie aurait accès aux bases d'Al-Khadim, d'Al-Joufra et de Ghardabiya."
    places = {"Al-Khadim": _BASES["al-Khadim"], "Al-Joufra": _BASES["al-Jufra"], "Ghardabiya": _BASES["Ghardabiya"]}
    events = run(analysis(text, mentions={"Russie": "GPE", **{k: "FACILITY" for k in places}}, places=places),
                 language="fr")
    assert located(events, "BASE_PRESENCE") == ["Al-Khadim", "Al-Joufra", "Ghardabiya"]


def test_the_subject_site_wins_over_the_place_the_hub_serves():
    text = "The Maaten al-Sarra air base is expected to become a logistics hub for Russian operations in Niger."
    events = run(analysis(text, mentions={"Maaten al-Sarra": "FACILITY", "Russian": "NORP", "Niger": "GPE"},
                          places={"Maaten al-Sarra": (21.68, 21.85, "airbase"), "Niger": (17.6, 8.08, "country")}))
    assert located(events, "BASE_PRESENCE") == ["Maaten al-Sarra"]


def test_a_site_serving_as_a_staging_post_is_located_at_the_site():
    text = "Brak al-Shati now serves as a staging post for Russian flights towards Bamako."
    events = run(analysis(text, mentions={"Brak al-Shati": "FACILITY", "Russian": "NORP", "Bamako": "GPE"},
                          places={"Brak al-Shati": _BASES["Brak al-Shati"], "Bamako": (12.65, -8.0, "city")}))
    assert located(events, "BASE_PRESENCE") == ["Brak al-Shati"]


def test_a_supply_hub_serving_countries_is_one_event_at_the_subject_site():
    text = "Brak al-Shati could soon become a supply hub for the Sahel, serving Niger and Chad."
    events = run(analysis(text, mentions={"Brak al-Shati": "FACILITY", "Niger": "GPE", "Chad": "GPE"},
                          places={"Brak al-Shati": _BASES["Brak al-Shati"], "Niger": (17.6, 8.08, "country"),
                                  "Chad": (15.0, 19.0, "country")}))
    assert located(events, "BASE_PRESENCE") == ["Brak al-Shati"]
