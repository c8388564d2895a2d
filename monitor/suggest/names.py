"""Runs of capitalised words in a statement and the names they give (base form, titles trimmed)."""

from __future__ import annotations

from monitor.match.document import Doc
from monitor.match.normalize import fold, script_of
from monitor.suggest.lexicon import (
    AZ_LETTERS,
    CITIES,
    COMMON_PLACES,
    ELIDED_PARTICLES,
    INSTITUTION,
    INSTITUTION_HEADS,
    LINK_HEADS,
    LINK_MODIFIERS,
    NAME_PARTICLES,
    NATIONALITY,
    PLACE_ROWS,
    ROLE,
    is_institution_word,
    is_title,
    person_like,
)
from monitor.suggest.places import (
    base_form,
    is_oblique,
)
from monitor.suggest.translit import to_cyrillic


def name_runs(doc: Doc, text: str) -> list[list[int]]:
    """Runs of capitalised tokens ("State Security Service of Azerbaijan"), any cased script; a
    case ending closes a run ("Əli Nağıyevin | Suqovuşanda")."""
    azeri = bool(AZ_LETTERS.search(text))
    runs: list[list[int]] = []
    run: list[int] = []
    for tok in doc.tokens:
        word = text[tok.start:tok.end]
        prev = text[doc.tokens[run[-1]].start:doc.tokens[run[-1]].end] if run else ""
        joined = run and _particles(text[doc.tokens[run[-1]].end:tok.start])
        if run and script_of(prev) == "latin" and is_oblique(prev, azeri) and not (
                len(run) >= 2 and is_title(text[doc.tokens[run[-2]].start:doc.tokens[run[-2]].end])
                and word[:1].isupper() and not is_oblique(word, azeri)):
            joined = False
        if joined and prev.lower() in INSTITUTION_HEADS and text[doc.tokens[run[-1]].end:tok.start] == " ":
            joined = False        # "Dövlət Təhlükəsizliyi Xidməti | Armen Abazyanın"
        if joined and len(run) >= 2 and is_oblique(word, azeri) and not is_title(prev):
            joined = False        # "Dövlət Təhlükəsizliyi Xidməti | Ermənistanın MTX ..."
        if joined and len(run) >= 2 and len(word) > 3 and fold(base_form(word, azeri)) in COMMON_PLACES and person_like(
                [text[doc.tokens[p].start:doc.tokens[p].end] for p in run]):
            joined = False        # "Hikmət Hacıyev | Ermənistan Təhlükəsizlik Şurasının katibi ..."
        if run and word.isdigit() and text[doc.tokens[run[-1]].end:tok.start] == "-":
            run.append(tok.pos)   # S-300, F-16, Su-25
            continue
        if len(run) == 1 and word.isdigit() and len(word) <= 3 and text[doc.tokens[run[-1]].end:tok.start] == " ":
            run.append(tok.pos)   # a model or flight number: "Model 3", "Boeing 737" (not a year)
            continue
        if word[:1].isupper() and (not run or joined):
            run.append(tok.pos)
            continue
        elided = word in ELIDED_PARTICLES and text[tok.end:tok.end + 1] in ("'", "’")
        if run and (word in NAME_PARTICLES or elided) and _particles(text[doc.tokens[run[-1]].end:tok.start] + word + " "):
            continue
        if run:
            runs.append(run)
        run = [tok.pos] if word[:1].isupper() else []
    if run:
        runs.append(run)
    return runs


def _particles(gap: str) -> bool:
    """Whether the text between two capitalised words keeps them one name: a space, or up to two
    lower-case particles ("State Security Service of Azerbaijan", "Cartel de los Soles")."""
    if gap[-1:] in ("'", "’") and gap[:-1].split(" ")[-1] in ELIDED_PARTICLES:
        gap = gap[:-1] + " "      # "Côte d'Ivoire": the elided particle and its apostrophe
    if not gap.startswith(" ") or not gap.endswith(" "):
        return False
    words = gap.split(" ")[1:-1]
    return gap == " " or (len(words) <= 2 and all(w in NAME_PARTICLES or w in ELIDED_PARTICLES for w in words))


