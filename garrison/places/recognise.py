"""Finding place mentions: named entities first, the gazetteer where NER misses.

Mentions labelled GPE, LOC, FACILITY (FAC) or NORP come from ``analysis.mentions`` when the
entities stage ran, otherwise from spaCy's NER.  Then capitalised word sequences that name a
notable gazetteer place are added where no entity covers them, guarded against common words,
months and weekdays, stop words and people's names.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from garrison.places.apposition import apposition, settlement_cue_re
from garrison.places.cues import cue_features
from garrison.places.gazetteer import Gazetteer
from garrison.places.gazetteer_sources import PLACES_DATA, abbreviation_keys
from garrison.words import alternation, word_list, words

PLACE_LABELS = {"GPE", "LOC", "FACILITY", "FAC", "NORP"}
# NER labels that the gazetteer may overrule only for sites it knows as military or regional places.
BLOCKING_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "MIL_UNIT", "ARMED_GROUP", "EQUIPMENT",
                   "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "LANGUAGE"}
OVERRULING_FEATURES = {"airbase", "naval_base", "port", "region", "country", "admin1", "continent"}
SITE_FEATURES = {"airbase", "naval_base", "port"}
# Features exempt from the notability floor: curated sites and areas, not small towns.
EXEMPT_FEATURES = {"airbase", "naval_base", "port", "region", "country", "continent", "sea", "ocean", "gulf", "strait"}
# Landmarks stand for their government far more often than for a location ("the White House said"): they are
# resolved when NER or the entities stage offers them, never added by the gazetteer scan.
NOT_SCANNED = {"landmark"}
# Gazetteer matches NER did not find must be at least this notable (log10 population scale).
MIN_IMPORTANCE = 5.0
# Below that, or where NER called the name an organisation or a person, a town of at least this size is proposed
# tentatively: resolution keeps it only beside the text's other places (local news names its small towns).
TENTATIVE_MIN_IMPORTANCE = 3.7
TENTATIVE_LABELS = {"ORG", "PERSON", None}
TENTATIVE_FEATURES = {"city", "admin2", "admin1"}
MAX_WORDS = 4

# Domain words: garrison/data/places/words*.tsv.
_MONTHS_DAYS = words("places", "calendar_words")
# A leading article may be capitalised ("Al-Jufra"); a particle inside a name is lower case ("Gulf of Sirte").
_LEADING_NAME_ARTICLES = "|".join(f"[{a[0].upper()}{a[0]}]{re.escape(a[1:])}" for a in word_list("places", "name_leading_articles"))
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’-])(?:(?:" + _LEADING_NAME_ARTICLES + r")[-‑ ])?[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[ -](?:(?:"
    + alternation("places", "name_particles") + r")[ -])?[A-ZÀ-ÖØ-Þ][\w'’-]*)*",
    re.UNICODE)


@dataclass
class Span:
    start: int
    end: int
    text: str
    label: str | None
    source: str  # ner | mentions | gazetteer | description
    # A town's name the gazetteer scan would not take on its own: a place only if resolution finds it beside the
    # text's other places. The value says why it was held back: NER's label for it ("ORG", "PERSON"), or "small".
    tentative: str | None = None


@functools.cache
def stopnames() -> frozenset[str]:
    with open(PLACES_DATA / "stopnames.tsv", encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if line.strip() and not line.startswith("#")), delimiter="\t")
        return frozenset(r["word"].casefold() for r in rows)


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset(_spacy_stop_words("en") | _spacy_stop_words("fr"))


def _spacy_stop_words(language: str) -> set[str]:
    """spaCy's stop list for ``language``, read from its file alone.

    ``from spacy.lang.fr.stop_words import …`` runs ``spacy.lang.fr`` first, whose tokenizer exceptions compile
    for 2.4 CPU seconds: every worker process and Ray actor paid that at start-up for a list of words."""
    import importlib.util

    import spacy

    path = Path(spacy.__file__).parent / "lang" / language / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_garrison_spacy_stop_words_{language}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return set(module.STOP_WORDS)


_LEADING_ARTICLE = re.compile(r"(?:(?:the|The|THE|la|le|les|La|Le|Les)\s+|[lLdD]['’]\s*|(?:[a-z]+\s+)+(?=[A-Z]))")
_TRAILING_MARKS = re.compile(r"(?:['’]s?|[.,;:\-–—])+$")
_INITIALISM_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive or punctuation from a span."""
    span = text[start:end]
    m = _LEADING_ARTICLE.match(span)
    if m and m.end() < len(span):  # also lower-case words NER swept in: "as Cyprus", "north west London"
        start += m.end()
        span = text[start:end]
    m = _TRAILING_MARKS.search(span)
    if m and m.start() > 0:
        kept = span[: m.start() + 1]
        # "U.S.", "D.C.", "Calif.": the period belongs to the abbreviation
        initialism = _INITIALISM_END.search(kept) is not None
        end = start + (len(kept) if kept in abbreviation_keys() or initialism else m.start())
    return start, end


