"""The denier named by its office beside its country's name ("Chinas Außenministerium",
"portavoce del Cremlino"): offices.py. Made-up rules and sentences."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.config.denials import DenialConfig
from monitor.match import Document
from monitor.match.document import Doc
from monitor.match.evaluate import _term_spans
from monitor.match.offices import offices_named
from monitor.match.rules import compile_denial

RULE: dict[str, Any] = {
    "id": "balloon",
    "title": "China denies the balloon was a spy craft",
    "claim": "The balloon over the border was a Chinese spy craft.",
    "source": "Chinese Foreign Ministry (spokeswoman Li Ping)",
    "date": "2023-02-03",
    "entities": [{"name": "balloon"}, {"name": "Li Ping", "role": "denier"}],
    "keywords": [{"name": "spy", "query": "spy* OR Spionage*"}],
    "min_entities": 1,
}


@pytest.mark.parametrize(("texts", "expected"), [
    (["Chinese Foreign Ministry"], {"foreign ministry"}),
    (["Kremlin spokesman Dmitry Peskov"], {"spokesperson"}),
    (["Ministry of National Defence", "Turkish military"], {"defence ministry"}),
    (["President Aleksandar Vucic"], {"president"}),
    (["Government of Morocco"], {"government"}),
    (["Ali Hamieh"], set()),
    (["Presidential candidate"], set()),          # a whole word only
])
def test_offices_are_recognised_in_the_rule(texts: list[str], expected: set[str]) -> None:
    assert {o.name for o in offices_named(texts)} == expected


def _office_found(rule: dict[str, Any], text: str) -> bool:
    denial = compile_denial(DenialConfig.model_validate(rule))
    office = next(e for e in denial.entities if e.name == "the denier's office")
    return bool(_term_spans(office.terms, Doc.build(Document(id="t", title=text, text=""))))


@pytest.mark.parametrize(("text", "found"), [
    ("Chinas Außenministerium weist die Vorwürfe zurück", True),
    ("Das chinesische Außenministerium sprach von Hetze", True),
    ("Il portavoce del ministero degli Esteri cinese ha smentito", True),
    ("中国外交部发言人表示", True),
    ("МИД Китая назвал обвинения ложью", True),
    ("Das japanische Außenministerium bestreitet das", False),    # another country's ministry
    ("Das Außenministerium bestreitet das", False),               # no country beside it
    ("China: Außenministerium der USA lügt", False),              # another clause
])
def test_an_office_counts_beside_a_name_of_the_denier_country(text: str, found: bool) -> None:
    assert _office_found(RULE, text) is found


def test_the_office_is_a_speaker_and_only_where_the_rule_names_one() -> None:
    denial = compile_denial(DenialConfig.model_validate(RULE))
    assert [e.role for e in denial.entities if e.name == "the denier's office"] == ["speaker"]
    plain = compile_denial(DenialConfig.model_validate({**RULE, "source": "Li Ping"}))
    assert not any(e.name == "the denier's office" for e in plain.entities)
