"""The stages on a real local Ray (two actors): the store ends as an in-process run leaves it."""

from __future__ import annotations

import shutil

import pytest
import ray  # noqa: E402 — the ray extra is part of .[test]: a missing Ray fails, it is not skipped
from sqlalchemy import select

from garrison import pipeline
from garrison.ingest.into_store import ingest
from garrison.store import Store
from garrison.store import schema as t

REPORTS = {
    "strike.txt": "Fri. Nov 22nd, 2024\n\nA drone struck a Russian Il-76 cargo aircraft on the runway of the al-Khadim "
                  "air base in eastern Libya last June, the broadcaster reported, citing local sources. The US command "
                  "for Africa denied any part in the attack.\n",
    "parade.txt": "Tanks and armoured personnel carriers were shown in the streets of Bamako during a parade on "
                  "January 17, 2025, the Malian state broadcaster said. The vehicles, T-72B3 tanks and BTR-82A "
                  "carriers among them, are thought to have come by sea.\n",
    "deploy.txt": "Sat. Jan 4th, 2025\n\nRussian forces moved S-400 launchers from Tartus to Maaten al-Sarra in Libya "
                  "in December, Reuters reported, citing satellite images. Moscow did not comment.\n",
}


def _contents(store: Store) -> dict[str, list]:
    """What the stages stored, without row numbers and timings."""
    tables = {"entities": t.entities, "mentions": t.mentions, "toponyms": t.toponyms, "timexes": t.timexes,
              "events": t.events, "claims": t.claims}
    found = {}
    with store.engine.connect() as c:
        for name, table in tables.items():
            columns = [col for col in table.columns if col.name != "id" or name in ("entities", "events", "claims")]
            found[name] = sorted(repr(tuple(r)) for r in c.execute(select(*columns)))
        found["stage_runs"] = sorted(c.execute(select(t.stage_runs.c.document_id, t.stage_runs.c.stage)).all())
    return found


@pytest.mark.slow
def test_a_local_ray_run_stores_what_an_in_process_run_stores_and_a_rerun_does_nothing(tmp_path):
    from garrison.engines import ray as ray_engine

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, text in REPORTS.items():
        (corpus / name).write_text(text)
    in_process = Store(f"sqlite:///{tmp_path / 'in-process.db'}")
    ingest(in_process, [str(corpus)])
    in_process.close()
    shutil.copy(tmp_path / "in-process.db", tmp_path / "ray.db")
    in_process = Store(f"sqlite:///{tmp_path / 'in-process.db'}")
    on_ray = Store(f"sqlite:///{tmp_path / 'ray.db'}")

    expected = pipeline.run(in_process)
    try:
        summary = ray_engine.run(on_ray, batch_size=1, actors=2)
        assert summary.processed == expected.processed == {"entities": 3, "places": 3, "dates": 3, "events": 3}
        assert not summary.failures
        # Both actors worked: the batches were handed out to the pool, not to whichever actor came up first.
        actors = summary.engine["actors"]
        assert len(actors) == 2 and sorted(a["documents"] for a in actors) == [1, 2]
        assert all(a["busy_s"] > 0 and a["loading_s"] > 0 for a in actors)
        assert ray.is_initialized()
        resources = ray.cluster_resources()
        assert resources["CPU"] >= 1 and resources["object_store_memory"] <= 300 * 2**20  # the laptop settings
        stored = _contents(on_ray)
        assert stored == _contents(in_process)
        assert stored["events"], "the corpus has events: an empty store would compare equal too"
        again = ray_engine.run(on_ray, batch_size=1, actors=2)  # resumable: nothing left pending
        assert again.processed == {"entities": 0, "places": 0, "dates": 0, "events": 0}
    finally:
        ray.shutdown()
        in_process.close()
        on_ray.close()


def test_batches_are_sized_so_that_every_actor_gets_several_and_none_exceeds_the_asked_size():
    from garrison.engines.ray import BATCHES_PER_ACTOR, sized_batch

    for count in (1, 3, 7, 64, 200, 199, 5000):
        for largest in (1, 8, 64):
            for actors in (1, 2, 5):
                size = sized_batch(count, largest, actors)
                assert 1 <= size <= largest
                batches = -(-count // size)
                assert batches >= min(count, actors * BATCHES_PER_ACTOR) or size == largest
                if size < largest:  # shrunk for the pool's sake, and not below what that needs
                    assert size >= count // (actors * BATCHES_PER_ACTOR)
