"""Lists of sites, materiel and roles: one test per rule, on our own English and French sentences.

The mentions and places are given by hand (what the entities and places stages would have found); the
parse is the real spaCy one.  One test runs the real places recogniser over text pasted with brackets.
"""

from __future__ import annotations

from garrison import nlp
from garrison.events import stage
from garrison.model import Document
from garrison.places import gazetteer
from garrison.places.gazetteer_sources import Row
from garrison.places.recognise import recognise

from .helpers import analysis

_AIRFIELDS = {
    "al-Khadim": (31.99, 21.19, "airbase"),
    "al-Jufra": (29.17, 16.0, "airbase"),
    "Ghardabiya": (31.06, 16.70, "airbase"),
    "Brak al-Shati": (27.55, 14.27, "airbase"),
}
_FR_AIRFIELDS = {
    "al-Khadim": (31.99, 21.19, "airbase"),
    "al-Joufra": (29.17, 16.0, "airbase"),
    "Ghardabiya": (31.06, 16.70, "airbase"),
    "Brak al-Chati": (27.55, 14.27, "airbase"),
}
_TOWN = "city"


def run(a, language: str | None = None):
    if language:
        a.document = Document(text=a.document.text, outlet=a.document.outlet, published=a.document.published,
                              language=language)
    return stage.run([a])[0].events


def of_type(events, event_type):
    return [e for e in events if e.type == event_type]


def located(events, event_type):
    return [e.attributes.get("location_text") for e in of_type(events, event_type)]


def facilities(places):
    return {name: "FACILITY" for name in places}


# ---------------------------------------------------------------------------
# lists


def test_a_list_pasted_with_bracketed_notes_and_no_spaces_is_one_event_per_site():
    text = ("Under the deal, Russian aircraft would have access to the bases of al-Khadim [east]of al-Jufra "
            "[centre]of Ghardabiya [near Sirte] and Brak al-Shati [south].")
    places = {**_AIRFIELDS, "Sirte": (31.2, 16.59, _TOWN)}
    events = run(analysis(text, mentions={"Russian": "NORP", **facilities(places)}, places=places))
    assert located(events, "BASE_PRESENCE") == list(_AIRFIELDS)
    assert of_type(events, "BASE_PRESENCE")[0].attributes["coordinated_sites"] == list(_AIRFIELDS)


def test_a_french_list_with_elided_articles_glued_to_the_notes_is_one_event_per_site():
    text = ("Selon le projet d'accord, la Russie aurait accès aux bases d’al-Khadim [est]d’al-Joufra [centre]de "
            "Ghardabiya [près de Syrte] et de Brak al-Chati [sud].")
    places = {**_FR_AIRFIELDS, "Syrte": (31.2, 16.59, _TOWN)}
    events = run(analysis(text, mentions={"Russie": "GPE", **facilities(places)}, places=places), language="fr")
    assert located(events, "BASE_PRESENCE") == list(_FR_AIRFIELDS)


def test_a_name_in_a_note_glosses_the_name_before_it_and_is_not_a_site():
    text = "Russian instructors have deployed to the camps of Tessalit (near Kidal), Ber and Boni."
    places = {"Tessalit": (20.2, 1.01, _TOWN), "Kidal": (18.44, 1.41, _TOWN), "Ber": (16.23, -3.38, _TOWN),
              "Boni": (15.06, -1.93, _TOWN)}
    events = run(analysis(text, mentions={"Russian": "NORP", **{k: "GPE" for k in places}}, places=places))
    # deployed to camps: a presence at each site (garrison/events/conventions.py)
    assert located(events, "BASE_PRESENCE") == ["Tessalit", "Ber", "Boni"]


def test_a_site_and_the_town_a_note_places_it_by_are_not_a_list():
    text = "Russian aircraft now have access to the base of al-Khadim [east] of Benghazi, two officers said."
    places = {"al-Khadim": _AIRFIELDS["al-Khadim"], "Benghazi": (32.12, 20.07, _TOWN)}
    events = run(analysis(text, mentions={"Russian": "NORP", "al-Khadim": "FACILITY", "Benghazi": "GPE"},
                          places=places))
    presence = of_type(events, "BASE_PRESENCE")
    assert [e.attributes.get("location_text") for e in presence] == ["al-Khadim"]
    assert "coordinated_sites" not in presence[0].attributes


