"""The store at the edges (issue 15): a mistyped path, a read-only store or medium, a full disk."""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from garrison.cli.main import app

STORY = ("Chadian officials said a column of armoured vehicles crossed into Libya near the Salvador Pass overnight, "
         "escorted by foreign contractors, and headed towards the Maaten al-Sarra air base.")
READ_COMMANDS = [["status"], ["events"], ["docs", "Libya"], ["entities"], ["places"], ["happenings"], ["presence"]]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def garrison(*args: str, user_limit=None, unprivileged: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "garrison.cli.main", *args]
    if unprivileged and os.geteuid() == 0:  # root writes anywhere: run as nobody to meet the permissions
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, preexec_fn=user_limit,
                          env=os.environ | {"HOME": "/tmp"}, cwd="/tmp")


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_do_not_create_a_store(tmp_path, command):
    missing = tmp_path / "a" / "b" / "store.db"
    result = run(*command, "--db", str(missing))
    assert result.exit_code == 3
    assert f"no store at {missing}" in " ".join(result.stderr.split())
    assert not (tmp_path / "a").exists()


def test_writing_commands_create_the_store(tmp_path):
    (tmp_path / "story.txt").write_text(STORY)
    store = tmp_path / "new" / "store.db"
    assert run("ingest", str(tmp_path / "story.txt"), "--db", str(store)).exit_code == 0
    assert store.exists()
    assert run("status", "--db", str(store)).exit_code == 0


@pytest.fixture
def shared_dir():
    """A folder another user can enter (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="garrison-edges-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def ingested_store(folder: Path, *, closed: bool) -> Path:
    """A store with one document; ``closed``: by a process that exited (no WAL left beside it)."""
    (folder / "story.txt").write_text(STORY)
    store = folder / "store" / "garrison.db"
    if closed:
        assert garrison("ingest", str(folder / "story.txt"), "--db", str(store)).returncode == 0
        assert not Path(f"{store}-wal").exists()
    else:
        assert run("ingest", str(folder / "story.txt"), "--db", str(store)).exit_code == 0
    return store


@pytest.mark.parametrize("closed", [True, False], ids=["closed-cleanly", "with-wal"])
def test_a_store_on_read_only_media_opens_for_reading_and_refuses_writes_in_one_line(shared_dir, closed):
    store = ingested_store(shared_dir, closed=closed)
    for path in store.parent.iterdir():
        path.chmod(0o444)
    store.parent.chmod(0o555)
    status = garrison("status", "--db", str(store), "--json", unprivileged=True)
    assert status.returncode == 0, status.stderr
    assert '"documents": 1' in status.stdout.replace("\n", " ") or '"documents": {' in status.stdout
    found = garrison("docs", "Salvador", "--db", str(store), "--json", unprivileged=True)
    assert found.returncode == 0 and "Salvador" in found.stdout
    (shared_dir / "more.txt").write_text(STORY + " Another.")
    (shared_dir / "more.txt").chmod(0o644)
    refused = garrison("ingest", str(shared_dir / "more.txt"), "--db", str(store), unprivileged=True)
    assert refused.returncode == 3
    assert refused.stderr.strip().count("\n") == 0 and "read-only" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_full_disk_is_one_line_and_exit_3_and_the_store_stays_whole(tmp_path):
    store = tmp_path / "store.db"
    (tmp_path / "one.txt").write_text(STORY)
    assert garrison("ingest", "--db", str(store), str(tmp_path / "one.txt")).returncode == 0
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(300):
        (corpus / f"{n}.txt").write_text(f"Report {n}. " + " ".join(f"w{n}x{k}" for k in range(400)))
    size = sum(path.stat().st_size for path in tmp_path.glob("store.db*"))

    def small_disk() -> None:  # files may grow by 200 kB: the batch write fails as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 200_000, size + 200_000))

    full = garrison("ingest", "--db", str(store), str(corpus), user_limit=small_disk)
    assert full.returncode == 3, full.stderr
    assert full.stderr.strip().count("\n") == 0 and full.stderr.startswith("error: the store could not be used")
    with sqlite3.connect(store) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert stored == connection.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
        assert 1 <= stored < 301
    assert garrison("ingest", "--db", str(store), str(corpus)).returncode == 0
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 301


def test_python_dash_m_garrison_is_the_same_command_line(tmp_path):
    store = tmp_path / "store.db"
    (tmp_path / "one.txt").write_text(STORY)
    command = [sys.executable, "-m", "garrison", "ingest", "--db", str(store), str(tmp_path / "one.txt")]
    ingested = subprocess.run(command, capture_output=True, text=True, timeout=300, env=os.environ | {"HOME": "/tmp"},
                              cwd="/tmp")
    assert ingested.returncode == 0, ingested.stderr
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    unknown = subprocess.run([sys.executable, "-m", "garrison", "no-such-command"], capture_output=True, text=True,
                             timeout=300, cwd="/tmp")
    assert unknown.returncode != 0 and "no-such-command" in unknown.stderr
