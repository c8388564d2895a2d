"""Who speaks in a sentence: the denying official or body as the speaker ("IDF: ...", "Statement of the ministry",
"China says ...", "..., the Kremlin said", "according to the ministry").

A sentence about the claim whose speaker is the denier reports the denial (VERDICTS.md: "the
denying official or body as the speaker"), even in wording no lexicon holds ("China says the
balloon is a civilian airship", "Kremlin accuses Kyiv of blowing up the dam").
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.match.document import Doc
from monitor.match.lang import union

Span = tuple[int, int]
NEAR_SAY = 2          # a verb of saying next to the denier: "the Kremlin said", "according to the IDF"
AT_START = 3          # words before a denier that opens a "Denier: ..." line
_MARKS = union("clause_marks")
_PASSIVE = union("passive_marks")
_TITLES = union("titles")


def _one_clause(doc: Doc, left: int, right: int) -> bool:
    """No clause mark between tokens ``left`` and ``right`` ("witnesses said, while the ministry ...")."""
    first, last = doc.tokens[left], doc.tokens[right]
    between = doc.field_text(first.field)[first.end:last.start]
    return not any(mark in between for mark in _MARKS)


def _colon_opener(doc: Doc, lo: int, hi: int) -> int | None:
    """The token after a colon that closes a sentence's first few words ("IDF: ..."), if any."""
    for p in range(lo + 1, min(hi, lo + AT_START + 2)):
        if ":" in doc.field_text(doc.tokens[p].field)[doc.tokens[p - 1].end:doc.tokens[p].start]:
            return p
    return None


def _opens_clause(doc: Doc, pos: int) -> bool:
    """Token ``pos`` starts its sentence or follows a clause mark."""
    tok = doc.tokens[pos]
    if pos == 0 or doc.tokens[pos - 1].sent != tok.sent:
        return True
    gap = doc.field_text(tok.field)[doc.tokens[pos - 1].end:tok.start]
    return any(mark in gap for mark in _MARKS)


def _title_of(doc: Doc, span: Span, claim: frozenset[int], verbs: frozenset[int] = frozenset()) -> bool:
    """A denier name followed, within two words and no punctuation, by a claim name; a verb of
    saying between them makes the name the speaker ("China says balloon ...")."""
    for p in range(span[1] + 1, min(span[1] + 3, len(doc.tokens))):
        gap = doc.field_text(doc.tokens[p].field)[doc.tokens[p - 1].end:doc.tokens[p].start]
        if gap.strip() or p in verbs:
            return False
        if p in claim:
            return True
    return False


def _claim_follows(doc: Doc, pos: int, claim: frozenset[int]) -> bool:
    """The clause of a name after a verb goes on to the claim: the name is the verb's object or the
    subject of what is said ("blaming Damascus for the Douma attack", "ha detto che Mosca sta
    organizzando un complotto"), not an inverted speaker ("..., said the ministry", "according to
    the IDF, ...")."""
    sent = doc.tokens[pos].sent
    p = pos + 1
    while p < len(doc.tokens) and doc.tokens[p].sent == sent and _one_clause(doc, pos, p):
        if p in claim:
            return True
        p += 1
    return False


def denier_speaks(doc: Doc, sent: int, denier: list[Span], says: list[Span], sources: Sequence[Span] = (),
                  claim: frozenset[int] = frozenset()) -> bool:
    """Whether a denier span of sentence ``sent`` is its speaker: next to a verb of saying
    (``says`` are the spans of the say cues), opening the sentence before a colon, or as the
    author of a statement the line opens with (``_statement_of``).

    A verb of saying attached to a word for reports (``sources``: "according to claims",
    Turkish "iddialara göre") gives the reports as the speaker; a denier name right before a claim
    name is that person's title ("State Security Service chief Ali Naghiyev"), not a speaker."""
    lo, hi = doc.sentence_tokens(sent)
    said = frozenset(p for a, b in says if lo <= a < hi for p in range(a, b + 1))
    here = [s for s in denier if lo <= s[0] < hi and not _title_of(doc, s, claim, said)]
    if not here:
        return False
    opener = _colon_opener(doc, lo, hi)
    if opener is not None and not any(s[0] < opener for s in here):
        return False        # "Opposition MP: ..., whatever Baku says": the line is the MP's
    verbs = [s for s in says if lo <= s[0] < hi
             and not any(-1 <= s[0] - r[1] <= 1 or -1 <= r[0] - s[1] <= 1 for r in sources)
             and not _passive(doc, s, hi)]
    for a, b in here:
        # "the Kremlin said", "China says"; after the verb only when the verb opens its clause
        # ("..., said the ministry", "According to the IDF"): in "Russia accuses Ukraine" Ukraine
        # is the object
        if any(_one_clause(doc, min(b, v[1]), max(a, v[0]))
               and ((0 < v[0] - b <= NEAR_SAY and not _attribute(doc, b, v[0]))
                    or (0 < a - v[1] <= NEAR_SAY and _opens_clause(doc, v[0]) and not _claim_follows(doc, b, claim)))
               for v in verbs):
            return True
        tok = doc.tokens[b]
        after = doc.field_text(tok.field)[tok.end:tok.end + 4].lstrip(" \"'»”’)")
        if a - lo <= AT_START and after.startswith(":") and not _another_voice(b, verbs, here):
            return True
        if _statement_of(doc, lo, (a, b), sources, claim):
            return True
    return False


def _another_voice(colon: int, verbs: list[Span], denier: list[Span]) -> bool:
    """The line after "Name:" has a verb of saying of its own and no denier name after the colon:
    the name is the story's topic, someone else speaks ("Myanmar: UN rights chief denounces ethnic
    cleansing", "Burkina Faso: army executed 223 civilians, rights group says")."""
    return any(v[0] > colon for v in verbs) and not any(s[0] > colon for s in denier)


def _attribute(doc: Doc, name_end: int, verb: int) -> bool:
    """A word between the denier's name and the verb that is neither a title nor capitalised: the
    name describes the speaker ("Russian insider says", "Chinese experts said")."""
    return any((w := doc.surface(p))[:1].islower() and w.casefold() not in _TITLES
               for p in range(name_end + 1, verb))


def _passive(doc: Doc, verb: Span, hi: int) -> bool:
    """A verb of saying used in the passive ("Israel accused of using white phosphorus", "el
    presidente acusado de operar", "talc accusé de provoquer"): the word right after it is one of
    the language's ``passive_marks``; the name before it is the one accused, not the speaker."""
    after = verb[1] + 1
    if after >= hi:
        return False
    marks = _PASSIVE if doc.pack is None else doc.pack.passive_marks
    return doc.surface(after).casefold() in marks


def _statement_of(doc: Doc, lo: int, span: Span, sources: Sequence[Span], claim: frozenset[int]) -> bool:
    """A line that opens with a word for a statement and the denier as its author ("Statement of
    the State Security Service", "Заявление МИД"): the denier's own text."""
    a, b = span
    return any(r[0] == lo and 0 < a - r[1] <= NEAR_SAY + 1 and _one_clause(doc, r[1], a) for r in sources) \
        and not _claim_follows(doc, b, claim)
