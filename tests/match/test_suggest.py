"""`denials suggest`: base forms of inflected names, denier detection, cues kept out of claim terms."""

from __future__ import annotations

import pytest

from monitor.match.suggest import base_form, suggest_denial, to_cyrillic

BASE = [("Abazyanın", True, "Abazyan"), ("Muradovun", True, "Muradov"), ("Suqovuşanda", True, "Suqovuşan"),
        ("Ermənistanın", True, "Ermənistan"), ("Абазяна", False, "Абазян"), ("Нагиевым", False, "Нагиев"),
        ("Суговушане", False, "Суговушан"), ("Abazyan", False, "Abazyan"), ("Georgia", False, "Georgia"),
        ("Աբազյանի", False, "Աբազյան")]


@pytest.mark.parametrize(("word", "azeri", "expected"), BASE)
def test_base_form(word: str, azeri: bool, expected: str) -> None:
    assert base_form(word, azeri) == expected


STATEMENTS = [
    ("СГБ Азербайджана опровергает информацию о встрече Армена Абазяна, Рустама Мурадова и Али Нагиева "
     "в Суговушане.", "СГБ Азербайджан", ["Армен Абазян", "Рустам Мурадов", "Али Нагиев"], "опровергает"),
    ("Dövlət Təhlükəsizliyi Xidməti Armen Abazyanın, Rüstəm Muradovun və Əli Nağıyevin Suqovuşanda "
     "görüşməsi barədə məlumatları təkzib edir.", "Dövlət Təhlükəsizliyi Xidməti",
     ["Armen Abazyan", "Rüstəm Muradov", "Əli Nağıyev"], "təkzib"),
    ("Hikmet Hajiyev called false the claim by Armenian Security Council Secretary Armen Grigoryan that an "
     "agreement on international mechanisms was reached in Washington.", "Hikmet Hajiyev",
     ["Armen Grigoryan", "Washington"], "false"),
]


@pytest.mark.parametrize(("text", "denier", "claim", "cue"), STATEMENTS)
def test_suggest_statement(text: str, denier: str, claim: list[str], cue: str) -> None:
    entry = suggest_denial(text)
    roles = {e["name"]: e["role"] for e in entry["entities"]}
    assert roles.get(denier) == "denier", roles
    for name in claim:
        assert roles.get(name) == "claim", roles
    assert cue in entry["cues"]["denial"]
    assert any(g["required"] and g["name"] in ("meeting", "agreement") for g in entry["keywords"])
    assert not any(cue in g["query"] for g in entry["keywords"])


def test_cyrillic_alias_uses_russian_conventions() -> None:
    assert to_cyrillic("Abazyan") == "Абазян"
    hajiyev = next(e for e in suggest_denial("Hikmet Hajiyev denied the report that Grigoryan met Aliyev.")["entities"]
                   if e["name"] == "Hikmet Hajiyev")
    assert "Гаджиев" in hajiyev["aliases"]
