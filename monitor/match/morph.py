"""Inflection by script: endings that only count after words of one script, and stem paradigms.

``normalize.SUFFIXES`` holds endings that may follow any base form. Two things it cannot do:

* endings that would be a *different name* in another script (Armenian instrumental -ով folds to
  ``ov``, which must not turn "Murad" into "Muradov"), and Azerbaijani/Turkish suffix *chains*
  (Qarabağ-dakı-lar-ın); those live in ``SCRIPT_SUFFIXES`` and count only after a token of that
  script;
* bases whose own last vowel changes (Russian Сирия → Сирии, Москва → Москвы, сирийский →
  сирийских; Ukrainian Сирія → Сирії; Georgian სირია → სირიის; Greek Έβρος → Έβρο, Έβρου): ``paradigm`` strips the base's
  ending and returns every folded form of the stem with the endings of its script.
"""

from __future__ import annotations

from itertools import product

from monitor.match.lang import LanguagePack, Paradigm, packs
from monitor.match.normalize import fold_word as fold  # the same, cached: rules repeat their words


def _chain(pack: LanguagePack) -> frozenset[str]:
    """Every sequence of one optional ending per slot of the pack's ``suffix_chain``, and a chain
    head (the locative adjective -daki) followed by the plural and a case."""
    slots = [("", *slot) for slot in pack.suffix_chain]
    out = {"".join(parts) for parts in product(*slots)} if slots else set()
    if pack.chain_heads and len(slots) >= 3:
        out.update(h + p + c for h, p, c in product(pack.chain_heads, slots[0][1:], slots[2]))
    return frozenset(out) - frozenset(pack.not_endings) - {""}


def _script_endings(script: str) -> frozenset[str]:
    return frozenset(fold("b" + e)[1:] for p in packs().values() if script in p.scripts for e in p.script_endings)


SCRIPT_SUFFIXES: dict[str, frozenset[str]] = {
    "latin": frozenset().union(*(_chain(p) for p in packs().values() if p.suffix_chain)),
    "armenian": _script_endings("armenian"),
    "georgian": _script_endings("georgian"),
}
ANY_SCRIPT_SUFFIX: frozenset[str] = frozenset().union(*SCRIPT_SUFFIXES.values())


def _paradigms(script: str) -> Paradigm | None:
    """The stem paradigms of every pack of ``script``, merged (Russian and Ukrainian forms)."""
    found = [p.paradigm for p in packs().values() if script in p.scripts and p.paradigm is not None]
    if not found:
        return None
    return Paradigm("".join(dict.fromkeys("".join(f.vowels for f in found))),
                    tuple(dict.fromkeys(a for f in found for a in f.adjective)),
                    tuple(dict.fromkeys(e for f in found for e in f.endings)))


_PARADIGMS = {script: got for script in ("cyrillic", "georgian", "greek") if (got := _paradigms(script)) is not None}


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
    par = _PARADIGMS.get(script)
    if par is None:
        return frozenset()
    stems, endings = _stems(word, par.adjective, par.vowels), par.endings
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
