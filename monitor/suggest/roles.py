"""Who denies and what is denied: the speaker of a statement and the tokens of its claim clause."""

from __future__ import annotations

import re

from monitor.match.document import Doc
from monitor.match.normalize import fold, script_of
from monitor.suggest.lexicon import (
    AUXILIARIES,
    AZ_LETTERS,
    CLAIM_MARKERS,
    COMMON_PLACES,
    LOCATIVE,
    NATIONALITY,
    POSTPOSITIONS,
    STOP,
    Span,
    is_institution_word,
    is_speech,
    is_title,
    person_like,
)
from monitor.suggest.names import trim_run
from monitor.suggest.places import (
    base_form,
    country_mention,
    is_oblique,
)


class Roles:
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
        azeri = bool(AZ_LETTERS.search(text))
        by_sent: dict[int, list[int]] = {}
        for tok in doc.tokens:
            by_sent.setdefault(tok.sent, []).append(tok.pos)
        for sent, toks in by_sent.items():
            sruns = [i for i, r in enumerate(runs) if doc.tokens[r[0]].sent == sent]
            cues = [a for a, _ in denial_spans if doc.tokens[a].sent == sent]
            speech = [p for p in toks if is_speech(self.word(p))]
            tail = self._attribution(toks, speech)      # "..., the SSS said." / "..., said Hajiyev."
            if not cues:
                self.clause += [p for p in toks if p not in cue_tokens and (tail is None or p < tail)]
                continue
            boundary = min(cues + speech)
            after = [p for p in toks if p > boundary and p not in cue_tokens and not is_speech(self.word(p))
                     and self.word(p).lower() not in STOP]
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
            stop = [p for p in toks if self.word(p).lower() in POSTPOSITIONS]
            lo = lo_phrase if lo_phrase is not None else (
                runs[first][-1] if first is not None and runs[first][-1] < final else -1)
            hi = min(stop + [final, *(runs[first][:1] if first is not None and runs[first][0] > final else [])])
            if tail is not None:
                lo, hi = -1, tail
            elif not (azeri or script_of(self.word(final)) == "armenian" or final >= toks[-1] - 1):
                continue                                # "The ministry denied it.": no claim here
            # a denial that ends its sentence (verb-final: "... را تکذیب کرد") denies what precedes it
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
        return self.text[end:end + 2] in ("'s", "’s") and fold(self.word(run[-1])) not in COMMON_PLACES

    def _person(self, run: list[int]) -> bool:
        words = [self.word(p) for p in self._clean(run)]
        return person_like(words) or person_like(trim_run(self._clean(run), words, [])[1])

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
            if k and self.word(p).lower() in LOCATIVE:
                seg = seg[:k]
                break
        while seg and self.word(seg[0]).lower() in STOP:
            seg = seg[1:]
        while seg and (self.word(seg[-1]).lower() in STOP or self.word(seg[-1]).lower() in AUXILIARIES):
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
        while run and (is_title(self.word(run[0])) or self.word(run[0]).lower() in STOP) and not (
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
            if person_like(words) or person_like(trim_run(self._clean(runs[i]), words, [])[1]):
                return i
        for i in named:
            end = self.doc.tokens[runs[i][-1]].end
            owner = self.text[end:end + 2] in ("'s", "’s")
            place = fold(" ".join(self.word(p) for p in runs[i])) in COMMON_PLACES
            # a lone nationality before the names describes them: "Indian spice makers MDH and Everest"
            described = len(runs[i]) == 1 and i != named[-1] and _adjective(self.word(runs[i][0]))
            if not (owner and place) and not described:
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
        elif script_of(words[0]) == "cyrillic" and region_end is not None and not person_like(words):
            end = self.doc.tokens[region_end - 1]        # "Министерство обороны России"
            name = self.text[self.doc.tokens[run[0]].start:end.end]
        else:
            trimmed, twords = trim_run(run, words, [])
            if trimmed and (person_like(twords) or not any(is_institution_word(w) for w in words)):
                run = trimmed                   # "Georgian Foreign Ministry" keeps its nationality
            last = run[-1]
            if i + 1 < len(runs) and self.text[self.doc.tokens[last].end:self.doc.tokens[runs[i + 1][0]].start
                                               ] in (" of ", " of the "):
                last = runs[i + 1][-1]              # "Ministry of Defence | of the Russian Federation"
                self.role[i + 1] = "skip"
            name = self.text[self.doc.tokens[run[0]].start:self.doc.tokens[last].end]
        name = name.strip(" ,.")
        if script_of(name) == "armenian" and person_like(name.split()):
            name = " ".join([*name.split()[:-1], base_form(name.split()[-1], False)])   # Բադալյանը -> Բադալյան
        self.denier_name[i] = name
        self.speaker = self.speaker or self.denier_name[i]

    def _claim_clause(self, toks: list[int], cue_tokens: set[int]) -> list[int]:
        """Tokens of the claim: after the last claim marker near the start ("claim that ...")."""
        start = next((k for k, p in enumerate(toks[:10]) if self.word(p).lower() in CLAIM_MARKERS), -1) + 1
        while start and start < len(toks) and (self.word(toks[start]).lower() in CLAIM_MARKERS
                                               or self.word(toks[start]).lower() in ("the", "an", "a")):
            start += 1
        return [p for p in toks[start:] if p not in cue_tokens] or [p for p in toks if p not in cue_tokens]


def _adjective(word: str) -> bool:
    """A nationality adjective ("Indian", "Georgian"): of the suggester's list or of a country row."""
    found = country_mention(word)
    return bool(NATIONALITY.match(word)) or (found is not None and found[2])
