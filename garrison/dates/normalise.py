"""What each grammar rule means: TIMEX3 type and value, and the calendar span, given the DCT.

News conventions (TempEval, HeidelTime's news mode): an expression without a year refers to
the most recent such time not after the DCT, unless the clause looks ahead ('will', 'next',
'scheduled'), when it takes the next one.  Anaphoric expressions ('at the time', 'the
following day') take the last time the text resolved.  A value that cannot be computed (no
DCT) leaves ``value`` at ``None`` rather than guessing.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from garrison.dates import calendar as cal
from garrison.dates.calendar import Resolved
from garrison.dates.lexicon import lexicon
from garrison.dates.patterns import sentence_bounds
from garrison.model import Precision
from garrison.words import word_list, word_map, words

# The words a normaliser reads in what its rule captured (garrison/data/dates/words*.tsv).
_PASSIVE_AUXILIARY = re.compile(r"(?:" + "|".join(r"\b" + re.escape(w) for w in word_list("dates", "passive_auxiliaries"))
                                + r")\s+$")
_YEARLESS_BACK = words("dates", "yearless_back")
_YEARLESS_FORWARD = words("dates", "yearless_forward")
_NAMED_BACK = words("dates", "named_back")
_NAMED_FORWARD = words("dates", "named_forward")
_WEEKDAY_BACK = words("dates", "weekday_back")
_THIS = words("dates", "this_words")
_SEASON_PRECEDERS = words("dates", "season_preceders")
_FALL_PRECEDERS = words("dates", "fall_preceders")
_AMBIGUOUS_SEASONS = words("dates", "ambiguous_seasons")
_SINCE = words("dates", "since_words")
_LAST_ORDINALS = words("dates", "last_ordinals")
_QUARTER_CODE_PRECEDERS = words("dates", "quarter_code_preceders")
_HALF = words("dates", "half_words")
_SAME = words("dates", "same_words")
_BEFORE_AFTER = words("dates", "before_after")
_THE_PREVIOUS_FOLLOWING = words("dates", "the_previous_following")
_PREVIOUS = word_list("dates", "previous_words")
_CURRENT = words("dates", "current_words")
_THE_RELS = words("dates", "the_rels")
_ONE_ARTICLES = words("dates", "one_articles")
_DCT_DIRECTIONS = words("dates", "dct_directions")
_BACKWARD_DIRECTIONS = words("dates", "backward_directions")
_EVENT_DIRECTIONS = words("dates", "event_directions")
_ONE_WORDS = words("dates", "one_words")
_OPEN_APPROXIMATIONS = word_list("dates", "open_approximations")
_STRETCH_RELS = words("dates", "stretch_rels")
_STRETCH_FORWARD = words("dates", "stretch_forward")
_PERIODICAL_ADJECTIVES = words("dates", "periodical_adjectives")
_PERIODICAL_DETERMINERS = words("dates", "periodical_determiners")
_NOUN_DETERMINERS = words("dates", "noun_determiners")
_PRESENT_ADJECTIVES = words("dates", "present_adjectives")
_ANAPHOR_DAY_STEPS = {phrase: int(step) for phrase, step in word_map("dates", "anaphor_day_steps").items()}
_ANAPHOR_UNIT_STEPS = {phrase: int(step) for phrase, step in word_map("dates", "anaphor_unit_steps").items()}


@dataclass
class Output:
    type: str
    value: str | None
    span: Resolved | None = None
    start: int | None = None  # extent override within the match
    end: int | None = None
    explicit_year: bool = False  # the year was written: later expressions in the sentence may borrow it
    leaves_rest: bool = False  # the match's words outside start..end are left to other rules


@dataclass
class Context:
    text: str
    dct: date | None
    language: str = "en"
    last: Resolved | None = None  # the last resolved point in time: what anaphors refer to
    history: list[Resolved] = field(default_factory=list)  # every resolved point, in text order
    sentence_year: dict[int, int] = field(default_factory=dict)  # sentence index -> year written in it
    _bounds: list[tuple[int, int]] | None = None
    _ends: list[int] | None = None

    @property
    def bounds(self) -> list[tuple[int, int]]:
        if self._bounds is None:
            self._bounds = sentence_bounds(self.text)
        return self._bounds

    def sentence_index(self, offset: int) -> int:
        if self._ends is None:
            self._ends = [e for _, e in self.bounds]
        return min(bisect.bisect_right(self._ends, offset), len(self._ends) - 1)

    def tense(self, start: int, end: int | None = None) -> str | None:
        """'future', 'past' or None: the tense cue nearest before the expression in its sentence.

        The verb that governs a time adverbial in news precedes it far more often than it
        follows ('announced Friday that it will …'), so the words before are read first; only
        a fronted adverbial with no cue before it ('In March, the troops will …') reads on.
        """
        s, e = self.bounds[self.sentence_index(start)]
        pattern = _tense_pattern(self.language)
        window = re.sub(r"\bMay\b", " ", self.text[max(s, start - 100) : start]).lower()
        last = None
        for match in pattern.finditer(window):
            if match.lastgroup == "past" and _PASSIVE_AUXILIARY.search(window[: match.start()]):
                continue  # a participle after 'be' ('to be held', 'will be signed') carries no tense
            last = match
        fronted = end is not None and len(self.text[s:start].split()) <= 2 and self.text[end : end + 1] == ","
        if last is None and fronted:
            after = re.sub(r"\bMay\b", " ", self.text[end : min(e, end + 60)]).lower()
            last = next(pattern.finditer(after), None)
        if last is None:
            if _cue("deadline_preposition", self.word_before(start)):
                return "future"  # 'to remain closed until Friday': a deadline, and no past tense around it
            return None
        return "future" if last.lastgroup == "future" else "past"

    def word_before(self, start: int) -> str:
        match = re.search(r"([\w'’]+)[\s,]*$", self.text[max(0, start - 30) : start])
        return match.group(1).lower().replace("’", "'") if match else ""


@functools.cache
def _tense_pattern(language: str) -> re.Pattern[str]:
    cues = lexicon().cues

    def alternation(words) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    past_words = set(cues.get("past_fr" if language == "fr" else "past", {}))
    past = alternation(past_words)
    if language != "fr":
        # Regular past tenses by shape, less the adjectives and nouns that share it.
        not_past = alternation(cues.get("not_past", {}))
        past += rf"|(?!(?:{not_past})(?![\w-]))[a-z]{{2,}}ed"
    future = alternation(cues.get("future", {}))
    # "may have been transferred": a modal with the perfect looks back; tried before the modal alone reads as future
    perfect = alternation(cues.get("perfect_modal", {})) if language != "fr" else None
    # French elides before a vowel ("l'a dit", "qu'il a"): an apostrophe may precede a cue there.
    before = r"(?<![\w-])" if language == "fr" else r"(?<![\w'-])"
    looking_back = rf"(?P<perfect>{perfect})|" if perfect else ""
    return re.compile(rf"{before}(?:{looking_back}(?P<future>{future})|(?P<past>{past}))(?![\w'-])")


def _cue(cls: str, word: str) -> str | None:
    return lexicon().cues.get(cls, {}).get(re.sub(r"\s+", " ", word.lower()).replace("’", "'"))


def _number(word: str) -> float | None:
    word = re.sub(r"\s+", " ", word.lower().strip())
    if _cue("vague_quantity", word):
        return None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", word):
        return float(word.replace(",", "."))
    return lexicon().numbers.get(word)


def _unit(word: str, language: str) -> str | None:
    word = word.lower()
    units = lexicon().units[language]
    if word in units:
        return units[word]
    if word.endswith("s") and word[:-1] in units:
        return units[word[:-1]]
    if word.endswith("ies") and word[:-3] + "y" in units:  # centuries
        return units[word[:-3] + "y"]
    return None


def _fmt_amount(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"


def duration_value(amount: float | None, unit: str) -> str:
    """P3M, PT30M, P10Y for a decade, PXY for an unspecified count."""
    if unit == "DE" and amount is not None:
        amount, unit = amount * 10, "Y"
    if unit == "CE" and amount is not None:
        amount, unit = amount * 100, "Y"
    count = "X" if amount is None else _fmt_amount(amount)
    if unit in ("H", "MIN", "S"):
        return f"PT{count}{'M' if unit == 'MIN' else unit}"
    if unit == "WE":
        return f"P{count}WE"
    return f"P{count}{unit}"


def _month_of(name: str) -> int:
    return lexicon().months[name.lower().rstrip(".")]


def _year_of(groups: dict[str, str | None]) -> int | None:
    if groups.get("y"):
        return int(groups["y"])  # type: ignore[arg-type]
    return None


def _relative_year(word: str | None, dct: date | None) -> int | None:
    if not word or dct is None:
        return None
    return {"this": dct.year, "last": dct.year - 1, "next": dct.year + 1}.get(word.lower())


def _mod_part(mod: str | None) -> str | None:
    if not mod:
        return None
    mod = re.sub(r"\s+", " ", mod.lower())
    table = {
        "early": "early", "début": "early", "au début de": "early", "the beginning of": "start", "beginning of": "start",
        "the start of": "start", "start of": "start", "earlier": "early",
        "mid": "mid", "mi": "mid", "milieu": "mid", "à la mi": "mid", "the middle of": "mid", "middle of": "mid", "courant": None,
        "late": "late", "later": "late", "fin": "end", "à la fin de": "end", "the end of": "end", "end of": "end",
        "the first half of": "first_half", "the second half of": "second_half",
    }
    return table.get(mod)


UPCOMING_DAYS = 31  # a yearless day this close after the DCT, in a clause without tense cue, is an announced one


def _choose(dct: date, build, tense: str | bool | None, base_year: int | None = None) -> Resolved:
    """The occurrence of a yearless time the tense points to: the next one for a future
    clause, else the most recent one not after the DCT (news reports more than it
    announces) — but in a clause without tense a day a few weeks ahead is upcoming, and so
    is a quarter or season that starts sooner than the last one ended ('the fourth quarter'
    in August)."""
    if base_year is not None:
        return build(base_year)
    if tense is True:
        tense = "future"
    options = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            options.append(build(year))
        except ValueError:  # 29 February outside leap years
            continue
    if tense == "future":
        return next(o for o in options if o.end >= dct)
    latest_past = [o for o in options if o.start <= dct][-1]
    if tense is None:
        upcoming = next(o for o in options if o.start > dct)
        if upcoming.precision == Precision.DAY and (upcoming.start - dct).days <= UPCOMING_DAYS:
            return upcoming
        if upcoming.precision in (Precision.QUARTER, Precision.SEASON) and (upcoming.start - dct) < (dct - latest_past.end):
            return upcoming
    return latest_past


# ---------------------------------------------------------------------------
# one function per rule name


def iso_date(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    try:
        day = date(int(g["y"]), int(g["mo"]), int(g["d"]))
    except ValueError:
        return None
    return Output("DATE", day.isoformat(), cal.day_span(day), explicit_year=True)


def numeric_date(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    first, second, year = int(g["d"]), int(g["mo"]), int(g["y"])
    # Day first (the European and news-agency order) unless that is impossible.
    day_n, month_n = (first, second) if second <= 12 else (second, first)
    try:
        day = date(year, month_n, day_n)
    except ValueError:
        return None
    return Output("DATE", day.isoformat(), cal.day_span(day), explicit_year=True)


def numeric_day_month(m: re.Match[str], ctx: Context) -> Output | None:
    """"on 29/06": a day and a month in figures, day first; the year as for a day written without one."""
    g = m.groupdict()
    day_n, month_n = int(g["d"]), int(g["mo"])
    span = _yearless_day(m, ctx, month_n, day_n)
    if span is None:
        return None
    if span.value is None:
        return Output("DATE", f"XXXX-{month_n:02d}-{day_n:02d}", None)
    return Output("DATE", span.value, span)


def _month_day(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    if not _month_token_ok(m, ctx, has_day=True):
        return None
    month = _month_of(g["month"])
    day_n = 1 if g["d"].lower() == "1er" else int(g["d"])
    year = _year_of(g)
    start = m.start("wd") if g.get("wd") else m.start()
    if year is None:
        span = _yearless_day(m, ctx, month, day_n)
        if span is None:
            return None
        if span.value is None:
            return Output("DATE", f"XXXX-{month:02d}-{day_n:02d}", None, start=start)
        return Output("DATE", span.value, span, start=start)
    try:
        day = date(year, month, day_n)
    except ValueError:
        return None
    return Output("DATE", day.isoformat(), cal.day_span(day), start=start, explicit_year=True)


def _yearless_day(m: re.Match[str], ctx: Context, month: int, day_n: int) -> Resolved | None:
    """A day written without its year: the weekday written with it, 'dernier'/'prochain', the tense, the DCT."""
    g = m.groupdict()
    borrowed = ctx.sentence_year.get(ctx.sentence_index(m.start())) if ctx.dct is None else None
    if ctx.dct is None and borrowed is None:
        return Resolved(None, date.min, date.min, Precision.DAY)  # type: ignore[arg-type]
    rel = (g.get("rel") or "").lower()
    tense = "past" if rel in _YEARLESS_BACK else "future" if rel in _YEARLESS_FORWARD else ctx.tense(m.start(), m.end())
    try:
        span = _choose(ctx.dct or date(borrowed, 1, 1), lambda y: cal.day_span(date(y, month, day_n)),  # type: ignore[arg-type]
                       tense, borrowed)
    except (ValueError, StopIteration, IndexError):
        return None
    if g.get("wd") and ctx.dct is not None:
        # 'Wednesday, January 17': the weekday says which year.
        weekday = lexicon().weekdays[g["wd"].lower()]
        if span.start.weekday() != weekday:
            fitting = []
            for y in range(ctx.dct.year - 6, ctx.dct.year + 2):
                try:
                    if date(y, month, day_n).weekday() == weekday:
                        fitting.append(date(y, month, day_n))
                except ValueError:
                    continue
            if fitting:
                span = cal.day_span(min(fitting, key=lambda d: abs((d - ctx.dct).days)))
    return span


def day_range(m: re.Match[str], ctx: Context) -> Output | None:
    """'17-18 January', 'January 17 to 19': one expression; the value is its first day, the span covers all."""
    g = m.groupdict()
    if not _month_token_ok(m, ctx, has_day=True):
        return None
    month = _month_of(g["month"])
    first = 1 if g["d1"].lower() == "1er" else int(g["d1"])
    last = int(g["d"])
    if last <= first:
        return None
    year = _year_of(g)
    if year is None:
        span = _yearless_day(m, ctx, month, last)
        if span is None:
            return None
        if span.value is None:
            return Output("DATE", f"XXXX-{month:02d}-{first:02d}", None)
        year = span.start.year
    try:
        start, end = date(year, month, first), date(year, month, last)
    except ValueError:
        return None
    joiner = re.sub(r"^(?:st|nd|rd|th|er)?\s*|\s*$", "", ctx.text[m.end("d1"):m.start("d")]).lower()
    if (_cue("day_run_separator", joiner) == "list" and last > first + 1
            and not _cue("day_range_opener", ctx.word_before(m.start()))):
        # "on 17 and 21 June" names two days, not those between (TimeML marks each): the first day ("17", "June 3"
        # of "June 3 and 7") is this expression, and the rest of the match is left to the rule that reads "21 June"
        first_at = m.start() if m.start("month") < m.start("d1") else m.start("d1")
        return Output("DATE", start.isoformat(), cal.day_span(start), start=first_at, end=m.end("d1"),
                      explicit_year=bool(g.get("y")), leaves_rest=True)
    return Output("DATE", start.isoformat(), Resolved(start.isoformat(), start, end, Precision.DAY),
                  explicit_year=bool(g.get("y")))


def unit_long(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    unit = _unit(g["unit"], ctx.language)
    if unit is None:
        return None
    plural = g["unit"].lower().endswith("s") and _unit(g["unit"][:-1], ctx.language) is not None
    amount = None if plural else (_number(g["num"]) if g.get("num") else 1.0)
    if g.get("num") and amount is None and not plural:
        return None
    return Output("DURATION", duration_value(amount, unit), None)


def unit_part(m: re.Match[str], ctx: Context) -> Output | None:
    """'début de l'année', 'fin du mois dernier': part of the DCT's (or the previous/next) unit."""
    g = m.groupdict()
    unit = _unit(g["unit"], ctx.language)
    if unit is None or ctx.dct is None:
        return Output("DATE", None, None) if unit else None
    rel = (g.get("rel") or "").lower()
    step = -1 if rel in _BACK else 1 if rel in _FORWARD else 0
    span = cal.narrow(cal.unit_span(cal.shift(ctx.dct, unit, step), unit), _mod_part(g["mod"]) or "mid")
    return Output("DATE", span.value, span)


month_day = _month_day
day_month = _month_day


def _month_token_ok(m: re.Match[str], ctx: Context, has_day: bool = False) -> bool:
    """English month names are capitalised; a bare 'May' or 'March' also needs a preposition or a modifier."""
    token = m.group("month")
    name = token.rstrip(".").lower()
    abbreviation = name in lexicon().month_abbreviations
    if ctx.language != "fr" and not token[0].isupper():
        return False
    if abbreviation and not token.endswith(".") and not has_day and not m.groupdict().get("y"):
        return False  # 'Jan' or 'sept' alone is a name or a number more often than a month
    return True


def month(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    if not _month_token_ok(m, ctx):
        return None
    bare = not (g.get("mod") or g.get("rel") or g.get("y") or g.get("yrel"))
    if bare and ctx.word_before(m.start()) not in lexicon().cues.get("month_preposition", {}):
        return None
    month_n = _month_of(g["month"])
    part = _mod_part(g.get("mod"))
    year = _year_of(g) or _relative_year(g.get("yrel"), ctx.dct)
    rel = (g.get("rel") or "").lower()
    explicit = year is not None and bool(g.get("y"))
    if year is None:
        borrowed = ctx.sentence_year.get(ctx.sentence_index(m.start())) if ctx.dct is None else None
        if ctx.dct is None:
            if borrowed is None:
                return Output("DATE", f"XXXX-{month_n:02d}", None)
            year = borrowed
        elif rel in _NAMED_BACK:
            year = ctx.dct.year if month_n < ctx.dct.month else ctx.dct.year - 1
        elif rel in _NAMED_FORWARD:
            year = ctx.dct.year if month_n > ctx.dct.month else ctx.dct.year + 1
        elif rel in _THIS:
            year = ctx.dct.year
        else:
            def build(y: int) -> Resolved:
                return cal.narrow(cal.month_span(y, month_n), part) if part else cal.month_span(y, month_n)

            span = _choose(ctx.dct, build, ctx.tense(m.start(), m.end()), borrowed)
            return Output("DATE", span.value, span)
    span = cal.month_span(year, month_n)
    if part:
        span = cal.narrow(span, part)
    return Output("DATE", span.value, span, explicit_year=explicit)


def season(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    code = lexicon().seasons[g["season"].lower()]
    rel = (g.get("rel") or "").lower()
    year = _year_of(g) or _relative_year(g.get("yrel"), ctx.dct)
    has_cue = bool(rel or g.get("y") or g.get("yrel") or g.get("mod") or g.get("rel_this"))
    if ctx.language == "fr" and not (has_cue or g.get("elided") or g.get("prep")):
        return None  # 'il a été blessé': the participle, not the summer
    if ctx.language != "fr" and not has_cue:
        before = ctx.word_before(m.start())
        if before not in _SEASON_PRECEDERS:
            return None
        if g["season"].lower() in _AMBIGUOUS_SEASONS and before not in _FALL_PRECEDERS:
            return None
    if not has_cue and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # 'the fall of Assad'
    part = _mod_part(g.get("mod"))
    start = m.start("x") if g.get("x") else None
    end = m.end("x") if g.get("x") else None
    if year is None:
        if ctx.dct is None:
            return Output("DATE", f"XXXX-{code}", None, start=start, end=end)
        def build(y: int) -> Resolved:
            return cal.season_span(y, code)
        if rel in _NAMED_BACK:
            span = build(ctx.dct.year)
            if span.end >= ctx.dct:
                span = build(ctx.dct.year - 1)
        elif rel in _NAMED_FORWARD:
            span = build(ctx.dct.year)
            if span.start <= ctx.dct:
                span = build(ctx.dct.year + 1)
        elif rel in _THIS or g.get("rel_this"):
            span = build(ctx.dct.year)
        else:
            span = _choose(ctx.dct, build, ctx.tense(m.start(), m.end()))
    else:
        span = cal.season_span(year, code)
    if part:
        span = cal.narrow(span, part)
    return Output("DATE", span.value, span, start=start, end=end, explicit_year=bool(g.get("y")))


def year(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    if not year_is_time(ctx.text, m.start("y"), m.end("y")):
        return None
    year_n = int(g["y"])
    span = cal.year_span(year_n)
    part = _mod_part(g.get("mod"))
    if part:
        span = cal.narrow(span, part)
    if ctx.dct is not None and ctx.word_before(m.start()) in _SINCE and span.start <= ctx.dct:
        # 'since 2022': the expression is the year; the span it opens runs to the DCT.
        span = Resolved(span.value, span.start, ctx.dct, span.precision)
    return Output("DATE", span.value, span, explicit_year=True)


def year_range(m: re.Match[str], ctx: Context) -> Output | None:
    """'2019-2020', '2019-20', '1939–45': one expression whose span covers the years; its value is
    the first year's (TIMEX3 has no range value), the span's precision the year."""
    g = m.groupdict()
    if not year_is_time(ctx.text, m.start("y1"), m.end("y")):
        return None
    first = int(g["y1"])
    last = int(g["y"]) if len(g["y"]) == 4 else first - first % 100 + int(g["y"])
    if not first < last <= first + MAX_YEAR_RANGE:
        return None  # '1939-45' reads, '2020-2019' and '1800-2000' (a count) do not
    span = Resolved(f"{first:04d}", date(first, 1, 1), date(last, 12, 31), Precision.YEAR)
    return Output("DATE", span.value, span, start=m.start("x") if g.get("x") else None,
                  end=m.end("x") if g.get("x") else None, explicit_year=True)


MAX_YEAR_RANGE = 30


def apostrophe_year(m: re.Match[str], ctx: Context) -> Output | None:
    two = int(m.group("yy"))
    century = 2000 if ctx.dct and two <= ctx.dct.year % 100 else 1900
    span = cal.year_span(century + two)
    return Output("DATE", span.value, span, explicit_year=True)


def decade(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    if g.get("dec4"):
        start_year = int(g["dec4"])
    else:
        two = int(g.get("dec2") or g.get("dec2b"))  # type: ignore[arg-type]
        if ctx.language != "fr" and g.get("dec2b") and ctx.word_before(m.start()) not in (
                "the", "in", "early", "late", "mid", "since", "and", "or", "to", "of"):
            return None
        century = 2000 if ctx.dct and two <= ctx.dct.year % 100 - 10 else 1900
        start_year = century + two
    span = cal.decade_span(start_year)
    part = _mod_part(g.get("mod"))
    if part:
        span = cal.narrow(span, part)
    return Output("DATE", span.value, span, start=m.start("x") if g.get("x") else None,
                  end=m.end("x") if g.get("x") else None)


def week_of_month(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    if not _month_token_ok(m, ctx):
        return None
    month_n = _month_of(g["month"])
    ordinal = g["ord"].lower()

    def build(y: int) -> Resolved:
        # ISO 8601: a week belongs to the month that holds its Thursday.
        if ordinal in _LAST_ORDINALS:
            last = date(y, month_n, cal.last_day(y, month_n))
            return cal.week_span(last - timedelta(days=(last.weekday() - 3) % 7))
        first = date(y, month_n, 1)
        first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
        return cal.week_span(first_thursday + timedelta(weeks=_ORDINALS[ordinal] - 1))

    year_n = _year_of(g)
    if year_n is None:
        if ctx.dct is None:
            return None
        span = _choose(ctx.dct, build, ctx.tense(m.start(), m.end()))
    else:
        span = build(year_n)
    return Output("DATE", span.value, span, explicit_year=year_n is not None)


# Domain words: garrison/data/dates/words*.tsv.
_ORDINALS = {word: int(value) for word, value in word_map("dates", "ordinals").items()}


def quarter(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    year_n = _year_of(g) or _relative_year(g.get("yrel"), ctx.dct)
    if g.get("qn") or g.get("hn"):
        half = bool(g.get("hn"))
        number = int((g.get("qn") or g.get("hn"))[1])  # type: ignore[index]
        if not (g.get("qn") or "").isupper() and not (g.get("hn") or "").isupper():
            return None
        if year_n is None and ctx.word_before(m.start()) not in _QUARTER_CODE_PRECEDERS:
            return None
    else:
        half = g["qh"].lower() in _HALF
        ordinal = g["ord"].lower()
        if ordinal in _LAST_ORDINALS:
            number = 2 if half else 4
            if year_n is None and ctx.dct is not None and ordinal == "last" and m.group(0).lower().startswith("the last"):
                # 'the last quarter': the one before the DCT's quarter.
                current = (ctx.dct.month - 1) // 3 + 1
                prior = cal.add_months(date(ctx.dct.year, 3 * current - 2, 1), -3)
                span = cal.quarter_span(prior.year, (prior.month - 1) // 3 + 1)
                return Output("DATE", span.value, span)
        else:
            number = _ORDINALS.get(ordinal)
            if number is None or (half and number > 2):
                return None
    def build(y: int) -> Resolved:
        return cal.half_span(y, number) if half else cal.quarter_span(y, number)
    if year_n is None:
        if ctx.dct is None:
            return Output("DATE", f"XXXX-{'H' if half else 'Q'}{number}", None)
        span = _choose(ctx.dct, build, ctx.tense(m.start(), m.end()))
    else:
        span = build(year_n)
    return Output("DATE", span.value, span, explicit_year=bool(g.get("y")))


_BACK = word_list("dates", "relative_back")
_FORWARD = word_list("dates", "relative_forward")
_ANAPHORIC_BACK = word_list("dates", "anaphoric_back")
_ANAPHORIC_FORWARD = word_list("dates", "anaphoric_forward")


def relative_unit(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    unit = _unit(g["unit"], ctx.language)
    if unit is None or unit in ("H", "MIN", "S"):
        return None
    rel = (g.get("rel") or "").lower()
    the = (g.get("the") or "").strip().lower()
    part = _mod_part(g.get("mod"))
    if g.get("ago"):
        return None  # 'last year ago' is not a phrase; let the offset rule have it
    if the == "the" and rel in _THE_RELS and ctx.language != "fr":
        # 'the past month', 'the next year': the stretch of time up to / from now.
        return Output("DURATION", duration_value(1, unit), _stretch(ctx.dct, unit, 1, forward=rel != "past"))
    if rel in _SAME:
        return _anaphoric(ctx, unit, 0)
    if rel in _BEFORE_AFTER and re.match(r"\s*[\w(]", ctx.text[m.end() : m.end() + 3]):
        return None  # 'the day after falling': a relation to an event, not a time
    anchor_is_last = rel in _ANAPHORIC_BACK + _ANAPHORIC_FORWARD or rel in _BEFORE_AFTER or (
        the == "the" and rel in _THE_PREVIOUS_FOLLOWING)
    if the == "the" and not rel and unit == "WE" and ctx.dct is not None:
        # 'the weekend': the one just past, or the coming one when the clause looks ahead
        ahead = ctx.tense(m.start(), m.end()) == "future"
        saturday = ctx.dct + timedelta(days=(5 - ctx.dct.weekday()) % 7) if ahead else ctx.dct - timedelta(days=(ctx.dct.weekday() - 5) % 7)
        span = cal.weekend_span(saturday)
        return Output("DATE", span.value, span)
    if the == "the" and not rel and not part:
        return None  # 'the year' alone refers to whatever the text talks about
    if anchor_is_last:
        step = -1 if rel in _ANAPHORIC_BACK + _PREVIOUS else 1
        return _anaphoric(ctx, unit, step, part)
    if ctx.dct is None:
        return Output("DATE", None, None)
    step = -1 if rel in _BACK else 1 if rel in _FORWARD else 0
    if rel in _CURRENT or (not rel and part):
        step = 0
    day = cal.shift(ctx.dct, unit, step)
    span = cal.unit_span(day, unit)
    if part:
        span = cal.narrow(span, part)
    return Output("DATE", span.value, span)


def _stretch(dct: date | None, unit: str, amount: float, forward: bool) -> Resolved | None:
    if dct is None:
        return None
    whole = int(amount) if float(amount).is_integer() else int(amount) + 1
    other = cal.shift(dct, unit, whole if forward else -whole) if unit not in ("H", "MIN", "S") else dct
    start, end = (dct, other) if forward else (other, dct)
    return Resolved(duration_value(amount, unit), start, end, Precision.APPROXIMATE)


_UNIT_RANK = {"D": 0, "W": 1, "WE": 1, "M": 2, "Q": 3, "Y": 4, "DE": 5, "CE": 6}
_PRECISION_RANK = {Precision.DAY: 0, Precision.WEEK: 1, Precision.MONTH: 2, Precision.SEASON: 3, Precision.QUARTER: 3,
                   Precision.YEAR: 4, Precision.DECADE: 5}


def _anaphoric(ctx: Context, unit: str, step: int, part: str | None = None) -> Output:
    # 'the following day' refers to the last time told to the day, not to a year mentioned since.
    fine_enough = [r for r in ctx.history if _PRECISION_RANK.get(r.precision, 9) <= _UNIT_RANK.get(unit, 0)]
    anchor = fine_enough[-1] if fine_enough else ctx.last
    if anchor is None or anchor.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        if ctx.dct is None:
            return Output("DATE", None, None)
        anchor = cal.day_span(ctx.dct)
    span = cal.unit_span(cal.shift(anchor.start, unit, step), unit)
    if part:
        span = cal.narrow(span, part)
    return Output("DATE", span.value, span)


def offset(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    unit = _unit(g["unit"], ctx.language)
    if unit is None:
        return None
    count_text = re.sub(r"\s+", " ", g.get("count") or g.get("num") or "").lower()
    amount = 1.0 if count_text in _ONE_ARTICLES else _number(count_text)
    direction = re.sub(r"\s+", " ", g["dir"].lower())
    relative_to_dct = direction in _DCT_DIRECTIONS
    backwards = direction in _BACKWARD_DIRECTIONS
    if direction in _EVENT_DIRECTIONS:
        following = ctx.text[m.end() : m.end() + 3]
        if following.strip()[:1] not in ("", ".", ",", ";", ")"):
            # 'two days after the attack': the offset is from an event, not a time; keep the duration.
            end = m.start("dir")
            text = ctx.text[m.start() : end].rstrip()
            return Output("DURATION", duration_value(amount, unit), None, start=m.start(), end=m.start() + len(text))
    anchor_day: date | None
    if relative_to_dct:
        anchor_day = ctx.dct
        anchor_precision = Precision.DAY
    else:
        anchor_day = ctx.last.start if ctx.last else ctx.dct
        anchor_precision = ctx.last.precision if ctx.last else Precision.DAY
    if anchor_day is None:
        return Output("DATE", None, None)
    if amount is None:
        # 'a few days ago': somewhere in the recent past, no finer than that.  'A few days
        # later' than a told time: just after it, at that time's own precision.
        edge = anchor_day if relative_to_dct or ctx.last is None else (ctx.last.start if backwards else ctx.last.end)
        reach = cal.shift(edge, unit, -7 if backwards else 7) if unit not in ("H", "MIN", "S") else edge
        start, end = (reach, edge - timedelta(days=1)) if backwards else (edge + timedelta(days=1), reach)
        if end < start:
            start, end = end, start
        if relative_to_dct or ctx.last is None:
            value = "PAST_REF" if backwards else "FUTURE_REF"
        elif _PRECISION_RANK.get(anchor_precision, 9) > _UNIT_RANK.get(unit, 0):
            # 'in June … a few days later': June as far as the text tells, perhaps just past it.
            value = ctx.last.value
            if backwards:
                start, end = start, ctx.last.end - timedelta(days=1)
            else:
                start, end = ctx.last.start + timedelta(days=1), end
        else:
            value = cal.span_at_precision(start if not backwards else end, anchor_precision).value
        return Output("DATE", value, Resolved(value, start, end, Precision.APPROXIMATE))
    if unit in ("H", "MIN", "S"):
        return Output("DATE", "PAST_REF" if backwards else "FUTURE_REF", cal.day_span(anchor_day))
    whole = int(amount) if float(amount).is_integer() else None
    if whole is None:
        return Output("DATE", "PAST_REF" if backwards else "FUTURE_REF", None)
    day = cal.shift(anchor_day, unit, -whole if backwards else whole)
    if anchor_precision in (Precision.DAY, Precision.WEEK) or relative_to_dct:
        span = cal.unit_span(day, unit if unit != "WE" else "W")
    else:
        span = cal.span_at_precision(day, anchor_precision)
    return Output("DATE", span.value, span)


def duration(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    unit = _unit(g["unit"], ctx.language)
    if unit is None:
        return None
    count_text = re.sub(r"\s+", " ", (g.get("num") or g.get("count") or "")).lower()
    amount = 1.0 if count_text in _ONE_WORDS else _number(count_text)
    if amount is None and not _cue("vague_quantity", count_text):
        return None
    if amount is not None and (g.get("half") or g.get("half0")):
        amount += 0.5
    if g.get("num") and re.fullmatch(r"\d+", count_text) and not g.get("the"):
        # A bare number before a unit word is a duration only when it reads as a count of time:
        # '3 days' yes; but '2024 year' is not a thing news writes.
        if amount and amount > 1000:
            return None
    start, end = (m.start("x"), m.end("x")) if g.get("x") else (m.start(), m.end())
    if g.get("article") and not g.get("the"):
        start = m.start("num")  # 'a 27-year contract': the article belongs to the noun phrase
    approx = (g.get("approx") or "").lower()
    if approx.startswith(_OPEN_APPROXIMATIONS):
        start = m.start("num") if g.get("num") else m.start("count")
    if g.get("long"):
        end = m.start("long")
        text = ctx.text[start:end].rstrip(" -")
        end = start + len(text)
    rel = (g.get("rel") or "").lower()
    # Only 'the past/next N units' is placed in time (it ends or starts at the DCT); a bare
    # 'for three months' says how long, not when.
    stretch = None
    if amount and rel in _STRETCH_RELS:
        stretch = _stretch(ctx.dct, unit, amount, forward=rel in _STRETCH_FORWARD)
    return Output("DURATION", duration_value(amount, unit), stretch, start=start, end=end)


def vague_duration(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    unit = _unit(g["unit"], ctx.language)
    if unit is None:
        return None
    if g.get("vague") and not g["unit"].lower().endswith(("s", "x")) and ctx.language != "fr":
        return None
    return Output("DURATION", duration_value(None, unit), None)


def set_(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    unit = _unit(g["unit"], ctx.language)
    if unit is None:
        return None
    every = g["every"].lower()
    if every == "a":
        before = ctx.text[max(0, m.start() - 20) : m.start()].lower()
        if not re.search(r"(?:once|twice|times|\d|rate\s+of\s+\d[\d,.]*)\s*$", before):
            return None
    count = 1.0
    if g.get("num"):
        count = _number(g["num"]) or 1.0
    if g.get("other"):
        count = 2.0
    return Output("SET", duration_value(count, unit), None)


def set_adverb(m: re.Match[str], ctx: Context) -> Output | None:
    value = _cue("set_adverb", m.group("word"))
    following = re.match(r"\s+([\w\-]+)", ctx.text[m.end() : m.end() + 30])
    if following and _cue("publication_noun", following.group(1)):
        return None  # 'the daily newspaper': the paper's rhythm, not a time of events
    if (m.group("word").lower() in _PERIODICAL_ADJECTIVES and ctx.word_before(m.start()) in _PERIODICAL_DETERMINERS
            and following and following.group(1)[:1].isupper()):
        return None  # 'the daily La Repubblica': the noun, a newspaper
    if ctx.language == "fr" and ctx.word_before(m.start()) in _NOUN_DETERMINERS:
        return None  # 'le quotidien Le Monde': the noun, a newspaper
    if following and _cue("period_total_noun", following.group(1)):
        return Output("DURATION", value, None)  # 'annual profit': an amount over one year, not a recurrence
    return Output("SET", value, None)


def weekday(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    token = g["wd"]
    if ctx.language != "fr" and not token[0].isupper():
        return None
    target = lexicon().weekdays[token.lower()]
    rel = (g.get("rel") or "").lower()
    pod = _cue("part_of_day", g.get("pod") or "")
    kind = "TIME" if pod else "DATE"
    if ctx.dct is None:
        return Output(kind, None, None)
    dct = ctx.dct
    if rel in _NAMED_FORWARD:
        day = dct + timedelta(days=(target - dct.weekday() - 1) % 7 + 1)
    elif rel in _WEEKDAY_BACK:
        day = dct - timedelta(days=(dct.weekday() - target - 1) % 7 + 1)
    elif rel in _THIS:
        day = dct + timedelta(days=target - dct.weekday())
    elif ctx.tense(m.start(), m.end()) == "future":
        day = dct + timedelta(days=(target - dct.weekday()) % 7)
    else:
        day = dct - timedelta(days=(dct.weekday() - target) % 7)
    span = cal.day_span(day)
    value = span.value + (f"T{pod}" if pod else "")
    return Output(kind, value, Resolved(value, day, day, Precision.DAY))


def deictic(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    shift = int(_cue("deictic", g["word"]) or 0)
    pod = _cue("part_of_day", g.get("pod") or "")
    if ctx.dct is None:
        return Output("TIME" if pod else "DATE", None, None)
    day = ctx.dct + timedelta(days=shift)
    value = day.isoformat() + (f"T{pod}" if pod else "")
    return Output("TIME" if pod else "DATE", value, Resolved(value, day, day, Precision.DAY))


def part_of_day(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    word = (g.get("pod") or g["word"]).lower()
    code = _cue("part_of_day", word.split()[-1]) or "NI"
    if ctx.dct is None:
        return Output("TIME", None, None)
    value = f"{ctx.dct.isoformat()}T{code}"
    return Output("TIME", value, Resolved(value, ctx.dct, ctx.dct, Precision.DAY))


def reference(m: re.Match[str], ctx: Context) -> Output | None:
    word = m.group("word")
    value = _cue("reference", word)
    if value is None:
        return None
    lowered = word.lower()
    if lowered in _PRESENT_ADJECTIVES and ctx.language != "fr":
        # Adjectives only: 'the current crisis', 'recent fighting'.
        following = ctx.text[m.end() : m.end() + 2]
        if not following.startswith(" ") or not re.match(r"\s+[a-z]", ctx.text[m.end() : m.end() + 3]):
            return None
    if lowered.startswith("the ") and _cue("reference_complement", _next_word(ctx.text, m.end())):
        return None  # 'the future of the base': a fate, not a time
    span = None
    if ctx.dct is not None:
        if value == "PRESENT_REF":
            span = Resolved(value, ctx.dct, ctx.dct, Precision.APPROXIMATE)
        elif value == "PAST_REF":
            span = Resolved(value, ctx.dct - timedelta(days=90), ctx.dct, Precision.APPROXIMATE)
        else:
            span = Resolved(value, ctx.dct, ctx.dct + timedelta(days=90), Precision.APPROXIMATE)
    return Output("DATE", value, span)


def _next_word(text: str, end: int) -> str:
    match = re.match(r"\s+([\w'’]+)", text[end:end + 30])
    return match.group(1).lower() if match else ""


def anaphor(m: re.Match[str], ctx: Context) -> Output | None:
    anchor = ctx.last
    if anchor is None:
        return Output("DATE", "PAST_REF", None)
    return Output("DATE", anchor.value, anchor)


def anaphor_unit(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    det = re.sub(r"\s+", " ", g["det"].lower())
    if det in _ANAPHOR_DAY_STEPS:
        return _anaphoric(ctx, "D", _ANAPHOR_DAY_STEPS[det])
    unit_word = g["unit"].lower()
    pod = _cue("part_of_day", unit_word)
    unit = "D" if pod else _unit(unit_word, "en")
    if unit is None:
        return None
    step = _ANAPHOR_UNIT_STEPS.get(det, 0)
    out = _anaphoric(ctx, unit, step)
    if pod and out.span is not None:
        value = f"{out.span.start.isoformat()}T{pod}"
        return Output("TIME", value, Resolved(value, out.span.start, out.span.start, Precision.DAY))
    return out


def clock(m: re.Match[str], ctx: Context) -> Output | None:
    g = m.groupdict()
    hour = int(g.get("h") or g.get("hh") or 0)
    minute = int(g.get("mi") or 0)
    ampm = (g.get("ampm") or "").replace(" ", "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if ctx.language != "fr" and not (ampm or g.get("tz") or g.get("mi")):
        return None
    if "." in m.group(0)[:6] and g.get("mi") and not (ampm or g.get("tz")):
        return None  # '2.36' is a number far more often than a time
    if re.match(r"\s*(?:%|percent|points?|per\s*cent)", ctx.text[m.end() : m.end() + 10]):
        return None
    if g.get("h") and g.get("mi") and not (ampm or g.get("tz") or g.get("day")) and ctx.language != "fr":
        # '3.45' or '12:30' alone is as often a score or a ratio as a time: ask for a cue.
        if not re.search(r"(?:at|around|about|by|until|from)\s*$", ctx.text[max(0, m.start() - 8) : m.start()]):
            return None
    base = ctx.last.start if ctx.last and ctx.last.precision == Precision.DAY else ctx.dct
    if g.get("day") and ctx.dct is not None:
        if g["day"].lower() == "today":
            base = ctx.dct
        else:
            target = lexicon().weekdays[g["day"].lower()]
            base = ctx.dct - timedelta(days=(ctx.dct.weekday() - target) % 7)
    suffix = "Z" if (g.get("tz") or "").upper() in ("UTC", "GMT") else ""
    clock_text = f"T{hour:02d}:{minute:02d}{suffix}"
    if base is None:
        return Output("TIME", "XXXX-XX-XX" + clock_text, None)
    value = base.isoformat() + clock_text
    return Output("TIME", value, Resolved(value, base, base, Precision.DAY))


def clock_word(m: re.Match[str], ctx: Context) -> Output | None:
    hour = {"noon": 12, "midday": 12, "midi": 12, "midnight": 24, "minuit": 24}[m.group("word").lower()]
    base = ctx.last.start if ctx.last and ctx.last.precision == Precision.DAY else ctx.dct
    if base is None:
        return Output("TIME", f"XXXX-XX-XXT{hour:02d}:00", None)
    value = f"{base.isoformat()}T{hour:02d}:00"
    return Output("TIME", value, Resolved(value, base, base, Precision.DAY))


_ROMAN = {"I": 1, "V": 5, "X": 10}


def century(m: re.Match[str], ctx: Context) -> Output | None:
    """'the 20th century' → 19 (TIMEX3 writes a century as its first two digits)."""
    raw = m.group("c")
    if raw.isdigit():
        number = int(raw)
    else:
        digits = [_ROMAN[c] for c in raw]
        number = sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))
    if not 1 <= number <= 21:
        return None
    span = cal.century_span((number - 1) * 100)
    return Output("DATE", span.value, span)


NORMALIZERS = {
    "iso_date": iso_date, "numeric_date": numeric_date, "numeric_day_month": numeric_day_month, "month_day": month_day, "day_month": day_month,
    "month": month, "season": season, "year": year, "year_range": year_range, "apostrophe_year": apostrophe_year, "decade": decade,
    "quarter": quarter, "week_of_month": week_of_month, "day_range": day_range, "unit_long": unit_long,
    "unit_part": unit_part, "clock_word": clock_word, "century": century, "relative_unit": relative_unit, "offset": offset, "duration": duration,
    "vague_duration": vague_duration, "set": set_, "set_adverb": set_adverb, "weekday": weekday,
    "deictic": deictic, "part_of_day": part_of_day, "reference": reference, "anaphor": anaphor,
    "anaphor_unit": anaphor_unit, "clock": clock,
}


# ---------------------------------------------------------------------------
# years that are not times


def year_is_time(text: str, start: int, end: int) -> bool:
    """A four-digit number in year range that is used as a year, not a designation, count or amount.

    A year right after a capitalised name ('Armée 2023', 'WWDC 2005') is kept: TimeML and
    MEANTIME annotate such years, and the event named did take place in that year.
    """
    cues = lexicon().cues
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    if re.search(r"[$€£¥#№]\s*$|\d[\s,.]*$", before):
        return False
    if re.match(r"\s*(?:%|percent|per\s+cent|pour\s+cent)", after):
        return False
    previous = re.search(r"([\w'’.]+)\s*$", before)
    if previous and previous.group(1).lower().rstrip(".") in cues.get("designation_noun", {}):
        return False
    # '1800 to 2000 soldiers', '1500 troops'
    following = re.match(r"\s*(?:(?:to|and|or|-|–|à|et)\s*\d[\d,.]*\s*)?([\w]+)", after)
    if following and following.group(1).lower() in cues.get("count_noun", {}):
        return False
    if re.search(r"(?:to|and|or|between|from|-|–|à|et)\s*$", before) and re.search(r"\d[\d,.]*\s+(?:to|and|or|-|–|à|et)\s*$", before):
        following_word = re.match(r"\s*([\w]+)", after)
        if following_word and following_word.group(1).lower() in cues.get("count_noun", {}):
            return False
    return True
