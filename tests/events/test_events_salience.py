"""Reported news or background: history, standing states and reference points are kept but marked."""

from __future__ import annotations

from datetime import date

from garrison.events import salience, stage
from garrison.model import Precision

from .helpers import analysis


def run(a):
    return stage.run([a])[0].events


def news(events):
    return [e for e in events if not salience.is_background(e)]


def background(events):
    return [e for e in events if salience.is_background(e)]


def test_an_event_dated_years_before_the_report_is_background():
    a = analysis(
        "Engineers built the runway at Kufra airfield in 1987.",
        published=date(2025, 3, 1),
        places={"Kufra airfield": (24.18, 23.31, "airfield")},
        times={"1987": (date(1987, 1, 1), date(1987, 12, 31), Precision.YEAR)},
    )
    events = run(a)
    assert events and not news(events)
    assert background(events)[0].attributes["background_reason"] == "old"


def test_an_event_dated_last_month_is_news():
    a = analysis(
        "Engineers built a new hangar at Kufra airfield in February.",
        published=date(2025, 3, 1),
        places={"Kufra airfield": (24.18, 23.31, "airfield")},
        times={"February": (date(2025, 2, 1), date(2025, 2, 28), Precision.MONTH)},
    )
    events = run(a)
    assert news(events) and not background(events)


def test_a_standing_state_since_years_ago_is_background_and_since_last_month_is_news():
    old = analysis(
        "Chadian troops have been deployed at Faya since 2019.",
        published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
        mentions={"Chadian troops": "MIL_UNIT"},
    )
    recent = analysis(
        "Chadian troops have been deployed at Faya since January.",
        published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
        mentions={"Chadian troops": "MIL_UNIT"},
    )
    old_events, recent_events = run(old), run(recent)
    assert old_events and not news(old_events)
    assert background(old_events)[0].attributes["background_reason"] == "since"
    assert news(recent_events)


def test_the_happening_the_news_is_dated_from_is_background_the_news_is_not():
    a = analysis(
        "Militants attacked the garrison at Menaka on Tuesday, two weeks after the army withdrew from Anderamboukane.",
        published=date(2025, 3, 1),
        places={"Menaka": (15.92, 2.4, "town"), "Anderamboukane": (15.43, 3.03, "town")},
        mentions={"Militants": "ARMED_GROUP", "the army": "MIL_UNIT"},
    )
    events = run(a)
    assert [e.type for e in news(events)] == ["ASSAULT"]
    reasons = [e.attributes["background_reason"] for e in background(events)]
    assert reasons == ["reference point"]


def test_an_occasion_of_words_is_news_not_a_reference_point():
    a = analysis(
        "The talks will resume in May, officials in Niamey said after a Russian delegation visited the capital on Monday.",
        published=date(2025, 3, 1), places={"Niamey": (13.51, 2.11, "city")},
        mentions={"officials": "ORG", "a Russian delegation": "ORG"},
    )
    events = run(a)
    assert any(e.type == "CONSULT" for e in news(events))


def test_a_history_word_in_the_clause_makes_it_background():
    a = analysis(
        "Russian troops were previously deployed at the port of Tobruk.",
        published=date(2025, 3, 1), places={"Tobruk": (32.08, 23.96, "port")},
        mentions={"Russian troops": "MIL_UNIT"},
    )
    events = run(a)
    assert events and all(e.attributes.get("background_reason") == "history cue" for e in events)


def test_a_report_without_a_publication_date_has_no_old_events():
    a = analysis(
        "Engineers built the runway at Kufra airfield in 1987.", published=None,
        places={"Kufra airfield": (24.18, 23.31, "airfield")},
        times={"1987": (date(1987, 1, 1), date(1987, 12, 31), Precision.YEAR)},
    )
    assert news(run(a))


def test_french_depuis_a_year_long_ago_is_background():
    a = analysis(
        "Des instructeurs russes sont déployés à Ouagadougou depuis 2021.",
        published=date(2025, 3, 1), places={"Ouagadougou": (12.37, -1.53, "city")},
        mentions={"Des instructeurs russes": "MIL_UNIT"},
    )
    a.document.language = "fr"
    events = run(a)
    assert events and not news(events)


