"""Hand-built places, documents and events in the register of the seed reports (our own sentences)."""

from __future__ import annotations

from datetime import date

from garrison.model import Claim, Document, Event, Evidence, Place, Precision, Stance, TimeSpan

AL_KHADIM = Place(id="icao:HL59", name="Al-Khadim air base", lat=31.9985, lon=21.1918, feature="airbase",
                  country="LY", precision=1)
AL_JUFRA = Place(id="icao:HL69", name="Al Jufra air base", lat=29.1981, lon=16.001, feature="airbase",
                 country="LY", precision=1)
BENGHAZI = Place(id="geonames:88319", name="Benghazi", lat=32.1167, lon=20.0667, feature="city", country="LY",
                 precision=2)
LIBYA = Place(id="country:LY", name="Libya", lat=28.0, lon=17.0, feature="country", country="LY", precision=3)
CYRENAICA = Place(id="overlay:cyrenaica", name="Cyrenaica", lat=30.5, lon=22.0, feature="region", country="LY",
                  precision=3)
MALI = Place(id="country:ML", name="Mali", lat=17.0, lon=-4.0, feature="country", country="ML", precision=3)
TARTUS = Place(id="geonames:163345", name="Tartus", lat=34.88902, lon=35.88659, feature="city", country="SY",
               precision=2)
HMEIMIM = Place(id="overlay:hmeimim-air-base", name="Hmeimim Air Base", lat=35.4011, lon=35.9487,
                feature="airbase", country="SY", precision=1)
AIR_BASE_101 = Place(id="icao:GABS", name="Air Base 101 (Bamako-Senou)", lat=12.5335, lon=-7.94994,
                     feature="airbase", country="ML", precision=1)
BAMAKO = Place(id="geonames:2460596", name="Bamako", lat=12.60915, lon=-7.97522, feature="city", country="ML",
               precision=2)

RU_AEROSPACE = "mil_unit:russian-aerospace-forces"
AFRICA_CORPS = "mil_unit:africa-corps"
AFRICOM = "mil_unit:africom"
RUSSIA = "gpe:russia"
IL_76 = "equipment:il-76"
AN_124 = "equipment:an-124"
S_400 = "equipment:s-400"
T_72 = "equipment:t-72b3"


def doc(key: str, outlet: str, published: date, duplicate_of: str | None = None) -> Document:
    return Document(text=f"{outlet} report {key}", id=key, outlet=outlet, published=published,
                    duplicate_of=duplicate_of, similarity=0.93 if duplicate_of else None)


def month(year: int, m: int) -> TimeSpan:
    last = (date(year + (m == 12), m % 12 + 1, 1) - date(year, m, 1)).days
    return TimeSpan(start=date(year, m, 1), end=date(year, m, last), precision=Precision.MONTH,
                    value=f"{year}-{m:02d}")


def day(year: int, m: int, d: int) -> TimeSpan:
    return TimeSpan(start=date(year, m, d), end=date(year, m, d), precision=Precision.DAY,
                    value=f"{year}-{m:02d}-{d:02d}")


def year(y: int) -> TimeSpan:
    return TimeSpan(start=date(y, 1, 1), end=date(y, 12, 31), precision=Precision.YEAR, value=str(y))


def event(document: Document, type_: str, sentence: str, *, mode: str | None = None,
          stance: Stance = Stance.ASSERTED, actors=(), targets=(), materiel=(), location: Place | None = None,
          origin: Place | None = None, destination: Place | None = None, time: TimeSpan | None = None,
          offset: int = 0, source_chain=()) -> Event:
    time_from_dct = time is None
    if time is None:
        time = TimeSpan(start=document.published, end=document.published, precision=Precision.DAY,
                        anchor=document.published)
    claim = Claim(event_id="", document_id=document.id, outlet=document.outlet, stance=stance,
                  source_chain=list(source_chain),
                  evidence=[Evidence(start=offset, end=offset + len(sentence), text=sentence)])
    return Event(type=type_, document_id=document.id, mode=mode, trigger=sentence.split()[0],
                 actors=list(actors), targets=list(targets), materiel=list(materiel),
                 location=location or destination, origin=origin, destination=destination, time=time,
                 time_from_dct=time_from_dct, claims=[claim])


def index(*documents: Document) -> dict[str, Document]:
    return {d.id: d for d in documents}
