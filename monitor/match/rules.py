"""Compile one DenialConfig into a CompiledDenial, or raise RuleError naming the denial."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from monitor.config.denials import DenialConfig
from monitor.errors import RuleError
from monitor.match.countries import country_row, denier_countries, rows_of, speaker_names
from monitor.match.document import Doc
from monitor.match.gazetteer import exonyms, known_non_person
from monitor.match.normalize import WORD
from monitor.match.normalize import fold_word as fold  # the same, cached: rules repeat their words
from monitor.match.offices import office_terms, offices_named
from monitor.match.query import (
    Node,
    QueryError,
    Term,
    Word,
    expand_concepts,
    needs_positive,
    parse_query,
    positive_words,
    words_of,
)
from monitor.match.related import ClaimWord, claim_words
from monitor.match.spellings import name_spellings
from monitor.match.timing import claim_years
from monitor.match.types import Document

# Words that mark an organisation, not a person: no surname alias is derived for such names.
_INSTITUTION = re.compile(
    r"\b(service|ministry|ministers?|state|national|council|committee|office|agency|army|forces|"
    r"government|republic|president|parliament|bank|party|news|international|union|company|"
    r"department|of|the|and)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    role: str                      # "claim" | "denier" | "speaker" (the denier's country, derived)
    terms: tuple[Term, ...]        # canonical name and every alias
    given: frozenset[str] = frozenset()   # folded given names of a person ("asot" for Ashot Sahakyan)


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    required: bool
    node: Node
    places: bool = False      # an optional group of proper names only: where the claim happened
    names: bool = False       # a group of proper names only (a place, an object), required or not
    expanded: tuple[tuple[str, str], ...] = ()   # (event concept, the rule's term that brought it in)


def names_only(node: Node) -> bool:
    """Every cased word of the query is capitalised ("Sugovushan OR Tartar OR Суговушан")."""
    cased = [w.text for w in positive_words(node) if w.text[:1].lower() != w.text[:1].upper()]
    return bool(cased) and all(t[:1].isupper() for t in cased)


@dataclass(frozen=True, slots=True)
class CompiledDenial:
    """Everything the matcher needs about one denial, validated."""

    id: str
    config: DenialConfig
    entities: tuple[Entity, ...]
    groups: tuple[Group, ...]
    query: Node | None
    denial_cues: tuple[Term | GappedTerm, ...]
    hedge_cues: tuple[Term | GappedTerm, ...]
    min_entities: int
    languages: frozenset[str]
    feeds: frozenset[str]
    not_before: dt.date | None
    not_after: dt.date | None
    expires: dt.date | None
    place_keys: frozenset[str] = frozenset()   # folded words of the place groups ("sugovusan", ...)
    years: tuple[int, int] | None = None       # first and last year of the claim (timing.claim_years)
    countries: frozenset[tuple[str, ...]] = frozenset()   # countries its entities name (countries.rows_of)
    claim_words: tuple[ClaimWord, ...] = ()    # content words of its claim and title (related.py)
    denier_acts: bool = False                  # the claim sentence names the denier: a self-denial
    accused: tuple[Term, ...] = ()             # the denier and its country, when the claim accuses them (accused_terms)
    known_countries: frozenset[tuple[str, ...]] = frozenset()   # countries its names, claim, title or source name
    counterparts: tuple[str, ...] = ()         # claim entities that are countries other than the denier's (counterpart_names)

    @property
    def claim_entities(self) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.role == "claim")

    def in_scope(self, language: str | None, feed: str | None, day: dt.date | None,
                 today: dt.date, year: int | None = None) -> bool:
        """Language, feed, window (by publication day, when known) and expiry checks; ``year``
        is the publication year when only that is known (from the URL), for the claim's years."""
        if self.languages and language and language.lower().split("-")[0] not in self.languages:
            return False
        if self.feeds and feed is not None and feed not in self.feeds:
            return False
        if self.expires is not None and (day or today) > self.expires:
            return False
        if day is not None:
            if self.not_before and day < self.not_before:
                return False
            if self.not_after and day > self.not_after:
                return False
            year = day.year
        # published before the claim existed: an earlier event of the same shape (timing.py)
        return year is None or self.not_before is not None or not self.years or year >= self.years[0]


