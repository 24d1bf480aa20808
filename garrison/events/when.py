"""When an event happened: the time choice of the event extractor.

In order (``attributes.time_basis``, docs/formats.md): the event's own expression or the one of its
clause or sentence; else, when the sentence continues a happening its paragraph already dated, that
time (``inherited``: an earlier event of the same type in the paragraph; ``paragraph``: the date the
paragraph opens on); else the publication date, flagged ``time_from_dct`` (``publication``).  A time is
never taken from another paragraph: a new paragraph of a news report often turns to background or to
another happening.  The time keeps the precision of what was written (a month, a season, "in recent
months" stay intervals), and an act told as a run of days ("over two days", "since Monday … (source dated
22/06)") is dated to the run, which the ACLED export writes one row per day.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from dataclasses import dataclass
from datetime import timedelta

from garrison.dates import lexicon as dates_lexicon
from garrison.events import triggers
from garrison.events.syntax import governing_verb, trigger_head
from garrison.geo import distance_km
from garrison.ingest.datelines import find_dateline
from garrison.model import Analysis, Event, Precision, TimeSpan
from garrison.words import words

_TIME_TYPES = ("DATE", "TIME")
_STATED_BASES = ("own", "clause", "sentence")
# "On 3 March, …", "Last week, …": a date phrase opening a paragraph governs what the paragraph tells
_OPENING_WORDS = words("events", "time_opening_words")
_SPECIFIC_DETERMINERS = words("events", "specific_determiners")
_DEFINITE_ARTICLES = words("events", "definite_articles")
_GUESSED_BASES = ("paragraph", "document", "country", "capital")  # where.py's places not read from the event's own sentence
_ESTABLISHING_PREPS = words("events", "establishing_preps")
# physical acts a report tells over several sentences (a statement is told once: each is its own happening)
_CONTINUING_TYPES = words("events", "continuing_types")
# the acts a coder's note tells as one happening: the continuing types, and a protest or an arrest with its sequel
_NOTE_ACT_TYPES = words("events", "note_act_types")
_NOTE_PRECISIONS = (Precision.DAY, Precision.WEEK)
_COMPARISON_SINCE = words("events", "comparison_since")
_COMPARISON_MARKS = words("events", "comparison_marks")
DEICTIC_REACH_DAYS = 7  # how far before the publication the quoted source's day may lie
# "attacked the village over two days": a length in days on the act spreads its day into a run of days
_RUN_LENGTH_PREPS = words("events", "run_length_preps")
# "killing five since Monday (source dated 22/06)": the day a run opens on, up to the day the sentence writes
_RUN_OPENING_PREPS = words("events", "run_opening_preps")
_DAYS_DURATION = re.compile(r"P(\d+)D")
# a stretch longer than a month is a campaign or a state, not a run of days told as one act
MAX_RUN_DAYS = 31


@dataclass(frozen=True)
class TimeChoice:
    span: TimeSpan | None
    basis: str | None  # own | clause | sentence | publication; None when nothing dates the event
    from_publication: bool = False


def own_time(analysis: Analysis, doc, head) -> TimeChoice:
    """The time written in the event's own sentence (its phrase first, then its clause, then the nearest),
    else the publication date, flagged."""
    sent = head.sent
    verb = governing_verb(head)
    candidates = []
    for timex in timexes_within(analysis, doc, sent.start_char, sent.end_char):
        if timex.span is None or timex.type not in _TIME_TYPES or _in_dateline(analysis.document.text, timex):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or _in_other_relative_clause(span.root, head) or _bounds_a_comparison(span, head):
            continue
        governed = _attached(span.root, head)
        governed_by_verb = verb is not None and span.root in verb.subtree
        distance = min(abs(t.i - head.i) for t in span)
        # "recent" in "after recent looting" yields to the date the sentence gives ("On 13 April")
        vague = timex.span.precision == Precision.APPROXIMATE
        if vague and not governed:
            # "to protest against a recent string of attacks": the vague word tells when the argument happened
            continue
        candidates.append((vague, 0 if governed else (1 if governed_by_verb else 2), distance, timex))
    if candidates:
        _, rank, _, timex = min(candidates, key=lambda c: (c[0], c[1], c[2]))
        timex = _written_day_of_deictic(analysis, timex, [c[3] for c in candidates])
        span = _run_opened_on(doc, timex, [c[3] for c in candidates]) or timex.span
        return TimeChoice(spread_over_stated_length(analysis, doc, head, span), ("own", "clause", "sentence")[rank])
    return publication_time(analysis)


def spread_over_stated_length(analysis: Analysis, doc, head, span: TimeSpan | None) -> TimeSpan | None:
    """"Militia attacked the village over two days. Five were killed on 20 June.": an act whose own phrase gives its
    length in days ("over two days", "for three days", "pendant deux jours") lasted that many days from the day it is
    dated to, as ACLED codes such a happening one row per day.  Only a single day is spread; a length anchored to the
    publication ("over the past two days") is a stretch up to now, not the act's length."""
    if head is None or span is None or span.precision != Precision.DAY or span.start != span.end:
        return span
    sent = head.sent
    for timex in timexes_within(analysis, doc, sent.start_char, sent.end_char):
        found = _DAYS_DURATION.fullmatch(timex.value or "") if timex.type == "DURATION" and timex.span is None else None
        if found is None or not 2 <= int(found.group(1)) <= MAX_RUN_DAYS:
            continue
        phrase = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if phrase is None or not _attached(phrase.root, head):
            continue
        # the expression may hold its preposition ("over two days") or hang on it ("for [two days]")
        prep = phrase.root if phrase.root.pos_ == "ADP" else phrase.root.head
        if prep.lower_ not in _RUN_LENGTH_PREPS:
            continue
        end = span.start + timedelta(days=int(found.group(1)) - 1)
        return TimeSpan(span.start, end, Precision.DAY, value=span.value, text=span.text, anchor=span.anchor,
                        anchor_inferred=span.anchor_inferred)
    return span


