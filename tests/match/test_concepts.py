"""Event concepts of the language packs: a rule's claim words reach every packed language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from monitor.cli import rules as cli
from monitor.match.query import QueryError, expand_concepts, parse_query
from monitor.match.types import Verdict
from tests.match.conftest import MEETING_DENIAL, classify, make_matcher

# The VERDICTS.md meeting rule has meeting words in en, ru, az only.
CROSS_LINGUAL = [
    ("el", "Ο υπουργός Καρίμοφ συναντήθηκε με τον Νταβλέτοφ στο Zarechye, λένε πηγές", Verdict.CONTRADICT),
    ("es", "El ministro Karimov se reunió con Davletov en Zarechye, según testigos", Verdict.CONTRADICT),
    ("pl", "Minister Karimow spotkał się z Dawletowem w Zarechye, twierdzą świadkowie", Verdict.CONTRADICT),
    ("de", "Ministerium dementiert Treffen von Karimow und Dawletow in Zarechye", Verdict.MATCH),
    ("fr", "Le ministère dément toute rencontre entre Karimov et Davletov à Zarechye", Verdict.MATCH),
    ("hu", "A minisztérium cáfolja, hogy Karimov találkozott Davletovval Zarechye-ben", Verdict.MATCH),
]


@pytest.mark.parametrize(("lang", "title", "verdict"), CROSS_LINGUAL)
def test_a_claim_in_a_language_the_rule_does_not_list(lang: str, title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MEETING_DENIAL), title, language=lang)
    assert [h.verdict for h in hits] == [verdict], hits


def test_concept_words_count_only_in_text_of_their_language() -> None:
    # Spanish "reunió" in a text declared Italian is not the Spanish word
    hits = classify(make_matcher(MEETING_DENIAL), "Karimov reunió Davletov a Zarechye", language="it")
    assert hits == []


def test_expansion_records_the_concept_and_the_rule_term() -> None:
    node, expanded = expand_concepts(parse_query("killed OR journalists OR (talks AND NOT meetings)"))
    assert expanded == (("kill", "killed"), ("meet", "talks"))
    # a NOT is never widened, and a word outside every concept stays as it is
    _, none = expand_concepts(parse_query("journalists AND NOT killed"))
    assert none == ()


def test_a_group_can_name_a_concept() -> None:
    rule = dict(MEETING_DENIAL, keywords=[{"name": "meeting", "query": "@meet"}])
    hits = classify(make_matcher(rule), "Karimov et Davletov se sont rencontrés à Zarechye", language="fr")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT]
    with pytest.raises(QueryError, match=r"unknown event concept '@meat' at column 1 \(known: @abortion, @abuse, @agree"):
        parse_query("@meat")


def test_test_rule_shows_what_was_expanded_and_why_a_term_matched(tmp_path: Path) -> None:
    path = tmp_path / "monitor.yaml"
    path.write_text(yaml.safe_dump({"database": {"url": f"sqlite:///{tmp_path / 'm.db'}"},
                                    "feeds": [{"name": "wire", "url": "http://127.0.0.1:9/feed"}],
                                    "denials": [MEETING_DENIAL]}, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli.test_rule, ["zarechye-meeting", "--config", str(path), "--language", "pl",
                                                "--text", "Minister Karimow spotkał się z Dawletowem w Zarechye"])
    assert result.exit_code == 0, result.output
    assert "expanded into every packed language: @meet (from 'meet*', 'met', 'meeting', 'talks'" in result.output
    assert "term 'spotka*' [@meet, pl]: text[17:24] 'spotkał'" in result.output


# (rule term, concepts it reaches): concepts are found on the words as written, not on folded keys
# (which merge scripts and letters)
TERM_CONCEPTS = [
    ("support*", ("support",)),
    ("involv*", ("involve",)),
    ("laborator*", ("laboratory",)),
    ("biolab*", ("biological",)),
    ("interfer*", ("interfere",)),
    ("election*", ("election",)),
    ("troops", ("troops",)),
    ("smuggl*", ("smuggle",)),
    ("drone*", ("drone",)),
    ("leak*", ("leak",)),
    ("escap*", ("leak",)),
    ("плотин*", ("dam",)),   # a dam: folds to "plotin", which is no "plot*"
    ("aggressive", ()),      # folds like "agree*"
    ("kidnapped", ("kidnap",)),
    ("entführt", ("forced_landing", "kidnap")),   # German writes a hijacking and a kidnapping alike
    ("sanctuar*", ("harbour",)),
    ("cover-up", ("cover_up",)),
    ("recall", ("withdraw",)),
    ("laundering", ("launder",)),
    ('"oil spill"', ("spill",)),
    ("civilians", ("civilians",)),
    ('"military base"', ("base",)),
    ("base", ()),            # a bare base is a database, a voter base, a base price
    ("plan*", ("plot",)),    # no French "planque" (a hideout) for a plan, no English "plane"
    ("outbreak", ("outbreak",)),
    ('"state of emergency"', ("outbreak",)),
    ("krank*", ("illness",)),    # German "Krankenhäuser überlastet" is a phrase: no outbreak for "krank*"
    ('"aid convoy"', ("aid",)),
    ("aid", ()),             # a bare aid is military or economic aid too: phrases only
    ("disappear*", ("disappear",)),
    ('"enforced disappearance"', ("disappear", "kidnap")),   # the one phrase of both, deliberately
    ("deport*", ("deport",)),
    ("pushback*", ("deport",)),
    ('"opened fire"', ("shoot",)),
    ("shoot*", ("shoot",)),
    ("fired", ("dismiss",)),  # "fired" is a dismissal too: no bare "fired" in @shoot
    ("doping", ("doping",)),
    ("slave*", ("forced_labour",)),
    ("annex*", ("annex",)),
    ("mediat*", ("mediate",)),
    ('"shell companies"', ("offshore",)),
    ("offshore", ("offshore",)),
    ("sabotage", ("sabotage",)),
    ('"tear gas"', ("tear_gas",)),
    ("aircraft", ("plane",)),
    ("internment", ("camp",)),
    ('"internment camps"', ("camp",)),
    ("camp*", ()),           # a bare camp is a refugee, army or summer camp: phrases only
    ("rockets", ("weapons",)),
    ("divert*", ("forced_landing",)),
    ("spyware", ()),         # a spyware rule is about one tool: not widened to every spying story
    ("execution*", ()),      # nor an execution video to every killing (tried: as many hard negatives as hits)
]


@pytest.mark.parametrize(("term", "expected"), TERM_CONCEPTS)
def test_the_concepts_of_a_rule_term(term: str, expected: tuple[str, ...]) -> None:
    _, expanded = expand_concepts(parse_query(term))
    assert tuple(dict.fromkeys(c for c, _ in expanded)) == expected


SUPPORT = {
    "id": "backing", "title": "t", "claim": "Freedonia backs the Gruppa rebels.",
    "entities": [{"name": "Freedonia"}, {"name": "Gruppa"}, {"name": "Freedonian government", "role": "denier"}],
    "keywords": [{"name": "support", "query": "support* OR backing"}],
    "min_entities": 2,
}
INVOLVEMENT = dict(SUPPORT, id="involvement", keywords=[{"name": "role", "query": "involv* OR role"}])

# (rule, language, title, hit): the claim's event in words of a language the rule does not list
PARAPHRASE = [
    (SUPPORT, "de", "Freedonia unterstützt die Gruppa-Rebellen, sagt ein UN-Bericht", True),
    (SUPPORT, "it", "Il sostegno della Freedonia ai ribelli di Gruppa, secondo l'ONU", True),
    (SUPPORT, "ar", "تقرير: دعم Freedonia لحركة Gruppa", True),
    (SUPPORT, "de", "Freedonia und Gruppa: ein Fußballspiel am Sonntag", False),
    (INVOLVEMENT, "de", "Freedonia weist Beteiligung an Gruppa-Angriff zurück", True),
    (INVOLVEMENT, "es", "La implicación de Freedonia con Gruppa, según el informe", True),
    (INVOLVEMENT, "es", "Freedonia y Gruppa firman un acuerdo comercial", False),
]


CRASH = {
    "id": "crash", "title": "t", "claim": "Gorvin had the jet carrying Petrakov brought down.",
    "entities": [{"name": "Petrakov"}, {"name": "Gorvin"}, {"name": "Kremlin", "role": "denier"}],
    "keywords": [{"name": "crash", "query": "crash*"}],
    "min_entities": 2,
}


@pytest.mark.parametrize(("title", "hit"), [
    # without denial wording the denier stands in for a missing claim name only beside a specific
    # event (two words the rule joins); a concept's two-word phrase is one word of the event, as
    # the rule's "crash*" is
    ("Kremlin flags at half mast after Petrakov plane crash", False),
    ("Kremlin denies Gorvin ordered Petrakov plane crash", True),
    # denying, beside one claim name, the named denier stands in for a one-word event too
    ("Kremlin denies any role in Petrakov plane crash", True),
])
def test_a_concept_phrase_is_one_word_for_the_stand_in(title: str, hit: bool) -> None:
    hits = classify(make_matcher(CRASH), title, language="en")
    assert bool(hits) is hit, hits


# Concepts of the weapon, device and incident words news uses for a denied event (explosions,
# white phosphorus, pagers, a forced landing, cancer): the rule writes them in English only.
DEPOT = dict(SUPPORT, id="depot", claim="Freedonian agents blew up the Gruppa depot.",
             entities=[{"name": "Gruppa"}], keywords=[{"name": "blast", "query": "explosion* OR blast"}], min_entities=1)
SHELLS = dict(DEPOT, id="shells", claim="The army fired white phosphorus shells on Gruppa.",
              keywords=[{"name": "wp", "query": '"white phosphorus"'}])
BEEPERS = dict(DEPOT, id="beepers", claim="Freedonia supplied the pagers that blew up in Gruppa.",
               keywords=[{"name": "pagers", "query": "pager*"}])
PLANE = dict(SUPPORT, id="plane", claim="Freedonia forced the Gruppa flight to land.",
             keywords=[{"name": "landing", "query": 'hijack* OR "forced landing"'}])
TUMOUR = dict(DEPOT, id="tumour", claim="The Gruppa weedkiller causes cancer.",
              keywords=[{"name": "cancer", "query": "cancer*"}])
VENOM = dict(DEPOT, id="venom", claim="Agents poisoned Gruppa with a nerve agent.",
             keywords=[{"name": "poison", "query": "poison*"}])
KIDNAP = dict(DEPOT, id="kidnap", keywords=[{"name": "kidnap", "query": "kidnapped"}])
SPILL = dict(DEPOT, id="spill", keywords=[{"name": "spill", "query": '"oil spill"'}])
CIVILIANS = dict(DEPOT, id="civilians", keywords=[{"name": "civilians", "query": "civilians"}])
BASE = dict(DEPOT, id="base", keywords=[{"name": "base", "query": '"military base"'}])
RECALL = dict(DEPOT, id="recall", keywords=[{"name": "recall", "query": "withdrawn"}])
LAUNDER = dict(DEPOT, id="launder", keywords=[{"name": "launder", "query": "laundering"}])
HARBOUR = dict(DEPOT, id="harbour", keywords=[{"name": "harbour", "query": "harbouring"}])
COVER_UP = dict(DEPOT, id="cover-up", keywords=[{"name": "cover-up", "query": "cover-up"}])
OUTBREAK = dict(DEPOT, id="outbreak", keywords=[{"name": "outbreak", "query": "outbreak"}])
AID = dict(DEPOT, id="aid", keywords=[{"name": "aid", "query": '"aid convoy"'}])
MISSING = dict(DEPOT, id="missing", keywords=[{"name": "missing", "query": "disappeared"}])
DEPORT = dict(DEPOT, id="deport", keywords=[{"name": "deport", "query": "deported"}])
SHOOT = dict(DEPOT, id="shoot", keywords=[{"name": "shoot", "query": '"opened fire"'}])
DOPING = dict(DEPOT, id="doping", keywords=[{"name": "doping", "query": "doping"}])
SLAVERY = dict(DEPOT, id="slavery", keywords=[{"name": "slavery", "query": "slavery"}])
ANNEX = dict(DEPOT, id="annex", keywords=[{"name": "annex", "query": "annexation"}])
MEDIATE = dict(DEPOT, id="mediate", keywords=[{"name": "mediate", "query": "mediation"}])
OFFSHORE = dict(DEPOT, id="offshore", keywords=[{"name": "offshore", "query": '"shell companies"'}])
SABOTAGE = dict(DEPOT, id="sabotage", keywords=[{"name": "sabotage", "query": "sabotage"}])
TEAR_GAS = dict(DEPOT, id="tear-gas", keywords=[{"name": "gas", "query": '"tear gas"'}])
AIRCRAFT = dict(DEPOT, id="aircraft", keywords=[{"name": "aircraft", "query": "aircraft"}])
CAMP = dict(DEPOT, id="camp", keywords=[{"name": "camp", "query": '"internment camps"'}])
MISSILE = dict(DEPOT, id="missile", keywords=[{"name": "missile", "query": "missile*"}])
SURVEILLANCE = dict(DEPOT, id="surveillance", keywords=[{"name": "spy", "query": "surveillance"}])
KILLING = dict(DEPOT, id="killing", keywords=[{"name": "kill", "query": "killed"}])
NEW_CONCEPTS = [
    (OUTBREAK, "ru", "Вспышка вируса в Gruppa: больницы переполнены", True),
    (OUTBREAK, "de", "Ausnahmezustand in Gruppa: Virus überlastet Krankenhäuser", True),
    (OUTBREAK, "es", "Gruppa: hospitales colapsados por el brote", True),
    (OUTBREAK, "de", "Gruppa erinnert an den Kriegsausbruch", False),    # an outbreak of war
    (AID, "fr", "Un convoi humanitaire bloqué à Gruppa", True),
    (AID, "ar", "شاحنات المساعدات تصل إلى Gruppa", True),
    (AID, "en", "More military aid for Gruppa", False),
    (MISSING, "es", "La desaparición de un activista de Gruppa", True),
    (MISSING, "it", "Gruppa, attivista scomparso da un mese", True),
    (DEPORT, "fr", "Gruppa expulse des centaines de migrants", True),
    (DEPORT, "it", "Respingimenti di migranti verso Gruppa", True),
    (DEPORT, "pl", "Gruppa wydała oświadczenie", False),   # "wydała" (issued) is no "wydalenie" (expulsion)
    (SHOOT, "ru", "Военные открыли огонь по демонстрантам в Gruppa", True),
    (SHOOT, "de", "Demonstranten in Gruppa erschossen", True),
    (SHOOT, "de", "Gruppa-Untersuchungsausschüsse tagen", False),     # no "Schüsse" in a committee
    (DOPING, "ja", "Gruppaの選手にドーピング疑惑", True),
    (DOPING, "fr", "Des nageurs de Gruppa contrôlés positifs", True),
    (SLAVERY, "pt", "Operários da Gruppa em condições análogas à escravidão", True),
    (SLAVERY, "zh", "Gruppa工地涉嫌强迫劳动", True),
    (ANNEX, "pl", "Gruppa planuje aneksję regionu", True),
    (ANNEX, "pl", "Aneks do umowy z Gruppa", False),    # an annex to a contract
    (MEDIATE, "de", "Gruppa bietet Vermittlung im Konflikt an", True),
    (MEDIATE, "en", "Gruppa media blackout continues", False),
    (OFFSHORE, "fr", "Les sociétés écrans de Gruppa", True),
    (OFFSHORE, "ru", "Офшоры Gruppa раскрыты", True),
    (SABOTAGE, "ru", "Диверсия на объекте Gruppa", True),
    (SABOTAGE, "pl", "Sabotaż w zakładach Gruppa", True),
    (TEAR_GAS, "fr", "La police a tiré des gaz lacrymogènes sur Gruppa", True),
    (TEAR_GAS, "tr", "Polis Gruppa önünde biber gazı kullandı", True),
    (AIRCRAFT, "ru", "Самолет Gruppa разбился", True),
    (AIRCRAFT, "fr", "L'avion de Gruppa a disparu des radars", True),
    (AIRCRAFT, "en", "Gruppa plans a new depot", False),    # "plans" is no plane
    (CAMP, "de", "Gruppa betreibt Umerziehungslager", True),
    (CAMP, "zh", "Gruppa集中营的幸存者", True),
    (CAMP, "de", "Gruppa: Lager voll, Lieferung verzögert", False),   # a warehouse
    (MISSILE, "fr", "Une roquette tirée sur Gruppa", True),
    (MISSILE, "en", "Gruppa shares rocket after results", False),
    (KILLING, "en", "Gruppa prisoners executed, witnesses say", True),
    (KILLING, "en", "Gruppa executives meet investors", False),    # "executed" stems as "executive" does
    (PLANE, "en", "Freedonia diverted the Gruppa flight", True),
    (SURVEILLANCE, "de", "Gruppa nutzte Spähsoftware", True),
    (KIDNAP, "de", "Gruppa-Manager in Nairobi entführt", True),
    (KIDNAP, "es", "Secuestran a un directivo de Gruppa en Nairobi", True),
    (KIDNAP, "de", "Gruppa-Flug zur Landung gezwungen", False),   # a forced landing is no kidnapping
    (SPILL, "it", "Fuoriuscita di petrolio dalla raffineria Gruppa", True),
    (SPILL, "pt", "Vazamento de óleo da Gruppa atinge praias", True),
    (SPILL, "it", "Gruppa, fuoriuscita di dati dei clienti", False),   # a leak of data is no spill
    (CIVILIANS, "ru", "Удар по Gruppa: погибли десять мирных жителей", True),
    (CIVILIANS, "de", "Gruppa: Angriff traf Zivilisten", True),
    (CIVILIANS, "tr", "Gruppa sivil toplum kuruluşlarıyla görüştü", False),   # civil society
    (BASE, "zh", "Gruppa在柬埔寨修建军事基地", True),
    (BASE, "de", "Gruppa baut Stützpunkt in Kambodscha aus", True),
    (BASE, "zh", "Gruppa新能源汽车生产基地投产", False),   # a production base
    (BASE, "es", "Gruppa actualiza su base de datos", False),
    (RECALL, "it", "Il farmaco Gruppa ritirato dal mercato", True),
    (RECALL, "ru", "Gruppa отозвала партию лекарства", True),
    (LAUNDER, "ru", "Дело Gruppa: отмывание денег через офшоры", True),
    (LAUNDER, "de", "Gruppa-Chef wegen Veruntreuung angeklagt", True),
    (HARBOUR, "fr", "Le pays abrite les chefs de Gruppa", True),
    (HARBOUR, "de", "Gruppa findet Unterschlupf im Nachbarland", True),
    (COVER_UP, "de", "Gruppa-Skandal vertuscht, sagt ein Bericht", True),
    (COVER_UP, "zh", "Gruppa隐瞒事故真相", True),

    (VENOM, "ja", "Gruppaに神経剤使用、検査で確認", True),
    (VENOM, "ko", "Gruppa 독극물 피격", True),
    (VENOM, "zh", "有人向Gruppa投毒", True),
    (VENOM, "ja", "Gruppaの新しい研究施設", False),
    (DEPOT, "de", "Explosion im Gruppa-Depot: Ermittler prüfen Sabotage", True),
    (DEPOT, "ru", "Взрывы на складе Gruppa: следствие ищет виновных", True),
    (DEPOT, "ja", "Gruppaの倉庫で爆発、原因を調査", True),
    (DEPOT, "de", "Gruppa eröffnet ein neues Depot in der Stadt", False),
    (SHELLS, "it", "L'esercito nega l'uso di fosforo bianco su Gruppa", True),
    (SHELLS, "ko", "Gruppa에 백린탄 사용 논란", True),
    (SHELLS, "tr", "Gruppa'ya beyaz fosfor bombaları atıldı", True),
    (SHELLS, "it", "L'esercito nega l'uso di artiglieria su Gruppa", False),
    (BEEPERS, "ja", "Gruppaでポケベル一斉爆発", True),
    (BEEPERS, "zh", "Gruppa寻呼机爆炸事件", True),
    (PLANE, "de", "Freedonia: Gruppa-Flug zur Landung gezwungen", True),
    (PLANE, "fr", "Avion de Gruppa détourné par la Freedonia", True),
    (PLANE, "de", "Freedonia: Gruppa-Flug landet pünktlich", False),
    (TUMOUR, "it", "Gruppa, nuovo processo: legame con il cancro", True),
    (TUMOUR, "de", "Gruppa-Unkrautvernichter krebserregend, sagt ein Gutachten", True),
    (TUMOUR, "de", "Gruppa-Unkrautvernichter: ein Gutachten zur Wirkung", False),
]


@pytest.mark.parametrize(("rule", "language", "title", "hit"), PARAPHRASE + NEW_CONCEPTS)
def test_a_paraphrased_event_in_another_language(rule: dict[str, object], language: str, title: str,
                                                 hit: bool) -> None:
    hits = classify(make_matcher(rule), title, language=language)
    assert bool(hits) is hit, hits


def test_a_chinese_refusal_to_admit_is_denial_wording() -> None:
    hits = classify(make_matcher(VENOM), "克里姆林宫不承认向Gruppa投毒", language="zh")
    assert [h.verdict for h in hits] == [Verdict.MATCH], hits


def test_only_the_concepts_a_rule_reaches_are_built() -> None:
    # the index that finds a rule term's concepts is read from the phrases as written; a concept's
    # Terms (stems, paradigms, patterns in every pack) are built only when a rule brings it in
    from monitor.match import query

    query.concept_terms.cache_clear()
    query._concept_index.cache_clear()
    _, expanded = expand_concepts(parse_query("killed"))
    assert [c for c, _ in expanded] == ["kill"]
    assert query.concept_terms.cache_info().currsize == 1
