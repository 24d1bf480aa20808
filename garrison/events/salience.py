"""Reported news or background: which of a report's events are the happening it reports.

A news report tells what happened and, around it, what the reader needs to follow it: how the base
came to be, since when a force has been there, what happened the last time.  GDELT's users' first
complaint is that such context is coded as news.  Here every event is kept; an event read as
context is marked ``attributes["background"] = True`` with the reason in
``attributes["background_reason"]``, and listings, presence, exports and the demo leave it out
unless asked (``--include-background``).

The decision, in order (the first that holds):

1. **history cue** — the event's clause carries a word that puts it in the past of the story
   ("previously", "formerly", "used to", "during the … war"; garrison/data/events/words*.tsv,
   list ``history_cues``), or the event is what an earlier plan in the pluperfect was for ("Turkey *had
   planned* to deploy …"; ``plan_verbs``, ``pluperfect_auxiliaries``);
2. **habitual** — an adverb of a repeated or standing pattern on the event's clause ("aircraft
   *regularly* land there", "has *repeatedly* called for"; list ``habitual_cues``): how things usually
   are, not the reported happening;
2b. **trend** — a presence grown or cut told of the abstract noun, with no site, unit or materiel, over a
   stretch up to the report ("Russia has been strengthening its presence in Mali"; lists ``presence_nouns``,
   ``trend_types``); not in the present progressive ("Russia is strengthening …", "is in the process of
   strengthening …"), an act under way at the report's time, its news;
3. **standing** — an English clause in the simple present that tells a state or a habit, not a happening:
   the trigger verb itself in the simple present ("the government rejects any foreign presence", "aircraft
   use the base as a stopover"), a present passive of state ("2,000 troops are deployed in the north-east"),
   a noun trigger completing a present verb of state ("Libya serves as the corps' staging area"; not the
   copula: "it is their first meeting since 2019" names the news), or a continuing-state adverb on the clause ("Moscow is *still*
   negotiating", "troops are *currently* deployed"; lists ``standing_cues``, ``present_be``,
   ``state_verbs``).  English grammar: news tells happenings in the past, the perfect or the progressive;
   its simple present is the standing picture the news is set in (docs/demo-truth.md, guideline 3);
4. **capability** — what someone or something is able to do ("its runway *can* receive Il-76s",
   "these aircraft will *allow* us to strike"; list ``ability_cues``), not what happened; "can" on a verb of
   perceiving ("in the footage we *can see* tanks"; ``perception_verbs``) is the present of evidence, news;
4b. **hypothetical** — the consequence of a condition, with a modal ("Russia *would* accept a smaller presence
   *if* …"; ``hypothetical_modals``, ``condition_marks``); **aim** — a purpose infinitive ("we are here *to
   develop* cooperation", "have relied on drones *to strike* jihadists", "train officers *in the interest of
   fighting* armed groups"; ``purpose_nouns``): what something is for;
5. **since** — a "since X" / "depuis X" phrase governs the event and X is a date well before the
   report ("has operated from the base since 2020"): a standing state, context for the news; or a bare
   "since" on the verb ("Mali has since cut ties with Kyiv"): what followed a point told before, a recap;
6. **reference point** — the trigger sits inside a "since …", "after …", "following …" phrase
   or clause ("since their delivery in 2022"), or is what the news is framed by ("the deployment
   *follows* a telephone call in March", "the report *comes as* Washington accuses …", "the flights
   *coincide with* the departure of …"): an earlier or surrounding happening, not the news;
7. **restated** — a definite noun for the news as the subject of a framing verb ("*the visit* came a month
   after …") when an earlier sentence told an event of its type: the happening told before, named again only
   to set it against another;
7b. **description** — an act told in a relative clause of an apposition ("Africa Corps, *the structure the
   ministry created late last year*"): what the thing named is, for the reader;
8. **old** — the event's own time expression (not one inherited or the publication date) ends
   well before the report ("built in the 1980s", "invited Wagner in late 2021");
9. **site description** — a building act without a time of its own, told in a modifier of a site noun
   ("a drone base that cost $100 million to build", "la base, construite pour 110 millions de dollars");
10. **before the news** — (not an activity told in the perfect progressive, "have been repairing the runway
   since November", which goes on up to the report) its own time ends weeks before the time of the report's news, the
   happening its first event tells ("last June" in the lede makes "last December" further down an
   earlier happening retold, and "since December" in a May report a standing state).

An event inside the scope of a background event of its sentence (its object, complement or adjunct, not a
relative clause, which tells a happening of its own) is background too: "Mali has since cut ties with Kyiv,
*accusing* it of *supporting* the rebels", "revoked a cooperation *accord*" — what a context act carries is
context ("within background").

"Well before" and "weeks before" are numbers of days, written as data with the cue lists
(``salience_settings``: ``background_after_days``, ``before_news_days``).  A report with no
publication date has no "old": only the cues and the lede's own time decide.
"""