def _run_opened_on(doc, chosen, in_sentence: list) -> TimeSpan | None:
    """"Police killed five since Monday (source dated 22/06)": a day that opens a run ("since", "depuis") in a
    sentence that also writes out a later day, within a week, ran up to that day — the day the note's source speaks
    from.  With no such day the run's end is the speaker's now, which the text does not state: the day stays."""
    span = chosen.span
    phrase = doc.char_span(chosen.start, chosen.end, alignment_mode="expand")
    if span is None or span.precision != Precision.DAY or span.start != span.end or phrase is None:
        return None
    prep = phrase.root if phrase.root.pos_ == "ADP" else phrase.root.head
    if prep.lower_ not in _RUN_OPENING_PREPS:
        return None
    later = {t.span.start for t in in_sentence if t is not chosen and t.span.precision == Precision.DAY
             and t.span.start == t.span.end and dates_lexicon.is_written_day(t.text)
             and 0 < (t.span.start - span.start).days <= DEICTIC_REACH_DAYS}
    if len(later) != 1:
        return None
    return TimeSpan(span.start, later.pop(), Precision.DAY, value=span.value, text=span.text, anchor=span.anchor,
                    anchor_inferred=span.anchor_inferred)


def _written_day_of_deictic(analysis: Analysis, chosen, in_sentence: list):
    """"Four soldiers wounded in today's fighting across the city on 22 June", published on 24 June: a sentence
    that says "today" or "yesterday" and writes out one day of the days just before the publication was written on
    that day's terms (a note or agency copy quoting its source, a story re-dated), so the deictic day is the written
    one.  The dates stage keeps the deictic at the publication (TimeML's convention for the expression itself); this
    is the event's time.  Two written days, or one far from the publication, leave the deictic as it is."""
    published = analysis.document.published
    if published is None or chosen.span.precision != Precision.DAY or not dates_lexicon.is_deictic_day(chosen.text):
        return chosen
    written = [t for t in in_sentence if t.span.precision == Precision.DAY and t.span.start == t.span.end
               and dates_lexicon.is_written_day(t.text)]
    days = {t.span.start for t in written}
    if len(days) != 1:
        return chosen
    day = written[0].span.start
    if day != chosen.span.start and 0 < (published - day).days <= DEICTIC_REACH_DAYS:
        return written[0]
    return chosen


