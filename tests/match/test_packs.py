"""Language packs: every pack loads and fills every section; one guesser; packs drive the matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monitor import match
from monitor.match.document import Doc
from monitor.match.lang import (
    PackError,
    codes,
    language_of,
    load_data_yaml,
    missing_sections,
    packs,
    parse_pack,
)
from monitor.match.types import Document

REQUIRED = ("en", "ru", "uk", "az", "tr", "hy", "ka", "fa", "ar", "he", "fr", "de", "es", "it", "pt", "el", "pl", "ja", "zh", "ko", "nl",
            "sr", "hu", "ro", "id", "ms", "cs", "sk")


def test_the_twenty_languages_are_packed() -> None:
    assert set(REQUIRED) <= set(codes())


@pytest.mark.parametrize("code", REQUIRED)
def test_every_pack_fills_every_section(code: str) -> None:
    assert missing_sections(packs()[code]) == []


def test_a_bad_pack_names_its_file_and_section() -> None:
    with pytest.raises(PackError, match=r"xx.yaml: cues.denial: expected a list"):
        parse_pack({"code": "xx", "cues": {"denial": "nope"}}, "xx.yaml")
    with pytest.raises(PackError, match=r"xx.yaml: cues: unknown categories \['denail'\]"):
        parse_pack({"code": "xx", "cues": {"denail": ["x"]}}, "xx.yaml")
    with pytest.raises(PackError, match=r"xx.yaml: irregular: expected a mapping"):
        parse_pack({"code": "xx", "irregular": ["sent", "send"]}, "xx.yaml")


@pytest.mark.parametrize(("declared", "text", "code"), [
    ("pt-BR", "", "pt"), ("EN", "", "en"), ("ja", "", "ja"), ("sv", "", None),
    (None, "Ο υπουργός αρνήθηκε ότι συναντήθηκε με τον αρχηγό των ανταρτών", "el"),
    (None, "Ministrul a negat că s-a întâlnit cu liderul rebelilor la granița de nord", "ro"),
    (None, "Ministerstvo popřelo, že se ministr setkal s vůdcem rebelů na severní hranici", "cs"),
    (None, "Ministerstvo poprelo, že sa minister stretol s vodcom rebelov na severnej hranici", "sk"),
    (None, "Nazir bildirib ki, belə bir görüş olmayıb və məlumatlar həqiqəti əks etdirmir", "az"),
    (None, "Bakan, böyle bir görüşmenin gerçekleşmediğini ve haberlerin asılsız olduğunu söyledi", "tr"),
    (None, "وزیر خارجه این گزارش‌ها را تکذیب کرد و گفت چنین دیداری انجام نشده است", "fa"),
])
def test_one_guesser_resolves_the_language_once(declared: str | None, text: str, code: str | None) -> None:
    assert language_of(declared, text) == code
    assert Doc.build(Document(id="x", title="", text=text, language=declared)).lang == code


def test_endings_of_a_pack_count_only_in_its_language() -> None:
    from monitor.match.query import evaluate, parse_query

    # Polish dative "Putinowi": a Polish ending, not one of the shared ones
    query = parse_query("Putin")
    polish = Doc.build(Document(id="p", title="", text="List do Putinowi", language="pl"))
    english = Doc.build(Document(id="e", title="", text="List do Putinowi", language="en"))
    assert evaluate(query, polish) is not None
    assert evaluate(query, english) is None


@pytest.mark.parametrize("code", REQUIRED)
def test_clause_marks_are_no_quotes(code: str) -> None:
    # an apostrophe is inside words ("Georgia's"), quotes wrap what someone said: neither ends a clause
    assert not set(packs()[code].clause_marks) & {"'", "’", '"', "“", "”", "«", "»", "「", "」"}


def test_a_language_without_spaces_gets_its_cues() -> None:
    from monitor.match.types import Verdict
    from tests.match.conftest import classify, make_matcher

    rule = {"id": "kim", "title": "t", "claim": "Kim Jong Un is gravely ill after surgery.",
            "entities": [{"name": "Kim Jong Un", "aliases": ["金正恩"]}],
            "keywords": [{"name": "illness", "query": "surgery OR ill"}], "min_entities": 1}
    hits = classify(make_matcher(rule), "韓国大統領府、金正恩氏の健康悪化説を否定", language="ja")
    assert [h.verdict for h in hits] == [Verdict.MATCH]
    hits = classify(make_matcher(rule), "金正恩氏が手術後に重体と報道", language="ja")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT]


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(match.__file__).parent).glob("*.yaml"))
                         + sorted(f"lang/{p.name}" for p in (Path(match.__file__).parent / "lang").glob("*.yaml")))
def test_data_files_load_alike_with_libyaml(name: str) -> None:
    """The matcher's data files are read with libyaml's loader where PyYAML has it (about eight
    times faster): each gives what PyYAML's own safe loader gives."""
    text = (Path(match.__file__).parent / name).read_text(encoding="utf-8")
    assert load_data_yaml(text) == yaml.safe_load(text)
