"""Language packs: one YAML file per language holding what the matcher knows about it, loaded once.

A pack (``<code>.yaml`` beside this module) has cue lexicons (denial, hedge, neutral, insist,
concessive and the other categories of ``CUE_CATEGORIES``), the words after or before a claim noun
that spell out its content, the endings tolerated after a base form, clause marks, titles before
names, "Read also" lines, months and weekdays, and place prepositions or locative endings; some add
stacking endings, script-only endings, stem paradigms and the words that mark a verb of saying as
passive ("accused of"). Adding a language is adding a file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from monitor.match.lang.guess import MIN_PROBABILITY, guess_language

CUE_CATEGORIES = ("denial", "negation", "hedge", "neutral", "insist", "despite", "relative", "denial_noun",
                  "counter", "reference", "demonstrative", "say", "respond", "contrast")
REQUIRED_LISTS = ("endings", "clause_marks", "titles", "read_also", "months")
_DIR = Path(__file__).resolve().parent


class PackError(ValueError):
    """A language pack that does not load: the message names the file and the section."""


@dataclass(frozen=True, slots=True)
class Paradigm:
    """Stem paradigm of vowel-final bases: strip a final vowel or adjective ending, add ``endings``."""

    vowels: str
    adjective: tuple[str, ...]
    endings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LanguagePack:
    """Everything the matcher knows about one language (see the module docstring)."""

    code: str
    name: str
    scripts: tuple[str, ...]
    stemmer: str | None
    also: tuple[str, ...]                       # languages whose cues also apply to this one's text
    shared_endings: bool                        # its endings are tolerated in text of any language
    cues: Mapping[str, tuple[str, ...]]
    content_after: tuple[str, ...]
    content_before: tuple[str, ...]
    endings: tuple[str, ...]
    clause_marks: tuple[str, ...]
    titles: tuple[str, ...]
    read_also: tuple[str, ...]
    months: tuple[str, ...]
    place_prepositions: tuple[str, ...]
    locative_endings: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    suffix_chain: tuple[tuple[str, ...], ...] = ()
    chain_heads: tuple[str, ...] = ()
    not_endings: tuple[str, ...] = ()
    participle_endings: tuple[str, ...] = ()
    converb_endings: tuple[str, ...] = ()
    script_endings: tuple[str, ...] = ()
    passive_marks: tuple[str, ...] = ()          # after a verb of saying in the passive: "accused OF"
    compounds: bool = False                     # writes compounds as one word ("Wahlbetrugsvorwürfe")
    name_derivations: tuple[str, ...] = ()      # what after a name makes no compound ("mal|isch")
    paradigm: Paradigm | None = None
    events: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    letters: str = ""                           # its text always has one of these (a guess needs one)
    stem_vowels: str = ""                       # a Latin name's final vowel an ending replaces (Bucza → Buczy)
    irregular: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))   # "sent": "send"

    @property
    def cue_languages(self) -> frozenset[str]:
        return frozenset((self.code, *self.also))


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise PackError(f"{where}: expected a list of non-empty strings")
    return tuple(raw)


def parse_pack(raw: Mapping[str, Any], source: str) -> LanguagePack:
    """A LanguagePack from the mapping of one file; PackError names ``source`` and the section."""
    def lst(key: str) -> tuple[str, ...]:
        return _strings(raw.get(key), f"{source}: {key}")

    cues_raw = raw.get("cues") or {}
    unknown = set(cues_raw) - set(CUE_CATEGORIES)
    if unknown:
        raise PackError(f"{source}: cues: unknown categories {sorted(unknown)}")
    content = raw.get("content") or {}
    paradigm = raw.get("paradigm")
    events_raw = raw.get("events") or {}
    return LanguagePack(
        code=str(raw["code"]), name=str(raw.get("name", raw["code"])),
        scripts=tuple(str(raw.get("script", "latin")).split()), stemmer=raw.get("stemmer"),
        also=lst("also"), shared_endings=bool(raw.get("shared_endings", False)),
        cues=MappingProxyType({c: _strings(cues_raw.get(c), f"{source}: cues.{c}") for c in CUE_CATEGORIES}),
        content_after=_strings(content.get("after"), f"{source}: content.after"),
        content_before=_strings(content.get("before"), f"{source}: content.before"),
        endings=lst("endings"), clause_marks=lst("clause_marks"), titles=lst("titles"),
        read_also=lst("read_also"), months=lst("months"), place_prepositions=lst("place_prepositions"),
        locative_endings=lst("locative_endings"), abbreviations=lst("abbreviations"),
        suffix_chain=tuple(_strings(slot, f"{source}: suffix_chain") for slot in raw.get("suffix_chain") or []),
        chain_heads=lst("chain_heads"), not_endings=lst("not_endings"),
        participle_endings=lst("participle_endings"), converb_endings=lst("converb_endings"),
        script_endings=lst("script_endings"), passive_marks=lst("passive_marks"),
        compounds=bool(raw.get("compounds", False)), name_derivations=lst("name_derivations"),
        paradigm=None if paradigm is None else Paradigm(
            str(paradigm["vowels"]), _strings(paradigm.get("adjective") or [], f"{source}: paradigm.adjective"),
            _strings(paradigm["endings"], f"{source}: paradigm.endings")),
        events=MappingProxyType({str(k): _strings(v, f"{source}: events.{k}") for k, v in events_raw.items()}),
        letters=str(raw.get("letters") or ""), stem_vowels=str(raw.get("stem_vowels") or ""),
        irregular=MappingProxyType(_irregular(raw.get("irregular"), f"{source}: irregular")))


def _irregular(raw: Any, where: str) -> dict[str, str]:
    """An irregular form and its base form, in lower case ("sent": "send")."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
                                            for k, v in raw.items()):
        raise PackError(f"{where}: expected a mapping of a form to its base form")
    return {k.casefold(): v.casefold() for k, v in raw.items()}