def _bounds_a_comparison(span, head=None) -> bool:
    """"It is his first meeting with Putin since 2019", "the first visit since the fall of Assad in December", "the
    deadliest attack since March", "the ninth such flight since the beginning of the month": the time opens the
    stretch over which the event is the first, the extreme or the n-th of its kind (an ordinal counts the kind over
    the stretch), which says the event came after it, not when.  ``head``: the event's token, which must be what is
    compared; None: any noun compared (a sentence that counts the happening told before it)."""
    node = span.root
    for _ in range(6):
        if node.lower_ in _COMPARISON_SINCE or any(t.lower_ in _COMPARISON_SINCE for t in span if t.head.i == node.i):
            compared = node.head if node.lower_ in _COMPARISON_SINCE else node
            # "it was the ninth such flight since …": the parser may hang "since" on the copula; the noun it
            # predicates is what is counted
            compared = next((c for c in compared.children if c.dep_ == "attr"), compared)
            # the event is what is compared; "its biggest fall since the September 11 attacks" still dates the attacks
            return (head is None or compared.i == head.i) and any(
                c.lower_ in _COMPARISON_MARKS or c.tag_ == "JJS" or c.ent_type_ == "ORDINAL"
                for c in compared.children)
        if (head is not None and node.i == head.i) or node.head.i == node.i:
            return False
        node = node.head
    return False


def _in_dateline(text: str, timex) -> bool:
    """The expression is the date of a dateline ("Bamako, 19 January 2025 – A column …"): the day the report was
    filed, not the time of what its first sentence tells ("footage broadcast on Friday")."""
    found = _dateline_of(text)
    if found is None:
        return False
    line_start, line_end, day = found
    return line_start <= timex.start < line_end and timex.span.start == timex.span.end == day


_DATELINE_DASH = re.compile(r"\s[-–—]+(?=\s|$)")


def dateline_range(text: str) -> tuple[int, int] | None:
    """Where the report's dateline stands ("LONDON, Dec 13 (Reuters) -"), as character offsets, or None."""
    found = _dateline_of(text)
    if found is None:
        return None
    start, end, _ = found
    # a long line's dateline is cut a few words past its date ("BAMAKO, July 29 (Reuters) - Russia's …"): the
    # sentence begins after the dash
    dash = _DATELINE_DASH.search(text, start, end)
    return start, (dash.end() if dash else end)


@functools.lru_cache(maxsize=4)
def _dateline_of(text: str) -> tuple[int, int, object] | None:
    dateline = find_dateline(text)
    if dateline is None:
        return None
    start = text.find(dateline.text)
    return None if start < 0 else (start, start + len(dateline.text), dateline.date)


def _in_other_relative_clause(root, head) -> bool:
    """The expression sits in a relative clause on one of the event's arguments ("arrive to break up violence that
    occurred on June 23"): it dates that argument's happening, not the event.  A relative clause on the event's own
    noun or subject ("the attack that took place on Monday killed five") still dates it, and so may one outside the
    event's phrase, as the nearest time of its sentence."""
    above = {head, *head.ancestors}
    node = root
    while node not in above and node.head.i != node.i:  # positions: each access makes a new Token object
        if node.dep_ in ("relcl", "acl:relcl") and node.pos_ in ("VERB", "AUX"):  # spaCy English, UD
            antecedent = node.head
            if antecedent.i == head.i or (antecedent.head.i == head.i and antecedent.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")):
                return False
            if _ongoing(node):
                # "hit a plane that was carrying jammers at X in December": the progressive tells the argument's
                # state while the event happened, so the clause's time is the event's
                return False
            # "killed in an air strike that hit his house on Monday": a clause on, or telling, an act of the event's
            # own kind tells the same happening
            kinds = _trigger_types(head.doc)
            own_kind = kinds.get(head.i)
            same_kind = own_kind is not None and own_kind in (kinds.get(node.i), kinds.get(antecedent.i))
            return head in node.ancestors and not same_kind
        node = node.head
    return False


def _ongoing(verb) -> bool:
    """The verb is in the progressive ("was carrying", English) or the imperfect ("transportait", French)."""
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children):
        return True
    return "Imp" in verb.morph.get("Tense")


_TRIGGERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # parse → {trigger head: event type}


def _trigger_types(doc) -> dict[int, str]:
    found = _TRIGGERS.get(doc)
    if found is None:
        found = _TRIGGERS[doc] = {hit.head: hit.type for hit in triggers.find(doc)}
    return found


_SORTED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # parse → (its analysis's timexes, sorted, starts)


def timexes_within(analysis: Analysis, doc, start: int, end: int) -> list:
    """The analysis's time expressions beginning in [start, end) of its parse ``doc``, by bisection over them sorted
    once (asked once per event of a long document, a scan of every expression grew with the square of its length)."""
    found = _SORTED.get(doc)
    if found is None or found[0] is not analysis.timexes or found[1] != len(analysis.timexes):
        ordered = sorted(analysis.timexes, key=lambda t: t.start)
        found = _SORTED[doc] = (analysis.timexes, len(analysis.timexes), ordered, [t.start for t in ordered])
    _, _, ordered, starts = found
    return ordered[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _attached(root, head) -> bool:
    """The expression hangs on the trigger itself, maybe through a preposition ("the strike on 3 March"),
    not deeper inside one of its arguments ("demanding protection after recent looting")."""
    node = root
    for _ in range(3):
        if node.head.i == node.i:
            return False
        if node.head.i == head.i:
            return True
        node = node.head
        if node.dep_ not in ("prep", "case", "pobj", "obl", "nmod", "npadvmod", "compound"):
            return False
    return False


def publication_time(analysis: Analysis) -> TimeChoice:
    published = analysis.document.published
    if published is None:
        return TimeChoice(None, None)
    return TimeChoice(TimeSpan(published, published, Precision.DAY, text=None, anchor=published),
                      "publication", from_publication=True)


def paragraph_of(text: str, offset: int) -> int:
    """The number of the paragraph (line) holding character ``offset``: extracted news text keeps one
    paragraph a line."""
    return bisect.bisect_left(_line_breaks(text), offset)


@functools.lru_cache(maxsize=4)
def _line_breaks(text: str) -> list[int]:
    """The offsets of the text's line breaks, found once: counting them up to each offset, once per sentence and
    per event, made a long document's cost grow with the square of its length."""
    return [m.start() for m in re.finditer("\n", text)]


def opening_times(analysis: Analysis, doc) -> dict[int, TimeSpan]:
    """paragraph number → the date its first sentence opens on ("On 3 March, …", "Last week, …")."""
    text = analysis.document.text
    first_sentence: dict[int, object] = {}
    for sent in doc.sents:
        first_sentence.setdefault(paragraph_of(text, sent.start_char), sent)
    found: dict[int, TimeSpan] = {}
    for timex in analysis.timexes:
        if timex.span is None or timex.type not in _TIME_TYPES:
            continue
        paragraph = paragraph_of(text, timex.start)
        sent = first_sentence.get(paragraph)
        if sent is None or paragraph in found or not (sent.start_char <= timex.start < sent.end_char):
            continue
        lead = text[sent.start_char:timex.start].strip(" ,:;-–—\t").lower()
        # only what opens the sentence, maybe after a label ("Looting: On 12 April …") or a preposition
        if lead == "" or lead.endswith(":") or lead in _OPENING_WORDS or lead.split(":")[-1].strip() in _OPENING_WORDS:
            found[paragraph] = timex.span
    return found


def inherit_within_paragraphs(analysis: Analysis, events: list[Event], paragraphs: list[int]) -> list[Event]:
    """An event dated only by publication takes the time its paragraph gives the same happening.

    ``paragraphs`` holds each event's paragraph number.  News text tells a happening in several sentences
    and dates it once ("last June … the plane was badly damaged"): the time of the last earlier event of
    the same type in the paragraph, else the date the paragraph opens on, else the time a later sentence
    of the paragraph states for the same type of event.  Across paragraphs only what is visibly the same
    happening (see :func:`_same_happening_earlier`).  An expression of an unrelated sentence never dates it.
    """
    openings = opening_times(analysis, analysis.nlp_doc) if analysis.nlp_doc is not None else {}
    last_timed: dict[tuple[int, str], Event] = {}
    timed: list[Event] = []
    for event, paragraph in zip(events, paragraphs):
        if event.time_from_dct:
            earlier = last_timed.get((paragraph, event.type)) or _same_happening_earlier(
                event, timed, _refers_back(analysis.nlp_doc, event))
            if earlier is not None:
                event.time, event.time_from_dct = earlier.time, False
                event.attributes["time_basis"] = "inherited"
            elif paragraph in openings:
                event.time, event.time_from_dct = openings[paragraph], False
                event.attributes["time_basis"] = "paragraph"
        elif event.time is not None:
            last_timed[(paragraph, event.type)] = event
            timed.append(event)
    # "Militia attacked the village. Five were killed on 20 June.": a later sentence of the paragraph
    # dating the same kind of event dates the happening the paragraph opened on
    next_timed: dict[tuple[int, str], Event] = {}
    for event, paragraph in reversed(list(zip(events, paragraphs))):
        if event.time_from_dct:
            later = next_timed.get((paragraph, event.type))
            if later is not None:
                event.time, event.time_from_dct = later.time, False
                event.attributes["time_basis"] = "inherited"
        elif event.time is not None and event.attributes.get("time_basis") in _STATED_BASES:
            next_timed[(paragraph, event.type)] = event
    # "The camp fell to the army's brigades on 24 June. The battalion killed all those inside.": a note of one
    # paragraph that states one date dates the physical acts it tells.  Not a news article's paragraph: its one date
    # is as often another act's ("repairing the runway since the end of November")
    only_date = _note_date(analysis)
    for event in events:
        # a statement or a meeting told beside the note's act is its own happening ("officials met to discuss")
        if event.time_from_dct and only_date is not None and event.type in _NOTE_ACT_TYPES:
            event.time, event.time_from_dct = only_date, False
            event.attributes["time_basis"] = "note_date"
    if _one_paragraph(analysis):
        _date_from_nearest_act(events)
    doc = analysis.nlp_doc
    if doc is not None:
        for event in events:
            # "Militia attacked the village over two days. Five were killed on 20 June.": the day lent by the
            # paragraph is the first of the run the act's own phrase gives (own days were spread by own_time)
            if not event.time_from_dct and event.attributes.get("time_basis") not in _STATED_BASES:
                event.time = spread_over_stated_length(analysis, doc, trigger_head(doc, event), event.time)
    return events


def _date_from_nearest_act(events: list[Event]) -> None:
    """In a note of one paragraph, a physical act no sentence dates takes the time of the nearest act the note dates,
    of whatever type ("Army and police arrive to break up the violence. One soldier killed when the forces
    intervened on 24 June."): a coder's note or a brief tells one happening, its acts typed apart (a deployment, the
    shooting it led to); the earlier act first, as a report goes on about what it told.  Statements stay their own."""
    dated = [(index, event) for index, event in enumerate(events) if event.type in _NOTE_ACT_TYPES
             and event.time is not None and event.attributes.get("time_basis") in _STATED_BASES]
    if not dated:
        return
    for index, event in enumerate(events):
        if not event.time_from_dct or event.type not in _NOTE_ACT_TYPES:
            continue
        _, nearest = min(dated, key=lambda pair: (abs(pair[0] - index), pair[0] > index))
        event.time, event.time_from_dct = nearest.time, False
        event.attributes["time_basis"] = "note_date"  # lent by the note, as salience reads it


def _one_paragraph(analysis: Analysis) -> bool:
    return "\n" not in analysis.document.text.strip()


def _note_date(analysis: Analysis) -> TimeSpan | None:
    """The one day (or week) a text of one paragraph states, if it states exactly one; None for a text of several
    paragraphs or days.  A note dates its happening by its day: a year or a month in it tells the background of an
    argument ("a militia which had been set up in 2012"), and "recently" dates nothing."""
    if not _one_paragraph(analysis):
        return None
    found: dict[tuple, TimeSpan] = {}
    for timex in analysis.timexes:
        span = timex.span
        if span is not None and timex.type in _TIME_TYPES and span.precision in _NOTE_PRECISIONS:
            found.setdefault((span.start, span.end, span.precision), span)
    return next(iter(found.values())) if len(found) == 1 else None


# Two places this close are one site for retelling: a town and its airport, a base and the town beside it
SAME_SITE_KM = 25.0


def _same_site(one, other) -> bool:
    if one is None or other is None or (one.precision or 3) >= 3 or (other.precision or 3) >= 3:
        return False
    return one.id == other.id or distance_km(one.lat, one.lon, other.lat, other.lon) <= SAME_SITE_KM


def _refers_back(doc, event: Event) -> bool:
    """The trigger, or the subject of a verbal trigger, is a noun a definite or demonstrative determiner ties
    to what was already told ("the strikes", "these talks", "ces frappes", "l'attaque")."""
    root = trigger_head(doc, event)
    if root is None:
        return False
    if root.pos_ in ("VERB", "AUX"):
        # "the strikes killed 21 civilians", "the Il-76 was badly damaged": a definite subject is given
        # information, the sentence goes on about what was told
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")]
        return any(_definite(s) for s in subjects)
    return root.pos_ in ("NOUN", "PROPN") and _definite(root) and not _identified_by_complement(root)


def _identified_by_complement(noun) -> bool:
    """"the installation of an arms factory", "la construction d'une usine": the article is owed to the
    complement that says which act is meant (an establishing description), not to an earlier mention;
    a demonstrative ("this installation of …") still points back."""
    determiners = {c.lower_ for c in noun.children if c.dep_ == "det"}
    if not determiners or not determiners <= _DEFINITE_ARTICLES:
        return False
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in _ESTABLISHING_PREPS:
            return True
        if child.dep_.startswith("nmod") and any(c.dep_ == "case" and c.lower_ in _ESTABLISHING_PREPS
                                                for c in child.children):
            return True
    return False


def _definite(noun) -> bool:
    return noun.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "det" and c.lower_ in _SPECIFIC_DETERMINERS for c in noun.children)


