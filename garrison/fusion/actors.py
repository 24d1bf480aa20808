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
    for country, (government, capital) in _named_for_countries().items():
        if governments:
            out.setdefault(government, country)
        if cities and capital is not None:
            out.setdefault(capital, country)
    return out


@functools.cache
def _named_for_countries() -> dict[str, tuple[str, str | None]]:
    """Country entity id → (the id the entities stage gives the government of a country the lexicon has no
    government entry for, "Government of <country>"; the id of its capital named as a party, from GeoNames'
    country info, or None).  Neither is in the lexicon: a report's "Washington accuses" or "the US government"
    is the state all the same."""
    from garrison.entities import lexicon
    from garrison.events.regional import country_info
    from garrison.model import entity_id

    table = lexicon.load()
    info = country_info()
    out: dict[str, tuple[str, str | None]] = {}
    for (kind, code), entry in table.national.items():
        if kind != "country":
            continue
        capital_name = (info.get(code) or {}).get("capital")
        capital = entity_id("GPE", capital_name) if capital_name else None
        out[entry.id] = (_generated_id("government", entry.name), capital if capital != entry.id else None)
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
    for (kind, code), entry in table.national.items():
        if kind == "country":
            for generated in ("government", "forces"):
                out.setdefault(_generated_id(generated, entry.name), code)
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
    """A state's armed forces, their branches and commands, and the formations its ministries command → the
    id of the state's entity (mil_unit:russian-armed-forces, mil_unit:russian-aerospace-forces and
    armed_group:africa-corps, whose parent is Russia's defence ministry → gpe:russia).  A military unit's
    state is its own country, else its parent's (the lexicon's ``parent`` chain); a private company of a
    country's nationals (``origin_country`` only: the Wagner Group) is no organ of the state."""
    from garrison.entities import lexicon

    table = lexicon.load()

    def state(entry, seen: frozenset[str] = frozenset()) -> str | None:
        code = entry.attributes.get("country")
        if code and entry.label.upper() != "ARMED_GROUP":  # an armed group's country is where it fights
            return str(code)
        parent = table.by_name.get(str(entry.attributes.get("parent") or ""))
        return state(parent, seen | {entry.id}) if parent is not None and parent.id not in seen else None

    out: dict[str, str] = {}
    for entry in table.entries:
        if entry.label.upper() not in ("MIL_UNIT", "ARMED_GROUP"):
            continue
        country = table.national.get(("country", state(entry) or ""))
        if country is not None:
            out[entry.id] = country.id
    for (kind, code), entry in table.national.items():
        if kind == "country":  # the id the entities stage gives a country's forces the lexicon has no entry for
            out.setdefault(_generated_id("forces", entry.name), entry.id)
    return out


def _generated_id(kind: str, country_name: str) -> str:
    """The id the entities stage gives a country's government ("government") or armed forces ("forces") when
    the lexicon has no entry for them ("Government of Italy", "Armed forces of Iran": entities/resolve.py)."""
    from garrison.entities import lexicon
    from garrison.model import entity_id

    label = lexicon.patterns()["actors"]["labels"][kind]
    name = "Armed forces of" if kind == "forces" else "Government of"
    return entity_id(label, f"{name} {country_name}")
