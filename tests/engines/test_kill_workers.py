"""SIGKILL `garrison ingest` and `garrison process --workers 2` at seeded points, on SQLite and PostgreSQL.

Each back end takes 23 kills, spread over the run: 3 during ingest, 8 in `process --workers 2` (while its
workers start, between the stages' saves, and after the last document stage, before fusion is saved)
and 12 during fusion (a `process --workers 2 --redo --stage fusion`, killed between the moment it forgets
fusion's last run and the moment it saves the new one).  After every kill:

* no process of the killed command's session is left (the workers and multiprocessing's resource tracker
  die with their parent),
* the store's processing lock is free,
* nothing is half-written: each document stage's rows are there for exactly the documents it marked done,
  and equal the uninterrupted run's rows for them; fusion's outputs are all there or none;

and a rerun to completion leaves a store equal to the uninterrupted run's (every table, ids included;
only timestamps, durations and autoincrement row numbers are left out) — after every ingest and fusion
kill, and after the chain of kills in the stages (each run of the chain resumes the one killed before it).
The kill points are drawn from a seeded generator; where a point is a moment in time rather than a
count in the store, a run that ended first is not counted and the point is drawn again, earlier.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import DateTime, Integer, create_engine, inspect, select

from garrison.store import schema

GARRISON = str(Path(sys.executable).with_name("garrison"))
SEED = 15
BATCH = {"GARRISON_PIPELINE_BATCH_SIZE": "2"}  # many small saves: many places for a kill to land
STAGE_TABLES = {"entities": ("mentions",), "places": ("toponyms",), "dates": ("timexes",),
                "events": ("events", "claims")}
FUSION_TABLES = ("happenings", "happening_events", "presences")
LEFT_OUT = {("corpus_runs", "inputs")}  # the marks fusion read: their timestamps differ from run to run

ACTORS = ["Russian forces", "Turkish troops", "the Malian army", "Wagner contractors", "French special forces",
          "Chadian soldiers"]
MATERIEL = ["Il-76 transport aircraft", "T-72 tanks", "Bayraktar TB2 drones", "armoured vehicles",
            "S-300 air defence systems", "Mi-24 helicopters"]
PLACES = ["Kidal", "Gao", "Tobruk", "Benghazi", "Sirte", "Niamey", "Timbuktu", "Sabha"]
OUTLETS = ["Reuters", "AFP", "RFI", "Al Jazeera"]
VERBS = ["deployed", "moved", "delivered", "withdrew"]


def write_corpus(root: Path, happenings: int = 6, reports: int = 3) -> None:
    """Each happening told by several outlets, so that fusion has reports to merge."""
    rng = random.Random(SEED)
    root.mkdir(parents=True)
    for h in range(happenings):
        actor, kit, place, verb = rng.choice(ACTORS), rng.choice(MATERIEL), rng.choice(PLACES), rng.choice(VERBS)
        day = rng.randrange(1, 27)
        for r in range(reports):
            outlet = OUTLETS[(h + r) % len(OUTLETS)]
            elsewhere = rng.choice([p for p in PLACES if p != place])
            (root / f"h{h:02d}-r{r}.txt").write_text(
                f"{place}, {day + 1} March 2025 ({outlet}) - {actor.capitalize()} {verb} {rng.randrange(3, 40)} "
                f"{kit} to {place} on {day} March 2025, according to local officials. Residents of {place} said "
                f"the convoy arrived at night. A week earlier, {rng.choice(ACTORS)} had reinforced positions near "
                f"{elsewhere}, {outlet} reported, citing satellite images. The ministry of defence declined to "
                f"comment.")


def garrison(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([GARRISON, *args], capture_output=True, text=True, timeout=900,
                          env=os.environ | (env or {}))
    assert done.returncode == 0, (args, done.stderr[-2000:])
    return done


# ---------------------------------------------------------------------------
# the store, seen from this process


class Watched:
    """A store URL, read from this process while a command writes it."""

    def __init__(self, url: str, sqlite_path: Path | None = None):
        self.url, self.sqlite_path = url, sqlite_path
        self._connection = None

    def count(self, sql: str) -> int | None:
        """The value of ``sql``, or None while the tables do not exist yet."""
        try:
            if self.sqlite_path is not None:
                if not self.sqlite_path.exists():
                    return None
                if self._connection is None:
                    self._connection = sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True, timeout=30)
                return self._connection.execute(sql).fetchone()[0]
            import psycopg

            if self._connection is None:
                self._connection = psycopg.connect(self.url, autocommit=True)
            return self._connection.execute(sql).fetchone()[0]
        except (sqlite3.OperationalError, sqlite3.DatabaseError):
            self.close()
            return None
        except Exception as error:  # psycopg: a table that is not there yet
            if type(error).__module__.startswith("psycopg"):
                self.close()
                return None
            raise

    def marks(self) -> int:
        return self.count("SELECT count(*) FROM stage_runs") or 0

    def fusion_saved(self) -> bool:
        return bool(self.count("SELECT count(*) FROM corpus_runs WHERE stage = 'fusion'"))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def lock_is_free(self) -> bool:
        if self.sqlite_path is not None:
            with open(f"{self.sqlite_path}.process-lock", "a+b") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return False
                fcntl.flock(handle, fcntl.LOCK_UN)
                return True
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as c:
            taken = c.execute("SELECT pg_try_advisory_lock(7302)").fetchone()[0]
            if taken:
                c.execute("SELECT pg_advisory_unlock(7302)")
            return taken

    def snapshot(self) -> dict[str, list[dict]]:
        """Every table, each row a dict of JSON-encoded values, sorted; without what differs between runs."""
        engine = create_engine(self.url.replace("postgresql://", "postgresql+psycopg://", 1))
        tables = {}
        try:
            with engine.connect() as c:
                existing = set(inspect(c).get_table_names())  # a run killed early may not have made them
                for table in schema.metadata.sorted_tables:
                    if table.name not in existing:
                        tables[table.name] = []
                        continue
                    columns = [col for col in table.columns
                               if not isinstance(col.type, DateTime) and col.name != "seconds"
                               and (table.name, col.name) not in LEFT_OUT
                               and not (col.primary_key and isinstance(col.type, Integer))]
                    rows = [{col.name: json.dumps(value, sort_keys=True, default=repr)
                             for col, value in zip(columns, row)}
                            for row in c.execute(select(*columns))]
                    tables[table.name] = sorted(rows, key=lambda r: sorted(r.items()))
        finally:
            engine.dispose()
        return tables


def assert_nothing_half_written(store: dict, reference: dict) -> None:
    """What a killed run left is a part of the uninterrupted run, cut at a transaction's edge."""
    for name in ("documents", "document_copies"):
        assert all(row in reference[name] for row in store[name]), name
    # an entity is shared by documents and merged as they come: its id is final, its aliases may still grow
    assert {row["id"] for row in store["entities"]} <= {row["id"] for row in reference["entities"]}
    done: dict[str, set] = {}
    for mark in store["stage_runs"]:
        done.setdefault(json.loads(mark["stage"]), set()).add(mark["document_id"])
    for stage, tables in STAGE_TABLES.items():
        for name in tables:
            here = [row for row in store[name] if row["document_id"] in done.get(stage, set())]
            assert here == store[name], f"{name} rows of documents {stage} has not marked done"
            expected = [row for row in reference[name] if row["document_id"] in done.get(stage, set())]
            assert here == expected, f"{name}: the rows of the documents {stage} marked done"
    for name in FUSION_TABLES:
        assert store[name] in ([], reference[name]), f"{name} is neither empty nor whole"


