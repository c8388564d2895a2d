"""Names across scripts: a Latin name found in Arabic, Persian, Urdu, Hebrew or Hindi spelling.

Folding (normalize.py) maps Cyrillic, Greek, Armenian and Georgian to Latin letter by letter, but
Arabic, Hebrew and Devanagari keep their own skeleton: "Pegasus" is not found as "بيغاسوس", nor
"Prigozhin" as "פריגוז'ין". Those scripts write a foreign name by its consonants and long vowels,
so both sides reduce to the same *sound skeleton*: consonant classes (labials B, velars and j K,
sibilants S, dentals T, and L M N R) with the vowels between them (A, I, U).

A name's word matches a token when their consonant classes are the same (at least three, so that
short native words do not collide) and every vowel letter the token writes between two consonants
is one the name has there (an alif or a, which writes many vowels, asks nothing): "بوتين" is Putin, "بايدن" is not. The
token must write at least one vowel letter (native words of these scripts often write none), and
what follows its last consonant is free (endings: "الرواندية" is Rwanda's adjective). Pure functions.
"""

from __future__ import annotations

import re
import unicodedata

from monitor.match import kana

MIN_CONSONANTS = 3
VOWELS = "AIU"

# Latin (and Cyrillic, after _CYRILLIC) digraphs first, then letters; what is not listed is dropped.
_LATIN_PAIRS = (("dzh", "K"), ("tch", "S"), ("sch", "S"), ("sh", "S"), ("ch", "S"), ("zh", "S"), ("kh", "K"),
                ("gh", "K"), ("th", "T"), ("ph", "B"), ("ck", "K"), ("ts", "S"), ("tz", "S"), ("dj", "K"),
                ("qu", "K"), ("x", "KS"))
_LATIN = str.maketrans({**{c: "B" for c in "bpfv"}, **{c: "K" for c in "gkqj"}, **{c: "S" for c in "sz"},
                        **{c: "T" for c in "td"}, "l": "L", "m": "M", "n": "N", "r": "R", "a": "A",
                        **{c: "I" for c in "eiy"}, **{c: "U" for c in "ouw"}})
_LATIN_LETTERS = {"ı": "i", "ş": "sh", "ç": "ch", "ğ": "gh", "ł": "l", "ø": "o", "ß": "ss", "ə": "a", "æ": "ae",
                  "đ": "d", "œ": "oe"}
_SOFT_C = re.compile(r"c(?=[eiy])")

# Arabic script as folding leaves it (أ إ آ → ا, ة → ه, ى ی → ي, ک → ك), with Persian and Urdu letters.
_ARABIC = str.maketrans({**{c: "B" for c in "بپفڤ"}, **{c: "K" for c in "كقغخجگ"}, **{c: "S" for c in "سصزشژچ"},
                         **{c: "T" for c in "تطدضثذظٹڈ"}, "ل": "L", "م": "M", "ن": "N", "ں": "N", "ر": "R",
                         "ڑ": "R", "ا": "A", "ي": "I", "ے": "I", "و": "U"})
_HEBREW = str.maketrans({**{c: "B" for c in "בפ"}, **{c: "K" for c in "גכק"}, **{c: "S" for c in "זסצש"},
                         **{c: "T" for c in "דטת"}, "ל": "L", "מ": "M", "נ": "N", "ר": "R", "א": "A", "י": "I",
                         "ו": "U"})
_DEVANAGARI = str.maketrans({   # (with a nukta, U+0958-U+095E: qa, kha, gha, za, dda, rha, fa)
    **{c: "K" for c in "कखगघजझ\u0958\u0959\u095a"}, **{c: "S" for c in "चछशषस\u095b"},
    **{c: "T" for c in "टठडढतथदध\u095c\u095d"}, **{c: "N" for c in "नणङञं"}, **{c: "B" for c in "पफबभव\u095e"},
    "म": "M", "र": "R", "ल": "L",
    **{c: "A" for c in "अआा"}, **{c: "I" for c in "इईिीएऐेैय"}, **{c: "U" for c in "उऊुूओऔोौ"}})
