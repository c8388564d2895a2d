"""Zero-config rules on real text: claim words widened to their cognates, names with particles."""

from __future__ import annotations

import pytest

from monitor.config.denials import DenialConfig
from monitor.match import Document, compile_matcher
from monitor.suggest import suggest_denial
from monitor.suggest.keywords import _query_word


@pytest.mark.parametrize(("word", "term"), [
    ("glyphosate", "glyphos*"),           # a rare word: its stem, for Glyphosat, glyphosate
    ("contaminated", "contamin*"),
    ("protesters", "protest*"),
    ("conversations", "convers*"),
    ("international", "international"),   # an everyday word keeps its form, no "internat*"
    ("privately", "privately"),           # an adverb is no "privat*"
    ("interfering", "interfer*"),         # a concept word as before: the engine widens it to every pack
    ("election", "election"),
    ("sonic", "sonic"),                   # a stem equal to the word: the word
    ("camps", "camps"),                   # a stem too short: "camp*" is also "campaign"
])
def test_a_rare_claim_word_is_its_stem(word: str, term: str) -> None:
    assert _query_word(word, "en") == term


def _finds_all_and_not(headline: str, found: list[str], other: str) -> None:
    """The rule suggested from ``headline`` finds every title of ``found`` and not ``other``."""
    matcher = compile_matcher([DenialConfig.model_validate(suggest_denial(headline))])
    for title in found:
        assert matcher.classify(Document(id="i", title=title, text="")), title
    assert not matcher.classify(Document(id="j", title=other, text=""))


@pytest.mark.parametrize(("headline", "found", "other"), [
    ("Serbian authorities deny using a 'sound cannon' against protesters in Belgrade",
     ["Beograd: protest studenata, policija negira upotrebu zvučnog topa",
      "Manifestantes denuncian en Belgrado el uso de un cañón sónico contra la protesta"],
     "Belgrade hosts a trade fair for farm machinery"),
    ("Japan denies that the treated water released from Fukushima is contaminated or harmful",
     ["Fukushima, l'acqua contaminata sarà rilasciata nell'oceano", "Fukushima : la Chine dénonce le rejet d’eau contaminée"],
     "Fukushima hosts the national high school baseball final"),
])
def test_cognates_of_a_rare_claim_word_are_found(headline: str, found: list[str], other: str) -> None:
    _finds_all_and_not(headline, found, other)


@pytest.mark.parametrize(("headline", "name", "not_names"), [
    ("Venezuela's government denies that a 'Cartel de los Soles' led by Maduro exists", "Cartel de los Soles", {"Cartel", "Soles"}),
    ("Mexico denies that the Cartel de Sinaloa financed the campaign", "Cartel de Sinaloa", {"Cartel", "Sinaloa"}),
    ("The State Security Service of Azerbaijan denies the meeting took place in Sugovushan",
     "Sugovushan", {"State", "Azerbaijan"}),
    # an elided particle with its apostrophe: the country's row, not "Côte"
    ("Côte d'Ivoire denies it is a base for destabilising Burkina Faso", "Ivory Coast", {"Côte", "Ivoire"}),
    ("Le Val d’Aosta smentisce che la Forestale abbia abbattuto il lupo", "Val d’Aosta", {"Val", "Aosta"}),
])
def test_a_name_with_particles_is_one_name(headline: str, name: str, not_names: set[str]) -> None:
    names = {e["name"] for e in suggest_denial(headline)["entities"]}
    assert name in names and not names & not_names, names


@pytest.mark.parametrize(("words", "implied"), [
    (["using", "Pegasus"], True),          # "us|ing": a short verb stem with a vowel is a gerund
    (["doing", "business"], True),
    (["selling", "weapons"], True),
    (["government", "agencies", "spied"], True),   # a body of the denier's state, by what it is
    (["the", "army", "used"], False),      # "the" first: the clause as written opens with the article
    (["army", "used"], True),
    (["police", "fired"], True),
    (["king", "Charles"], False),          # "k|ing", "str|ing", "th|ing": no verb stem
    (["string", "theory"], False),
    (["things", "happened"], False),
    (["Pegasus", "was", "used"], False),
])
def test_a_claim_that_leaves_its_subject_to_the_denier(words: list[str], implied: bool) -> None:
    from monitor.suggest.countries import implied_actor

    assert implied_actor(words) is implied


