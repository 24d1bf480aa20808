"""The picture a store holds, as the terminal shows it (``garrison demo`` ends on it: demo.py).

The picture is first presence (who is where: actor × site, first and last reported, assets, independent
sources), then the happenings that at least two independent outlets report, with what the reports disagree
on.  Background (history and context the reports recall) is left out, as in every listing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.table import Table

from garrison.model import Event, Happening, Presence

WIDTH = 100  # the demo must read in a 100-column terminal
STANCE_ORDER = ("asserted", "reported", "claimed-responsibility", "speculated", "planned", "denied", "negated")
CONTRARY = ("denied", "negated")


def _name(names: dict[str, str], entity_id: str) -> str:
    return names.get(entity_id) or entity_id.split(":", 1)[-1]


def _span(first: date | None, last: date | None) -> str:
    if first is None and last is None:
        return "?"
    if first == last or last is None:
        return str(first)
    return f"{first or '?'} → {last}"


def _stances(counts: dict[str, int]) -> str:
    ordered = sorted(counts, key=lambda s: (STANCE_ORDER.index(s) if s in STANCE_ORDER else len(STANCE_ORDER), s))
    return ", ".join(f"{s} {counts[s]}" for s in ordered if counts[s])


def presence_table(found: Sequence[Presence], names: dict[str, str]) -> Table:
    """Actor × site rows: when, assets, independent sources and what they say (tentative, background marked)."""
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("actor", overflow="fold", max_width=16)
    table.add_column("site", overflow="fold", max_width=24)
    table.add_column("first → last reported", overflow="fold", max_width=12)
    table.add_column("assets", overflow="fold", max_width=22)
    table.add_column("sources", justify="right", max_width=7)
    table.add_column("stances", overflow="fold", max_width=16)
    for n, p in enumerate(found):
        new_actor = n == 0 or found[n - 1].actor != p.actor
        if new_actor and n:
            table.add_section()  # one block per actor: its sites read down the block
        site = p.place.name + (f" ({p.place.country})" if p.place.country else "")
        flags = [flag for flag, on in (("tentative", p.attributes.get("tentative")),
                                       ("background", p.attributes.get("background"))) if on]
        table.add_row(
            _name(names, p.actor) if new_actor else "", site, _span(p.first_reported, p.last_reported).replace(" → ", " →\n"),
            ", ".join(_name(names, m) for m in p.materiel) or "-", str(p.reports),
            _stances(p.attributes.get("stances") or {}) + (f" [{', '.join(flags)}]" if flags else ""),
        )
    return table


def independent_outlets(h: Happening, outlet_of: dict[str, str | None],
                        published: dict[str, date | None] | None = None) -> list[str]:
    """The distinct outlets of a happening's independent reports (a syndicated copy counts with its original),
    in order of publication."""
    reports = h.attributes.get("independent_reports") or h.attributes.get("documents") or []
    published = published or {}
    ordered = sorted(reports, key=lambda doc_id: (str(published.get(doc_id) or "9999"), doc_id))
    return list(dict.fromkeys(outlet_of.get(doc_id) or doc_id for doc_id in ordered))


def corroborated(happenings: Sequence[Happening], outlet_of: dict[str, str | None],
                 min_outlets: int = 2) -> list[Happening]:
    """Happenings at least ``min_outlets`` independent outlets report, the most recent first."""
    found = [h for h in happenings if len(independent_outlets(h, outlet_of)) >= min_outlets]
    return sorted(found, key=lambda h: (-(h.time.start.toordinal() if h.time else 0), h.id))


def who_says_what(events: Sequence[Event]) -> dict[str, list[str]]:
    """stance → the outlets holding it, each with the source it cites ("Libya Observer ← AFRICOM")."""
    held: dict[str, list[str]] = defaultdict(list)
    for event in events:
        for claim in event.claims:
            cited = claim.source_chain[-1] if claim.source_chain else None
            who = (claim.outlet or "?") + (f" ← {cited}" if cited and cited != claim.outlet else "")
            if who not in held[str(claim.stance)]:
                held[str(claim.stance)].append(who)
    return dict(held)


def _when(h: Happening) -> str:
    """The happening's time as a reader wants it: "2024-06", "2024-W30", a day; a reference ("PRESENT_REF")
    or a time of day is shown as its dates."""
    if h.time is None:
        return "?"
    value = h.time.value or ""
    if value[:4].isdigit() and "_" not in value:
        return value.split("T")[0]
    return _span(h.time.start, h.time.end)


def print_happening(console: Console, h: Happening, names: dict[str, str], outlets: list[str],
                    events: Sequence[Event]) -> None:
    when = _when(h)
    where = h.location or h.destination or h.origin
    place = f"{where.name} ({where.country})" if where and where.country else (where.name if where else "?")
    console.print(f"[bold]{when}[/bold]  {h.type}{' / ' + h.mode if h.mode else ''}  at {place}", highlight=False)
    parties = ", ".join(_name(names, i) for i in (*h.actors, *h.targets, *h.materiel))
    if parties:
        console.print(f"   {parties}", highlight=False)
    console.print(f"   {len(outlets)} independent outlets: {', '.join(outlets)}", highlight=False)
    held = who_says_what(events)
    if h.contradicted:
        console.print("   [red]contested[/red]:", highlight=False)
        for stance in (*STANCE_ORDER, *sorted(set(held) - set(STANCE_ORDER))):
            if stance in held:
                console.print(f"     {stance}: {', '.join(held[stance])}", highlight=False)
    elif held:
        console.print(f"   {_stances({s: len(v) for s, v in held.items()})}", style="dim", highlight=False)


def print_picture(store, console: Console, *, db: str) -> None:
    """Presence, then the happenings reported by two or more independent outlets, then how to browse them."""
    queries = store.queries
    console.rule("presence: who is reported where")
    rows = queries.presences(limit=10_000)
    if rows:
        console.print(presence_table(rows, queries.entity_names(i for p in rows for i in (p.actor, *p.materiel))))
    else:
        console.print("no presence")
    console.rule("happenings reported by two or more independent outlets")
    happenings = queries.happenings(min_reports=2, limit=10_000)
    documents = queries.document_sources([d for h in happenings for d in h.attributes.get("independent_reports") or ()])
    outlet_of = {doc_id: header.get("outlet") for doc_id, header in documents.items()}
    published = {doc_id: header.get("published") for doc_id, header in documents.items()}
    shown = corroborated(happenings, outlet_of)
    names = queries.entity_names(i for h in shown for i in (*h.actors, *h.targets, *h.materiel))
    for h in shown:
        print_happening(console, h, names, independent_outlets(h, outlet_of, published),
                        queries.happening_events(h.id))
    if not shown:
        console.print("none yet: no happening is reported by two independent outlets")
    contested = sum(h.contradicted for h in shown)
    console.print(f"{len(rows)} presence rows, {len(shown)} corroborated happenings ({contested} contested); "
                  "background (history, context) left out: add --include-background to "
                  "`garrison presence`, `happenings`, `events`", style="dim", highlight=False)
    console.rule()
    console.print(f"open it in the web app: garrison serve --db {db}   then http://127.0.0.1:8000/", highlight=False)
