"""Claim entities of a statement: names that are the claim's, not its speaker's, roles or places."""

from __future__ import annotations

import re
from typing import Any

from monitor.match.document import Doc
from monitor.match.normalize import fold, script_of
from monitor.suggest.common import is_everyday_word
from monitor.suggest.keywords import concept_tokens
from monitor.suggest.lexicon import (
    AZ_LETTERS,
    CITIES,
    COMMON_PLACES,
    COMPASS,
    DIRECTIONAL,
    LOCATIVE,
    MILITARY_PREFIX,
    NATIONALITY,
    NOT_NAMES,
    STOP,
    Span,
    is_acronym,
    is_admin_unit,
    is_geo_feature,
    is_institution_word,
    is_org_head,
    is_place_word,
    is_region_adjective,
    is_speech,
    is_title,
    person_like,
)
from monitor.suggest.names import base_name, link_names, name_runs, trim_run
from monitor.suggest.places import (
    base_form,
    country_mention,
    directional_ending,
    institution_aliases,
    own_country,
)
from monitor.suggest.roles import Roles
from monitor.suggest.translit import aliases


def _descriptor(roles: Roles, run: list[int], words: list[str], azeri: bool) -> bool:
    """Whether a run describes a claim name rather than being one: an affiliation ("the General
    Staff", "the Armenian Armed Forces") or a geographic feature used as a modifier ("the Black Sea
    port of Poti": the port is the claim's, not the sea)."""
    if is_org_head(base_form(words[-1], azeri)):
        return True
    nxt = run[-1] + 1
    if nxt >= len(roles.doc.tokens) or len(words) < 2 or not is_geo_feature(words[-1]):
        return False
    after = roles.text[roles.doc.tokens[run[-1]].end:roles.doc.tokens[nxt].start]
    return after == " " and roles.word(nxt)[:1].islower() and roles.word(nxt).isalpha()


def _affiliation(roles: Roles, run: list[int], words: list[str]) -> bool:
    """Whether a run is an affiliation ("NSS head Armen Abazyan") or an institution ("Ermənistan
    Milli Təhlükəsizlik Xidmətinin"), not a claim name."""
    doc, nxt = roles.doc, run[-1] + 1
    if nxt < len(doc.tokens) and is_title(roles.word(nxt)) and not person_like(words):
        return True
    # one rare word ("the Kremlin", "the Pentagon") names a place in the claim, not an affiliation
    named = len(words) == 1 and not is_everyday_word(words[0])
    return any(is_institution_word(w) and not is_acronym(w) and not named for w in words) or (
        nxt < len(doc.tokens) and is_institution_word(roles.word(nxt)) and not is_acronym(roles.word(nxt))
        and doc.tokens[nxt].sent == doc.tokens[run[-1]].sent)


def _locator(roles: Roles, run: list[int], words: list[str]) -> bool:
    """Whether a run only says where or whose: a region adjective ("the South Ossetian side") or a
    river, sea or lake that locates the event ("on the Aras river", "the Black Sea")."""
    doc, nxt = roles.doc, run[-1] + 1
    if is_region_adjective(words):
        return True
    before = roles.word(run[0] - 1) if run[0] and doc.tokens[run[0] - 1].sent == doc.tokens[run[0]].sent else ""
    after = roles.word(nxt) if nxt < len(doc.tokens) and doc.tokens[nxt].sent == doc.tokens[run[-1]].sent else ""
    return ((is_geo_feature(after) and roles.text[doc.tokens[run[-1]].end:doc.tokens[nxt].start] == " ")
            or (is_geo_feature(before) and len(run) == 1)
            or (len(words) >= 2 and is_geo_feature(words[-1])      # not "the Black Sea port of Poti"
                and not (after[:1].islower() and after.lower() not in STOP)))