def _guarded(word_run: str) -> bool:
    words = word_run.split()
    folded = word_run.casefold()
    if folded in stopnames() or folded in _MONTHS_DAYS:
        return True
    if len(words) == 1 and not word_run.isupper() and (folded in _stop_words() or len(word_run) < 3):
        return True
    return False


# An elided article glued to a name, also to one that opens with a lower-case article ("d’al-Joufra").
_ELISION = re.compile(r"\b([dlDL])['’](?=[A-ZÀ-ÖØ-Þ]|(?:" + _LEADING_NAME_ARTICLES + r")[-‑])")
# Facilities named by a designation rather than a capitalised name: "air base 101", "base aérienne 201".
_DESIGNATION = re.compile(r"\b(?:" + alternation("places", "designation_cues", space=r"\s+") + r")\s+\d{2,3}\b", re.I)
_FUZZY_CUE = re.compile(r"\b(?:" + alternation("places", "fuzzy_cue_nouns") + r")\s+(?:" + alternation("places", "of_words")
                        + r")\s+(?:(?:" + alternation("places", "fuzzy_cue_articles") + r")\s+)?$", re.I)


_WORD = re.compile(r"\S+")


def _overlaps(s: int, e: int, taken: list[tuple[int, int, str | None]]) -> tuple[int, int, str | None] | None:
    for t in taken:
        if s < t[1] and t[0] < e:
            return t
    return None


