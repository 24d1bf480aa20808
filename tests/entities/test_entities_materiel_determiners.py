"""Determiners in materiel phrases, stop 25 (sentences written for these tests): a post-determiner that picks
out which things are meant stays in the phrase, with the article before it; a definite class-noun phrase keeps
its determiner; counts, quantifiers and a bare indefinite article stay out."""

from __future__ import annotations

from entities_helpers import equipment, outermost, tag


def test_a_post_determiner_stays_in_the_materiel_phrase_with_the_article_before_it():
    (a,) = tag("The militia hid its rifles and other military hardware in a barn. "
               "Sending a single drone against a lone truck counts as one sortie.")
    found = outermost(a)
    assert {"other military hardware", "a single drone"} <= found
    (b,) = tag("Inspectors found no trace of such weapons at the depot near the front.")
    assert "such weapons" in outermost(b)


def test_a_definite_class_noun_phrase_keeps_its_determiner():
    (a,) = tag("The army moved the howitzers north, and those rockets stayed at the depot.")
    found = outermost(a)
    assert {"the howitzers", "those rockets"} <= found
    # the class mention is the widened one, still of the howitzer's class
    assert equipment(a)["the howitzers"].entity_id is not None
    (b,) = tag("Officials said that drone was shot down. The report said that rockets hit the base.")
    found = outermost(b)
    assert "that drone" in found and "rockets" in found  # a demonstrative, not the conjunction "that"


def test_counts_quantifiers_and_a_bare_indefinite_article_stay_out():
    (a,) = tag("Militants seized several rockets, two howitzers and a mortar near the border post.")
    found = outermost(a)
    assert {"rockets", "howitzers", "mortar"} <= found
    assert not any(text.startswith(("several", "two", "a ")) for text in found)
    (b,) = tag("The army moved the 14 tanks north.")
    assert "tanks" in outermost(b)


def test_a_named_system_takes_no_article_and_an_owner_stays_in_front():
    (a,) = tag("The navy sent the frigate FS Forbin to the gulf, and the rebels' tanks stayed in the hills.")
    found = outermost(a)
    assert "frigate FS Forbin" in found
    assert "the frigate FS Forbin" not in found
    assert not any(text.startswith(("the rebels", "rebels")) for text in found)
