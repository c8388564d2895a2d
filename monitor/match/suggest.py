"""Propose a denial entry from an official statement (or a bare claim) for an analyst to edit.

The speaker of the denial (subject of "said/denied", "заявил/опроверг", "bildirib ki/təkzib edib",
a trailing ", the SSS said" or a passive "denied by") becomes the ``denier``; names in the rest,
above all in the claim clause ("claim that ...", "о том, что ...", "... barədə"), become claim
entities in base form, with Latin/Cyrillic aliases for names and the gazetteer's forms for
well-known places; titles ("Presidential aide") are never names. Denial wording becomes cues,
never claim terms; known claim actions become multilingual keyword groups.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from monitor.config.denials import DenialConfig
from monitor.errors import RuleError
from monitor.match.document import Doc, stemmer
from monitor.match.normalize import fold, fold_text, script_of
from monitor.match.rules import _INSTITUTION, compile_denial
from monitor.match.suggest_lexicon import (
    _AZ_LETTERS,
    _CITIES,
    _CLAIM_MARKERS,
    _COMMON_PLACES,
    _DIRECTIONAL,
    _INSTITUTION_HEADS,
    _LINK_HEADS,
    _LINK_MODIFIERS,
    _MILITARY_PREFIX,
    _NATIONALITY,
    _PLACE_ROWS,
    _POSTPOSITIONS,
    _ROLE,
    _STOP,
    CONCEPTS,
    LINE_MOVE,
    LINE_WORDS,
    Span,
    _aliases,
    _is_speech,
    _person_like,
    _place_query,
    base_form,
    country_mention,
    directional_ending,
    institution_aliases,
    is_acronym,
    is_admin_unit,
    is_geo_feature,
    is_institution_word,
    is_oblique,
    is_org_head,
    is_place_word,
    is_region_adjective,
    is_title,
    own_country,
    place_adjective,
    to_cyrillic,
)
from monitor.match.types import Document

_LOCATIVE = frozenset(["in", "at", "on", "в", "во", "на", "à", "en", "im", "am", "au", "aux"])
_AUXILIARIES = frozenset(["a", "has", "have", "had", "hat", "haben", "ont", "est", "է", "են", "has", "also"])


def _cue_wording(doc: Doc, text: str) -> tuple[set[int], list[str], list[Span]]:
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
        if verb in _SEPARABLE and not any(doc.tokens[a].sent == tok.sent for a, _ in spans):
            particle = next((t for t in doc.tokens[tok.pos + 1:] if t.sent == tok.sent
                             and text[t.start:t.end].lower() == _SEPARABLE[verb]), None)
            if particle is not None:
                tokens.update((tok.pos, particle.pos))
                spans.append((tok.pos, tok.pos))
                wording.append(f"{text[tok.start:tok.end]} {text[particle.start:particle.end]}")
    return tokens, wording, spans


_SEPARABLE = {"wies": "zurück", "weist": "zurück", "wiesen": "zurück", "weisen": "zurück", "stritt": "ab",
              "streitet": "ab", "stritten": "ab"}


def _name_runs(doc: Doc, text: str) -> list[list[int]]:
    """Runs of capitalised tokens ("State Security Service of Azerbaijan"), any cased script; a
    case ending closes a run ("Əli Nağıyevin | Suqovuşanda")."""
    azeri = bool(_AZ_LETTERS.search(text))
    runs: list[list[int]] = []
    run: list[int] = []
    for tok in doc.tokens:
        word = text[tok.start:tok.end]
        prev = text[doc.tokens[run[-1]].start:doc.tokens[run[-1]].end] if run else ""
        joined = run and text[doc.tokens[run[-1]].end:tok.start] in (" ", " of ", " of the ")
        if run and script_of(prev) == "latin" and is_oblique(prev, azeri) and not (
                len(run) >= 2 and is_title(text[doc.tokens[run[-2]].start:doc.tokens[run[-2]].end])
                and word[:1].isupper() and not is_oblique(word, azeri)):
            joined = False
        if joined and prev.lower() in _INSTITUTION_HEADS and text[doc.tokens[run[-1]].end:tok.start] == " ":
            joined = False        # "Dövlət Təhlükəsizliyi Xidməti | Armen Abazyanın"
        if joined and len(run) >= 2 and is_oblique(word, azeri) and not is_title(prev):
            joined = False        # "Dövlət Təhlükəsizliyi Xidməti | Ermənistanın MTX ..."
        if joined and len(run) >= 2 and fold(base_form(word, azeri)) in _COMMON_PLACES and _person_like(
                [text[doc.tokens[p].start:doc.tokens[p].end] for p in run]):
            joined = False        # "Hikmət Hacıyev | Ermənistan Təhlükəsizlik Şurasının katibi ..."
        if run and word.isdigit() and text[doc.tokens[run[-1]].end:tok.start] == "-":
            run.append(tok.pos)   # S-300, F-16, Su-25
            continue
        if word[:1].isupper() and (not run or joined):
            run.append(tok.pos)
            continue
        if run and word in ("of", "the") and text[doc.tokens[run[-1]].end:tok.start] == " ":
            continue
        if run:
            runs.append(run)
        run = [tok.pos] if word[:1].isupper() else []
    if run:
        runs.append(run)
    return runs


def _trim_run(run: list[int], words: list[str], places: list[str]) -> tuple[list[int], list[str]]:
    """Drop leading nationality adjectives ("Turkish F-16") and titles before a person's name
    ("Security Council Secretary Armen Grigoryan"); a lone nationality goes to ``places``."""
    while len(run) > 1 and _NATIONALITY.match(words[0]):
        if words[0] not in places:
            places.append(words[0])
        run, words = run[1:], words[1:]
    roles = [i for i, w in enumerate(words) if _ROLE.match(w) or is_title(w) or _INSTITUTION.search(w)
             or is_institution_word(w)]
    if (len(run) >= 3 and roles and roles[-1] <= len(run) - 3 and _person_like(words[roles[-1] + 1:])
            and all(b - a == 1 for a, b in zip(run[roles[-1]:], run[roles[-1] + 1:], strict=False))):
        run, words = run[roles[-1] + 1:], words[roles[-1] + 1:]
    if len(run) == 1 and _NATIONALITY.match(words[0]):
        if words[0] not in places:
            places.append(words[0])
        return [], []
    return run, words


def _base_name(prefix: str, words: list[str], azeri: bool) -> str:
    """The name in its base form: the (case-marked) last word stripped; two Russian words both."""
    if len(words) == 2 and script_of(words[0]) == "cyrillic" and all(w.isalpha() for w in words):   # "Армена Абазяна" -> "Армен Абазян"
        return base_form(words[0], azeri) + " " + base_form(words[1], azeri)
    if script_of(words[-1]) != "cyrillic" or len(words) <= 2:
        return prefix + base_form(words[-1], azeri)
    return prefix + words[-1]



class _Roles:
    """Which name runs are the denier, which are claim names, which are skipped (titles,
    appositions of the denier), and the tokens of the claim clause (what is denied)."""

    def __init__(self, doc: Doc, text: str, runs: list[list[int]], cue_tokens: set[int],
                 denial_spans: list[Span]) -> None:
        self.doc, self.text = doc, text
        self.role: dict[int, str] = {}
        self.denier_name: dict[int, str] = {}
        self.clause: list[int] = []
        self.speaker: str | None = None
        self.phrase_denier: str | None = None        # an institution written in lower case ("ministère ...")
        self.context: list[str] = []                  # words around the denier ("Azərbaycan Respublikasının")
        azeri = bool(_AZ_LETTERS.search(text))
        by_sent: dict[int, list[int]] = {}
        for tok in doc.tokens:
            by_sent.setdefault(tok.sent, []).append(tok.pos)
        for sent, toks in by_sent.items():
            sruns = [i for i, r in enumerate(runs) if doc.tokens[r[0]].sent == sent]
            cues = [a for a, _ in denial_spans if doc.tokens[a].sent == sent]
            speech = [p for p in toks if _is_speech(self.word(p))]
            tail = self._attribution(toks, speech)      # "..., the SSS said." / "..., said Hajiyev."
            if not cues:
                self.clause += [p for p in toks if p not in cue_tokens and (tail is None or p < tail)]
                continue
            boundary = min(cues + speech)
            after = [p for p in toks if p > boundary and p not in cue_tokens and not _is_speech(self.word(p))
                     and self.word(p).lower() not in _STOP]
            if tail is not None:
                speech, after = [p for p in speech if p >= tail], []
            passive = next((a for a in cues if a + 1 < len(doc.tokens) and self.word(a + 1).lower() == "by"), None)
            if passive is not None:                     # "... were denied by the SSS"
                tail, speech, cues, after = passive, [], [passive], []
            if len(after) >= 2:          # subject - verb - claim: "X said/denied that ..."
                region = [i for i in sruns if runs[i][-1] < boundary]
                cut = next((p for p in toks if p < boundary and p > toks[0]
                            and re.search(r"[,(–—]", text[doc.tokens[p - 1].end:doc.tokens[p].start])), boundary)
                self._subject(toks, boundary, cut, region, runs)
                for i in region:
                    self.role.setdefault(i, "skip")
                self.clause += self._claim_clause([p for p in toks if p > boundary], cue_tokens)
                continue
            final = max(cues + speech)   # verb-final: "DTX ... təkzib edir", "..., the SSS said"
            if azeri or script_of(self.word(final)) == "armenian":
                first = next((i for i in sruns if not is_oblique(self.word(runs[i][-1]), azeri)
                              and self._clean(runs[i])), None)
            else:
                first = next((i for i in sruns if self._clean(runs[i]) and
                              ((passive is None and 0 <= final - runs[i][-1] <= 2)
                               or 0 <= runs[i][0] - final <= 3)), None)
            if first is not None and self._spokesperson(first, runs, final, azeri):
                self.role[first] = "skip"                # "Dışişleri Bakanlığı | Sözcüsü Tanju Bilgiç"
                first += 1
            lo_phrase = self._institution_after(first, runs, sruns, final)
            first = None if lo_phrase is not None else first
            if first is not None:
                self._denier(first, runs, None)
                for i in sruns:                         # "Azərbaycan Respublikasının | DTX": the denier's own
                    if runs[i][-1] < runs[first][0] and tail is None and passive is None and runs[first][-1] < final:
                        self.role.setdefault(i, "skip")
                        self.context += [self.word(p) for p in runs[i]]
            stop = [p for p in toks if self.word(p).lower() in _POSTPOSITIONS]
            lo = lo_phrase if lo_phrase is not None else (
                runs[first][-1] if first is not None and runs[first][-1] < final else -1)
            hi = min(stop + [final, *(runs[first][:1] if first is not None and runs[first][0] > final else [])])
            if tail is not None:
                lo, hi = -1, tail
            elif not (azeri or script_of(self.word(final)) == "armenian"):
                continue                                # "The ministry denied it.": no claim here
            self.clause += self._claim_clause([p for p in toks if lo < p < hi], cue_tokens)

    def _institution_after(self, first: int | None, runs: list[list[int]], sruns: list[int], final: int
                           ) -> int | None:
        """When the names before a verb-final denial end in an institution written in lower case
        ("İranın Gürcüstandakı səfirliyi"), that phrase is the denier: its last token, else None."""
        if first is None:
            return None
        head = runs[first][-1] + 1
        if not (head < final and self.doc.tokens[head].sent == self.doc.tokens[runs[first][0]].sent
                and self.word(head)[:1].islower() and is_institution_word(self.word(head))):
            return None
        start = first
        while start > 0 and runs[start - 1][-1] + 1 == runs[start][0] and start - 1 in sruns:
            start -= 1
        for i in range(start, first + 1):
            self.role[i] = "skip"
        self.context += [self.word(p) for p in range(runs[start][0], head)]
        self._phrase_denier(list(range(runs[start][0], head + 1)))
        return head

    def _subject(self, toks: list[int], boundary: int, cut: int, region: list[int], runs: list[list[int]]) -> None:
        """The denier before the verb: a person, else an institution however written, else a name."""
        named = [i for i in region if runs[i][0] < cut and self._clean(runs[i])]
        persons = [i for i in region if self._clean(runs[i]) and self._person(runs[i])]
        phrase = self._institution_phrase(toks, boundary)
        self.context += [self.word(p) for p in toks if p < boundary]
        if named and any(self._person(runs[i]) for i in named):
            self._denier(self._pick(named, runs), runs, cut)
        elif persons:                                   # "Speaking in Baku, Foreign Minister X denied"
            self._denier(persons[0], runs, boundary)
        elif phrase and any(is_institution_word(self.word(p)) and self.word(p)[:1].islower() for p in phrase
                            ) and not any(self._owner(runs[i]) for i in region):
            self._phrase_denier(phrase)                 # "Le ministère géorgien des Affaires étrangères"
        elif named:
            self._denier(self._pick(named, runs), runs, cut)

    def _spokesperson(self, first: int, runs: list[list[int]], final: int, azeri: bool) -> bool:
        """Whether the run after the institution ``first`` is its titled spokesperson, the speaker."""
        nxt = first + 1
        return (nxt < len(runs) and runs[nxt][0] == runs[first][-1] + 1 and runs[nxt][-1] < final
                and self.doc.tokens[runs[nxt][0]].sent == self.doc.tokens[runs[first][0]].sent
                and is_title(self.word(runs[nxt][0])) and self._person(runs[nxt])
                and not is_oblique(self.word(runs[nxt][-1]), azeri))

    def _owner(self, run: list[int]) -> bool:
        """A name followed by a possessive that is not a country ("Hajiyev's press service")."""
        end = self.doc.tokens[run[-1]].end
        return self.text[end:end + 2] in ("'s", "’s") and fold(self.word(run[-1])) not in _COMMON_PLACES

    def _person(self, run: list[int]) -> bool:
        words = [self.word(p) for p in self._clean(run)]
        return _person_like(words) or _person_like(_trim_run(self._clean(run), words, [])[1])

    def _institution_phrase(self, toks: list[int], boundary: int) -> list[int] | None:
        """The subject before the verb when it names an institution, however written ("Le ministère
        géorgien des Affaires étrangères", "ՀՀ պաշտպանության նախարարությունը", "Armenia's Defence
        Ministry | in Yerevan"): its tokens, without articles, auxiliaries and a locating place."""
        segs: list[list[int]] = [[]]
        for p in (p for p in toks if p < boundary):
            if segs[-1] and re.search(r"[,(–—:]", self.text[self.doc.tokens[p - 1].end:self.doc.tokens[p].start]):
                segs.append([])
            segs[-1].append(p)
        seg = next((g for g in segs if any(is_institution_word(self.word(p)) for p in g)), None)
        if seg is None:
            return None
        for k, p in enumerate(seg):
            if k and self.word(p).lower() in _LOCATIVE:
                seg = seg[:k]
                break
        while seg and self.word(seg[0]).lower() in _STOP:
            seg = seg[1:]
        while seg and (self.word(seg[-1]).lower() in _STOP or self.word(seg[-1]).lower() in _AUXILIARIES):
            seg = seg[:-1]
        if not seg or len(seg) > 8 or not any(is_institution_word(self.word(p)) for p in seg):
            return None
        return seg

    def _phrase_denier(self, seg: list[int]) -> None:
        words = self.text[self.doc.tokens[seg[0]].start:self.doc.tokens[seg[-1]].end].split()
        if script_of(words[-1]) == "armenian":
            words[-1] = base_form(words[-1], False)     # նախարարությունը -> նախարարություն
        self.phrase_denier = " ".join(words).strip(" ,.")
        self.speaker = self.speaker or self.phrase_denier

    def _attribution(self, toks: list[int], speech: list[int]) -> int | None:
        """The first token of a trailing attribution (", the SSS said"), if the sentence has one."""
        for p in speech:
            if p < toks[max(-len(toks), -6)]:
                continue
            for q in range(p, max(toks[0], p - 6), -1):
                if "," in self.text[self.doc.tokens[q - 1].end:self.doc.tokens[q].start]:
                    return q
        return None

    def word(self, p: int) -> str:
        tok = self.doc.tokens[p]
        return self.text[tok.start:tok.end]

    def _clean(self, run: list[int]) -> list[int]:
        """The run without title words at either end (empty when it is only titles or a stop word)."""
        run = [p for p in run]
        while run and (is_title(self.word(run[0])) or self.word(run[0]).lower() in _STOP) and not (
                len(run) > 1 and self.text[self.doc.tokens[run[0]].end:self.doc.tokens[run[1]].start] == "-"):
            run = run[1:]
        while run and is_title(self.word(run[-1])):
            run = run[:-1]
        return run

    def _pick(self, named: list[int], runs: list[list[int]]) -> int:
        """The speaker among the names before the verb: a person ("Presidential aide Hikmet
        Hajiyev", "Presidency's Communications Director Fahrettin Altun"), else the first name that
        is not a possessive country ("Azerbaijan's State Security Service")."""
        for i in named:
            words = [self.word(p) for p in self._clean(runs[i])]
            if _person_like(words) or _person_like(_trim_run(self._clean(runs[i]), words, [])[1]):
                return i
        for i in named:
            end = self.doc.tokens[runs[i][-1]].end
            owner = self.text[end:end + 2] in ("'s", "’s")
            place = fold(" ".join(self.word(p) for p in runs[i])) in _COMMON_PLACES
            if not (owner and place):
                return i
        return named[0]

    def _denier(self, i: int, runs: list[list[int]], region_end: int | None) -> None:
        self.role[i] = "denier"
        run = self._clean(runs[i])
        words = [self.word(p) for p in run]
        tail = [self.word(p) for p in range(max(run[0], (region_end or 0) - 2), region_end or 0)]
        if script_of(words[0]) == "cyrillic" and len(tail) == 2 and all(
                w[:1].isupper() and w.isalpha() and not is_title(w) for w in tail):
            name = " ".join(tail)                        # "... МИД России Мария Захарова"
        elif script_of(words[0]) == "cyrillic" and region_end is not None and not _person_like(words):
            end = self.doc.tokens[region_end - 1]        # "Министерство обороны России"
            name = self.text[self.doc.tokens[run[0]].start:end.end]
        else:
            trimmed, twords = _trim_run(run, words, [])
            if trimmed and (_person_like(twords) or not any(is_institution_word(w) for w in words)):
                run = trimmed                   # "Georgian Foreign Ministry" keeps its nationality
            last = run[-1]
            if i + 1 < len(runs) and self.text[self.doc.tokens[last].end:self.doc.tokens[runs[i + 1][0]].start
                                               ] in (" of ", " of the "):
                last = runs[i + 1][-1]              # "Ministry of Defence | of the Russian Federation"
                self.role[i + 1] = "skip"
            name = self.text[self.doc.tokens[run[0]].start:self.doc.tokens[last].end]
        name = name.strip(" ,.")
        if script_of(name) == "armenian" and _person_like(name.split()):
            name = " ".join([*name.split()[:-1], base_form(name.split()[-1], False)])   # Բադալյանը -> Բադալյան
        self.denier_name[i] = name
        self.speaker = self.speaker or self.denier_name[i]

    def _claim_clause(self, toks: list[int], cue_tokens: set[int]) -> list[int]:
        """Tokens of the claim: after the last claim marker near the start ("claim that ...")."""
        start = next((k for k, p in enumerate(toks[:10]) if self.word(p).lower() in _CLAIM_MARKERS), -1) + 1
        while start and start < len(toks) and (self.word(toks[start]).lower() in _CLAIM_MARKERS
                                               or self.word(toks[start]).lower() in ("the", "an", "a")):
            start += 1
        return [p for p in toks[start:] if p not in cue_tokens] or [p for p in toks if p not in cue_tokens]


def _descriptor(roles: _Roles, run: list[int], words: list[str], azeri: bool) -> bool:
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


def _affiliation(roles: _Roles, run: list[int], words: list[str]) -> bool:
    """Whether a run is an affiliation ("NSS head Armen Abazyan") or an institution ("Ermənistan
    Milli Təhlükəsizlik Xidmətinin"), not a claim name."""
    doc, nxt = roles.doc, run[-1] + 1
    if nxt < len(doc.tokens) and is_title(roles.word(nxt)) and not _person_like(words):
        return True
    return any(is_institution_word(w) and not is_acronym(w) for w in words) or (
        nxt < len(doc.tokens) and is_institution_word(roles.word(nxt)) and not is_acronym(roles.word(nxt))
        and doc.tokens[nxt].sent == doc.tokens[run[-1]].sent)


def _locator(roles: _Roles, run: list[int], words: list[str]) -> bool:
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
                and not (after[:1].islower() and after.lower() not in _STOP)))


