"""Inflection by script: endings that only count after words of one script, and stem paradigms.

``normalize.SUFFIXES`` holds endings that may follow any base form. Two things it cannot do:

* endings that would be a *different name* in another script (Armenian instrumental -ով folds to
  ``ov``, which must not turn "Murad" into "Muradov"), and Azerbaijani/Turkish suffix *chains*
  (Qarabağ-dakı-lar-ın); those live in ``SCRIPT_SUFFIXES`` and count only after a token of that
  script;
* bases whose own last vowel changes (Russian Сирия → Сирии, Москва → Москвы, сирийский →
  сирийских; Ukrainian Сирія → Сирії; Georgian სირია → სირიის): ``paradigm`` strips the base's
  ending and returns every folded form of the stem with the endings of its script.
"""

from __future__ import annotations

from itertools import product

from monitor.match.normalize import fold

# Azerbaijani / Turkish, already folded (ı→i, ə→a, ü→u, ö→o, ş→s, ç→c, ğ→g, y→i):
# plural, then possessive, then case (or the copula), in that order, each optional.
_PLURAL = ("", "lar", "ler")
_POSSESSIVE = ("", "i", "u", "si", "su", "imiz", "umuz", "miz", "muz", "iniz", "unuz", "niz", "nuz",
               "lari", "leri")
_CASE = ("", "a", "e", "ia", "ie", "na", "ne", "i", "u", "ni", "nu", "in", "un", "nin", "nun",
         "da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten", "ndan", "nden",
         "la", "le", "ila", "ile", "daki", "deki", "ndaki", "ndeki", "ki", "dir", "dur", "tir", "tur",
         "ca", "ce", "nca", "nce")
_NOT_ENDINGS = frozenset({"ov", "ev", "ova", "eva", "ian", "in", "ina", "ovic", "evic", "enko", "uk",
                          "dze", "svili", "ski", "ska", "zade", "oglu", "li", "lu"})
_AZ_TR = frozenset([p + x + c for p, x, c in product(_PLURAL, _POSSESSIVE, _CASE)]
                   + [k + p + c for k, p, c in product(("daki", "deki", "ndaki", "ndeki"), _PLURAL[1:], _CASE)]
                   ) - _NOT_ENDINGS - {""}
# Armenian: instrumental/locative/ablative and the y-buffer after a vowel (Սիրիա-յի, -յում).
_ARMENIAN = """ով ում ից ի ին ը ն յի յին յից յում յով յն ներով երով ներում երում ներից երից ներն երն
ներս երս նով"""
# Georgian endings after a consonant-final or vowel-final base (თბილისი-დან, სირია-ში).
_GEORGIAN_TEXT = "ის ისა ით ად ს ში ზე თან დან იდან ისთვის სთვის მა ა ი ებ ები ების ებში ებს ებით ებზე ებთან"

SCRIPT_SUFFIXES: dict[str, frozenset[str]] = {
    "latin": _AZ_TR,
    "armenian": frozenset(fold("b" + s)[1:] for s in _ARMENIAN.split()),
    "georgian": frozenset(fold("b" + s)[1:] for s in _GEORGIAN_TEXT.split()),
}
ANY_SCRIPT_SUFFIX: frozenset[str] = frozenset().union(*SCRIPT_SUFFIXES.values())

# Russian and Ukrainian noun and adjective endings (surface), added to a stripped stem.
_CYR_TEXT = """а я у ю ы и е о ь й ой ей ою ею ом ем ам ям ами ями ах ях
ий ый ая яя ое ее ые ие ого его ому ему ым им ую юю ых их ыми ими
ья ье ьи ью ьей ьем
і ї є єю ій ім ої ою ими їх ьому ього"""
_CYR_ENDINGS = tuple(_CYR_TEXT.split())
_CYR_ADJ = ("ий", "ый", "ой", "ій", "ая", "яя", "ое", "ее", "ые", "ие")
_CYR_VOWEL = "аяоеьйыиіїєую"
_GEO_VOWEL = "აიეოუ"


def _stems(word: str, adjective_endings: tuple[str, ...], vowels: str) -> list[str]:
    out = [] if word[-1] in vowels else [word]
    if word.endswith(adjective_endings):
        out.append(word[:-2])
    if word[-1] in vowels:
        out.append(word[:-1])
        if len(word) > 2 and word[-2] in "ьй" and word[-1] in "яюе":
            out.append(word[:-2])
    return out


def paradigm(word: str, script: str, *, min_stem: int) -> frozenset[str]:
    """Folded inflected forms of ``word`` (lower case, one script) built on its stripped stem;
    empty for scripts whose endings simply follow the base form."""
    if script == "cyrillic":
        stems, endings = _stems(word, _CYR_ADJ, _CYR_VOWEL), _CYR_ENDINGS
    elif script == "georgian":
        stems, endings = _stems(word, (), _GEO_VOWEL), tuple(_GEORGIAN_TEXT.split())
    else:
        return frozenset()
    base = fold(word)
    out: set[str] = set()
    for stem in stems:
        if len(fold(stem)) < min_stem:
            continue
        out.update(fold(stem + e) for e in endings)
    out.discard(base)
    return frozenset(f for f in out if f)


def script_suffix(remainder: str, script: str) -> bool:
    """True when ``remainder`` is an ending that counts after a token of ``script``."""
    got = SCRIPT_SUFFIXES.get(script)
    return got is not None and remainder in got
