"""Text normalisation: fold case, diacritics and scripts into one Latin matching key.

``fold`` maps any text (Latin, Cyrillic, Armenian, Georgian, Greek, Arabic, Persian, Hebrew) to a
*skeleton*: lower case, no diacritics, Cyrillic/Armenian/Georgian/Greek transliterated to Latin,
Persian letters and Hebrew final forms merged with their Arabic and Hebrew base letters (those
scripts write few vowels, so they keep their own skeleton), and the spelling variants of
transliteration merged (gh/ğ/g, kh/x/h, sh/ş/s, ch/ç, zh/j, y/i, doubled letters), so that
"Naghiyev", "Nağıyev", "Nagiyev", "Нагиев" and "Նաղիև" all fold to ``nagiev``. The same function
folds rule terms and document text, so both sides always agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from monitor.match.lang import packs

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g", "ә": "e", "ғ": "gh", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "ҹ": "j", "ј": "y", "ў": "u",
}
_ARMENIAN = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "e", "թ": "t",
    "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh",
    "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch", "պ": "p", "ջ": "j",
    "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r", "ց": "ts", "ւ": "v", "փ": "p", "ք": "k",
    "օ": "o", "ֆ": "f", "և": "ev",
}
_GEORGIAN = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t", "ი": "i",
    "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh", "რ": "r", "ს": "s",
    "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q", "შ": "sh", "ჩ": "ch", "ც": "ts",
    "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh", "ჯ": "j", "ჰ": "h",
}
# Latin letters of Azerbaijani, Turkish and others whose plain-ASCII form would lose a sound.
_LATIN = {
    "ə": "a", "ä": "e", "ı": "i", "ğ": "gh", "ş": "sh", "ç": "ch", "ö": "o", "ü": "u", "ß": "ss",
    "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "x": "kh", "œ": "oe",
}
# Arabic letter variants, and the Persian forms of Arabic letters (ی ي, ک ك, ۀ ه).
_ARABIC = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": "", "ی": "ي", "ک": "ك",
           "ۀ": "ه", "ە": "ه", "\u200c": ""}
# Hebrew final letters are the same letters.
_HEBREW = {"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"}
# Modern Greek, letter by letter, after the digraphs of _GREEK_PAIRS (accents already removed).
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "i", "φ": "f", "χ": "kh", "ψ": "ps", "ω": "o",
}
_GREEK_PAIRS = (("ου", "u"), ("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "ng"), ("τσ", "ts"), ("τζ", "dz"),
                ("αι", "e"), ("ει", "i"), ("οι", "i"), ("αυ", "av"), ("ευ", "ev"))
_GREEK_LETTER = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


_GREEK_OV = re.compile("([οε])φ(?![\\w])")     # Russian -ov/-ev names end in -οφ/-εφ: Λαβρόφ, Καρίμοφ


def _greek(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    s = _GREEK_OV.sub(lambda m: m.group(1) + "β", s)
    for a, b in _GREEK_PAIRS:
        s = s.replace(a, b)
    return s


_TABLE = str.maketrans({**_CYRILLIC, **_ARMENIAN, **_GEORGIAN, **_GREEK, **_LATIN, **_HEBREW,
                        **_ARABIC,
                        "c": "j",   # az/tr c is [dʒ]: Hacıyev ~ Hajiyev ~ Гаджиев ("ch" is kept apart)
                        "’": "'", "ʼ": "'", "`": "'"})
# Cyrillic е and Armenian ե are "ye" at the start of a word (and е after a vowel): Ереван ~ Yerevan
_YE = re.compile(r"(^|[^\w]|[аеёиоуыэюяьъ])е|(^|[^\w])ե")
# Spelling variants of one sound, merged (applied in this order with str.replace)
# ("ck" first: Armenian "չկա" and Russian "точка" give "chk", which must not lose its "ch")
_DIGRAPHS = (("ck", "k"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("sh", "s"),
             ("ch", "c"), ("ph", "f"), ("w", "v"), ("q", "g"), ("y", "i"))
_DOUBLES = tuple((c + c, c) for c in "abcdefghijklmnopqrstuvwxyz")
_MARKS = re.compile(r"[\u0300-\u036f\u064b-\u065f\u0670\u0591-\u05c7\u3099\u309a]")   # accents, harakat, niqqud, kana voicing

# Word characters, with the combining marks that \w leaves out (Latin accents, Arabic vowel marks,
# the vowel signs of the Indic scripts: "तैनात" is one word, not "त" + "नात").
WORD_CHARS = r"\w\u0300-\u036f\u064b-\u065f\u0670\u0591-\u05bd\u05c1\u05c2\u05c7\u0900-\u0dff"
# Scripts written without spaces between words (kana, Han) and Hangul, whose particles attach to
# the word: each character is a word of its own, so a name is a phrase of characters ("金正恩" is
# found in "金正恩氏", "東京五輪" in "東京五輪は").
CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_MARK_CHARS = r"\u0300-\u036f\u064b-\u065f\u0670\u0591-\u05bd\u05c1\u05c2\u05c7\u0900-\u0dff"
WORD_RE = f"[{CJK}]|(?:[^\\W{CJK}]|[{_MARK_CHARS}])+"
WORD = re.compile(WORD_RE)
# The same words for text without those scripts (most text), several times faster to match.
PLAIN_WORD = re.compile(f"[{WORD_CHARS}]+")
HAS_CJK = re.compile(f"[{CJK}]")


def words(text: str) -> list[str]:
    """The words of ``text`` (``WORD``), by the faster pattern when no character needs its own."""
    return (PLAIN_WORD if HAS_CJK.search(text) is None else WORD).findall(text)


def fold(text: str) -> str:
    """The matching skeleton of ``text`` (the same rules for rule terms and document text)."""
    s = text.casefold().replace("ch", "ч")
    if not s.isascii():
        s = s.replace("ու", "u")
        if _GREEK_LETTER.search(s):
            s = _greek(s)
        if "е" in s or "ե" in s:
            s = _YE.sub(lambda m: (m.group(1) if m.group(1) is not None else m.group(2)) + "ye", s)
    s = s.translate(_TABLE)
    if not s.isascii():
        s = _MARKS.sub("", unicodedata.normalize("NFKD", s))
    for a, b in _DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    for dd, d in _DOUBLES:
        while dd in s:
            s = s.replace(dd, d)
    return s


_WORD_KEYS: dict[str, str] = {}
_MAX_CACHE = 500_000


def fold_word(word: str) -> str:
    """``fold`` of one token, cached (news reuses a small vocabulary)."""
    key = _WORD_KEYS.get(word)
    if key is None:
        if len(_WORD_KEYS) >= _MAX_CACHE:
            _WORD_KEYS.clear()
        key = _WORD_KEYS[word] = fold(word)
    return key


_CHUNK_KEYS: dict[str, str] = {}


def fold_chunk(chunk: str) -> str:
    """The folded words of one whitespace-free chunk of text, joined by spaces (not cached)."""
    return " ".join([k for k in map(fold_word, words(chunk)) if k])


def _fold_chunk(chunk: str) -> str:
    if len(_CHUNK_KEYS) >= _MAX_CACHE:
        _CHUNK_KEYS.clear()
    key = _CHUNK_KEYS[chunk] = fold_chunk(chunk)
    return key


def fold_text(text: str) -> str:
    """The folded words of ``text`` joined by spaces: what the term prefilter scans.

    Whitespace-separated chunks ("Abazyan," "Muradov-Naghiyev") are folded once and cached.
    """
    get = _CHUNK_KEYS.get
    keys = [get(c) or (_fold_chunk(c) if c not in _CHUNK_KEYS else "") for c in text.split()]
    return " ".join([k for k in keys if k])


def script_of(word: str) -> str:
    """'latin', 'cyrillic', 'armenian', 'georgian', 'arabic', 'greek', 'hebrew' or 'other' (first letter)."""
    for ch in word:
        o = ord(ch)
        if ch.isdigit() or ch == "_":
            continue
        if o < 0x250:
            return "latin"
        if 0x370 <= o < 0x400:
            return "greek"
        if 0x400 <= o < 0x530:
            return "cyrillic"
        if 0x590 <= o < 0x600:
            return "hebrew"
        if 0x530 <= o < 0x590:
            return "armenian"
        if 0x600 <= o < 0x700 or 0x750 <= o < 0x780:
            return "arabic"
        if 0x10A0 <= o < 0x1100:
            return "georgian"
        return "other"
    return "other"


def _fold_suffix(suffix: str) -> str:
    return fold("b" + suffix)[1:]


def _folded(endings: Iterable[str]) -> frozenset[str]:
    return frozenset(f for f in map(_fold_suffix, endings) if f)


# Inflectional endings that may follow a base form in text of any language: those of the packs
# marked ``shared_endings`` (az, tr, ru, hy, ka, en, fr, de, ar), folded like the text.
SUFFIXES: frozenset[str] = _folded(e for p in packs().values() if p.shared_endings for e in p.endings) | {""}
# Endings that are part of a name, never an inflection of a shorter one (Murad is not Muradov).
NOT_ENDINGS: frozenset[str] = frozenset(e for p in packs().values() for e in p.not_endings)


@functools.cache
def suffixes_for(code: str | None) -> frozenset[str]:
    """The endings tolerated in text of language ``code``: the shared ones and the pack's own."""
    pack = packs().get(code or "")
    if pack is None or pack.shared_endings:
        return SUFFIXES
    return SUFFIXES | (_folded(pack.endings) - NOT_ENDINGS)


MIN_INFLECT = 4     # shorter keys (SSS, Ali, met) must match exactly

_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل")


def arabic_variants(word: str) -> list[str]:
    """An Arabic token without its attached conjunction/article/preposition ("والجيش" → "جيش")."""
    out = []
    for p in _ARABIC_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            out.append(word[len(p):])
    return out


def inflects(token_key: str, base_key: str) -> bool:
    """True when ``token_key`` is ``base_key`` or ``base_key`` plus an inflectional ending."""
    if token_key == base_key:
        return True
    if len(base_key) < MIN_INFLECT or not token_key.startswith(base_key):
        return False
    return token_key[len(base_key):] in SUFFIXES