def test_a_list_continued_in_the_next_sentence_gives_the_added_site_its_own_event_and_claim():
    text = ("Under the draft, Russia would gain access to the bases of al-Khadim, al-Jufra and Ghardabiya. "
            "According to Libya Review, a fourth was recently added to this list: that of Maaten al-Sarra, "
            "near the border with Chad.")
    places = {**{k: _AIRFIELDS[k] for k in ("al-Khadim", "al-Jufra", "Ghardabiya")},
              "Maaten al-Sarra": (21.69, 21.83, "airbase"), "Chad": (15.0, 19.0, "country")}
    events = run(analysis(text, mentions={"Russia": "GPE", "Libya Review": "ORG", **facilities(places)},
                          places=places))
    presence = of_type(events, "BASE_PRESENCE")
    assert [e.attributes["location_text"] for e in presence] == ["al-Khadim", "al-Jufra", "Ghardabiya",
                                                                  "Maaten al-Sarra"]
    added = presence[-1]
    second = text.index("According")
    assert added.claims[0].evidence[0].start == second, "the sentence that names the site is the evidence"
    assert added.claims[0].evidence[1].start == 0, "then the list it adds to"
    assert "Libya Review" in added.claims[0].source_chain
    assert not presence[0].claims[0].source_chain, "the list itself is the outlet's own statement"
    assert added.actors == presence[0].actors
    assert added.attributes["coordinated_sites"][-1] == "Maaten al-Sarra"
    assert len({e.id for e in presence}) == 4


def test_another_continues_a_french_list():
    text = ("La Russie aurait accès aux bases d’al-Khadim, d’al-Joufra et de Ghardabiya. Une autre est "
            "celle de Maaten al-Sarra, près de la frontière avec le Tchad.")
    places = {**{k: _FR_AIRFIELDS[k] for k in ("al-Khadim", "al-Joufra", "Ghardabiya")},
              "Maaten al-Sarra": (21.69, 21.83, "airbase"), "Tchad": (15.0, 19.0, "country")}
    events = run(analysis(text, mentions={"Russie": "GPE", **facilities(places)}, places=places), language="fr")
    sites = [e.attributes.get("location_text") for e in events if e.attributes.get("coordinated_sites")]
    assert sites[-1] == "Maaten al-Sarra" and "Tchad" not in sites


def test_a_next_sentence_that_does_not_add_to_the_list_gives_no_site_event():
    text = ("Under the draft, Russia would gain access to the bases of al-Khadim, al-Jufra and Ghardabiya. "
            "A fifth of the runway at Maaten al-Sarra was resurfaced last year.")
    places = {**{k: _AIRFIELDS[k] for k in ("al-Khadim", "al-Jufra", "Ghardabiya")},
              "Maaten al-Sarra": (21.69, 21.83, "airbase")}
    events = run(analysis(text, mentions={"Russia": "GPE", **facilities(places)}, places=places))
    assert "Maaten al-Sarra" not in located(events, "BASE_PRESENCE")


def test_the_places_stage_finds_names_glued_to_brackets_and_elided_articles(tmp_path):
    """Also after an elided article glued to a lower-case name article ("d’al-Joufra")."""
    rows = [Row(id=f"test:{i}", name=name, lat=lat, lon=lon, feature="airbase", country="LY", importance=3.0)
            for i, (name, (lat, lon, _)) in enumerate(_FR_AIRFIELDS.items())]
    path = tmp_path / "tiny.sqlite"
    gazetteer.build(path, rows=rows, demonyms=[], abbreviations=[])
    text = "La Russie aurait accès aux bases d’al-Khadim [est]d’al-Joufra [centre]de Ghardabiya et Brak al-Chati [sud]."
    found = [span.text for span in recognise(text, [], gazetteer.Gazetteer(path))]
    assert found == list(_FR_AIRFIELDS)


