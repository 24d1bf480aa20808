"""A retelling that names no doer takes the doer of the happening it retells; a force the things moved are for
is their recipient."""

from __future__ import annotations

from datetime import date

from garrison.events import stage
from garrison.model import Document

from .helpers import analysis

LIBYA = {"Libya": (27.0, 17.0, "country"), "Libyan soil": (27.0, 17.0, "country")}
ON_SOIL = {"Libyan soil": (27.0, 17.0, "country")}


def run(a):
    return stage.run([a])[0].events


def deploys(events):
    return [e for e in events if e.type == "DEPLOY"]


def transfers(events):
    """Materiel arriving alone is a delivery (garrison/events/conventions.py)."""
    return [e for e in events if e.type == "TRANSFER"]


def test_an_agentless_retelling_in_the_same_paragraph_takes_the_doer():
    text = ("Russia began moving air-defence units from Syria to Libya last month, a minister said. "
            "S-400 batteries have since been redeployed on Libyan soil, officials said.")
    a = analysis(text, mentions={"Russia": "GPE", "S-400 batteries": "EQUIPMENT"}, places=LIBYA)
    first, second = deploys(run(a))
    assert first.actors and "actor_basis" not in first.attributes
    assert second.actors == first.actors
    assert second.attributes["actor_basis"] == "carried over"
    assert second.attributes["actor_from"] == first.trigger


def test_no_doer_crosses_a_paragraph_or_another_country():
    across = ("Russia began moving air-defence units from Syria to Libya last month, a minister said.\n"
              "S-400 batteries have been redeployed on Libyan soil, officials said.")
    a = analysis(across, mentions={"Russia": "GPE", "S-400 batteries": "EQUIPMENT"}, places=LIBYA)
    assert not deploys(run(a))[1].actors
    elsewhere = ("Russia began moving air-defence units from Syria to Libya last month, a minister said. "
                 "Armoured vehicles were redeployed to Bamako, officials said.")
    places = {"Libya": (27.0, 17.0, "country"), "Bamako": (12.65, -8.0, "city")}
    a = analysis(elsewhere, mentions={"Russia": "GPE"}, places=places)
    for toponym in a.toponyms:  # the fixture's places carry their countries
        toponym.place.country = "ML" if toponym.text == "Bamako" else "LY"
    assert not deploys(run(a))[1].actors


def test_a_verbal_act_lends_no_doer_to_a_move():
    text = ("Russia condemned the strikes on Monday. Air-defence units were redeployed on Libyan soil, "
            "officials said.")
    a = analysis(text, mentions={"Russia": "GPE"}, places=ON_SOIL)
    assert not deploys(run(a))[0].actors


def test_the_force_the_things_moved_are_for_is_their_recipient():
    text = ("Dozens of armoured vehicles arrived in Bamako on Friday. "
            "Analysts think they are intended for the paramilitaries of the Africa Corps.")
    a = analysis(text, mentions={"Africa Corps": "ARMED_GROUP"}, places={"Bamako": (12.65, -8.0, "city")})
    events = transfers(run(a))
    assert not events[0].targets
    assert events[1].targets and events[1].attributes["recipients"] == ["Africa Corps"]


def test_a_french_recipient_after_destines_aux():
    text = "Des blindés ont été livrés à Bamako vendredi. Ces blindés seraient destinés aux forces russes."
    a = analysis(text, mentions={"russes": "NORP"}, places={"Bamako": (12.65, -8.0, "city")})
    a.document = Document(text=text, outlet="Test Wire", published=date(2025, 1, 19), language="fr",
                          id=a.document.id)
    recipients = [e for e in run(a) if e.targets]
    assert [e.type for e in recipients] == ["TRANSFER"]
    assert recipients and recipients[0].attributes["recipients"] == ["russes"]


def test_a_purpose_without_a_recipient_word_adds_nobody():
    text = "Dozens of armoured vehicles arrived in Bamako on Friday for the Africa Corps parade."
    a = analysis(text, mentions={"Africa Corps": "ARMED_GROUP"}, places={"Bamako": (12.65, -8.0, "city")})
    events = run(a)
    assert events and all("recipients" not in e.attributes for e in events)


def test_a_mention_that_names_nobody_is_no_recipient():
    from garrison.model import Label, Mention

    text = ("Dozens of armoured vehicles arrived in Bamako on Friday. "
            "Analysts think these vehicles are intended for local militias.")
    a = analysis(text, places={"Bamako": (12.65, -8.0, "city")})
    start = text.index("local militias")
    a.mentions.append(Mention(a.document.id, start, start + len("local militias"), "local militias", Label.ORG,
                              source="nominal"))
    events = transfers(run(a))
    assert events and all(not e.targets and "recipients" not in e.attributes for e in events)


NIGER = {"Niger": (16.0, 8.0, "country"), "Niamey air base": (13.48, 2.18, "airbase")}


def _placed(a):
    """The fixture's places carry their countries, and the air base is an exact site."""
    for toponym in a.toponyms:
        toponym.place.country = "ML" if toponym.text == "Mali" else "NE"
        if toponym.text == "Niamey air base":
            toponym.place.precision = 1
    return a


def works(events):
    return [e for e in events if e.type == "CONSTRUCTION"]


def test_doerless_works_at_a_site_are_the_works_of_the_one_party_placed_in_its_country():
    text = ("Chadian troops deployed to Niger in January, the ministry said.\n"
            "Satellite images examined by a research group show major construction under way at Niamey air base.")
    a = _placed(analysis(text, mentions={"Chadian troops": "MIL_UNIT"}, places=NIGER))
    events = run(a)
    deployed = deploys(events)[0]
    built = works(events)
    assert built and built[0].actors == deployed.actors
    assert built[0].attributes["actor_basis"] == "carried over"


def test_works_keep_no_doer_when_two_parties_or_none_in_that_country_were_placed():
    two = ("Chadian troops deployed to Niger in January. Turkish advisers deployed to Niger in February.\n"
           "Satellite images examined by a research group show major construction under way at Niamey air base.")
    a = _placed(analysis(two, mentions={"Chadian troops": "MIL_UNIT", "Turkish advisers": "MIL_UNIT"},
                         places=NIGER))
    assert not works(run(a))[0].actors
    elsewhere = ("Chadian troops deployed to Mali in January.\n"
                 "Satellite images examined by a research group show major construction under way at Niamey air base.")
    places = {"Mali": (17.0, -4.0, "country"), "Niamey air base": (13.48, 2.18, "airbase")}
    a = _placed(analysis(elsewhere, mentions={"Chadian troops": "MIL_UNIT"}, places=places))
    assert not works(run(a))[0].actors


def test_works_whose_sentence_has_a_doer_take_no_other_one():
    text = ("Chadian troops deployed to Niger in January.\n"
            "\"We are building new hangars at Niamey air base,\" the minister said.")
    a = _placed(analysis(text, mentions={"Chadian troops": "MIL_UNIT"}, places=NIGER))
    built = works(run(a))
    assert built and not built[0].actors
