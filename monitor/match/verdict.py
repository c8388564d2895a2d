"""Decide match / contradict / mention from where cues stand relative to the claim's terms.

Pure: works on token spans of a prepared Doc. A sentence's stance counts only if it carries the
claim (two claim components, or one plus the denying speaker); the headline and lead decide
(see shared VERDICTS.md), else the first claim-bearing sentence of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitor.match.cues import CONTENT_AFTER_WORDS, CONTENT_BEFORE_WORDS
from monitor.match.document import Doc
from monitor.match.lang import union
from monitor.match.places import is_turkic, place_named, same_place
from monitor.match.speaker import denier_speaks
from monitor.match.timing import other_time
from monitor.match.types import Verdict

Span = tuple[int, int]
CueHit = tuple[str, Span]       # (cue text, span)
LEAD_SENTENCES = 2              # text sentences that count as the lead, after the headline
LEAD_MIN_WORDS = 4              # shorter lines (a dateline, a byline, "Photo: AFP") are not the lead
SCOPE = 6                       # words between a denial cue and the claim it bears on
RESPOND_SCOPE = 3               # words between a verb of responding and the accusation it answers
DISPUTE_GAP = 2                 # words between "disputes" and the denier whose statement it disputes
INSIST_SCOPE = 30               # words between "insisted" and the negation of what it insists on
CHARS_PER_WORD = 2              # Chinese, Japanese and Korean text is split into characters: a word is about two
# Lines that link to other stories ("Read also: ..."): their headline is not this item's content.
_LINK_LINE = re.compile(r"\W*(" + "|".join(re.escape(w) for w in sorted(union("read_also"), key=len, reverse=True))
                        + r")\b", re.IGNORECASE)
_CLAUSE_BREAK = union("clause_marks") | {" - "}   # Armenian "՝" and Arabic "،" among them
_CLAUSE_MARK = re.compile("|".join(re.escape(m) for m in sorted(_CLAUSE_BREAK, key=len, reverse=True)))
_PARTICIPLE = tuple(sorted(union("participle_endings")))
_CONVERB = tuple(sorted(union("converb_endings")))


@dataclass
class Stance:
    sentence: int
    kind: str                    # D (denied), A (asserted), H (hedged), M (neutral), I (insisting), N (negated)
    why: str
    cues: list[tuple[str, str, Span]] = field(default_factory=list)   # (category, cue, span)
    refers: bool = False         # names too little of the claim itself; only frames what follows
    balanced: bool = False       # M because both sides are given (not merely a neutral word)
    question: bool = False       # M because the sentence asks


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str
    confidence: float
    cues: tuple[tuple[str, str, Span], ...]
    sentence: int
    body: bool = False           # decided in the body, not the headline or lead


def _in_sentence(doc: Doc, spans: list[Span], sent: int) -> list[Span]:
    return [s for s in spans if doc.tokens[s[0]].sent == sent]


def _clause_start(doc: Doc, pos: int) -> int:
    """Token position where the clause holding ``pos`` begins (after a comma, dash or bracket)."""
    tok = doc.tokens[pos]
    text = doc.field_text(tok.field)
    p = pos
    while p > 0 and doc.tokens[p - 1].sent == tok.sent:
        between = text[doc.tokens[p - 1].end:doc.tokens[p].start]
        if _CLAUSE_MARK.search(between):
            return p
        p -= 1
    return p


def _clause_end(doc: Doc, pos: int) -> int:
    """Token position just after the clause holding ``pos``."""
    tok = doc.tokens[pos]
    text = doc.field_text(tok.field)
    p = pos
    while p + 1 < len(doc.tokens) and doc.tokens[p + 1].sent == tok.sent:
        if _CLAUSE_MARK.search(text, doc.tokens[p].end, doc.tokens[p + 1].start):
            return p + 1
        p += 1
    return p + 1


def bears_on_claim(doc: Doc, cue: Span, anchors: frozenset[int]) -> bool:
    """A denial cue counts when the claim (a component or a word referring to it) is in its
    clause or within a few words of it, or when the cue has no object of its own ("Hajiyev
    called it false", "..., Ankara denies"). A denial with another object ("..., while Turkey
    has repeatedly denied any role in the war") is about something else."""
    if not anchors:
        return True
    lo, hi = _clause_start(doc, cue[0]), _clause_end(doc, cue[1])
    unit = word_tokens(doc)
    return hi - cue[1] <= 2 * unit or _any_anchor(anchors, lo, hi) \
        or _any_anchor(anchors, cue[0] - SCOPE * unit, cue[0] + SCOPE * unit + 1)


def word_tokens(doc: Doc) -> int:
    """Tokens to a word: CHARS_PER_WORD in text whose language is written in characters
    ("无中生有的炒作" is seven tokens, three words), else 1; distances in words are scaled by it."""
    pack = doc.pack
    return CHARS_PER_WORD if pack is not None and "cjk" in pack.scripts else 1


@dataclass(frozen=True)
class CueIndex:
    """A document's cues by sentence and by start token, built once per denial: asking every
    sentence for its cues by scanning all of them made a long text cost its sentences x its cues."""

    by_sentence: dict[int, dict[str, list[CueHit]]]
    by_start: dict[int, tuple[str, ...]]       # token position -> categories of cues starting there

    @classmethod
    def of(cls, doc: Doc, cues: dict[str, list[CueHit]]) -> CueIndex:
        by_sentence: dict[int, dict[str, list[CueHit]]] = {}
        by_start: dict[int, tuple[str, ...]] = {}
        for cat, hits in cues.items():
            for hit in hits:
                start = hit[1][0]
                by_sentence.setdefault(doc.tokens[start].sent, {}).setdefault(cat, []).append(hit)
                by_start[start] = (*by_start.get(start, ()), cat)
        return cls(by_sentence, by_start)

    def starts(self, lo: int, hi: int, categories: tuple[str, ...]) -> list[int]:
        """Sorted start positions in [lo, hi) of the cues of ``categories`` (one per cue)."""
        return [p for p in range(lo, hi) for cat in self.by_start.get(p, ()) if cat in categories]


def _any_anchor(anchors: frozenset[int], lo: int, hi: int) -> bool:
    """An anchor in [lo, hi), in time bounded by the smaller of the two."""
    if len(anchors) < hi - lo:
        return any(lo <= a < hi for a in anchors)
    return any(p in anchors for p in range(lo, hi))


@dataclass
class _Denials:
    effective: list[tuple[str, str, Span]]
    negations: list[Span]        # negations left once "did not deny" is taken out
    countered: bool
    background: bool


def _weigh_denials(doc: Doc, here: dict[str, list[CueHit]], anchors: frozenset[int]) -> _Denials:
    """Which denial cues of a sentence count, and whether one is countered or only background."""
    negations = [s for _, s in here.get("negation", [])]
    all_negations = tuple(negations)
    despite = [s for _, s in here.get("despite", [])]
    relative = [s for _, s in here.get("relative", [])]
    counter = [s for _, s in here.get("counter", [])]
    nouns = {s for _, s in here.get("denial_noun", [])}
    insisting = [s for _, s in here.get("insist", [])]
    out = _Denials([], negations, False, False)
    for text, span in here.get("denial", []):
        if any(i[0] <= span[0] and span[1] <= i[1] and i != span for i in insisting):
            out.countered = True      # "they deny the facts": the claimant on the denial, not a denial
            continue
        # "did not deny", "не опроверг": a negated denial verb is no denial
        clause = _clause_start(doc, span[0])
        cancelling = {n for n in all_negations if n[1] < span[0] and span[0] - n[1] <= 2 and n[0] >= clause}
        if cancelling:
            out.negations = [n for n in out.negations if n not in cancelling]
            continue
        if any(d[1] < span[0] and span[0] - d[1] <= 6 for d in despite):
            out.countered = True      # "insists ... despite the ministry's denial"
        elif span in nouns and any(c[1] < span[0] or c[0] > span[1] for c in counter if c != span):
            out.countered = True      # "rejects Ankara's denial", "calls the denial unconvincing"
        elif any(r[0] == clause for r in relative):
            out.background = True     # "..., which the ministry says never happened, ..."
        elif not bears_on_claim(doc, span, anchors):
            continue
        elif span not in counter or not any(n[0] > span[1] for n in nouns):
            out.effective.append(("denial", text, span))
    out.effective += _responses(doc, here, all_negations)
    return out


def _responses(doc: Doc, here: dict[str, list[CueHit]], negations: tuple[Span, ...]) -> list[tuple[str, str, Span]]:
    """Replying to the accusations is the accused speaking: a verb of responding ("responds",
    "отреагировал", "répond") with a word for the claim as its object a few words on either side,
    in its clause ("Georgia responds to Ukraine's allegations", "відреагував на звинувачення РФ",
    Turkish "iddialara yanıt verdi"). Not when the verb is negated ("has not responded to the
    claims"). The lexicons hold verbs, not nouns: "reactions to the report poured in" is not the
    accused answering."""
    refs = [s for _, s in here.get("reference", [])]
    scope = RESPOND_SCOPE * word_tokens(doc)
    out = []
    for text, span in here.get("respond", []):
        clause = _clause_start(doc, span[0])
        if any(n[1] < span[0] and span[0] - n[1] <= 2 and n[0] >= clause for n in negations):
            continue
        if any((0 < r[0] - span[1] <= scope or 0 < span[0] - r[1] <= scope)
               and _clause_start(doc, r[0]) == clause for r in refs):
            out.append(("respond", text, span))
    return out


def sentence_stance(doc: Doc, sent: int, cues: dict[str, list[CueHit]], has_denier: bool,
                    events: tuple[Span, ...] = (), anchors: frozenset[int] = frozenset(),
                    claim: frozenset[int] | None = None, speaker: bool = False,
                    index: CueIndex | None = None, disputed: CueHit | None = None) -> Stance:
    """The stance of one sentence that carries (or, in the lead, refers to) the claim;
    ``events`` are the spans of the claim's keyword groups (what happened) in the sentence,
    ``anchors`` the token positions of the claim and of words referring to it; ``index`` is
    ``CueIndex.of(doc, cues)``, given by callers that ask about many sentences; ``disputed`` the
    cue by which the sentence disputes the denier's own statement (``disputed_denials``)."""
    if disputed is not None:
        return Stance(sent, "I", f"the denier's statement disputed ('{disputed[0]}')", [("counter", *disputed)])
    if index is None:
        index = CueIndex.of(doc, cues)
    here = index.by_sentence.get(sent, {})
    weighed = _weigh_denials(doc, here, anchors)
    effective, negations, countered = weighed.effective, weighed.negations, weighed.countered
    two = _two_sided(doc, sent, index, anchors if claim is None else claim)
    if two is not None and not countered:
        return two
    if (effective or negations) and _turkic_relative(doc, here, anchors):
        return Stance(sent, "M", "the denial only in a relative clause on the claim")
    denied = None
    if effective and not countered:
        why = "responding to the accusations" if effective[0][0] == "respond" else "denial wording"
        denied = Stance(sent, "D", f"{why} '{effective[0][1]}' with the claim", effective)
    elif has_denier and negations and not countered:
        neg = next((t, s) for t, s in here["negation"] if s in negations)
        denied = Stance(sent, "D", "the denying source negates the claim", [("negation", neg[0], neg[1])])
    insists, on_denial = _insisting(doc, here)
    if denied is None and on_denial is not None and not weighed.effective:
        # "Zelensky insisted that the missile ... was not Ukrainian": insisting on the denial
        denied = Stance(sent, "D", f"insisting on the denial '{on_denial[0]}'", [("insist", *on_denial)])
        insists = []
    if denied is not None:
        first = _clause_start(doc, denied.cues[0][2][0])
        insisting = [(t, s) for t, s in insists if _clause_start(doc, s[0]) != first]
        if insisting:   # "Baku says it never happened, Yerevan insists it did": both sides, no stance
            return Stance(sent, "M", "both sides: the denial and the claimant insisting",
                          [denied.cues[0], ("insist", insisting[0][0], insisting[0][1])], balanced=True)
        return denied
    insist = [("insist", t, s) for t, s in insists]
    if countered or insist:
        return Stance(sent, "I", "the claim restated against the denial", insist)
    if weighed.background:
        return Stance(sent, "M", "the denial only in a side clause")
    neutral = here.get("neutral", [])
    if neutral:
        return Stance(sent, "M", f"neutral wording '{neutral[0][0]}'",
                      [("neutral", neutral[0][0], neutral[0][1])])
    sentence = doc.sentences[sent]
    words = doc.field_text(sentence.field)[sentence.start:sentence.end].rstrip()
    # Armenian marks a question with ՞ on the stressed word, not at the end; a headline that goes
    # on after its question ("... handed over? Sources: the deal is done") states something
    if words.rstrip("\"'»”’! ").endswith(("?", "؟")) or "՞" in words:    # "?!" too
        return Stance(sent, "M", "the claim raised as a question", question=True)
    if speaker:     # "China says the balloon is a civilian airship": the denier's own account
        return Stance(sent, "D", "the denier speaking on the claim")
    return _plain_stance(doc, sent, here, has_denier, events, negations)


def disputed_denials(doc: Doc, cues: dict[str, list[CueHit]], denier: list[Span]) -> dict[int, CueHit]:
    """Sentence -> the cue by which it disputes what the denier said: a verb of rejecting or
    disputing whose object is the denier's statement ("Biden disputes Zelensky's claim that the
    missile was not Ukrainian", "Moscow mocks Zelensky's claims"). The denier's statement is the
    denial, so disputing it restates the claim."""
    if not denier:
        return {}
    starts = {a for _, (a, _b) in cues.get("reference", [])}
    out: dict[int, CueHit] = {}
    for cat in ("counter", "neutral"):
        for text, (a, b) in cues.get(cat, []):
            sent = doc.tokens[a].sent
            if sent in out:
                continue
            for d0, d1 in denier:
                if 0 <= d0 - b - 1 <= DISPUTE_GAP and doc.tokens[d0].sent == sent \
                        and any(r in starts and doc.tokens[r].sent == sent
                                for r in range(d1 + 1, min(d1 + 3, len(doc.tokens)))):
                    out[sent] = (text, (a, b))
                    break
    return out


def _insisting(doc: Doc, here: dict[str, list[CueHit]]) -> tuple[list[CueHit], CueHit | None]:
    """The insisting cues of a sentence that insist, and the first that insists on a negation.

    A negated one ("никогда не подтверждали", "has not confirmed") insists on nothing. One whose
    clause goes on to a negation, with no "although" or "but" between, insists on the denial
    ("Zelensky insisted that the missile that fell in Przewodów was not Ukrainian", "Iran
    reiterated that it had no role"): the claimant insists on the claim, not on its negation."""
    negations = [s for _, s in here.get("negation", [])]
    turns = [s[0] for cat in ("despite", "contrast") for _, s in here.get(cat, [])]
    kept: list[CueHit] = []
    on_denial: CueHit | None = None
    for text, span in here.get("insist", []):
        clause = _clause_start(doc, span[0])
        if any(n[1] < span[0] and span[0] - n[1] <= 2 and n[0] >= clause for n in negations):
            continue
        kept.append((text, span))
        reach = INSIST_SCOPE * word_tokens(doc)
        after = [n for n in negations if 0 < n[0] - span[1] <= reach]
        if on_denial is None and after and not any(span[1] < t < after[0][0] for t in turns):
            on_denial = (text, span)
    return kept, on_denial


def _two_sided(doc: Doc, sent: int, index: CueIndex, anchors: frozenset[int]) -> Stance | None:
    """Two versions side by side in one sentence (or two joined by a semicolon): the claim
    attributed to its source, then another clause whose speaker negates or denies it ("Yerevan
    says it downed a TB2 near Jermuk; Baku says none of its drones was lost"). A sentence that
    opens with the denial is the denial's."""
    if not anchors:
        return None
    lo, hi = doc.sentence_tokens(sent)
    if lo == hi:
        return None
    text = doc.field_text(doc.sentences[sent].field)
    if hi < len(doc.tokens) and doc.tokens[hi].field == doc.tokens[lo].field \
            and ";" in text[doc.tokens[hi - 1].end:doc.tokens[hi].start]:
        hi = doc.sentence_tokens(doc.tokens[hi].sent)[1]

    def at(*categories: str) -> list[int]:
        return index.starts(lo, hi, categories)

    saying = _while_saying(doc, lo, hi)
    contrast = set(at("contrast")) | saying
    splits = [p for p in range(lo + 1, hi)
              if p in contrast or any(b in text[doc.tokens[p - 1].end:doc.tokens[p].start] for b in ";,")]
    attributed = sorted(set(at("say", "hedge", "neutral", "reference", "insist")) | saying)
    says = sorted(set(at("say")) | contrast)
    denying = at("denial", "negation")
    for cut in splits:
        # after "while", "тогда как" or a semicolon the other side may run to the end; after a
        # comma only its own clause counts ("Reports that ..., the ministry said, are untrue")
        wide = cut in contrast or ";" in text[doc.tokens[cut - 1].end:doc.tokens[cut].start]
        nxt = hi if wide else next((p for p in splits if p > cut), hi)
        if not _any_anchor(anchors, lo, cut) or not any(a <= cut for a in attributed):
            continue
        if any(d < cut for d in denying):
            return None            # the denial (or a negation) comes first: not two versions
        if any(cut <= a < nxt for a in says) and any(cut <= d < nxt for d in denying):
            said = next(doc.surface(a) for a in says if cut <= a < nxt)
            return Stance(sent, "M", f"two versions side by side ('{said}' ... negating the claim)",
                          balanced=True)
    return None


def _turkic_relative(doc: Doc, here: dict[str, list[CueHit]], anchors: frozenset[int]) -> bool:
    """Azerbaijani/Turkish relative clause by participle: the denial sits in a clause that ends
    in a participle ("açıkladığı", "təkzib etdiyi") modifying the claim that follows ("the SSS-
    denied Abazyan-Muradov-Nağıyev meeting"): background, not the item's stance."""
    if not is_turkic(doc):
        return False
    denying = [s for cat in ("denial", "negation") for _, s in here.get(cat, [])]
    if not denying:
        return False
    first, end = min(s[0] for s in denying), max(s[1] for s in denying)
    for p in range(end + 1, min(end + 4, len(doc.tokens))):
        if doc.tokens[p].sent != doc.tokens[first].sent:
            break
        if doc.surface(p).casefold().endswith(_PARTICIPLE):
            return any(p < a <= p + 6 for a in anchors)
    return False


def _while_saying(doc: Doc, lo: int, hi: int) -> set[int]:
    """Azerbaijani/Turkish converbs "while saying/writing" (yazarken, söylerken, deyərkən): a
    clause giving one side, with the other side after it."""
    if not is_turkic(doc):
        return set()
    return {p for p in range(lo, hi) if len(doc.tokens[p].key) > 5
            and doc.surface(p).casefold().endswith(_CONVERB)}


def bare_references(doc: Doc, cues: dict[str, list[CueHit]]) -> set[int]:
    """Positions of words referring to a claim ("the reports", "сообщения") that do not spell out
    a content of their own: "denies Armenian reports THAT its forces shelled a hospital" is about
    the hospital, "barədə iddiaları" about what precedes "barədə"."""
    out = set()
    for _, (a, b) in cues.get("reference", []):
        sent = doc.tokens[a].sent
        after = [doc.surface(p).casefold() for p in range(b + 1, min(b + 4, len(doc.tokens)))
                 if doc.tokens[p].sent == sent]
        before = [doc.surface(p).casefold() for p in range(max(0, a - 4), a) if doc.tokens[p].sent == sent]
        if not CONTENT_AFTER_WORDS.intersection(after) and not CONTENT_BEFORE_WORDS.intersection(before):
            out.add(a)
    return out


def _plain_stance(doc: Doc, sent: int, here: dict[str, list[CueHit]], has_denier: bool,
                  events: tuple[Span, ...], negations: list[Span]) -> Stance:
    """A claim sentence without denial, insisting or neutral wording: hedged, negated or stated."""
    hedges = here.get("hedge", [])
    if hedges:
        return Stance(sent, "H", f"claim relayed with hedge '{hedges[0][0]}'",
                      [("hedge", t, s) for t, s in hedges])
    negated = [n for n in negations for e in events
               if 0 < e[0] - n[1] <= 4 and _clause_start(doc, e[0]) <= n[0]]
    if negated and not has_denier:
        # "did not hold a bilateral meeting": the item says it did not happen, without a denial
        # to echo; most often another event, never the claim asserted
        return Stance(sent, "N", "the event negated without a denial",
                      [("negation", "negated", negated[0])], refers=True)
    return Stance(sent, "A", "claim stated without denial wording")


def names_by_sentence(doc: Doc, components: dict[str, list[Span]]) -> dict[int, frozenset[str]]:
    """Sentence -> the names of the components with a span in it, in one pass over the spans
    (asking each sentence for every span made a long text cost its sentences x its spans)."""
    named: dict[int, set[str]] = {}
    for name, spans in components.items():
        for start, _ in spans:
            named.setdefault(doc.tokens[start].sent, set()).add(name)
    return {sent: frozenset(names) for sent, names in named.items()}


def _named(named_at: dict[int, frozenset[str]], sent: int) -> frozenset[str]:
    return named_at.get(sent, frozenset())


def decide(doc: Doc, components: dict[str, list[Span]], denier: list[Span],
           cues: dict[str, list[CueHit]], all_groups: int = 0,
           required: frozenset[str] = frozenset(), all_entities: int = 0,
           min_entities: int = 0, places: frozenset[str] = frozenset(),
           place_keys: frozenset[str] = frozenset(), speakers: list[Span] | None = None,
           years: tuple[int, int] | None = None) -> Decision | None:
    """The verdict for a document whose claim components are ``components``; None = no claim.
    ``all_groups`` is the number of keyword groups of the denial (required and optional),
    ``required`` the component names ("group:<name>") of its required groups, ``all_entities``
    the number of its claim entities, ``places`` the component names of its place groups and
    ``place_keys`` their folded words; ``speakers`` the denier's spans and those of its country
    (who may speak for it), by default the denier's; ``years`` the claim's first and last year."""
    total = sum(1 for spans in components.values() if spans)
    named_at = names_by_sentence(doc, components)
    index = CueIndex.of(doc, cues)
    denier_at = {doc.tokens[s[0]].sent for s in denier}
    speaker_at = {doc.tokens[s[0]].sent for s in (speakers or ())}
    refs = {doc.tokens[s[0]].sent for _, s in cues.get("reference", [])}
    claim = frozenset(p for spans in components.values() for a, b in spans for p in range(a, b + 1))
    # a lead line with only "the reports" in it refers to the claim if the headline is about it;
    # then "reports about its air defence systems" are the headline's reports, whatever they say
    headline_related = bool(_named(named_at, 0) or 0 in denier_at)
    lead = lead_end(doc)
    # "Turkish official: the French accusations are 'unfounded'" above a lead that tells the
    # claim: a headline that refers to the claim with denial wording is about it
    headline_related = headline_related or (
        0 in refs and 0 in _sentences(doc, cues, "denial")
        and any(_named(named_at, s) for s in range(1, lead + 1)))
    anchors = claim | (frozenset(s[0] for _, s in cues.get("reference", [])) if headline_related
                       else bare_references(doc, cues))
    events: dict[int, tuple[Span, ...]] = {}
    for name, spans in components.items():
        if name.startswith("group:"):
            for span in spans:
                sent = doc.tokens[span[0]].sent
                events[sent] = (*events.get(sent, ()), span)
    stances: list[Stance] = []
    says = [s for cat in ("say", "respond") for _, s in cues.get(cat, [])]   # "Podolyak commented on ..."
    sources = [s for _, s in cues.get("reference", [])]
    voices = denier if speakers is None else speakers
    disputed = disputed_denials(doc, cues, denier)
    for sent in range(len(doc.sentences)):
        if sent and is_link_line(doc, sent):
            continue
        present = len(_named(named_at, sent))
        weight = present + (1 if sent in denier_at else 0)
        has_denier = sent in denier_at or sent in speaker_at
        carries = (present >= 2 or (present == 1 and total == 1)) \
            and _enough_names(named_at, sent, present, min_entities) \
            and _carries_event(named_at, sent, all_groups, all_entities)
        if carries:
            if places and not places & _named(named_at, sent):
                other = place_named(doc, sent, anchors | {p for a, b in denier for p in range(a, b + 1)})
                if other is not None and not same_place(other, place_keys):
                    continue    # the same people, another place: "Muradov met Naghiyev in Baku"
            if other_time(doc, sent, years, claim) is not None:
                continue        # the same people and event, another year: "... hit al-Ahli on 13 April 2025"
            st = sentence_stance(doc, sent, cues, has_denier, events.get(sent, ()), anchors, claim,
                                 denier_speaks(doc, sent, voices, says, sources, claim), index, disputed.get(sent))
            if st.kind == "N":
                # the claim's own event, fully specified ("did not meet ... in X"), said not to have
                # happened echoes the denial; a partial one ("did not hold a bilateral meeting"
                # at another summit) is most often another event and decides nothing
                named = {n for n in _named(named_at, sent) if n.startswith("group:")}
                if not all_groups or len(named) < all_groups:
                    continue
                st = Stance(sent, "D", "the claim's event negated", st.cues)
            stances.append(st)
        elif sent <= lead and (weight or (sent in refs and headline_related)):
            # headline or lead that refers to the claim ("Baku: Armenian drone claim 'false'")
            st = sentence_stance(doc, sent, cues, has_denier, anchors=anchors, claim=claim,
                                 speaker=denier_speaks(doc, sent, voices, says, sources, claim), index=index,
                                 disputed=disputed.get(sent))
            # a question that only refers to the claim ("Did Erdoğan use chemical weapons?") frames
            # nothing: the lead that tells the claim decides
            if st.kind in ("D", "I") or (st.kind == "M" and (sent == 0 or st.balanced) and not st.question):
                st.why += " (referring to the claim)"
                st.refers = True
                stances.append(st)
    if not any(s.sentence <= lead for s in stances):
        stances += _around_body_claim(doc, stances, cues, denier, refs | _sentences(doc, cues, "demonstrative"),
                                      lead, claim | {s[0] for _, s in cues.get("demonstrative", [])})
    return _frame_decision(stances, named_at, required, min_entities, lead)


def is_link_line(doc: Doc, sent: int) -> bool:
    sentence = doc.sentences[sent]
    return _LINK_LINE.match(doc.field_text(sentence.field), sentence.start) is not None


def lead_end(doc: Doc) -> int:
    """The last sentence of the lead: the first LEAD_SENTENCES text sentences of some length."""
    counted, sent = 0, 0
    for sent in range(1, len(doc.sentences)):
        lo, hi = doc.sentence_tokens(sent)
        if hi - lo >= LEAD_MIN_WORDS:
            counted += 1
            if counted == LEAD_SENTENCES:
                return sent
    return max(sent, LEAD_SENTENCES)


def _sentences(doc: Doc, cues: dict[str, list[CueHit]], category: str) -> set[int]:
    return {doc.tokens[s[0]].sent for _, s in cues.get(category, [])}


def _around_body_claim(doc: Doc, stances: list[Stance], cues: dict[str, list[CueHit]],
                       denier: list[Span], refs: set[int], lead: int, anchors: frozenset[int]) -> list[Stance]:
    """Denials right before or after the first claim sentence of the body, when the headline
    and lead carry neither: "The ministry dismissed Armenian claims that a drone was downed.
    Armenia had said ... This is disinformation, a spokesman said." """
    first = next((s for s in stances if not s.refers), None)
    if first is None or first.kind not in ("A", "H"):
        return []
    out = []
    for sent in (first.sentence - 2, first.sentence - 1, first.sentence + 1, first.sentence + 2):
        if sent <= lead or sent >= len(doc.sentences) or any(s.sentence == sent for s in stances):
            continue
        has_denier = bool(_in_sentence(doc, denier, sent))
        if has_denier or sent in refs:
            st = sentence_stance(doc, sent, cues, has_denier, anchors=anchors)
            if st.kind == "D":
                st.why += " (next to the claim)"
                st.refers = True
                out.append(st)
    return out


def _enough_names(named_at: dict[int, frozenset[str]], sent: int, present: int, min_entities: int) -> bool:
    """A claim sentence names ``min_entities`` of the claim's names, counting those of the sentence
    before ("Conflicting reports of a drone downed near Jermuk. Yerevan speaks of a TB2 ...");
    three components of any kind also do ("Muradov hosted the meeting in Sugovushan")."""
    if present >= 3:
        return True
    named = _named(named_at, sent) | (_named(named_at, sent - 1) if sent else frozenset())
    return sum(1 for n in named if n.startswith("entity:")) >= min_entities


def _carries_event(named_at: dict[int, frozenset[str]], sent: int, all_groups: int, all_entities: int) -> bool:
    """A sentence carries the claim only with its event (one of the keyword groups) or with every
    claim entity: names alone ("the 102nd base in Gyumri") are another story ("the ministry
    denied that the base would be withdrawn")."""
    if not all_groups:
        return True
    named = _named(named_at, sent)
    if any(n.startswith("group:") for n in named):
        return True
    return all_entities >= 2 and sum(1 for n in named if n.startswith("entity:")) >= all_entities


def _asserts(named_at: dict[int, frozenset[str]], sent: int, required: frozenset[str], min_entities: int) -> bool:
    """A claim sentence that states the claim, not one that only names its topic: the required
    event and enough of the claim's names ("The Sugovushan meeting: what the posts said" names
    the place and the event, none of the people)."""
    named = _named(named_at, sent)
    return required <= named and sum(1 for n in named if n.startswith("entity:")) >= min_entities


def _frame_decision(stances: list[Stance], named_at: dict[int, frozenset[str]],
                    required: frozenset[str], min_entities: int = 0,
                    lead: int = LEAD_SENTENCES) -> Decision | None:
    """Headline first, then the lead, else the first claim sentence of the body."""
    claims = [s for s in stances if not s.refers]
    if not claims:
        return None
    frame = [s for s in stances if s.sentence <= lead]
    if frame:
        head = frame[0] if frame[0].sentence == 0 else None
        if head is not None and head.kind in ("D", "I", "M"):
            verdict = {"D": Verdict.MATCH, "I": Verdict.CONTRADICT, "M": Verdict.MENTION}[head.kind]
            return _decision(verdict, head)
        asserted = hedged = False
        for st in frame:
            if st.kind == "D" and (st in claims or not (asserted or hedged)):
                return _decision(Verdict.MATCH, st)   # a bare "... denied the report" only frames what follows
            # the claim is stated only with its action ("Georgia between two fires: the story of
            # Syrian mercenaries" names the topic); a hedged headline ("Rumoured meeting fuels
            # talk") followed by a neutral lead is still neutral
            if st in claims and st.kind in ("A", "H") and _asserts(named_at, st.sentence, required, min_entities):
                asserted, hedged = asserted or st.kind == "A", hedged or st.kind == "H"
            if st.kind == "I" and (st in claims or not st.cues):
                return _decision(Verdict.CONTRADICT, st)
            if st.kind == "M" and (st in claims or st.balanced) and not asserted:
                return _decision(Verdict.MENTION, st)  # a neutral lead frames what follows
        first = next((s for s in frame if s in claims), None)
        if first is not None:
            return _decision(Verdict.MENTION if first.kind == "M" else Verdict.CONTRADICT, first)
    st = claims[0]
    denied = next((s for s in stances if s.kind == "D" and s.refers
                   and 0 < abs(s.sentence - st.sentence) <= 2), None)
    if st.kind in ("A", "H") and denied is not None:
        # the body reports the claim and at once its denial, under a headline about neither
        return _decision(Verdict.MATCH, denied, body=True)
    verdict = {"D": Verdict.MATCH, "M": Verdict.MENTION}.get(st.kind, Verdict.CONTRADICT)
    return _decision(verdict, st, body=True)


def _decision(verdict: Verdict, st: Stance, body: bool = False) -> Decision:
    where = f"body sentence {st.sentence}" if body else ("headline" if st.sentence == 0 else "lead")
    return Decision(verdict, f"{where}: {st.why}", _conf(st) * (0.85 if body else 1.0), tuple(st.cues),
                    st.sentence, body)


def _conf(st: Stance) -> float:
    return {"D": 1.0 if st.cues and st.cues[0][0] == "denial" else 0.8,
            "I": 0.95, "A": 0.85, "H": 0.7, "M": 0.6}[st.kind]
