"""Who a party is: the ids the entities stage makes for a state's government and forces, capitals named as
parties, and the organs of a state, read as that state."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.fusion import actors
from garrison.fusion.compare import read_report, score
from garrison.fusion.rules import load_rules

from .builders import AL_JUFRA, RUSSIA, doc, event, index, month

RULES = load_rules()
AFRICA_CORPS = "armed_group:africa-corps"  # the lexicon's id (an armed group whose parent is a ministry)


def test_a_generated_government_and_a_capital_stand_for_their_state():
    table = actors.stands_for()
    assert table["org:government-of-united-states"] == "gpe:united-states"
    assert table["gpe:washington"] == "gpe:united-states"
    assert table["gpe:moscow"] == "gpe:russia"  # the lexicon's own city still reads so


def test_generated_forces_and_commands_are_organs_of_their_state():
    forces = actors.forces_of()
    assert forces["mil_unit:armed-forces-of-iran"] == "gpe:iran"
    assert forces["mil_unit:russian-aerospace-forces"] == "gpe:russia"  # a branch, through its own country
    assert forces[AFRICA_CORPS] == "gpe:russia"  # through its parent, the defence ministry
    assert "armed_group:wagner-group" not in forces  # a company of the state's nationals is no organ of it
    # a rebel movement's country is where it fights, not the state it belongs to
    assert "armed_group:jama-at-nusrat-al-islam-wal-muslimin" not in forces
    assert actors.home_countries()["org:government-of-united-states"] == "US"


def test_a_state_and_its_formation_are_not_opposed_actors():
    a, b = doc("a", "Outlet A", date(2025, 2, 3)), doc("b", "Outlet B", date(2025, 2, 5))
    documents = index(a, b)
    by_state = read_report(event(a, "DEPLOY", "Russia flew more instructors into Jufra in January.",
                                 actors=[RUSSIA], location=AL_JUFRA, time=month(2025, 1)), documents, RULES)
    sentence = "A new rotation of instructors reached Jufra last month."
    by_corps, by_rebels = (read_report(event(b, "DEPLOY", sentence, actors=[actor], location=AL_JUFRA,
                                             time=month(2025, 1)), documents, RULES)
                           for actor in (AFRICA_CORPS, "armed_group:rebels"))
    penalty = RULES.entities["parties_conflict_penalty"]
    assert score(by_state, by_corps, RULES) - score(by_state, by_rebels, RULES) == pytest.approx(penalty)