def test_the_tokenizer_splits_brackets_and_a_note_never_ends_the_sentence():
    # the models alone end the first sentence at "[FLA]", and glue "[est]d’al-Joufra" and "Fezzan]." into
    # tokens, which runs the French list into the next sentence
    text = ("Two columns were ambushed by fighters of the Azawad Liberation Front [FLA] and by the jihadists of the "
            "Support Group for Islam [JNIM, lié à al-Qaïda] last week. The army said nothing.")
    doc = nlp.load("en")(text)
    assert [s.text for s in doc.sents] == [text[:text.index(" The army")], "The army said nothing."]
    french = ("La Russie aurait accès aux bases d’al-Khadim [est]d’al-Joufra [centre]de Ghardabiya [près de Syrte] "
              "et de Brak al-Chati [Fezzan]. Selon une agence italienne, une cinquième a été ajoutée.")
    doc = nlp.load("fr")(french)
    words = [t.text for t in doc]
    at = words.index("est")
    assert words[at - 1: at + 3] == ["[", "est", "]", "d’"] and words[words.index("Fezzan") + 1] == "]"
    assert [s.text for s in doc.sents] == [french[:french.index(" Selon")], french[french.index("Selon"):]]


def test_a_stray_full_stop_before_lower_case_or_a_note_does_not_end_the_sentence():
    # text pasted from the web keeps full stops where a link was cut; the fragment after one is no sentence
    cut = "The minister said the army might lose its naval port. of Latakia and the airfield near it."
    glossed = "Rebels now hold the valley, a monitor said. [or « the Front »]. Which surprised nobody."
    plain = "The convoy left at dawn. It reached the border by noon. iPhone sales rose."
    assert [s.text for s in nlp.load("en")(cut).sents] == [cut]
    assert [s.text for s in nlp.load("en")(glossed).sents] == [glossed[:glossed.index(" Which")], "Which surprised nobody."]
    assert [s.text for s in nlp.load("en")(plain).sents] == [
        "The convoy left at dawn.", "It reached the border by noon.", "iPhone sales rose."]


def test_coordinated_passive_agents_across_a_bracketed_note_are_all_actors():
    text = ("Two army columns were ambushed by fighters of the Azawad Liberation Front [FLA] and by the jihadists of "
            "the Support Group for Islam [JNIM, lié à al-Qaïda] near Léré last week.")
    mentions = {"army columns": "MIL_UNIT", "Azawad Liberation Front": "ARMED_GROUP",
                "Support Group for Islam": "ARMED_GROUP", "Léré": "GPE"}
    events = run(analysis(text, mentions=mentions, places={"Léré": (15.72, -4.91, _TOWN)}))
    ambush = events[0]
    assert set(_names(ambush, "actor")) == {"Azawad Liberation Front", "Support Group for Islam"}
    assert _names(ambush, "target") == ["army columns"]


# ---------------------------------------------------------------------------
# materiel


def test_equipment_including_a_list_is_the_events_materiel():
    text = "Moscow announced the delivery of new equipment to Bamako, including T-72 tanks and BMP-3 vehicles."
    events = run(analysis(text, mentions={"Moscow": "GPE", "Bamako": "GPE", "T-72 tanks": "EQUIPMENT",
                                          "BMP-3 vehicles": "EQUIPMENT"},
                          places={"Bamako": (12.65, -8.0, _TOWN)}))
    transfer = of_type(events, "TRANSFER")[0]
    assert transfer.attributes["materiel_names"] == ["T-72 tanks", "BMP-3 vehicles"]


def test_materiel_among_them_hangs_on_the_verb():
    text = "Russia sent dozens of armoured vehicles to Mali last week, among them T-72 tanks and BTR-82A carriers."
    events = run(analysis(text, mentions={"Russia": "GPE", "Mali": "GPE", "armoured vehicles": "EQUIPMENT",
                                          "T-72 tanks": "EQUIPMENT", "BTR-82A carriers": "EQUIPMENT"},
                          places={"Mali": (17.0, -4.0, "country")}))
    assert {"T-72 tanks", "BTR-82A carriers"} <= set(events[0].attributes["materiel_names"])


def test_a_list_after_a_colon_is_the_events_materiel():
    text = "Russia delivered new hardware to the Malian army in Bamako: T-72 tanks, BTR-82A carriers and BMP-3 vehicles."
    mentions = {"Russia": "GPE", "the Malian army": "MIL_UNIT", "Bamako": "GPE", "T-72 tanks": "EQUIPMENT",
                "BTR-82A carriers": "EQUIPMENT", "BMP-3 vehicles": "EQUIPMENT"}
    events = run(analysis(text, mentions=mentions, places={"Bamako": (12.65, -8.0, _TOWN)}))
    transfer = of_type(events, "TRANSFER")[0]
    assert transfer.attributes["materiel_names"] == ["T-72 tanks", "BTR-82A carriers", "BMP-3 vehicles"]
    assert "Bamako" not in transfer.attributes["target_names"], "where it was delivered is not to whom"


