"""spaCy pipelines, loaded once per process and shared by the stages.

The stages that need a parse call :func:`ensure_parsed`; within one in-memory run the
parse is made once and kept on ``Analysis.nlp_doc`` for the stages after.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from garrison import config
from garrison.model import Analysis

# Components none of the stages read.  Keeping them off is most of the speed.
_UNUSED = ("lemmatizer",)
# Texts longer than this are cut into paragraphs before parsing: spaCy refuses > 1,000,000 chars.
MAX_CHARS = 900_000
# A longer text is parsed in pieces of at most this many characters, cut at a blank line (else after a
# sentence's full stop, else at a space) and joined back into one Doc: spaCy's time per character grows
# with the length of the Doc it parses (1.2 x at 200 kB, bench/bench_length.py), and an article of
# ordinary length is parsed whole, as before.
PIECE_CHARS = 20_000
SHORT_LINE = 60  # a line this short that ends without punctuation is a headline or a dateline
FINAL_PUNCTUATION = frozenset({".", "!", "?", "”", '"', "»", ":", "…"})


@functools.cache
def load(language: str):
    import spacy

    name = config.SPACY_MODELS.get(language, config.SPACY_MODELS[config.DEFAULT_LANGUAGE])
    nlp = spacy.load(name, exclude=[c for c in _UNUSED])
    nlp.max_length = MAX_CHARS + 10
    _split_brackets(nlp)
    _register_components()
    nlp.add_pipe("paragraph_breaks", first=True)
    return nlp


def _split_brackets(nlp) -> None:
    """A square bracket is a token of its own wherever it stands.

    Text pasted from the web glues editors' notes to the words around them ("X [est]d'Y", "Fezzan]."):
    the models' tokenizers keep "est]d'Y" or "Fezzan]." as one token, which hides the name from the
    parse and the sentence end from the sentencizer.
    """
    pattern = nlp.tokenizer.infix_finditer.__self__.pattern
    nlp.tokenizer.infix_finditer = re.compile(pattern + r"|[\[\]]").finditer


@functools.cache
def _register_components() -> None:
    from spacy.language import Language

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc):
        """A line break ends a sentence where news text means it to.

        A blank line always does, so a dateline or headline never runs into the first sentence.
        A single newline does after sentence-final punctuation or after a short line (a headline,
        a dateline) followed by a capital — but not inside hard-wrapped prose.  The parser keeps
        boundaries set before it runs, so this only adds breaks it would miss.
        """
        # Doc.text joins every token and setting Token.is_sent_start checks every token of the document
        # for a parse: both once here, not once per line break (quadratic in a long document's length)
        text = doc.text
        starts = []
        continuing = _inside_bracketed_notes(doc) + _after_stray_full_stops(doc)
        for token in doc[1:-1]:
            if not token.is_space or "\n" not in token.text:
                continue
            following = doc[token.i + 1]
            if token.text.count("\n") >= 2:
                starts.append(following.i)
                continue
            previous = doc[token.i - 1]
            line_start = text.rfind("\n", 0, token.idx) + 1
            short_line = token.idx - line_start <= SHORT_LINE
            if previous.text in FINAL_PUNCTUATION or (short_line and following.text[:1].isupper()):
                starts.append(following.i)
        if starts or continuing:
            if doc.has_annotation("DEP"):
                raise ValueError("paragraph_breaks runs before the parser")
            marks = doc.to_array("SENT_START")
            marks[continuing] = marks.dtype.type(-1 % 2**64)  # -1, "not a start", as the uint64 array holds it
            marks[starts] = 1
            doc.from_array(["SENT_START"], marks)
        return doc


def _inside_bracketed_notes(doc) -> list[int]:
    """Tokens that never start a sentence: those of a bracketed note inside a line ("… of Azawad [CSP-DPA]
    and by …", "[GSIM, lié à al-Qaïda]"), a word glued to a note's end ("[est]d'Y") and a word glued to
    an elided article ("d'Al-Joufra").

    Text pasted from the web keeps editors' notes, often in another language; the parser otherwise
    ends the sentence at the note and the rest of the sentence loses its subject and verb.
    """
    out = []
    depth = 0
    for token in doc[1:]:
        if "\n" in token.text:
            depth = 0
            continue
        previous = doc[token.i - 1]
        glued = not previous.whitespace_ and (previous.text == "]" or previous.text[-1:] in ("'", "’"))
        opens = token.text == "[" and previous.text not in FINAL_PUNCTUATION and "\n" not in previous.text
        if depth > 0 or opens or glued:
            out.append(token.i)
        depth = max(0, depth + token.text.count("[") - token.text.count("]"))
    return out


def _after_stray_full_stops(doc) -> list[int]:
    """Tokens that never start a sentence although a full stop stands before them, within one line: a word in
    lower case ("… the military port. of Tartous and …") and an editor's bracketed note ("… the former group.
    [or « X »]. Which …"), with the note's words.

    Text pasted from the web leaves full stops where a link or a line was cut; a sentence of news never begins
    in lower case, and a note after a full stop glosses the sentence it follows. Split there, the fragment
    becomes a sentence with no verb whose words the stages read as a happening of its own.
    """
    out = []
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.text != "." or not previous.whitespace_:
            continue
        if token.is_alpha and token.is_lower:
            out.append(token.i)
        elif token.text == "[":
            close = next((t.i for t in doc[token.i + 1: token.i + 40] if t.text == "]" or "\n" in t.text), None)
            if close is not None and doc[close].text == "]":
                out.extend(range(token.i, close + 1))
    return out


def model_language(language: str | None) -> str:
    return language if language in config.SPACY_MODELS else config.DEFAULT_LANGUAGE


def safe_text(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS]


def ensure_parsed(batch: Sequence[Analysis], batch_size: int | None = None) -> None:
    """Attach a spaCy Doc to every analysis in the batch that lacks one, one ``nlp.pipe`` per language."""
    by_language: dict[str, list[Analysis]] = {}
    for analysis in batch:
        if analysis.nlp_doc is None:
            by_language.setdefault(model_language(analysis.document.language), []).append(analysis)
    for language, group in by_language.items():
        nlp = load(language)
        cut = [pieces(safe_text(a.document.text)) for a in group]
        docs = iter(nlp.pipe((piece for parts in cut for piece in parts),
                             batch_size=_batch_size(cut, batch_size or config.NLP_BATCH_SIZE)))
        for analysis, parts in zip(group, cut):
            parsed = [next(docs) for _ in parts]
            analysis.nlp_doc = parsed[0] if len(parsed) == 1 else _joined(parsed)


def _batch_size(cut: list[list[str]], most: int) -> int:
    """At most ``most`` pieces a batch, and about ``config.NLP_BATCH_CHARS`` characters: long reports' pieces
    parse faster a few at a time."""
    count = sum(len(parts) for parts in cut)
    if not count:
        return most
    mean = sum(len(piece) for parts in cut for piece in parts) / count
    return max(1, min(most, int(config.NLP_BATCH_CHARS // max(mean, 1.0))))


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` as consecutive pieces of at most ``size`` characters that join back into it exactly."""
    found, start = [], 0
    while len(text) - start > size:
        end = start + size
        for marker in ("\n\n", ". ", " "):
            at = text.rfind(marker, start + size // 2, end - len(marker) + 1)
            if at != -1:
                end = at + len(marker)
                break
        found.append(text[start:end])
        start = end
    found.append(text[start:])
    return found


def _joined(parsed: list):
    from spacy.tokens import Doc

    return Doc.from_docs(parsed, ensure_whitespace=False)


def pipe(texts: Iterable[str], language: str = "en"):
    """Bare ``nlp.pipe`` — the baseline the benchmarks divide by."""
    return load(model_language(language)).pipe(texts, batch_size=config.NLP_BATCH_SIZE)