def missing_sections(pack: LanguagePack) -> list[str]:
    """The sections a pack leaves empty that every pack must fill."""
    out = [f"cues.{c}" for c, words in pack.cues.items() if not words]
    out += [s for s in REQUIRED_LISTS if not getattr(pack, s)]
    if not (pack.content_after or pack.content_before):
        out.append("content")
    if not (pack.place_prepositions or pack.locative_endings):
        out.append("place_prepositions or locative_endings")
    if not pack.events:
        out.append("events")
    out += [f"events.{c}" for c in concepts() if not pack.events.get(c)]
    return out


@functools.cache
def concepts() -> Mapping[str, tuple[tuple[str, str], ...]]:
    """Every event concept of the packs with its (language, phrase) pairs."""
    out: dict[str, list[tuple[str, str]]] = {}
    for code, pack in packs().items():
        for concept, phrases in pack.events.items():
            out.setdefault(concept, []).extend((code, phrase) for phrase in phrases)
    return MappingProxyType({c: tuple(v) for c, v in sorted(out.items())})


# libyaml's loader when PyYAML was built with it: the same documents, eight times faster (every
# process, the daemon's parse workers included, reads these files at start)
DATA_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data_yaml(text: str) -> Any:
    """A YAML data file shipped with the package (language packs, countries), safely loaded."""
    return yaml.load(text, Loader=DATA_LOADER)  # noqa: S506 - a safe loader (C or Python)


@functools.cache
def packs() -> Mapping[str, LanguagePack]:
    """Every pack beside this module, by language code (loaded once)."""
    out: dict[str, LanguagePack] = {}
    for path in sorted(_DIR.glob("*.yaml")):
        try:
            raw = load_data_yaml(path.read_text(encoding="utf-8"))
            pack = parse_pack(raw, path.name)
        except (yaml.YAMLError, KeyError, TypeError) as exc:
            raise PackError(f"{path.name}: {exc}") from None
        if pack.code != path.stem:
            raise PackError(f"{path.name}: code {pack.code!r} does not match the file name")
        out[pack.code] = pack
    return MappingProxyType(out)


@functools.cache
def irregular_forms(algorithm: str) -> Mapping[str, str]:
    """The irregular forms of the packs whose stemmer is ``algorithm`` ("english"), by their base
    form: a stemmer strips endings, it does not know that "sent" is "send" or "met" "meet"."""
    out: dict[str, str] = {}
    for pack in packs().values():
        if pack.stemmer == algorithm:
            out.update(pack.irregular)
    return MappingProxyType(out)


@functools.cache
def codes() -> tuple[str, ...]:
    return tuple(packs())


@functools.cache
def letters() -> Mapping[str, str]:
    """The packs' ``letters`` by code (Czech "ěřů...", a guess of Czech needs one), for the guesser."""
    return MappingProxyType({code: p.letters.casefold() for code, p in packs().items() if p.letters})


def guess_packed(sample: str, *, min_probability: float = MIN_PROBABILITY) -> str | None:
    """The guesser's packed language for ``sample``, the packs' ``letters`` applied; None when unsure."""
    return guess_language(sample, codes(), min_probability=min_probability, letters=letters())


def language_of(declared: str | None, sample: str) -> str | None:
    """The pack code of a document: its declared language when packed ("pt-BR" → "pt"), else the
    guess from ``sample``; None when neither names a packed language."""
    if declared:
        code = declared.lower().replace("_", "-").split("-")[0]
        return code if code in packs() else None
    return guess_packed(sample)


def warm_guesser() -> None:
    """Load the guesser's model (about a second, once per process) before items arrive."""
    guess_packed("warm")


def union(attr: str, languages: tuple[str, ...] | None = None) -> frozenset[str]:
    """The words of one list section over ``languages`` (every pack when None)."""
    chosen = packs().values() if languages is None else [packs()[c] for c in languages if c in packs()]
    return frozenset(w for p in chosen for w in getattr(p, attr))


def cue_union(category: str, languages: tuple[str, ...] | None = None) -> frozenset[str]:
    chosen = packs().values() if languages is None else [packs()[c] for c in languages if c in packs()]
    return frozenset(w for p in chosen for w in p.cues[category])


__all__ = ["CUE_CATEGORIES", "concepts", "LanguagePack", "PackError", "codes", "cue_union", "guess_language", "guess_packed",
           "irregular_forms", "language_of", "letters", "missing_sections", "packs", "parse_pack", "union", "warm_guesser"]