def test_a_happening_dated_months_before_the_ledes_is_retold_context():
    a = analysis(
        "Drones struck a cargo plane at Kufra airfield in February. Another plane had been hit at Kufra airfield in"
        " October.",
        published=date(2025, 3, 1), places={"Kufra airfield": (24.18, 23.31, "airfield")},
        times={"in February": (date(2025, 2, 1), date(2025, 2, 28), Precision.MONTH),
               "October": (date(2024, 10, 1), date(2024, 10, 31), Precision.MONTH)},
    )
    events = run(a)
    assert [e.attributes.get("background_reason") for e in events] == [None, "before the news"]


def test_what_the_news_follows_or_comes_as_is_context():
    follows = analysis(
        "The deployment to Gao follows an attack on the garrison at Menaka.",
        published=date(2025, 3, 1), places={"Gao": (16.27, -0.04, "city"), "Menaka": (15.92, 2.4, "town")},
    )
    comes_as = analysis(
        "The deployment to Gao comes as militants attack the garrison at Menaka.",
        published=date(2025, 3, 1), places={"Gao": (16.27, -0.04, "city"), "Menaka": (15.92, 2.4, "town")},
    )
    for a in (follows, comes_as):
        events = run(a)
        assert [e.type for e in news(events)] == ["DEPLOY"]
        assert [e.type for e in background(events)] == ["ASSAULT"]


def test_everything_in_the_frame_of_the_news_is_background_the_framed_act_is_not():
    a = analysis(
        "The withdrawal comes as JNIM has stepped up attacks near Timbuktu, where militants killed 20 soldiers.",
        published=date(2025, 3, 1), places={"Timbuktu": (16.77, -3.0, "town")},
        mentions={"JNIM": "ARMED_GROUP"},
    )
    framed = background(run(a))
    assert framed and {e.attributes["background_reason"] for e in framed} == {"reference point"}
    b = analysis(
        "The deployment follows a telephone call in March in which the two leaders agreed to expand military ties.",
        published=date(2025, 6, 1),
    )
    events = run(b)
    assert events and not news(events)
    c = analysis("The strikes on Timbuktu came after talks collapsed, officials said.",
                 published=date(2025, 3, 1), places={"Timbuktu": (16.77, -3.0, "town")})
    assert [e.type for e in news(run(c))] == ["ASSAULT"]


def test_what_happened_at_the_time_a_since_phrase_names_is_part_of_the_reference_point():
    a = analysis(
        "Turkish forces have operated from al-Watiya since 2020, when their drones helped the government.",
        published=date(2025, 3, 1), places={"al-Watiya": (32.47, 11.9, "airbase")},
        times={"2020": (date(2020, 1, 1), date(2020, 12, 31), Precision.YEAR)},
    )
    helped = [e for e in run(a) if e.trigger == "helped"]
    assert helped and helped[0].attributes.get("background_reason") == "reference point"


def test_a_bare_since_on_the_verb_is_a_recap_and_since_a_recent_day_is_news():
    a = analysis("Mali has since cut diplomatic relations with Ukraine.", published=date(2025, 3, 1),
                 mentions={"Mali": "GPE", "Ukraine": "GPE"})
    events = run(a)
    assert events and not news(events)
    assert {e.attributes["background_reason"] for e in background(events)} == {"since"}
    b = analysis("Mali has cut diplomatic relations with Ukraine since Monday.", published=date(2025, 3, 1),
                 mentions={"Mali": "GPE", "Ukraine": "GPE"},
                 times={"since Monday": (date(2025, 2, 24), date(2025, 3, 1), Precision.DAY)})
    assert news(run(b))


def test_a_building_act_in_a_modifier_of_a_site_describes_the_site():
    a = analysis("US troops remain at Air Base 201, a drone base that cost Washington $100 million to build.",
                 published=date(2024, 8, 10), places={"Air Base 201": (16.96, 8.0, "airbase")})
    built = [e for e in run(a) if e.type == "CONSTRUCTION"]
    assert built and built[0].attributes.get("background_reason") == "site description"
    b = analysis("Engineers built a new hangar at Air Base 201 on Monday.", published=date(2024, 8, 10),
                 places={"Air Base 201": (16.96, 8.0, "airbase")},
                 times={"on Monday": (date(2024, 8, 5), date(2024, 8, 5), Precision.DAY)})
    assert [e.type for e in news(run(b))] == ["CONSTRUCTION"]


