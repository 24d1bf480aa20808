"""Each phrasing class, English and French, with the TIMEX3 type, value and precision it resolves to.

The DCT of every row is Friday 22 November 2024 unless the row says otherwise.  A lead
sentence with a known date ('3 March 2024') gives anaphoric expressions something to refer to.
"""

from datetime import date

import pytest

from garrison.dates.recognise import find_time_expressions

DCT = date(2024, 11, 22)
LEAD = {"en": "The base opened on 3 March 2024. ", "fr": "La base a ouvert le 3 mars 2024. "}

# phrase in context, the expression's text, type, value, precision (None: no span)
ENGLISH = [
    # absolute dates in the formats news uses
    ("It happened on January 17.", "January 17", "DATE", "2024-01-17", "day"),
    ("It happened on 17 January 2025.", "17 January 2025", "DATE", "2025-01-17", "day"),
    ("It happened on Jan. 17.", "Jan. 17", "DATE", "2024-01-17", "day"),
    ("Dated 2024-11-02 in the log.", "2024-11-02", "DATE", "2024-11-02", "day"),
    ("Signed 22/11/2024 in Bamako.", "22/11/2024", "DATE", "2024-11-22", "day"),
    ("Protesters gathered on 19/11 outside the court.", "19/11", "DATE", "2024-11-19", "day"),  # a coder's day/month
    ("The report (source dated 21/11) gave no toll.", "21/11", "DATE", "2024-11-21", "day"),
    ("A mine went off on the evening of 14/11 near the well.", "14/11", "DATE", "2024-11-14", "day"),  # a part of the day's "of"
    ("Herders and farmers fought between Nov.12-13 at the ford.", "Nov.12-13", "DATE", "2024-11-12", "day"),  # glued by the full stop
    ("Shelling resumed on Oct.30 in the north.", "Oct.30", "DATE", "2024-10-30", "day"),
    ("Militias clashed between November.8-9 near the mine.", "November.8-9", "DATE", "2024-11-08", "day"),
    ("Fri. Nov 22nd, 2024", "Nov 22nd, 2024", "DATE", "2024-11-22", "day"),
    ("On Thursday, January 16, tanks paraded.", "Thursday, January 16", "DATE", "2025-01-16", "day"),  # the weekday fixes the year
    ("The attacks of 17-18 January.", "17-18 January", "DATE", "2024-01-17", "day"),
    ("It was quiet at the beginning of the month.", "the beginning of the month", "DATE", "2024-11", "month"),
    ("Clashes were reported in the first week of January.", "the first week of January", "DATE", "2024-W01", "week"),
    ("A month-long operation ended.", "month-long", "DURATION", "P1M", None),
    ("The hearing on December 5 was moved.", "December 5", "DATE", "2024-12-05", "day"),  # weeks ahead: upcoming
    # months, seasons, quarters, years with modifiers
    ("A drone struck it last June.", "last June", "DATE", "2024-06", "month"),
    ("Haftar flew to Moscow last November.", "last November", "DATE", "2023-11", "month"),
    ("A second aircraft was hit in December.", "December", "DATE", "2023-12", "month"),
    ("They said so at the end of November.", "the end of November", "DATE", "2023-11", "month"),
    ("Troops will return in March.", "March", "DATE", "2025-03", "month"),
    ("In March, the troops will leave Bamako.", "March", "DATE", "2025-03", "month"),  # fronted: the verb after counts
    ("In March, the troops left Bamako.", "March", "DATE", "2024-03", "month"),
    ("The garrison may return in the future.", "the future", "DATE", "FUTURE_REF", "approximate"),
    # a modal with the perfect looks back; the modal alone looks ahead
    ("The guns may have been moved from the depot in March.", "March", "DATE", "2024-03", "month"),
    ("The guns could not have reached the front in March.", "March", "DATE", "2024-03", "month"),
    ("The guns may be moved from the depot in March.", "March", "DATE", "2025-03", "month"),
    ("The base next to the airport closed on a timetable agreed in May.", "May", "DATE", "2024-05", "month"),
    ("Works began in early 2023.", "early 2023", "DATE", "2023", "year"),
    ("Flights resumed in mid-October.", "mid-October", "DATE", "2024-10", "month"),
    ("The unit left in late 2022.", "late 2022", "DATE", "2022", "year"),
    ("It was quiet last summer.", "last summer", "DATE", "2024-SU", "season"),
    ("It was built in the summer of 2019.", "summer of 2019", "DATE", "2019-SU", "season"),
    ("Deliveries fell in the fourth quarter of 2023.", "the fourth quarter of 2023", "DATE", "2023-Q4", "quarter"),
    ("Deliveries fell in Q3 2024.", "Q3 2024", "DATE", "2024-Q3", "quarter"),
    ("Spending rose in the first half of 2024.", "the first half of 2024", "DATE", "2024-H1", "quarter"),
    ("The base dates from the 1990s.", "1990s", "DATE", "199", "decade"),
    ("It has been there since 2022.", "2022", "DATE", "2022", "year"),
    # relative to the DCT
    ("A few days ago, Le Monde reported it.", "A few days ago", "DATE", "PAST_REF", "approximate"),
    ("Ten years ago, Russia came to Syria.", "Ten years ago", "DATE", "2014", "year"),
    ("They met three days ago.", "three days ago", "DATE", "2024-11-19", "day"),
    ("Activity rose over the past month.", "the past month", "DURATION", "P1M", "approximate"),
    ("He spoke last week.", "last week", "DATE", "2024-W46", "week"),
    ("He will speak next week.", "next week", "DATE", "2024-W48", "week"),
    ("Losses this year were heavy.", "this year", "DATE", "2024", "year"),
    ("Losses last year were heavy.", "last year", "DATE", "2023", "year"),
    # weekdays: the nearest past one in news, the next one when the clause looks ahead
    ("The convoy arrived on Wednesday.", "Wednesday", "DATE", "2024-11-20", "day"),
    ("The convoy arrived on Friday.", "Friday", "DATE", "2024-11-22", "day"),
    ("The minister will visit on Monday.", "Monday", "DATE", "2024-11-25", "day"),
    ("On Monday, the minister will visit.", "Monday", "DATE", "2024-11-25", "day"),
    ("The border stays shut until Monday.", "Monday", "DATE", "2024-11-25", "day"),  # a deadline ahead
    ("The convoy left on Tuesday morning.", "Tuesday morning", "TIME", "2024-11-19TMO", "day"),
    # deixis and indefinite references
    ("Yesterday, shelling resumed.", "Yesterday", "DATE", "2024-11-21", "day"),
    ("Shelling resumed today.", "today", "DATE", "2024-11-22", "day"),
    ("The base is now operational.", "now", "DATE", "PRESENT_REF", "approximate"),
    ("Troops are currently deployed.", "currently", "DATE", "PRESENT_REF", "approximate"),
    ("A fifth base was recently added.", "recently", "DATE", "PAST_REF", "approximate"),
    # durations and sets, kept apart from points
    ("The siege lasted for three months.", "three months", "DURATION", "P3M", None),
    ("Shelling went on for the past three weeks.", "the past three weeks", "DURATION", "P3W", "approximate"),
    ("Talks went on for several years.", "several years", "DURATION", "PXY", None),
    ("The parade lasted more than 30 minutes.", "30 minutes", "DURATION", "PT30M", None),
    ("It signed a 27-year contract.", "27-year", "DURATION", "P27Y", None),
    ("Convoys leave every week.", "every week", "SET", "P1W", None),
    ("The exercise is held annually.", "annually", "SET", "P1Y", None),
    # anaphora: the last resolved time
    ("At the time, the runway was closed.", "the time", "DATE", "2024-03-03", "day"),
    ("Fighting stopped that month.", "that month", "DATE", "2024-03", "month"),
    ("They left the following day.", "the following day", "DATE", "2024-03-04", "day"),
    ("Two weeks earlier, a drone struck.", "Two weeks earlier", "DATE", "2024-W07", "week"),
    ("A few days later, it was repaired.", "A few days later", "DATE", "2024-03-04", "approximate"),
    ("The ceasefire held at 14:30 GMT.", "14:30 GMT", "TIME", "2024-03-03T14:30Z", "day"),
    ("The convoy left at midnight.", "midnight", "TIME", "2024-03-03T24:00", "day"),
    ("A fort of the 19th century.", "the 19th century", "DATE", "18", "decade"),
]

