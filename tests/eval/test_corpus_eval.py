"""End-to-end scoring against truth files: matching rules and arithmetic on a corpus small enough to check by hand."""

from __future__ import annotations

import json
from datetime import date

from garrison.eval.corpus import evaluate
from garrison.ingest.into_store import ingest
from garrison.model import Analysis, Claim, Document, Event, Evidence, Place, Precision, Stance, TimeSpan
from garrison.store import Store

STRIKE = "Paris, 21 November 2024 –\n\nA drone hit a Russian Il-76 at al-Khadim air base in June, sources told RFI. " \
         "AFRICOM denied any role in the strike."
COPY = STRIKE + "\n\nShare this article"
KHADIM = Place("icao:HL59", "Al Khadim", 31.998, 21.19, "airbase", "LY", precision=1)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_events_documents_and_duplicates_are_scored_against_truth(tmp_path):
    corpus, truth = tmp_path / "corpus", tmp_path / "truth"
    corpus.mkdir(), truth.mkdir()
    (corpus / "rfi.txt").write_text(STRIKE)
    (corpus / "copy.txt").write_text(COPY)
    write_jsonl(truth / "documents.jsonl", [
        {"doc": "rfi.txt", "published": "2024-11-21", "published_source": "dateline", "outlet": "RFI",
         "language": "en"},
    ])
    write_jsonl(truth / "duplicates.jsonl", [{"original": "rfi.txt", "copy": "copy.txt", "kind": "near"}])
    first, second = STRIKE.split("\n\n")[1].split(". ", 1)
    write_jsonl(truth / "events.jsonl", [
        {"doc": "rfi.txt", "text": first + ".", "event_type": "ASSAULT", "stance": "reported", "date": "2024-06",
         "location": {"name": "al-Khadim", "lat": 31.99, "lon": 21.19}, "outlet": "RFI",
         "source_chain": ["RFI", "sources"]},
        {"doc": "rfi.txt", "text": second, "event_type": "ASSAULT", "stance": "denied", "outlet": "RFI"},
    ])
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    ingest(store, [str(corpus)])
    doc = next(d for d in store.queries.documents() if d.duplicate_of is None)
    start = doc.text.index(first)
    june = TimeSpan(date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH, "2024-06")
    right = Event("ASSAULT", doc.id, "air/drone strike", "hit", location=KHADIM, time=june, claims=[
        Claim("", doc.id, [Evidence(start, start + len(first), first)], None, ["sources"], stance=Stance.REPORTED)])
    wrong_type = Event("DEPLOY", doc.id, None, "hit", claims=[
        Claim("", doc.id, [Evidence(start, start + 10, first[:10])], None, stance=Stance.ASSERTED)])
    store.save_stage("events", ["events"], [Analysis(doc, events=[right, wrong_type])], 0.0)

    result = evaluate(store, corpus, truth)

    assert result["events"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "predicted": 2, "gold": 2}
    assert result["evidence_sentences_found"] == 0.5
    assert result["matched"] == {"stance_accuracy": 1.0, "location_within_25km": 1.0, "date_match": 1.0,
                                 "outlet_accuracy": 0.0, "cited_source_accuracy": 1.0}
    assert result["duplicates"]["f1"] == 1.0
    assert result["documents"]["published_accuracy"] == 1.0 and result["documents"]["outlet_accuracy"] == 0.0


def test_one_statement_listing_several_sites_counts_once_and_any_site_can_match():
    from garrison.eval.corpus import collapse_site_lists

    jufra = Place("icao:HL69", "Al Jufra", 29.198, 16.001, "airbase", "LY", precision=1)
    evidence = [Evidence(0, 60, "Russia would have access to the bases of al-Khadim and al-Jufra.")]
    sites = {"coordinated_sites": ["al-Khadim", "al-Jufra"]}
    at_khadim = Event("BASE_PRESENCE", "d1", "access", location=KHADIM, attributes=sites,
                      claims=[Claim("", "d1", evidence, stance=Stance.SPECULATED)])
    at_jufra = Event("BASE_PRESENCE", "d1", "access", location=jufra, attributes=sites,
                     claims=[Claim("", "d1", evidence, stance=Stance.SPECULATED)])
    alone = Event("DEPLOY", "d1", location=jufra, claims=[Claim("", "d1", evidence)])
    kept, places = collapse_site_lists([at_khadim, at_jufra, alone])
    assert kept == [at_khadim, alone]
    assert places[at_khadim.id][::3] == [KHADIM, jufra] and places[alone.id] == [jufra, None, None]


