"""The suggester's word lists and gazetteer (``lexicon.yaml``), loaded once, and the word tests on them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from monitor.match.countries import countries
from monitor.match.normalize import fold, script_of

_RAW: dict[str, Any] = yaml.safe_load((Path(__file__).with_name("lexicon.yaml")).read_text(encoding="utf-8"))


def _set(key: str) -> frozenset[str]:
    return frozenset(_RAW[key])


def _tuple(key: str) -> tuple[str, ...]:
    return tuple(_RAW[key])


def _alternation(key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("^(" + "|".join(map(re.escape, _RAW[key])) + ")s?$", flags)


Span = tuple[int, int]
STOP = _set("stop")
NATIONALITY = _alternation("nationality")              # nationality adjectives: "Turkish", "erməni"
# capitalised words that are no claim name of their own: faiths and their people, feasts
NOT_NAMES = _set("not_names")
ROLE = re.compile("^(" + "|".join(map(re.escape, _RAW["roles"])) + ")$", re.IGNORECASE)
INSTITUTION = re.compile(r"\b(" + "|".join(map(re.escape, _RAW["institution_words"])) + r")\b", re.IGNORECASE)
COMPASS = _set("compass")
LINK_HEADS, LINK_MODIFIERS = _set("link_heads"), _set("link_modifiers")
LINE_MOVE: str = _RAW["line_move"]
LINE_WORDS: str = _RAW["line_words"]
LINE_STEMS = _tuple("line_stems")
GAZETTEER: list[list[str]] = [[f.strip() for f in row.split("|")] for row in _RAW["gazetteer"]]
PLACE_ROWS = {fold(form): row for row in GAZETTEER for form in row}
CAPITAL_OF: dict[str, str] = dict(_RAW["capitals"])
# Capitals: a capital in the claim ("via Tbilisi airport") is a claim name; the speaker's is not
CITIES = frozenset(fold(f) for row in GAZETTEER if row[0] in CAPITAL_OF for f in row if f[:1].isupper()) | {
    fold(c) for c in _RAW["extra_cities"]}
# Names too common in the region's news to count as claim entities, in every form of the gazetteer
_COMMON = frozenset(fold(n) for n in _RAW["common_places"])
COMMON_PLACES = _COMMON | frozenset(fold(f) for row in GAZETTEER if fold(row[0]) in _COMMON
                                    for f in row if f[:1].isupper())
# the gazetteer's rows (with their case forms) first, then every other country the match engine
# knows (names, adjectives, capitals in the packed languages; a ``*`` stem as its stem)
COUNTRY_ROWS = [row for row in GAZETTEER if row[0] in _RAW["country_rows"]]
COUNTRY_ROWS += [[f.rstrip("*") for f in row] for row in countries() if row[0] not in _RAW["country_rows"]]
CASE_ENDINGS: dict[str, list[str]] = {k: sorted(v, key=len, reverse=True) for k, v in _RAW["case_endings"].items()}
OBLIQUE_ENDINGS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _RAW["oblique_endings"].items()}
INSTITUTION_HEADS = _set("institution_heads")
AZ_LETTERS = re.compile("[" + _RAW["azeri_letters"] + "]")
VOWELS: str = _RAW["vowels"]
PLACE_ENDINGS = _tuple("place_endings")
TITLE_WORDS, TITLE_PREFIXES = _set("title_words"), _tuple("title_prefixes")
SPEECH, SPEECH_PREFIXES, SPEECH_WORDS = _set("speech"), _tuple("speech_prefixes"), _set("speech_words")
CLAIM_MARKERS, POSTPOSITIONS, MILITARY_PREFIX = _set("claim_markers"), _set("postpositions"), _set("military_prefix")
PLACE_WORDS = _tuple("place_words")
INSTITUTION_STEMS, INSTITUTION_ACRONYMS = _tuple("institution_stems"), _set("institution_acronyms")
INSTITUTION_KINDS: list[tuple[str, re.Pattern[str], list[str]]] = [
    (k["kind"], re.compile(k["pattern"], re.IGNORECASE), list(k["forms"])) for k in _RAW["institution_kinds"]]
COUNTRY_FORMS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _RAW["country_forms"].items()}
GEO_FEATURES, ORG_HEADS, ADMIN_UNITS = _set("geo_features"), _tuple("org_heads"), _set("admin_units")
DIRECTIONAL, DIRECTIONAL_ENDINGS = _set("directional"), _tuple("directional_endings")
SHORT_ENDINGS, LOCATIVE, AUXILIARIES = _set("short_endings"), _set("locative"), _set("auxiliaries")
SEPARABLE: dict[str, str] = dict(_RAW["separable"])
GENERIC_CONCEPTS: dict[str, float] = dict(_RAW["generic_concepts"])
LOGISTICS, CARGO, OBJECTS = _set("logistics"), _set("cargo"), _set("objects")
RELATIONAL = _set("relational_concepts")
EXTRA_COUNTRIES: tuple[tuple[str, ...], ...] = tuple(tuple(str(f) for f in row) for row in _RAW["extra_countries"])
IMPLIED_SUBJECT, GERUND_ENDINGS = _set("implied_subject"), _tuple("gerund_endings")
NAME_PARTICLES = _set("name_particles")
ELIDED_PARTICLES = _set("elided_particles")
CONCEPTS: dict[str, tuple[str, str]] = {k: (v["name"], v["query"]) for k, v in _RAW["concepts"].items()}
_NOT_TITLE_INFIXES, _NOT_TITLE_PREFIXES = _tuple("not_title_infixes"), _tuple("not_title_prefixes")
_INSTITUTION_ENDINGS, _REGION_ENDINGS = _tuple("institution_endings"), _tuple("region_adjective_endings")
_REGION_ADJECTIVE = re.compile("(" + "|".join(_REGION_ENDINGS) + ")s?$")


def is_region_adjective(words: list[str]) -> bool:
    """A nationality or region adjective, alone or after compass words ("South Ossetian"): it only
    says where or whose, a place term rather than a claim name."""
    if not words or not all(w.lower() in COMPASS for w in words[:-1]):
        return False
    last = words[-1]
    return bool(NATIONALITY.match(last)) or (len(words) > 1 and bool(_REGION_ADJECTIVE.search(last)))


def is_title(word: str) -> bool:
    """A title or function word ("Presidential", "aide", "Минобороны" is not one, "помощник" is)."""
    low = word.lower().rstrip(".")
    if any(i in low for i in _NOT_TITLE_INFIXES) or low.startswith(_NOT_TITLE_PREFIXES):
        return False                       # Bakanlığı (ministry), Başkanlığı (presidency)
    return low in TITLE_WORDS or (len(low) > 3 and low.startswith(TITLE_PREFIXES))


def is_speech(word: str) -> bool:
    """A verb of saying: its subject is the speaker of the statement."""
    low = word.lower()
    return low in SPEECH or low in SPEECH_WORDS or (
        len(low) > 4 and low.startswith(SPEECH_PREFIXES) and script_of(word) != "latin")


def person_like(words: list[str]) -> bool:
    """Two or three capitalised words that are no title, institution, nationality or common place."""
    return (2 <= len(words) <= 3 and all(w[:1].isupper() and not is_title(w) for w in words)
            and not INSTITUTION.search(" ".join(words)) and not any(NATIONALITY.match(w) for w in words)
            and not any(is_institution_word(w) or is_acronym(w) or fold(w) in COMMON_PLACES for w in words))


def is_place_word(word: str) -> bool:
    low = word.lower()
    return any(low == w or (len(w) >= 3 and low.startswith(w) and len(low) - len(w) <= 5) for w in PLACE_WORDS)


def is_institution_word(word: str) -> bool:
    low = word.lower().strip("-")
    base = word.split("-")[0]
    return (base in INSTITUTION_ACRONYMS or any(low.startswith(s) for s in INSTITUTION_STEMS)
            or (len(low) > 8 and low.endswith(_INSTITUTION_ENDINGS)))


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def is_geo_feature(word: str) -> bool:
    return word.lower() in GEO_FEATURES


def is_org_head(word: str) -> bool:
    low = word.lower()
    return any(low.startswith(h) and len(low) - len(h) <= 3 for h in ORG_HEADS)


def is_admin_unit(word: str) -> bool:
    return word.lower() in ADMIN_UNITS
