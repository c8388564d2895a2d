"""Evaluate one compiled denial on a prepared Doc: thresholds, verdict, score and evidence."""

from __future__ import annotations

from dataclasses import replace

from monitor.match.countries import names_other_country, other_country_in
from monitor.match.document import Doc
from monitor.match.lang import union
from monitor.match.query import Term, evaluate
from monitor.match.related import MIN_EVENT, MIN_EVENT_SHORT, Relatedness, weigh, word_spans
from monitor.match.relevance import loose_decision
from monitor.match.rules import CompiledDenial, Entity
from monitor.match.standin import denier_stand_in
from monitor.match.timing import other_time
from monitor.match.types import Evidence, Hit, Verdict
from monitor.match.verdict import CueHit, Decision, Span, decide, sentence_stance

MAX_SPANS_PER_TERM = 3
EVIDENCE_CONFIDENCE = 0.7     # related by evidence, not by the rule's thresholds
HEADLINE_FRAME_CONFIDENCE = 0.5   # ... and no sentence carries the claim: the headline frames it
_FRAMING = {"D": Verdict.MATCH, "N": Verdict.MATCH, "M": Verdict.MENTION}   # the headline's stance; else contradict


def _term_spans(terms: tuple[Term, ...], doc: Doc) -> list[Span]:
    spans: set[Span] = set()
    for term in terms:
        spans.update(term.spans(doc, None))
    return sorted(spans)


# Words that may stand before a surname without being another given name ("General Sahakyan").
_TITLES = frozenset(t.casefold() for t in union("titles"))


def _person_spans(entity: Entity, spans: list[Span], doc: Doc, names: frozenset[int]) -> list[Span]:
    """``spans`` of ``entity`` without a person's bare surname right after another given name,
    which is another person ("Samvel Sahakyan" is not "Ashot Sahakyan"). ``names`` are the
    positions of every name of the denial (two surnames side by side are two people of the claim)."""
    if not entity.given:
        return spans
    return [s for s in spans if s[0] != s[1] or not _other_given_name(doc, s[0], entity.given, names)]


def _other_given_name(doc: Doc, pos: int, given: frozenset[str], names: frozenset[int]) -> bool:
    if pos < 2 or pos - 1 in names or doc.tokens[pos - 2].sent != doc.tokens[pos].sent:
        return False     # (a sentence's first word is capitalised whatever it is)
    before, tok = doc.tokens[pos - 1], doc.tokens[pos]
    if doc.field_text(tok.field)[before.end:tok.start] != " ":
        return False
    word = doc.surface(pos - 1)
    if not word[:1].isupper() or (len(word) > 1 and word.isupper()) or word.casefold() in _TITLES:
        return False
    if len(word) == 1:
        return not any(g[:1] == before.key[:1] for g in given)
    same = any(before.key.startswith(g) and len(before.key) - len(g) <= 3 for g in given)  # Ашота, Aşotun
    return not same and not word.casefold().endswith(("ian", "yan", "ean", "ese", "ish"))


def _evidence(doc: Doc, kind: str, term: str, span: Span) -> Evidence:
    first, last = doc.tokens[span[0]], doc.tokens[span[1]]
    return Evidence(kind=kind, term=term, field=first.field,  # type: ignore[arg-type]
                    start=first.start, end=last.end, snippet=doc.snippet(first.field, first.start, last.end))


def _pick(spans: list[Span], doc: Doc, sentence: int) -> list[Span]:
    """Spans in the deciding sentence first, then the earliest others, at most a few."""
    uniq = sorted(set(spans), key=lambda s: (doc.tokens[s[0]].sent != sentence, s))
    return uniq[:MAX_SPANS_PER_TERM]