def test_a_building_act_in_a_modifier_of_plural_sites_describes_them_too():
    a = analysis("The group wants to keep the airfields built by its contractors near Sirte.",
                 published=date(2024, 8, 10), places={"Sirte": (31.2, 16.59, "city")})
    built = [e for e in run(a) if e.type == "CONSTRUCTION"]
    assert built and built[0].attributes.get("background_reason") == "site description"
    b = analysis("Les forces veulent garder les bases construites par le groupe près de Syrte.",
                 published=date(2024, 8, 10), places={"Syrte": (31.2, 16.59, "city")})
    b.document.language = "fr"
    built = [e for e in run(b) if e.type == "CONSTRUCTION"]
    assert built and built[0].attributes.get("background_reason") == "site description"


def test_a_repeated_or_standing_pattern_is_background():
    a = analysis("Russian troops regularly deploy to Jufra for exercises.",
                 published=date(2025, 3, 1), places={"Jufra": (29.2, 16.0, "airbase")})
    events = run(a)
    assert events and all(e.attributes.get("background_reason") == "habitual" for e in events)


def test_the_pattern_of_an_accusation_reaches_what_is_alleged():
    a = analysis("US officials have repeatedly accused Russia of using the bases of the eastern commander as a "
                 "springboard towards the Sahel.", published=date(2025, 3, 1), mentions={"Russia": "GPE"})
    events = run(a)
    assert "BASE_PRESENCE" in [e.type for e in events]
    assert all(e.attributes.get("background_reason") == "habitual" for e in events)


def test_a_pattern_told_in_a_relative_clause_leaves_the_main_act_news():
    a = analysis("The frigates that were usually docked at Tartus have left the port.",
                 published=date(2025, 3, 1), places={"Tartus": (34.89, 35.88, "port")})
    assert news(run(a))


def test_what_can_be_done_is_a_capability_not_a_happening():
    for text in ("Its runway can receive Il-76 transport aircraft at Jufra.",
                 "These drones will allow the army to strike rebel camps near Jufra."):
        a = analysis(text, published=date(2025, 3, 1), places={"Jufra": (29.2, 16.0, "airbase")})
        events = run(a)
        assert events and all(e.attributes.get("background_reason") == "capability" for e in events), text


def test_what_could_happen_is_still_news_to_be_told():
    a = analysis("Turkey could station drones at Jufra next month.", published=date(2025, 3, 1),
                 places={"Jufra": (29.2, 16.0, "airbase")})
    assert news(run(a))


def test_what_happened_at_a_since_year_long_ago_is_old():
    a = analysis("Turkish forces have operated from the base since 2020, when their drones helped the government "
                 "repel an offensive on the capital.", published=date(2025, 2, 13),
                 times={"2020": (date(2020, 1, 1), date(2025, 2, 13), Precision.YEAR)})
    a.timexes[0].span.value = "2020"
    events = run(a)
    assert "FIGHT" in [e.type for e in events] and not news(events)


def test_the_period_a_value_names_ends_with_it():
    assert salience._period_end("2020") == date(2020, 12, 31)
    assert salience._period_end("2024-12") == date(2024, 12, 31)
    assert salience._period_end("2024-02") == date(2024, 2, 29)
    assert salience._period_end("PRESENT_REF") is None


def reasons(events):
    return [(e.type, e.attributes.get("background_reason")) for e in events]


def test_the_simple_present_tells_a_standing_state_the_past_tells_news():
    standing = analysis("Chadian troops use the airfield at Faya as a forward base.",
                        published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
                        mentions={"Chadian troops": "MIL_UNIT"})
    happened = analysis("Chadian troops used the airfield at Faya as a forward base last week.",
                        published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
                        mentions={"Chadian troops": "MIL_UNIT"})
    events = run(standing)
    assert events and all(reason == "standing" for _, reason in reasons(events))
    assert news(run(happened))


