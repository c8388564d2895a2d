"""Propose a denial entry from an official statement, a headline or a bare claim, for an analyst to edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from monitor.config.denials import DenialConfig
from monitor.errors import RuleError
from monitor.match.document import Doc
from monitor.match.normalize import HAS_CJK, fold, fold_text
from monitor.match.rules import compile_denial
from monitor.match.types import Document
from monitor.suggest.cjk import cjk_entities, cjk_names, kanji_words
from monitor.suggest.common import recase, well_known
from monitor.suggest.countries import (
    country_row,
    denier_country,
    implied_actor,
    implied_names,
    name_countries,
)
from monitor.suggest.entities import country_actors, entities_of
from monitor.suggest.keywords import concept_tokens, keyword_groups
from monitor.suggest.lexicon import (
    NAME_PARTICLES,
    RELATIONAL,
    SEPARABLE,
    STOP,
    Span,
    is_institution_word,
    person_like,
)
from monitor.suggest.names import link_names, name_runs
from monitor.suggest.places import (
    country_mention,
    place_query,
)
from monitor.suggest.translit import aliases


def cue_wording(doc: Doc, text: str) -> tuple[set[int], list[str], list[Span]]:
    """Tokens that are cue wording, the denial phrases as written, and the denial cue spans."""
    from monitor.match.engine import cue_lexicon

    cues = cue_lexicon().find(doc, fold_text(text))
    tokens: set[int] = set()
    wording: list[str] = []
    for category in ("denial", "hedge", "negation", "reference", "denial_noun", "counter"):
        for _, (a, b) in cues.get(category, []):
            tokens.update(range(a, b + 1))
            phrase = text[doc.tokens[a].start:doc.tokens[b].end]
            if category == "denial" and phrase.lower() not in (w.lower() for w in wording):
                wording.append(phrase)
    spans = [sp for _, sp in cues.get("denial", [])]
    for tok in doc.tokens:           # German separable verbs: "wies die Berichte zurück"
        verb = text[tok.start:tok.end].lower()
        if verb in SEPARABLE and not any(doc.tokens[a].sent == tok.sent for a, _ in spans):
            particle = next((t for t in doc.tokens[tok.pos + 1:] if t.sent == tok.sent
                             and text[t.start:t.end].lower() == SEPARABLE[verb]), None)
            if particle is not None:
                tokens.update((tok.pos, particle.pos))
                spans.append((tok.pos, tok.pos))
                wording.append(f"{text[tok.start:tok.end]} {text[particle.start:particle.end]}")
    return tokens, wording, spans


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split()).strip(" ,;:")
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(" ,;:") + "…"


def clause_text(doc: Doc, text: str, clause: list[int]) -> str:
    """The claim clause as written, without leading articles and trailing copulas."""
    toks = [p for p in clause if doc.tokens[p].field == "text"] if clause else []
    while toks and text[doc.tokens[toks[0]].start:doc.tokens[toks[0]].end].lower() in STOP:
        toks = toks[1:]
    while toks and text[doc.tokens[toks[-1]].start:doc.tokens[toks[-1]].end].lower() in STOP:
        toks = toks[:-1]
    if not toks:
        return ""
    # stop at the end of the clause's sentence (or at a gap of cue wording)
    end = toks[0]
    for p in toks[1:]:
        if p != end + 1 or doc.tokens[p].sent != doc.tokens[end].sent:
            break
        end = p
    return text[doc.tokens[toks[0]].start:doc.tokens[end].end]


def clause_words(doc: Doc, text: str, clause: list[int], cue_tokens: set[int]) -> list[str]:
    """The words of the claim clause, cue wording left out, articles kept ("it", "selling" first)."""
    return [text[doc.tokens[p].start:doc.tokens[p].end] for p in clause if p not in cue_tokens
            and doc.tokens[p].field == "text"]


def _first_word(doc: Doc, text: str, clause: list[int], cue_tokens: set[int]) -> int | None:
    """The claim clause's first word of the text that is no cue and no stop word."""
    return next((p for p in clause if p not in cue_tokens and doc.tokens[p].field == "text"
                 and text[doc.tokens[p].start:doc.tokens[p].end].lower() not in STOP), None)


def _subject_country(doc: Doc, text: str, clause: list[int], cue_tokens: set[int]) -> str | None:
    """The country the claim clause opens with, a noun ("the US", "Russia"), not an adjective or
    an owner ("Armenia's NSS head")."""
    first = _first_word(doc, text, clause, cue_tokens)
    if first is None or text[doc.tokens[first].end:doc.tokens[first].end + 2] in ("'s", "’s"):
        return None
    found = country_mention(text[doc.tokens[first].start:doc.tokens[first].end])
    return found[0] if found is not None and not found[2] else None


