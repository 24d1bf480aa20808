"""Who a party is, read through the entity lexicon (garrison/data/entities): the state a demonym, a national
government or a city named as a party stands for ("Russian", "the Kremlin", "Moscow" → Russia), and the country
a party belongs to.  Fusion compares parties through it, and presence lists rows under it; whether each reading
applies is data (``actors`` in garrison/data/fusion/presence.json)."""

from __future__ import annotations

import functools


@functools.cache
def stands_for(demonyms: bool = True, governments: bool = True, cities: bool = True) -> dict[str, str]:
    """Entity ids that stand for a country, with the id of the country's entity."""
    from garrison.entities import lexicon

    table = lexicon.load()
    out: dict[str, str] = {}
    for entry in table.entries:
        country = table.national.get(("country", str(entry.attributes.get("country") or "")))
        if country is None or country.id == entry.id:
            continue
        label = entry.label.upper()
        if ((label == "NORP" and demonyms) or (label == "GPE" and cities)
                or (label == "ORG" and governments and entry.attributes.get("national_government") == "yes")):
            out[entry.id] = country.id
    return out


@functools.cache
def home_countries() -> dict[str, str]:
    """Entity id → the ISO code of the state it is or speaks for: a country, its demonym, its government, its
    national armed forces ("Russian paramilitaries" and "the Russian Armed Forces" → RU)."""
    from garrison.entities import lexicon

    table = lexicon.load()
    out: dict[str, str] = {}
    for entry in table.entries:
        code = entry.attributes.get("country")
        if not code:
            continue
        label = entry.label.upper()
        if (label == "NORP" or entry.file == "countries.tsv" or entry.attributes.get("national_government") == "yes"
                or entry.attributes.get("national_forces") == "yes"):
            out[entry.id] = code
    return out


@functools.cache
def common_nouns() -> frozenset[str]:
    """Ids of parties named by a common noun ("rebels", "the enemy": nominal_actors.tsv)."""
    from garrison.entities import nominals
    from garrison.model import entity_id

    return frozenset(entity_id(n.label, n.phrase) for n in nominals.table().values())


@functools.cache
def stateless_organisations() -> frozenset[str]:
    """Ids of organisations the lexicon knows no country for (news agencies, think tanks …)."""
    from garrison.entities import lexicon

    return frozenset(e.id for e in lexicon.load().entries if e.label.upper() == "ORG" and not e.attributes.get("country"))


@functools.cache
def forces_of() -> dict[str, str]:
    """A state's national armed forces → the id of the state's entity (mil_unit:russian-armed-forces →
    gpe:russia)."""
    from garrison.entities import lexicon

    table = lexicon.load()
    out: dict[str, str] = {}
    for entry in table.entries:
        if entry.attributes.get("national_forces") != "yes":
            continue
        country = table.national.get(("country", str(entry.attributes.get("country") or "")))
        if country is not None:
            out[entry.id] = country.id
    return out