@pytest.mark.parametrize(("headline", "found", "other"), [
    ("Morocco denies using Pegasus spyware against journalists and foreign leaders",
     ["Marruecos, acusado de espionaje con Pegasus", "Pegasus : le Maroc accusé d'espionnage de journalistes"],
     "Mexico used Pegasus spyware against journalists, report says"),    # another state's spying
    ("Mexican Presidency denies government agencies spied on journalists and activists with Pegasus",
     ["México: espionaje del gobierno a periodistas con Pegasus"],
     "Morocco accused of spying on journalists with Pegasus"),
])
def test_the_denier_state_acts_in_a_claim_without_a_subject(headline: str, found: list[str], other: str) -> None:
    _finds_all_and_not(headline, found, other)


# Japanese, Chinese and Korean statements: names from the country and gazetteer rows and katakana,
# the denier the statement's topic or speaker, the event from the packs' concepts (or Japanese kanji words)
@pytest.mark.parametrize(("statement", "denier", "claims", "found", "other"), [
    ("クレムリン、ナワリヌイ氏毒殺への関与を否定", "Kremlin", {"Alexei Navalny"},
     "Navalny was poisoned with Novichok, lab confirms", "Navalny's team holds a rally in Berlin"),
    ("북한, 러시아 파병설 부인", "North Korea", {"Russia"},
     "북한군 러시아 파병 확인", "러시아 경제 성장률 발표"),
    ("中国否认向俄罗斯提供武器", "China", {"Russia"},
     "中国向俄罗斯提供武器", "俄罗斯总统访问北京"),
    ("日本政府は福島の処理水が汚染されているとの主張を否定した", "Japan", {"Japan"},
     "日本の福島で処理水の放出始まる", "日本の首相が訪米"),
])
def test_a_cjk_statement_gives_a_rule(statement: str, denier: str, claims: set[str], found: str, other: str) -> None:
    entry = suggest_denial(statement)
    assert {e["name"] for e in entry["entities"] if e["role"] == "denier"} == {denier}
    assert {e["name"] for e in entry["entities"] if e["role"] == "claim"} == claims
    assert any(g["required"] for g in entry["keywords"])
    matcher = compile_matcher([DenialConfig.model_validate(entry)])
    assert matcher.classify(Document(id="i", title=found, text="")), found
    assert not matcher.classify(Document(id="j", title=other, text=""))


def test_cjk_names_do_not_overlap_and_skip_event_words() -> None:
    from monitor.suggest.cjk import cjk_names

    text = "クレムリン、ナワリヌイ氏毒殺への関与を否定"
    assert [n for _, _, n, _ in cjk_names(text, set())] == ["Kremlin", "Alexei Navalny"]
    assert [n for _, _, n, _ in cjk_names("ワクチンの供与", set(range(0, 4)))] == []   # an event word, no name


@pytest.mark.parametrize(("headline", "minimum", "found", "other"), [
    # "exists" says nothing of an event; a name of words joined by particles is one organisation,
    # as specific as an event: it alone makes the claim
    ("Venezuela's government denies that a 'Cartel de los Soles' led by Maduro exists", 1,
     "El Cártel de los Soles: origen y estructura", "Maduro inaugura una escuela en Caracas"),
    # a two-word name with no particle and no event: two names as before
    ("Venezuela's government denies that Diosdado Cabello met Nicolás Maduro", 2,
     "Diosdado Cabello met Nicolás Maduro in Caracas", "Nicolás Maduro visits Moscow"),
])
def test_an_organisation_named_with_particles_is_specific(headline: str, minimum: int, found: str, other: str) -> None:
    entry = suggest_denial(headline)
    assert entry["min_entities"] == minimum
    assert not any(g["query"].startswith("exist") for g in entry["keywords"])
    matcher = compile_matcher([DenialConfig.model_validate(entry)])
    assert matcher.classify(Document(id="i", title=found, text="")), found
    assert not matcher.classify(Document(id="j", title=other, text=""))