def _own_people(doc: Doc, text: str, clause: list[int], cue_tokens: set[int], entities: list[dict[str, Any]]) -> bool:
    """Whether the claim opens with the denier's own nationality ("North Korea denies that North
    Korean troops were sent to Russia"): the denier's country acts."""
    own = denier_country(entities)
    first = _first_word(doc, text, clause, cue_tokens)
    if own is None or first is None:
        return False
    words = [text[doc.tokens[p].start:doc.tokens[p].end] for p in (first, first + 1) if p < len(doc.tokens)]
    for phrase in (" ".join(words), words[0]):      # "North Korean", "Iranian"
        found = country_mention(phrase)
        if found is not None:
            return found[2] and found[0] == own[0]
    return False


def _add_actors(entities: list[dict[str, Any]], claim_entities: list[dict[str, Any]], actors: list[str]) -> bool:
    """The countries acting in the claim added as claim names; whether one joined two or more names."""
    acting = False
    for country in actors:
        if not any(fold(e["name"]) == fold(country) for e in entities):
            acting = acting or len(claim_entities) >= 2
            entity = {"name": country, "aliases": aliases(country), "role": "claim"}
            entities.append(entity)
            claim_entities.append(entity)
    return acting


def _add_claim_name(entities: list[dict[str, Any]], claim_entities: list[dict[str, Any]],
                    name: dict[str, Any]) -> bool:
    """Add ``name`` as a claim name unless the claim has it already; whether it was added."""
    if any(fold(e["name"]) == fold(name["name"]) for e in claim_entities):
        return False
    entities.append(name)
    claim_entities.append(name)
    return True


def _country_name(place: str) -> str:
    row = country_row(place)
    return row[0] if row is not None else place


def is_specific(name: str, language: str | None) -> bool:
    """A name that makes a claim with its event: neither frequent in the language (Gaza, Putin) nor
    a country (Belarus is rare in English news, and still the setting of many stories); the Kremlin
    is a place of its own."""
    return not well_known(name, language) and (country_row(name) is None or is_institution_word(name))


def min_entities(doc: Doc, text: str, claim_entities: list[dict[str, Any]], groups: list[dict[str, Any]],
                 actor: bool = False) -> int:
    """Distinct claim names an item needs: two when no event is required, when the claim names
    nothing specific, when a meeting or agreement names two specific parties ("Abazyan met Naghiyev
    in Sugovushan": the same people at another event is another story), when a country sits among
    several names, or when the claim's acting country was added (``actor``); else one (the event
    and one name make the claim: "Russian troops killed civilians in Bucha", where "Kyiv region" or
    "Gaza" only set the scene; "COVID-19 leaked from a laboratory in Wuhan" names either)."""
    event = any(g["required"] and g["name"] != "place" for g in groups)
    sentences = [s for s in doc.sentences if s.field == "text" and s.end > s.start]
    first = fold(text[:sentences[0].end]) if sentences else fold(text)
    specific = [e for e in claim_entities if is_specific(e["name"], doc.lang)
                and fold(e["name"].split()[-1])[:5] in first]
    # two or more specific names and no country among the claim's names: any one of them with the
    # event makes the claim ("COVID-19 leaked from a laboratory in Wuhan": news names one or the
    # other); a country among them would let the country and the event alone alert
    countries = any(not is_specific(e["name"], doc.lang) for e in claim_entities)
    relational = any(g["required"] and g["name"] in RELATIONAL for g in groups)
    one = len(specific) == 1 or (len(specific) > 1 and not countries and not relational)
    return min(1 if event and one and not actor else 2, len(claim_entities))


def _organisation(name: str, language: str | None) -> bool:
    """A name of several words joined by particles ("Cartel de los Soles", "Bank of America"): one
    organisation or place, as specific as an event."""
    words = name.split()
    return len(words) >= 3 and any(w in NAME_PARTICLES for w in words) and is_specific(name, language)