def _claim_name(roles: _Roles, run: list[int], places: list[str], azeri: bool) -> tuple[str, bool] | None:
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
    while len(run) > 1 and _NATIONALITY.match(words[-1]):          # "Karabakh Armenians" -> Karabakh
        if words[-1] not in places:
            places.append(words[-1])
        run, words = run[:-1], words[:-1]
    if any(c.isdigit() for c in words[-1]):                        # "Turkish Air Force F-16" -> F-16
        while len(run) > 1 and (words[0].lower() in _MILITARY_PREFIX or _NATIONALITY.match(words[0])):
            run, words = run[1:], words[1:]
    run, words = _trim_run(run, words, places)
    if not run or _descriptor(roles, run, words, azeri):
        return None
    name = _base_name(text[doc.tokens[run[0]].start:doc.tokens[run[-1]].start], words, azeri)
    if len(run) == 1 and (len(name) < 3 or name.lower() in _STOP or is_title(name)) and not name[-1:].isdigit():
        return None
    if fold(base_form(name, azeri)) in _CITIES or fold(name) in _CITIES:
        return base_form(name, azeri), True     # a city in the claim ("via Tbilisi airport") is a claim name
    if fold(name) in _COMMON_PLACES or fold(base_form(name, azeri)) in _COMMON_PLACES:
        if name not in places:
            places.append(name)
        return None
    return name, len(run) == 1 or _person_like(words) or any(c.isdigit() for c in name)


