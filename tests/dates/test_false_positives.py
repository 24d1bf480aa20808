"""Designations, counts and measures that look like dates but are not times."""

from datetime import date

import pytest

from garrison.dates.recognise import find_time_expressions

DCT = date(2024, 11, 22)

NOT_TIMES = [
    "S400 and S300 air defence systems were redeployed.",
    "An S-300 battery and an S-400 battery.",
    "T-72B3 tanks were seen.",
    "Work continued on Air Base 101 in Bamako.",
    "Some vehicles were marked H2200.",
    "Kamaz 4385 trucks rolled past.",
    "It carries a 57 mm cannon.",
    "Buildings to house 400 to 500 soldiers.",
    "Buildings to house 1800 to 2000 soldiers.",
    "About 1500 troops were moved.",
    "An Il-76 landed at night.",
    "BTR-80/82A carriers were unloaded.",
    "Three out of 3/4 of the shops were open 24/7.",  # figures with a slash and no "on"/"dated" before them
    "Two thirds of 2/3 of the men of 4/5 units left.",  # "of" counts only after a part of the day
    "The Council adopted Resolution 2719.",
    "Flight 1901 was diverted.",
    "The Su-24 and the An-124 took off.",
    "Prices rose 2.36 % on the day's trade.",
    "They paid $2024 for the parts.",
    "May I ask what happened?",
    "Ministers weighed the future of the garrison.",  # a fate, not a time
    "The past of the old fort was forgotten.",
    "Troops may leave the area.",
    "The march on Tripoli stalled.",
    "After the fall of Assad, the navy moved.",
    "Il a été blessé près de Gao.",
    "He told the daily newspaper la Repubblica.",
    "He told the daily La Repubblica.",
    "Il l'a dit au quotidien Le Monde.",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_no_time_expression(text):
    language = "fr" if text.startswith("Il ") else "en"
    assert [t.text for t in find_time_expressions(text, DCT, language=language)] == []


def test_a_year_inside_an_event_name_is_kept_as_its_year():
    # The forum 'Armée 2023' took place in 2023: TimeML/MEANTIME tag such years ('WWDC 2005').
    (found,) = find_time_expressions("shown for the first time at the forum Armée 2023.", DCT)
    assert (found.text, found.value) == ("2023", "2023")


def test_a_date_next_to_a_designation_is_still_found():
    found = find_time_expressions("S-400 systems arrived on 17 January 2025 at Air Base 101.", DCT)
    assert [(t.text, t.value) for t in found] == [("17 January 2025", "2025-01-17")]


def test_a_sentence_full_stop_does_not_glue_a_month_to_a_count():
    # "Nov.12" is a day (the abbreviation's stop, no space); "November. 14 soldiers" ends one sentence and counts
    found = find_time_expressions("The convoy left the garrison in November. 14 soldiers stayed behind.", DCT)
    assert [(t.text, t.value) for t in found] == [("November", "2024-11")]