def test_the_next_sentence_that_enumerates_the_delivery_gives_its_materiel_and_evidence():
    text = ("Dozens of armoured vehicles arrived in Bamako on Friday. The convoy included T-72 tanks and BMP-3 "
            "infantry fighting vehicles. At least one river patrol boat is part of the lot.")
    mentions = {"armoured vehicles": "EQUIPMENT", "Bamako": "GPE", "T-72 tanks": "EQUIPMENT",
                "BMP-3 infantry fighting vehicles": "EQUIPMENT", "river patrol boat": "EQUIPMENT"}
    events = run(analysis(text, mentions=mentions, places={"Bamako": (12.65, -8.0, _TOWN)}))
    arrival = of_type(events, "TRANSFER")[0]  # armour arriving alone is a delivery
    assert arrival.attributes["materiel_names"] == ["armoured vehicles", "T-72 tanks",
                                                    "BMP-3 infantry fighting vehicles", "river patrol boat"]
    assert [e.start for e in arrival.claims[0].evidence] == [0, text.index("The convoy"), text.index("At least")]


def test_a_next_sentence_about_something_else_or_after_a_paragraph_break_gives_no_materiel():
    text = ("Dozens of armoured vehicles arrived in Bamako on Friday. Rebels used commercial drones to spot the "
            "convoy.\nThe convoy included T-72 tanks.")
    mentions = {"armoured vehicles": "EQUIPMENT", "Bamako": "GPE", "drones": "EQUIPMENT", "T-72 tanks": "EQUIPMENT"}
    events = run(analysis(text, mentions=mentions, places={"Bamako": (12.65, -8.0, _TOWN)}))
    arrival = of_type(events, "TRANSFER")[0]  # armour arriving alone is a delivery
    assert arrival.attributes["materiel_names"] == ["armoured vehicles"]
    assert len(arrival.claims[0].evidence) == 1


def test_a_french_delivery_takes_the_materiel_the_next_sentence_lists():
    text = "Moscou a livré des dizaines de blindés à l'armée malienne vendredi. Le lot comprenait des chars T-72 et des BMP-3."
    mentions = {"Moscou": "GPE", "armée malienne": "MIL_UNIT", "chars T-72": "EQUIPMENT", "BMP-3": "EQUIPMENT"}
    events = run(analysis(text, mentions=mentions), language="fr")
    delivery = next(e for e in events if e.trigger == "livré")
    assert delivery.attributes["materiel_names"] == ["chars T-72", "BMP-3"]


# ---------------------------------------------------------------------------
# roles


def _names(event, role):
    return event.attributes[f"{role}_names"]


def test_conjoined_subjects_are_all_actors_and_the_object_the_target():
    text = "Tuareg rebels and JNIM fighters ambushed Wagner mercenaries near Tinzaouaten on Saturday."
    mentions = {"Tuareg rebels": "ARMED_GROUP", "JNIM fighters": "ARMED_GROUP", "Wagner mercenaries": "ARMED_GROUP",
                "Tinzaouaten": "GPE"}
    events = run(analysis(text, mentions=mentions, places={"Tinzaouaten": (19.96, 2.96, _TOWN)}))
    fight = events[0]
    assert _names(fight, "actor") == ["Tuareg rebels", "JNIM fighters"]
    assert _names(fight, "target") == ["Wagner mercenaries"]


def test_a_passive_agent_that_is_equipment_is_materiel_and_the_struck_thing_the_target():
    text = "A Russian cargo plane was struck by a drone at al-Jufra air base last week."
    mentions = {"Russian": "NORP", "cargo plane": "EQUIPMENT", "drone": "EQUIPMENT", "al-Jufra air base": "FACILITY"}
    events = run(analysis(text, mentions=mentions, places={"al-Jufra air base": (29.17, 16.0, "airbase")}))
    strike = of_type(events, "ASSAULT")[0]
    assert _names(strike, "materiel") == ["drone"]
    assert "cargo plane" in _names(strike, "target") and _names(strike, "actor") == []
    assert "al-Jufra air base" not in _names(strike, "target"), "where it was struck is not what"


