"""Stop 24 (recall): sentences that tell a happening the lexicon or the continuation rules missed.

Our own sentences; each test would fail if its rule went."""

from __future__ import annotations

from datetime import date

from garrison.events import stage
from garrison.model import Precision

from .helpers import analysis

ARRIVAL = "A contingent of Russian instructors arrived in Gao on Monday."
GAO = {"Gao": (16.27, -0.04, "city")}
MONDAY = {"on Monday": (date(2025, 3, 3), date(2025, 3, 3), Precision.DAY)}
STRIKE = "A drone struck a transport aircraft at Gao airport on Monday."
AIRPORT = {"Gao airport": (16.25, -0.0, "airport")}


def run(a):
    return stage.run([a])[0].events


def continuations(events):
    return [e for e in events if e.attributes.get("continues")]


# --- a count over a stretch ("the ninth such flight since …") does not date the sentence apart


def test_a_happening_counted_since_a_date_is_continued():
    text = ARRIVAL + " It was the third such convoy since the start of the year."
    a = analysis(text, places=GAO, times=MONDAY | {
        "the start of the year": (date(2025, 1, 1), date(2025, 1, 10), Precision.DAY)})
    follow = continuations(run(a))
    assert len(follow) == 1 and follow[0].claims[0].evidence[0].text.startswith("It was the third")


def test_a_sentence_dated_apart_without_a_count_still_tells_another_happening():
    text = ARRIVAL + " It was a convoy like the one seen in the first days of January."
    a = analysis(text, places=GAO, times=MONDAY | {
        "the first days of January": (date(2025, 1, 1), date(2025, 1, 10), Precision.DAY)})
    assert not continuations(run(a))


def test_an_ordinal_since_a_date_does_not_date_the_event_itself():
    text = "The general visited Gao on Monday. It is his fourth visit to Gao since 2019."
    a = analysis(text, places=GAO, times=MONDAY | {"2019": (date(2019, 1, 1), date(2019, 12, 31), Precision.YEAR)})
    visits = [e for e in run(a) if e.trigger == "visit"]
    assert visits and all(e.time is None or e.time.start.year != 2019 for e in visits)


# --- a noun pointing back reaches the physical act past a sentence of words


QUOTE = ' "We are here to develop military cooperation between Russia and Mali," one officer told state television.'
PARTNERS = {"Russia": "GPE", "Mali": "GPE"}


def test_a_noun_pointing_back_reaches_past_a_quote_to_the_arrival():
    text = ARRIVAL + QUOTE + " The personnel belong to the Africa Corps, a blogger said."
    a = analysis(text, places=GAO, times=MONDAY, mentions=PARTNERS | {"Africa Corps": "ARMED_GROUP"})
    follow = continuations(run(a))
    assert [f.claims[0].evidence[0].text[:13] for f in follow] == ["The personnel"]
    assert follow[0].type == "DEPLOY"


def test_past_a_quote_a_name_alone_continues_nothing():
    text = ARRIVAL + QUOTE + " Residents say the Africa Corps pays its drivers well."
    a = analysis(text, places=GAO, times=MONDAY, mentions=PARTNERS | {"Africa Corps": "ARMED_GROUP"})
    assert not continuations(run(a))


def test_past_a_quote_a_noun_in_a_clause_about_something_else_continues_nothing():
    text = ARRIVAL + QUOTE + " Residents want to keep the market, because it is essential for their vehicles."
    a = analysis(text, places=GAO, times=MONDAY, mentions=PARTNERS)
    assert not continuations(run(a))


# --- a record that shows something, straight after a happening, is its evidence


def test_footage_showing_troops_continues_the_arrival_without_a_determiner():
    text = ARRIVAL + " Footage aired by state television showed soldiers greeting officials at the airport."
    a = analysis(text, places=GAO, times=MONDAY)
    follow = continuations(run(a))
    assert len(follow) == 1 and follow[0].type == "DEPLOY"


def test_satellite_pictures_of_the_aftermath_continue_the_strike():
    text = STRIKE + " Satellite pictures taken a few days later show a dark scorch mark next to the apron."
    a = analysis(text, places=AIRPORT, times=MONDAY)
    a.toponyms[0].place.precision = 1
    follow = continuations(run(a))
    assert len(follow) == 1 and follow[0].type == "ASSAULT"


def test_french_satellite_images_continue_the_strike():
    text = ("Un drone a frappé un avion de transport à l'aéroport de Gao lundi. "
            "Des images satellites prises quelques jours plus tard montrent une large trace noire sur le tarmac.")
    a = analysis(text, places={"Gao": (16.25, -0.0, "airport")},
                 times={"lundi": (date(2025, 3, 3), date(2025, 3, 3), Precision.DAY)})
    a.document.language = "fr"
    follow = continuations(run(a))
    assert len(follow) == 1 and follow[0].type == "ASSAULT"


def test_a_record_that_is_not_the_subject_of_showing_continues_nothing():
    text = ARRIVAL + " Officials showed reporters a map of the town."
    a = analysis(text, places=GAO, times=MONDAY)
    assert not continuations(run(a))


# --- a convoy seen passing through a place (« traverser »); a personnel noun naming a vehicle