def evaluate_denial(denial: CompiledDenial, doc: Doc, cues: dict[str, list[CueHit]]) -> Hit | None:
    """The hit of ``denial`` on ``doc``, or None when neither the rule's thresholds and claim
    (the strict path) nor the evidence of relatedness (``related.weigh``) are met."""
    found = {e.name: _term_spans(e.terms, doc) for e in denial.entities}
    names = frozenset(p for spans in found.values() for a, b in spans for p in range(a, b + 1))
    claim_spans = {e.name: _person_spans(e, found[e.name], doc, names) for e in denial.claim_entities}
    matched_entities = [name for name, spans in claim_spans.items() if spans]
    denier = [s for e in denial.entities if e.role == "denier" for s in found[e.name]]
    if denial.denier_acts and denier and len(matched_entities) < denial.min_entities:
        # a self-denial: the denier is the claim's actor ("Bolsonaro charged over coup plot")
        actor = next(e.name for e in denial.entities if e.role == "denier" and found[e.name])
        claim_spans[actor] = sorted(denier)
        matched_entities.append(actor)
    if len(matched_entities) < denial.min_entities - 1 \
            or (not denier and len(matched_entities) <= 1 and _another_accused(denial, doc)):
        return None     # too few names for either path, or another party's story
    groups = {g.name: evaluate(g.node, doc) for g in denial.groups}
    group_spans = {n: s for n, s in groups.items() if s is not None}
    query_spans = evaluate(denial.query, doc) if denial.query is not None else []
    if query_spans is None:
        return None
    speakers = denier + [s for e in denial.entities if e.role == "speaker" for s in found[e.name]]
    all_cues = _with_denial_cues(denial, doc, cues)
    required = frozenset(f"group:{g.name}" for g in denial.groups if g.required)
    places = frozenset(f"group:{g.name}" for g in denial.groups if g.places)
    decision = None
    if len(matched_entities) >= denial.min_entities - 1 and all(g.name in group_spans for g in denial.groups if g.required):
        if len(matched_entities) < denial.min_entities:
            stand_in = denier_stand_in(denial, found, group_spans, doc, cues)
            if stand_in is not None:
                claim_spans[stand_in[0]] = stand_in[1]
                matched_entities.append(stand_in[0])
        if len(matched_entities) >= denial.min_entities and (matched_entities or any(group_spans.values()) or query_spans):
            components = {f"entity:{n}": s for n, s in claim_spans.items() if s}
            components.update({f"group:{n}": s for n, s in group_spans.items() if s})
            if query_spans and not components:
                components["query"] = query_spans
            decision = decide(doc, components, denier, all_cues, len(denial.groups), required,
                              len(denial.claim_entities), denial.min_entities, places, denial.place_keys, speakers,
                              denial.years) \
                or loose_decision(doc, components, denier, all_cues, speakers, denial.min_entities, required, places)
    relatedness = None
    claim_word_spans: list[Span] = []
    # one claim name short of the rule's count, the denier named: only an event told more strongly
    # relates the item
    short = len(matched_entities) < denial.min_entities
    least = max(1, denial.min_entities - (1 if denier else 0))
    if decision is None and denial.claim_words and len(matched_entities) >= least \
            and all(g.name in group_spans for g in denial.groups if g.required and g.names):
        decision, relatedness, claim_word_spans = _by_evidence(denial, doc, all_cues, claim_spans, groups, denier,
                                                               speakers, places, MIN_EVENT_SHORT if short else MIN_EVENT)
    if decision is None:
        return None
    # the deciding sentence dates its event in another year than the claim's (timing.py), or puts
    # it in another country than the claim's: another event
    if other_time(doc, decision.sentence, denial.years, names) \
            or _another_counterpart(denial, claim_spans, doc, decision.sentence):
        return None
    score = _score(denial, len(matched_entities), group_spans, decision)
    evidence = _collect(doc, decision, claim_spans, group_spans, denial, denier, claim_word_spans)
    parts = [decision.reason]
    if relatedness is not None:
        parts.append(relatedness.why())
    if matched_entities:
        parts.append("entities: " + ", ".join(matched_entities))
    if group_spans:
        parts.append("keywords: " + ", ".join(group_spans))
    return Hit(denial.id, decision.verdict, score, "; ".join(parts), tuple(evidence))


def _another_accused(denial: CompiledDenial, doc: Doc) -> bool:
    """Whether the claim accuses the denier or its country, the item names neither, but another
    country: another party's story of the event ("Kremlin dismisses claims Russia attacked Nord
    Stream" for Ukraine's denial). Asked only of an item with at most one claim name: two or more
    tell the claim whatever else it names ("Abazyan, Muradov and Naghiyev met", with a line on
    Ukraine further down)."""
    return bool(denial.accused) and not any(t.spans(doc, None) for t in denial.accused) \
        and names_other_country(doc.word_keys(), denial.known_countries)


def _another_counterpart(denial: CompiledDenial, claim_spans: dict[str, list[Span]], doc: Doc, sent: int) -> bool:
    """Whether a claim entity that is a country other than the denier's (the event's place, target
    or other party) is missing from the item and the deciding sentence names another country, one
    the rule does not know: the same accused, or the same kind of event, with another country
    ("Kremlin denies meddling in Moldova's elections" for a denial about Romania's; "Niger's
    ex-PM says Iraq did not try to buy uranium" for one about a sale to Iran)."""
    return any(not claim_spans.get(name) for name in denial.counterparts) \
        and other_country_in(doc, sent, denial.known_countries)


