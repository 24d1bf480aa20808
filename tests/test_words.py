"""Domain words live in reviewed data files (garrison/data/<area>/words*.tsv), each row with its source note."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import garrison
from garrison import words as words_mod
from garrison.config import DATA_DIR
from garrison.words import WordListError, alternation, read_file, word_list, word_map, words

PACKAGE = Path(garrison.__file__).parent
WORD_FILES = sorted(DATA_DIR.glob("*/words*.tsv"))
# Calls that load a list: words("events", "location_preps"), word_map("dates", "ordinals", …), …
LIST_CALL = re.compile(r"\b(?:words|word_list|word_map|alternation)\(\s*\"(\w+)\",\s*\"(\w+)\"")

# Module-level string collections in the stages that are structure, not domain words: parser labels,
# our own type/feature names, format codes.  A new collection of words must go to data instead.
STRUCTURAL = {
    "ACTOR_LABELS", "PLACE_LABELS", "SPACY_LABELS", "KEEP_UNRESOLVED", "BLOCKING_LABELS",  # NER labels
    "_NOT_SOURCE_ENTS", "_COLLECTIVE_LEAD",  # spaCy entity labels and UD parts of speech
    "_SUBJECTS", "_AGENT_DEPS", "_SOURCE_DEPS", "_CLAUSE_DEPS", "_PHRASE_DEPENDENCIES",  # UD / ClearNLP dependency relations
    "_VERB_TAGS", "_NOUN_POS",  # Penn tags and UD parts of speech
    "MOVE_TYPES", "VERBAL_TYPES", "THEME_TYPES", "SITE_TYPES", "_WORD_LISTED_TYPES", "_VIOLENT",  # event types of our ontology
    "CLAIMED_DEFAULT",  # a (type, mode) of our ontology
    "OVERRULING_FEATURES", "SITE_FEATURES", "EXEMPT_FEATURES", "AREAS", "POINTS", "PRECISION", "SITES",
    "ACRONYM_FEATURES", "DEFAULT_IMPORTANCE", "_OVERLAY_IMPORTANCE", "_KIND_ORDER",  # gazetteer features, kinds
    "FEATURES", "SKIPPED_LANGUAGES",  # GeoNames feature codes and pseudo-language codes of its dump format
    "WEIGHTS", "ANCHOR_VOTE",  # resolver weights keyed by our match kinds
    "TENTATIVE_LABELS", "TENTATIVE_FEATURES", "AREA_CUED", "WATERS",  # NER labels and gazetteer features (places)
    "TENTATIVE_EVIDENCE",  # kinds of resolver evidence (places)
    "SEASON_MONTHS", "_UNIT_RANK", "_ROMAN",  # TIMEX3 codes and Roman numerals
    "TRIGGERS", "NORMALIZERS",  # grammar rule names
    "_ARGUMENT_BASES", "OWN_BASES", "_GUESSED_BASES",  # values of our location_basis attribute
    "_OWN_TIME",  # values of our time_basis attribute
    "_UNIT_FEATURES", "_SETTLEMENT_FEATURES", "_COARSE_FALLBACK_FEATURES", "_TOWN_FEATURES", "_ADMIN_FEATURES",  # gazetteer features (events' place choice)
    "_SKIP_ENTITY_TYPES", "_MISREAD_TYPES",  # spaCy entity labels
    "_SETTLEMENTS", "_FEATURE_ORDER", "_SURE_ROLES", "_PLAIN_ROLES",  # gazetteer features; names of the events' own place readings
    "_EXACT_MATCHES", "_EXACT_MATCHES_KIND",  # the gazetteer's match kinds (name, bare)
    "_TIME_TYPES", "_STATED_BASES", "_LENT_TIME_BASES",  # TIMEX3 types, values of our time_basis attribute
    "_COMMON_KINDS",  # the kinds of common_nouns.tsv (a column's allowed values)
    "_UNLINKED_LABELS",  # our entity labels (which unlinked mentions may carry)
    "FILES", "RELATIONS", "BUILD_DATA", "TRIGGER_FILES", "FAMILIES",  # data file names and record fields
    "TYPING_FILES", "ACTOR_FILES", "REQUIRED_COLUMNS", "ACTOR_COLUMNS", "INTERACTION_COLUMNS",  # data file names, ACLED CSV columns
    "__all__",
}
STAGES = ("events", "dates", "places", "entities")


def test_every_area_with_word_lists_has_files():
    assert {path.parent.name for path in WORD_FILES} >= set(STAGES)
    assert any(path.name == "words.fr.tsv" for path in WORD_FILES)


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_word_file_reads_and_every_row_has_a_source(path: Path):
    language = "en" if path.name == "words.tsv" else path.name.split(".")[1]
    lists = read_file(path, language)  # raises on a missing source, a bad header or a duplicate
    assert lists, f"{path} holds no list"
    for name, entries in lists.items():
        assert entries, name
        assert all(entry.source.strip() for entry in entries)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[0].startswith("#"), f"{path.name}: first line should say what the file holds"


def _code_references() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        found |= set(LIST_CALL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_list_the_code_loads_exists_and_is_not_empty():
    references = _code_references()
    assert len(references) > 60
    for area, name in sorted(references):
        assert words(area, name), f"{area}/{name} is empty"


def test_every_list_in_the_files_is_read_by_the_code():
    references = _code_references()
    for path in WORD_FILES:
        language = "en" if path.name == "words.tsv" else path.name.split(".")[1]
        for name in read_file(path, language):
            assert (path.parent.name, name) in references, f"{path.parent.name}/{path.name}: list {name!r} is never read"


def test_no_module_level_word_collections_left_in_the_stages():
    for area in STAGES:
        for path in sorted((PACKAGE / area).glob("*.py")):
            if path.name == "evaluate.py":
                continue
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if not isinstance(node, ast.Assign):
                    continue
                value = node.value
                elements = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", [])
                strings = [e for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if len(strings) >= 2 and names:
                    assert set(names) <= STRUCTURAL, (
                        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {names} lists words in code; "
                        "move them to garrison/data/<area>/words*.tsv (or name them in STRUCTURAL with a reason)")


def test_languages_are_kept_apart_and_unioned():
    # a French-only list has no English rows; a mixed list is the union of both files
    assert words("events", "marker_location", "en") == frozenset()
    assert "dans" in words("events", "marker_location")
    determiners = words("events", "specific_determiners")
    assert {"the", "cette"} <= determiners
    assert "cette" not in words("events", "specific_determiners", "en")
    assert "the" not in words("events", "specific_determiners", "fr")
    # English first, in file order: the tuple lists keep the order regexes and prefix tests rely on
    assert word_list("dates", "relative_back")[:3] == ("last", "past", "previous")
    assert word_map("dates", "ordinals")["troisième"] == "3"


def test_an_unknown_list_is_an_error_naming_the_area():
    with pytest.raises(WordListError, match="no word list 'nope'.*events"):
        words("events", "nope")


def test_alternation_escapes_and_spaces():
    pattern = re.compile(r"^(?:" + alternation("places", "strip_cue_after", space=r"\s+") + r")$")
    assert pattern.match("air  base") and pattern.match("naval facility") and not pattern.match("air")
    pattern = re.compile(r"^(?:" + alternation("places", "directions") + r")$")
    assert pattern.match("north-eastern") and not pattern.match("north eastern")


def _write(path: Path, body: str) -> Path:
    path.write_text("# test list\nlist\tword\tvalue\tsource\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, message", [
    ("preps\tat\t\t\n", r"words.tsv:3: empty source"),
    ("preps\t\t\tsomewhere\n", r"words.tsv:3: empty word"),
    ("preps\tat\tsomewhere\n", r"words.tsv:3: expected 4 tab-separated fields, got 3"),
    ("preps\tat\t\tx\npreps\tat\t\tx\n", r"words.tsv:4: 'at' is listed twice in list 'preps'"),
])
def test_a_bad_row_is_an_error_naming_file_line_and_field(tmp_path: Path, body: str, message: str):
    with pytest.raises(WordListError, match=message):
        read_file(_write(tmp_path / "words.tsv", body), "en")


def test_a_wrong_header_is_an_error(tmp_path: Path):
    path = tmp_path / "words.tsv"
    path.write_text("word\tlist\tsource\nat\tpreps\tx\n", encoding="utf-8")
    with pytest.raises(WordListError, match="words.tsv:1: header must be"):
        read_file(path, "en")


def test_a_map_row_without_value_is_an_error(tmp_path: Path, monkeypatch):
    (tmp_path / "demo").mkdir()
    _write(tmp_path / "demo" / "words.tsv", "numbers\tone\t1\tx\nnumbers\ttwo\t\tx\n")
    _clear(monkeypatch, tmp_path)
    with pytest.raises(WordListError, match=r"words.tsv:4: list 'numbers' maps words to values"):
        word_map("demo", "numbers")


def test_adding_a_language_is_adding_a_file(tmp_path: Path, monkeypatch):
    area = tmp_path / "demo"
    area.mkdir()
    _write(area / "words.tsv", "location_preps\tat\t\tUD English\nlocation_preps\tin\t\tUD English\n")
    _write(area / "words.es.tsv", "location_preps\ten\t\tUD Spanish\n")
    _clear(monkeypatch, tmp_path)
    assert words("demo", "location_preps") == {"at", "in", "en"}
    assert words("demo", "location_preps", "es") == {"en"}
    assert [language for language, _ in words_mod.files("demo")] == ["en", "es"]


def _clear(monkeypatch, data_dir: Path) -> None:
    """Point the loader at ``data_dir`` for one test; the caches are emptied before and after."""
    for function in (words_mod._area, words_mod.words, words_mod.word_list, words_mod.word_map):
        function.cache_clear()
    monkeypatch.setattr(words_mod, "DATA_DIR", data_dir)


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    for function in (words_mod._area, words_mod.words, words_mod.word_list, words_mod.word_map):
        function.cache_clear()


# ---------------------------------------------------------------------------
# the time-expression grammar: garrison/data/dates/grammar*.tsv


def test_every_grammar_row_is_a_known_rule_fragment_or_trigger():
    from garrison.dates import grammar
    from garrison.dates.normalise import NORMALIZERS

    files = grammar._grammar_files()
    assert {"en", "fr"} <= set(files)
    for language, path in files.items():
        rows = grammar._grammar_rows(path)
        rules = [name for name, _, _ in rows if not name.startswith(("@", "!"))]
        assert len(rules) > 20, path.name
        for name, pattern, source in rows:
            assert source.strip() and pattern.strip()
            if name.startswith("!"):
                assert name[1:] in set(grammar.TRIGGERS.values()), f"{path.name}: unknown trigger kind {name}"
            elif not name.startswith("@"):
                assert name in NORMALIZERS, f"{path.name}: rule {name!r} has no normaliser"


def test_rules_come_from_the_language_file_and_english_stands_in():
    from garrison.dates import grammar

    french = grammar.rules("fr")
    assert any(rule.name == "offset" and "il" in rule.pattern.pattern for rule in french)
    assert not any("il" in rule.pattern.pattern and rule.name == "offset" for rule in grammar.rules("en"))
    assert [r.pattern.pattern for r in grammar.rules("de")] == [r.pattern.pattern for r in grammar.rules("en")]
    # a placeholder left unfilled would be matched literally: none is
    assert not any(re.search(r"\{[A-Za-z_]+\}", r.pattern.pattern) for r in (*french, *grammar.rules("en")))


def test_a_grammar_row_without_source_is_an_error_naming_the_line(tmp_path: Path):
    from garrison.dates import grammar

    path = tmp_path / "grammar.tsv"
    path.write_text("# test\nrule\tpattern\tsource\nyear\t{L}(?P<y>{YEAR}){R}\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="grammar.tsv:3: expected rule, pattern and source"):
        grammar._grammar_rows(path)