def suggest_denial(text: str, *, denial_id: str = "new-denial", date: dt.date | None = None) -> dict[str, Any]:
    """A denial entry (a dict ready for YAML) proposed from ``text``; it always compiles."""
    doc = Doc.build(Document(id="suggest", title="", text=text))
    cased = recase(doc, text)
    if cased != text:             # a Title-Case headline: only its names keep their capitals
        text, doc = cased, Doc.build(Document(id="suggest", title="", text=cased))
    cue_tokens, wording, denial_spans = cue_wording(doc, text)
    entities, places, roles = entities_of(doc, text, cue_tokens, denial_spans)
    cjk_words: list[str] = []
    if not entities and HAS_CJK.search(text):      # no capitals mark the names of Japanese, Chinese, Korean
        skip = {c for p in cue_tokens | concept_tokens(doc) for c in range(doc.tokens[p].start, doc.tokens[p].end)}
        first_cue = min((doc.tokens[a].start for a, _ in denial_spans), default=None)
        entities = cjk_entities(text, skip, first_cue)
        names = {c for start, end, _, _ in cjk_names(text, skip) for c in range(start, end)}
        cjk_words = kanji_words(text, skip | names)
    claim_entities = [e for e in entities if e["role"] == "claim"]
    name_tokens = {p for run in name_runs(doc, text) for p in run}
    link_tokens = {p for tokens, _, _ in link_names(doc, text) for p in tokens}
    groups = keyword_groups(doc, text, (cue_tokens | name_tokens | link_tokens) - concept_tokens(doc),
                             roles.clause, places)
    if cjk_words and not any(g["required"] for g in groups):    # Japanese: its kanji words are the event
        groups.append({"name": cjk_words[0], "query": " OR ".join(f'"{w}"' for w in cjk_words), "required": True})
    actors = country_actors(doc, text, roles, entities, cue_tokens)
    if len(claim_entities) >= 2:      # two specific names: only a country that is the claim's subject
        actors = [c for c in actors if c == _subject_country(doc, text, roles.clause, cue_tokens)]
    acting = _add_actors(entities, claim_entities, actors)   # ("the US blew up the Nord Stream pipelines")
    places = [p for p in places if (country_mention(p) or ("",))[0] not in actors]
    entities = name_countries(entities)
    claim_entities = [e for e in entities if e["role"] == "claim"]
    # the denier's country acts in a claim that leaves out its subject ("Serbia denies selling weapons
    # to Ukraine": Serbia sold them) and is the one name of a claim that names nothing else ("China
    # denies the balloon was a spy balloon"); with no specific name, the countries the claim
    # mentions are its names too ("Belarus denies its troops entered Ukraine"), two of them needed
    implied = implied_actor(clause_words(doc, text, roles.clause, cue_tokens)) or not claim_entities \
        or _own_people(doc, text, roles.clause, cue_tokens, entities)
    actor = acting
    if any(is_specific(e["name"], doc.lang) for e in claim_entities) and implied:
        # the denier acts in a claim that leaves out its subject ("Turkey denies it shelled a resort in
        # Zakho"): news of the claim names it, news of the place with another actor does not
        for name in implied_names(entities, [], True)[:1]:
            actor = _add_claim_name(entities, claim_entities, name) or actor
    if not any(is_specific(e["name"], doc.lang) for e in claim_entities):
        for name in implied_names(entities, places, implied):
            _add_claim_name(entities, claim_entities, name)
        named = {fold(e["name"]) for e in claim_entities}
        places = [p for p in places if fold(_country_name(p)) not in named]
    if not any(g["required"] for g in groups):
        # a claim of no event about an organisation ("the Cartel de los Soles exists"): the
        # organisation's name is the event, so that one other name of the claim is enough with it
        for e in [e for e in claim_entities if _organisation(e["name"], doc.lang)][:1]:
            groups.append({"name": e["name"], "query": f'"{e["name"].lower()}"', "required": True})
    if places:
        groups.append({"name": "place", "query": place_query(places), "required": not claim_entities})
    claim = ("" if HAS_CJK.search(text) else clause_text(doc, text, roles.clause)) or " ".join(text.split())
    summary = claim[:1].upper() + claim[1:]
    speaker = roles.speaker or ""
    short = speaker.split()[-1] if person_like(speaker.split()) else speaker   # "Hajiyev denies: ..."
    title = f"{short} denies: {claim}" if short else summary
    entry: dict[str, Any] = {
        "id": denial_id,
        "title": _cut(title, 100),
        "claim": _cut(claim, 400),
        "date": (date or dt.datetime.now(dt.UTC).date()).isoformat(),
        "entities": entities,
        "keywords": groups,
        "min_entities": min_entities(doc, text, claim_entities, groups, actor),
    }
    if roles.speaker:
        entry["source"] = roles.speaker
    if wording:
        entry["cues"] = {"denial": wording}
    if not claim_entities and not groups:
        raise RuleError("suggest: found no names or claim words in the text")
    compile_denial(DenialConfig.model_validate(entry))
    return entry