FRENCH = [
    ("Il est arrivé le 17 janvier.", "17 janvier", "DATE", "2024-01-17", "day"),
    ("Il est arrivé le 17 janvier 2025.", "17 janvier 2025", "DATE", "2025-01-17", "day"),
    ("Il est arrivé le 17 janvier dernier.", "17 janvier dernier", "DATE", "2024-01-17", "day"),
    ("Les manifestants se sont réunis le 19/11 devant le tribunal.", "19/11", "DATE", "2024-11-19", "day"),
    ("Les combats des 17 et 18 janvier.", "17 et 18 janvier", "DATE", "2024-01-17", "day"),
    ("Ils reviendront dans trois jours.", "dans trois jours", "DATE", "2024-11-25", "day"),
    ("Le convoi est parti à 6 heures.", "6 heures", "TIME", "2024-03-03T06:00", "day"),
    ("Les travaux ont repris en début d'année.", "début d'année", "DATE", "2024", "year"),
    ("Les frappes se sont multipliées au cours des derniers mois.", "des derniers mois", "DURATION", "PXM", None),
    ("Le 1er mai, rien ne s'est passé.", "1er mai", "DATE", "2024-05-01", "day"),
    ("Haftar est venu en septembre dernier.", "septembre dernier", "DATE", "2024-09", "month"),
    ("Il l'a dit fin novembre.", "fin novembre", "DATE", "2023-11", "month"),
    ("Les vols ont repris mi-octobre.", "mi-octobre", "DATE", "2024-10", "month"),
    ("Tout a changé l'été dernier.", "l'été dernier", "DATE", "2024-SU", "season"),
    ("Ils sont arrivés au printemps 2024.", "printemps 2024", "DATE", "2024-SP", "season"),
    ("Les travaux ont commencé début 2023.", "début 2023", "DATE", "2023", "year"),
    ("Il y a trois jours, l'armée est partie.", "Il y a trois jours", "DATE", "2024-11-19", "day"),
    ("La base existe depuis 2022.", "2022", "DATE", "2022", "year"),
    ("Le siège a duré pendant trois mois.", "trois mois", "DURATION", "P3M", None),
    ("Un convoi part chaque semaine.", "chaque semaine", "SET", "P1W", None),
    ("Le convoi est arrivé mercredi.", "mercredi", "DATE", "2024-11-20", "day"),
    ("Le convoi est arrivé hier.", "hier", "DATE", "2024-11-21", "day"),
    ("Les troupes sont actuellement déployées.", "actuellement", "DATE", "PRESENT_REF", "approximate"),
    ("Une base a récemment été ajoutée.", "récemment", "DATE", "PAST_REF", "approximate"),
    ("À l'époque, la piste était fermée.", "l'époque", "DATE", "2024-03-03", "day"),
    ("Ils sont repartis le lendemain.", "le lendemain", "DATE", "2024-03-04", "day"),
    ("Il a parlé la semaine dernière.", "la semaine dernière", "DATE", "2024-W46", "week"),
    ("Les pertes de l'année dernière.", "l'année dernière", "DATE", "2023", "year"),
    ("Les livraisons du premier trimestre 2024.", "premier trimestre 2024", "DATE", "2024-Q1", "quarter"),
    ("Une base des années 1990.", "années 1990", "DATE", "199", "decade"),
    ("Un fort du XIXe siècle.", "XIXe siècle", "DATE", "18", "decade"),
]


