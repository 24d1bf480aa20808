"""Long documents cost time in proportion to their length (issue 15): the parse in pieces, the sentence breaks
at line ends, the events stage.  Each check times the same work on a small and on a large input and asks the
cost to grow with the size, not with its square: a ratio holds on a slow or busy machine where a number of
seconds does not.  Times are CPU seconds of this process, the least of three tries; the figures are in
docs/reliability.md (bench/bench_length.py)."""

from __future__ import annotations

import random
import gc
import re
import textwrap
import time
from typing import Callable

from garrison import nlp
from garrison.eval import synthetic
from garrison.model import Analysis, Document


def news(kilobytes: float, seed: int = 15) -> str:
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < kilobytes * 1000:
        body = synthetic.report(rng, len(paragraphs))[1].split("\n\n", 1)[1]
        paragraphs.append(body)
        size += len(body) + 2
    return "\n\n".join(paragraphs)


def cpu_seconds(work: Callable[[], object], tries: int = 3) -> float:
    best = float("inf")
    for _ in range(tries):
        gc.collect()
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def assert_grows_linearly(small: Callable[[], object], large: Callable[[], object], factor: float) -> None:
    """The large input is `factor` times the small one: a linear cost grows about `factor` times, a quadratic
    one `factor` squared; the bound sits well between the two."""
    short, long = cpu_seconds(small), cpu_seconds(large)
    assert long < 3 * factor * max(short, 1e-3), (short, long, factor)


def test_pieces_join_back_into_the_text_and_cut_at_blank_lines_first():
    text = news(70)
    parts = nlp.pieces(text)
    assert "".join(parts) == text and len(parts) >= 4
    assert all(len(p) <= nlp.PIECE_CHARS for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:-1])
    one_line = text.replace("\n\n", " ")  # no blank line: after a full stop
    assert all(p.endswith(". ") for p in nlp.pieces(one_line)[:-1])
    assert "".join(nlp.pieces("x" * 45_000)) == "x" * 45_000  # no break at all: cut where it must
    assert nlp.pieces("short") == ["short"]


def test_a_long_text_parsed_in_pieces_is_the_text_parsed_whole():
    text = "\n\n".join(textwrap.fill(p, 72) for p in news(45).split("\n\n"))
    batch = [Analysis(Document(text=text))]
    nlp.ensure_parsed(batch)
    pieced, whole = batch[0].nlp_doc, nlp.load("en")(text)
    assert pieced.text == text
    assert [t.text for t in pieced] == [t.text for t in whole]
    assert [s.start for s in pieced.sents] == [s.start for s in whole.sents]
    assert [(e.start, e.end, e.label_) for e in pieced.ents] == [(e.start, e.end, e.label_) for e in whole.ents]


def test_sentence_breaks_at_line_ends_take_linear_time():
    # 200 kB of hard-wrapped prose: 84 s when each line break rebuilt the document's text and each mark
    # re-checked the whole document for a parse
    model = nlp.load("en")
    breaks = model.get_pipe("paragraph_breaks")

    def wrapped(kilobytes):
        return "\n\n".join(textwrap.fill(p, 72) for p in news(kilobytes).split("\n\n"))

    small, large = wrapped(25), wrapped(200)
    assert_grows_linearly(lambda: breaks(model.make_doc(small)), lambda: breaks(model.make_doc(large)),
                          len(large) / len(small))
    doc = breaks(model.make_doc(large))
    assert sum(1 for t in doc if t.is_sent_start) > large.count("\n\n")


def events_cpu_seconds(text: str) -> float:
    """CPU seconds of the events stage alone, the parse and the stages before it done."""
    from garrison.eval.benchmarks import stage_functions

    batch = [Analysis(Document(text=text, language="en"))]
    (_, events), *before = reversed(stage_functions(("entities", "places", "dates", "events")))
    for _, stage in reversed(before):
        batch = stage(batch)
    started = time.process_time()
    batch = events(batch)
    assert batch[0].events
    return time.process_time() - started


