"""Shared fixtures: a throw-away PostgreSQL cluster and store URLs for both back ends."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} was not found: install Debian's 'postgresql' package (make test does it)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_cluster_owner(args: list[str]) -> list[str]:
    # initdb refuses to run as root: run the cluster as the 'postgres' system user then.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server in a temp dir on a free port, torn down after the session."""
    if os.environ.get("GARRISON_TEST_POSTGRES"):
        yield os.environ["GARRISON_TEST_POSTGRES"]
        return
    root = Path(tempfile.mkdtemp(prefix="garrison-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = _free_port()
    subprocess.run(
        _as_cluster_owner([_pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "garrison", "-E", "UTF8",
                           "--no-sync"]),
        check=True, capture_output=True,
    )
    subprocess.run(
        _as_cluster_owner([
            _pg_bin("pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start",
        ]),
        check=True, capture_output=True,
    )
    try:
        yield f"postgresql://garrison@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_cluster_owner([_pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """Each store test runs once on SQLite and once on PostgreSQL (a fresh database each time)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'garrison.db'}"
        return
    import psycopg

    base = request.getfixturevalue("postgres_url")
    name = f"t_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(base.replace("postgresql://", "postgresql://", 1), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(base, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