_DEVANAGARI_LETTER = re.compile("[\u0900-\u097f]")
_INHERENT_A = re.compile("([\u0915-\u0939\u0958-\u095f])(?![\u093e-\u094d\u093c])")
_SCRIPTS = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f]")
_CLASSES = re.compile("[BKSTLMNR]")


def has_other_script(text: str) -> bool:
    """Whether ``text`` holds a letter of Arabic, Hebrew or Devanagari script."""
    return _SCRIPTS.search(text) is not None


def _collapse(seq: str) -> str:
    """Doubled consonants and repeated vowels as one ("Pegassus", "ايي")."""
    return re.sub(r"(.)\1+", r"\1", seq)


def latin_sequence(word: str) -> str:
    """The sound sequence of a Latin-script name word (lower or upper case, accents allowed)."""
    s = word.casefold()
    s = "".join(_LATIN_LETTERS.get(c, c) for c in s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = _SOFT_C.sub("s", s).replace("c", "k")
    for a, b in _LATIN_PAIRS:
        s = s.replace(a, b)
    return _collapse("".join(c for c in s.translate(_LATIN) if c in "BKSTLMNRAIU"))


def script_sequence(folded: str) -> str:
    """The sound sequence of a folded Arabic, Hebrew or Devanagari token ("" for other scripts)."""
    if not _SCRIPTS.search(folded):
        return ""
    s = unicodedata.normalize("NFC", folded).replace("تش", "چ")
    if _DEVANAGARI_LETTER.search(s):
        s = s.replace("ज\u093c", "स").replace("\u093c", "")   # za; other nukta letters keep their class
        s = _INHERENT_A.sub(r"\1अ", s)     # a consonant letter with no vowel sign or virama says "a"
    s = s.translate(_ARABIC).translate(_HEBREW).translate(_DEVANAGARI)
    return _collapse("".join(c for c in s if c in "BKSTLMNRAIU"))


def consonants(sequence: str) -> str:
    """The consonant classes of a sound sequence: the lookup key."""
    return "".join(_CLASSES.findall(sequence))


def name_key(word: str) -> str:
    """The lookup key of a Latin name word, "" when it has too few consonants to be told apart."""
    key = consonants(latin_sequence(word))
    return key if len(key) >= MIN_CONSONANTS else ""


def _slots(sequence: str) -> list[str]:
    """The vowels after each consonant (the first slot: before the first consonant)."""
    return re.split("[BKSTLMNR]", sequence)


def same_name(name_sequence: str, token_sequence: str) -> bool:
    """Whether a token (its ``script_sequence``) writes the name (its ``latin_sequence``): the same
    consonants, each vowel letter of the token before the last consonant found, in order, among
    the name's vowels at that place (an A asks nothing), and at least one vowel letter."""
    if consonants(name_sequence) != consonants(token_sequence) or not any(v in token_sequence for v in VOWELS):
        return False
    name_slots, token_slots = _slots(name_sequence), _slots(token_sequence)
    for have, wrote in zip(name_slots[:-1], token_slots[:-1], strict=True):
        i = 0
        for v in wrote.replace("A", ""):
            while i < len(have) and have[i] != v:
                i += 1
            if i == len(have):
                return False
            i += 1
    return True


_KANA = re.compile("[\u30a1-\u30fa\u1100-\u11ff]")


def skeleton_words(folded: str) -> str:
    """The lookup keys of the Arabic, Hebrew and Devanagari words of folded text, each as a word
    ``\\x00KEY\\x00`` after a space (what the engine's name prefilter scans beside the text), and
    those of its katakana and hangul runs (kana.py)."""
    sounds = kana.scan_words(folded) if _KANA.search(folded) else ""
    if not _SCRIPTS.search(folded):
        return sounds
    out = []
    for word in folded.split():
        for form in token_forms(word):
            key = consonants(script_sequence(form))
            if len(key) >= MIN_CONSONANTS:
                out.append(f" \x00{key}\x00")
    return "".join(out) + sounds


_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل")


def token_forms(word: str) -> list[str]:
    """A token and, for Arabic, the token without an attached article or preposition ("والمغرب")."""
    out = [word]
    for p in _ARABIC_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            out.append(word[len(p):])
    return out


def pattern(key: str) -> str:
    """The prefilter pattern of a name word's lookup key (see ``skeleton_words``)."""
    return f"\x00{key}\x00"
