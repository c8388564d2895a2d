"""Spellings of a name in the other scripts and languages (tables in ``translit.yaml``): for names only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from monitor.match.normalize import fold, script_of
from monitor.match.spellings import replace_greedy
from monitor.suggest.common import is_everyday_word
from monitor.suggest.lexicon import INSTITUTION, PLACE_ROWS, is_geo_feature, is_institution_word, person_like

_RAW: dict[str, Any] = yaml.safe_load((Path(__file__).with_name("translit.yaml")).read_text(encoding="utf-8"))
TO_CYR: list[tuple[str, str]] = [(a, b) for a, b in _RAW["to_cyrillic"]]
FROM_CYR: dict[str, str] = dict(_RAW["from_cyrillic"])
LETTER_CYR: dict[str, str] = dict(_RAW["letter_cyrillic"])
TO_GERMAN: list[tuple[str, str]] = [(a, b) for a, b in _RAW["to_german"]]
TO_FRENCH: list[tuple[str, str]] = [(a, b) for a, b in _RAW["to_french"]]
ARMENIAN_LATIN: dict[str, str] = dict(_RAW["armenian_latin"])
TO_ARABIC: list[tuple[str, str]] = [(a, b) for a, b in _RAW["to_arabic"]]
ARABIC_INITIAL: dict[str, str] = dict(_RAW["arabic_initial"])
TO_PERSIAN: list[tuple[str, str]] = [(a, b) for a, b in _RAW["to_persian"]]


def to_cyrillic(name: str) -> str:
    """Russian spelling of a Latin name; an Azerbaijani ə is е (а at the start of a word: Əli ->
    Али), ıy is и (Nağıyev -> Нагиев); abbreviations and model codes keep their letters' names."""
    words = name.split()
    if len(words) > 1:
        return " ".join(to_cyrillic(w) if not _keeps_latin(w) else w for w in words)
    if _keeps_latin(name):
        return name if any(c.isdigit() for c in name) else "".join(LETTER_CYR.get(c, c) for c in name)
    s = name.lower()
    s = re.sub(r"(^|[\s-])ə", r"\1а", s).replace("ıy", "и").replace("ə", "е")
    return _respell(s, TO_CYR)


def _keeps_latin(word: str) -> bool:
    """A model code or abbreviation ("TB2", "FSB", "F-16" is not: it has a word of letters)."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and (len(letters) >= 2 or word[-1:].isdigit()) \
        and not re.fullmatch(r"[A-Z][a-z]?-\d+", word)


def to_arabic(name: str) -> str:
    """An Arabic-script spelling of a Latin name ("Bucha" -> "بوتشا", "Kim Jong Un" -> "كيم جونغ اون");
    doubled letters are written once, a final e as ه ("Akleh")."""
    out = []
    for word in re.sub(r"[^a-z\s]", "", fold_latin(name)).split():
        word = re.sub(r"(.)\1", r"\1", word)
        head = ARABIC_INITIAL.get(word[:1], "")
        rest = word[1:] if head else word
        tail = "ه" if len(rest) > 2 and rest.endswith("eh") else ""
        rest = rest[:-2] if tail else rest
        letters = replace_greedy(rest, TO_ARABIC, keep=False)
        if head == "ا" and letters[:1] == ["ا"]:
            letters = letters[1:]
        out.append(head + "".join(letters) + tail)
    return " ".join(w for w in out if w)


def to_persian(name: str) -> str | None:
    """The Persian/Urdu spelling of a Latin name, when it has a sound Arabic lacks (ch, g, p:
    "Bucha" -> "بوچا"); None otherwise. The p of a Latin name is kept apart from its b."""
    low = fold_latin(name)
    if not re.search(r"ch|g(?!h)|p", low):
        return None
    arabic = to_arabic(name)
    letters = re.sub(r"[^a-z\s]", "", low)
    for a, b in TO_PERSIAN:
        if a == "ب" and "p" not in letters:
            continue
        if a == "ب" and "b" in letters:
            continue                  # both b and p: which ب is which cannot be told
        arabic = arabic.replace(a, b)
    return arabic


def fold_latin(name: str) -> str:
    """``name`` in lower case without diacritics ("Rodríguez" -> "rodriguez")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def to_latin(name: str) -> str:
    s = "".join(FROM_CYR.get(ch, ch) for ch in name.lower())
    return " ".join(w[:1].upper() + w[1:] if not _keeps_latin(o) else w.upper() for w, o in zip(s.split(), name.split(), strict=False))