def _person(name: str) -> bool:
    """A person-like name: two or three capitalised words, no institution word."""
    words = name.split()
    return (2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not _INSTITUTION.search(name)
            and len(words[-1]) >= 4)


def _given_names(name: str, aliases: list[str]) -> frozenset[str]:
    """The folded first words of a person's multi-word name and aliases."""
    if not _person(name):
        return frozenset()
    return frozenset(fold(form.split()[0]) for form in [name, *aliases] if len(form.split()) >= 2)


# A code of an acronym of four letters or more and a number ("COVID-19"): news also writes the
# acronym alone ("Covid", "Corona-" is another word).
_CODE = re.compile(r"([A-Z]{4,})[-\s]?\d+")


def _surname(name: str, aliases: list[str]) -> str | None:
    """The surname of a person-like name ("Armen Abazyan" is also found as "Abazyan"), not of a
    name the gazetteer knows as a place, organisation or event ("Tokyo Olympics")."""
    return name.split()[-1] if _person(name) and not known_non_person([name, *aliases]) else None


def _name_terms(name: str, aliases: list[str], respelled: list[str] | None = None) -> tuple[Term, ...]:
    """The terms of a name, its aliases, a person's surname and ``respelled`` (spellings.py: Latin
    spellings only, not looked for by their sound in Arabic, Hebrew, Devanagari, katakana or
    hangul, where a respelling's consonants are not the name's)."""
    forms = [name, *aliases]
    surname = _surname(name, aliases)
    if surname is not None:
        forms.append(surname)
    seen: set[tuple[tuple[str, frozenset[str], bool], ...]] = set()
    out: list[Term] = []
    generated = set(respelled or ())
    coded = [m.group(1) for f in forms if (m := _CODE.fullmatch(f))]
    for form in [*forms, *coded, *(respelled or ())]:
        term = Term(words_of(form, "name", by_sound=form not in generated), form)
        if any(c.isdigit() for c in form) or form in coded:
            # "COVID-19" is a code, not an acronym to find in capitals only: "Covid-19", "covid"
            term = replace(term, words=tuple(replace(w, upper=False) for w in term.words))
        # an alias that folds to the name's key may still decline differently (Ukrainian
        # "Сирія" -> "Сирії" where the Latin "Syria" has no paradigm): keep it then
        sig = tuple((w.key, w.forms, w.upper) for w in term.words)
        if sig not in seen:
            seen.add(sig)
            out.append(term)
    return tuple(out)


def cue_term(text: str) -> Term | GappedTerm:
    """A cue phrase: words tolerate inflection, ``*`` is a prefix; a cue written in one script
    only matches words of that script (Armenian "մերժ*" must not match Latin "mercenaries").
    A stem that cuts more than an ending is dropped: "reportedly" is no "reports". A phrase with
    `` … `` in it is a verb and its separated particle ("weist … zurück", "wijst … af"): the
    second part up to GAP words after the first, in its sentence."""
    if GAP_MARK in text:
        first, _, second = (part.strip() for part in text.partition(GAP_MARK))
        return GappedTerm(_cue_phrase(first), _cue_phrase(second), text)
    return _cue_phrase(text)


def _cue_phrase(text: str) -> Term:
    words = tuple(replace(w, stems=frozenset(s for s in w.stems if len(w.key) - len(s) <= 3))
                  for w in words_of(text, "inflect", own_script=True))
    return Term(words, text)


GAP_MARK = "…"
GAP = 12      # words between a German or Dutch verb and its particle at the end of the clause


