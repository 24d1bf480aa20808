"""The per-Doc token index reads with one array what the stages used to read Token by Token: it must say the same."""

from __future__ import annotations

import pytest

from garrison import nlp
from garrison.events import triggers
from garrison.events.attribution import joined_by_spaces, lower_forms, token_index


@pytest.fixture(scope="module")
def english():
    return nlp.load("en")


TEXT = ("The Danish frigate HDMS Absalon sailed from Aarhus on Monday, officials in Copenhagen said. "
        "Its build-up of  forces near the Baltic coast was denied by the ministry.")


def test_the_index_spells_each_token_as_spacy_does(english):
    doc = english(TEXT)
    index = token_index(doc)
    assert index.lowers == [t.lower_ for t in doc]
    assert index.spaced == [bool(t.whitespace_) for t in doc]
    assert index.entities == [(e.start, e.end, e.label_) for e in doc.ents]


def test_the_forms_of_a_span_are_its_own_tokens(english):
    doc = english(TEXT)
    sentence = list(doc.sents)[1]
    assert lower_forms(sentence) == [t.lower_ for t in sentence]
    assert lower_forms(doc) == [t.lower_ for t in doc]


def test_joined_by_spaces_tells_a_hyphenated_word_from_separate_words(english):
    doc = english(TEXT)
    build = next(t.i for t in doc if t.lower_ == "build")
    assert not joined_by_spaces(doc, build, build + 3)  # "build-up": no space inside
    sailed = next(t.i for t in doc if t.lower_ == "sailed")
    assert joined_by_spaces(doc, sailed, sailed + 3)  # "sailed from Aarhus"
    for start in range(len(doc) - 2):
        if joined_by_spaces(doc, start, start + 3):
            assert doc[start:start + 3].text.lower() == " ".join(lower_forms(doc)[start:start + 3])


def test_a_trigger_written_without_spaces_is_still_found(english):
    doc = english("The build-up of troops on the border continued.")
    assert any(hit.text.lower() == "build-up" for hit in triggers.find(doc))
