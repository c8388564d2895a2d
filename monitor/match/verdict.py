"""Decide match / contradict / mention from where cues stand relative to the claim's terms.

Pure: works on token spans of a prepared Doc. A sentence's stance counts only if it carries the
claim (two claim components, or one plus the denying speaker); the headline and lead decide
(see shared VERDICTS.md), else the first claim-bearing sentence of the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.match.document import Doc
from monitor.match.types import Verdict

Span = tuple[int, int]
CueHit = tuple[str, Span]       # (cue text, span)
LEAD_SENTENCES = 2              # text sentences that count as the lead, after the headline
SCOPE = 6                       # words between a denial cue and the claim it bears on
_CLAUSE_BREAK = {",", "—", "–", "(", ")", ";", ":", " - ", "՝", "،"}   # Armenian, Arabic commas too


@dataclass
class Stance:
    sentence: int
    kind: str                    # D (denied), A (asserted), H (hedged), M (neutral), I (insisting), N (negated)
    why: str
    cues: list[tuple[str, str, Span]] = field(default_factory=list)   # (category, cue, span)
    refers: bool = False         # names too little of the claim itself; only frames what follows


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str
    confidence: float
    cues: tuple[tuple[str, str, Span], ...]
    sentence: int


def _in_sentence(doc: Doc, spans: list[Span], sent: int) -> list[Span]:
    return [s for s in spans if doc.tokens[s[0]].sent == sent]


def _clause_start(doc: Doc, pos: int) -> int:
    """Token position where the clause holding ``pos`` begins (after a comma, dash or bracket)."""
    tok = doc.tokens[pos]
    text = doc.field_text(tok.field)
    p = pos
    while p > 0 and doc.tokens[p - 1].sent == tok.sent:
        between = text[doc.tokens[p - 1].end:doc.tokens[p].start]
        if any(b in between for b in _CLAUSE_BREAK):
            return p
        p -= 1
    return p


def _clause_end(doc: Doc, pos: int) -> int:
    """Token position just after the clause holding ``pos``."""
    tok = doc.tokens[pos]
    text = doc.field_text(tok.field)
    p = pos
    while p + 1 < len(doc.tokens) and doc.tokens[p + 1].sent == tok.sent:
        if any(b in text[doc.tokens[p].end:doc.tokens[p + 1].start] for b in _CLAUSE_BREAK):
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
    return hi - cue[1] <= 2 or any(lo <= a < hi or -SCOPE <= a - cue[0] <= SCOPE for a in anchors)


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
    out = _Denials([], negations, False, False)
    for text, span in here.get("denial", []):
        # "did not deny", "не опроверг": a negated denial verb is no denial
        cancelling = {n for n in all_negations if n[1] < span[0] and span[0] - n[1] <= 2}
        if cancelling:
            out.negations = [n for n in out.negations if n not in cancelling]
            continue
        clause = _clause_start(doc, span[0])
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
    return out


def sentence_stance(doc: Doc, sent: int, cues: dict[str, list[CueHit]], has_denier: bool,
                    events: tuple[Span, ...] = (), anchors: frozenset[int] = frozenset()) -> Stance:
    """The stance of one sentence that carries (or, in the lead, refers to) the claim;
    ``events`` are the spans of the claim's keyword groups (what happened) in the sentence,
    ``anchors`` the token positions of the claim and of words referring to it."""
    here = {cat: [(t, s) for t, s in hits if doc.tokens[s[0]].sent == sent] for cat, hits in cues.items()}
    weighed = _weigh_denials(doc, here, anchors)
    effective, negations, countered = weighed.effective, weighed.negations, weighed.countered
    denied = None
    if effective and not countered:
        denied = Stance(sent, "D", f"denial wording '{effective[0][1]}' with the claim", effective)
    elif has_denier and negations and not countered:
        neg = next((t, s) for t, s in here["negation"] if s in negations)
        denied = Stance(sent, "D", "the denying source negates the claim", [("negation", neg[0], neg[1])])
    if denied is not None:
        first = _clause_start(doc, denied.cues[0][2][0])
        insisting = [(t, s) for t, s in here.get("insist", []) if _clause_start(doc, s[0]) != first]
        if insisting:   # "Baku says it never happened, Yerevan insists it did": both sides, no stance
            return Stance(sent, "M", "both sides: the denial and the claimant insisting",
                          [denied.cues[0], ("insist", insisting[0][0], insisting[0][1])])
        return denied
    insist = [("insist", t, s) for t, s in here.get("insist", [])]
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
    # Armenian marks a question with ՞ on the stressed word, not at the end
    if words.endswith(("?", "؟")) or "՞" in words or (sent == 0 and ("?" in words or "؟" in words)):
        return Stance(sent, "M", "the claim raised as a question")
    return _plain_stance(doc, sent, here, has_denier, events, negations)


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


def _named(doc: Doc, components: dict[str, list[Span]], sent: int) -> set[str]:
    return {n for n, spans in components.items() if _in_sentence(doc, spans, sent)}


def decide(doc: Doc, components: dict[str, list[Span]], denier: list[Span],
           cues: dict[str, list[CueHit]], all_groups: int = 0,
           required: frozenset[str] = frozenset()) -> Decision | None:
    """The verdict for a document whose claim components are ``components``; None = no claim.
    ``all_groups`` is the number of keyword groups of the denial (required and optional),
    ``required`` the component names ("group:<name>") of its required groups."""
    total = sum(1 for spans in components.values() if spans)
    refs = {doc.tokens[s[0]].sent for _, s in cues.get("reference", [])}
    anchors = frozenset(p for spans in components.values() for a, b in spans
                        for p in range(a, b + 1)) | {s[0] for _, s in cues.get("reference", [])}
    events: dict[int, tuple[Span, ...]] = {}
    for name, spans in components.items():
        if name.startswith("group:"):
            for span in spans:
                sent = doc.tokens[span[0]].sent
                events[sent] = (*events.get(sent, ()), span)
    stances: list[Stance] = []
    for sent in range(len(doc.sentences)):
        present = sum(1 for spans in components.values() if _in_sentence(doc, spans, sent))
        has_denier = bool(_in_sentence(doc, denier, sent))
        weight = present + (1 if has_denier else 0)
        if present and (weight >= 2 or total == 1):
            st = sentence_stance(doc, sent, cues, has_denier, events.get(sent, ()), anchors)
            if st.kind == "N":
                # the claim's own event, fully specified ("did not meet ... in X"), said not to have
                # happened echoes the denial; a partial one ("did not hold a bilateral meeting"
                # at another summit) is most often another event and decides nothing
                named = {n for n in _named(doc, components, sent) if n.startswith("group:")}
                if not all_groups or len(named) < all_groups:
                    continue
                st = Stance(sent, "D", "the claim's event negated", st.cues)
            stances.append(st)
        elif sent <= LEAD_SENTENCES and (weight or sent in refs):
            # headline or lead that refers to the claim ("Baku: Armenian drone claim 'false'")
            st = sentence_stance(doc, sent, cues, has_denier, anchors=anchors)
            if st.kind in ("D", "I") or (sent == 0 and st.kind == "M"):
                st.why += " (referring to the claim)"
                st.refers = True
                stances.append(st)
    return _frame_decision(doc, stances, components, required)


def _frame_decision(doc: Doc, stances: list[Stance], components: dict[str, list[Span]],
                    required: frozenset[str]) -> Decision | None:
    """Headline first, then the lead, else the first claim sentence of the body."""
    claims = [s for s in stances if not s.refers]
    if not claims:
        return None
    frame = [s for s in stances if s.sentence <= LEAD_SENTENCES]
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
            if st in claims and st.kind in ("A", "H") and required <= _named(doc, components, st.sentence):
                asserted, hedged = asserted or st.kind == "A", hedged or st.kind == "H"
            if st.kind == "I" and (st in claims or not st.cues):
                return _decision(Verdict.CONTRADICT, st)
            if st.kind == "M" and st in claims and not asserted:
                return _decision(Verdict.MENTION, st)  # a neutral lead frames what follows
        first = next((s for s in frame if s in claims), None)
        if first is not None:
            return _decision(Verdict.MENTION if first.kind == "M" else Verdict.CONTRADICT, first)
    st = claims[0]
    verdict = {"D": Verdict.MATCH, "M": Verdict.MENTION}.get(st.kind, Verdict.CONTRADICT)
    return _decision(verdict, st, body=True)


def _decision(verdict: Verdict, st: Stance, body: bool = False) -> Decision:
    where = f"body sentence {st.sentence}" if body else ("headline" if st.sentence == 0 else "lead")
    return Decision(verdict, f"{where}: {st.why}", _conf(st) * (0.85 if body else 1.0), tuple(st.cues),
                    st.sentence)


def _conf(st: Stance) -> float:
    return {"D": 1.0 if st.cues and st.cues[0][0] == "denial" else 0.8,
            "I": 0.95, "A": 0.85, "H": 0.7, "M": 0.6}[st.kind]