def _find(language: str, sentence: str, expected_text: str):
    text = LEAD[language] + sentence
    found = [t for t in find_time_expressions(text, DCT, language=language) if t.start >= len(LEAD[language])]
    matching = [t for t in found if expected_text in t.text or t.text in expected_text]
    assert matching, f"nothing found for {expected_text!r} in {sentence!r}: {[t.text for t in found]}"
    return matching[0]


@pytest.mark.parametrize(("sentence", "text", "type_", "value", "precision"), ENGLISH)
def test_english(sentence, text, type_, value, precision):
    found = _find("en", sentence, text)
    assert found.text == text
    assert (found.type, found.value) == (type_, value)
    assert (found.span.precision if found.span else None) == precision


@pytest.mark.parametrize(("sentence", "text", "type_", "value", "precision"), FRENCH)
def test_french(sentence, text, type_, value, precision):
    found = _find("fr", sentence, text)
    assert text in found.text
    assert (found.type, found.value) == (type_, value)
    assert (found.span.precision if found.span else None) == precision


def test_bare_month_is_the_most_recent_one_not_after_the_dct():
    found = find_time_expressions("Fighting resumed in November.", date(2024, 11, 22))
    assert [t.value for t in found] == ["2024-11"]
    found = find_time_expressions("Fighting resumed in November.", date(2024, 10, 2))
    assert [t.value for t in found] == ["2023-11"]


def test_spans_carry_their_calendar_extent():
    (end_of_november,) = find_time_expressions("It was said at the end of November.", DCT)
    assert (end_of_november.span.start, end_of_november.span.end) == (date(2023, 11, 24), date(2023, 11, 30))
    (since,) = find_time_expressions("Present there since 2022.", DCT)
    assert (since.span.start, since.span.end) == (date(2022, 1, 1), DCT)


def test_no_dct_leaves_relative_values_open():
    found = {t.text: t for t in find_time_expressions("Last June and in 2023 and on 5 May 2021.", None)}
    assert (found["Last June"].value, found["Last June"].span) == ("XXXX-06", None)
    assert found["2023"].value == "2023"
    assert found["5 May 2021"].value == "2021-05-05"


def test_a_quarter_or_season_without_tense_is_the_nearer_one():
    # In August the coming fourth quarter is nearer than the last one; a month keeps the past reading.
    found = {t.text: t.value for t in find_time_expressions(
        "Cuts close ten plants during the fourth quarter. Output in October fell.", date(2006, 8, 19))}
    assert found == {"the fourth quarter": "2006-Q4", "October": "2005-10"}