@dataclass(frozen=True, slots=True)
class GappedTerm:
    """A verb and its separated particle: "Nordkorea weist Hacker-Vorwürfe aus den USA zurück"."""

    first: Term
    second: Term
    text: str

    @property
    def words(self) -> tuple[Word, ...]:     # the first word is what the cue automaton looks for
        return self.first.words

    def spans(self, doc: Doc, field: str | None) -> list[tuple[int, int]]:
        ends = self.second.spans(doc, field)
        out = []
        for a, b in self.first.spans(doc, field):
            end = next((d for c, d in ends if b < c <= b + GAP and doc.tokens[c].sent == doc.tokens[a].sent), None)
            if end is not None:
                out.append((a, end))
        return out


class _Fail:
    """Builds the RuleError of one denial."""

    def __init__(self, denial_id: str) -> None:
        self.denial_id = denial_id

    def __call__(self, where: str, problem: str) -> RuleError:
        return RuleError(f"denial {self.denial_id!r}: {where}: {problem}")


def _entities(cfg: DenialConfig, fail: _Fail) -> list[Entity]:
    out = []
    for i, e in enumerate(cfg.entities):
        try:
            others = {fold(n) for o in cfg.entities if o is not e for n in (o.name, *o.aliases)}
            forms = [f for f in _country_forms(e.name, e.role) if fold(f.rstrip("*")) not in others]
            # the name in the spellings of other languages and scripts (gazetteer.yaml)
            forms += [f for f in exonyms([e.name, *e.aliases, *forms]) if fold(f) not in others]
            # a Russian or Ukrainian name as other languages romanise and decline it (spellings.py)
            respelled = [f for f in name_spellings([e.name, *e.aliases], _surname(e.name, e.aliases))
                         if fold(f.rstrip("*")) not in others]
            out.append(Entity(e.name, e.role, _name_terms(e.name, [*e.aliases, *forms], respelled),
                              _given_names(e.name, e.aliases)))
        except QueryError as exc:
            raise fail(f"entities[{i}] ({e.name})", str(exc)) from None
    return out + _country_speakers(cfg) + _office_speakers(cfg)


def _country_forms(name: str, role: str) -> tuple[str, ...]:
    """A claim entity that is a country ("Turkey") is named in news by its name and capital in any
    language ("Türkiye", "Турция", "Ankara", "تركيا"): the names of its row in countries.yaml, so an
    analyst writes the country once; and its adjectives ("Turkish firms bought the oil", "nageurs
    chinois"): the event must still stand beside them, so "Azerbaijani soldiers handed over a
    shepherd" is no claim of an oil deal (on the real-news parts a-q the adjectives found 13 more
    related pairs for one more hard-negative alert). A form that is another entity of the rule
    ("Tbilisi" beside "Georgia") stays that entity's only. A denier named as a country ("Belarus")
    gets only the names of its row that begin with the English name's first two consonants
    ("Белоруссия", "Biélorussie"): not its capital or adjectives, which tell where something
    happened or whose people did it ("Iranian women arrested in Tehran"), not who denies or acts
    (on parts a-w: 7 more related pairs, no hard negative more)."""
    row = country_row(name) if role in ("claim", "denier") else None
    if row is None:
        return ()
    if role == "claim":
        return tuple(row)
    head, adjective = _consonants(row[0]), row[1].casefold()
    return tuple(n for n in speaker_names(row) if not n.endswith("*") and _consonants(n) == head
                 and n.casefold() != adjective)


def _consonants(name: str) -> str:
    """The first two consonants of a name's first word, folded ("Белоруссия" and "Belarus": "bl")."""
    words = WORD.findall(name)
    return "".join([c for c in fold(words[0]) if c.isalpha() and c not in "aeiouy"][:2]) if words else ""


