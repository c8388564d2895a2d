"""`denials suggest`: who denies, which names are the claim's, titles and cues kept out of claim terms."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from monitor.config.denials import DenialConfig
from monitor.match import compile_matcher
from monitor.match.suggest import suggest_denial
from monitor.match.suggest_lexicon import base_form, is_title, to_cyrillic

BASE = [("Abazyanın", True, "Abazyan"), ("Muradovun", True, "Muradov"), ("Suqovuşanda", True, "Suqovuşan"),
        ("Ermənistanın", True, "Ermənistan"), ("Ermənistan", True, "Ermənistan"), ("Абазяна", False, "Абазян"),
        ("Нагиевым", False, "Нагиев"), ("Суговушане", False, "Суговушан"), ("Грузии", False, "Грузия"),
        ("Abazyan", False, "Abazyan"), ("Georgia", False, "Georgia"), ("Աբազյանի", False, "Աբազյան")]


@pytest.mark.parametrize(("word", "azeri", "expected"), BASE)
def test_base_form(word: str, azeri: bool, expected: str) -> None:
    assert base_form(word, azeri) == expected


# (statement, denier or None, claim entities, denial cue or None, a required keyword group or None)
STATEMENTS: list[tuple[str, str | None, list[str], str | None, str | None]] = [
    ("Presidential aide Hikmet Hajiyev said Armen Grigoryan's claim that an agreement on international "
     "mechanisms for Karabakh Armenians was reached in Washington is false.",
     "Hikmet Hajiyev", ["Armen Grigoryan", "Washington", "Karabakh"], "false", "mechanism"),
    ("Azerbaijan's State Security Service denied social-media reports that Armenia's NSS head Armen Abazyan, "
     "Russian peacekeeping commander Rustam Muradov and Ali Naghiyev met in Sugovushan.",
     "State Security Service", ["Armen Abazyan", "Rustam Muradov", "Ali Naghiyev", "Sugovushan"], "denied",
     "meeting"),
    ("Hikmet Hajiyev called false the claim by Armenian Security Council Secretary Armen Grigoryan that an "
     "agreement on international mechanisms was reached in Washington.",
     "Hikmet Hajiyev", ["Armen Grigoryan", "Washington"], "false", "mechanism"),
    ("Reports that Abazyan met Naghiyev in Sugovushan are false, the State Security Service said.",
     "State Security Service", ["Abazyan", "Naghiyev", "Sugovushan"], "false", "meeting"),
    ("Grigoryan's claim of an agreement on a mechanism in Washington is not true, said Hikmet Hajiyev.",
     "Hikmet Hajiyev", ["Grigoryan", "Washington"], "not true", "mechanism"),
    ("Hajiyev's press service said the report that Grigoryan and Bayramov signed a deal in Washington "
     "was baseless.", "Hajiyev", ["Grigoryan", "Bayramov", "Washington"], "baseless", None),
    ("Turkish Presidency's Communications Director Fahrettin Altun dismissed claims that a Turkish F-16 "
     "downed an Armenian Su-25.", "Fahrettin Altun", ["F-16", "Su-25"], None, "shootdown"),
    ("Ministry of Defence of the Russian Federation denied reports that S-300 systems of the base in "
     "Gyumri were handed over to Armenian forces.", "Ministry of Defence of the Russian Federation",
     ["S-300", "Gyumri"], "denied", "transfer"),
    ("Министерство обороны России опровергло сообщения о том, что зенитные комплексы С-300 с военной базы "
     "в Гюмри были переданы армянским военным.", "Министерство обороны России", ["С-300", "Гюмри"],
     None, "transfer"),
    ("СГБ Азербайджана опровергает информацию о встрече Армена Абазяна, Рустама Мурадова и Али Нагиева "
     "в Суговушане.", "СГБ Азербайджана", ["Армен Абазян", "Рустам Мурадов", "Али Нагиев", "Суговушан"], "опровергает",
     "meeting"),
    ("Пресс-секретарь Кремля Дмитрий Песков опроверг информацию о встрече Путина и Пашиняна в Сочи.",
     "Дмитрий Песков", ["Путин", "Пашинян", "Сочи"], None, "meeting"),
    ("Dövlət Təhlükəsizliyi Xidməti Armen Abazyanın, Rüstəm Muradovun və Əli Nağıyevin Suqovuşanda "
     "görüşməsi barədə məlumatları təkzib edir.", "Dövlət Təhlükəsizliyi Xidməti",
     ["Armen Abazyan", "Rüstəm Muradov", "Əli Nağıyev", "Suqovuşan"], "təkzib", "meeting"),
    ("Azərbaycan Müdafiə Nazirliyi Ermənistan tərəfinin Cermuk yaxınlığında Bayraktar TB2 pilotsuz uçan "
     "aparatının vurulması barədə məlumatları təkzib edib.", "Azərbaycan Müdafiə Nazirliyi",
     ["Cermuk", "Bayraktar TB2"], None, "shootdown"),
    ("Prezidentin köməkçisi Hikmət Hacıyev bildirib ki, Armen Qriqoryanın Vaşinqtonda beynəlxalq mexanizm "
     "barədə razılıq əldə olunması ilə bağlı iddiası yalandır.", "Hikmət Hacıyev",
     ["Armen Qriqoryan", "Vaşinqton"], None, "mechanism"),
    ("Reports of a meeting between Abazyan and Naghiyev in Sugovushan were denied by the State Security "
     "Service.", "State Security Service", ["Abazyan", "Naghiyev", "Sugovushan"], "denied", "meeting"),
    # bare claims: no denial wording, so no denier; the claimant's attribution is not the claim
    ("Abazyan, Muradov and Naghiyev held a secret meeting in Sugovushan, Armenian media reported.",
     None, ["Abazyan", "Muradov", "Naghiyev", "Sugovushan"], None, "meeting"),
    ("A Turkish F-16 shot down an Armenian Su-25 over Armenian airspace.", None, ["F-16", "Su-25"], None,
     "shootdown"),
]


def _words(entry: dict[str, Any]) -> list[str]:
    return [w for e in entry["entities"] for w in e["name"].split()]


@pytest.mark.parametrize(("text", "denier", "claim", "cue", "group"), STATEMENTS)
def test_suggest_statement(text: str, denier: str | None, claim: list[str], cue: str | None,
                           group: str | None) -> None:
    entry = suggest_denial(text)
    roles = {e["name"]: e["role"] for e in entry["entities"]}
    assert [n for n, r in roles.items() if r == "denier"] == ([denier] if denier else []), roles
    assert sorted(n for n, r in roles.items() if r == "claim") == sorted(claim), roles
    assert not any(is_title(w) for w in _words(entry)), roles
    assert entry["min_entities"] == min(2, len(claim))
    cues = entry.get("cues", {}).get("denial", [])
    if cue:
        assert cue in cues
    for g in entry["keywords"]:          # denial wording and title words never become claim terms
        assert not any(c.lower() in g["query"].lower().split() for c in cues), g
        assert not is_title(g["name"]), g
    if group:
        assert any(g["required"] and g["name"] == group for g in entry["keywords"]), entry["keywords"]
    if denier:
        assert entry["source"] == denier


@pytest.mark.parametrize("text", [s[0] for s in STATEMENTS])
def test_title_is_short_and_cut_at_a_word(text: str) -> None:
    entry = suggest_denial(text)
    title = entry["title"]
    assert len(title) <= 100
    if title.endswith("…"):
        assert title[:-1] == title[:-1].rstrip() and f" {title[:-1].split()[-1]}" in f" {text}"
    words = set(re.split(r"[\s,.'’]+", text))
    assert all(w in words for w in re.split(r"[\s,.'’:…]+", title.replace(" denies: ", " ")) if w), title


@pytest.mark.parametrize("text", [s[0] for s in STATEMENTS])
def test_suggested_yaml_loads_and_compiles(text: str) -> None:
    entry = suggest_denial(text, denial_id="suggested")
    loaded = yaml.safe_load(yaml.safe_dump([entry], allow_unicode=True, sort_keys=False))
    config = DenialConfig.model_validate(loaded[0])
    assert compile_matcher([config]) is not None


def test_washington_statement_is_what_an_analyst_would_write() -> None:
    entry = suggest_denial(STATEMENTS[0][0])
    assert entry["title"] == "Hajiyev denies: agreement on international mechanisms for Karabakh Armenians was reached in…"
    assert "mec" not in entry["title"].split()[-1:]
    aliases = {e["name"]: e["aliases"] for e in entry["entities"]}
    assert "Qarabağ" in aliases["Karabakh"] and "Карабах" not in aliases["Karabakh"]   # folding finds Карабах
    assert not any("Арменианс" in a for names in aliases.values() for a in names)
    assert "Presidential" not in aliases and "aide" not in {g["name"] for g in entry["keywords"]}
    assert not any(g["query"].startswith("internat*") for g in entry["keywords"])


def test_suggested_rule_matches_the_denial_and_the_claim() -> None:
    from monitor.match.types import Document, Verdict

    entry = suggest_denial(STATEMENTS[1][0], denial_id="sug")
    matcher = compile_matcher([DenialConfig.model_validate(entry)])
    denial = Document(id="a", title="SSS denies reports of Abazyan-Naghiyev meeting in Sugovushan",
                      text="The State Security Service said reports of a meeting are false.")
    claim = Document(id="b", title="Abazyan and Naghiyev met in Sugovushan, sources say",
                     text="Armen Abazyan and Ali Naghiyev held talks in Sugovushan.")
    other = Document(id="c", title="Armenia dismisses NSS head Armen Abazyan", text="The decree was signed.")
    assert [h.verdict for h in matcher.classify(denial)] == [Verdict.MATCH]
    assert [h.verdict for h in matcher.classify(claim)] == [Verdict.CONTRADICT]
    assert matcher.classify(other) == []


def test_cyrillic_alias_uses_russian_conventions() -> None:
    assert to_cyrillic("Abazyan") == "Абазян"
    hajiyev = next(e for e in suggest_denial("Hikmet Hajiyev denied the report that Grigoryan met Aliyev.")["entities"]
                   if e["name"] == "Hikmet Hajiyev")
    assert "Гаджиев" in hajiyev["aliases"]


def test_a_denial_without_a_claim_is_an_error() -> None:
    from monitor.errors import RuleError

    with pytest.raises(RuleError, match="no names or claim words"):
        suggest_denial("The ministry denied it.")


# Statements in the monitored languages: (statement, denier, claim entities, the required action)
MULTILINGUAL: list[tuple[str, str, list[str], str]] = [
    ("Azərbaycan Respublikasının Dövlət Təhlükəsizliyi Xidməti Ermənistan Milli Təhlükəsizlik Xidmətinin rəhbəri "
     "Armen Abazyanın Tərtər rayonunun Suqovuşan kəndində Əli Nağıyevlə görüşməsi barədə yayılan məlumatları "
     "təkzib edir.", "Dövlət Təhlükəsizliyi Xidməti", ["Armen Abazyan", "Tərtər", "Suqovuşan", "Əli Nağıyev"],
     "meeting"),
    ("Azərbaycan Respublikası Xarici İşlər Nazirliyi Gəncə hava limanından Suriyalı muzdluların keçirilməsi ilə "
     "bağlı xəbərləri təkzib edir.", "Azərbaycan Respublikası Xarici İşlər Nazirliyi", ["Gəncə"], "mercenaries"),
    ("МИД Грузии опроверг сообщения о том, что сирийские наемники перебрасывались в Азербайджан через аэропорт "
     "Тбилиси.", "МИД Грузии", ["Тбилиси"], "mercenaries"),
    ("Помощник президента Азербайджана Хикмет Гаджиев опроверг заявление Армена Григоряна о достигнутом в "
     "Вашингтоне соглашении.", "Хикмет Гаджиев", ["Армен Григорян", "Вашингтон"], "agreement"),
    ("ՀՀ պաշտպանության նախարարությունը հերքում է Ադրբեջանի տարածած տեղեկությունները, թե Ջերմուկի մոտ խոցվել "
     "է Bayraktar TB2 անօդաչու սարքը։", "ՀՀ պաշտպանության նախարարություն", ["Ջերմուկ", "Bayraktar TB2"],
     "shootdown"),
    ("ՀՀ ԱԳՆ-ն հերքում է լուրերը, թե Հայաստանը համաձայնել է, որ ռուսական ԱԴԾ սահմանապահները վերահսկեն "
     "Մեղրիով անցնող ճանապարհը։", "ՀՀ ԱԳՆ", ["ԱԴԾ", "Մեղրի"], "control"),
    ("Cumhurbaşkanlığı İletişim Başkanı Fahrettin Altun, Türk F-16'sının Ermeni Su-25'ini düşürdüğü "
     "iddialarını yalanladı.", "Fahrettin Altun", ["F-16", "Su-25"], "shootdown"),
    ("Millî Savunma Bakanlığı, Gümrü'deki S-300 sistemlerinin Ermenistan'a devredildiği iddialarını yalanladı.",
     "Millî Savunma Bakanlığı", ["Gümrü", "S-300"], "transfer"),
    ("Dışişleri Bakanlığı Sözcüsü Tanju Bilgiç, Türk askerlerinin Karabağ'a konuşlandırıldığı iddialarını "
     "yalanladı.", "Tanju Bilgiç", ["Karabağ"], "deployment"),
    ("Le ministère russe de la Défense a démenti que des systèmes S-300 de la base de Gumri aient été livrés aux "
     "forces arméniennes.", "ministère russe de la Défense", ["S-300", "Gumri"], "transfer"),
    ("Le porte-parole du Kremlin Dmitri Peskov a démenti toute rencontre entre Poutine et Pachinian à Sotchi.",
     "Dmitri Peskov", ["Poutine", "Pachinian", "Sotchi"], "meeting"),
    ("Das russische Verteidigungsministerium wies Berichte zurück, S-300-Systeme aus Gjumri seien an Armenien "
     "übergeben worden.", "Verteidigungsministerium", ["S-300", "Gjumri"], "transfer"),
    ("Kremlsprecher Dmitri Peskow dementierte ein Treffen zwischen Putin und Paschinjan in Sotschi.",
     "Dmitri Peskow", ["Putin", "Paschinjan", "Sotschi"], "meeting"),
    ("Speaking in Baku, Foreign Minister Jeyhun Bayramov denied that Azerbaijani troops had shelled the village "
     "of Sotk.", "Jeyhun Bayramov", ["Sotk"], "attack"),
    ("Armenia's Defence Ministry in Yerevan rejected reports that Russian S-300 systems were handed over in "
     "Gyumri.", "Defence Ministry", ["S-300", "Gyumri"], "transfer"),
    ("The Georgian Foreign Ministry denied reports that Syrian mercenaries were transported to Azerbaijan via "
     "Tbilisi airport.", "Georgian Foreign Ministry", ["Tbilisi"], "mercenaries"),
]


@pytest.mark.parametrize(("text", "denier", "claim", "action"), MULTILINGUAL)
def test_statements_in_the_monitored_languages(text: str, denier: str, claim: list[str], action: str) -> None:
    entry = suggest_denial(text)
    roles = {e["name"]: e["role"] for e in entry["entities"]}
    assert [n for n, r in roles.items() if r == "denier"] == [denier], roles
    assert sorted(n for n, r in roles.items() if r == "claim") == sorted(claim), roles
    actions = [g["name"] for g in entry["keywords"] if g["required"] and g["name"] != "place"]
    assert actions == [action], entry["keywords"]
    assert all(not any(w.lower() in g["query"].lower().split() for w in entry.get("cues", {}).get("denial", []))
               for g in entry["keywords"])
    compile_matcher([DenialConfig.model_validate(entry)])


def test_a_generic_action_is_optional_when_a_specific_one_is_there() -> None:
    groups = {g["name"]: g["required"] for g in suggest_denial(
        "Abazyan said Azerbaijani troops shelled Sotk and Jermuk.")["keywords"]}
    assert groups["attack"] and not groups["deployment"]
    groups = {g["name"]: g["required"] for g in suggest_denial(
        "The ministry denied that Armenia agreed that FSB guards would control the road through Meghri.")["keywords"]}
    assert groups["control"] and not groups["agreement"]       # what was agreed is the event


def test_aliases_only_where_folding_does_not_reach() -> None:
    entry = suggest_denial("Hikmet Hajiyev denied reports that Ali Naghiyev met Armen Abazyan near Jermuk and Tərtər.")
    aliases = {e["name"]: e["aliases"] for e in entry["entities"]}
    assert "Гаджиев" in aliases["Hikmet Hajiyev"]           # Russian Г for H: folding keeps them apart
    assert "Нагиев" not in aliases["Ali Naghiyev"]           # folds to the same key: no alias needed
    assert "Dschermuk" in aliases["Jermuk"]                  # German spelling
    assert "Тертер" in aliases["Tərtər"]                     # Russian е for Azerbaijani ə
    assert "Hajiev" in next(e["aliases"] for e in suggest_denial(
        "Хикмет Гаджиев опроверг сообщения о встрече Абазяна и Нагиева.")["entities"] if e["role"] == "denier")


def test_an_institution_denier_gets_its_names_in_the_other_languages() -> None:
    entry = suggest_denial("МИД Грузии опроверг сообщения о том, что сирийские наемники летели через Тбилиси.")
    denier = next(e for e in entry["entities"] if e["role"] == "denier")
    assert {"Georgian Foreign Ministry", "Gürcüstan XİN", "Վրաստանի ԱԳՆ"} <= set(denier["aliases"])
    assert not any(e["name"] in ("Грузии", "Грузия") for e in entry["entities"] if e["role"] == "claim")


def test_the_speakers_city_is_no_claim_name_but_a_city_in_the_claim_is() -> None:
    names = {e["name"]: e["role"] for e in suggest_denial(
        "Speaking in Baku, Foreign Minister Jeyhun Bayramov denied that Armenian officials met in Tbilisi.")["entities"]}
    assert "Baku" not in names and names["Tbilisi"] == "claim"