from __future__ import annotations

from datetime import date, timedelta

from garrison.events import attribution
from garrison.places.recognise import SITE_FEATURES
from garrison.events.syntax import governing_verb, trigger_head
from garrison.model import Analysis, Event
from garrison.words import word_map, words

_HISTORY_CUES = words("events", "history_cues")
_HABITUAL_CUES = words("events", "habitual_cues")
_ABILITY_CUES = words("events", "ability_cues")
_STANDING_CUES = words("events", "standing_cues")
_PRESENT_BE = words("events", "present_be")
_STATE_VERBS = words("events", "state_verbs")
_PERFECT_AUXILIARIES = words("events", "perfect_auxiliaries")
_PRESENCE_NOUNS = words("events", "presence_nouns")
_TREND_TYPES = words("events", "trend_types")
_PERSONNEL = words("events", "personnel_nouns")
_PLAN_VERBS = words("events", "plan_verbs")
_HYPOTHETICAL_MODALS = words("events", "hypothetical_modals")
_CONDITION_MARKS = words("events", "condition_marks")
_PLUPERFECT = words("events", "pluperfect_auxiliaries")
_SINCE_WORDS = words("events", "since_words")
_REFERENCE_WORDS = words("events", "reference_point_words")
_RELATIVE_TIME_WORDS = words("events", "relative_time_words")
_AFTER_WORDS = words("events", "after_words")
_MEDIA_NOUNS = words("events", "media_nouns")
_LONG_SPANS = words("events", "long_span_nouns")
_UNKNOWN_WORDS = words("events", "unknown_words")
_KNOWABLE_WORDS = words("events", "knowable_words")
_SILENT_WORDS = words("events", "silent_words")
_OPEN_QUESTION_MARKS = words("events", "open_question_marks")
_EARLIER_WORDS = words("events", "earlier_words")
_REACTION_VERBS = words("events", "reaction_verbs")
_BECOMING_VERBS = words("events", "becoming_verbs")
_PERIOD_PREPS = words("events", "period_preps")
_ERA_NOUNS = words("events", "era_nouns")
_SITE_NOUNS = words("events", "site_nouns")
_SPECIFIC_DETERMINERS = words("events", "specific_determiners")
_DESCRIBED_TYPES = words("events", "site_description_types")
_PERCEPTION_VERBS = words("events", "perception_verbs")
_PROCESS_NOUNS = words("events", "process_nouns")
_PURPOSE_NOUNS = words("events", "purpose_nouns")
_AWAITING_VERBS = words("events", "awaiting_verbs")
_PAST_BE = words("events", "past_be")
_FRAMING_VERBS = {verb: set(marks.split(",")) for verb, marks in word_map("events", "framing_verbs").items()}
_SETTINGS = word_map("events", "salience_settings")
BACKGROUND_AFTER = timedelta(days=int(_SETTINGS["background_after_days"]))
BEFORE_NEWS = timedelta(days=int(_SETTINGS["before_news_days"]))


def mark(analysis: Analysis, events: list[Event]) -> list[Event]:
    """Mark the background events of one parsed document (``analysis.nlp_doc``); returns ``events``."""
    doc = analysis.nlp_doc
    published = analysis.document.published
    heads = [trigger_head(doc, event) for event in events]
    reasons = [background_reason(head, event, published) if head is not None else None
               for head, event in zip(heads, events)]
    for index, (event, head) in enumerate(zip(events, heads)):
        if reasons[index] is None and head is not None and _restated(head) and any(
                other is not None and other.sent.start < head.sent.start and earlier.type == event.type
                for earlier, other in zip(events[:index], heads[:index])):
            reasons[index] = "restated"
    _carry_scope(heads, reasons)
    news_start = None
    for index, (event, head) in enumerate(zip(events, heads)):
        if head is None:
            continue
        if (reasons[index] is None and news_start is not None and _own_time(event)
                and (_last_day(event) < news_start - BEFORE_NEWS or _earlier(event))
                and not _counted_time(_clause(head), event)
                and not _ongoing(head) and not _time_of_another(head, event)):
            reasons[index] = "before the news"
            _carry_scope(heads, reasons)
        if reasons[index] is None and news_start is None:
            news_start = event.time.start if _own_time(event) else published
    for event, reason in zip(events, reasons):
        if reason:
            event.attributes["background"] = True
            event.attributes["background_reason"] = reason
    return events


