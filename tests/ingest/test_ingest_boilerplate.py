"""Page furniture goes; sentences that merely resemble it stay."""

from __future__ import annotations

import pytest

from garrison.ingest.boilerplate import PATTERNS_FILE, remove_boilerplate, rules

SENTENCE = ("The convoy left the port of Tobruk at dawn and reached the Al Khadim air base before noon, "
            "according to two witnesses.")


@pytest.mark.parametrize(
    "furniture",
    [
        "Share this article",
        "Share this story on Facebook",
        "Print | Email | Share",
        "Subscribe to our newsletter",
        "Click here to subscribe to our daily newsletter",
        "Sign up for our weekly newsletter and get the latest news in your inbox",
        "Follow us on Twitter, Facebook and Telegram",
        "Suivez-nous sur Facebook et X",
        "Abonnez-vous à notre newsletter",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "Accept all cookies | Manage preferences",
        "Read more: Wagner's successor recruits in West Africa",
        "Lire aussi : Au Mali, l'armée reprend Kidal",
        "Related Posts",
        "Advertisement",
        "© 2025 Example Media. All rights reserved.",
        "Tags: Libya, Russia, Wagner",
        "Leave a comment",
        "5 min read",
    ],
)
def test_furniture_lines_are_dropped(furniture):
    assert remove_boilerplate(f"{SENTENCE}\n{furniture}\n{SENTENCE}") == f"{SENTENCE}\n{SENTENCE}"


def test_related_post_prompt_glued_to_a_sentence_is_cut_and_the_sentence_kept():
    glued = "Related PostDuring a press conference on Thursday, the defence minister said the base would stay open."
    assert remove_boilerplate(glued) == (
        "During a press conference on Thursday, the defence minister said the base would stay open.")


def test_prompt_followed_by_a_link_title_goes_whole():
    assert remove_boilerplate(f"{SENTENCE}\nRelated Post: Russia expands its footprint in Libya") == SENTENCE


def test_fragments_between_sentences_are_cut():
    text = "The army confirmed the strike. Share this article The base was evacuated on Friday."
    assert remove_boilerplate(text) == "The army confirmed the strike. The base was evacuated on Friday."


@pytest.mark.parametrize(
    "prose",
    [
        "Officials said they would share this article of the agreement with parliament next week.",
        "Subscribe to the idea that the base is temporary? The generals do not, judging by the new hangars.",
        "Follow us on the road north, the commander told reporters as the column left Gao.",
        "The ministry said it uses cookies-cutter contracts for all of its foreign security partners.",
        "Related talks between the two delegations ended without agreement in Cairo on Monday.",
        "Tags on the crates showed they had been shipped from a port on the Black Sea.",
        "Read more carefully, the statement suggests the troops will stay until at least the end of the year.",
    ],
)
def test_sentences_that_resemble_furniture_are_kept(prose):
    assert remove_boilerplate(prose) == prose


def test_paragraph_breaks_are_kept_and_collapsed():
    assert remove_boilerplate(f"{SENTENCE}\n\nShare this article\n\n\n\n{SENTENCE}") == f"{SENTENCE}\n\n{SENTENCE}"


def test_every_pattern_has_a_source_note_and_compiles():
    rows = [line.split("\t") for line in PATTERNS_FILE.read_text().splitlines()
            if line and not line.startswith("#")][1:]
    assert len(rows) > 10
    assert all(len(row) == 3 and row[0] in {"line", "prefix", "fragment"} and row[2].strip() for row in rows)
    assert rules().line.pattern
