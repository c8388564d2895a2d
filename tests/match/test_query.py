"""The boolean query language: a table of queries against texts, and of compile errors."""

from __future__ import annotations

import pytest

from monitor.match.document import Doc
from monitor.match.query import QueryError, Term, evaluate, parse_query, words_of
from monitor.match.types import Document

TITLE = "Security chiefs met in Sugovushan"
TEXT = ("Armenia's NSS head held talks with the Russian commander in the village. "
        "Встреча прошла в Тертере. The international mechanisms were discussed later.")

MATCHES = [
    ("met", True), ("meet*", True), ("agree*", False), ("met AND talks", True), ("met talks", True), ("met AND Paris", False),
    ("Paris OR talks", True), ("met AND NOT Paris", True), ("met NOT talks", False),
    ("(Paris OR London) AND met", False), ("(Paris OR Sugovushan) AND (met OR agreed)", True),
    ('"held talks"', True), ('"talks held"', False), ('"international mechanism*"', True),
    ("встреч*", True), ("Тертер", True), ("Terter", True), ("title:met", True), ("text:met", False),
    ("title:(talks OR Sugovushan)", True), ("text:Sugovushan", False),
    ("NSS NEAR/3 talks", True), ("NSS NEAR/1 talks", False), ("talks ONEAR/5 NSS", False),
    ("NSS ONEAR/5 talks", True), ("(NSS OR KGB) NEAR/4 (talks OR meeting)", True),
    ("mechanism", True), ("discuss", True), ("commanders", True), ("commander", True), ("commandos", False),
]


@pytest.fixture(scope="module")
def doc() -> Doc:
    return Doc.build(Document(id="q", title=TITLE, text=TEXT, language="en"))


@pytest.mark.parametrize(("query", "expected"), MATCHES)
def test_query_table(doc: Doc, query: str, expected: bool) -> None:
    assert (evaluate(parse_query(query), doc) is not None) is expected


ERRORS = [
    ("", "empty query"), ("met AND", "expected a term"), ("(met OR talks", "unbalanced '('"),
    ("met)", "unexpected ')'"), ('"held talks', "unclosed quote"), ("NOT met", "only negative"),
    ("me*t", "wildcard only allowed at the end"), ("*met", "wildcard"), ("m*", "at least 3 letters"),
    ("(met AND talks) NEAR/3 x", "operands must be terms"), ("author:met", "unknown field 'author'"),
    ("met OR OR talks", "expected a term"), ("!!!", "no letters or digits"),
    ("NSS NEAR/ talks", "NEAR/: the distance must be a whole number of words, 1 or more"),
    ("NSS NEAR/0 talks", "NEAR/0: the distance must be"), ("NSS onear/x talks", "onear/x: the distance"),
    ("NSS NEAR/-1 talks", "at column 5"),
]


@pytest.mark.parametrize(("query", "message"), ERRORS)
def test_compile_errors_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=None) as info:
        parse_query(query)
    assert message in str(info.value)


@pytest.mark.parametrize(("text", "found"), [
    ("Two S-300s were seen", True), ("The S-300 launchers", True), ("S-3000 prototypes", False),
    ("F-16s over Nakhchivan", False),
])
def test_a_model_number_takes_the_english_plural(text: str, found: bool) -> None:
    doc = Doc.build(Document(id="x", title="", text=text))
    assert bool(Term(words_of("S-300", "name"), "S-300").spans(doc, None)) is found


@pytest.mark.parametrize(("query", "text", "found"), [
    # the vowel signs of Indic scripts belong to their word: "तैनात*" is one prefix, not "त" + "नात*"
    ("तैनात*", "सेना ने सैनिकों को तैनात किया", True),
    ("तैनात*", "सेना ने नात किया", False),
    # the letters as written count for the wildcard minimum: "ill*" folds to "il*" and is fine
    ("ill*", "Kim was reported gravely ill after surgery", True),
    ("ill*", "Kim attended a parade", False),
])
def test_marks_and_short_wildcards(query: str, text: str, found: bool) -> None:
    doc = Doc.build(Document(id="m", title="", text=text))
    assert (evaluate(parse_query(query), doc) is not None) is found


