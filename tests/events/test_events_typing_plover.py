"""PLOVER readings of the main predicate: coding conventions written as data (plover_refinements.tsv,
triggers.tsv) and the offer rule; sentences are our own."""

from __future__ import annotations

import pytest

from garrison import nlp
from garrison.events import classifier


def _plover(text: str) -> str:
    doc = next(iter(nlp.pipe([text])))
    return classifier.project(classifier.main_event(doc), "plover")


@pytest.mark.parametrize("text, label", [
    # a concluded agreement is support; a commitment to act is an agreement
    ("The two ministers signed a fisheries agreement in Lisbon on Friday.", "SUPPORT"),
    ("The two governments agreed to open a joint border commission next year.", "AGREE"),
    # pledged support is support
    ("The premier pledged his full support for the new coalition.", "SUPPORT"),
    # an offer to send forces is an agreement, not a mobilisation
    ("Kenya has offered to send troops to help the regional force.", "AGREE"),
    # a ceasefire one side declares is a concession
    ("The rebel council declared a unilateral truce on Sunday.", "CONCEDE"),
    # imposing sanctions coerces; cutting aid is a sanction
    ("The council imposed sanctions on three shipping firms.", "COERCE"),
    # ending a strike concedes, refusing to end it rejects
    ("Dock workers called off their strike after the talks.", "CONCEDE"),
    ("The drivers said they will not end the strike.", "REJECT"),
    # a state of siege restricts people
    ("The president declared a state of siege in the province.", "COERCE"),
    # forces kept on alert are mobilised
    ("Border troops remained on alert overnight.", "MOBILIZE"),
])
def test_plover_reading_of_the_main_predicate(text, label):
    assert _plover(text) == label


def test_a_place_based_compound_is_not_a_presence_trigger():
    doc = next(iter(nlp.pipe(["A Geneva-based monitor counted the dead."])))
    from garrison.events import triggers

    assert all(hit.text != "based" for hit in triggers.find(doc))
    redone = next(iter(nlp.pipe(["The army said it had re-captured the town."])))
    assert any("captured" in hit.text for hit in triggers.find(redone))


@pytest.mark.parametrize("text, label", [
    # refinement rows for one word with different source types: a peacekeeping deployment is aid,
    # a withdrawal of peacekeepers a sanction
    ("The alliance deployed peacekeepers to the buffer zone.", "AID"),
    ("The alliance withdrew its peacekeepers from the buffer zone.", "SANCTION"),
    # a court's conviction is a legal accusation; violating a truce is an attack
    ("A district court convicted the former mayor of fraud.", "ACCUSE"),
    ("Militia fighters violated the truce near the river crossing.", "ASSAULT"),
    # the trigger's own word decides before the context: imposed blockades are a blockade
    ("The governor imposed blockades on three ports.", "ASSAULT"),
    # a deployment is coded by what it is sent to do
    ("The premier sent bombers to destroy the depot.", "ASSAULT"),
])
def test_plover_refinements_by_word_and_purpose(text, label):
    assert _plover(text) == label


def test_a_type_read_from_cues_alone_has_no_plover_predicate():
    synthetic = classifier.Reading("CONSULT", "meeting")
    assert classifier.project(synthetic, "plover") == "NONE"
    assert classifier.project(synthetic, "acled") != "NONE"
