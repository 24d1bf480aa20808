"""A sentence that goes on telling the happening before it, with no trigger word, is a claim about that happening."""

from __future__ import annotations

from datetime import date

from garrison.events import stage
from garrison.model import Precision

from .helpers import analysis

ARRIVAL = "Dozens of armoured vehicles arrived in Gao on Monday."
GAO = {"Gao": (16.27, -0.04, "city")}
MONDAY = {"on Monday": (date(2025, 3, 3), date(2025, 3, 3), Precision.DAY)}


def run(a):
    return stage.run([a])[0].events


def test_a_sentence_naming_the_materiel_of_the_happening_continues_it_with_its_own_evidence():
    text = ARRIVAL + " The convoy included T-72 tanks and BMP-3 vehicles."
    a = analysis(text, places=GAO, times=MONDAY, mentions={"T-72 tanks": "EQUIPMENT", "BMP-3 vehicles": "EQUIPMENT"})
    first, second = run(a)
    assert second.type == first.type and second.attributes["continues"] == first.trigger
    assert second.claims[0].evidence[0].text.startswith("The convoy")
    assert second.attributes["materiel_names"] == ["T-72 tanks", "BMP-3 vehicles"]
    assert second.time == first.time and second.location == first.location
    assert second.id != first.id


def test_a_sentence_pointing_back_at_the_evidence_continues_with_its_own_source():
    text = ARRIVAL + " The footage showed crews stacking crates, a local journalist said."
    a = analysis(text, places=GAO, times=MONDAY)
    events = run(a)
    assert len(events) == 2
    assert events[1].claims[0].source_chain[-1] == "local journalist"


def test_a_refusal_to_comment_continues_nothing():
    text = ARRIVAL + " The ministry has not commented on the convoy."
    a = analysis(text, places=GAO, times=MONDAY)
    assert len(run(a)) == 1


def test_words_about_talks_are_not_continued():
    text = "The ministers held talks in Gao on Monday. The convoy of officials left at noon."
    a = analysis(text, places=GAO, times=MONDAY)
    assert all("continues" not in e.attributes for e in run(a))


def test_a_sentence_too_far_from_the_happening_continues_nothing():
    text = ARRIVAL + " Gao is a town on the Niger river. It has a market. Its mayor is new. The convoy was long."
    a = analysis(text, places=GAO, times=MONDAY)
    assert len(run(a)) == 1


def test_a_sentence_naming_nothing_of_the_happening_continues_nothing():
    text = ARRIVAL + " Residents were surprised."
    a = analysis(text, places=GAO, times=MONDAY)
    assert len(run(a)) == 1


EQUIPPED = ARRIVAL + " The convoy included T-72 tanks and BMP-3 vehicles."
ARMOUR = {"T-72 tanks": "EQUIPMENT", "BMP-3 vehicles": "EQUIPMENT"}


def test_a_noun_for_the_materiel_reaches_back_past_other_acts_to_the_act_that_moved_it():
    text = (EQUIPPED + "\nIt is possible that others were transferred to Mali from Niger. Officials were unsure."
            " The markings were new. As this equipment is recent, analysts think it is intended for the Africa Corps.")
    a = analysis(text, places=GAO | {"Mali": (17.0, -4.0, "country"), "Niger": (17.0, 9.0, "country")},
                 times=MONDAY, mentions=ARMOUR | {"Africa Corps": "ARMED_GROUP"})
    events = run(a)
    arrival = events[0]
    last = events[-1]
    assert last.claims[0].evidence[0].text.startswith("As this equipment")
    assert last.attributes["continues"] == arrival.trigger
    assert last.location == arrival.location and last.time == arrival.time
    assert set(last.materiel) == {"equipment:t-72-tanks", "equipment:bmp-3-vehicles"}
    assert last.targets == ["armed_group:africa-corps"]


def test_a_noun_for_the_materiel_two_paragraphs_on_continues_nothing():
    text = (EQUIPPED + "\nOfficials were unsure.\nThe markings were new.\n"
            "As this equipment is recent, analysts think it is intended for the Africa Corps.")
    a = analysis(text, places=GAO, times=MONDAY, mentions=ARMOUR | {"Africa Corps": "ARMED_GROUP"})
    assert not any(e.claims[0].evidence[0].text.startswith("As this") for e in run(a))


def test_a_continuing_sentence_that_tells_a_standing_state_is_background():
    text = ARRIVAL + " Gao airport has hosted foreign crews since 2019."
    a = analysis(text, places=GAO | {"Gao airport": (16.25, -0.0, "airport")}, times=MONDAY)
    a.toponyms[-1].place.precision = 1  # a named site
    first, second = run(a)
    assert "background" not in first.attributes
    assert second.attributes.get("continues") and second.attributes["background_reason"] == "since"


def test_going_on_telling_context_is_context():
    text = ("Dozens of armoured vehicles had arrived in Gao in 2019. "
            "The convoy included T-72 tanks and BMP-3 vehicles.")
    a = analysis(text, places=GAO, times={"in 2019": (date(2019, 1, 1), date(2019, 12, 31), Precision.YEAR)},
                 mentions={"T-72 tanks": "EQUIPMENT", "BMP-3 vehicles": "EQUIPMENT"})
    first, second = run(a)
    assert first.attributes["background_reason"] == "old"
    assert second.attributes["background_reason"] == "continues background"


def test_a_sentence_describing_the_site_continues_nothing():
    text = ARRIVAL + " Gao airport, east of the town, is one of the main transit points of the region."
    a = analysis(text, places=GAO | {"Gao airport": (16.25, -0.0, "airport")}, times=MONDAY)
    a.toponyms[-1].place.precision = 1
    assert len(run(a)) == 1


def test_a_thing_at_the_site_described_still_continues():
    text = ARRIVAL + " The traffic at Gao airport is far above normal levels."
    a = analysis(text, places=GAO | {"Gao airport": (16.25, -0.0, "airport")}, times=MONDAY)
    a.toponyms[-1].place.precision = 1
    assert len(run(a)) == 2


def test_a_sentence_dated_apart_tells_another_happening():
    text = ARRIVAL + " In 2019, the army published photographs of T-72 tanks at Gao airport."
    a = analysis(text, places=GAO | {"Gao airport": (16.25, -0.0, "airport")},
                 times=MONDAY | {"In 2019": (date(2019, 1, 1), date(2019, 12, 31), Precision.YEAR)},
                 mentions={"T-72 tanks": "EQUIPMENT"})
    assert len(run(a)) == 1


def test_the_date_of_the_evidence_is_not_the_date_of_another_happening():
    text = ARRIVAL + " The images, published on Friday by a local group, also show T-72 tanks."
    a = analysis(text, places=GAO, mentions={"T-72 tanks": "EQUIPMENT"},
                 times=MONDAY | {"on Friday": (date(2025, 3, 7), date(2025, 3, 7), Precision.DAY)})
    assert len(run(a)) == 2