def test_a_french_convoy_of_armour_crossing_the_capital_is_a_delivery():
    text = "Un convoi de chars et de blindés russes a traversé Gao vendredi."
    a = analysis(text, places=GAO, times={"vendredi": (date(2025, 3, 7), date(2025, 3, 7), Precision.DAY)})
    a.document.language = "fr"
    events = run(a)
    assert [(e.type, e.trigger) for e in events] == [("TRANSFER", "traversé")]


def test_crossing_a_crisis_is_no_move():
    text = "Le pays a traversé une crise politique en 2023."
    a = analysis(text, places={})
    a.document.language = "fr"
    assert not run(a)


def test_personnel_carriers_are_vehicles_not_personnel():
    text = "Dozens of armoured personnel carriers arrived in Gao on Monday."
    a = analysis(text, places=GAO, times=MONDAY, mentions={"armoured personnel carriers": "EQUIPMENT"})
    assert [e.type for e in run(a)] == ["TRANSFER"]


def test_a_convoy_of_troops_still_carries_personnel():
    text = "A convoy of troops arrived in Gao on Monday."
    a = analysis(text, places=GAO, times=MONDAY)
    assert [e.type for e in run(a)] == ["DEPLOY"]


# --- a plural definite noun refers to each happening of its type told before it


TWO_STRIKES = ("A drone struck a transport aircraft at Gao airport in June. "
               "Another aircraft had been hit at Kidal airport in December. ")
TWO_SITES = {"Gao airport": (16.25, -0.0, "airport"), "Kidal airport": (18.44, 1.41, "airport")}
MONTHS = {"in June": (date(2024, 6, 1), date(2024, 6, 30), Precision.MONTH),
          "in December": (date(2023, 12, 1), date(2023, 12, 31), Precision.MONTH)}


def _sites(a):
    for toponym in a.toponyms:
        toponym.place.precision = 1
    return a


def test_a_denial_of_the_attacks_is_a_claim_about_each_attack_told_before():
    a = _sites(analysis(TWO_STRIKES + "The command rejected any link to the attacks.", places=TWO_SITES, times=MONTHS))
    denials = [e for e in run(a) if e.claims[0].evidence[0].text.startswith("The command")]
    assert len(denials) == 2 and {e.type for e in denials} == {"ASSAULT"}
    assert sorted((e.location.name, e.time.start.month) for e in denials) == [("Gao airport", 6), ("Kidal airport", 12)]
    assert len({e.id for e in denials}) == 2


def test_a_singular_noun_refers_to_one_happening():
    a = _sites(analysis(TWO_STRIKES + "The command rejected any link to the attack.", places=TWO_SITES, times=MONTHS))
    assert len([e for e in run(a) if e.claims[0].evidence[0].text.startswith("The command")]) == 1


def test_one_site_told_on_two_dates_is_one_happening():
    text = ("Turkey is building two hangars at Gao airport, images taken in June show. The ministry denied in December"
            " that it was building a base at Gao airport. The works continue.")
    a = _sites(analysis(text, places={"Gao airport": (16.25, -0.0, "airport")}, times=MONTHS))
    assert len([e for e in run(a) if e.claims[0].evidence[0].text.startswith("The works")]) <= 1


# --- consulting: attending a summit or parade, being in contact with leaders; a ceremony continues its happening


def test_a_leader_attending_a_parade_abroad_is_a_visit():
    text = "The field marshal attended the military parade in Moscow on Friday."
    a = analysis(text, places={"Moscow": (55.75, 37.62, "city")},
                 times={"on Friday": (date(2025, 5, 9), date(2025, 5, 9), Precision.DAY)})
    assert [(e.type, e.trigger) for e in run(a)] == [("CONSULT", "attended")]


def test_attending_school_is_no_consultation():
    text = "The general attended school in Moscow in the 1990s."
    a = analysis(text, places={"Moscow": (55.75, 37.62, "city")})
    assert not [e for e in run(a) if e.type == "CONSULT"]


def test_the_subject_of_being_in_contact_with_leaders_consults_them():
    text = "The United States is in contact with leaders in eastern Libya, the envoy said."
    a = analysis(text, mentions={"The United States": "GPE"}, places={"eastern Libya": (31.0, 21.0, "region")})
    consult = [e for e in run(a) if e.type == "CONSULT"]
    assert consult and consult[0].attributes["actor_names"] == ["The United States"]


def test_losing_contact_with_an_aircraft_is_no_consultation():
    text = "Controllers lost contact with the aircraft over the desert."
    a = analysis(text)
    assert not [e for e in run(a) if e.type == "CONSULT"]


def test_the_ceremony_of_a_handover_continues_the_handover_not_a_visit():
    text = ("US forces handed over the air base at Gao to the Malian army on Monday. "
            "The handover ceremony was attended by officials from both countries.")
    a = analysis(text, places={"Gao": (16.27, -0.04, "airbase")}, times=MONDAY)
    events = run(a)
    second = [e for e in events if e.claims[0].evidence[0].text.startswith("The handover")]
    assert [e.type for e in second] == ["BASE_PRESENCE"] and second[0].attributes["continues"]
