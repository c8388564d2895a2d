"""Evidence spans point at the right substrings of the original title and text."""

from __future__ import annotations

from monitor.match import Document
from monitor.match.engine import RuleMatcher
from monitor.match.normalize import fold, inflects


def test_every_span_points_at_what_it_names(meeting_matcher: RuleMatcher) -> None:
    doc = Document(id="e", title="Минобороны опровергло сообщения о встрече Каримова и Давлетова",
                   text="Ранее СМИ писали, что Каримов и Давлетов встретились в Заречье. "
                        "В министерстве заявили, что это не соответствует действительности.")
    hit = meeting_matcher.classify(doc)[0]
    assert hit.verdict.value == "match"
    for ev in hit.evidence:
        source = doc.title if ev.field == "title" else doc.text
        found = source[ev.start:ev.end]
        assert found and " ".join(found.split()) in ev.snippet
        if ev.kind == "entity" and ev.term == "Anvar Karimov":
            assert inflects(fold(found), fold("Каримов"))
        if ev.kind == "cue":
            assert fold(found).startswith(fold("опроверг"))
    spans = {(e.kind, e.field, doc.title[e.start:e.end] if e.field == "title" else doc.text[e.start:e.end])
             for e in hit.evidence}
    assert ("entity", "title", "Каримова") in spans
    assert ("entity", "title", "Давлетова") in spans
    assert ("cue", "title", "опровергло") in spans
    assert any(k == "keyword" and f == "title" and s == "встрече" for k, f, s in spans)


def test_hit_to_dict_is_the_classify_output_shape(meeting_matcher: RuleMatcher) -> None:
    hit = meeting_matcher.classify(Document(id="x", title="Karimov met Davletov in Zarechye", text=""))[0]
    out = hit.to_dict()
    assert set(out) == {"denial", "verdict", "score", "reason", "evidence"}
    assert out["evidence"] and {"kind", "term", "field", "start", "end", "snippet"} <= set(out["evidence"][0])
