"""Documents without a publication date: the inferred anchor, and the flag on what it resolves."""

from datetime import date

from garrison.dates import infer_document_date
from garrison.dates.stage import run
from garrison.model import Analysis, DateSource, Document

# Written for these tests in the manner of an undated news brief: a December day, then January days.
UNDATED = (
    "On December 12, the president said the withdrawal was not a defeat.\n"
    "Last August, the ministers spoke by telephone. At the time, losses were heavy.\n"
    "Footage aired on January 9 showed tanks in the capital. The junta said nothing in its address of January 11.\n"
    "The plan for 2025 builds on the results of 2024."
)


def test_latest_explicit_day_with_the_year_from_context_and_rollover():
    inferred = infer_document_date(UNDATED)
    assert inferred is not None
    day, evidence = inferred
    assert day == date(2025, 1, 11)
    assert "January 11" in evidence


def test_a_year_written_with_one_date_dates_the_others():
    day, evidence = infer_document_date("The parade was on January 17, 2025. On January 20, the tanks left.")
    assert day == date(2025, 1, 20)
    assert "January 20" in evidence


def test_deixis_in_the_same_sentence_ties_the_day_to_the_publication_date():
    day, evidence = infer_document_date("In yesterday's speech, given on 19 January, he said 2025 would be decisive.")
    assert day == date(2025, 1, 20)
    assert "yesterday" in evidence


def test_a_weekday_dates_a_day_when_no_year_is_written():
    text = "The convoy reached Gao on Monday 27 January, officials said. Flights resumed the next day."
    day, evidence = infer_document_date(text, today=date(2026, 11, 22))
    assert day == date(2025, 1, 27)  # 27 January was a Monday in 2025, not in 2026
    assert "weekday" in evidence
    assert infer_document_date(text, today=date(2024, 6, 1))[0] == date(2020, 1, 27)


def test_year_in_the_same_sentence_wins():
    day, _ = infer_document_date("On March 3, 2021 the base opened. On 9 May, in 2022, it closed.")
    assert day == date(2022, 5, 9)


def test_future_dates_do_not_date_the_document():
    day, _ = infer_document_date("Talks were held on 2 June 2024. The next round will take place on 3 September 2024.")
    assert day == date(2024, 6, 2)


def test_a_planned_far_year_does_not_set_the_year():
    day, _ = infer_document_date("The army took stock of 2024 on January 9. The programme will reach full strength in 2030.")
    assert day == date(2024, 1, 9)


def test_no_explicit_day_no_inference():
    assert infer_document_date("Troops arrived last week, and more are expected in 2025.") is None


def test_stage_marks_values_resolved_against_an_inferred_anchor():
    (analysis,) = run([Analysis(document=Document(text=UNDATED))])
    by_text = {t.text: t for t in analysis.timexes}
    assert by_text["December 12"].value == "2024-12-12"
    assert by_text["Last August"].value == "2024-08"
    assert by_text["the time"].value == "2024-08"
    assert by_text["Last August"].span.anchor == date(2025, 1, 11)
    assert by_text["Last August"].span.anchor_inferred is True
    # A year written out does not depend on the anchor.
    assert by_text["2024"].span.anchor_inferred is False


def test_published_source_inferred_flags_relative_values():
    document = Document(text="Shelling resumed yesterday.", published=date(2024, 11, 22), published_source=DateSource.INFERRED)
    (analysis,) = run([Analysis(document=document)])
    (yesterday,) = analysis.timexes
    assert yesterday.value == "2024-11-21"
    assert yesterday.span.anchor_inferred is True


def test_known_publication_date_is_not_flagged():
    document = Document(text="Shelling resumed yesterday.", published=date(2024, 11, 22), published_source=DateSource.DATELINE)
    (analysis,) = run([Analysis(document=document)])
    assert analysis.timexes[0].span.anchor_inferred is False
    assert analysis.timexes[0].document_id == document.id


def test_stage_reads_french_documents_in_french():
    document = Document(text="Le convoi est arrivé il y a trois jours.", published=date(2024, 11, 22), language="fr")
    (analysis,) = run([Analysis(document=document)])
    assert [(t.text, t.value) for t in analysis.timexes] == [("il y a trois jours", "2024-11-19")]


def test_29_february_without_its_year_beside_other_days_does_not_break_inference():
    text = ("The talks of 2024 ended on 29 February. The delegation returned on 3 March, "
            "and the ministers met again on 14 March.")
    day, evidence = infer_document_date(text)
    assert day == date(2024, 3, 14)
    assert "14 March" in evidence
