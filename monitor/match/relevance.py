"""Relevance as evidence: an item whose headline or lead names the claim and whose text holds the
claim's event is about the claim, even when no single sentence holds both.

``verdict.decide`` looks for a sentence that carries the claim (names and event together). Real
news often splits them: "Ministry calls photos from Bucha a provocation" in the headline, "the
military had nothing to do with the killings" five sentences on. When ``decide`` finds no such
sentence, ``loose_decision`` relates the item if a claim name stands in the headline or lead and
one of the rule's keyword groups matches anywhere in the item (items are a headline and at most
1,500 characters of text), and the headline or lead reports the denial with the claim's names:
``match``, with a lower confidence.
A headline that only names the people or places is most often another story, and so is a denial
whose object spells out a content of its own ("denies rumours of the base's withdrawal").
"""

from __future__ import annotations

from monitor.match.document import Doc
from monitor.match.speaker import denier_speaks
from monitor.match.types import Verdict
from monitor.match.verdict import (
    LEAD_MIN_WORDS,
    CueHit,
    Decision,
    Span,
    Stance,
    bare_references,
    is_link_line,
    lead_end,
    sentence_stance,
)

LOOSE_CONFIDENCE = 0.8           # a denial at the top scores 1.0 when the same sentence has the event
LEAD_CLAIM_CONFIDENCE = 0.6      # the claim stated across the headline and lead, not in one sentence


def loose_decision(doc: Doc, components: dict[str, list[Span]], denier: list[Span],
                   cues: dict[str, list[CueHit]], speakers: list[Span] | None = None,
                   min_entities: int = 0, required: frozenset[str] = frozenset(),
                   places: frozenset[str] = frozenset()) -> Decision | None:
    """The verdict of an item whose claim names (headline or lead) and event (anywhere) are in
    different sentences; None when the names are not at the top or the event is nowhere."""
    names = [s for n, spans in components.items() if n.startswith("entity:") for s in spans]
    if not names or not any(spans for n, spans in components.items() if n.startswith("group:")):
        return None
    lead = lead_end(doc)
    top = sorted({doc.tokens[s[0]].sent for s in names if doc.tokens[s[0]].sent <= lead})
    top = [sent for sent in top if not (sent and is_link_line(doc, sent))]
    if not top:
        return None
    claim = frozenset(p for spans in components.values() for a, b in spans for p in range(a, b + 1))
    bare = bare_references(doc, cues)
    anchors = claim | frozenset(bare)
    # "denies rumours OF THE BASE'S WITHDRAWAL from Gyumri": a reference that spells out a content
    # of its own, with no event of the claim beside it, is about that other content
    other = {doc.tokens[a].sent for _, (a, _b) in cues.get("reference", []) if a not in bare}
    events = {doc.tokens[s[0]].sent for n, spans in components.items() if n.startswith("group:") for s in spans}
    denier_sents = {doc.tokens[s[0]].sent for s in denier}
    stances: list[Stance] = []
    for sent in top:
        if sent in other and sent not in events:
            continue
        speaks = denier_speaks(doc, sent, denier if speakers is None else speakers,
                               [s for c in ("say", "respond") for _, s in cues.get(c, [])], [s for _, s in cues.get("reference", [])], claim)
        stances.append(sentence_stance(doc, sent, cues, sent in denier_sents, anchors=anchors, claim=claim,
                                       speaker=speaks))
    # only the denial at the top, with the claim's names, relates such an item; a headline that
    # merely names them (or has them insist on something) is most often another story
    clear = [s for s in stances if s.kind == "D"]
    if not clear:
        return _lead_claim(doc, components, stances, lead, min_entities, required, places)
    st = clear[0]
    where = "headline" if st.sentence == 0 else "lead"
    return Decision(Verdict.MATCH, f"{where}: {st.why} (the claim's names here, its event further on)",
                    LOOSE_CONFIDENCE, tuple(st.cues), st.sentence)


def _lead_claim(doc: Doc, components: dict[str, list[Span]], stances: list[Stance], lead: int,
                min_entities: int, required: frozenset[str], places: frozenset[str]) -> Decision | None:
    """The headline and lead read as one statement: when they hold, between them, ``min_entities``
    claim names and every required keyword group (and a place group if the rule has one), the
    claim is told across the top ("Suudi gazeteci Cemal Kaşıkçı'nın öldürülmesi" / "... the
    consulate ..."): the first top sentence with a stance of its own decides, an assertion as
    ``contradict``, neutral wording as ``mention``, with a lower confidence. Names or an event
    that first appear further down are another story's background."""
    first = next((n for n in range(1, min(lead, len(doc.sentences) - 1) + 1) if not is_link_line(doc, n)
                  and doc.sentence_tokens(n)[1] - doc.sentence_tokens(n)[0] >= LEAD_MIN_WORDS), 0)
    window = {0, first}

    def where(spans: list[Span]) -> set[int]:
        return {doc.tokens[a].sent for a, _ in spans} & window

    top = {n: where(spans) for n, spans in components.items() if where(spans)}
    names = sum(1 for n in top if n.startswith("entity:"))
    if names < max(1, min_entities) or not required <= set(top) or (places and not places & set(top)):
        return None
    if not any(n.startswith("group:") for n in top) or not any(0 in w for w in top.values()):
        return None     # the headline holds a part of the claim, the first lead sentence the rest
    for st in stances:
        if st.sentence not in window:
            continue
        if st.kind in ("A", "H"):
            return Decision(Verdict.CONTRADICT, f"{'headline' if st.sentence == 0 else 'lead'}: {st.why} "
                            "(the claim told across the headline and lead)",
                            LEAD_CLAIM_CONFIDENCE, tuple(st.cues), st.sentence)
        if st.kind == "M":
            return Decision(Verdict.MENTION, f"{'headline' if st.sentence == 0 else 'lead'}: {st.why} "
                            "(the claim told across the headline and lead)",
                            LEAD_CLAIM_CONFIDENCE, tuple(st.cues), st.sentence)
    return None