def _country_speakers(cfg: DenialConfig) -> list[Entity]:
    """The denier's country by name, as a speaker only ("China says ..." for the Chinese Foreign
    Ministry): news names a government by its country or capital. Role "speaker": it counts
    where the denier speaks, nowhere else ("Muradov met Naghiyev in Baku" is still another place)."""
    deniers = [n for e in cfg.entities if e.role == "denier" for n in (e.name, *e.aliases)]
    claims = [n for e in cfg.entities if e.role == "claim" for n in (e.name, *e.aliases)]
    out = []
    for row in denier_countries(deniers, claims):
        terms = {tuple(w.key for w in t.words): t for t in (Term(words_of(n, "name"), n) for n in speaker_names(row))}
        out.append(Entity(f"{row[0]} (the denier's country)", "speaker", tuple(terms.values())))
    return out


def _office_speakers(cfg: DenialConfig) -> list[Entity]:
    """The denier by its office beside a name of its country, as a speaker ("Chinas
    Außenministerium", "portavoce del Cremlino" for the Chinese Foreign Ministry or the Kremlin
    spokesman of the rule's ``source``): offices.py."""
    texts = [n for e in cfg.entities if e.role == "denier" for n in (e.name, *e.aliases)]
    texts += [cfg.source] if cfg.source else []
    rows = sorted(rows_of(texts))
    terms = office_terms(offices_named(texts), tuple(n for row in rows for n in row))
    return [Entity("the denier's office", "speaker", terms)] if terms else []


def _groups(cfg: DenialConfig, fail: _Fail) -> list[Group]:
    out: list[Group] = []
    for i, g in enumerate(cfg.keywords):
        if any(other.name == g.name for other in out):
            raise fail(f"keywords[{i}]", f"duplicate keyword group name {g.name!r}")
        try:
            node = parse_query(g.query)
            places = not g.required and names_only(node)
            expanded: tuple[tuple[str, str], ...] = ()
            if not places:      # the event in the words of every packed language
                node, expanded = expand_concepts(node)
            out.append(Group(g.name, g.required, node, places, expanded=expanded, names=names_only(node)))
        except QueryError as exc:
            raise fail(f"keywords[{i}] ({g.name})", str(exc)) from None
    return out


def _window(cfg: DenialConfig, fail: _Fail) -> tuple[dt.date | None, dt.date | None]:
    if cfg.window is None:
        return None, None
    if cfg.date is None:
        raise fail("window", "a window needs the denial's date")
    before = cfg.date - cfg.window.before if cfg.window.before is not None else None
    after = cfg.date + cfg.window.after if cfg.window.after is not None else None
    return before, after


def compile_denial(cfg: DenialConfig) -> CompiledDenial:
    """Validate and compile ``cfg``; every problem raises RuleError naming the denial."""
    fail = _Fail(cfg.id)
    entities, groups = _entities(cfg, fail), _groups(cfg, fail)
    query = None
    if cfg.query:
        try:
            query = parse_query(cfg.query)
        except QueryError as exc:
            raise fail("query", str(exc)) from None
    claim = [e for e in entities if e.role == "claim"]
    if not claim and not groups and query is None:
        raise fail("rules", "no claim entities, keyword groups or query: nothing to match")
    # the denier as the claim's actor where the claim names at most one other party: a claim
    # about several ("North Korea hacked Sony Pictures") is told by them, and the denier with a
    # word of the event alone is its other deeds ("North Korean hackers stole $1.5bn in crypto")
    claim_doc = Doc.build(Document(id="claim", title="", text=cfg.claim)) if cfg.claim else None
    acts = len(claim) <= 1 and denier_acts(claim_doc, entities)
    names = len(claim) + (1 if acts else 0)
    min_entities = cfg.min_entities if cfg.min_entities is not None else min(2, len(claim))
    if min_entities > names:
        raise fail("min_entities", f"is {min_entities} but only {len(claim)} claim entities are defined"
                   + (" (and the denier, named in the claim)" if acts else ""))
    try:
        denial_cues = tuple(cue_term(c) for c in cfg.cues.denial)
        hedge_cues = tuple(cue_term(c) for c in cfg.cues.hedge)
    except QueryError as exc:
        raise fail("cues", str(exc)) from None
    not_before, not_after = _window(cfg, fail)
    all_names = [n for e in cfg.entities for n in (e.name, *e.aliases)]
    countries = frozenset(rows_of(all_names))
    return CompiledDenial(
        id=cfg.id, config=cfg, entities=tuple(entities), groups=tuple(groups), query=query,
        denial_cues=denial_cues, hedge_cues=hedge_cues, min_entities=min_entities,
        languages=frozenset(lang.lower().split("-")[0] for lang in cfg.languages),
        feeds=frozenset(cfg.feeds), not_before=not_before, not_after=not_after, expires=cfg.expires,
        place_keys=frozenset(w.key for g in groups if g.places for w in positive_words(g.node)),
        denier_acts=acts,
        accused=accused_terms(cfg, entities, claim_doc),
        known_countries=countries | rows_of([cfg.claim or "", cfg.title or "", cfg.source or ""]),
        counterparts=counterpart_names(cfg),
        years=claim_years(cfg.claim, cfg.date),
        countries=countries,
        claim_words=claim_words(cfg.claim, cfg.title, [*all_names,
                                                       *(w.text for g in groups if g.names for w in positive_words(g.node))]))