def trim_run(run: list[int], words: list[str], places: list[str]) -> tuple[list[int], list[str]]:
    """Drop leading nationality adjectives ("Turkish F-16") and titles before a person's name
    ("Security Council Secretary Armen Grigoryan"); a lone nationality goes to ``places``."""
    while len(run) > 1 and NATIONALITY.match(words[0]):
        if words[0] not in places:
            places.append(words[0])
        run, words = run[1:], words[1:]
    roles = [i for i, w in enumerate(words) if ROLE.match(w) or is_title(w) or INSTITUTION.search(w)
             or is_institution_word(w)]
    if (len(run) >= 3 and roles and roles[-1] <= len(run) - 3 and person_like(words[roles[-1] + 1:])
            and all(b - a == 1 for a, b in zip(run[roles[-1]:], run[roles[-1] + 1:], strict=False))):
        run, words = run[roles[-1] + 1:], words[roles[-1] + 1:]
    if len(run) == 1 and NATIONALITY.match(words[0]):
        if words[0] not in places:
            places.append(words[0])
        return [], []
    return run, words


def base_name(prefix: str, words: list[str], azeri: bool) -> str:
    """The name in its base form: the (case-marked) last word stripped; two Russian words both."""
    if len(words) == 2 and script_of(words[0]) == "cyrillic" and all(w.isalpha() for w in words):   # "Армена Абазяна" -> "Армен Абазян"
        return base_form(words[0], azeri) + " " + base_form(words[1], azeri)
    if script_of(words[-1]) != "cyrillic" or len(words) <= 2:
        return prefix + base_form(words[-1], azeri)
    return prefix + words[-1]


def link_names(doc: Doc, text: str) -> list[tuple[set[int], str, list[str]]]:
    """Named links and crossings: a hyphenated compound of names before a common noun ("the
    Baku-Supsa oil pipeline", "the Norduz-Agarak border crossing") names ONE thing. Each: its tokens,
    its name ("Baku-Supsa pipeline") and aliases (the compound, and the parts that are not well-known
    cities or countries: "Supsa", not "Baku")."""
    out: list[tuple[set[int], str, list[str]]] = []
    toks = doc.tokens
    i = 0
    while i < len(toks):
        parts = [i]
        while (parts[-1] + 1 < len(toks) and text[toks[parts[-1]].end:toks[parts[-1] + 1].start] == "-"
               and text[toks[parts[-1] + 1].start:toks[parts[-1] + 1].end][:1].isupper()):
            parts.append(parts[-1] + 1)
        words = [text[toks[p].start:toks[p].end] for p in parts]
        if len(parts) < 2 or not all(w[:1].isupper() and w.isalpha() for w in words):
            i += 1
            continue
        k = parts[-1] + 1
        mods: list[int] = []
        while (k < len(toks) and len(mods) <= 2 and toks[k].sent == toks[parts[-1]].sent
               and text[toks[k - 1].end:toks[k].start] == " "):
            low = text[toks[k].start:toks[k].end].lower()
            if low in LINK_HEADS:
                head = " ".join(text[toks[m].start:toks[m].end].lower() for m in mods if
                                text[toks[m].start:toks[m].end].lower() == "border" and m == k - 1)
                compound = "-".join(words)
                name = f"{compound} {head + ' ' if head else ''}{low}"
                keep = [w for w in words if fold(w) not in COMMON_PLACES and fold(w) not in CITIES
                        and fold(w) not in PLACE_ROWS]
                forms = [compound, *keep, to_cyrillic(compound), *(to_cyrillic(w) for w in keep)]
                aliases: list[str] = []
                for form in forms:
                    if fold(form) != fold(name) and fold(form) not in (fold(a) for a in aliases):
                        aliases.append(form)
                out.append(({*parts, *mods, k}, name, aliases))
                break
            if low not in LINK_MODIFIERS:
                break
            mods.append(k)
            k += 1
        i = parts[-1] + 1
    return out