# ---------------------------------------------------------------------------
# killing


def session_members(session: int) -> list[int]:
    """Live processes of a session (the killed command started one: its workers and tracker stay in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def spawned_workers(session: int) -> int:
    count = 0
    for pid in session_members(session):
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                count += 1
        except OSError:
            pass
    return count


def kill_when(args: list[str], condition, env: dict | None = None, timeout: float = 600) -> dict:
    """Run a garrison command and SIGKILL it once ``condition(started, pid)`` holds.

    Returns what was seen: whether the kill landed (the command was still running), the processes of its
    session at the kill, and those alive 10 s later."""
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen([GARRISON, *args], stdout=subprocess.DEVNULL, stderr=errors,
                            env=os.environ | (env or {}), start_new_session=True)
    started = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - started < timeout:
            if condition(started, proc.pid):
                break
            time.sleep(0.005)
        if proc.poll() is not None:
            errors.seek(0)
            return {"killed": False, "returncode": proc.returncode, "stderr": errors.read().decode()[-2000:]}
        os.kill(proc.pid, signal.SIGSTOP)  # frozen, it starts no process while its session is listed
        members = session_members(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        deadline = time.monotonic() + 10  # a worker looks for its parent every 0.5 s
        left = session_members(proc.pid)
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = session_members(proc.pid)
        return {"killed": True, "at": time.monotonic() - started, "members": members, "left": left}
    finally:
        for pid in session_members(proc.pid):  # never leave anything behind, whatever was asserted
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        errors.close()


def after(seconds: float):
    return lambda started, _pid: time.monotonic() - started >= seconds


def check_kill(outcome: dict, store: Watched, reference: dict, what: str) -> dict:
    assert outcome["killed"], f"{what}: the run ended (rc {outcome.get('returncode')}) before its kill point"
    assert outcome["left"] == [], f"{what}: processes of the killed run still alive: {outcome['left']}"
    assert store.lock_is_free() or _lock_freed_soon(store), f"{what}: the processing lock is still held"
    snapshot = store.snapshot()
    assert_nothing_half_written(snapshot, reference)
    return snapshot


def _lock_freed_soon(store: Watched) -> bool:
    # PostgreSQL ends a dead client's session (and its advisory lock) once it sees the socket closed
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if store.lock_is_free():
            return True
        time.sleep(0.2)
    return False


# ---------------------------------------------------------------------------
# the stores


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request, tmp_path):
    """``make_store(name)`` -> a fresh empty store on the back end of the parameter."""
    made: list[str] = []

    def make(name: str) -> Watched:
        if request.param == "sqlite":
            path = tmp_path / f"{name}.db"
            return Watched(f"sqlite:///{path}", path)
        import psycopg

        base = request.getfixturevalue("postgres_url")
        database = f"kill_{os.getpid()}_{name}_{time.monotonic_ns()}"
        with psycopg.connect(base, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{database}"')
        made.append(database)
        return Watched(base.rsplit("/", 1)[0] + f"/{database}")

    watched: list[Watched] = []

    def tracked(name: str) -> Watched:
        store = make(name)
        watched.append(store)
        return store

    yield tracked
    for store in watched:
        store.close()
    if made:
        import psycopg

        with psycopg.connect(request.getfixturevalue("postgres_url"), autocommit=True) as c:
            for database in made:
                c.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.mark.slow
def test_killed_at_seeded_points_with_workers_then_rerun_equals_an_uninterrupted_run(make_store, tmp_path):
    rng = random.Random(SEED)
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    process = ["process", "--workers", "2"]

    # the uninterrupted run
    reference = make_store("reference")
    started = time.monotonic()
    garrison("ingest", str(corpus), "--db", reference.url, "--quiet")
    ingest_seconds = time.monotonic() - started
    garrison(*process, "--db", reference.url, env=BATCH)
    expected = reference.snapshot()
    for name in ("documents", "events", "claims", "happenings", "presences"):
        assert expected[name], f"the uninterrupted run stored no {name}: nothing to compare"
    total_marks = len(expected["stage_runs"])
    phases = {"reference": round(time.monotonic() - started, 1)}
    kills = {"ingest": 0, "startup": 0, "stages": 0, "before fusion saved": 0, "fusion": 0, "after fusion saved": 0}

    # during ingest: each kill on a fresh store, then ingest again to completion
    for point in range(3):
        victim = make_store(f"ingest{point}")
        delay = rng.uniform(0.2, 0.9) * ingest_seconds
        for _attempt in range(6):
            outcome = kill_when(["ingest", str(corpus), "--db", victim.url, "--quiet"], after(delay))
            if outcome["killed"]:
                break
            delay /= 2
            victim.close()
            victim = make_store(f"ingest{point}")
        check_kill(outcome, victim, expected, f"ingest kill {point}")
        kills["ingest"] += 1
        garrison("ingest", str(corpus), "--db", victim.url, "--quiet")
        again = victim.snapshot()
        for name in ("documents", "document_copies", "rejects"):
            assert again[name] == expected[name], name

    phases["ingest kills"] = round(time.monotonic() - started - sum(phases.values()), 1)

    # in process --workers 2: a chain of kills, each run resuming the one killed before it
    def workers_up_then(delay: float):
        state: dict = {}

        def condition(started, pid):
            if "since" not in state and spawned_workers(pid) >= 1:
                state["since"] = time.monotonic()
            return "since" in state and (time.monotonic() - state["since"] >= delay or victim.marks() > marks_before)
        return condition

    plan = [("startup", rng.uniform(0.0, 2.0)), ("startup", rng.uniform(0.0, 2.0))]
    thresholds = sorted(rng.sample(range(4, total_marks - 4, 2), 5))
    plan += [("stages", threshold) for threshold in thresholds] + [("before fusion saved", total_marks)]
    for kind, value in plan:
        marks_before = victim.marks()
        if kind == "startup":
            condition = workers_up_then(value)
        else:
            condition = (lambda threshold: lambda _s, _p: victim.marks() >= threshold)(value)
        outcome = kill_when([*process, "--db", victim.url], condition, env=BATCH)
        landed = check_kill(outcome, victim, expected, f"{kind} kill at {value}")
        if kind == "before fusion saved" and landed["happenings"]:
            kind = "after fusion saved"
        elif kind != "before fusion saved":
            assert len(landed["stage_runs"]) < total_marks
        kills[kind] += 1
    garrison(*process, "--db", victim.url, env=BATCH)
    assert victim.snapshot() == expected
    assert subprocess.run([GARRISON, "check", "--db", victim.url], capture_output=True).returncode == 0

    phases["stage kills"] = round(time.monotonic() - started - sum(phases.values()), 1)

    # during fusion: forgotten, then killed before (mostly) or after its outputs are saved; rerun each time
    def fusion_window() -> float:
        """Seconds from the moment a redo forgets fusion's last run to the moment it saves the new one."""
        state: dict = {}

        def condition(_started, _pid):
            saved = victim.fusion_saved()
            if not saved and "forgotten" not in state:
                state["forgotten"] = time.monotonic()
            if saved and "forgotten" in state:
                state["saved"] = time.monotonic()
            return False

        kill_when([*process, "--redo", "--stage", "fusion", "--db", victim.url], condition)
        assert "saved" in state, "fusion was never seen forgotten, then saved"
        return state["saved"] - state["forgotten"]

    window = fusion_window()
    for point in range(12):
        delay = rng.uniform(0.0, 0.9) * window
        for _attempt in range(6):
            state: dict = {}

            def condition(_started, _pid, delay=delay, state=state):
                if "forgotten" not in state and not victim.fusion_saved():
                    state["forgotten"] = time.monotonic()
                return "forgotten" in state and time.monotonic() - state["forgotten"] >= delay

            outcome = kill_when([*process, "--redo", "--stage", "fusion", "--db", victim.url], condition)
            if outcome["killed"]:
                break
            delay /= 2
        landed = check_kill(outcome, victim, expected, f"fusion kill {point}")
        saved = any(json.loads(row["stage"]) == "fusion" for row in landed["corpus_runs"])
        kills["after fusion saved" if saved else "fusion"] += 1
        if saved:  # the machine is faster now than when the window was measured: draw the next ones earlier
            window *= 0.7
        garrison(*process, "--db", victim.url, env=BATCH)
        assert victim.snapshot() == expected, f"after fusion kill {point}"

    phases["fusion kills"] = round(time.monotonic() - started - sum(phases.values()), 1)
    assert sum(kills.values()) >= 20 + 3, kills
    assert kills["fusion"] >= 6, f"most fusion kills must land before its outputs are saved: {kills}"
    print(f"kills: {kills}; phases (s): {phases}")
