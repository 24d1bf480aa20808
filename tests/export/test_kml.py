"""KML: fastkml (the Python KML library) reads a placemark per placed record, with its time span."""

from __future__ import annotations

import dataclasses

from fastkml import kml

from garrison import export
from tests.export.conftest import lookups


def _placemarks(what, records, tmp_path):
    path = tmp_path / f"{what}.kml"
    path.write_text("".join(export.write("kml", what, records, lookups())), encoding="utf-8")
    document = kml.KML.parse(str(path)).features[0]
    return list(document.features)


def test_one_placemark_per_placed_event_with_its_claims_joined_and_markup_escaped(events, tmp_path):
    events[0].location = dataclasses.replace(events[0].location, name="al-Khadim <Air> Base & runway")
    marks = _placemarks("events", events, tmp_path)
    assert len(marks) == 2  # the unplaced event cannot go on a map
    strike = marks[0]
    assert strike.name == "ASSAULT: al-Khadim <Air> Base & runway"
    assert (strike.geometry.x, strike.geometry.y) == (21.19, 31.998)
    assert (str(strike.times.begin.dt), str(strike.times.end.dt)) == ("2024-06-01", "2024-06-30")
    assert strike.description == "A drone hit an Il-76 at al-Khadim. | AFRICOM denied any role."
    data = {d.name: d.value for d in strike.extended_data.elements}
    assert data["stance"] == "reported | denied" and data["actor2"] == "Africa Corps"


def test_presence_timelines_are_placemarks_spanning_first_to_last_report(presences, tmp_path):
    marks = _placemarks("presence", presences, tmp_path)
    assert [m.name for m in marks] == ["Africa Corps at al-Khadim Air Base", "Malian Armed Forces at Bamako"]
    assert str(marks[0].times.begin.dt) == "2024-01-10"