def _earlier(event: Event) -> bool:
    """"*Earlier this month* the local authorities terminated a contract …": after the lede, a time told as earlier
    than the news is a previous development the report recalls (news English: "earlier this week / month / year")."""
    text = (event.time.text or "").lower().split()
    return bool(text) and text[0] in _EARLIER_WORDS


def _ongoing(head) -> bool:
    """"Engineers have been repairing the runway since November": the perfect progressive tells an activity that
    goes on up to the report, so it is not a happening over before the news (however early its "since")."""
    verb = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    if verb is None or verb.tag_ != "VBG":
        return False
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return "been" in auxiliaries and bool(auxiliaries & _PERFECT_AUXILIARIES)


def _carry_scope(heads: list, reasons: list) -> None:
    """An event inside a background event's scope is background too ("within background")."""
    for index, head in enumerate(heads):
        if head is None or reasons[index] is not None:
            continue
        for other, reason in zip(heads, reasons):
            if reason and other is not None and other.i != head.i and _within(head, other):
                reasons[index] = "within background"
                break


def _within(head, governor) -> bool:
    """``head`` sits in ``governor``'s subtree by way of its arguments and adjuncts, not through a relative
    clause, a parenthetical or a coordinated clause (each of those tells a happening of its own)."""
    node = head
    for _ in range(12):
        if node.i == governor.i:
            return True
        if node.head.i == node.i or node.dep_ in ("relcl", "acl:relcl", "parataxis"):
            return False
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return False


def is_background(event: Event) -> bool:
    return bool(event.attributes.get("background"))


def background_reason(head, event: Event, published: date | None) -> str | None:
    if _open_question(head):
        return "open question"
    if event.trigger is None and head.lower_ in _FRAMING_VERBS:
        # a sentence going on about an act whose own verb frames ("The speech came two days after images of the
        # convoy circulated"): it sets something against the act, it does not tell the act again (guideline 1)
        return "reference point"
    clause = _clause(head)
    if any(_history_cue(token) or _past_era(token) for token in clause) or _earlier_plan(head):
        return "history cue"
    if _habitual(head, clause):
        return "habitual"
    if event.type in _TREND_TYPES and _trend(head, event):
        return "trend"
    if _standing(head, clause, continued=event.trigger is None):
        return "standing"
    if _capability(head):
        return "capability"
    if _hypothetical(head) or _could_become(head):
        return "hypothetical"
    if _aim(head):
        return "aim"
    if published is not None and _since_old(clause, published):
        return "since"
    if _lasting(head):
        return "since"
    if _reference_point(head) or _framing(head):
        return "reference point"
    if _describes_referent(head):
        return "description"
    if (published is not None and _old(event, published) and not _counted_time(clause, event)
            and not _time_of_another(head, event)):
        return "old"
    if event.type in _DESCRIBED_TYPES and _describes_site(head) and not _own_time(event):
        return "site description"
    return None


def _open_question(head) -> bool:
    """"Where the vehicles came from remains unclear", "it is not known whether the aircraft landed", « l'état-major
    est resté muet sur l'origine de ces véhicules »: what the report says is unknown, or what a party keeps silent
    about, is an open question, not a happening it reports (docs/demo-truth.md, guideline 2: what reports no act).
    The act asked about sits in the indirect question (a wh-word or "whether") of a sentence that calls it unclear;
    a relative clause ("Hmeimim, where it landed two planes") tells a happening of its own."""
    verb = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    for node in {head, verb} - {None}:
        if any(c.dep_ in ("acomp", "xcomp", "attr") and c.lower_ in _SILENT_WORDS for c in node.children):
            return True  # "remained silent on …", « est resté muet sur … »
    sent = head.sent
    unknown = any((t.lower_ in _UNKNOWN_WORDS and t.dep_ in ("acomp", "xcomp", "attr", "oprd", "ROOT"))
                  or (t.lower_ in _KNOWABLE_WORDS and any(c.dep_ == "neg" for c in t.children)) for t in sent)
    if not unknown:
        return False
    for token in sent:
        asks = token.lower_ in _OPEN_QUESTION_MARKS or token.tag_ in ("WRB", "WP", "WDT")
        if asks and token.dep_ in ("mark", "advmod", "nsubj", "dobj", "pobj", "attr", "det"):
            clause = token.head if token.dep_ != "det" else token.head.head
            if clause.dep_ in ("relcl", "acl:relcl"):
                continue
            if head.i == clause.i or head in clause.subtree:
                return True
    return False


