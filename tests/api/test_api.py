"""The JSON API over real HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import httpx


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_happenings_fuse_three_reports_into_one_contested_deployment(api):
    body = api.get("/api/happenings").json()
    by_type = {h["type"]: h for h in body["items"]}
    assert set(by_type) == {"DEPLOY", "ASSAULT", "MOBILIZE"}  # the background one is left out by default
    deploy = by_type["DEPLOY"]
    assert deploy["reports"] == 3 and deploy["contradicted"] is True
    assert deploy["stances"] == {"asserted": 1, "reported": 1, "denied": 1}
    assert body["names"]["armed_group:africa-corps"] == "Africa Corps"


def test_happening_filters(api):
    assert len(ids(api.get("/api/happenings", params={"min_reports": 3}))) == 1
    assert len(ids(api.get("/api/happenings", params={"contested": "true"}))) == 1
    assert len(ids(api.get("/api/happenings", params={"contested": "false"}))) == 2
    assert [h["type"] for h in api.get("/api/happenings", params={"type": "assault,mobilize"}).json()["items"]] == [
        "ASSAULT", "MOBILIZE"]
    assert len(ids(api.get("/api/happenings", params={"actor": "africa-corps"}))) == 2
    assert len(ids(api.get("/api/happenings", params={"place": "ML"}))) == 1
    assert len(ids(api.get("/api/happenings", params={"stance": "denied"}))) == 1
    assert len(ids(api.get("/api/happenings", params={"since": "2024-07-01", "until": "2024-12-31"}))) == 1
    assert len(ids(api.get("/api/happenings", params={"bbox": "30,20,33,22"}))) == 1
    with_background = api.get("/api/happenings", params={"include_background": "true"}).json()["items"]
    assert len(with_background) == 4 and with_background[0]["attributes"]["background"] is True  # 1980s first


def test_cursor_pagination_serves_every_happening_once_in_order(api):
    everything = ids(api.get("/api/happenings", params={"include_background": "true"}))
    seen, cursor = [], None
    while True:
        params = {"include_background": "true", "limit": 1} | ({"cursor": cursor} if cursor else {})
        page = api.get("/api/happenings", params=params).json()
        seen += [h["id"] for h in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == everything and len(seen) == 4


def test_cursor_pagination_with_an_exact_filter(api):
    first = api.get("/api/happenings", params={"actor": "africa-corps", "limit": 1}).json()
    second = api.get("/api/happenings", params={"actor": "africa-corps", "limit": 1,
                                                "cursor": first["next_cursor"]}).json()
    assert first["next_cursor"] and second["next_cursor"] is None
    assert {h["type"] for h in first["items"] + second["items"]} == {"DEPLOY", "MOBILIZE"}


def test_bad_cursor_and_bad_values_are_json_errors(api):
    response = api.get("/api/happenings", params={"cursor": "not-a-cursor"})
    assert response.status_code == 400 and "cursor" in response.json()["error"]
    response = api.get("/api/happenings", params={"since": "June"})
    assert response.status_code == 422 and response.json()["detail"][0]["where"] == "query.since"
    assert api.get("/api/happenings", params={"bbox": "1,2,3"}).status_code == 422
    assert api.get("/api/happenings/h:nope").json() == {"error": "no happening with id 'h:nope'", "detail": None}


def test_happening_detail_has_claims_sources_and_names(api):
    deploy = next(h for h in api.get("/api/happenings").json()["items"] if h["type"] == "DEPLOY")
    detail = api.get(f"/api/happenings/{deploy['id']}").json()
    claims = [c for e in detail["events"] for c in e["claims"]]
    assert sorted(c["stance"] for c in claims) == ["asserted", "denied", "reported"]
    assert {detail["documents"][c["document_id"]]["outlet"] for c in claims} == {"Alpha News", "Beta Wire",
                                                                                  "Gamma Post"}
    assert any(c["source_chain"] == ["Beta Wire", "officials"] for c in claims)
    assert detail["names"]["equipment:su-24"] == "Su-24"
    assert detail["syndicated_copies"] == 0


def test_events_documents_entities_places(api):
    events = api.get("/api/events", params={"stance": "denied"}).json()["items"]
    assert [e["claims"][0]["outlet"] for e in events] == ["Gamma Post"]
    hits = api.get("/api/documents", params={"q": "Tinzaouaten"}).json()["items"]
    assert [h["outlet"] for h in hits] == ["Delta Daily"] and "[" in hits[0]["snippet"]
    doc = api.get(f"/api/documents/{hits[0]['id']}").json()
    assert doc["text"].startswith("Rebels ambushed") and doc["events"][0]["type"] == "ASSAULT"
    listed = ids(api.get("/api/documents", params={"limit": 2}))
    rest = api.get("/api/documents", params={"limit": 2, "cursor": api.get(
        "/api/documents", params={"limit": 2}).json()["next_cursor"]})
    assert len(listed) == 2 and not set(listed) & set(ids(rest))
    entity = api.get("/api/entities/armed_group:africa-corps").json()
    assert entity["name"] == "Africa Corps" and {e["type"] for e in entity["events"]} == {"DEPLOY", "MOBILIZE"}
    assert api.get("/api/entities/person:nobody").status_code == 404
    presence = api.get("/api/presence", params={"actor": "africa-corps"}).json()["items"]
    # "forces moving in Libya" says nothing al-Khadim (in Libya) does not: no country row beside the base
    assert {p["place"]["name"] for p in presence} == {"al-Khadim Air Base"}


def test_export_is_exactly_the_filtered_listing(api):
    response = api.get("/api/export/happenings", params={"format": "csv", "actor": "africa-corps"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    listed = api.get("/api/happenings", params={"actor": "africa-corps"}).json()["items"]
    assert [r["happening_id"] for r in rows] == [h["id"] for h in listed]
    assert rows[0]["actor1"] == "Africa Corps"
    geo = json.loads(api.get("/api/export/happenings", params={"format": "geojson", "type": "DEPLOY"}).text)
    assert [f["geometry"]["coordinates"] for f in geo["features"]] == [[21.19, 31.99]]
    lines = api.get("/api/export/events", params={"format": "jsonl", "stance": "denied"}).text.splitlines()
    assert [json.loads(x)["source"] for x in lines] == ["Gamma Post"]
    assert api.get("/api/export/happenings", params={"format": "exe"}).status_code == 422


def test_export_of_the_filter_in_the_ecosystem_formats(api):
    from stix2validator import ValidationOptions, validate_string

    response = api.get("/api/export/events", params={"format": "stix", "stance": "denied"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/stix+json")
    assert response.headers["content-disposition"].endswith('garrison-events.json"')
    bundle = json.loads(response.text)
    assert bundle["type"] == "bundle"
    assert validate_string(response.text, ValidationOptions(version="2.1")).is_valid
    opinions = [o for o in bundle["objects"] if o["type"] == "opinion"]
    assert [o["x_garrison_stance"] for o in opinions] == ["denied"]  # only what the filter lists
    # ACLED's CSV holds events, not presence timelines: said, not an empty file
    refused = api.get("/api/export/presence", params={"format": "acled"})
    assert refused.status_code == 422 and "acled exports events" in refused.text


def test_status_and_openapi(api):
    status = api.get("/api/status").json()
    assert status["documents"] == 5 and status["events"] == 5
    spec = api.get("/api/openapi.json").json()
    assert {"/api/happenings", "/api/ingest", "/api/presence", "/api/export/{what}"} <= set(spec["paths"])


def test_the_compact_listing_is_the_full_one_cut_to_what_the_app_draws(api):
    for params in ({"include_background": "true"}, {"actor": "africa-corps"}, {"place": "ML"}, {"limit": 1}):
        full = api.get("/api/happenings", params=params).json()
        compact = api.get("/api/happenings", params=params | {"compact": "true"}).json()
        assert [h["id"] for h in compact["items"]] == [h["id"] for h in full["items"]] != []
        assert compact["next_cursor"] == full["next_cursor"] and compact["names"] == full["names"]
        for small, whole in zip(compact["items"], full["items"], strict=True):
            for dropped in ("event_ids", "outlets", "first_reported", "last_reported"):
                assert dropped not in small and dropped in whole
            for kept in ("type", "mode", "actors", "targets", "materiel", "reports", "stances", "contradicted"):
                assert small[kept] == whole[kept]
            for role in ("location", "origin", "destination"):
                assert (small[role] is None) == (whole[role] is None)
                if whole[role]:
                    assert small[role] == {k: v for k, v in whole[role].items() if k not in ("admin1", "geonameid")}
            if whole["time"]:
                assert small["time"] == {k: whole["time"][k] for k in ("start", "end", "precision")}
            assert small["attributes"] == {k: v for k, v in whole["attributes"].items()
                                           if k in ("background", "time_from_dct")}
    assert len(api.get("/api/happenings?compact=true").content) < len(api.get("/api/happenings").content)


def test_happenings_pages_name_every_party_even_with_brackets_and_quotes_in_ids(api):
    # The listing sends the stored JSON as it is and finds the parties' ids in its text: an id holding ']' or
    # '"' must still be found, named, and sent back unchanged, in both the full and the compact form.
    from garrison.model import Analysis, Document, Entity, Label

    odd = Entity(Label.ARMED_GROUP, "Odd Brigade", id='armed_group:odd]"brigade')
    doc = Document(text="Odd Brigade was seen.", outlet="Zeta", language="en", source_path="zeta.txt")
    api.store.add_documents([(doc, None)])
    api.store.save_stage("entities", ("entities",), [Analysis(document=doc, entities=[odd])], 0.0)
    happenings = api.facts["happenings"]
    happenings[0].actors.append(odd.id)
    happenings[1].materiel.append(odd.id)  # the last list: its ']' is where the text's lists seem to end
    api.store.replace_fusion(happenings, [])
    for compact in ("false", "true"):
        body = api.get("/api/happenings", params={"compact": compact}).json()
        assert odd.id in [a for h in body["items"] for a in h["actors"]]
        assert odd.id in [a for h in body["items"] for a in h["materiel"]]
        assert body["names"][odd.id] == "Odd Brigade"
        assert body["names"]["armed_group:africa-corps"] == "Africa Corps"
        assert body["names"]["armed_group:fama"] == "Malian armed forces"  # a target


def test_postgresql_plans_a_new_fusion_on_its_own_statistics(postgres_url, tmp_path):
    # replace_fusion writes every row of the happening tables anew; the side filters' index plans (the listing's
    # p95 on PostgreSQL) depend on the planner knowing their size straight away, not after autovacuum.
    import psycopg

    from garrison.store import Store

    from .helpers import fill

    name = f"t_stats_{tmp_path.name[-20:]}".replace("-", "_").lower()
    with psycopg.connect(postgres_url, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    store = Store(url)
    try:
        facts = fill(store)
        with psycopg.connect(url) as c:
            planned = dict(c.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN "
                                     "('happenings', 'happening_stances')").fetchall())
            stored = {table: c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("happenings", "happening_stances")}
        assert stored["happenings"] == len(facts["happenings"]) + 1  # and the background one
        assert planned == {table: float(n) for table, n in stored.items()}
    finally:
        store.close()
        with psycopg.connect(postgres_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_compact_pages_may_be_larger_than_full_ones(api):
    everything = ids(api.get("/api/happenings", params={"include_background": "true"}))
    compact = api.get("/api/happenings", params={"include_background": "true", "compact": "true", "limit": 50_000})
    assert ids(compact) == everything
    full = api.get("/api/happenings", params={"limit": 10_001})
    assert full.status_code == 422 and "compact=true" in full.json()["error"]
    assert api.get("/api/happenings", params={"compact": "true", "limit": 50_001}).status_code == 422
