"""Empty, huge, Arabic and Cyrillic inputs neither crash nor shift offsets."""

from __future__ import annotations

from entities_helpers import entity_of, tag
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison import nlp
from garrison.entities import stage
from garrison.entities.resolve import analyse
from garrison.model import Analysis, Document


def _offsets_hold(analysis: Analysis) -> bool:
    text = analysis.document.text
    return all(text[m.start:m.end] == m.text for m in analysis.mentions)


def test_empty_and_blank_documents():
    empty, blank = tag("", " \n\t ")
    assert empty.mentions == [] and empty.entities == []
    assert blank.mentions == [] and blank.entities == []


def test_arabic_and_cyrillic_names_inside_latin_text():
    (a,) = tag("Forces loyal to Khalifa Haftar (خليفة حفتر) received Pantsir-S1 systems at al-Khadim (الخادم); "
               "a Russian officer, Андрей Аверьянов, visited Hmeimim (Хмеймим) with an Il-76.")
    assert _offsets_hold(a)
    assert entity_of(a, "Khalifa Haftar") == "person:khalifa-haftar"
    assert entity_of(a, "Pantsir-S1") == "equipment:pantsir-s1"
    assert entity_of(a, "Il-76") == "equipment:il-76"
    assert entity_of(a, "Hmeimim") == "facility:hmeimim-air-base"


def test_case_changing_characters_keep_offsets():
    (a,) = tag("İncirlik hosted F-16 jets; the ǅ and ß signs did not move S-400 offsets.")
    assert _offsets_hold(a)
    assert entity_of(a, "S-400") == "equipment:s-400-triumf"


def test_one_megabyte_single_line_document():
    """Past garrison.nlp's cap the model sees nothing, but the domain layer still reads the whole line."""
    unit = "Convoys moved S-300 launchers from Tartus to al-Jufra under Wagner escort; "
    text = unit * (1_050_000 // len(unit))
    assert len(text) > nlp.MAX_CHARS and "\n" not in text
    analysis = Analysis(Document(text=text))
    analysis.nlp_doc = nlp.load("en").make_doc(nlp.safe_text(text))  # the parse itself is timed in the bench
    (done,) = stage.run([analysis])
    assert _offsets_hold(done)
    last = max(m.end for m in done.mentions)
    assert last > nlp.MAX_CHARS
    assert {e.id for e in done.entities} >= {"equipment:s-300", "facility:al-jufra-air-base",
                                             "armed_group:wagner-group"}
    assert len(done.entities) < 10


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_is_safe_for_the_domain_layer(text):
    mentions, entities = analyse(Document(text=text + " S-300 at al-Khadim"), None)
    assert all((text + " S-300 at al-Khadim")[m.start:m.end] == m.text for m in mentions)
    assert {m.entity_id for m in mentions if m.entity_id is not None} <= {e.id for e in entities}
    assert all(m.source == "nominal" for m in mentions if m.entity_id is None)  # only unlinked pronouns/nouns