def _describes_site(head) -> bool:
    """The trigger sits in a modifier of a site noun: "a drone base that cost $100 million to build", "la base,
    construite pour 110 millions de dollars" tell how the site came to be, not what the report reports."""
    node = head
    for _ in range(5):
        if node.head.i == node.i:
            return False
        if node.dep_ in ("acl", "relcl", "acl:relcl") and node.head.lower_ in _SITE_NOUNS:
            return True
        node = node.head
        if node.pos_ in ("NOUN", "PROPN") and node.lower_ in _SITE_NOUNS:
            return False  # reached a site as an argument, not through a modifier
    return False



def _clause(head) -> list:
    """The tokens of the clause the trigger belongs to: its verb's subtree without embedded clauses of
    their own (a history word in "X, which was built in the 1980s, was struck" is the relative clause's)."""
    verb = head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    own = []
    stack = [verb]
    while stack:
        node = stack.pop()
        own.append(node)
        for child in node.children:
            if child.dep_ in ("relcl", "acl:relcl", "ccomp", "parataxis") and child is not head and head not in child.subtree:
                continue
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and head not in child.subtree:
                continue  # a coordinated clause ("… and has since …") speaks for itself
            stack.append(child)
    return own


def _habitual(head, clause) -> bool:
    """"Aircraft regularly land there", "officials have repeatedly accused Russia of using the bases": an adverb of
    a repeated pattern on the event's clause, or on the clause its non-finite complement hangs on."""
    tokens = list(clause)
    node = head
    for _ in range(6):  # up through "of using", "to use": the pattern's scope reaches its complements
        if node.dep_ not in ("pcomp", "pobj", "prep", "xcomp") or node.head.i == node.i:
            break
        node = node.head
        tokens.extend(c for c in node.children if c.dep_ == "advmod")
    return any(t.dep_ == "advmod" and t.lower_ in _HABITUAL_CUES for t in tokens)


def _trend(head, event: Event) -> bool:
    """"Russia has been strengthening its presence in Mali", "Moscow has expanded its footprint in Libya": a
    presence grown or cut told of the abstract noun, with no site, unit or materiel, is a trend, context for the
    news (docs/demo-truth.md, guideline 2: trends with no site or act)."""
    if head.pos_ not in ("VERB", "AUX") or event.materiel:
        return False
    objects = [c for c in head.children if c.dep_ in ("dobj", "obj") and c.lower_ in _PRESENCE_NOUNS]
    if not objects or any(t.lower_ in _PERSONNEL for o in objects for t in o.subtree):
        return False  # "its troop presence": the force is named
    if any(t.like_num for t in head.subtree):
        return False  # "will reduce its presence to fewer than 1,000": a measured change is an act
    if _under_way(head):
        return False
    place = event.location
    return place is None or place.feature not in SITE_FEATURES