def _by_evidence(denial: CompiledDenial, doc: Doc, cues: dict[str, list[CueHit]], claim_spans: dict[str, list[Span]],
                 groups: dict[str, list[Span] | None], denier: list[Span], speakers: list[Span],
                 places: frozenset[str], need: float = MIN_EVENT) -> tuple[Decision | None, Relatedness | None, list[Span]]:
    """The verdict of an item with the rule's names that the strict path does not relate, when
    the evidence of the claim's event does (related.py): the names, the groups that hold and the
    claim's event words found are the claim's components, the same cues decide, with a lower
    confidence. Also returns the spans of the claim words found."""
    words = word_spans(doc, denial.claim_words)
    relatedness = replace(weigh(doc, denial.claim_words, words,
                                [(g.name, g.node, groups[g.name]) for g in denial.groups if not g.names]), need=need)
    if not relatedness.related:
        return None, None, []
    components = {f"entity:{n}": s for n, s in claim_spans.items() if s}
    components.update({f"group:{n}": s for n, s in groups.items() if s})
    # the claim's event words that are no part of the names or groups: "met" of a meeting group
    # is one component, not two
    taken = {p for spans in components.values() for a, b in spans for p in range(a, b + 1)}
    event = sorted({s for w in denial.claim_words if not w.name for s in words.get(w.text, [])
                    if not taken.intersection(range(s[0], s[1] + 1))})
    if event:
        components["group:claim words"] = event
    decision = decide(doc, components, denier, cues, len(denial.groups) + 1, frozenset(),
                      len(denial.claim_entities), denial.min_entities, places, denial.place_keys, speakers,
                      denial.years) \
        or loose_decision(doc, components, denier, cues, speakers, denial.min_entities, frozenset(), places) \
        or _headline_frames(doc, components, denier, cues)
    return replace(decision, confidence=decision.confidence * EVIDENCE_CONFIDENCE), relatedness, \
        sorted({s for spans in words.values() for s in spans})


def _headline_frames(doc: Doc, components: dict[str, list[Span]], denier: list[Span],
                     cues: dict[str, list[CueHit]]) -> Decision:
    """The verdict of an item the claim's evidence relates when no sentence carries the claim: the
    headline frames it (VERDICTS.md), read as one sentence about the claim: denial wording or the
    claim negated there is ``match``, neutral wording ``mention``, anything else reports the
    event, ``contradict``; with a low confidence."""
    claim = frozenset(p for spans in components.values() for a, b in spans for p in range(a, b + 1))
    has_denier = any(doc.tokens[a].sent == 0 for a, _ in denier)
    st = sentence_stance(doc, 0, cues, has_denier, anchors=claim, claim=claim)
    verdict = _FRAMING.get(st.kind)
    if verdict is None:
        return Decision(Verdict.CONTRADICT, "headline: no side taken: the event reported (no one sentence carries "
                        "the claim)", HEADLINE_FRAME_CONFIDENCE, (), 0)
    return Decision(verdict, f"headline: {st.why} (no one sentence carries the claim)", HEADLINE_FRAME_CONFIDENCE,
                    tuple(st.cues), 0)


def _with_denial_cues(denial: CompiledDenial, doc: Doc,
                      cues: dict[str, list[CueHit]]) -> dict[str, list[CueHit]]:
    if not denial.denial_cues and not denial.hedge_cues:
        return cues
    out = {k: list(v) for k, v in cues.items()}
    for category, terms in (("denial", denial.denial_cues), ("hedge", denial.hedge_cues)):
        for term in terms:
            out.setdefault(category, []).extend((term.text, s) for s in term.spans(doc, None))
    return out


def _score(denial: CompiledDenial, entities: int, groups: dict[str, list[Span]], decision: Decision) -> float:
    n_ent, n_grp = len(denial.claim_entities), len(denial.groups)
    ent_cov = entities / n_ent if n_ent else 1.0
    grp_cov = sum(1 for s in groups.values() if s) / n_grp if n_grp else 1.0
    coverage = (ent_cov + grp_cov) / 2
    return round(min(1.0, 0.25 + 0.4 * coverage + 0.35 * decision.confidence) *
                 (0.9 if decision.body else 1.0), 3)


def _collect(doc: Doc, decision: Decision, claim_spans: dict[str, list[Span]],
             group_spans: dict[str, list[Span]], denial: CompiledDenial, denier: list[Span],
             claim_words: list[Span]) -> list[Evidence]:
    sent = decision.sentence
    out: list[Evidence] = []
    # the claim's words that related the item by evidence ("claim: soldiers")
    out.extend(_evidence(doc, "keyword", f"claim: {doc.surface(s[0])}", s) for s in _pick(claim_words, doc, sent))
    for name, spans in claim_spans.items():
        out.extend(_evidence(doc, "entity", name, s) for s in _pick(spans, doc, sent))
    for name, spans in group_spans.items():
        out.extend(_evidence(doc, "keyword", f"{name}: {doc.field_text(doc.tokens[s[0]].field)[doc.tokens[s[0]].start:doc.tokens[s[1]].end]}", s)
                   for s in _pick(spans, doc, sent))
    denier_names = [e.name for e in denial.entities if e.role == "denier"]
    in_sentence = [s for s in denier if doc.tokens[s[0]].sent == sent]
    if in_sentence and denier_names:
        out.extend(_evidence(doc, "entity", denier_names[0], s) for s in in_sentence[:1])
    for category, cue, span in decision.cues:
        kind = "hedge" if category == "hedge" else "cue"
        out.append(_evidence(doc, kind, cue if category in ("denial", "hedge") else f"{category}: {cue}", span))
    return out
