"""Propose a denial entry from an official statement (or a bare claim) for an analyst to edit.

Names become entities with aliases in Latin, Cyrillic and (for Latin names) Armenian script; the
speaker of the denial becomes a ``denier``; denial wording found in the text becomes cues, never
claim terms; the claim's action words become keyword groups (known concepts get multilingual
synonyms).
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
from monitor.match.types import Document


def _words(text: str) -> list[str]:
    return text.split()


# Claim actions an analyst often needs, with their wording in the monitored languages.
CONCEPTS: dict[str, tuple[str, str]] = {
    "meet": ("meeting", 'meet* OR met OR talks OR встреч* OR встрети* OR переговор* OR görüş* OR '
                        'հանդիպ* OR rencontr* OR Treffen OR getroffen OR "bir araya" OR اجتماع OR التقى'),
    "agre": ("agreement", 'agree* OR agreement* OR deal OR accord* OR договор* OR соглаш* OR соглас* '
                          'OR razılaş* OR razılıq OR anlaş* OR համաձայն* OR Einigung OR اتفاق'),
    "deal": ("agreement", 'agree* OR agreement* OR deal OR accord* OR договор* OR соглаш* OR razılaş*'),
    "mechan": ("mechanism", 'mechanism* OR механизм* OR mexanizm* OR mekanizma* OR մեխանիզմ* OR '
                            'mécanisme* OR Mechanismus OR آلية'),
    "shot": ("shootdown", '"shot down" OR downed OR сбил* OR сбит* OR vurul* OR vurdu* OR düşür* OR '
                          'խոց* OR abattu* OR abgeschossen OR أسقط*'),
    "transfer": ("transfer", 'transfer* OR hand* OR deliver* OR передал* OR передач* OR təhvil OR '
                             'devret* OR հանձն* OR transféré*'),
    "mercenar": ("mercenaries", 'mercenar* OR наемник* OR наёмник* OR muzdlu* OR paralı OR վարձկան* '
                                'OR mercenaire* OR Söldner* OR مرتزق*'),
    "attack": ("attack", 'attack* OR strike* OR shell* OR атак* OR удар* OR обстрел* OR hücum* OR '
                         'atəş* OR saldır* OR հարձակ* OR կրակ* OR attaque* OR Angriff* OR هجوم'),
    "kill": ("killed", 'kill* OR dead OR died OR убит* OR погиб* OR öldürül* OR həlak OR şəhid OR '
                       'սպանվ* OR զոհ* OR tué* OR getötet OR قتل*'),
    "deploy": ("deployment", 'deploy* OR troops OR moved OR переброс* OR развер* OR войск* OR '
                             'yerləşdir* OR konuşlan* OR տեղակայ* OR déploi* OR stationiert OR نشر'),
    "arrest": ("arrest", 'arrest* OR detain* OR задерж* OR арест* OR həbs* OR saxlanıl* OR tutukla* '
                         'OR ձերբակալ* OR arrêté* OR festgenommen OR اعتقال'),
    "sign": ("signing", 'sign* OR подпис* OR imzala* OR ստորագր* OR sign* OR unterzeichn* OR توقيع'),
}
_STOP = set(_words("""a an the of in on at to for from by with and or but as is are was were be been has have
had that this these those it its their his her he she they we you i not no any such about into over
after before during said says say told according also which who whom what when where will would
could should may might there here than then them upon among between within without official
officials statement report reports claim claims information media social does did done spread
networks network called calls reached made took place held january february march april may june
july august september october november december monday tuesday wednesday thursday friday saturday
sunday январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь yanvar
fevral mart aprel iyun iyul avqust sentyabr oktyabr noyabr dekabr"""))
# Nationality adjectives: dropped from the front of a name, kept (with places) as an optional group.
_NATIONALITY = re.compile(r"^(armenian|azerbaijani|russian|turkish|georgian|syrian|iranian|american|"
                          r"ukrainian|french|german|israeli|british|european)s?$", re.IGNORECASE)
_ROLE = re.compile(r"^(secretary|minister|commander|head|chief|president|general|spokesperson|spokesman|"
                   r"director|aide|adviser|advisor|deputy|ambassador|colonel|lieutenant)$", re.IGNORECASE)
# Names too common in this region's news to count as claim entities: an optional place group.
_COMMON_PLACES = frozenset(fold(n) for n in _words("""Azerbaijan Armenia Russia Georgia Turkey Iran
Ukraine Baku Yerevan Moscow Tbilisi Ankara Tehran Kyiv Europe EU NATO UN USA US Azerbaijani Armenian
Russian Georgian Turkish Iranian Азербайджан Армения Россия Грузия Турция Баку Ереван Москва Тбилиси
Azərbaycan Ermənistan Rusiya Gürcüstan Türkiyə Bakı İrəvan Moskva Հայաստան Ադրբեջան Ռուսաստան Երևան
Բաքու"""))
Span = tuple[int, int]
# Case endings stripped to get a name's base form (longest first); the rest must keep 4 letters.
_ENDINGS = {
    "cyrillic": sorted(_words("а я у ю ом ем ым им е ой ей ою ы и ого его ому ему"), key=len, reverse=True),
    "azeri": sorted(_words("ın in un ün nın nin nun nün da də ta tə dan dən tan tən la lə yla ylə ya yə a ə"),
                    key=len, reverse=True),
    "armenian": sorted(_words("ի ին ից ով ում ը ն"), key=len, reverse=True),
}
_OBLIQUE = {  # endings that mark a name as not the grammatical subject (so not the denier)
    "cyrillic": ("а", "я", "у", "ю", "ом", "ем", "ым", "им", "е", "ой", "ей", "ого", "ому"),
    "azeri": ("ın", "in", "un", "ün", "da", "də", "ta", "tə", "dan", "dən", "la", "lə", "yla", "ylə"),
    "armenian": ("ի", "ին", "ից", "ով", "ում"),
}
# Words that end the name of an institution (az/tr izafet heads; English heads before a person)
_INSTITUTION_HEADS = frozenset(_words("""xidməti nazirliyi komitəsi şurası idarəsi aparatı administrasiyası
departamenti agentliyi xidmət servisi bakanlığı komitesi başkanlığı service ministry office committee
council agency"""))
_AZ_LETTERS = re.compile("[əığşçöüƏİĞŞÇÖÜ]")


def _scheme(word: str, azeri: bool) -> str | None:
    script = script_of(word)
    if script == "latin":
        return "azeri" if azeri else None
    return script if script in _ENDINGS else None


def base_form(word: str, azeri: bool) -> str:
    """``word`` without a case ending ("Abazyanın" -> "Abazyan", "Нагиева" -> "Нагиев")."""
    scheme = _scheme(word, azeri)
    cuts = [word[: -len(e)] for e in _ENDINGS.get(scheme or "", ())
            if word.lower().endswith(e) and len(word) - len(e) >= 4]
    # names of the region end in a consonant far more often: Abazyan+ın, not Abazya+nın
    consonant = [c for c in cuts if c[-1].lower() not in "aeiouəıöüаеёиоуыэюяաեէըիոօ"]
    return (consonant or cuts or [word])[0]


def is_oblique(word: str, azeri: bool) -> bool:
    scheme = _scheme(word, azeri)
    return scheme is not None and word.lower().endswith(_OBLIQUE[scheme]) and len(word) > 5
_TO_CYR = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"),
           ("yu", "ю"), ("gh", "г"), ("ye", "е"), ("iy", "и"), ("a", "а"), ("b", "б"), ("c", "дж"),
           ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("j", "дж"),
           ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "г"),
           ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "х"),
           ("y", "й"), ("z", "з"), ("ə", "я"), ("ı", "ы"), ("ğ", "г"), ("ş", "ш"), ("ç", "ч"),
           ("ö", "ё"), ("ü", "ю")]
_FROM_CYR = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
             "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
             "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
             "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}


def to_cyrillic(name: str) -> str:
    out, s = [], name.lower()
    i = 0
    while i < len(s):
        for lat, cyr in _TO_CYR:
            if s.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(s[i])
            i += 1
    return " ".join(w[:1].upper() + w[1:] for w in "".join(out).split())


def to_latin(name: str) -> str:
    s = "".join(_FROM_CYR.get(ch, ch) for ch in name.lower())
    return " ".join(w[:1].upper() + w[1:] for w in s.split())


def _aliases(name: str) -> list[str]:
    words = name.split()
    if len(words) > 3 or _INSTITUTION.search(name):
        return []                 # organisations: the analyst adds their names in other languages
    forms = [words[-1]] if 2 <= len(words) <= 3 and len(words[-1]) >= 4 else []
    script = script_of(name)
    for form in [name, *forms]:
        if script == "latin":
            cyr = to_cyrillic(form)
            forms.append(cyr)
            if cyr.split()[-1].startswith("Х"):   # Russian writes Azerbaijani H as Г: Hajiyev ~ Гаджиев
                forms.append(" ".join([*cyr.split()[:-1], "Г" + cyr.split()[-1][1:]]))
        elif script == "cyrillic":
            forms.append(to_latin(form))
    seen = {fold(name)}
    out = []
    for form in forms:
        if fold(form) not in seen or script_of(form) != script:
            seen.add(fold(form))
            out.append(form)
    return out


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
    return tokens, wording, [sp for _, sp in cues.get("denial", [])]


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
        if run and script_of(prev) == "latin" and base_form(prev, azeri) != prev:
            joined = False
        if joined and prev.lower() in _INSTITUTION_HEADS and text[doc.tokens[run[-1]].end:tok.start] == " ":
            joined = False        # "Dövlət Təhlükəsizliyi Xidməti | Armen Abazyanın"
        if joined and len(run) >= 2 and is_oblique(word, azeri):
            joined = False        # "Dövlət Təhlükəsizliyi Xidməti | Ermənistanın MTX ..."
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
    roles = [i for i, w in enumerate(words) if _ROLE.match(w) or _INSTITUTION.search(w)]
    if len(run) >= 3 and roles and roles[-1] <= len(run) - 3:
        run, words = run[roles[-1] + 1:], words[roles[-1] + 1:]
    if len(run) == 1 and _NATIONALITY.match(words[0]):
        if words[0] not in places:
            places.append(words[0])
        return [], []
    return run, words


def _base_name(prefix: str, words: list[str], azeri: bool) -> str:
    """The name in its base form: the (case-marked) last word stripped; two Russian words both."""
    if len(words) == 2 and script_of(words[0]) == "cyrillic":   # "Армена Абазяна" -> "Армен Абазян"
        return base_form(words[0], azeri) + " " + base_form(words[1], azeri)
    if script_of(words[-1]) != "cyrillic" or len(words) <= 2:
        return prefix + base_form(words[-1], azeri)
    return prefix + words[-1]


def _entities(doc: Doc, text: str, cue_tokens: set[int], denial_spans: list[Span]) -> tuple[list[dict[str, Any]], list[str]]:
    """Proposed entities (base forms), and common place names better kept as an optional group.

    The denier is the name in the subject position of a denial: just before the denial wording
    (SVO), or opening the sentence when the verb comes last (az, tr, hy), not in an oblique case.
    """
    azeri = bool(_AZ_LETTERS.search(text))
    entities: list[dict[str, Any]] = []
    places: list[str] = []
    for run in _name_runs(doc, text):
        while run and text[doc.tokens[run[0]].start:doc.tokens[run[0]].end].lower() in _STOP:
            run = run[1:]
        if not run or any(p in cue_tokens for p in run):
            continue
        run, words = _trim_run(run, [text[doc.tokens[p].start:doc.tokens[p].end] for p in run], places)
        if not run:
            continue
        first, last = doc.tokens[run[0]], doc.tokens[run[-1]]
        head = words[0] if script_of(words[0]) == "cyrillic" else words[-1]
        name = _base_name(text[first.start:doc.tokens[run[-1]].start], words, azeri)
        if len(run) == 1 and (len(name) < 3 or name.lower() in _STOP) and not name[-1:].isdigit():
            continue
        if fold(name) in _COMMON_PLACES or fold(base_form(name, azeri)) in _COMMON_PLACES:
            if name not in places:
                places.append(name)
            continue
        if any(fold(e["name"]) == fold(name) or fold(e["name"]).split()[-1] == fold(name) for e in entities):
            continue
        longer = [e for e in entities if len(e["name"].split()) == 1 and fold(name).split()[-1] == fold(e["name"])]
        for e in longer:                        # "Grigoryan" first, "Armen Grigoryan" later: keep the full name
            entities.remove(e)
        subject = not is_oblique(head, azeri)
        opens = not any(e.get("_sent") == first.sent for e in entities)   # first name of its sentence
        denier = subject and any(
            doc.tokens[sp[0]].sent == first.sent and sp[0] > last.pos and (sp[0] - last.pos <= 3 or opens)
            for sp in denial_spans)
        entities.append({"name": name, "aliases": _aliases(name), "role": "denier" if denier else "claim",
                         "_sent": first.sent})
    for e in entities:
        del e["_sent"]
    return entities, places


_CONCEPT_NODES: dict[str, Any] = {}


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


def _keyword_groups(doc: Doc, text: str, skip: set[int], claim_sentences: set[int]) -> list[dict[str, Any]]:
    """Known actions (multilingual, required) and up to two other claim words (optional)."""
    groups: list[dict[str, Any]] = []
    concept_tokens: set[int] = set()
    for name, query, tokens in _concept_spans(doc):
        tokens -= skip
        if tokens:
            groups.append({"name": name, "query": query, "required": True})
            concept_tokens |= tokens
    for tok in doc.tokens:
        word = text[tok.start:tok.end]
        if (tok.pos in skip or tok.pos in concept_tokens or word.lower() in _STOP or len(word) < 4
                or word[0].isupper() or word.isdigit() or tok.sent not in claim_sentences):
            continue
        lang = {"cyrillic": "russian", "armenian": "armenian"}.get(script_of(word), "english")
        stem = stemmer(lang).stemWord(word.lower())
        query = f"{stem}*" if len(fold(stem)) >= 4 else word
        if any(g["name"] == stem for g in groups) or sum(1 for g in groups if not g["required"]) >= 2:
            continue
        groups.append({"name": stem, "query": query, "required": False})
    if groups and not any(g["required"] for g in groups):
        groups[0]["required"] = True
    return groups


def suggest_denial(text: str, *, denial_id: str = "new-denial", date: dt.date | None = None) -> dict[str, Any]:
    """A denial entry (a dict ready for YAML) proposed from ``text``; it always compiles."""
    doc = Doc.build(Document(id="suggest", title="", text=text))
    cue_tokens, wording, denial_spans = _cue_wording(doc, text)
    entities, places = _entities(doc, text, cue_tokens, denial_spans)
    claim_entities = [e for e in entities if e["role"] == "claim"]
    name_tokens = {t.pos for run in _name_runs(doc, text) for t in (doc.tokens[p] for p in run)}
    per_sentence: dict[int, int] = {}
    for t in doc.tokens:
        if t.pos in name_tokens and any(fold(e["name"]).split()[-1] == t.key for e in claim_entities):
            per_sentence[t.sent] = per_sentence.get(t.sent, 0) + 1
    best = max(per_sentence.values(), default=0)
    claim_sentences = {sent for sent, n in per_sentence.items() if n == best} or {1}
    groups = _keyword_groups(doc, text, cue_tokens | name_tokens, claim_sentences)
    if places:
        groups.append({"name": "place", "query": " OR ".join(_quoted(p) for p in places),
                       "required": len(claim_entities) < 2})
    entry: dict[str, Any] = {
        "id": denial_id,
        "title": " ".join(text.split())[:100],
        "claim": " ".join(text.split())[:400],
        "date": (date or dt.datetime.now(dt.UTC).date()).isoformat(),
        "entities": entities,
        "keywords": groups,
        "min_entities": min(2, len(claim_entities)),
    }
    if wording:
        entry["cues"] = {"denial": wording}
    if not claim_entities and not groups:
        raise RuleError("suggest: found no names or claim words in the text")
    compile_denial(DenialConfig.model_validate(entry))
    return entry


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