def test_a_present_passive_is_a_state_a_progressive_passive_a_happening():
    state = analysis("About 800 Chadian soldiers are stationed at Faya.", published=date(2025, 3, 1),
                     places={"Faya": (17.92, 19.1, "town")}, mentions={"Chadian soldiers": "MIL_UNIT"})
    moving = analysis("About 800 Chadian soldiers are being deployed to Faya.", published=date(2025, 3, 1),
                      places={"Faya": (17.92, 19.1, "town")}, mentions={"Chadian soldiers": "MIL_UNIT"})
    events = run(state)
    assert events and not news(events)
    assert news(run(moving))


def test_a_noun_completing_a_present_verb_of_state_is_standing():
    a = analysis("Faya serves as the main staging area for Chadian troops in the north.",
                 published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
                 mentions={"Chadian troops": "MIL_UNIT"})
    events = run(a)
    assert events and not news(events)


def test_a_continuing_state_adverb_makes_a_progressive_a_standing_state():
    still = analysis("Niamey is still negotiating with Ankara over access to the airfield at Agadez.",
                     published=date(2025, 3, 1), places={"Agadez": (16.97, 7.99, "town")},
                     mentions={"Niamey": "GPE", "Ankara": "GPE"})
    plain = analysis("Niamey is negotiating with Ankara over access to the airfield at Agadez.",
                     published=date(2025, 3, 1), places={"Agadez": (16.97, 7.99, "town")},
                     mentions={"Niamey": "GPE", "Ankara": "GPE"})
    assert run(still) and not news(run(still))
    assert news(run(plain))


def test_now_that_gives_a_cause_not_a_state():
    a = analysis("Chadian troops deployed to Faya on Monday now that the rebels have left the area.",
                 published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
                 mentions={"Chadian troops": "MIL_UNIT"})
    assert "DEPLOY" in [e.type for e in news(run(a))]


def test_the_french_present_is_not_read_as_a_state():
    a = analysis("Le Tchad déploie des soldats à Faya.", published=date(2025, 3, 1),
                 places={"Faya": (17.92, 19.1, "town")}, mentions={"Le Tchad": "GPE"})
    a.document.language = "fr"
    events = run(a)
    assert not [reason for _, reason in reasons(events) if reason == "standing"]


def test_what_a_background_act_carries_is_background_too():
    a = analysis("Chad has since cut military ties with Libya, accusing Tripoli of supporting the rebels.",
                 published=date(2025, 3, 1), mentions={"Chad": "GPE", "Libya": "GPE", "Tripoli": "GPE"})
    events = run(a)
    assert len(events) >= 2 and not news(events)
    assert "within background" in [reason for _, reason in reasons(events)]


def test_a_relative_clause_inside_background_keeps_its_own_reading():
    a = analysis("Chad previously hosted French jets at Faya, which militants attacked on Tuesday.",
                 published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
                 mentions={"Chad": "GPE", "militants": "ARMED_GROUP"})
    events = run(a)
    assert "ASSAULT" in [e.type for e in news(events)]


def test_a_counted_since_names_the_news_not_a_standing_state():
    a = analysis("It was the first visit by a Chadian minister to Tripoli since 2019.",
                 published=date(2025, 3, 1), places={"Tripoli": (32.9, 13.18, "city")},
                 times={"since 2019": (date(2019, 1, 1), date(2025, 3, 1), Precision.YEAR)})
    a.timexes[0].span.value = "2019"
    events = run(a)
    assert events and news(events)


def test_the_news_named_again_to_frame_it_adds_no_news_event():
    a = analysis("Turkish drones arrived at Faya on Monday. The arrival of the drones comes a week after rebels "
                 "attacked a convoy near Bardai.", published=date(2025, 3, 1),
                 places={"Faya": (17.92, 19.1, "town"), "Bardai": (21.35, 17.0, "town")},
                 mentions={"Turkish drones": "EQUIPMENT", "the drones": "EQUIPMENT", "rebels": "ARMED_GROUP"})
    events = run(a)
    first = events[0].type
    assert [e.type for e in news(events)] == [first]
    assert (first, "restated") in reasons(events)


