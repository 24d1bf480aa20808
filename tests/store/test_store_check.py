"""`garrison check` on both back ends: a sound store, then one with orphans and full-text gaps, then repaired."""

from __future__ import annotations

import json

from sqlalchemy import text
from typer.testing import CliRunner

from garrison.cli.main import app
from garrison.model import Document
from garrison.store import Store
from garrison.store.check import check_store

TEXTS = [f"Report {n}: a column of armoured vehicles crossed the border near Kidal, officials said." for n in range(4)]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_check_finds_orphans_and_full_text_gaps_and_repairs_them(store_url):
    store = Store(store_url)
    docs = [Document(text=body, source_path=f"r{n}.txt") for n, body in enumerate(TEXTS)]
    store.add_documents([(doc, None) for doc in docs])
    store.add_copy(docs[0].id, Document(text=TEXTS[0], source_path="copy-of-r0.txt"))
    assert check_store(store) == []
    result = run("check", "--db", store_url, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []

    with store.engine.begin() as c:  # damage as a crash with foreign keys off, or a careless hand, would
        if store.is_sqlite:
            c.execute(text("PRAGMA foreign_keys=OFF"))
            c.execute(text("DELETE FROM documents_fts WHERE document_id = :id"), {"id": docs[1].id})
        else:
            c.execute(text("SET session_replication_role = replica"))
        c.execute(text("DELETE FROM documents WHERE id = :id"), {"id": docs[0].id})
    found = {(f.check, f.problem.split(" ")[0]): f for f in check_store(store)}
    assert found[("orphans", "document_copies.document_id")].count == 1
    if store.is_sqlite:
        assert found[("full-text", "documents")].count == 1  # r1 lost its full-text row
        assert found[("full-text", "full-text")].count == 1  # r0's row outlived its document

    listed = run("check", "--db", store_url)
    assert listed.exit_code == 1
    assert "would repair: delete 1 orphan row(s) from document_copies" in " ".join(listed.stdout.split())
    repaired = run("check", "--db", store_url, "--repair", "--json")
    assert repaired.exit_code == 0, repaired.stdout
    assert json.loads(repaired.stdout)["findings"] == [] and json.loads(repaired.stdout)["rows_repaired"] >= 1
    if store.is_sqlite:
        assert docs[1].id in [doc.id for doc, _ in store.queries.search("Report 1")]
    store.close()
