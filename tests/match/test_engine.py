"""One compiled matcher for all denials gives the same hits as each denial on its own."""

from __future__ import annotations

import random
from typing import Any

from monitor.match import Document
from monitor.match.normalize import fold_text
from tests.match.conftest import MEETING_DENIAL, make_matcher
from tests.match.test_verdicts import CASES

SUGOVUSHAN: dict[str, Any] = {
    "id": "sugovushan-meeting", "title": "SSS: no meeting in Sugovushan", "claim": "They met in Sugovushan.",
    "entities": [{"name": "Armen Abazyan", "aliases": ["Абазян", "Աբազյան"]},
                 {"name": "Rustam Muradov", "aliases": ["Мурадов"]},
                 {"name": "Ali Naghiyev", "aliases": ["Nağıyev", "Нагиев"]},
                 {"name": "State Security Service", "aliases": ["SSS", "DTX"], "role": "denier"}],
    "keywords": [{"name": "meeting", "query": "meet* OR met OR talks OR встреч* OR görüş*"},
                 {"name": "place", "query": "Sugovushan OR Suqovuşan OR Суговушан", "required": False}],
    "min_entities": 2,
}


def filler(n: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    syl = ["ka", "ra", "zan", "mu", "do", "li", "ser", "nar", "bek", "to", "pa", "vel", "gor"]
    out = []
    for i in range(n):
        names = ["".join(rng.choice(syl) for _ in range(3)).capitalize() + "yan" for _ in range(2)]
        out.append({"id": f"filler-{i}", "title": "x", "claim": "x",
                    "entities": [{"name": nm} for nm in names],
                    "keywords": [{"name": "k", "query": "meet* OR talks OR agreement"}]})
    out.append({"id": "no-entities", "title": "x", "claim": "x",
                "keywords": [{"name": "k", "query": '"border village" NEAR/3 shelling'}]})
    return out


DOCS = [Document(id=str(i), title=t, text=x) for i, (t, x, _) in enumerate(CASES)] + [
    Document(id="s1", title="Abazyan, Muradov and Naghiyev met in Sugovushan", text=""),
    Document(id="s2", title="DTX: Nağıyevin Abazyanla görüşü barədə məlumatlar yalandır", text=""),
    Document(id="s3", title="Armenia dismisses NSS head Armen Abazyan", text="Muradov was not mentioned."),
    Document(id="s4", title="Shelling of a border village", text="The border village saw heavy shelling."),
]


def test_combined_matcher_equals_each_denial_alone() -> None:
    denials = [MEETING_DENIAL, SUGOVUSHAN, *filler(300)]
    combined = make_matcher(*denials)
    alone = {d["id"]: make_matcher(d) for d in (MEETING_DENIAL, SUGOVUSHAN, denials[-1])}
    for doc in DOCS:
        got = {h.denial_id: h.to_dict() for h in combined.classify(doc)}
        for denial_id, single in alone.items():
            want = [h.to_dict() for h in single.classify(doc)]
            assert got.get(denial_id) == (want[0] if want else None), (doc.title, denial_id)


def test_prefilter_skips_unrelated_denials() -> None:
    combined = make_matcher(MEETING_DENIAL, SUGOVUSHAN, *filler(300))
    text = "Abazyan, Muradov and Naghiyev met in Sugovushan"
    ids = [combined.denials[d].id for d in combined.candidates(fold_text(text))]
    assert ids == ["sugovushan-meeting"]
    assert combined.candidates(fold_text("Weather report: rain in Baku")) == []


def test_hits_are_sorted_best_first_and_one_per_denial() -> None:
    combined = make_matcher(MEETING_DENIAL, SUGOVUSHAN)
    doc = Document(id="b", title="Karimov met Davletov in Zarechye; Abazyan met Muradov in Sugovushan", text="")
    hits = combined.classify(doc)
    assert len({h.denial_id for h in hits}) == len(hits) == 2
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_candidates_from_chunks_equal_candidates_from_folded_text() -> None:
    """classify's chunk-by-chunk selection, which looks only at the group patterns some candidate
    wants (_ChunkScan.among), picks what the scan of the whole folded text picks, denials reached
    through their groups (min_entities: 0) included."""
    combined = make_matcher(MEETING_DENIAL, SUGOVUSHAN, *filler(300))
    assert combined._group_slots        # "no-entities" is reached through its group
    chosen = []
    for doc in DOCS:
        chunks = doc.title.split() + doc.text.split()
        from_chunks = combined._select(combined._entity_scan(chunks),
                                       lambda wanted, c=chunks: combined._group_scan.among(c, wanted))
        assert from_chunks == combined.candidates(fold_text(doc.title + "\n" + doc.text)), doc.title
        chosen += from_chunks
        seen = combined._group_scan(chunks)
        for wanted in ({*seen}, set(), {*list(seen)[:3], -5}):
            assert combined._group_scan.among(chunks, wanted) == seen & wanted
    ids = {combined.denials[d].id for d in chosen}
    assert {"sugovushan-meeting", "no-entities"} <= ids