def _claim_name(roles: Roles, run: list[int], places: list[str], azeri: bool) -> tuple[str, bool] | None:
    """A claim name from a run of capitalised words (base form, titles and nationalities dropped),
    and whether to transliterate it; None when the run is no name of its own."""
    doc, text = roles.doc, roles.text
    run = roles._clean(run)
    if not run:
        return None
    words = [roles.word(p) for p in run]
    if _affiliation(roles, run, words):
        return None
    while run and is_place_word(words[0]) and len(run) > 1:
        run, words = run[1:], words[1:]               # "Flughafen Tiflis" -> Tiflis
    if _locator(roles, run, words):
        if " ".join(words) not in places:
            places.append(" ".join(words))
        return None
    while len(run) > 1 and NATIONALITY.match(words[-1]):          # "Karabakh Armenians" -> Karabakh
        if words[-1] not in places:
            places.append(words[-1])
        run, words = run[:-1], words[:-1]
    if any(c.isdigit() for c in words[-1]):                        # "Turkish Air Force F-16" -> F-16
        while len(run) > 1 and (words[0].lower() in MILITARY_PREFIX or NATIONALITY.match(words[0])):
            run, words = run[1:], words[1:]
    run, words = trim_run(run, words, places)
    if not run or _descriptor(roles, run, words, azeri):
        return None
    name = base_name(text[doc.tokens[run[0]].start:doc.tokens[run[-1]].start], words, azeri)
    if len(run) == 1 and (len(name) < 3 or name.lower() in STOP or is_title(name) or name.lower() in COMPASS
                          or name.casefold() in NOT_NAMES) and not name[-1:].isdigit():   # "Western sanctions", "Muslim"
        return None
    if fold(base_form(name, azeri)) in CITIES or fold(name) in CITIES:
        return base_form(name, azeri), True     # a city in the claim ("via Tbilisi airport") is a claim name
    if fold(name) in COMMON_PLACES or fold(base_form(name, azeri)) in COMMON_PLACES:
        if name not in places:
            places.append(name)
        return None
    return name, _spelled_abroad(name, run, words)


def _spelled_abroad(name: str, run: list[int], words: list[str]) -> bool:
    """Whether to transliterate a claim name into other scripts: one word, a person's name or a
    name with a number; not an acronym's plural ("UFOs": no spelling in other scripts to invent)."""
    if len(run) == 1 and name.endswith("s") and is_acronym(name[:-1]):
        return False
    return len(run) == 1 or person_like(words) or any(c.isdigit() for c in name)


def entities_of(doc: Doc, text: str, cue_tokens: set[int], denial_spans: list[Span]
              ) -> tuple[list[dict[str, Any]], list[str], Roles]:
    """Proposed entities (base forms), common place names better kept as an optional group, and
    the roles found (the denier is the subject of the denial or of the verb of saying)."""
    azeri = bool(AZ_LETTERS.search(text))
    entities: list[dict[str, Any]] = []
    places: list[str] = []
    abbreviations: set[str] = set()
    concept = concept_tokens(doc)
    runs = [r for r in name_runs(doc, text) if not set(r) <= concept and not (
        len(r) == 1 and r[0] > 0 and text[doc.tokens[r[0] - 1].end:doc.tokens[r[0]].start] == "-"
        and text[doc.tokens[r[0]].start:doc.tokens[r[0]].end].isalpha())]     # "Söldner", "S-300-Systeme"
    roles = Roles(doc, text, runs, cue_tokens, denial_spans)
    links = link_names(doc, text)
    last_claim = -1                     # the last token of the latest claim name
    if roles.phrase_denier:
        name = roles.phrase_denier
        entities.append({"name": name, "aliases": denier_aliases(name, [], roles.context), "role": "denier"})
    for i, run in enumerate(runs):
        role = roles.role.get(i, "claim")
        if role == "denier":
            name = roles.denier_name[i]
            abbr = parenthesised(doc, text, run)
            abbreviations.update(abbr)
            if not any(fold(e["name"]) == fold(name) for e in entities):
                entities.append({"name": name, "aliases": denier_aliases(name, abbr, roles.context),
                                 "role": "denier"})
            continue
        if role == "skip" or any(p in cue_tokens for p in run):
            continue
        link = next((lk for lk in links if run[-1] in lk[0]), None)
        if link is not None:            # "the Baku-Supsa oil pipeline": one thing, not Baku
            _add_once(entities, {"name": link[1], "aliases": link[2], "role": "claim"})
            last_claim = run[-1]
            continue
        found = _claim_name(roles, run, places, azeri)
        if found is None or found[0] in abbreviations:
            continue
        name, transliterate = found
        before = text[doc.tokens[run[0] - 1].end:doc.tokens[run[0]].start] if run[0] else ""
        after = text[doc.tokens[run[-1]].end:]
        unit = run[-1] + 1 < len(doc.tokens) and is_admin_unit(roles.word(run[-1] + 1))
        claims = [e for e in entities if e["role"] == "claim"]
        if claims and unit and (before.endswith("(") or before.strip() == "," or roles.word(run[0] - 1).lower() in LOCATIVE):
            if name not in places:       # "the village of Tigranashen in Ararat province": the province
                places.append(name)      # only locates the village
            continue
        if claims and last_claim == run[0] - 1 and before.strip() == "(" and after.lstrip().startswith(")"):
            prev = claims[-1]            # "Tigranashen (Karki)": another name of the same place
            for alias in [name, *(aliases(name) if transliterate else [])]:
                if fold(alias) != fold(prev["name"]) and fold(alias) not in (fold(a) for a in prev["aliases"]):
                    prev["aliases"].append(alias)
            last_claim = run[-1]
            continue
        last_claim = run[-1]
        if any(fold(e["name"]) == fold(name) or fold(e["name"]).split()[-1] == fold(name) for e in entities):
            continue
        for e in [e for e in entities if len(e["name"].split()) == 1 and fold(name).split()[-1] == fold(e["name"])]:
            entities.remove(e)                  # "Grigoryan" first, "Armen Grigoryan" later: keep the full name
        entities.append({"name": name, "aliases": aliases(name) if transliterate else [], "role": "claim"})
    return entities, places, roles


