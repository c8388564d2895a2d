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
_CLAUSE_BREAK = {",", "—", "–", "(", ")", ";", ":", " - "}


@dataclass
class Stance:
    sentence: int
    kind: str                    # D (denied), A (asserted), H (hedged assertion), M (neutral), I (insisting)
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


def sentence_stance(doc: Doc, sent: int, cues: dict[str, list[CueHit]], has_denier: bool) -> Stance:
    """The stance of one sentence that carries (or, in the lead, refers to) the claim."""
    here = {cat: [(t, s) for t, s in hits if doc.tokens[s[0]].sent == sent] for cat, hits in cues.items()}
    negations = [s for _, s in here.get("negation", [])]
    all_negations = tuple(negations)
    despite = [s for _, s in here.get("despite", [])]
    relative = [s for _, s in here.get("relative", [])]
    counter = [s for _, s in here.get("counter", [])]
    nouns = {s for _, s in here.get("denial_noun", [])}
    effective: list[tuple[str, str, Span]] = []
    countered = background = False
    for text, span in here.get("denial", []):
        # "did not deny", "не опроверг": a negated denial verb is no denial
        cancelling = {n for n in all_negations if n[1] < span[0] and span[0] - n[1] <= 2}
        if cancelling:
            negations = [n for n in negations if n not in cancelling]
            continue
        clause = _clause_start(doc, span[0])
        if any(d[1] < span[0] and span[0] - d[1] <= 6 for d in despite):
            countered = True          # "insists ... despite the ministry's denial"
        elif span in nouns and any(c[1] < span[0] or c[0] > span[1] for c in counter if c != span):
            countered = True          # "rejects Ankara's denial", "calls the denial unconvincing"
        elif any(r[0] == clause for r in relative):
            background = True         # "..., which the ministry says never happened, ..."
        elif span not in counter or not any(n[0] > span[1] for n in nouns):
            effective.append(("denial", text, span))
    if effective and not countered:
        return Stance(sent, "D", f"denial wording '{effective[0][1]}' with the claim", effective)
    if has_denier and negations and not countered:
        neg = next((t, s) for t, s in here["negation"] if s in negations)
        return Stance(sent, "D", "the denying source negates the claim", [("negation", neg[0], neg[1])])
    insist = [("insist", t, s) for t, s in here.get("insist", [])]
    if countered or insist:
        return Stance(sent, "I", "the claim restated against the denial", insist)
    if background:
        return Stance(sent, "M", "the denial only in a side clause")
    neutral = here.get("neutral", [])
    if neutral:
        return Stance(sent, "M", f"neutral wording '{neutral[0][0]}'",
                      [("neutral", neutral[0][0], neutral[0][1])])
    sentence = doc.sentences[sent]
    words = doc.field_text(sentence.field)[sentence.start:sentence.end].rstrip()
    if words.endswith(("?", "؟")) or (sent == 0 and ("?" in words or "؟" in words)):
        return Stance(sent, "M", "the claim raised as a question")
    hedges = here.get("hedge", [])
    if hedges:
        return Stance(sent, "H", f"claim relayed with hedge '{hedges[0][0]}'",
                      [("hedge", t, s) for t, s in hedges])
    return Stance(sent, "A", "claim stated without denial wording")


def decide(doc: Doc, components: dict[str, list[Span]], denier: list[Span],
           cues: dict[str, list[CueHit]]) -> Decision | None:
    """The verdict for a document whose claim components are ``components``; None = no claim."""
    total = sum(1 for spans in components.values() if spans)
    refs = {doc.tokens[s[0]].sent for _, s in cues.get("reference", [])}
    stances: list[Stance] = []
    for sent in range(len(doc.sentences)):
        present = sum(1 for spans in components.values() if _in_sentence(doc, spans, sent))
        has_denier = bool(_in_sentence(doc, denier, sent))
        weight = present + (1 if has_denier else 0)
        if present and (weight >= 2 or total == 1):
            stances.append(sentence_stance(doc, sent, cues, has_denier))
        elif sent <= LEAD_SENTENCES and (weight or sent in refs):
            # headline or lead that refers to the claim ("Baku: Armenian drone claim 'false'")
            st = sentence_stance(doc, sent, cues, has_denier)
            if st.kind in ("D", "I") or (sent == 0 and st.kind == "M"):
                st.why += " (referring to the claim)"
                st.refers = True
                stances.append(st)
    claims = [s for s in stances if not s.refers]
    if not claims:
        return None
    frame = [s for s in stances if s.sentence <= LEAD_SENTENCES]
    if frame:
        head = frame[0] if frame[0].sentence == 0 else None
        if head is not None and head.kind in ("D", "I", "M"):
            verdict = {"D": Verdict.MATCH, "I": Verdict.CONTRADICT, "M": Verdict.MENTION}[head.kind]
            return _decision(verdict, head)
        asserted = False
        for st in frame:
            if st.kind == "D" and (st in claims or not asserted):
                return _decision(Verdict.MATCH, st)   # a bare "... denied the report" only frames what follows
            asserted = asserted or (st in claims and st.kind in ("A", "H"))
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