def _respell(name: str, table: Sequence[tuple[str, str]], y_to: str | None = None) -> str:
    """``name`` rewritten by ``table`` (longest listed spelling first, letters not in it kept), each
    word capitalised; with ``y_to``, a y before a vowel becomes ``y_to`` (French/German 'i', 'j')."""
    out, s, i = [], name.lower(), 0
    while i < len(s):
        if y_to is not None and s[i] == "y" and i + 1 < len(s) and s[i + 1] in "aeiou":
            out.append(y_to)
            i += 1
            continue
        for a, b in table:
            if s.startswith(a, i):
                out.append(b)
                i += len(a)
                break
        else:
            out.append(s[i])
            i += 1
    return " ".join(w[:1].upper() + w[1:] for w in "".join(out).split())


def western_forms(name: str) -> list[str]:
    """German and French spellings of a Latin name ("Jermuk" -> "Dschermuk", "Djermouk"), or the
    usual spelling of a German or French one ("Paschinjan" -> "Pashinyan", "Peskow" -> "Peskov",
    "Douma" -> "Duma")."""
    if script_of(name) != "latin" or any(c.isdigit() for c in name) or _keeps_latin(name):
        return []
    low = name.lower()
    if "sch" in low or re.search(r"(ow|ew|jan|jew)\b", low):
        out = low
        for a, b in (("tsch", "ch"), ("dsch", "j"), ("sch", "sh"), ("ja", "ya"), ("je", "ye"), ("ju", "yu"),
                     ("w", "v")):
            out = out.replace(a, b)
        return [" ".join(w[:1].upper() + w[1:] for w in out.split())]
    if "ou" in low:                                 # already French: the usual spelling instead
        out = low                                   # ("Douma" -> "Duma", which also finds "Думе")
        for a, b in (("tch", "ch"), ("dj", "j"), ("ou", "u")):
            out = out.replace(a, b)
        return [" ".join(w[:1].upper() + w[1:] for w in out.split())]
    return [_respell(name, TO_GERMAN, "j"), _respell(name, TO_FRENCH, "i")]


def armenian_to_latin(name: str) -> str:
    """A Latin spelling of an Armenian-script name ("Աշոտ Սահակյան" -> "Ashot Sahakyan")."""
    s = name.lower().replace("ու", "u").replace("ւ", "v")
    s = re.sub(r"(^|\s)ե", r"\1ye", s)
    s = re.sub(r"(^|\s)ո", r"\1vo", s)
    out = "".join(ARMENIAN_LATIN.get(c, c) for c in s)
    return " ".join(w[:1].upper() + w[1:] for w in out.split())


def russian_armenian(name: str) -> str | None:
    """The Russian spelling of an Armenian name written in Latin letters ("Sahakyan" -> "Саакян",
    "Harutyunyan" -> "Арутюнян", "Hovhannisyan" -> "Оганнисян"): Russian drops h at the start of
    a word and between vowels, writes vh as г; None when the name is not Armenian."""
    words = name.split()
    if not words or not re.search(r"(yan|ian|yants|unts)$", words[-1].lower()):
        return None
    out = []
    for w in words:
        s = w.lower()
        s = re.sub(r"^h(?=[aeiouy])", "", s)
        s = re.sub(r"(?<=[aeiou])h(?=[aeiouy])", "", s)
        s = s.replace("vh", "g")
        out.append(to_cyrillic(s) if s else w)
    return " ".join(out)