def test_the_events_stage_takes_time_in_proportion_to_the_length():
    # per kB, 60 kB against 6 kB: 5.5 x when every sentence and every name asked spaCy for all the
    # document's entities (Doc.ents), now about 1
    short, long = events_cpu_seconds(news(6)), events_cpu_seconds(news(60))
    assert long / 10 < 2.5 * short, (short, long)


def test_paragraph_numbers_of_a_long_text_take_linear_time():
    # the events stage numbers the paragraph of every sentence and every event: counting the line breaks up
    # to each offset took 7 s of a 1 MB document's events stage (17,000 sentences, 3,200 events); these
    # 40,000 offsets 9.6 s
    from garrison.events.when import paragraph_of

    def offsets_of(text):
        return list(range(0, len(text), len(text) // (len(text) // 25)))

    small, text = news(100), news(1000)
    small_offsets, offsets = offsets_of(small), offsets_of(text)
    assert_grows_linearly(lambda: [paragraph_of(small, o) for o in small_offsets],
                          lambda: [paragraph_of(text, o) for o in offsets], len(offsets) / len(small_offsets))
    numbers = [paragraph_of(text, offset) for offset in offsets]
    assert numbers[::500] == [text.count("\n", 0, offset) for offset in offsets[::500]]
    assert numbers[-1] == text.count("\n")


def test_the_names_a_long_text_has_taken_are_looked_up_near_each_candidate():
    # gazetteer_spans asked each capitalised candidate which entity already covers it by scanning every
    # entity of the document: with one taken span per lowercase word of 300 kB, 2.4 s (now 0.2 s)
    from garrison.places import gazetteer
    from garrison.places.recognise import _overlaps, _TakenIndex, gazetteer_spans

    def lowercase_words_taken(text):
        return [(m.start(), m.end(), "CARDINAL") for m in re.finditer(r"\b[a-z]+\b", text)]

    small, text = news(30), news(300)
    small_taken, taken = lowercase_words_taken(small), lowercase_words_taken(text)
    index = gazetteer.get()
    gazetteer_spans("From Tripoli to Benghazi.", [], index)  # the word lists loaded
    assert_grows_linearly(lambda: gazetteer_spans(small, list(small_taken), index),
                          lambda: gazetteer_spans(text, list(taken), index), len(text) / len(small))
    spans = gazetteer_spans(text, list(taken), index)
    assert len(spans) > 100

    rng = random.Random(15)
    spans_taken = [(s, s + rng.randrange(0, 40), rng.choice(("ORG", "GPE", None))) for s in
                   (rng.randrange(5000) for _ in range(300))]
    index = _TakenIndex(spans_taken)
    for _ in range(3000):
        s = rng.randrange(5100)
        e = s + rng.randrange(0, 60)
        assert index.first_overlap(s, e) == _overlaps(s, e, spans_taken)
        hit = _overlaps(s, e, spans_taken)
        if hit is not None and rng.random() < 0.3:
            spans_taken.remove(hit)
            index.remove(hit)
        elif rng.random() < 0.3:
            spans_taken.append((s, e, "GPE"))
            index.add((s, e, "GPE"))


def test_pronouns_of_a_long_text_are_checked_against_the_names_near_them():
    # add_pronouns asked whether any span of the whole document covers each pronoun, and looked for its
    # paragraph's start back to the text's: 8,000 pronouns among 8,000 names on one line took 5.8 s (now
    # 0.07 s); add_nominals, the collective determiners and the owners of materiel scanned every span too
    from garrison.entities.resolve import Span, add_pronouns

    sentence = "General Haftar said he would visit the base. "

    def names(count):
        return [Span(k * len(sentence) + 8, k * len(sentence) + 14, "PERSON", "ner", entity=f"person:{k}")
                for k in range(count)]

    add_pronouns(names(1), sentence)  # the word lists loaded
    assert_grows_linearly(lambda: add_pronouns(names(1000), sentence * 1000),
                          lambda: add_pronouns(names(8000), sentence * 8000), 8)
    out = add_pronouns(names(8000), sentence * 8000)
    pronouns = [s for s in out if s.attributes.get("pronoun")]
    assert len(pronouns) == 8000 and pronouns[17].entity == "person:17"


def test_intervals_answer_as_a_scan_of_every_interval_does():
    from garrison.intervals import Intervals

    rng = random.Random(15)
    pairs = [(a, a + rng.randrange(0, 30)) for a in (rng.randrange(2000) for _ in range(400))]
    intervals = Intervals(pairs)
    for _ in range(3000):
        s = rng.randrange(-10, 2050)
        e = s + rng.randrange(0, 40)
        assert intervals.overlaps(s, e) == any(a < e and s < b for a, b in pairs)
        assert intervals.last_end(s) == max((b for _, b in pairs if b <= s), default=0)
    assert not Intervals([]).overlaps(0, 10) and Intervals([]).last_end(5, default=-1) == -1


def test_occurrences_answer_as_find_and_rfind_do():
    from garrison.intervals import Occurrences

    rng = random.Random(15)
    text = "".join(rng.choice(("a", "b", "\n", "\n\n", "\n\n\n", " ")) for _ in range(3000))
    breaks = Occurrences(text, "\n\n")
    for offset in range(len(text) + 3):
        assert breaks.rfind(offset) == text.rfind("\n\n", 0, offset)
        assert breaks.find(offset) == text.find("\n\n", offset)


def _scan_region(it, c, items):
    """The evidence "region" as it was computed: a scan of every other mention's firm choice."""
    from garrison.places.resolve import REGION_KM, is_weak
    from garrison.geo import distance_km

    others = [k for o in items if o is not it and (k := o.choice) is not None and not is_weak(k) and not o.tentative]
    named = {k.country for k in others if k.feature == "country" and k.match != "demonym"}
    return any(k.country == c.country for k in others) or (not named or c.country in named) and any(
        distance_km(k.lat, k.lon, c.lat, c.lon) <= REGION_KM for k in others)


def _random_items(rng, n):
    from garrison.places.gazetteer import Candidate
    from garrison.places.resolve import Item

    countries = ["LY", "ML", "NE", "SY", None]
    items = []
    for i in range(n):
        country = rng.choice(countries)
        feature = rng.choice(["city", "city", "country", "admin1", "airbase"])
        choice = Candidate(f"t:{i % 97}", f"P{i % 97}", rng.uniform(-30, 40), rng.uniform(-20, 45), feature, country,
                           None, None, 1000, rng.uniform(2, 7), rng.choice(["name", "name", "alias", "fuzzy",
                                                                             "demonym"]))
        items.append(Item(i * 10, i * 10 + 5, f"P{i % 97}", choice=None if rng.random() < 0.2 else choice,
                          tentative=rng.choice([None, None, None, "small"])))
    return items


def test_the_rest_of_a_texts_places_is_summed_once_and_answers_as_the_scan_did():
    # the precision gate asked, for each mention, where the rest of the text's places lie by scanning every
    # other mention: 3,000 toponyms of a 400 kB report took 3.2 s in that scan alone (6,000 here: 4.7 s, now 0.2 s)
    from garrison.places.resolve import _Others, _precision_gate

    rng = random.Random(11)
    for _ in range(20):
        items = _random_items(rng, 60)
        others = _Others(items)
        for it in items:
            for c in [o.choice for o in rng.sample(items, 5) if o.choice is not None]:
                assert others.region(it, c) == _scan_region(it, c, items)
    few, many = _random_items(rng, 750), _random_items(rng, 6000)
    assert_grows_linearly(lambda: _precision_gate(few), lambda: _precision_gate(many), 8)
