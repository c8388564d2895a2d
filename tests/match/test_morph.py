"""Inflection table: one base form per name and script finds its case forms, and only those.

Each row: (base form as an analyst writes it, forms that must match, near misses that must not).
Every base is checked both as an entity alias and as a keyword term.
"""

from __future__ import annotations

import pytest

from monitor.match.document import Doc
from monitor.match.morph import paradigm
from monitor.match.query import Term, words_of
from monitor.match.types import Document

TABLE = [
    # Russian: nouns in -ия / -а, adjectives in oblique cases, surnames
    ("Сирия", "Сирии Сирию Сирией Сирия", "сирена Сириус"),
    ("Грузия", "Грузии Грузию Грузией", "груз грузить грузовик"),
    ("Россия", "России Россию Россией", "Росс"),
    ("Армения", "Армении Арменией Армению", "армянин"),
    ("Москва", "Москвы Москве Москву Москвой", "москвич"),
    ("сирийский", "сирийских сирийского сирийские сирийским сирийская сирийскую сирийской", "Сирия"),
    ("Абазян", "Абазяна Абазяну Абазяном", "Абазянов"),
    ("Нагиев", "Нагиева Нагиевым", "Нагиевич"),
    ("Мурад", "Мурада Мурадом", "Мурадов Мурадова"),
    # Ukrainian
    ("Сирія", "Сирії Сирію Сирією", ""),
    ("Грузія", "Грузії Грузією", ""),
    # Azerbaijani / Turkish: vowel harmony, buffer consonants, suffix chains
    ("Qarabağ", "Qarabağa Qarabağın Qarabağda Qarabağdan Qarabağla Qarabağdakı Qarabağdakılar "
                "Qarabağı Qarabağımız Qarabağdakıların", "Qarabağlı"),
    ("Rusiya", "Rusiyanın Rusiyaya Rusiyada Rusiyadan Rusiyası Rusiyanı Rusiyayla Rusiyadakı", "Rusiyalı"),
    ("Türkiyə", "Türkiyənin Türkiyəyə Türkiyədə Türkiyədən", ""),
    ("Azərbaycan", "Azərbaycanın Azərbaycana Azərbaycanda Azərbaycanla", "Azərbaycanlılar"),
    ("Gürcüstan", "Gürcüstanın Gürcüstandan Gürcüstana", ""),
    ("Suriye", "Suriye'nin Suriyeden Suriyeye", ""),
    ("Gümrü", "Gümrüdəki Gümrüyə Gümrüdə", ""),
    ("Murad", "Murada Muradın", "Muradov Muradova Muradyan"),
    ("Grigor", "Grigora Grigorun", "Grigoryan Grigorian"),
    # Armenian: -ի, -ում, -ից, -ով, -ը/-ն, and -յ- after a vowel
    ("Սիրիա", "Սիրիայի Սիրիայում Սիրիայից Սիրիայով Սիրիան", ""),
    ("Աբազյան", "Աբազյանի Աբազյանին Աբազյանից Աբազյանով Աբազյանը Աբազյանն", ""),
    ("Վրաստան", "Վրաստանի Վրաստանում Վրաստանից Վրաստանով Վրաստանը", ""),
    # Georgian
    ("საქართველო", "საქართველოს საქართველოში საქართველოდან", ""),
    ("სირია", "სირიის სირიაში სირიიდან სირიას", ""),
    ("თბილისი", "თბილისის თბილისში თბილისიდან", ""),
    # Greek: -ος, -ας, -ης change their ending (and romanised Greek text writes the same forms)
    ("Παπαδόπουλος", "Παπαδόπουλου Παπαδόπουλο ΠΑΠΑΔΟΠΟΥΛΟ", "Παπαδοπουλάκης"),
    ("Πέτσας", "Πέτσα Πέτσας", "Πετσέτα"),
]


def _found(base: str, form: str, mode: str) -> bool:
    term = Term(words_of(base, mode), base)
    return bool(term.spans(Doc.build(Document("t", "", f"x {form} y")), None))


@pytest.mark.parametrize("mode", ["name", "inflect"])
@pytest.mark.parametrize(("base", "forms", "misses"), TABLE)
def test_inflected_forms_match_and_near_misses_do_not(base: str, forms: str, misses: str, mode: str) -> None:
    missing = [f for f in forms.split() if not _found(base, f, mode)]
    assert not missing, f"{base} ({mode}) misses {missing}"
    if mode == "name":   # keyword terms also match by Snowball stem, a looser rule by design
        wrong = [f for f in misses.split() if _found(base, f, mode)]
        assert not wrong, f"{base} wrongly matches {wrong}"


