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


def loose_decision(doc: Doc, components: dict[str, list[Span]], denier: list[Span],
                   cues: dict[str, list[CueHit]], speakers: list[Span] | None = None) -> Decision | None:
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
                               [s for _, s in cues.get("say", [])], [s for _, s in cues.get("reference", [])], claim)
        stances.append(sentence_stance(doc, sent, cues, sent in denier_sents, anchors=anchors, claim=claim,
                                       speaker=speaks))
    # only the denial at the top, with the claim's names, relates such an item; a headline that
    # merely names them (or has them insist on something) is most often another story
    clear = [s for s in stances if s.kind == "D"]
    if not clear:
        return None
    st = clear[0]
    where = "headline" if st.sentence == 0 else "lead"
    return Decision(Verdict.MATCH, f"{where}: {st.why} (the claim's names here, its event further on)",
                    LOOSE_CONFIDENCE, tuple(st.cues), st.sentence)
