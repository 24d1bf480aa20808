"""How a report reads an act is not another act (stop 24): a characterisation ("in what analysts described as a
warning") gives no event, and what talks "covered" is their content."""

from __future__ import annotations

from garrison.events import stage

from .helpers import analysis


def types(text, **kwargs):
    return [e.type for e in stage.run([analysis(text, **kwargs)])[0].events]


def test_an_act_described_as_a_warning_is_the_act_alone():
    found = types("Jets struck a depot near Gao on Sunday night, the army said, in what analysts described as "
                  "a warning to Algeria.",
                  places={"Gao": (16.27, -0.04, "city"), "Algeria": (28.0, 2.0, "country")})
    assert "ASSAULT" in found and "THREATEN" not in found


def test_a_warning_given_is_still_a_threat():
    found = types("The junta issued a warning to the rebels in Gao on Sunday.",
                  places={"Gao": (16.27, -0.04, "city")}, mentions={"junta": "ORG", "rebels": "ARMED_GROUP"})
    assert "THREATEN" in found


def test_what_the_talks_covered_is_their_content():
    found = types("The ministers met in Gao, and officials said the discussions covered military cooperation.",
                  places={"Gao": (16.27, -0.04, "city")})
    assert found == ["CONSULT"]


def test_an_act_after_which_talks_came_is_not_their_content():
    found = types("The talks in Gao came after drones struck a depot near Kidal.",
                  places={"Gao": (16.27, -0.04, "city"), "Kidal": (18.44, 1.41, "city")})
    assert "ASSAULT" in found


def test_a_reading_alone_is_what_the_sentence_adds_to_the_happening_it_points_back_at():
    found = types("Diplomats in Gao described the move as a warning to Algeria.",
                  places={"Gao": (16.27, -0.04, "city"), "Algeria": (28.0, 2.0, "country")})
    assert found == ["THREATEN"]