def _standing(head, clause, continued: bool = False) -> bool:
    """An English clause in the simple present, or with a continuing-state adverb: a state, not a happening.

    A sentence that goes on telling an event (``continued``: no trigger of its own, its head the sentence's verb)
    is read by its verb only when that is a verb of state ("troops remain at the base"): its present is
    otherwise the present of evidence ("the video shows tanks driving through the capital"), which tells the
    news."""
    if head.lang_ != "en":
        return False  # the French présent is also the narrative tense of news ("le ministère crée un corps")
    if continued and head.lower_ not in _STATE_VERBS:
        return False
    for token in clause:
        if token.dep_ == "advmod" and token.lower_ in _STANDING_CUES and not _cause_mark(token):
            return True
    if head.pos_ in ("VERB", "AUX"):
        auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
        if head.tag_ in ("VBZ", "VBP") and not auxiliaries:
            return True  # "rejects any foreign presence", "aircraft use the base"
        # "are deployed in the north-east": a present passive of state ("are being deployed" is a happening)
        return (head.tag_ == "VBN" and len(auxiliaries) == 1 and auxiliaries[0].dep_ == "auxpass"
                and auxiliaries[0].lower_ in _PRESENT_BE)
    verb = governing_verb(head)
    if verb is None or verb.lower_ not in _STATE_VERBS or verb.tag_ not in ("VBZ", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    # the noun completes the verb of state: its attribute, its "as" phrase, its place phrase
    node = head
    while node.head.i != verb.i and node.dep_ in ("pobj", "compound", "amod", "prep"):
        node = node.head
    return node.head.i == verb.i and node.dep_ in ("attr", "prep", "acomp", "oprd")


def _under_way(verb) -> bool:
    """"Chad *is strengthening* its presence in Niger", "Chad *is in the process of* strengthening it": the English
    present progressive tells an act going on at the time of the report, the report's news (news tells happenings in
    the past, the perfect or the progressive); a trend is told over a stretch up to the report, in the perfect
    ("has been strengthening", "has consolidated") or in a past progressive of reported words."""
    if verb.lang_ != "en" or verb.tag_ != "VBG":
        return False
    if any(c.dep_ == "aux" and c.lower_ in _PRESENT_BE for c in verb.children):
        return True
    # "is in the process of strengthening": the gerund completes "of" on a noun of an act under way, in an "in"
    # phrase of a present "be"
    if verb.dep_ != "pcomp" or verb.head.lower_ != "of":
        return False
    noun = verb.head.head
    if noun.lower_ not in _PROCESS_NOUNS or noun.dep_ != "pobj":
        return False
    be = noun.head.head
    return be.lower_ in _PRESENT_BE and be.tag_ in ("VBZ", "VBP")


def _cause_mark(token) -> bool:
    """"now that …": the adverb introduces a cause, not a state of the clause."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.dep_ == "mark"


def _hypothetical(head) -> bool:
    """"Russia would accept a smaller presence *if* it can keep flying through Hmeimim", "interests would be
    respected *if* Moscow reviewed its position": the consequence of a condition, with a modal, is a
    hypothetical, not a reported happening (an English conditional sentence)."""
    verb = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    if verb is None or verb.lang_ != "en":
        return False
    if not any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL_MODALS for c in verb.children):
        return False
    return any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in _CONDITION_MARKS for g in c.children)
               for c in verb.children)


def _could_become(head) -> bool:
    """"Such a facility *could become* Russia's first permanent naval outpost": a noun trigger completing a verb of
    becoming under a modal of possibility is what something may turn into, a forecast, not a reported act
    (docs/demo-truth.md, guideline 2)."""
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_ not in ("attr", "oprd", "xcomp"):
        return False
    verb = head.head
    return verb.lower_ in _BECOMING_VERBS and any(
        c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL_MODALS for c in verb.children)


def _aim(head) -> bool:
    """""We are here *to develop* military cooperation", "juntas have relied on drones *to strike* jihadists": a
    purpose infinitive tells what something is for, not a happening (one governed by another act of the
    sentence is that act's aim, and consolidation already folds it in)."""
    verb = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    if verb is None or verb.lang_ != "en":
        return False
    if (verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
            and not _awaited(verb)):
        return True
    return _purpose_phrase(verb)


def _awaited(verb) -> bool:
    """"While waiting for the port to take over": an infinitive whose subject the "for" of a verb of waiting names is
    what is waited for (its stance says so), not the aim of the act it hangs on (``awaiting_verbs``)."""
    governor = verb.head
    if governor.lower_ not in _AWAITING_VERBS:
        return False
    # the "for" phrase must be the infinitive's subject, right before its "to" ("called for an end to attacks by X
    # in the region, …" is no such clause)
    return any(g.dep_ == "pobj" and g.right_edge.i + 1 == verb.left_edge.i
               for c in governor.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children)


def _purpose_phrase(verb) -> bool:
    """"Train police officers *in the interest of fighting* armed groups", "sent instructors *with a view to
    fighting* the rebels", "*for the purpose of* …": a gerund completing a noun of purpose says what the act it
    hangs on is for, as a purpose infinitive does (``purpose_nouns``)."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp":
        return False
    noun = verb.head.head
    return noun.dep_ == "pobj" and noun.lower_ in _PURPOSE_NOUNS


def _capability(head) -> bool:
    """"Its runway can receive Il-76 aircraft", "these aircraft will allow us to strike the enemy": what someone or
    something is able to do, not what happened."""
    verb = governing_verb(head) or head
    if _perceives(verb):
        return False
    if any(c.dep_ == "aux" and c.lower_ in _ABILITY_CUES for c in verb.children):
        return True
    return verb.dep_ in ("xcomp", "ccomp") and verb.head.lower_ in _ABILITY_CUES


def _perceives(verb) -> bool:
    """"In the footage *we can see* T-72 tanks", "hangars *can be made out* on the images": "can" on a verb of
    perceiving tells what a record lets its viewer perceive now, the present of evidence for the happening it shows
    (docs/demo-truth.md, guideline 1: footage and images add to the happening), not what someone is able to do."""
    if verb.lang_ != "en":
        return False
    particles = [c.lower_ for c in verb.children if c.dep_ in ("prt", "compound:prt")]
    return verb.lower_ in _PERCEPTION_VERBS or any(f"{verb.lower_} {p}" in _PERCEPTION_VERBS for p in particles)


def _history_cue(token) -> bool:
    return token.lower_ in _HISTORY_CUES


def _past_era(token) -> bool:
    """"Was used by Russian and Iranian forces *during the civil war*", « *pendant la guerre* »: a "during" phrase
    naming a war by its definite noun, with no date, puts the clause in a period the reader knows as past."""
    if token.lower_ not in _PERIOD_PREPS:
        return False
    return any(g.dep_ in ("pobj", "obl", "nmod") and g.lower_ in _ERA_NOUNS and not g.like_num
               and any(d.dep_ == "det" for d in g.children) for g in [token.head, *token.children])


def _since_old(clause, published: date) -> bool:
    """A "since X" in the clause with X a date well before the report."""
    for token in clause:
        if token.lower_ not in _SINCE_WORDS:
            continue
        if _counted_since(token):
            continue
        if not (token.n_lefts + token.n_rights) and token.dep_ in ("advmod", "case") and token.head.pos_ in ("VERB", "AUX"):
            return True  # "Mali has since cut ties", "a depuis rompu": what followed a point told before, a recap
        # "since 2020" heads its year; "depuis 2021" is the year's case mark
        year = _year_in(token.subtree if token.n_lefts + token.n_rights else token.head.subtree)
        if year is not None and date(year, 12, 31) < published - BACKGROUND_AFTER:
            return True
    return False


def _lasting(head) -> bool:
    """"Instructors have been stationed at the base *for several months*", "has used the airfield *for years*": the
    perfect with a "for" phrase of months or years tells a state that has held that long up to the report, a
    standing state like "since 2020" (docs/demo-truth.md, guideline 3), not the happening reported."""
    verb = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    if verb is None or verb.lang_ != "en":
        return False
    if not any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUXILIARIES | _PLUPERFECT for c in verb.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(g.dep_ == "pobj" and g.lower_ in _LONG_SPANS
                                                              for g in c.children) for c in verb.children)


def _counted_since(token) -> bool:
    """"Haftar's first meeting with Putin since 2019", "the largest delivery since 2022": a "since" phrase on a
    noun with an ordinal or a superlative counts the happening against the ones before it; the happening is
    the news, not a state that has held since then."""
    nouns = [token.head] if token.head.pos_ in ("NOUN", "PROPN") else [
        c for c in token.head.children if c.dep_ == "attr"]  # "it is the first … since": the copula's noun
    return any(c.ent_type_ == "ORDINAL" or c.tag_ in ("JJS", "RBS") for noun in nouns for c in noun.children)


def _counted_time(clause, event: Event) -> bool:
    """The event's time is the point a counted "since" phrase measures from ("the first meeting since 2019"),
    not the time of the happening."""
    text = (event.time.text or "").lower() if event.time is not None else ""
    if not text:
        return False
    for token in clause:
        if token.lower_ in _SINCE_WORDS and _counted_since(token):
            phrase = " ".join(t.lower_ for t in token.subtree)
            if text in phrase or phrase in text:
                return True
    return False


def _time_of_another(head, event: Event) -> bool:
    """The event's time expression dates another happening of the sentence, so it cannot make the event old:
    it sits in a clause modifying a noun the trigger is not in ("left the base in line with *a timetable agreed in
    May*", « louées en vertu d'*un accord signé en 2017* »), in an "after / following" phrase the event is set
    after ("*After Haftar's trip to Moscow in September*, officials agreed …": the agreement came later), or it is
    only the nearest time of the sentence, in a clause the act is not in (``time_basis`` "sentence": "'the works
    suggest a long stay,' the institute wrote, *noting that helicopters have been parked there since 2022*")."""
    if event.attributes.get("time_basis") == "sentence":
        return True  # the nearest time of the sentence, in a clause the act is not in: that clause's
    span = _time_span(head, event)
    if span is None:
        return False
    node = span.root
    for _ in range(12):
        if node.i == head.i or head in node.subtree:
            return False
        if (node.dep_ in ("acl", "relcl", "acl:relcl") and node.head.pos_ in ("NOUN", "PROPN")
                and node.head.lower_ not in _MEDIA_NOUNS and not _what_it_was_doing(node, head)):
            # a clause of its own describing a noun: the time is that clause's (not a record's: "images published
            # in October" bound what they show, which happened before)
            return True
        if (node.dep_ in ("pobj", "obl") and node.head.lower_ in _AFTER_WORDS and node.head.dep_ == "prep"
                and head.dep_ not in ("acl", "relcl", "acl:relcl")):
            # "after the trip in September": a phrase, not a clause ("after X seized Kidal in …"), on a clause of
            # its own ("the deal, discussed after the trip in September": a participle describing the deal
            # tells its past)
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _what_it_was_doing(clause, head) -> bool:
    """"The strike on an aircraft *that was carrying jamming equipment at Jufra in December*": a relative clause in the
    past progressive on a noun of the act's own phrase tells what that thing was doing when the act hit it, so its
    time is the act's too (a clause of another act, "a timetable *agreed in May*", is not in the progressive)."""
    if clause.lang_ != "en" or clause.tag_ != "VBG" or clause.head not in head.subtree:
        return False
    return any(c.dep_ == "aux" and c.lower_ in _PAST_BE for c in clause.children)


def _time_span(head, event: Event):
    """The tokens of the event's time expression in its sentence, found by its text."""
    text = event.time.text if event.time is not None else None
    if not text:
        return None
    sent = head.sent
    at = sent.text.find(text)
    if at < 0:
        return None
    return head.doc.char_span(sent.start_char + at, sent.start_char + at + len(text), alignment_mode="expand")


def _year_in(tokens) -> int | None:
    for token in tokens:
        text = token.text.rstrip("s")  # "since the 1990s"
        if len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100:
            return int(text)
    return None


def _reference_point(head) -> bool:
    """The trigger inside a "since/after/following …" phrase or clause: a happening the news is dated from.

    Followed up through the trigger's own phrase only: a relative clause hanging on a word of such a
    phrase ("since it met Russia, which sent instructors in April") tells a happening of its own.  A
    phrase on a verb of saying is the occasion of the words, usually the news itself ("officials said
    after a delegation visited on Tuesday")."""
    node = head
    for _ in range(6):
        if any(c.dep_ in ("mark", "case") and c.lower_ in _REFERENCE_WORDS for c in node.children):
            return not _said(node.head)
        if node.dep_ in ("pobj", "pcomp") and node.head.lower_ in _REFERENCE_WORDS:
            return not _said(node.head.head)
        if node.dep_ == "relcl" and any(c.lower_ in _RELATIVE_TIME_WORDS for c in node.children):
            node = node.head  # "since 2020, when their drones helped …": what happened at the time referred to
            continue
        if node.dep_ not in _PHRASE_DEPENDENCIES or node.head is node:
            return False
        node = node.head
    return False


def _framing(head) -> bool:
    """The trigger is part of what another act is framed by: anywhere in the object of "follows" or the
    clause of "comes as" (a call "in March, in which the two men agreed", a rebel push "where … killed"),
    never in the framed act itself, the framing verb's subject."""
    child, node = head, head.head
    for _ in range(12):
        if child.i == node.i:
            return False
        marks = _FRAMING_VERBS.get(node.lower_)
        if marks is not None:
            if child.dep_ in _SUBJECTS:
                return False
            if "object" in marks and child.dep_ not in ("punct", "cc", "aux", "auxpass", "neg"):
                return True
            introduced = {c.lower_ for c in child.children if c.dep_ in ("mark", "case")}
            if child.pos_ in ("VERB", "AUX") and child.dep_ in ("xcomp", "ccomp", "advcl"):
                # « intervient alors que le JNIM multiplie … »: the small French model hangs "alors que" on the
                # framing verb, between it and the clause it introduces
                introduced |= {c.lower_ for c in node.children if c.dep_ in ("advmod", "mark")
                               and node.i < c.i < child.i}
            # "coincide with the departure … and with reports that …": a coordinated second phrase frames too
            if child.dep_ in ("prep", "conj") and child.lower_ in marks or introduced & marks:
                return True
        child, node = node, node.head
    return False


def _describes_referent(head) -> bool:
    """"Africa Corps, *the structure the ministry created late last year*", "Haftar, *the commander who led the
    offensive*": an act told in a relative clause of an apposition says what the thing or person named is, a
    description for the reader, not the report's news."""
    node = head
    for _ in range(4):
        if node.dep_ in ("relcl", "acl:relcl", "acl"):
            return node.head.dep_ == "appos"
        if node.head.i == node.i or node.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return False


def _earlier_plan(head) -> bool:
    """"Turkey *had planned* to deploy …": a plan in the pluperfect is one the story has moved past
    (docs/demo-truth.md, guideline 3: earlier plans in the pluperfect)."""
    if head.dep_ != "xcomp" or head.lang_ != "en":
        return False
    governor = head.head
    return governor.lower_ in _PLAN_VERBS and any(
        c.dep_ == "aux" and c.lower_ in _PLUPERFECT for c in governor.children)


def _restated(head) -> bool:
    """"*The visit* came a month after …", "*the arrival of the drones* comes four months after …", "*the works*
    come as …": a definite noun for the news, as the subject of a framing verb, names the happening told
    before (``mark`` asks for an event of its type in an earlier sentence) only to set it against another; it
    adds no event (docs/demo-truth.md, guideline 1: a bare anaphor adds no row)."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    if head.dep_ not in _SUBJECTS or (
            head.head.lower_ not in _FRAMING_VERBS and head.head.lower_ not in _REACTION_VERBS):
        return False  # "the air bridge also worries Algiers": a reaction to it, told of the happening named again
    return any(c.dep_ in ("det", "poss") and (c.lower_ in _SPECIFIC_DETERMINERS or c.dep_ == "poss")
               for c in head.children)


_SUBJECTS = ("nsubj", "nsubjpass", "nsubj:pass", "csubj", "expl")


def _said(token) -> bool:
    return attribution.is_report(token) or attribution.is_denial(token)


_PHRASE_DEPENDENCIES = ("pobj", "pcomp", "prep", "compound", "nmod", "obl", "conj", "appos")


def _own_time(event: Event) -> bool:
    """The event's time comes from an expression of its own sentence (not inherited, not the one date of a note
    lent to a sentence that states none, not the publication date)."""
    return (event.time is not None and not event.time_from_dct
            and event.attributes.get("time_basis") not in _LENT_TIME_BASES)


_LENT_TIME_BASES = ("inherited", "note_date")


def _old(event: Event, published: date) -> bool:
    return _own_time(event) and _last_day(event) < published - BACKGROUND_AFTER


def _last_day(event: Event) -> date:
    """When the event's own time ends; for an open "since X" span, when X ends (the span runs to the report)."""
    text = (event.time.text or "").lower()
    if text.split(" ", 1)[0] in _SINCE_WORDS and event.time.value and event.time.value[:4].isdigit():
        return min(event.time.end, date(int(event.time.value[:4]), 12, 31))
    # "since 2020": the dates stage gives "2020" a span running to the report; the point it names ends with 2020
    named_end = _period_end(event.time.value)
    if named_end is not None and event.time.start <= named_end < event.time.end:
        return named_end
    return event.time.end


def _period_end(value: str | None) -> date | None:
    """The last day of a TIMEX3 year or month value ("2020", "2024-12"), else None."""
    if not value or not value[:4].isdigit():
        return None
    year = int(value[:4])
    if len(value) == 4:
        return date(year, 12, 31)
    if len(value) == 7 and value[4] == "-" and value[5:].isdigit() and 1 <= int(value[5:]) <= 12:
        month = int(value[5:])
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return None