def test_a_presence_grown_with_nothing_named_is_a_trend_a_measured_one_is_news():
    trend = analysis("Chad has been strengthening its presence in Niger.", published=date(2025, 3, 1),
                     mentions={"Chad": "GPE"}, places={"Niger": (16.0, 8.0, "country")})
    measured = analysis("Chad will strengthen its presence in Niger to 900 soldiers.", published=date(2025, 3, 1),
                        mentions={"Chad": "GPE"}, places={"Niger": (16.0, 8.0, "country")})
    trend_events = run(trend)
    assert trend_events and [reason for _, reason in reasons(trend_events)] == ["trend"]
    assert "trend" not in [reason for _, reason in reasons(run(measured))]


def test_an_activity_going_on_since_before_the_news_is_not_over_before_it():
    a = analysis("Chadian troops deployed to Faya on Monday. Engineers have been repairing the runway at Faya "
                 "since November.", published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
                 mentions={"Chadian troops": "MIL_UNIT"},
                 times={"on Monday": (date(2025, 2, 24), date(2025, 2, 24), Precision.DAY),
                        "since November": (date(2024, 11, 1), date(2025, 3, 1), Precision.MONTH)})
    a.timexes[1].span.value = "2024-11"
    events = run(a)
    assert [e.type for e in news(events)] == ["DEPLOY", "CONSTRUCTION"]


def test_a_second_coordinated_frame_is_context_too():
    a = analysis("The flights coincide with the departure of Chadian troops from Faya and with reports that "
                 "N'Djamena is negotiating with Tripoli over the airfield.", published=date(2025, 3, 1),
                 places={"Faya": (17.92, 19.1, "town")}, mentions={"N'Djamena": "GPE", "Tripoli": "GPE"})
    consult = [e for e in run(a) if e.type == "CONSULT"]
    assert consult and all(salience.is_background(e) for e in consult)


def test_an_act_describing_an_apposition_is_a_description():
    a = analysis("Chadian troops arrived in Faya with the Desert Brigade, the unit the army created in 2023 "
                 "to guard the border.", published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")},
                 mentions={"Chadian troops": "MIL_UNIT", "the Desert Brigade": "MIL_UNIT"})
    events = run(a)
    assert "DEPLOY" in [e.type for e in news(events)]
    assert ("ORG_CHANGE", "description") in reasons(events)


def test_a_plan_in_the_pluperfect_is_one_the_story_has_moved_past():
    earlier = analysis("Chad had planned to deploy drones at Faya airfield.", published=date(2025, 3, 1),
                       places={"Faya airfield": (17.92, 19.1, "airfield")}, mentions={"Chad": "GPE"})
    current = analysis("Chad has planned to deploy drones at Faya airfield.", published=date(2025, 3, 1),
                       places={"Faya airfield": (17.92, 19.1, "airfield")}, mentions={"Chad": "GPE"})
    assert run(earlier) and not news(run(earlier))
    assert news(run(current))


def test_the_consequence_of_a_condition_is_hypothetical():
    conditional = analysis("Chad would station drones at Faya airfield if Libya closed its airspace.",
                           published=date(2025, 3, 1), places={"Faya airfield": (17.92, 19.1, "airfield")},
                           mentions={"Chad": "GPE", "Libya": "GPE"})
    possible = analysis("Chad could station drones at Faya airfield next month.", published=date(2025, 3, 1),
                        places={"Faya airfield": (17.92, 19.1, "airfield")}, mentions={"Chad": "GPE"})
    assert [reason for _, reason in reasons(run(conditional))] == ["hypothetical"]
    assert news(run(possible))


def test_a_purpose_infinitive_is_an_aim_not_a_happening():
    aim = analysis("Both armies have relied on Turkish drones to strike rebel camps near Faya.",
                   published=date(2025, 3, 1), places={"Faya": (17.92, 19.1, "town")})
    struck = analysis("Turkish drones struck rebel camps near Faya on Monday.", published=date(2025, 3, 1),
                      places={"Faya": (17.92, 19.1, "town")})
    assert ("ASSAULT", "aim") in reasons(run(aim))
    assert "ASSAULT" in [e.type for e in news(run(struck))]