def accused_terms(cfg: DenialConfig, entities: list[Entity], claim_doc: Doc | None) -> tuple[Term, ...]:
    """The denier's names and its country's every form (names, adjectives, capital: the denier's
    names and the rule's ``source`` say which country), when the claim sentence names one of them
    ("Ukrainian divers blew up Nord Stream", "agencies of the Mexican government used Pegasus"):
    the claim accuses the denier. Else nothing. ``claim_doc``: the claim sentence as a Doc."""
    if claim_doc is None:
        return ()
    deniers = [n for e in cfg.entities if e.role == "denier" for n in (e.name, *e.aliases)]
    terms = [t for e in entities if e.role == "denier" for t in e.terms]
    rows = denier_countries(deniers + ([cfg.source] if cfg.source else []), [])
    terms += [Term(words_of(n, "name"), n) for row in rows for n in row]
    terms += [t for e in entities if e.role == "claim" and country_row(e.name) in rows for t in e.terms]
    return tuple(terms) if any(t.spans(claim_doc, None) for t in terms) else ()


def counterpart_names(cfg: DenialConfig) -> tuple[str, ...]:
    """The claim entities that are countries other than the denier's ("Romania" of "Russia
    interfered in Romania's election", "Iran" of "Niger agreed to sell uranium to Iran" for
    France's denial): the event's place, target or other party, as the analyst named them. An item
    that lacks one of them but puts the event in another country tells another event
    (``evaluate._another_counterpart``)."""
    deniers = [n for e in cfg.entities if e.role == "denier" for n in (e.name, *e.aliases)]
    own = set(denier_countries(deniers + ([cfg.source] if cfg.source else []), []))
    return tuple(e.name for e in cfg.entities
                 if e.role == "claim" and (row := country_row(e.name)) is not None and row not in own)


def denier_acts(claim_doc: Doc | None, entities: list[Entity]) -> bool:
    """Whether the claim sentence names the denier ("Jair Bolsonaro planned a coup", "AstraZeneca
    withdrew its vaccine because of side effects"): a self-denial, whose news tells the claim
    through the denier as its actor ("Bolsonaro charged over coup plot"), often with no other name
    of the claim. The denier then also counts as a claim name. ``claim_doc``: the claim sentence
    as a Doc (built once for this and ``accused_terms``)."""
    deniers = [e for e in entities if e.role == "denier"]
    if claim_doc is None or not deniers:
        return False
    return any(term.spans(claim_doc, None) for e in deniers for term in e.terms)


def prefilter_words(node: Node) -> list[Word] | None:
    """Words one of which must occur for ``node`` to match; None when no such set exists."""
    return list(positive_words(node)) if needs_positive(node) else None