def test_an_attack_on_x_by_y_as_subject_lends_its_roles_to_the_verb():
    text = "The attack on a Malian army convoy by JNIM fighters killed ten soldiers."
    events = run(analysis(text, mentions={"Malian army": "MIL_UNIT", "JNIM fighters": "ARMED_GROUP"}))
    assert len(events) == 1
    assert _names(events[0], "actor") == ["JNIM fighters"]
    assert _names(events[0], "target") == ["Malian army"]


def test_who_suffers_or_falls_into_an_ambush_is_the_target_and_every_coordinated_agent_an_actor():
    text = ("Wagner mercenaries suffered heavy losses near Tinzaouaten after falling into an ambush laid by "
            "Tuareg rebels and by JNIM fighters.")
    mentions = {"Wagner mercenaries": "ARMED_GROUP", "Tinzaouaten": "GPE", "Tuareg rebels": "ARMED_GROUP",
                "JNIM fighters": "ARMED_GROUP"}
    events = run(analysis(text, mentions=mentions, places={"Tinzaouaten": (19.96, 2.96, _TOWN)}))
    fight = of_type(events, "FIGHT")[0]
    assert set(_names(fight, "actor")) == {"Tuareg rebels", "JNIM fighters"}
    assert _names(fight, "target") == ["Wagner mercenaries"]


def test_losses_suffered_by_x_make_x_the_target():
    text = "Mali's junta has leaned on Moscow since the heavy losses suffered by Wagner mercenaries at Tinzaouaten."
    mentions = {"Moscow": "GPE", "Wagner mercenaries": "ARMED_GROUP", "Tinzaouaten": "GPE"}
    events = run(analysis(text, mentions=mentions, places={"Tinzaouaten": (19.96, 2.96, _TOWN)}))
    fight = of_type(events, "FIGHT")[0]
    assert _names(fight, "target") == ["Wagner mercenaries"] and _names(fight, "actor") == []


def test_french_victims_and_agents_of_an_ambush():
    text = ("Les mercenaires de Wagner ont subi de lourdes pertes lors d'une embuscade tendue par des combattants "
            "du JNIM près de Tinzaouatène.")
    mentions = {"Wagner": "ARMED_GROUP", "JNIM": "ARMED_GROUP", "Tinzaouatène": "GPE"}
    events = run(analysis(text, mentions=mentions, places={"Tinzaouatène": (19.96, 2.96, _TOWN)}), language="fr")
    fight = of_type(events, "FIGHT")[0]
    assert _names(fight, "actor") == ["JNIM"], "the place near which it happened is not a party"
    assert _names(fight, "target") == ["Wagner"]


def test_a_place_in_a_locative_phrase_inside_a_role_is_not_a_party():
    text = "JNIM fighters attacked an army convoy near Kidal on Monday."
    mentions = {"JNIM fighters": "ARMED_GROUP", "army convoy": "MIL_UNIT", "Kidal": "GPE"}
    events = run(analysis(text, mentions=mentions, places={"Kidal": (18.44, 1.41, _TOWN)}))
    attack = events[0]
    assert _names(attack, "target") == ["army convoy"]
    assert attack.attributes["location_text"] == "Kidal"


def test_a_place_in_a_from_phrase_inside_a_role_is_where_it_came_from_not_a_party():
    text = "Cargo flights from Chad landed at Gao airport on Monday, and fighters from the Azawad Front attacked a patrol."
    mentions = {"Chad": "GPE", "Azawad Front": "ARMED_GROUP", "patrol": "MIL_UNIT"}
    places = {"Chad": (15.0, 19.0, "country"), "Gao airport": (16.25, -0.0, "airport")}
    events = run(analysis(text, mentions=mentions, places=places))
    assert events
    assert all("Chad" not in _names(e, "actor") for e in events), [(e.type, e.actors) for e in events]
    assert any(_names(e, "actor") == ["Azawad Front"] for e in events), "an organisation after 'from' is the doer"


def test_a_border_along_which_the_targets_lie_is_not_a_party():
    text = "Rebels attacked army posts along the Nigerien border on Monday."
    mentions = {"Rebels": "ARMED_GROUP", "army posts": "MIL_UNIT", "Nigerien": "NORP"}
    events = run(analysis(text, mentions=mentions))
    attack = events[0]
    assert "Nigerien" not in _names(attack, "target"), attack.targets
    assert _names(attack, "target") == ["army posts"]
