"""Explain, for humans, what one denial's rules found in one document and why the verdict."""

from __future__ import annotations

import datetime as dt

from monitor.config.denials import DenialConfig
from monitor.match.document import Doc
from monitor.match.engine import cue_lexicon
from monitor.match.evaluate import _term_spans, evaluate_denial
from monitor.match.normalize import fold_text
from monitor.match.query import evaluate, matched_terms
from monitor.match.related import MIN_EVENT, MIN_EVENT_SHORT, weigh, word_spans
from monitor.match.rules import CompiledDenial, compile_denial
from monitor.match.timing import url_year
from monitor.match.types import Document, Hit


def _where(doc: Doc, span: tuple[int, int]) -> str:
    first, last = doc.tokens[span[0]], doc.tokens[span[1]]
    text = doc.field_text(first.field)[first.start:last.end]
    return f"{first.field}[{first.start}:{last.end}] {text!r}"


def explain(cfg: DenialConfig, document: Document) -> tuple[Hit | None, list[str]]:
    """The hit (or None) of denial ``cfg`` on ``document`` and a line-by-line explanation."""
    denial = compile_denial(cfg)
    lines = [f"denial {denial.id}: {cfg.title}"]
    day = document.published.date() if document.published else None
    if not denial.in_scope(document.language, document.feed, day, dt.datetime.now(dt.UTC).date(),
                           None if day else url_year(document.url)):
        lines.append("out of scope (language, feed, time window or expiry): not checked")
        return None, lines
    doc = Doc.build(document)
    found = 0
    for ent in denial.entities:
        spans = _term_spans(ent.terms, doc)
        mark = "found" if spans else "missing"
        if spans and ent.role == "claim":
            found += 1
        lines.append(f"  entity {ent.name!r} ({ent.role}): {mark}"
                     + "".join(f"\n      {_where(doc, s)}" for s in spans[:5]))
    lines.append(f"  claim entities found: {found} (min_entities {denial.min_entities})")
    for group in denial.groups:
        got = evaluate(group.node, doc)
        state = "matched" if got is not None else ("MISSING (required)" if group.required else "not matched")
        lines.append(f"  keywords {group.name!r}: {state}")
        if group.expanded:
            concepts = dict.fromkeys(c for c, _ in group.expanded)
            lines.append("      expanded into every packed language: " + "; ".join(
                f"@{c} (from {', '.join(repr(t) for k, t in group.expanded if k == c)})" for c in concepts))
        for term, spans in matched_terms(group.node, doc)[:6] if got is not None else []:
            why = f" [@{term.concept}, {term.lang}]" if term.concept else ""
            lines.append(f"      term {term.text!r}{why}: {_where(doc, spans[0])}")
    _explain_evidence(denial, doc, lines)
    if denial.query is not None:
        lines.append(f"  query: {'matched' if evaluate(denial.query, doc) is not None else 'NOT matched'}")
    cues = cue_lexicon().find(doc, fold_text(document.title + "\n" + document.text))
    for category in ("denial", "respond", "negation", "hedge", "neutral", "insist", "despite", "denial_noun",
                     "counter"):
        for text, span in cues.get(category, [])[:6]:
            sent = doc.tokens[span[0]].sent
            lines.append(f"  cue {category} {text!r} in sentence {sent}: {_where(doc, span)}")
    hit = evaluate_denial(denial, doc, cues)
    if hit is None:
        lines.append("=> no hit")
    else:
        lines.append(f"=> {hit.verdict.value} (score {hit.score:.2f}): {hit.reason}")
    return hit, lines


def _explain_evidence(denial: CompiledDenial, doc: Doc, lines: list[str]) -> None:
    """The claim words found and the evidence of the event they add up to (related.py): what
    relates an item with the rule's names when the strict path finds nothing."""
    if not denial.claim_words:
        return
    found = word_spans(doc, denial.claim_words)
    lines.append(f"  claim words (from the claim and title): {len(found)} of {len(denial.claim_words)} found: "
                 + ", ".join(w.text for w in denial.claim_words))
    for word in denial.claim_words:
        if word.text in found:
            lines.append(f"      word {word.text!r} ({word.sense}, {word.weight:.2f}): {_where(doc, found[word.text][0])}")
    relatedness = weigh(doc, denial.claim_words, found,
                        [(g.name, g.node, evaluate(g.node, doc)) for g in denial.groups if not g.names])
    state = "enough" if relatedness.related else "not enough"
    groups = f", with words of the groups {', '.join(relatedness.groups)}" if relatedness.groups else ""
    lines.append(f"  event evidence: {relatedness.event:.2f}{groups} ({state}: {MIN_EVENT} relates an item with "
                 f"the rule's names when no sentence carries the claim, {MIN_EVENT_SHORT} one with a name short)")