def test_a_short_greek_name_declines_as_a_name() -> None:
    """A name's stem may be three letters ("Έβρος" -> "Έβρ-"), a keyword's needs four."""
    assert all(_found("Έβρος", form, "name") for form in ("Έβρου", "Έβρο", "evro"))
    assert not _found("Έβρος", "Εβραίος", "name")


def test_endings_of_one_script_do_not_apply_to_another() -> None:
    # Armenian instrumental -ով folds to "ov": after a Latin token it would make Murad match Muradov
    assert _found("Murad", "Մուրադով", "name")
    assert not _found("Murad", "Muradov", "name")


def test_paradigm_needs_a_stem_of_some_length() -> None:
    assert paradigm("шуша", "cyrillic", min_stem=3)          # Шуши, Шушу ...
    assert not paradigm("шуша", "cyrillic", min_stem=4)
    assert not paradigm("qarabağ", "latin", min_stem=3)       # Latin endings follow the base form


def test_acronym_aliases_match_only_upper_case_words() -> None:
    # "SSS" folds to "s"; it must not match the "s" of "Azerbaijan's"
    assert _found("SSS", "SSS", "name")
    assert not _found("SSS", "Azerbaijan's", "name")
    assert _found("СГБ", "СГБ", "name")


@pytest.mark.parametrize(("name", "alias", "text"), [
    # an alias that folds to the name's own key still declines in its script
    ("Syria", "Сирія", "президент Сирії заявив"),
    ("Serbia", "Сербия", "президент Сербии заявил"),
    ("Georgia", "Грузия", "власти Грузии заявили"),
])
def test_an_alias_folding_to_the_name_keeps_its_case_forms(name: str, alias: str, text: str) -> None:
    from monitor.config.denials import DenialConfig
    from monitor.match.rules import compile_denial

    denial = compile_denial(DenialConfig.model_validate({
        "id": "x", "title": "t", "claim": "c", "entities": [{"name": name, "aliases": [alias]}],
        "keywords": [{"name": "k", "query": "anything"}]}))
    doc = Doc.build(Document(id="1", title=text, text=""))
    assert any(term.spans(doc, None) for term in denial.entities[0].terms)


# Latin-script Slavic text replaces a name's final vowel (the pack's ``stem_vowels``): found only in
# text of that language, never in text of another, and never for a short or acronym base.
LATIN_STEMS = [
    # (base, language of the text, forms that must match, forms that must not)
    ("Bucza", "pl", "Buczy Buczę Buczą Bucza", "Buczek Buczyna"),
    ("Warszawa", "pl", "Warszawy Warszawie Warszawę", "Warszawski"),
    ("Vrbětice", "cs", "Vrbětic Vrběticích Vrbětice", "Vrbno Vrbětka"),
    ("Praha", "cs", "Prahy Prahou", "Prachatice Prahatice"),
    ("Kosovo", "sr", "Kosova Kosovu", "Kosovar"),
    ("Bucza", "en", "Bucza", "Buczy Buczę"),
    ("Bucza", "de", "Bucza", "Buczy"),
    ("Gaza", "pl", "Gaza", "Gazy Gazu"),          # a stem of three letters would be another word
    ("NATO", "pl", "NATO", "NATU"),               # an acronym matches in capitals only, as written
]


@pytest.mark.parametrize(("base", "language", "forms", "misses"), LATIN_STEMS)
def test_a_latin_names_final_vowel_changes_only_in_text_whose_pack_says_so(
        base: str, language: str, forms: str, misses: str) -> None:
    term = Term(words_of(base, "name"), base)

    def found(form: str) -> bool:
        return bool(term.spans(Doc.build(Document("t", "", f"x {form} y", language=language)), None))

    assert [f for f in forms.split() if not found(f)] == []
    assert [f for f in misses.split() if found(f)] == []


# English irregular forms (the pack's ``irregular``) share their base form's stem: a claim word
# "sent" finds "sending", a keyword "met" finds "meets"; other words stay apart.
IRREGULAR = [
    ("sent", "sending sends send", "sentence scent"),
    ("met", "meets meeting meet", "metal"),
    ("fled", "fleeing flees", "fleet"),
    ("shot", "shooting shoots", "shore"),
]


@pytest.mark.parametrize(("word", "same", "other"), IRREGULAR)
def test_irregular_forms_share_a_stem(word: str, same: str, other: str) -> None:
    term = Term(words_of(word, "inflect"), word)
    for text in same.split():
        assert term.spans(Doc.build(Document(id="t", title=text, text="", language="en")), None), (word, text)
    for text in other.split():
        assert not term.spans(Doc.build(Document(id="t", title=text, text="", language="en")), None), (word, text)
