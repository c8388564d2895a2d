"""The denier standing in for a claim name: news often tells the claim through its denier."""

from __future__ import annotations

from monitor.match.countries import country_of_word, country_row
from monitor.match.document import Doc
from monitor.match.query import And, Node, Not, Or, Scope, Term
from monitor.match.rules import CompiledDenial
from monitor.match.verdict import CueHit, Span


def denier_stand_in(denial: CompiledDenial, found: dict[str, list[Span]],
                    group_spans: dict[str, list[Span]], doc: Doc,
                    cues: dict[str, list[CueHit]] | None = None) -> tuple[str, list[Span]] | None:
    """The denier standing in for the one claim name an item lacks, with its spans that count:
    news often tells the claim through its denier ("Kremlin denies Russian hackers targeted
    vaccine research", "CISA: no voting system deleted votes").

    Only where the claim's event is specific (at least two words the rule joins: an AND, a NEAR,
    a phrase, or two required groups) and all of it stands in the denier's sentence, so the
    denier denying another killing or attack is still no hit. Beside a claim name the item does
    hold, in a rule needing two (a rule that asks for more names keeps them), the named denier
    also stands in for a one-word event, in a sentence where it denies and the event is told:
    "GCHQ: Trump-Überwachung 'Unsinn'", "Kremlin denies poisoning Navalny" (not its country, and
    not on a word that is itself a claim name). Not where the item names the claim
    elsewhere: "the ministry denies delivering Iskanders" above a background line on the base of
    the claim is the same body denying another claim.

    The denier's country ("Russia rejects vaccine hacking allegations" for a rule whose denier is
    the Kremlin spokesman) stands in only in a sentence with denial wording: a country is named in
    far more news than its government's denials ("drones were shot down near Moscow").

    Where the missing claim name is a country, not in a sentence that names another country than
    the rule's: the denier is then denying the same kind of claim about that country."""
    required = [g.node for g in denial.groups if g.required and g.name in group_spans]
    if not required or len(required) < sum(1 for g in denial.groups if g.required):
        return None
    missing_country = any(not found[e.name] and country_row(e.name) is not None for e in denial.claim_entities)
    denying = {doc.tokens[s[0]].sent for cat in ("denial", "respond") for _, s in (cues or {}).get(cat, [])}
    # beside a claim name of its own, the named denier denying in the sentence of the whole event
    # stands in even for a one-word event ("GCHQ: Trump-Überwachung 'Unsinn'")
    claimed = {p for e in denial.claim_entities for a, b in found[e.name] for p in range(a, b + 1)}
    beside = denying if claimed and denial.min_entities == 2 else set()
    for ent in sorted(denial.entities, key=lambda e: e.role != "denier"):
        if ent.role not in ("denier", "speaker"):
            continue
        spans = [s for s in found[ent.name]
                 if _specific_event(required, doc, doc.tokens[s[0]].sent,
                                    ent.role == "denier" and doc.tokens[s[0]].sent in beside and s[0] not in claimed)
                 and (ent.role == "denier" or doc.tokens[s[0]].sent in denying)
                 and not (missing_country and _other_country(doc, doc.tokens[s[0]].sent, denial.countries))]
        if spans:
            return ent.name, spans
    return None


def _other_country(doc: Doc, sent: int, ours: frozenset[tuple[str, ...]]) -> bool:
    """Whether sentence ``sent`` names a country none of the rule's entities name: where the claim's
    country is missing, the denier then speaks of that other country ("Kremlin denies meddling in
    Moldova's elections" under a rule about Romania's)."""
    lo, hi = doc.sentence_tokens(sent)
    return any((row := country_of_word(doc.tokens[p].key)) is not None and row not in ours for p in range(lo, hi))


def _specific_event(nodes: list[Node], doc: Doc, sent: int, denied: bool = False) -> bool:
    counts = [_joined_words(n, doc, sent, None) for n in nodes]
    return all(c is not None for c in counts) and (denied or sum(c or 0 for c in counts) >= 2)


def _joined_words(node: Node, doc: Doc, sent: int, field: str | None) -> int | None:
    """How many words of ``node`` the rule joins are found in sentence ``sent`` (None: not
    satisfied there): a phrase counts its words (a phrase of an event concept, brought in by the
    rule's word, counts as that one word), AND and NEAR add up, OR takes its best."""
    if isinstance(node, Term):
        lengths = [b - a + 1 for a, b in node.spans(doc, field) if doc.tokens[a].sent == sent]
        if lengths and node.concept:
            return 1    # a concept's phrase ("plane crash", "held talks") is one word of the event
        return max(lengths) if lengths else None
    if isinstance(node, Scope):
        return _joined_words(node.child, doc, sent, node.field)
    if isinstance(node, Not):
        return 0
    if isinstance(node, Or):
        got = [c for child in node.children if (c := _joined_words(child, doc, sent, field)) is not None]
        return max(got) if got else None
    parts = node.children if isinstance(node, And) else (node.left, node.right)
    counts = [_joined_words(child, doc, sent, field) for child in parts]
    return None if any(c is None for c in counts) else sum(c or 0 for c in counts)