class _TakenIndex:
    """The spans of ``taken`` filed by the stretch of text they cover, so that the first span (in list order)
    overlapping a candidate is found among its neighbours: scanning the whole list for each candidate made a
    long document's cost grow with the square of its length."""

    STRETCH = 512  # characters

    def __init__(self, taken: list[tuple[int, int, str | None]]):
        self.stretches: dict[int, list[tuple[int, tuple[int, int, str | None]]]] = {}
        self.added = 0
        for t in taken:
            self.add(t)

    def _keys(self, s: int, e: int) -> range:
        return range(s // self.STRETCH, max(s, e - 1) // self.STRETCH + 1)

    def add(self, t: tuple[int, int, str | None]) -> None:
        for key in self._keys(t[0], t[1]):
            self.stretches.setdefault(key, []).append((self.added, t))
        self.added += 1

    def first_overlap(self, s: int, e: int) -> tuple[int, int, str | None] | None:
        """What ``_overlaps(s, e, taken)`` returns."""
        found = None
        for key in self._keys(s, e):
            for n, t in self.stretches.get(key, ()):
                if s < t[1] and t[0] < e and (found is None or n < found[0]):
                    found = (n, t)
        return None if found is None else found[1]

    def remove(self, t: tuple[int, int, str | None]) -> None:
        """Forget the first span equal to ``t``, as ``taken.remove(t)`` does."""
        first = min(n for key in self._keys(t[0], t[1]) for n, u in self.stretches.get(key, ()) if u == t)
        for key in self._keys(t[0], t[1]):
            self.stretches[key] = [(n, u) for n, u in self.stretches[key] if n != first]


def _neighbour_ok(text: str, tokens: list[tuple[int, int]], index: int, best) -> bool:
    """A name inside a longer capitalised run ("Vladimir Putin", "Wall Street") is part of another name,
    unless the run's other word is a title or institution word after a demonym/country ("Russian President")."""
    if index < 0 or index >= len(tokens):
        return True
    word = text[tokens[index][0]:tokens[index][1]].strip(".,;:'’")
    return best.feature in ("country", "continent") and word.casefold() in stopnames()


def gazetteer_spans(text: str, taken: list[tuple[int, int, str | None]], gazetteer: Gazetteer) -> list[Span]:
    """Capitalised runs (and their sub-runs, longest first) naming a notable place no place entity covers."""
    out: list[Span] = []
    lowercase_words = set(re.findall(r"\b[a-zà-ÿ][\w-]+\b", text))
    # Words of multi-word person names ("Xi Chen") stay names when they recur alone ("Chen said").
    person_words = {w for ts, te, label in taken if label == "PERSON" and " " in text[ts:te].strip()
                    for w in text[ts:te].split()}
    scan = _ELISION.sub("  ", text)

    held: list[Span] = []
    index = _TakenIndex(taken)

    def accept(s: int, e: int, best, label: str) -> None:
        out.append(Span(s, e, text[s:e], label, "gazetteer"))
        taken.append((s, e, label))
        index.add((s, e, label))

    def hold(s: int, e: int, best, label: str | None) -> None:
        if (best.feature in TENTATIVE_FEATURES and best.importance >= TENTATIVE_MIN_IMPORTANCE
                and label in TENTATIVE_LABELS and not any(s < h.end and h.start < e for h in held)):
            held.append(Span(s, e, text[s:e], "GPE", "gazetteer", tentative=label or "small"))

    for m in _DESIGNATION.finditer(text):
        if _overlaps(m.start(), m.end(), [t for t in taken if t[2] in PLACE_LABELS]) is None:
            found = gazetteer.lookup(m.group(), fuzzy=False)
            if found:
                accept(m.start(), m.end(), found[0], "FACILITY")

    for m in _CAPITALISED_RUN.finditer(scan):
        tokens = [t.span() for t in _WORD.finditer(scan, m.start(), m.end())]
        i = 0
        while i < len(tokens):
            matched = False
            for j in range(min(len(tokens), i + MAX_WORDS), i, -1):
                s, e = trim(text, tokens[i][0], tokens[j - 1][1])
                surface = text[s:e]
                if not surface or _guarded(surface):
                    continue
                if len(surface.split()) == 1 and not surface.isupper() and surface.lower() in lowercase_words:
                    continue  # the text uses it as an ordinary word elsewhere ("mobile", "reading")
                hit = index.first_overlap(s, e)
                if hit is not None and (hit[2] or "ANY") in PLACE_LABELS | {"ANY"}:
                    continue  # inside a place entity or a span taken before: passed over below whatever it names
                fuzzy = bool(_FUZZY_CUE.search(text[max(0, s - 25):s])) and len(surface) >= 5
                after_comma = text[max(0, s - 2):s] == ", "
                found = gazetteer.lookup(surface, fuzzy=fuzzy)
                codes = [c for c in found if c.match == "code"]
                # A two-letter code is a state after a comma ("Elgin, IL"), or a country or union it alone names
                # ("US", "UK", "EU"); "SA" (South Africa, South Australia, a company's "SA") is neither.
                sole_area_code = len(codes) == 1 and codes[0].feature in ("country", "continent")
                candidates = [c for c in found if (c.match != "fuzzy" or fuzzy) and (
                    c.match != "code" or len(surface) > 2 or after_comma or sole_area_code)]
                if not candidates:
                    continue
                # Sites named like their district ("Jufra" the air base and the district) count as the site.
                sites = [c for c in candidates if c.feature in SITE_FEATURES]
                best = max(sites or candidates, key=lambda c: c.importance)
                if len(surface) <= 2 and best.feature not in ("country", "admin1", "continent"):
                    continue
                if best.feature in NOT_SCANNED or any(c.feature in NOT_SCANNED and c.match == "name" for c in candidates):
                    continue  # "White House" is the landmark (and its government) before it is Casablanca's alias
                if surface in person_words and best.feature not in ("country", "continent"):
                    continue
                inside_org = hit is not None and hit[2] not in PLACE_LABELS | {"PERSON", None}
                if not inside_org and not (_neighbour_ok(text, tokens, i - 1, best)
                                           and _neighbour_ok(text, tokens, j, best)):
                    continue
                if hit is not None:
                    label = hit[2] or "ANY"
                    exact = (hit[0], hit[1]) == (s, e) or trim(text, hit[0], hit[1]) == (s, e)
                    if label in PLACE_LABELS or label == "ANY":
                        continue
                    site = best.feature in OVERRULING_FEATURES
                    # NER often calls a bare place name ORG/PERSON (metonymy: "Moscow said"); a name inside a
                    # longer entity ("Wall Street Journal") stays that entity's, unless it is a military site.
                    if exact and not (site or fuzzy or best.importance >= (6.5 if label == "PERSON" else 5.5)):
                        hold(s, e, best, hit[2])
                        continue
                    # Places named inside organisations ("Jamaica Observer", "European Commission") are toponyms
                    # too; inside a person's name they are not.
                    embedded_ok = label != "PERSON" and (best.feature in ("country", "admin1", "continent")
                                                         or best.importance >= 5.5)
                    if not exact and not embedded_ok and best.feature not in SITE_FEATURES:
                        if label == "ORG":
                            hold(s, e, best, label)  # "the Beverly Hills Police Department", "Slidell PD"
                        continue
                floor = MIN_IMPORTANCE + (1.0 if best.match == "alias" and best.feature == "city" else 0.0)
                if hit is None and best.feature == "city" and len(surface.split()) == 1:
                    floor += 0.5  # a lone capitalised word nobody tagged: a surname as often as a town
                if fuzzy:
                    floor = MIN_IMPORTANCE - 0.5  # "the port of Torbruk": the cue vouches for a place
                if best.importance < floor and best.feature not in EXEMPT_FEATURES and not (
                        # "Soum province", "Oudalan district": the text says what kind of place it is
                        hit is None and best.feature in AREA_CUED and best.feature in cue_features(text, s, e)):
                    if hit is None:
                        hold(s, e, best, None)
                    continue
                if hit is not None and exact:
                    taken.remove(hit)
                    index.remove(hit)
                accept(s, e, best, "NORP" if best.match == "demonym" else "GPE")
                i = j
                matched = True
                break
            if not matched:
                i += 1
    return out + [sp for sp in held if _overlaps(sp.start, sp.end, [(t.start, t.end, None) for t in out]) is None]


# Areas a cue word next to the name ("province", "district", "county") vouches for whatever their size.
AREA_CUED = {"admin1", "admin2", "region"}



_LOCATIVE_BEFORE = re.compile(r"(?:^|[^\w'’])(?:" + alternation("places", "locative_words", space=r"\s+")
                              + r")\s+(?:(?:the|la|le|les)\s+)?$", re.I)
_LIST_GAP = re.compile(r"^\s*,?\s*(?:" + alternation("places", "list_words") + r")\s*$", re.I)


_NAME_SHAPE = re.compile(r"^[A-ZÀ-ÖØ-Þ](?:[a-zß-öø-ÿ'’-]+[A-ZÀ-ÖØ-Þ]?)+[a-zß-öø-ÿ]*$|^(?:[A-Z]\.){2,}$")


def looks_like_a_name(word: str) -> bool:
    """Capitalised like a place's name ("Portroe", "Khayelitsha", "N.B."), not like a code or a brand ("OT", "GT3",
    "T*SOL", "MURALS")."""
    return bool(_NAME_SHAPE.match(word.strip()))


def placed_by_words(text: str, start: int, end: int, places: list[tuple[int, int]] = ()) -> bool:
    """Whether the words around a name say it is a place: a preposition of place before it ("in Portroe", "à
    Inata"), a settlement noun ("the village of Nagrig"), or a list it shares with ``places`` ("from Tondiata and
    Adjarara"). For names NER guessed to be places that no gazetteer holds ("Dropbox", "Wavepiston")."""
    before = text[max(0, start - 30):start]
    if _LOCATIVE_BEFORE.search(before) or re.search(r"\bof\s+$", before) and any(
            m.start("name") == start for m in settlement_cue_re().finditer(text, max(0, start - 30), end + 1)):
        return True
    for s, e in places:
        gap = text[e:start] if e <= start else text[end:s] if s >= end else None
        if gap is not None and len(gap) <= 8 and _LIST_GAP.match(gap):
            return True
    return False


def spans_from_doc(doc) -> list[tuple[int, int, str, str]]:
    """(start, end, text, label) for the entities of a spaCy Doc."""
    return [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]


def _is_area(name: str, gazetteer: Gazetteer) -> bool:
    """A country, state or continent keeps its place reading even when a person bears its name ("Jordan")."""
    return any(c.feature in ("country", "admin1", "continent") for c in gazetteer.lookup(name, fuzzy=False))


def recognise(text: str, entities: list[tuple[int, int, str, str]], gazetteer: Gazetteer,
              source: str = "ner") -> list[Span]:
    """Place spans from NER/mention entities plus gazetteer matches, sorted by position."""
    spans: list[Span] = []
    taken: list[tuple[int, int, str | None]] = []
    # NER calls a person's surname a place when it recurs alone ("President Muhammadu Buhari ... Buhari said").
    person_words = {w for start, end, _surface, label in entities if label == "PERSON"
                    for w in text[start:end].split() if " " in text[start:end].strip()}
    for start, end, _surface, label in entities:
        label = "FACILITY" if label == "FAC" else label
        taken.append((start, end, label))
        if label in PLACE_LABELS:
            s, e = trim(text, start, end)
            if e > s and (text[s:e] not in person_words or _is_area(text[s:e], gazetteer)):
                spans.append(Span(s, e, text[s:e], label, source))
    spans += gazetteer_spans(text, taken, gazetteer)
    spans += described_places(text, spans, taken)
    firm = [(sp.start, sp.end, None) for sp in spans if not sp.tentative]
    spans = [sp for sp in spans if not sp.tentative or _overlaps(sp.start, sp.end, firm) is None]
    spans.sort(key=lambda sp: sp.start)
    return spans


def described_places(text: str, spans: list[Span], taken: list[tuple[int, int, str | None]]) -> list[Span]:
    """Names the text itself calls places, whatever NER made of them: "Inata is a village in Soum province",
    "the village of Adjarara". Villages the gazetteer lacks are the places conflict notes name most."""
    out: list[Span] = []
    places = sorted((sp for sp in spans if sp.label in PLACE_LABELS and sp.label != "NORP" and not sp.tentative),
                    key=lambda sp: sp.start)
    found: list[tuple[int, int]] = []
    for sp in places:
        window_start = max(0, sp.start - 120)
        for m in _CAPITALISED_RUN.finditer(text, window_start, sp.start):
            if apposition(text[m.end():sp.start]) is not None:
                found.append(trim(text, m.start(), m.end()))
                break
    for m in settlement_cue_re().finditer(text):
        found.append(trim(text, m.start("name"), m.end("name")))
    for s, e in found:
        surface = text[s:e]
        if e <= s or _guarded(surface) or any(sp.start <= s and e <= sp.end for sp in spans + out if not sp.tentative):
            continue
        hit = _overlaps(s, e, taken)
        if hit is not None and hit[2] in PLACE_LABELS:
            continue
        if hit is not None:
            taken.remove(hit)  # NER's ORG or PERSON for a name the text calls a village
        taken.append((s, e, "GPE"))
        out.append(Span(s, e, surface, "GPE", "description"))
    return out
