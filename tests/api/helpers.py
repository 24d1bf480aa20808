"""A small hand-written store (no NLP: records written through the store as the stages would) and a real
uvicorn server on 127.0.0.1 to serve it."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from datetime import date

import httpx
import uvicorn

from garrison.fusion import fuse, presence
from garrison.model import (
    Analysis,
    Claim,
    Document,
    Entity,
    Evidence,
    Event,
    Happening,
    Label,
    Place,
    Precision,
    TimeSpan,
)
from garrison.store import Store

KHADIM = Place("overlay:al-khadim", "al-Khadim Air Base", 31.99, 21.19, "airbase", "LY", precision=1)
TINZAOUATEN = Place("overlay:tinzaouaten", "Tinzaouaten", 19.95, 2.93, "city", "ML", precision=2)
LIBYA = Place("country:LY", "Libya", 26.3, 17.2, "country", "LY", precision=3)
HOSTILE = '<script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2">'

AFRICA_CORPS = Entity(Label.ARMED_GROUP, "Africa Corps")
SU24 = Entity(Label.EQUIPMENT, "Su-24")
FAMA = Entity(Label.ARMED_GROUP, "Malian armed forces", id="armed_group:fama")


def _day(d: date, precision: Precision = Precision.DAY, end: date | None = None) -> TimeSpan:
    return TimeSpan(d, end or d, precision, value=d.isoformat())


def _report(outlet: str, published: date, sentence: str, *, type: str, stance: str, place: Place, when: TimeSpan,
            trigger: str, actors=(), materiel=(), targets=(), url: str | None = None, lead: str = "",
            chain=()) -> Analysis:
    text = f"{lead}{sentence} More text follows here."
    doc = Document(text=text, outlet=outlet, published=published, url=url, language="en",
                   title=f"{outlet} on {type.lower()}", source_path=f"{outlet}.txt")
    start = len(lead)
    claim = Claim("", doc.id, [Evidence(start, start + len(sentence), sentence)], outlet=outlet,
                  source_chain=list(chain), stance=stance)
    event = Event(type, doc.id, trigger=trigger, actors=[a.id for a in actors], targets=[t.id for t in targets],
                  materiel=[m.id for m in materiel], location=place, time=when, claims=[claim])
    return Analysis(document=doc, entities=[*actors, *materiel, *targets], events=[event])


def corpus() -> list[Analysis]:
    june5 = _day(date(2024, 6, 5))
    return [
        _report("Alpha News", date(2024, 6, 10), "Africa Corps deployed two Su-24 jets to al-Khadim on 5 June.",
                type="DEPLOY", stance="asserted", place=KHADIM, when=june5, trigger="deployed",
                actors=[AFRICA_CORPS], materiel=[SU24], url="https://alpha.example/su24"),
        _report("Beta Wire", date(2024, 6, 12), "Officials said Africa Corps deployed Su-24 jets to al-Khadim.",
                type="DEPLOY", stance="reported", place=KHADIM, when=june5, trigger="deployed",
                actors=[AFRICA_CORPS], materiel=[SU24], chain=["Beta Wire", "officials"]),
        _report("Gamma Post", date(2024, 6, 13), "Moscow denied that Africa Corps deployed Su-24 jets to al-Khadim.",
                type="DEPLOY", stance="denied", place=KHADIM, when=june5, trigger="deployed",
                actors=[AFRICA_CORPS], materiel=[SU24]),
        _report("Delta Daily", date(2024, 7, 29), "Rebels ambushed the Malian armed forces at Tinzaouaten.",
                type="ASSAULT", stance="asserted", place=TINZAOUATEN, when=_day(date(2024, 7, 27)),
                trigger="ambushed", targets=[FAMA]),
        _report("Epsilon", date(2025, 1, 20), "Forces were seen moving in Libya during January: " + HOSTILE,
                type="MOBILIZE", stance="speculated", place=LIBYA, trigger="moving",
                when=TimeSpan(date(2025, 1, 1), date(2025, 1, 31), Precision.MONTH, value="2025-01"),
                actors=[AFRICA_CORPS], lead=HOSTILE + " "),
    ]


BACKGROUND = Happening("BASE_PRESENCE", ["e:background"], location=KHADIM, reports=1, outlets=["Alpha News"],
                       stances={"asserted": 1}, time=TimeSpan(date(1980, 1, 1), date(1989, 12, 31), Precision.DECADE),
                       attributes={"background": True, "documents": []})


def fill(store: Store) -> dict[str, object]:
    analyses = corpus()
    store.add_documents([(a.document, None) for a in analyses])
    store.save_stage("entities", ("entities",), analyses, 0.0)
    store.save_stage("events", ("events",), analyses, 0.0)
    events, documents = store.all_events(), store.document_headers()
    happenings = fuse(events, documents)
    store.replace_fusion([*happenings, BACKGROUND], presence(happenings, events, documents))
    return {"analyses": analyses, "happenings": happenings}


@dataclass
class Running:
    url: str
    store: Store
    token: str | None
    facts: dict[str, object]

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.05)
    return server, thread
