"""Merging GeoNames dump files into a compiled index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from garrison.places.gazetteer import Gazetteer
from garrison.places.geonames_import import ImportError_, detect_kind, import_file
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def index_copy(small_index, tmp_path):
    path = tmp_path / "gaz.sqlite"
    shutil.copy(small_index, path)
    return path


def test_geoname_table_adds_new_places_and_names_to_known_ones(index_copy):
    stats = import_file(index_copy, FIXTURES / "geonames" / "allCountries.txt")
    assert stats["kind"] == "geonames"
    assert (stats["places_added"], stats["places_known"]) == (2, 1)
    g = Gazetteer(index_copy)
    fort = g.lookup("Fort Example")[0]
    assert (fort.id, fort.feature, fort.country) == ("geonames:9999002", "military_base", "LY")
    assert g.lookup("Trablos")[0].id == "geonames:2210247"  # alias added to the existing Tripoli


def test_zip_and_alternate_names(index_copy):
    import_file(index_copy, FIXTURES / "geonames" / "allCountries.zip")
    stats = import_file(index_copy, FIXTURES / "geonames" / "alternateNamesV2.txt")
    assert stats["kind"] == "alternate_names" and stats["skipped"] == 2  # the link and the unknown geonameid
    g = Gazetteer(index_copy)
    assert g.lookup("Example Barracks")[0].id == "geonames:9999002"
    assert g.lookup("Tripoli de Libye")[0].id == "geonames:2210247"


def test_admin1_codes_recognised(index_copy):
    stats = import_file(index_copy, FIXTURES / "geonames" / "admin1CodesASCII.txt")
    assert stats["kind"] == "admin1_codes"


def test_bad_file_names_line(tmp_path, index_copy):
    bad = tmp_path / "cities500.txt"
    bad.write_text("1\tX\tX\t\tnot-a-number\t0\tP\tPPL\tLY\t\t\t\t\t\t0\t\t\t\t\n" * 1, encoding="utf-8")
    with pytest.raises(ImportError_, match="line 1"):
        import_file(index_copy, bad)
    assert detect_kind("allCountries.txt", "\t".join(["x"] * 19)) == "geonames"
