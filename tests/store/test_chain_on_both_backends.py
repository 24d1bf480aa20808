"""The whole chain — ingest, every stage, every listing — on SQLite and on PostgreSQL."""

from __future__ import annotations

from garrison import pipeline
from garrison.ingest.into_store import ingest
from garrison.store import Store

REPORT = """Fri. Nov 22nd, 2024

Drone strike on a Russian plane in Libya

A drone struck a Russian Il-76 transport aircraft on the runway of the al-Khadim air base in eastern Libya last June,
according to Libyan military sources cited by RFI. The US Africa Command denied any involvement in the strike.
"""


def test_ingest_process_and_query_on_each_backend(store_url, tmp_path):
    (tmp_path / "report.txt").write_text(REPORT)
    store = Store(store_url)
    assert ingest(store, [str(tmp_path)]).stored == 1
    summary = pipeline.run(store)
    assert summary.failures == [] and set(summary.processed.values()) == {1}

    entities = {e["name"] for e in store.queries.entities(limit=100)}
    assert any("Il-76" in name or "Ilyushin" in name for name in entities)
    places = store.queries.places(limit=100)
    assert any(abs(p["lat"] - 32.0) < 0.3 and abs(p["lon"] - 21.2) < 0.3 for p in places)  # al-Khadim
    near_khadim = store.queries.events(near=(32.0, 21.19, 30))
    assert near_khadim and all(e.location is not None for e in near_khadim)
    assert store.queries.events(type="ASSAULT")
    assert [d.title for d, _ in store.queries.search("Khadim")] == ["Drone strike on a Russian plane in Libya"]
    store.close()
