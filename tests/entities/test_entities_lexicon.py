"""The reviewed lexicon files are well formed: sources, labels, relations, no silent alias clashes."""

from __future__ import annotations

import json

import pytest

from garrison.entities import lexicon as lex
from garrison.model import Label


@pytest.fixture(scope="module")
def lexicon():
    return lex.load()


def test_no_problems_for_a_reviewer(lexicon):
    assert lex.problems(lexicon) == []


def test_every_row_has_a_source(lexicon):
    assert all(entry.source.strip() for entry in lexicon.entries)


def test_equipment_breadth(lexicon):
    equipment = [e for e in lexicon.entries if e.label == Label.EQUIPMENT and not e.generic]
    assert len(equipment) >= 300
    assert all(e.attributes.get("equipment_class") and e.attributes.get("origin_country") for e in equipment)
    origins = {c for e in equipment for c in e.attributes["origin_country"].split(",")}
    assert {"RU", "SU", "US", "FR", "TR", "CN", "IR"} <= origins


def test_relations_name_existing_entries(lexicon):
    for entry in lexicon.entries:
        for key in lex.RELATIONS:
            if key in entry.attributes:
                assert entry.attributes[key] in lexicon.by_name, (entry.name, key)


def test_a_clash_without_marker_is_reported(tmp_path):
    rows = ("name\taliases\tattributes\tsource\n"
            "Ali Example\tExample\trole=a\tWikipedia: A\n"
            "Omar Example\tExample\trole=b\tWikipedia: B\n")
    path = tmp_path / "persons.tsv"
    path.write_text(rows, encoding="utf-8")
    clashing = lex.Lexicon(lex.read_file(path))
    assert any("'example'" in p for p in lex.problems(clashing))
    marked = lex.Lexicon(lex.read_file(_write(tmp_path, rows.replace("\tExample\t", "\t?Example\t"))))
    assert lex.problems(marked) == []


def test_a_row_without_source_is_reported(tmp_path):
    path = _write(tmp_path, "name\taliases\tattributes\tsource\nNo Source Person\t\t\t\n")
    assert any("no source" in p for p in lex.problems(lex.Lexicon(lex.read_file(path))))


def test_a_short_row_names_its_line(tmp_path):
    path = _write(tmp_path, "name\taliases\tattributes\tsource\nBroken Row\tonly two\n")
    with pytest.raises(ValueError, match="persons.tsv:2"):
        lex.read_file(path)


def test_fold_merges_spelling_variants():
    for a, b in (("Jufra", "Joufra"), ("Tartus", "Tartous"), ("Haftar", "Hafter"), ("Khmeimim", "Hmeimim"),
                 ("al-Khadim", "Khadim")):
        assert lex.fold(a) == lex.fold(b)
    assert lex.fold("Mali") != lex.fold("Malta")


def test_designation_variants():
    assert {"S-400", "S400", "S 400"} <= lex.variants("S-400")
    assert "S-400" in lex.variants("S400")


def test_pattern_and_label_map_files_parse():
    patterns = lex.patterns()
    assert patterns["designation"]["_source"] and patterns["unit"]["_source"]
    re3d = json.loads((lex.DATA / "label_maps" / "re3d.json").read_text(encoding="utf-8"))
    assert set(re3d["predicted"]) == {label.value for label in Label}


def _write(tmp_path, text):
    path = tmp_path / "persons.tsv"
    path.write_text(text, encoding="utf-8")
    return path
