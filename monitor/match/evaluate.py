"""Evaluate one compiled denial on a prepared Doc: thresholds, verdict, score and evidence."""

from __future__ import annotations

from monitor.match.document import Doc
from monitor.match.lang import union
from monitor.match.query import Term, evaluate
from monitor.match.relevance import loose_decision
from monitor.match.rules import CompiledDenial, Entity
from monitor.match.standin import denier_stand_in
from monitor.match.timing import other_time
from monitor.match.types import Evidence, Hit
from monitor.match.verdict import CueHit, Decision, Span, decide

MAX_SPANS_PER_TERM = 3


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
    """The hit of ``denial`` on ``doc``, or None when thresholds or the claim are not met."""
    found = {e.name: _term_spans(e.terms, doc) for e in denial.entities}
    names = frozenset(p for spans in found.values() for a, b in spans for p in range(a, b + 1))
    claim_spans = {e.name: _person_spans(e, found[e.name], doc, names) for e in denial.claim_entities}
    matched_entities = [name for name, spans in claim_spans.items() if spans]
    if len(matched_entities) < denial.min_entities - 1:
        return None
    group_spans: dict[str, list[Span]] = {}
    for group in denial.groups:
        got = evaluate(group.node, doc)
        if got is None:
            if group.required:
                return None
            continue
        group_spans[group.name] = got
    if len(matched_entities) < denial.min_entities:
        stand_in = denier_stand_in(denial, found, group_spans, doc, cues)
        if stand_in is None:
            return None
        claim_spans[stand_in[0]] = stand_in[1]
        matched_entities.append(stand_in[0])
    query_spans: list[Span] = []
    if denial.query is not None:
        got = evaluate(denial.query, doc)
        if got is None:
            return None
        query_spans = got
    if not matched_entities and not any(group_spans.values()) and not query_spans:
        return None
    denier = [s for e in denial.entities if e.role == "denier" for s in found[e.name]]
    speakers = denier + [s for e in denial.entities if e.role == "speaker" for s in found[e.name]]
    components = {f"entity:{n}": s for n, s in claim_spans.items() if s}
    components.update({f"group:{n}": s for n, s in group_spans.items() if s})
    if query_spans and not components:
        components["query"] = query_spans
    all_cues = _with_denial_cues(denial, doc, cues)
    required = frozenset(f"group:{g.name}" for g in denial.groups if g.required)
    places = frozenset(f"group:{g.name}" for g in denial.groups if g.places)
    decision = decide(doc, components, denier, all_cues, len(denial.groups), required,
                      len(denial.claim_entities), denial.min_entities, places, denial.place_keys, speakers,
                      denial.years) \
        or loose_decision(doc, components, denier, all_cues, speakers, denial.min_entities, required, places)
    if decision is None:
        return None
    if other_time(doc, decision.sentence, denial.years, names):
        return None     # the deciding sentence dates its event in another year than the claim's (timing.py)
    score = _score(denial, len(matched_entities), group_spans, decision)
    evidence = _collect(doc, decision, claim_spans, group_spans, denial, denier)
    parts = [decision.reason]
    if matched_entities:
        parts.append("entities: " + ", ".join(matched_entities))
    if group_spans:
        parts.append("keywords: " + ", ".join(group_spans))
    return Hit(denial.id, decision.verdict, score, "; ".join(parts), tuple(evidence))


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
             group_spans: dict[str, list[Span]], denial: CompiledDenial, denier: list[Span]) -> list[Evidence]:
    sent = decision.sentence
    out: list[Evidence] = []
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
