"""ACLED-style notes: every dense event report yields a stored event (consolidation rule 2 and the
note verbs of the trigger lexicon); a recalled or generic mention still does not."""

from __future__ import annotations

from garrison.events import codebook, stage

from .helpers import analysis


def run(a):
    return stage.run([a])[0].events


def types(a) -> list[str]:
    return [e.type for e in run(a)]


# --- a violent act or a crowd's action with a casualty count, a party noun or a place is concrete


def test_a_wounded_officer_is_a_reported_attack_without_any_parsed_argument():
    assert "ASSAULT" in types(analysis("Shots rang out overnight. One officer wounded in the leg."))


def test_a_crowd_noun_the_strike_is_said_of_makes_it_a_protest():
    events = run(analysis("Nurses on strike over unpaid allowances."))
    assert [e.type for e in events] == ["PROTEST"]


def test_workers_going_on_strike_is_a_protest_not_an_attack():
    events = run(analysis("Port workers go on strike over late wages."))
    assert [e.type for e in events] == ["PROTEST"]


def test_a_placed_protest_with_no_role_filled_is_kept():
    a = analysis("Displaced protest over rising insecurity in Karbala.", places={"Karbala": (32.6, 44.0, "city")})
    assert "PROTEST" in types(a)


def test_a_casualty_count_makes_a_clash_a_report():
    events = run(analysis("Renewed clashes, three killed."))
    assert {e.type for e in events} & {"FIGHT", "ASSAULT"}
    assert any(e.fatalities == 3 for e in events)


# --- the guard: mentions that report nothing stay dropped


def test_soldiers_killed_last_year_are_recalled_not_reported():
    a = analysis("The governor also paid tribute to the soldiers killed in the north last year, and promised new roads.")
    assert "ASSAULT" not in types(a)


def test_a_request_for_comment_is_still_no_event():
    assert run(analysis("The ministry did not respond to a request for comment.")) == []


def test_a_generic_meeting_gets_no_help_from_a_party_noun():
    # only violent acts and crowd actions: a bare meeting with people around it is still generic
    assert "CONSULT" not in types(analysis("Talks are expected, people say."))


# --- note verbs (triggers.tsv rows with a source note)


def test_gunned_down_is_an_attack():
    assert "ASSAULT" in types(analysis("Masked men gunned down a shopkeeper in the market on Tuesday."))


def test_burning_offices_is_property_destruction_but_burning_fuel_alone_is_nothing():
    burned = run(analysis("Angry youths burned the offices of the district council."))
    assert any(e.type == "ASSAULT" for e in burned)
    assert "ASSAULT" not in types(analysis("The generator burned fuel all night."))


def test_a_sentence_to_jail_is_an_arrest_and_a_defection_a_change_to_a_group():
    assert "COERCE" in types(analysis("The opposition leader was sentenced to five years in prison on Monday."))


def test_names_party_reads_singular_victim_nouns_in_both_languages():
    assert codebook.names_party("A priest was wounded.")
    assert codebook.names_party("Des villageois ont fui.") or codebook.names_party("Des civils ont fui.")
    assert not codebook.names_party("The weather was calm.")


def test_the_rule_reading_carries_clues_a_trained_model_reads():
    from garrison import nlp
    from garrison.events import classifier

    doc = next(iter(nlp.pipe(["Gunmen killed four villagers near the well."])))
    reading = classifier.main_event(doc)
    assert "casualties" in reading.clues
    assert {"code3", "code7"} <= set(reading.clues)  # gunmen (political militia), villagers (civilians)
    assert any(clue.startswith("target") for clue in reading.clues)
    tokens = classifier.with_rule_token(doc.text, reading, "acled").split()
    assert "__clue_casualties__" in tokens and "__clue_code7__" in tokens