@pytest.mark.parametrize(("query", "text", "found"), [
    # scripts without spaces: each character is a word, a name is a phrase of characters
    ('"金正恩"', "金正恩氏の健康悪化説", True),
    ('"東京オリンピック"', "東京オリンピックの中止", True),
    ('"金正恩"', "金正日氏", False),
    ('"김정은"', "김정은이 수술을 받았다", True),
])
def test_unsegmented_scripts(query: str, text: str, found: bool) -> None:
    doc = Doc.build(Document(id="c", title="", text=text))
    assert (evaluate(parse_query(query), doc) is not None) is found


# German and Dutch write compounds as one word: an event word of four letters or more is also found
# as their first part (before four letters or more) or, of five letters or more, a later one (after
# four letters or more, then an ending, nothing or another part); only in text of a compounding
# language, never a cue word.
COMPOUNDS = [
    ("Wahlbetrug", "de", "Regierung weist Wahlbetrugsvorwürfe zurück", True),
    ("Angriff", "de", "Ein Cyberangriff auf das Netz der Regierung", True),
    ("Waffen", "de", "Verstösst die Türkei gegen die Chemiewaffenkonvention?", True),
    ("Rolle", "de", "Kontrolle an der Grenze", False),             # a later part needs five letters
    ("Kanone*", "de", "Hat Serbien eine Schallkanone eingesetzt?", True),
    ("fraude", "nl", "Oppositie spreekt van verkiezingsfraude in Georgië", True),
    ("Wahl", "de", "Die Auswahl der Kandidaten", False),         # three letters before: no part
    ("Wahl", "de", "Wahlen und Wahlkampf", True),                 # a first part of four letters
    ("Wahl", "de", "Wahlor ist ein Name", False),                 # two letters after: no part
    ("Wahlbetrug", "en", "Wahlbetrugsvorwürfe", False),           # English text: no compounds
    ("Tod", "de", "Todesschuss an der Grenze", False),            # three letters: too short a part
]

# A name is also the first part of a German or Dutch compound, not the base of a derived word.
NAME_COMPOUNDS = [
    ("Gaza", "de", "Luftangriffe im Gazastreifen", True),
    ("Ukraine", "de", "Ein Jahr Ukrainekrieg", True),
    ("Mali", "de", "Die malische Armee", False),                 # an adjective
    ("Mali", "de", "Ein Bericht über malischer Soldaten", False),
    ("Iran", "de", "Das iranische Atomprogramm", False),          # a vowel follows: an adjective
    ("Kiew", "de", "Die Kiewerin erzählt", False),                # an inhabitant
    ("Gaza", "en", "Gazastreifen", False),                        # English text: no compounds
]


@pytest.mark.parametrize(("name", "language", "text", "found"), NAME_COMPOUNDS)
def test_a_name_is_the_first_part_of_a_compound(name: str, language: str, text: str, found: bool) -> None:
    doc = Doc.build(Document(id="n", title=text, text="", language=language))
    assert bool(Term(words_of(name, "name"), name).spans(doc, None)) is found


@pytest.mark.parametrize(("query", "language", "text", "found"), COMPOUNDS)
def test_compound_parts(query: str, language: str, text: str, found: bool) -> None:
    doc = Doc.build(Document(id="c", title=text, text="", language=language))
    assert (evaluate(parse_query(query), doc) is not None) is found


def test_a_compound_part_passes_the_prefilter() -> None:
    """The matcher's prefilter lets an event word start inside a word (the head of a compound)."""
    from monitor.config.denials import DenialConfig
    from monitor.match import compile_matcher

    rule = DenialConfig.model_validate({
        "id": "mm-genocide", "title": "Myanmar denies genocide", "claim": "Myanmar committed genocide.",
        "entities": [{"name": "Rohingya"}], "min_entities": 1,
        "keywords": [{"name": "genocide", "query": "genocide OR Verbrechen"}]})
    matcher = compile_matcher([rule])
    hits = matcher.classify(Document(id="d", title="Kriegsverbrechen an den Rohingya: Klage in Den Haag",
                                     text="", language="de"))
    assert [h.denial_id for h in hits] == ["mm-genocide"]
    assert not matcher.classify(Document(id="e", title="Kriegsverbrechen an den Rohingya", text="", language="en"))