def _add_once(entities: list[dict[str, Any]], entity: dict[str, Any]) -> None:
    if not any(e["name"] == entity["name"] for e in entities):
        entities.append(entity)


def country_actors(doc: Doc, text: str, roles: Roles, entities: list[dict[str, Any]],
                    cue_tokens: set[int]) -> list[str]:
    """Countries that act in the claim: its origin, destination, route or counterpart ("Iranian
    weapons", "bound for Armenia", "to Azerbaijan", "İrandan"), or a country as its subject
    ("Georgia agreed ..."), unless that is the denier's own country ("[the Government of Armenia
    denies that] Armenia agreed ..."). The subject's nationality ("Syrian mercenaries were flown")
    only says who the people are; a country that only describes another name ("the Georgian Black
    Sea port", "the Armenian Armed Forces", "Armenia's NSS") or locates the event is background."""
    denier = [w for e in entities if e["role"] == "denier" for w in e["name"].split()]
    own = own_country(denier) or own_country(roles.context)
    clause = [p for p in roles.clause if p not in cue_tokens]
    content = [p for p in clause if roles.word(p).lower() not in STOP and any(c.isalpha() for c in roles.word(p))]
    actors: list[str] = []
    for p in content:
        word = roles.word(p)
        found = country_mention(word)
        if found is None:
            continue
        country, ending, adjective = found
        prev = roles.word(p - 1).lower() if p and doc.tokens[p - 1].sent == doc.tokens[p].sent else ""
        nxt = roles.word(p + 1) if p + 1 < len(doc.tokens) and doc.tokens[p + 1].sent == doc.tokens[p].sent else ""
        gap = text[doc.tokens[p].end:doc.tokens[p + 1].start] if nxt else ""
        subject = p == content[0]
        if adjective:
            modifies = (gap == " " and nxt.isalpha() and nxt[:1].islower() and not is_title(nxt)
                        and not is_institution_word(nxt) and not is_place_word(nxt))
            actor = (modifies and not subject) or prev in DIRECTIONAL
        else:
            owner = gap.startswith(("'s", "’s"))
            modifier = (script_of(word) != "cyrillic" and not subject and gap == " " and nxt.isalpha()
                        and nxt[:1].islower() and nxt.lower() not in STOP and not is_title(nxt)
                        and not is_institution_word(nxt) and not is_place_word(nxt) and not is_speech(nxt))
            actor = not owner and (prev in DIRECTIONAL or directional_ending(word, country)
                                   or nxt.lower() in ("üçün", "için") or (modifier and bool(AZ_LETTERS.search(text)))
                                   or (prev in ("в", "во", "на") and script_of(word) == "cyrillic"
                                       and ending in ("", "u", "iu"))      # в Азербайджан, в Армению
                                   or (subject and nxt[:1].islower()))
        if actor and subject and country == own:
            actor = False                   # the denier itself, named by its country
        if actor and country not in actors:
            actors.append(country)
    return actors


def denier_aliases(name: str, abbr: list[str], context: list[str]) -> list[str]:
    """A person's transliterations, or an institution's usual names in the other languages."""
    out: list[str] = []
    for alias in [*aliases(name), *abbr, *institution_aliases(name, context)]:
        if fold(alias) != fold(name) and fold(alias) not in (fold(a) for a in out):
            out.append(alias)
    return out


def parenthesised(doc: Doc, text: str, run: list[int]) -> list[str]:
    """An abbreviation in brackets right after a name: "State Security Service (DTX)"."""
    m = re.match(r"\s*\(([A-ZА-ЯƏÜÖĞŞÇİ]{2,6})\)", text[doc.tokens[run[-1]].end:])
    return [m.group(1)] if m else []
