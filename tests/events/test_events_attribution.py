"""Who a report cites: attribution chains read from the parse, outermost source first.

Each test names one rule of garrison/events/attribution.py with a sentence written for it.  The
trigger is the word of the event whose attribution we ask for.
"""

from __future__ import annotations

import pytest

from garrison import nlp
from garrison.events.attribution import Attributor, same_source, source_entity


@pytest.fixture(scope="module")
def english():
    return nlp.load("en")


@pytest.fixture(scope="module")
def french():
    return nlp.load("fr")


def chain_of(model, text: str, trigger: str) -> list[str]:
    """The chain of the first token spelled ``trigger`` in the last sentence; earlier sentences are context."""
    attributor = Attributor()
    sentences = list(model(text).sents)
    for sent in sentences[:-1]:
        attributor.observe_sentence(sent)
    token = next(t for t in sentences[-1] if t.text == trigger)
    return attributor.attribute(token).chain


# --- English ---------------------------------------------------------------------------------------

def test_learned_from_names_the_outlet_and_the_source_it_heard_from(english):
    text = "Chinese engineers have begun extending the runway at the northern airfield, Reuters has learned from regional security sources."
    assert chain_of(english, text, "extending") == ["Reuters", "regional security sources"]


def test_a_relative_clause_citing_a_source_adds_it_inside(english):
    text = "According to the BBC, which cited local police officers, the convoy was hit near the border."
    assert chain_of(english, text, "hit") == ["BBC", "local police officers"]


def test_a_sentence_final_according_to_covers_every_clause(english):
    text = "Turkey has moved several drones out of the region, and two frigates have left the port, according to European officials."
    assert chain_of(english, text, "moved") == ["European officials"]
    assert chain_of(english, text, "left") == ["European officials"]


def test_imagery_is_evidence_and_its_analyst_is_the_source(english):
    text = "Satellite images analysed by the Institute for the Study of War show new hangars at the base."
    assert chain_of(english, text, "hangars") == ["Institute for the Study of War"]


def test_data_analysed_by_one_and_cited_by_another_gives_both(english):
    text = "Two cargo planes landed at Tobruk, according to flight data analysed by the website FlightWatch and cited by Reuters."
    assert chain_of(english, text, "landed") == ["Reuters", "FlightWatch"]


def test_a_definite_description_resolves_to_the_organisation_named_before(english):
    text = ("The United States European Command said it was reviewing the reports. "
            "The command denied that its aircraft had struck the convoy.")
    assert chain_of(english, text, "struck") == ["United States European Command"]


def test_a_description_with_no_earlier_name_stays_as_written(english):
    assert chain_of(english, "The command denied that its aircraft had struck the convoy.", "struck") == ["command"]


def test_a_date_in_the_channel_is_not_a_source(english):
    text = "The troops completed their withdrawal from the base, the two governments said in a joint statement on Monday."
    chain = chain_of(english, text, "withdrawal")
    assert "Monday" not in chain
    assert chain == ["two governments"]


def test_coordinated_speakers_are_one_source(english):
    text = "About fifty Russian instructors arrived in Bamako on Friday, Russian military bloggers and Malian state media said."
    assert chain_of(english, text, "arrived") == ["Russian military bloggers and Malian state media"]


def test_a_trailing_speaker_misread_as_an_apposition_still_attributes(english):
    text = "Chad has received armed drones from Turkey, the country's military government announced on Monday."
    assert chain_of(english, text, "received") == ["country's military government"]


def test_interviewed_by_names_the_outlet_outside_the_speaker(english):
    text = "Interviewed by Der Spiegel, the Greek defence minister said that Moscow was moving ships to Libya."
    assert chain_of(english, text, "moving") == ["Der Spiegel", "Greek defence minister"]


# --- French ----------------------------------------------------------------------------------------

def test_french_inverted_speaker_after_a_trailing_reporting_verb(french):
    text = "Les soldats français ont quitté mardi la base de Gao, a annoncé le ministère malien de la Défense."
    assert chain_of(french, text, "quitté") == ["ministère malien de la Défense"]


def test_french_selon_keeps_the_adjectives_and_the_outlet_that_cited_them(french):
    text = "Selon des responsables maliens cités par Le Monde, des hélicoptères auraient été livrés à Bamako."
    assert chain_of(french, text, "livrés") == ["Le Monde", "responsables maliens"]


def test_french_d_apres_split_by_the_tokenizer_still_attributes(french):
    text = "D'après des images satellites publiées par le CSIS, de nouveaux hangars ont été construits."
    assert chain_of(french, text, "construits") == ["CSIS"]


def test_french_apposed_acronym_names_the_described_organisation(french):
    text = "Le commandement américain pour l'Europe, EUCOM, a démenti toute participation à ces frappes."
    assert chain_of(french, text, "frappes") == ["EUCOM"]


def test_french_interroge_par_names_the_outlet_and_the_named_minister(french):
    text = "Interrogé par La Stampa, le ministre grec de la Défense, Nikos Dendias, a ainsi assuré que Moscou déplaçait des navires vers la Libye."
    assert chain_of(french, text, "déplaçait") == ["La Stampa", "Nikos Dendias"]


# --- source equivalence ----------------------------------------------------------------------------

def test_aliases_in_the_entities_lexicon_denote_one_source():
    assert source_entity("RFI") == source_entity("Radio France Internationale") is not None
    assert same_source("US Africa Command", "AFRICOM")
    assert same_source("the Libyan National Army", "LNA")


def test_different_or_unknown_sources_are_not_merged():
    assert not same_source("RFI", "AFRICOM")
    assert not same_source("Reuters", "Agence France-Presse")
    assert not same_source("", "Reuters")


def test_a_name_contained_in_another_is_the_same_source():
    assert same_source("officials", "US officials")
    assert same_source("The Defense Post", "Defense Post")


# --- the per-document token index ------------------------------------------------------------------


def test_the_token_index_agrees_with_spacy_and_the_token_tests(english):
    from garrison.events.attribution import _entities_within, is_denial, is_report, token_index, within

    doc = english("The Pentagon said on Monday that US Africa Command struck a camp near Jilib. "
                  "Al-Shabaab denied it, according to a statement carried by Radio Andalus. "
                  "Officials in Mogadishu told reporters the strike killed three fighters.")
    index = token_index(doc)
    assert token_index(doc) is index  # read once per document
    assert index.reports == [t.i for t in doc if is_report(t)]
    assert index.speech == [t.i for t in doc if is_report(t) or is_denial(t)]
    assert index.reports and len(index.speech) > len(index.reports)  # "denied" is speech, not a report
    assert index.at(("according",), 0, len(doc)) == [t.i for t in doc if t.lower_ == "according"]
    for sent in doc.sents:
        found = [(e.start, e.end, e.label_) for e in _entities_within(sent)]
        assert found == [(e.start, e.end, e.label_) for e in sent.ents]
        assert within(index.reports, sent.start, sent.end) == [t.i for t in sent if is_report(t)]
    # a Doc parsed again is a new Doc with an index of its own
    assert token_index(english(doc.text)) is not index