STRIKE_B = ("Sat. Nov 23rd, 2024\n\nA drone struck a Russian Il-76 transport plane at al-Khadim air base in eastern "
            "Libya in June, Libyan military sources told reporters.\n")
STRIKE_A = ("Fri. Nov 22nd, 2024\n\nA drone struck a Russian Il-76 cargo aircraft on the runway of the al-Khadim air "
            "base in eastern Libya last June, the broadcaster reported, citing local sources.\n")


def test_eval_corpus_processes_every_stage_fusion_included_and_scores_happenings(tmp_path):
    from typer.testing import CliRunner

    from garrison.cli.main import app

    corpus, truth = tmp_path / "corpus", tmp_path / "truth"
    corpus.mkdir(), truth.mkdir()
    (corpus / "a.txt").write_text(STRIKE_A)
    (corpus / "b.txt").write_text(STRIKE_B)
    write_jsonl(truth / "events.jsonl", [
        {"doc": name, "text": text.split("\n\n")[1].strip(), "event_type": "ASSAULT", "stance": "reported",
         "happening": "khadim-strike"}
        for name, text in (("a.txt", STRIKE_A), ("b.txt", STRIKE_B))
    ])
    result = CliRunner().invoke(app, ["eval", "corpus", str(corpus), "--truth", str(truth), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["events"]["tp"] == 2
    assert scores["happenings"]["items"] == 2 and scores["happenings"]["gold_happenings"] == 1
    assert scores["happenings"]["pairwise"]["f1"] == 1.0  # the two reports of the strike were fused


def test_the_listing_is_scored_background_rows_and_events_are_left_out_and_context_shown_as_news_counts_wrong():
    from garrison.eval.corpus import score_events

    text = ("Drones struck the depot at Sabha on Monday. The depot was built in 1985. "
            "Fighters attacked Ubari in 2011. Troops arrived in Ghat on Sunday.")
    doc = Document(text=text)
    sentences = [s + "." for s in text.rstrip(".").split(". ")]

    def event(kind, sentence, background=False):
        start = text.index(sentence)
        return Event(kind, doc.id, attributes={"background": True} if background else {}, claims=[
            Claim("", doc.id, [Evidence(start, start + len(sentence), sentence)], None, stance=Stance.ASSERTED)])

    predicted = {"d": [
        event("ASSAULT", sentences[0]),                   # news, right
        event("CONSTRUCTION", sentences[1], True),        # context, marked: left out, and agrees with the truth
        event("FIGHT", sentences[2]),                     # context shown as news: a false positive
        event("DEPLOY", sentences[3], True),              # news marked background: a miss
    ]}
    truth = [
        {"doc": "d", "text": sentences[0], "event_type": "ASSAULT", "stance": "asserted"},
        {"doc": "d", "text": sentences[1], "event_type": "CONSTRUCTION", "stance": "asserted", "background": True},
        {"doc": "d", "text": sentences[2], "event_type": "FIGHT", "stance": "asserted", "background": True},
        {"doc": "d", "text": sentences[3], "event_type": "DEPLOY", "stance": "asserted"},
    ]
    result = score_events({"d": doc}, predicted, truth)
    assert result["events"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "predicted": 2, "gold": 2}
    assert result["background"] == {"truth_rows": 2, "marked_background": 1, "recall": 0.5,
                                    "predicted_background_events": 2, "news_rows_marked_background": 1}


def test_evaluate_reads_the_stores_background_events_though_listings_hide_them(tmp_path):
    corpus, truth = tmp_path / "corpus", tmp_path / "truth"
    corpus.mkdir(), truth.mkdir()
    (corpus / "rfi.txt").write_text(STRIKE)
    first = STRIKE.split("\n\n")[1].split(". ", 1)[0]
    write_jsonl(truth / "events.jsonl", [
        {"doc": "rfi.txt", "text": first + ".", "event_type": "ASSAULT", "stance": "reported", "background": True},
    ])
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    ingest(store, [str(corpus)])
    doc = store.queries.documents()[0]
    start = doc.text.index(first)
    context = Event("ASSAULT", doc.id, "air/drone strike", "hit", attributes={"background": True}, claims=[
        Claim("", doc.id, [Evidence(start, start + len(first), first)], None, stance=Stance.REPORTED)])
    store.save_stage("events", ["events"], [Analysis(doc, events=[context])], 0.0)
    assert store.queries.events() == []  # the listing shows news only
    result = evaluate(store, corpus, truth)
    assert result["background"]["marked_background"] == 1 and result["events"]["predicted"] == 0


def test_a_country_row_is_matched_by_that_country_not_by_a_distance_between_centres():
    from garrison.eval.corpus import place_matches

    libya = {"name": "Libya", "lat": 25.0, "lon": 17.0, "country": "Libya"}
    assert place_matches(Place(id="country:LY", name="Libya", lat=28.0, lon=17.0, feature="country"), libya)
    assert not place_matches(Place(id="country:TD", name="Chad", lat=25.1, lon=17.0, feature="country"), libya)
    assert not place_matches(Place(id="g:1", name="Somewhere", lat=25.05, lon=17.0, feature="city"), libya)
    base = {"name": "al-Jufra air base", "lat": 29.2, "lon": 16.0, "country": "Libya"}
    assert place_matches(Place(id="g:2", name="Jufra", lat=29.25, lon=16.05, feature="airbase"), base)
    assert not place_matches(Place(id="country:LY", name="Libya", lat=28.0, lon=17.0, feature="country"), base)


def test_the_error_listing_names_each_miss_false_positive_wrong_place_and_month_with_its_sentence():
    from garrison.eval.corpus import error_listing, score_events

    text = ("Drones struck the depot at Sabha on Monday. Troops arrived in Ghat on Sunday. "
            "Fighters attacked Ubari in 2011. Officials met in Tripoli. Ships docked at Tobruk.")
    doc = Document(text=text)
    sentences = [s + "." for s in text.rstrip(".").split(". ")]
    sabha = Place("g:1", "Sabha", 27.04, 14.43, "city", "LY")
    ghat = Place("g:2", "Ghat", 24.96, 10.17, "city", "LY")
    march = TimeSpan(date(2024, 3, 4), date(2024, 3, 4), Precision.DAY, "Monday")

    def event(kind, sentence, **fields):
        start = text.index(sentence)
        return Event(kind, doc.id, claims=[
            Claim("", doc.id, [Evidence(start, start + len(sentence), sentence)], None, stance=Stance.ASSERTED)],
            **fields)

    predicted = {"d": [
        event("ASSAULT", sentences[0], location=ghat, time=march),  # right type, wrong place and month
        event("TRANSFER", sentences[1]),                            # wrong type: a false positive and a miss
        event("FIGHT", sentences[2]),                               # context shown as news
        event("PROTEST", sentences[4]),                             # a sentence the truth reads as no event
    ]}
    truth = [
        {"doc": "d", "text": sentences[0], "event_type": "ASSAULT", "stance": "asserted", "date": "2024-04",
         "location": {"name": "Sabha", "lat": sabha.lat, "lon": sabha.lon}},
        {"doc": "d", "text": sentences[1], "event_type": "DEPLOY", "stance": "asserted"},
        {"doc": "d", "text": sentences[2], "event_type": "FIGHT", "stance": "asserted", "background": True},
        {"doc": "d", "text": sentences[3], "event_type": "CONSULT", "stance": "asserted"},
    ]
    listing = error_listing()
    result = score_events({"d": doc}, predicted, truth, errors=listing)

    assert result["events"]["tp"] == 1 and result["events"]["predicted"] == 4
    assert listing["misses"] == [
        {"doc": "d", "type": "DEPLOY", "sentence": sentences[1], "why": "other type: TRANSFER"},
        {"doc": "d", "type": "CONSULT", "sentence": sentences[3], "why": "no event on the sentence"},
    ]
    assert [(fp["type"], fp["truth_on_sentence"]) for fp in listing["false_positives"]] == [
        ("FIGHT", ["FIGHT (background)"]), ("TRANSFER", ["DEPLOY"]), ("PROTEST", [])]
    assert len(listing["false_positives"]) == result["events"]["predicted"] - result["events"]["tp"]
    assert listing["wrong_place"] == [{"doc": "d", "type": "ASSAULT", "sentence": sentences[0], "gold": "Sabha",
                                       "predicted": ["Ghat"]}]
    assert listing["wrong_month"][0]["gold"] == "2024-04"
    assert listing["wrong_month"][0]["predicted"] == "2024-03-04/2024-03-04"


def test_eval_corpus_lists_errors_only_when_asked(tmp_path):
    from typer.testing import CliRunner

    from garrison.cli.main import app

    corpus, truth = tmp_path / "corpus", tmp_path / "truth"
    corpus.mkdir(), truth.mkdir()
    (corpus / "rfi.txt").write_text(STRIKE)
    write_jsonl(truth / "events.jsonl", [{"doc": "rfi.txt", "text": "Officials met in Tripoli on Friday.",
                                          "event_type": "CONSULT", "stance": "asserted"}])
    plain = CliRunner().invoke(app, ["eval", "corpus", str(corpus), "--json"])
    listed = CliRunner().invoke(app, ["eval", "corpus", str(corpus), "--json", "--errors"])
    assert plain.exit_code == 0 and listed.exit_code == 0, plain.output + listed.output
    assert "errors" not in json.loads(plain.stdout)
    errors = json.loads(listed.stdout)["errors"]
    assert sorted(errors) == ["false_positives", "misses", "wrong_month", "wrong_place"]
    assert all(fp["doc"] == "rfi.txt" and fp["sentence"] for fp in errors["false_positives"])


def test_two_happenings_told_in_one_sentence_are_each_matched_to_their_own_row():
    """Stop 24: "AFRICOM rejected any link to the attacks" tells two strikes; each truth row is scored against the
    event at its place and in its month, whatever order the store lists them in."""
    from garrison.eval.corpus import score_events

    jufra = Place("icao:HL69", "Al Jufra", 29.198, 16.001, "airbase", "LY", precision=1)
    text = "AFRICOM rejected any link to the attacks."
    doc = Document(text=text, outlet="RFI")
    june = TimeSpan(date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH, "2024-06")
    december = TimeSpan(date(2023, 12, 1), date(2023, 12, 31), Precision.MONTH, "2023-12")
    events = [Event("ASSAULT", doc.id, "attack", "attacks", location=place, time=when, claims=[
        Claim("", doc.id, [Evidence(0, len(text), text)], "RFI", stance=Stance.DENIED)])
        for place, when in ((jufra, december), (KHADIM, june))]
    rows = [{"doc": "d", "text": text, "event_type": "ASSAULT", "stance": "denied", "date": date_, "location": {
        "name": name, "lat": lat, "lon": lon}} for name, lat, lon, date_ in (
        ("al-Khadim", 31.99, 21.19, "2024-06"), ("al-Jufra", 29.2, 16.0, "2023-12"))]
    result = score_events({"d": doc}, {"d": events}, rows)
    assert result["events"]["tp"] == 2
    assert result["matched"]["location_within_25km"] == 1.0 and result["matched"]["date_match"] == 1.0
