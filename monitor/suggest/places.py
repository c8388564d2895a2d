"""Places and base forms for the suggester: case endings stripped, countries and institutions told apart."""

from __future__ import annotations

from monitor.match.normalize import fold, script_of
from monitor.suggest.lexicon import (
    CAPITAL_OF,
    CASE_ENDINGS,
    COMMON_PLACES,
    COUNTRY_FORMS,
    COUNTRY_ROWS,
    DIRECTIONAL_ENDINGS,
    GAZETTEER,
    INSTITUTION_KINDS,
    NATIONALITY,
    OBLIQUE_ENDINGS,
    PLACE_ENDINGS,
    PLACE_ROWS,
    SHORT_ENDINGS,
    VOWELS,
)


def _scheme(word: str, azeri: bool) -> str | None:
    script = script_of(word)
    if script == "latin":
        return "azeri" if azeri else None
    return script if script in CASE_ENDINGS else None


def base_form(word: str, azeri: bool) -> str:
    """``word`` without a case ending ("Abazyanın" -> "Abazyan", "Нагиева" -> "Нагиев")."""
    scheme = _scheme(word, azeri)
    if scheme == "cyrillic" and word.lower().endswith(("ии", "ию", "ией")) and len(word) > 5:
        return word[: -3 if word.lower().endswith("ией") else -2] + "ия"    # Грузии -> Грузия
    if fold(word) in COMMON_PLACES or fold(word) in PLACE_ROWS or word.lower().endswith(PLACE_ENDINGS):
        return word                          # Ermənistan, not Ermənis + tan; Gəncə, Гюмри
    cuts = [word[: -len(e)] for e in CASE_ENDINGS.get(scheme or "", ())
            if word.lower().endswith(e) and len(word) - len(e) >= 4
            and not (e == "ն" and word[-2:-1] in "աե")]      # Տիգրանաշեն, Սևան: -ան/-են is the name's
    # names of the region end in a consonant far more often: Abazyan+ın, not Abazya+nın
    consonant = [c for c in cuts if c[-1].lower() not in VOWELS]
    return (consonant or cuts or [word])[0]


def is_oblique(word: str, azeri: bool) -> bool:
    scheme = _scheme(word, azeri)
    return scheme is not None and word.lower().endswith(OBLIQUE_ENDINGS[scheme]) and len(word) > 5


def country_of(words: list[str]) -> str | None:
    """The country named in ``words`` (any language, any case form, or the adjective), if any."""
    for w in words:
        if w.upper() in ("ՀՀ", "РА"):
            return "Armenia"
        key = fold(w)
        for country in COUNTRY_FORMS:
            row = PLACE_ROWS.get(fold(country)) or []
            if any(len(fold(f)) >= 4 and key.startswith(fold(f)) and len(key) - len(fold(f)) <= 8 for f in row):
                return country
    return None


def institution_aliases(name: str, context: list[str]) -> list[str]:
    """Names of the same institution in the monitored languages ("МИД Грузии" -> "Georgian
    Foreign Ministry", "Gürcüstan XİN" ...), when its kind and country can be told."""
    country = country_of(name.split()) or country_of(context)
    kind = next((forms for _, pattern, forms in INSTITUTION_KINDS if pattern.search(name)), None)
    if country is None or kind is None:
        return []
    adj, ru, az, tr, hy = COUNTRY_FORMS[country]
    out = [f.format(X=adj, C=country, R=ru, A=az, T=tr, H=hy) for f in kind]
    if country == "Armenia":
        out += [f.replace("Հայաստանի", "ՀՀ") for f in out if f.startswith("Հայաստանի")]
    return [a for a in out if fold(a) != fold(name)]


def place_adjective(word: str) -> str | None:
    """The country of a lower-case nationality adjective in any monitored language ("syriens",
    "georgische", "армянских", "erməni"), if ``word`` is one."""
    if not word[:1].islower() or len(word) < 4:
        return None
    key = fold(word)
    for country, row in ((r[0], r) for r in GAZETTEER):
        for form in row:
            f = fold(form)
            if ((form[:1].islower() or len(f) >= 5) and key.startswith(f) and len(key) - len(f) <= 6
                    and (len(f) >= 5 or key == f)):
                return country
    return None


def own_country(words: list[str]) -> str | None:
    """The country of a speaker from the words naming or locating it ("Georgian Foreign Ministry",
    "Speaking in Baku")."""
    found = country_of(words)
    if found:
        return found
    for w in words:
        row = PLACE_ROWS.get(fold(w.strip(",.")))
        if row and row[0] in CAPITAL_OF:
            return CAPITAL_OF[row[0]]
    return None


def _abbreviation(word: str) -> bool:
    """A word of capitals with dots or none ("US", "U.S.", "UAE"): never the pronoun "us"."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and all(c.isalpha() or c == "." for c in word)


def country_mention(word: str) -> tuple[str, str, bool] | None:
    """The country ``word`` names or qualifies in any monitored language, the ending after the form
    found, and whether it is an adjective ("Iranian", "сирийские", "erməni"), if it is one."""
    key = fold(word)
    best: tuple[int, str, str, bool] | None = None
    for row in COUNTRY_ROWS:
        for k, form in enumerate(row):
            f = fold(form)
            if (len(f) >= 4 and key.startswith(f) and len(key) - len(f) <= 6 and (
                    len(f) >= 5 or key == f or key[len(f):] in SHORT_ENDINGS)) or (
                    key == f and _abbreviation(form) and _abbreviation(word)):     # "US", "UK", "USA"
                adjective = form[:1].islower() or k == 1 or bool(NATIONALITY.match(word))
                if best is None or len(f) > best[0]:
                    best = (len(f), row[0], key[len(f):], adjective)
    if best is None:
        return None
    _, country, ending, adjective = best
    if ending.endswith(("n", "ns")) and not adjective and word.lower().endswith(("ian", "ians", "ns")):
        adjective = True                           # Armenians, Syrians
    return country, ending, adjective


def directional_ending(word: str, country: str) -> bool:
    """Whether a country's case ending marks origin or destination ("Azərbaycana", "İrandan")."""
    for form in sorted((f for row in COUNTRY_ROWS if row[0] == country for f in row), key=len, reverse=True):
        if word.lower().startswith(form.lower()) and len(word) > len(form):
            rest = word[len(form):].lower().lstrip("'’")
            return rest in DIRECTIONAL_ENDINGS
    return False


def place_query(places: list[str]) -> str:
    """The optional ``place`` group: each place in its known forms (a stem form takes a ``*``)."""
    terms: list[str] = []
    for place in places:
        row = (PLACE_ROWS.get(fold(place)) or PLACE_ROWS.get(fold(base_form(place, True)))
               or PLACE_ROWS.get(fold(place.removesuffix("s"))) or [place])
        for form in row:
            stem = any(o != form and o.startswith(form) for o in row) or (form[:1].islower() and len(form) > 4)
            term = f"{quoted(form)}*" if stem and " " not in form else quoted(form)
            if term not in terms:
                terms.append(term)
    return " OR ".join(terms)


def quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