def _entities(doc: Doc, text: str, cue_tokens: set[int], denial_spans: list[Span]
              ) -> tuple[list[dict[str, Any]], list[str], _Roles]:
    """Proposed entities (base forms), common place names better kept as an optional group, and
    the roles found (the denier is the subject of the denial or of the verb of saying)."""
    azeri = bool(_AZ_LETTERS.search(text))
    entities: list[dict[str, Any]] = []
    places: list[str] = []
    abbreviations: set[str] = set()
    concept = _concept_tokens(doc)
    runs = [r for r in _name_runs(doc, text) if not set(r) <= concept and not (
        len(r) == 1 and r[0] > 0 and text[doc.tokens[r[0] - 1].end:doc.tokens[r[0]].start] == "-"
        and text[doc.tokens[r[0]].start:doc.tokens[r[0]].end].isalpha())]     # "Söldner", "S-300-Systeme"
    roles = _Roles(doc, text, runs, cue_tokens, denial_spans)
    links = _link_names(doc, text)
    last_claim = -1                     # the last token of the latest claim name
    if roles.phrase_denier:
        name = roles.phrase_denier
        entities.append({"name": name, "aliases": _denier_aliases(name, [], roles.context), "role": "denier"})
    for i, run in enumerate(runs):
        role = roles.role.get(i, "claim")
        if role == "denier":
            name = roles.denier_name[i]
            abbr = _parenthesised(doc, text, run)
            abbreviations.update(abbr)
            if not any(fold(e["name"]) == fold(name) for e in entities):
                entities.append({"name": name, "aliases": _denier_aliases(name, abbr, roles.context),
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
        if claims and unit and (before.endswith("(") or roles.word(run[0] - 1).lower() in _LOCATIVE):
            if name not in places:       # "the village of Tigranashen in Ararat province": the province
                places.append(name)      # only locates the village
            continue
        if claims and last_claim == run[0] - 1 and before.strip() == "(" and after.lstrip().startswith(")"):
            prev = claims[-1]            # "Tigranashen (Karki)": another name of the same place
            for alias in [name, *(_aliases(name) if transliterate else [])]:
                if fold(alias) != fold(prev["name"]) and fold(alias) not in (fold(a) for a in prev["aliases"]):
                    prev["aliases"].append(alias)
            last_claim = run[-1]
            continue
        last_claim = run[-1]
        if any(fold(e["name"]) == fold(name) or fold(e["name"]).split()[-1] == fold(name) for e in entities):
            continue
        for e in [e for e in entities if len(e["name"].split()) == 1 and fold(name).split()[-1] == fold(e["name"])]:
            entities.remove(e)                  # "Grigoryan" first, "Armen Grigoryan" later: keep the full name
        entities.append({"name": name, "aliases": _aliases(name) if transliterate else [], "role": "claim"})
    return entities, places, roles


def _add_once(entities: list[dict[str, Any]], entity: dict[str, Any]) -> None:
    if not any(e["name"] == entity["name"] for e in entities):
        entities.append(entity)


def _link_names(doc: Doc, text: str) -> list[tuple[set[int], str, list[str]]]:
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
            if low in _LINK_HEADS:
                head = " ".join(text[toks[m].start:toks[m].end].lower() for m in mods if
                                text[toks[m].start:toks[m].end].lower() == "border" and m == k - 1)
                compound = "-".join(words)
                name = f"{compound} {head + ' ' if head else ''}{low}"
                keep = [w for w in words if fold(w) not in _COMMON_PLACES and fold(w) not in _CITIES
                        and fold(w) not in _PLACE_ROWS]
                forms = [compound, *keep, to_cyrillic(compound), *(to_cyrillic(w) for w in keep)]
                aliases: list[str] = []
                for form in forms:
                    if fold(form) != fold(name) and fold(form) not in (fold(a) for a in aliases):
                        aliases.append(form)
                out.append(({*parts, *mods, k}, name, aliases))
                break
            if low not in _LINK_MODIFIERS:
                break
            mods.append(k)
            k += 1
        i = parts[-1] + 1
    return out


def _country_actors(doc: Doc, text: str, roles: _Roles, entities: list[dict[str, Any]],
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
    content = [p for p in clause if roles.word(p).lower() not in _STOP and any(c.isalpha() for c in roles.word(p))]
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
            actor = (modifies and not subject) or prev in _DIRECTIONAL
        else:
            owner = gap.startswith(("'s", "’s"))
            modifier = (script_of(word) != "cyrillic" and not subject and gap == " " and nxt.isalpha()
                        and nxt[:1].islower() and nxt.lower() not in _STOP and not is_title(nxt)
                        and not is_institution_word(nxt) and not is_place_word(nxt) and not _is_speech(nxt))
            actor = not owner and (prev in _DIRECTIONAL or directional_ending(word, country)
                                   or nxt.lower() in ("üçün", "için") or (modifier and bool(_AZ_LETTERS.search(text)))
                                   or (prev in ("в", "во", "на") and script_of(word) == "cyrillic"
                                       and ending in ("", "u", "iu"))      # в Азербайджан, в Армению
                                   or (subject and nxt[:1].islower()))
        if actor and subject and country == own:
            actor = False                   # the denier itself, named by its country
        if actor and country not in actors:
            actors.append(country)
    return actors


def _denier_aliases(name: str, abbr: list[str], context: list[str]) -> list[str]:
    """A person's transliterations, or an institution's usual names in the other languages."""
    out: list[str] = []
    for alias in [*_aliases(name), *abbr, *institution_aliases(name, context)]:
        if fold(alias) != fold(name) and fold(alias) not in (fold(a) for a in out):
            out.append(alias)
    return out


def _parenthesised(doc: Doc, text: str, run: list[int]) -> list[str]:
    """An abbreviation in brackets right after a name: "State Security Service (DTX)"."""
    m = re.match(r"\s*\(([A-ZА-ЯƏÜÖĞŞÇİ]{2,6})\)", text[doc.tokens[run[-1]].end:])
    return [m.group(1)] if m else []


_CONCEPT_NODES: dict[str, Any] = {}
_CONCEPT_NAMES = frozenset(n for n, _ in CONCEPTS.values())
# Actions too common in war news to stand for a claim on their own.
_GENERIC_CONCEPTS = {"deployment": 2, "control": 2, "killed": 1, "attack": 1, "weapons": 1}
# Events that move something, and the things whose move is the claim ("a cargo of weapons unloaded")
_LOGISTICS = frozenset(["shipment", "transfer"])
_CARGO = frozenset(["weapons"])


def _concept_spans(doc: Doc) -> list[tuple[str, str, set[int]]]:
    """Known claim actions found in the statement, in any of their languages."""
    from monitor.match.query import evaluate, parse_query

    out = []
    for name, query in dict(CONCEPTS.values()).items():
        node = _CONCEPT_NODES.setdefault(name, parse_query(query))
        spans = evaluate(node, doc) or []
        if spans:
            out.append((name, query, {p for a, b in spans for p in range(a, b + 1)}))
    return out


def _concept_tokens(doc: Doc) -> set[int]:
    """Tokens of known claim actions: claim words, never names (German "Söldner")."""
    return {p for _, _, tokens in _concept_spans(doc) for p in tokens}


def _query_word(word: str) -> str:
    """A claim word as a query term: a stem with ``*`` for real endings, never a truncated stem."""
    script = script_of(word)
    low = word.lower()
    if script == "latin":
        for ending in ("ing", "ed", "es", "s"):
            if low.endswith(ending) and len(low) - len(ending) >= 5:
                return low[: -len(ending)] + "*"
        return low
    lang = {"cyrillic": "russian", "armenian": "armenian"}.get(script)
    stem = stemmer(lang).stemWord(low) if lang else low
    return f"{stem}*" if len(stem) >= 4 and stem != low else low


def _claim_word(doc: Doc, text: str, pos: int) -> bool:
    """Whether the word at ``pos`` may be a claim term: no stop word, title, name, place word,
    river or sea, speech verb or claim marker."""
    word = text[doc.tokens[pos].start:doc.tokens[pos].end]
    return not (word.lower() in _STOP or len(word) < 4 or is_title(word) or word[0].isupper() or word.isdigit()
                or _is_speech(word) or word.lower() in _CLAIM_MARKERS or word.lower() in _POSTPOSITIONS
                or is_place_word(word) or is_institution_word(word) or not any(c.isalpha() for c in word)
                or is_geo_feature(word)
                or text[doc.tokens[pos].start - 1:doc.tokens[pos].start] in ("'", "’"))   # Gümrü'deki


def _keyword_groups(doc: Doc, text: str, skip: set[int], clause: list[int], places: list[str]
                    ) -> list[dict[str, Any]]:
    """Known actions in the claim clause (multilingual; the most specific one required) and up to
    two other content words of the claim (optional). Nationality adjectives go to ``places``."""
    groups: list[dict[str, Any]] = []
    concept_tokens: set[int] = set()
    in_clause = set(clause)
    moved = _line_move(doc, text, clause)
    # "moved the occupation line": the move is the event, the line its object
    groups += [{"name": "move", "query": LINE_MOVE, "required": True},
               {"name": "line", "query": LINE_WORDS, "required": False}][:2 * bool(moved)]
    concept_tokens |= moved
    for _, name, query, tokens in sorted((min(t), n, q, t) for n, q, t in (
            (n, q, (t - skip) & in_clause) for n, q, t in _concept_spans(doc)) if t):
        if tokens <= moved:
            continue        # "moved" there is no deployment of troops
        if not any(g["name"] == name for g in groups):
            groups.append({"name": name, "query": query, "required": True})
            concept_tokens |= tokens
    for pos in clause:
        word = text[doc.tokens[pos].start:doc.tokens[pos].end]
        if pos in skip or pos in concept_tokens:
            continue
        country = place_adjective(word)
        if country is not None or _NATIONALITY.match(word):
            if (country or word) not in places:
                places.append(country or word)      # "syriens", "армянских": the place group
            continue
        if not _claim_word(doc, text, pos) or (moved and word.lower().startswith(_LINE_STEMS)):
            continue
        query = _query_word(word)
        name = query.rstrip("*")
        if any(g["name"] == name for g in groups) or sum(1 for g in groups if not g["required"]) >= 2:
            continue
        groups.append({"name": name, "query": query, "required": False})
    # one action is required: the claim's specific event ("shot down", "mercenaries", "handed over")
    # rather than a generic one ("troops", "control"); the others add evidence
    actions = [g for g in groups if g["required"]]
    # an agreement followed by what was agreed ("agreed that FSB guards would control the road") is the
    # frame of the claim: what was agreed is the event
    frame = {"agreement": 2.5} if len(actions) > 1 and actions[0]["name"] == "agreement" else {}
    specific = min(actions, key=lambda g: frame.get(g["name"], _GENERIC_CONCEPTS.get(g["name"], 0)), default=None)
    for g in actions:
        g["required"] = g is specific
    if specific is not None and specific["name"] in _LOGISTICS:
        for g in actions:               # what is shipped or handed over is part of the claim: a cargo of
            if g["name"] in _CARGO:     # farm machinery unloaded at the same port is another story
                g["required"] = True
    if groups and not actions:
        words = [g for g in groups if not g["required"]]
        best = max(words, key=lambda g: (len(g["name"]), -groups.index(g)))   # the most specific word
        best["required"] = True
    return groups


_LINE_NODES: dict[str, Any] = {}
_LINE_STEMS = ("border", "boundar", "границ", "sərhəd", "sınır", "frontière", "grenz", "սահման")


def _line_move(doc: Doc, text: str, clause: list[int]) -> set[int]:
    """The tokens of a move of a line in the claim ("moved the occupation line", "shifted the
    border", "передвинули границу", "sərhədi irəli çəkib"), or an empty set: a line word up to four
    words after the verb, or up to three before it (never "border guards moved ...")."""
    from monitor.match.query import evaluate, parse_query

    def tokens(query: str) -> list[tuple[int, int]]:
        node = _LINE_NODES.setdefault(query, parse_query(query))
        return [(a, b) for a, b in evaluate(node, doc) or [] if a in in_clause]

    in_clause = set(clause)
    moves, lines = tokens(LINE_MOVE), tokens(LINE_WORDS)
    for m, _ in moves:
        after = [(a, b) for a, b in lines if 0 < a - m <= 4 and doc.tokens[a].sent == doc.tokens[m].sent]
        before = [(a, b) for a, b in lines if 0 < m - b <= 3 and doc.tokens[a].sent == doc.tokens[m].sent
                  and not _guards(doc, text, b)]
        for a, b in after[:1] or before[-1:]:
            return set(range(min(a, m), max(b, m) + 1))
    return set()


def _guards(doc: Doc, text: str, p: int) -> bool:
    """Whether the line word at ``p`` names people ("border guards", "sərhədçilər")."""
    word = text[doc.tokens[p].start:doc.tokens[p].end].lower()
    nxt = text[doc.tokens[p + 1].start:doc.tokens[p + 1].end].lower() if p + 1 < len(doc.tokens) else ""
    return nxt.startswith(("guard", "troop", "police", "service", "officer")) or word.startswith(
        ("sərhədçi", "sınırcı", "sərhədçi"))


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split()).strip(" ,;:")
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(" ,;:") + "…"


def _clause_text(doc: Doc, text: str, clause: list[int]) -> str:
    """The claim clause as written, without leading articles and trailing copulas."""
    toks = [p for p in clause if doc.tokens[p].field == "text"] if clause else []
    while toks and text[doc.tokens[toks[0]].start:doc.tokens[toks[0]].end].lower() in _STOP:
        toks = toks[1:]
    while toks and text[doc.tokens[toks[-1]].start:doc.tokens[toks[-1]].end].lower() in _STOP:
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


def suggest_denial(text: str, *, denial_id: str = "new-denial", date: dt.date | None = None) -> dict[str, Any]:
    """A denial entry (a dict ready for YAML) proposed from ``text``; it always compiles."""
    doc = Doc.build(Document(id="suggest", title="", text=text))
    cue_tokens, wording, denial_spans = _cue_wording(doc, text)
    entities, places, roles = _entities(doc, text, cue_tokens, denial_spans)
    claim_entities = [e for e in entities if e["role"] == "claim"]
    name_tokens = {p for run in _name_runs(doc, text) for p in run}
    link_tokens = {p for tokens, _, _ in _link_names(doc, text) for p in tokens}
    groups = _keyword_groups(doc, text, (cue_tokens | name_tokens | link_tokens) - _concept_tokens(doc),
                             roles.clause, places)
    if len(claim_entities) < 2:         # one specific name: the countries acting in the claim count too
        actors = _country_actors(doc, text, roles, entities, cue_tokens)
        for country in actors:
            if not any(fold(e["name"]) == fold(country) for e in entities):
                entity = {"name": country, "aliases": _aliases(country), "role": "claim"}
                entities.append(entity)
                claim_entities.append(entity)
        places = [p for p in places if (country_mention(p) or ("",))[0] not in actors]
    if places:
        groups.append({"name": "place", "query": _place_query(places), "required": not claim_entities})
    claim = _clause_text(doc, text, roles.clause) or " ".join(text.split())
    summary = claim[:1].upper() + claim[1:]
    speaker = roles.speaker or ""
    short = speaker.split()[-1] if _person_like(speaker.split()) else speaker   # "Hajiyev denies: ..."
    title = f"{short} denies: {claim}" if short else summary
    entry: dict[str, Any] = {
        "id": denial_id,
        "title": _cut(title, 100),
        "claim": _cut(claim, 400),
        "date": (date or dt.datetime.now(dt.UTC).date()).isoformat(),
        "entities": entities,
        "keywords": groups,
        "min_entities": min(2, len(claim_entities)),
    }
    if roles.speaker:
        entry["source"] = roles.speaker
    if wording:
        entry["cues"] = {"denial": wording}
    if not claim_entities and not groups:
        raise RuleError("suggest: found no names or claim words in the text")
    compile_denial(DenialConfig.model_validate(entry))
    return entry
