"""The shapes of time expressions, per language, compiled once from the lexicon.

Each rule is a name and a regular expression.  A named group ``x`` marks the extent of the
time expression when the match also holds a signal word that TimeML leaves outside the
TIMEX3 ('on Wednesday' → 'Wednesday', 'at the time' → 'the time').  What each rule means
is in :mod:`garrison.dates.normalise`, keyed by the rule's name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from garrison.dates.lexicon import alternation, lexicon, words_of

DAY = r"(?:3[01]|[12]\d|0?[1-9])"
YEAR = r"(?:1[89]\d\d|20\d\d)"
NUMERIC = r"\d+(?:[.,]\d+)?"
FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    # A cheap necessary condition: when the text has no match for it, the rule cannot match
    # either and is not run (most rules need a month, a unit or a digit somewhere).
    trigger: re.Pattern[str] | None = None


# Rule name -> the kind of word without which it cannot match.
TRIGGERS = {
    "iso_date": "DIGIT", "numeric_date": "DIGIT", "year": "DIGIT", "apostrophe_year": "DIGIT", "decade": "DIGIT",
    "clock": "DIGIT", "day_range": "MONTH", "month_day": "MONTH", "day_month": "MONTH", "month": "MONTH",
    "week_of_month": "MONTH", "season": "SEASON", "weekday": "WEEKDAY", "relative_unit": "UNIT", "offset": "OFFSET",
    "duration": "UNIT", "vague_duration": "UNIT", "set": "UNIT", "unit_long": "LONG", "unit_part": "UNIT",
    "quarter": "QUARTER", "century": "CENTURY",
}


def _plural(words: list[str], language: str) -> str:
    forms = set()
    for word in words:
        forms.add(word)
        if language == "en":
            forms.add(word + "s")
        elif not word.endswith("s"):
            forms.add(word + "s")
    return alternation(forms)


@functools.cache
def rules(language: str) -> tuple[Rule, ...]:
    return tuple(_english() if language != "fr" else _french())


def _common(language: str) -> dict[str, str]:
    lex = lexicon()
    months = words_of("months", language)
    short = [m for m in months if m in lex.month_abbreviations]
    full = [m for m in months if m not in lex.month_abbreviations]
    numbers = words_of("numbers", language)
    units = list(lex.units[language])
    return {
        "MONTH": rf"(?P<month>{alternation(full)}|(?:{alternation(short)})\.?)",
        "WEEKDAY": rf"(?P<wd>{alternation(words_of('weekdays', language))})",
        "SEASON": rf"(?P<season>{alternation(words_of('seasons', language))})",
        "NUM": rf"(?P<num>{NUMERIC}|{alternation(numbers)})",
        "NUM_COUNT": rf"(?P<num>{NUMERIC}|{alternation(n for n in numbers if n not in ('a', 'an', 'half a', 'un', 'une'))})",
        "UNIT": rf"(?P<unit>{_plural(units, language)})",
        "UNIT_SINGULAR": rf"(?P<unit>{alternation(units)})",
        "DAY": DAY,
        "YEAR": YEAR,
    }


def _triggers(language: str) -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    return {
        "DIGIT": re.compile(r"\d"),
        "MONTH": re.compile(alternation(words_of("months", language)), FLAGS),
        "SEASON": re.compile(alternation(words_of("seasons", language)), FLAGS),
        "WEEKDAY": re.compile(alternation(words_of("weekdays", language)), FLAGS),
        "UNIT": re.compile(alternation(lex.units[language]) + "|siècle|centur", FLAGS),
        "QUARTER": re.compile(r"quarter|half|trimestre|semestre|\b[QH][1-4]\b", FLAGS),
        "CENTURY": re.compile(r"century|siècle", FLAGS),
        "LONG": re.compile(r"-long", FLAGS),
        "OFFSET": re.compile(r"\bago\b|earlier|later|previously|before|after|from\s+now|hence|il\s+y\s+a|\bdans\b|"
                             r"plus\s+tôt|plus\s+tard|auparavant|après|avant", FLAGS),
    }


def _compile(specs: list[tuple[str, str]], words: dict[str, str], language: str) -> list[Rule]:
    triggers = _triggers(language)
    compiled = []
    for name, template in specs:
        # An expression never runs over a line break (a title into its dateline).
        pattern = template.replace(r"[\s\-]", r"(?:[^\S\n]|-)").replace(r"\s", r"[^\S\n]")
        for key, value in words.items():
            pattern = pattern.replace("{" + key + "}", value)
        trigger = triggers.get(TRIGGERS.get(name, ""))
        compiled.append(Rule(name, re.compile(pattern, FLAGS), trigger))
    return compiled


L = r"(?<![\w\-/.])"  # not glued to a word, designation or number on the left
R = r"(?![\w\-/]|[.,]\d)"  # … nor on the right


def _english() -> list[Rule]:
    words = _common("en")
    mods = r"(?P<mod>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|earlier|later)"
    specs = [
        ("iso_date", L + r"(?P<y>{YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])" + R),
        ("numeric_date", L + r"(?P<d>{DAY})[/.](?P<mo>0?[1-9]|1[0-2]|1[3-9]|2\d|3[01])[/.](?P<y>{YEAR})" + R),
        ("day_range", L + r"(?:the\s+night\s+of\s+)?(?P<d1>{DAY})(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*(?P<d>{DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:\s*,?\s*(?P<y>{YEAR}))?" + R),
        ("day_range", L + r"{MONTH}\s+(?P<d1>{DAY})(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*(?P<d>{DAY})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>{YEAR}))?" + R),
        ("month_day", L + r"(?:{WEEKDAY}\s*,?\s+)?{MONTH}\s+(?P<d>{DAY})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>{YEAR}))?" + R),
        ("day_month", L + r"(?:{WEEKDAY}\s*,?\s+)?(?P<d>{DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:\s*,?\s*(?P<y>{YEAR}))?" + R),
        ("month", L + r"(?:" + mods + r"[\s\-]+)?(?:(?P<rel>last|next|this|past|coming|previous)\s+)?{MONTH}(?:\s*,?\s*(?:of\s+)?(?P<y>{YEAR})|\s+of\s+(?P<yrel>this|last|next)\s+year)?" + R),
        ("season", L + r"(?:" + mods + r"[\s\-]+)?(?:(?P<rel>last|next|this|past|coming|previous)\s+)?{SEASON}(?:\s*,?\s*(?:of\s+)?(?P<y>{YEAR})|\s+of\s+(?P<yrel>this|last|next)\s+year)?" + R),
        ("quarter", L + r"(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s\-]+(?P<qh>quarter|half)(?:\s+of\s+(?:(?P<y>{YEAR})|(?P<yrel>this|last|next|the)\s+year))?" + R),
        ("quarter", L + r"(?:(?P<qn>Q[1-4])|(?P<hn>H[12]))(?:\s*(?P<y>{YEAR}))?" + R),
        ("year", L + r"(?:" + mods + r"[\s\-]+)?(?P<y>{YEAR})" + R),
        ("apostrophe_year", r"(?<!\w)(?:since|in|of|from|until|by)\s+(?P<x>['’](?P<yy>\d\d))" + R),
        ("decade", L + r"(?:(?P<mod>early|mid|late)[\s\-]+)?(?:(?P<dec4>1[89]\d0|20[0-9]0)s|['’](?P<dec2>\d0)s|(?P<dec2b>[2-9]0)s)" + R),
        ("week_of_month", L + r"(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+{MONTH}(?:\s*,?\s*(?P<y>{YEAR}))?" + R),
        ("relative_unit", L + r"(?:" + mods + r"\s+)?(?P<the>the\s+)?(?P<rel>last|next|this|past|coming|previous|current|same)\s+{UNIT_SINGULAR}(?:\s+(?P<ago>ago))?" + R),
        ("relative_unit", L + r"(?:" + mods + r"\s+)?(?P<the>the\s+)(?P<unit>year|week|month|day|weekend)(?:\s+(?P<rel>before|after|earlier|later|previous))?" + R),
        ("offset", L + r"(?P<count>{NUM}|a|an|a\s+few|several|some|many|a\s+couple\s+of)[\s\-]+{UNIT}\s+(?P<dir>ago|earlier|later|previously|before|after|from\s+now|hence)" + R),
        ("unit_long", L + r"(?P<x>(?:{NUM_COUNT}[\s\-]+)?{UNIT}-long)" + R),
        ("duration", L + r"(?:(?P<the>the)\s+(?P<rel>past|last|next|coming|first|previous|following|final)\s+)?(?:(?P<approx>nearly|almost|about|around|some|roughly|approximately|over|more\s+than|less\s+than|at\s+least|up\s+to)\s+)?(?P<article>a\s+)?{NUM_COUNT}(?P<half0>\s+and\s+a\s+half)?[\s\-]+(?P<adj>straight\s+|consecutive\s+|trading\s+)?{UNIT}(?P<half>\s+and\s+a\s+half)?(?:[\s\-]+(?P<long>long|old))?" + R),
        ("duration", L + r"(?P<x>(?P<approx>over|about|nearly|almost|around|roughly)\s+(?P<count>a|an|one)\s+(?P<unit>minute|hour|day|week|month|year|decade|century)(?P<half>\s+and\s+a\s+half)?)" + R),
        ("duration", r"(?<!\w)(?:for|within|than|in|past|last|under)\s+(?P<x>(?P<count>a|an|one)\s+(?P<unit>minute|hour|day|week|month|year|decade|century)(?P<half>\s+and\s+a\s+half)?)" + R),
        ("vague_duration", L + r"(?:the\s+(?:past|last|next|coming)\s+)?(?P<vague>several|a\s+few|few|many|some|recent|coming|past)\s+{UNIT}" + R),
        ("vague_duration", r"(?<!\w)(?:for|over|in|within|after|took)\s+(?P<x>(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades))" + R),
        ("set", L + r"(?P<every>every|each|per|a)\s+(?:(?P<other>other)\s+)?(?:{NUM}\s+)?{UNIT}" + R),
        ("set_adverb", L + r"(?P<word>" + alternation(lexicon().cues["set_adverb"]) + r")" + R),
        ("weekday", L + r"(?:(?P<rel>last|next|this|coming|past)\s+)?{WEEKDAY}(?:\s+(?P<pod>morning|afternoon|evening|night))?" + R),
        ("deictic", L + r"(?P<ea>earlier\s+|later\s+)?(?P<word>" + alternation(lexicon().cues["deictic"]) + r")(?:\s+(?P<pod>morning|afternoon|evening|night))?" + R),
        ("part_of_day", L + r"(?P<word>tonight|this\s+(?P<pod>morning|afternoon|evening))" + R),
        ("reference", L + r"(?:in\s+)?(?P<x>(?P<word>" + alternation(w for w in lexicon().cues["reference"] if not w.startswith("in ")) + r"))" + R),
        ("anaphor", L + r"(?:at\s+)?(?P<x>(?P<word>the\s+time|that\s+time|that\s+point))" + R),
        ("anaphor_unit", L + r"(?P<x>(?P<det>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+(?P<unit>day|week|month|year|weekend|morning|afternoon|evening|night))" + R),
        ("anaphor_unit", r"(?<!\w)(?:end|ended|ends|ending|finish|finished|for|during|close|closed|in|throughout)\s+(?P<x>(?P<det>the)\s+(?P<unit>day))(?!\s+(?:before|after|when|that|of|he|she|they|it|we))" + R),
        ("clock", L + r"(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\s*(?P<ampm>a\.\s?m\.|p\.\s?m\.|am|pm)?(?:\s*\(?\s*(?P<tz>UTC|GMT|local\s+time)(?:\s*[+\-]\s*\d{1,2})?(?:\s*\))?)?(?:\s+(?P<day>today|" + alternation(words_of("weekdays", "en")) + r"))?" + R),
        ("clock", L + r"(?P<h>1[0-2]|0?[1-9])\s*(?P<ampm>a\.\s?m\.|p\.\s?m\.|am|pm)" + r"(?![\w])"),
        ("clock", L + r"(?P<hh>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?P<tz>UTC|GMT|hours|hrs|local\s+time)" + R),
        ("clock_word", L + r"(?P<word>noon|midday|midnight)" + R),
        ("century", L + r"(?:the\s+)?(?P<c>1[0-9]|2[01])(?:st|nd|rd|th)[\s\-]+century" + R),
    ]
    return _compile(specs, words, "en")


def _french() -> list[Rule]:
    words = _common("fr")
    mods = r"(?P<mod>début|fin|mi|courant|à\s+la\s+fin\s+de|au\s+début\s+de|à\s+la\s+mi)"
    specs = [
        ("iso_date", L + r"(?P<y>{YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])" + R),
        ("numeric_date", L + r"(?P<d>{DAY})[/.](?P<mo>0?[1-9]|1[0-2])[/.](?P<y>{YEAR})" + R),
        ("day_range", L + r"(?P<d1>{DAY}|1er)(?:er)?\s*(?:-|–|et|au)\s*(?P<d>{DAY})\s+{MONTH}(?:\s+(?P<y>{YEAR}))?" + R),
        ("day_month", L + r"(?:{WEEKDAY}\s+)?(?P<d>{DAY}|1er)(?:er)?\s+{MONTH}(?:\s+(?P<y>{YEAR})|\s+(?P<rel>dernier|prochain))?" + R),
        ("month", L + r"(?:" + mods + r"[\s\-]+)?{MONTH}(?:\s+(?P<y>{YEAR})|\s+(?P<rel>dernier|prochain|passé))?" + R),
        ("season", L + r"(?:(?P<prep>au|en|à)\s+)?(?P<x>(?:(?P<elided>l['’])|(?P<rel_this>cet|cette)\s+)?{SEASON}(?:\s+(?P<y>{YEAR})|\s+(?P<rel>dernier|prochain|passé))?)" + R),
        ("year", L + r"(?:" + mods + r"[\s\-]+)?(?P<y>{YEAR})" + R),
        ("decade", L + r"(?:(?:des|aux|dans\s+les|depuis\s+les)\s+)?(?P<x>(?:les\s+)?années\s+(?:(?P<dec4>1[89]\d0|20[0-9]0)|(?P<dec2>[2-9]0)))" + R),
        ("quarter", L + r"(?:le\s+|au\s+)?(?P<ord>premier|1er|deuxième|second|troisième|quatrième|dernier)\s+(?P<qh>trimestre|semestre)(?:\s+(?:de\s+|d['’])?(?P<y>{YEAR}))?" + R),
        ("relative_unit", L + r"(?P<the>la\s+|le\s+|l['’])(?P<unit>semaine|mois|année|an|trimestre|week-end)\s+(?P<rel>dernière|dernier|passée|passé|prochaine|prochain|précédente|précédent|suivante|suivant)" + R),
        ("relative_unit", L + r"(?P<rel>cette|ce|cet)\s+(?P<unit>semaine|mois|année|an|trimestre|week-end)(?:-ci)?" + R),
        ("offset", L + r"(?P<dir>dans)\s+(?P<count>{NUM}|quelques|plusieurs)\s+{UNIT}" + R),
        ("unit_part", L + r"(?:en\s+|au\s+|à\s+la\s+|depuis\s+le\s+)?(?P<x>(?P<mod>début|fin|milieu|mi)[\s\-]+(?:de\s+l['’]|d['’]|du\s+|de\s+la\s+)(?P<unit>année|an|mois|semaine|trimestre)(?:\s+(?P<rel>dernière|dernier|prochaine|prochain|passée|passé))?)" + R),
        ("clock", L + r"à\s+(?P<x>(?P<h>[01]?\d|2[0-3])\s+heures?(?:\s+(?P<mi>[0-5]\d))?)" + R),
        ("offset", L + r"(?P<dir>il\s+y\s+a)\s+(?P<count>{NUM}|quelques|plusieurs)\s+{UNIT}" + R),
        ("offset", L + r"(?P<count>{NUM}|quelques|plusieurs)\s+{UNIT}\s+(?P<dir>plus\s+tôt|plus\s+tard|auparavant|après|avant)" + R),
        ("duration", L + r"(?:(?P<approx>près\s+de|environ|presque|plus\s+de)\s+)?{NUM}\s+{UNIT}(?P<half>\s+et\s+demie?)?" + R),
        ("vague_duration", L + r"(?P<vague>plusieurs|quelques)\s+{UNIT}" + R),
        ("vague_duration", L + r"(?:au\s+cours\s+)?(?P<x>(?:les|des|ces)\s+(?P<vague>derniers|dernières|prochains|prochaines)\s+{UNIT})" + R),
        ("set", L + r"(?P<every>chaque|tous\s+les|toutes\s+les|par)\s+(?:{NUM}\s+)?{UNIT}" + R),
        ("set_adverb", L + r"(?P<word>" + alternation(lexicon().cues["set_adverb"]) + r")" + R),
        ("weekday", L + r"{WEEKDAY}(?:\s+(?P<rel>dernier|prochain))?(?:\s+(?P<pod>matin|après-midi|soir))?" + R),
        ("deictic", L + r"(?P<word>" + alternation(lexicon().cues["deictic"]) + r")(?:\s+(?P<pod>matin|après-midi|soir))?" + R),
        ("part_of_day", L + r"(?P<word>ce\s+(?P<pod>matin|soir)|cette\s+nuit)" + R),
        ("reference", L + r"(?P<x>(?P<word>" + alternation(lexicon().cues["reference"]) + r"))" + R),
        ("anaphor", L + r"(?:à\s+)?(?P<x>(?P<word>l['’]époque|ce\s+moment-là|ce\s+jour-là|cette\s+année-là|ce\s+mois-là))" + R),
        ("anaphor_unit", L + r"(?P<x>(?P<det>le\s+lendemain|la\s+veille|le\s+même\s+jour))" + R),
        ("clock_word", L + r"(?P<word>midi|minuit)" + R),
        ("century", L + r"(?:le\s+)?(?P<c>1[0-9]|2[01]|[XVI]{1,5})e[\s\-]+siècle" + R),
        ("clock", L + r"(?P<h>[01]?\d|2[0-3])\s?h\s?(?P<mi>[0-5]\d)?(?:\s*\(?(?P<tz>UTC|GMT|heure\s+locale)\)?)?(?![\w])"),
    ]
    return _compile(specs, words, "fr")