def aliases(name: str) -> list[str]:
    """Spellings of a name the matcher's folding does not reach: the gazetteer's forms of a known
    place, else transliterations of a person's or place's name; never of common words."""
    code = re.fullmatch(r"([A-Z]{4,})-\d+|([A-Z]{5,})", name)
    if code:                  # "COVID-19", "COVID": news writes "Covid-19", "covid 19", "Covid" (an
        word = (code.group(1) or code.group(2)).capitalize()     # all-capitals term only finds capitals)
        return [word + name[len(word):], word] if code.group(1) else [word]
    row = PLACE_ROWS.get(fold(name))
    if row:
        return _unfolded(name, [form for form in row if not form[:1].islower()     # not a stem ("Грузи")
                                and not any(o != form and o.startswith(form) for o in row)])
    words = name.split()
    if len(words) > 3 or INSTITUTION.search(name) or any(is_institution_word(w) for w in words):
        return []                 # organisations: the analyst adds their names in other languages
    plain = [w for w in words if w.isalpha()]
    if plain and all(is_everyday_word(w) for w in plain):
        return []                 # "Surgery", "Participate": words, not names ("Sourgery" is no alias)
    forms = [words[-1]] if person_like(words) and len(words[-1]) >= 4 and not is_geo_feature(words[-1]) else []
    script = script_of(name)
    for form in [name, *forms]:
        if script == "latin":
            cyr = to_cyrillic(form)
            if not (_keeps_latin(form) or any(c.isdigit() for c in form)):
                forms += [cyr, to_arabic(form), *filter(None, [to_persian(form)])]
            else:
                forms.append(cyr)
            russian = russian_armenian(form)        # Sahakyan ~ Саакян: Russian drops the h
            if russian:
                forms.append(russian)
            last = form.split()[-1].lower()
            if last.startswith("h") and cyr.split()[-1].startswith("Х"):   # Russian writes Azerbaijani H as Г:
                # Hajiyev ~ Гаджиев; never Kh or X (Khurvaleti is Хурвалети, Xankəndi Ханкенди)
                forms.append(" ".join([*cyr.split()[:-1], "Г" + cyr.split()[-1][1:]]))
        elif script == "armenian":
            russian = russian_armenian(armenian_to_latin(form))   # Սահակյան ~ Саакян
            if russian:
                forms.append(russian)
        elif script == "cyrillic":
            lat = to_latin(form)
            forms.append(lat)
            last = lat.split()[-1]                # Гаджиев ~ Hajiyev, Гасанов ~ Hasanov, Гусейнов ~ Huseynov
            if last.startswith("G") and last.endswith(("ev", "ov", "li", "zade")) and len(last) > 5:
                forms.append(" ".join([*lat.split()[:-1], "H" + last[1:].replace("dzh", "j")]))
    last = words[-1] if len(words) > 1 else name
    # a short last word ("Un" of Kim Jong Un) is no name to respell alone: "Oun", "Un" are words;
    # nor is an everyday word ("Suisse Secrets": "Sedschrets" is no German spelling of anything)
    western = western_forms(last) if len(last) >= 4 and not (last != name and is_everyday_word(last)) else []
    return _unfolded(name, forms + western)


def _unfolded(name: str, forms: list[str]) -> list[str]:
    """The forms the matcher's folding does not already find: "Нагиев" for "Naghiyev" folds the
    same and is left out, "Гаджиев" for "Hajiyev" is kept; a person's surname alone is derived."""
    words = name.split()
    seen = {fold(name)}
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not INSTITUTION.search(name) \
            and len(words[-1]) >= 4 and not is_geo_feature(words[-1]):
        seen.add(fold(words[-1]))
    out = []
    for form in forms:
        if fold(form) not in seen:
            seen.add(fold(form))
            out.append(form)
    return out