def test_a_french_frame_introduced_on_the_framing_verb_is_context():
    a = analysis("L'armée tchadienne a déployé des renforts à Faya lundi. Ce déploiement intervient alors que les "
                 "rebelles multiplient les attaques contre l'armée près de Bardaï.", published=date(2025, 3, 1),
                 places={"Faya": (17.92, 19.1, "town"), "Bardaï": (21.35, 17.0, "town")},
                 mentions={"les rebelles": "ARMED_GROUP", "l'armée": "MIL_UNIT"})
    a.document.language = "fr"
    events = run(a)
    attacks = [e for e in events if e.type in ("ASSAULT", "FIGHT")]
    assert attacks and all(salience.is_background(e) for e in attacks)


def test_what_footage_lets_one_see_is_evidence_not_a_capability():
    a = analysis("Dozens of armoured vehicles arrived in Gao on Monday, state television showed. In the footage, "
                 "viewers can see T-72 tanks and Tigr armoured cars passing the governor's office.",
                 published=date(2025, 3, 1), places={"Gao": (16.27, -0.04, "town")},
                 mentions={"T-72 tanks": "EQUIPMENT", "Tigr armoured cars": "EQUIPMENT"})
    events = run(a)
    shown = [e for e in events if e.attributes.get("continues")]
    assert shown and shown[0].materiel, [(e.type, e.trigger) for e in events]
    assert news(events) == events, reasons(events)
    still = analysis("Its runway can receive Il-76 transport aircraft at Jufra.", published=date(2025, 3, 1),
                     places={"Jufra": (29.2, 16.0, "airbase")})
    assert [reason for _, reason in reasons(run(still))] == ["capability"]


def test_a_presence_grown_in_the_present_progressive_is_news_not_a_trend():
    for text in ("Chad is strengthening its presence in Niger.",
                 "Chad is in the process of strengthening its presence in Niger."):
        a = analysis(text, published=date(2025, 3, 1), mentions={"Chad": "GPE"},
                     places={"Niger": (16.0, 8.0, "country")})
        events = run(a)
        assert events and news(events), text
        assert "trend" not in [reason for _, reason in reasons(events)], text


def test_an_act_named_as_what_another_is_for_is_an_aim():
    a = analysis("\"Russia will keep helping Niamey to improve its army and train police officers in the interest of "
                 "fighting against armed groups,\" the ministry said.", published=date(2025, 3, 1))
    events = run(a)
    fights = [e for e in events if e.type == "FIGHT"]
    assert fights and all(e.attributes.get("background_reason") == "aim" for e in fights), reasons(events)
    assert news(events), "the act the purpose hangs on is still told"


def test_what_the_news_comes_at_a_time_of_is_its_frame():
    a = analysis("Chad deployed 500 troops to Faya on Monday. The deployment comes at a time when rebels are attacking "
                 "army convoys near Bardai.", published=date(2025, 3, 1),
                 places={"Faya": (17.92, 19.1, "town"), "Bardai": (21.35, 17.0, "town")},
                 mentions={"rebels": "ARMED_GROUP"})
    events = run(a)
    assert ("DEPLOY", None) in reasons(events)
    framed = [reason for kind, reason in reasons(events) if kind != "DEPLOY"]
    assert framed and all(reason == "reference point" for reason in framed), reasons(events)


def test_what_the_struck_thing_was_doing_dates_the_strike_itself():
    text = ("A drone struck a Chadian transport aircraft at Faya on Monday. The report also pointed to the targeting "
            "of a second aircraft that was carrying radar equipment on the runway at Bardai in December.")
    a = analysis(text, published=date(2025, 3, 1),
                 places={"Faya": (17.92, 19.1, "airbase"), "Bardai": (21.35, 17.0, "airbase")},
                 times={"on Monday": (date(2025, 2, 24), date(2025, 2, 24), Precision.DAY),
                        "in December": (date(2024, 12, 1), date(2024, 12, 31), Precision.MONTH)})
    lede, earlier = run(a)
    assert not salience.is_background(lede)
    assert earlier.attributes.get("background_reason") == "before the news"