def _same_happening_earlier(event: Event, timed: list[Event], refers_back: bool) -> Event | None:
    """The last earlier dated event of another paragraph that is visibly the same happening: the same type
    and either a definite reference back ("the strikes") or the same site, materiel or target ("last June
    a drone struck the Il-76 at Kharuba" … a later paragraph: "the Il-76 was badly damaged").  Sharing only
    an actor is not enough: one actor does many things."""
    for earlier in reversed(timed):
        if earlier.type != event.type:
            continue
        if refers_back:
            return earlier
        # a place guessed from the rest of the report is no sign of the same happening
        same_site = event.attributes.get("location_basis") not in _GUESSED_BASES and _same_site(
            event.location, earlier.location)
        if same_site or set(event.materiel) & set(earlier.materiel) or set(event.targets) & set(earlier.targets):
            return earlier
        if event.type in _CONTINUING_TYPES and _no_place_of_its_own(event, earlier):
            # a report tells a physical happening in many sentences and dates it once: a later sentence of the
            # same kind that places it nowhere else ("denied that its drones had struck any target in Libya") goes on
            # about it; the publication date would say it happened on the day of the report
            return earlier
    return None


def _no_place_of_its_own(event: Event, earlier: Event) -> bool:
    """Placed nowhere, or only in the country of the earlier event's own site: nothing in the sentence tells
    another happening's place.  A place guessed from the rest of the report does not count as none: "elsewhere,
    engineers built a road" is another act, which the guess places where the report's acts are."""
    if event.location is None:
        return True
    if event.attributes.get("location_basis") in _GUESSED_BASES:
        return False
    place, before = event.location, earlier.location
    return (place.precision or 3) >= 3 and before is not None and bool(place.country) and place.country == before.country
