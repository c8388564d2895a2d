"""Names in katakana and hangul: a Latin name found as Japanese and Korean news write it.

Japanese writes a foreign name in katakana ("Navalny" ナワリヌイ, "Zakharova" ザハロワ), Korean in
hangul ("나발니", "자하로바"); folding keeps both scripts (katakana without its voicing marks, hangul
as jamo), and each of their characters is a word of its own. Both sides reduce to a *consonant
key*: the consonants by class (labials B, velars K, sibilants and affricates S, dentals T, l and r
R, nasals N, h H), vowels and glides dropped (a doubled Latin letter is one). Katakana has lost its
voicing marks in folding, so ハ/バ/パ are one letter: for Japanese, h is a labial too; Japanese
writes w (and often v) as ワ, Korean as a vowel. A run of katakana characters (or of hangul
syllables) writes the name when its key is the name's (a Korean run may end in a
particle: 나발니가, 바이든은). Keys of fewer than ``MIN_CLASSES`` classes are too short to tell
names apart. Pure functions; tables here are letters of the scripts, not words.
"""

from __future__ import annotations

import re
import unicodedata

MIN_CLASSES = 3
JA, KO = "j", "k"

# Katakana without voicing marks (as folded), by consonant class; vowels, y-row, small letters,
# the long-vowel mark and the small tsu are dropped.
_KATAKANA = {
    **dict.fromkeys("カキクケコヵヶ", "K"), **dict.fromkeys("サシスセソ", "S"), **dict.fromkeys("タテト", "T"),
    **dict.fromkeys("チツ", "S"), **dict.fromkeys("ナニヌネノン", "N"), **dict.fromkeys("ハヒフヘホ", "B"),
    **dict.fromkeys("マミムメモ", "N"), **dict.fromkeys("ラリルレロ", "R"), "ワ": "B", "ヮ": "B",
}
_KATAKANA_LETTER = re.compile("[\u30a1-\u30fa\u30fc]")
# Hangul jamo (a syllable folds to them): initial consonants, then final consonants.
_INITIAL = dict(zip("\u1100\u1101\u1102\u1103\u1104\u1105\u1106\u1107\u1108\u1109\u110a\u110b\u110c\u110d"
                    "\u110e\u110f\u1110\u1111\u1112", "KKNTTRNBBSS-SSSKTBH", strict=True))
_FINAL = dict(zip("\u11a8\u11a9\u11aa\u11ab\u11ac\u11ad\u11ae\u11af\u11b0\u11b1\u11b2\u11b3\u11b4\u11b5\u11b6"
                  "\u11b7\u11b8\u11b9\u11ba\u11bb\u11bc\u11bd\u11be\u11bf\u11c0\u11c1\u11c2",
                  ["K", "K", "KS", "N", "NS", "N", "T", "R", "RK", "RN", "RB", "RS", "RT", "RB", "R",
                   "N", "B", "BS", "T", "T", "N", "T", "T", "K", "T", "B", "T"], strict=True))
_JAMO = re.compile("[\u1100-\u11ff]")
# Latin spellings by class, digraphs first (w and h differ by language: see ``latin_key``).
_LATIN_PAIRS = (("shch", "S"), ("dzh", "S"), ("sch", "S"), ("tch", "S"), ("ch", "S"), ("sh", "S"), ("zh", "S"),
                ("ts", "S"), ("tz", "S"), ("dj", "S"), ("kh", "H"), ("gh", "K"), ("th", "T"), ("ph", "B"),
                ("ck", "K"), ("qu", "K"), ("x", "KS"))
_LATIN = {**dict.fromkeys("bpfv", "B"), **dict.fromkeys("kgqc", "K"), **dict.fromkeys("szj", "S"),
          **dict.fromkeys("td", "T"), **dict.fromkeys("lr", "R"), **dict.fromkeys("mn", "N"), "h": "H"}
_NG = re.compile(r"ng(?![aeiouy])")
_SOFT_C = re.compile(r"c(?=[eiy])")


def _collapse(key: str, system: str) -> str:
    """Korean writes an l between vowels twice (젤렌스키: ㄹ ending one syllable and starting the
    next): once. Other repeated classes are kept: "ベトナム" (B T N N) is not "Biden" (B T N)."""
    return key.replace("RR", "R") if system == KO else key


def latin_key(word: str, system: str) -> str:
    """The consonant key of a Latin name word as Japanese (``JA``) or Korean (``KO``) writes it;
    "" when shorter than ``MIN_CLASSES``."""
    s = "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))
    s = re.sub(r"(.)\1+", r"\1", s)          # a doubled letter is one sound (Kennedy, Morocco)
    s = _NG.sub("n", _SOFT_C.sub("s", s))
    for a, b in _LATIN_PAIRS:
        s = s.replace(a, b)
    out = []
    for c in s:
        if c in "BKSTRNH":
            out.append(c)
        elif c == "w":
            out.append("B" if system == JA else "")
        else:
            out.append(_LATIN.get(c, ""))
    key = "".join(out)
    if system == JA:
        key = key.replace("H", "B")
    key = _collapse(key, system)
    return key if len(key) >= MIN_CLASSES else ""


def system_of(folded_char: str) -> str:
    """``JA`` for a folded katakana letter, ``KO`` for a folded hangul syllable, else ""."""
    if _KATAKANA_LETTER.match(folded_char):
        return JA
    if _JAMO.match(folded_char):
        return KO
    return ""


def char_key(folded_char: str, system: str) -> str:
    """The consonant classes of one folded katakana letter or hangul syllable."""
    if system == JA:
        return _KATAKANA.get(folded_char, "")
    return "".join(_INITIAL.get(c, "") or _FINAL.get(c, "") for c in folded_char).replace("-", "")


def run_keys(chars: list[str], system: str) -> list[str]:
    """The key of every tail of a run of folded characters of one system (the key of the run
    from each character to its end), for the name prefilter."""
    parts = [char_key(c, system) for c in chars]
    return [_collapse("".join(parts[i:]), system) for i in range(len(parts))]


# Korean particles of one syllable, attached to the word before them ("나발니가", "바이든은").
PARTICLES = frozenset(unicodedata.normalize("NFKD", c) for c in "이가은는을를의에와과도로")


def run_forms(chars: list[str], system: str) -> list[str]:
    """The keys a run of folded characters may write a name by: the whole run, and in Korean the
    run without a particle at its end."""
    out = [_collapse("".join(char_key(c, system) for c in chars), system)]
    if system == KO and len(chars) > 2 and chars[-1] in PARTICLES:
        out.append(_collapse("".join(char_key(c, system) for c in chars[:-1]), system))
    return out


def writes(run_key: str, name_key: str, system: str) -> bool:
    """Whether a run key (one of ``run_forms``) writes a name of key ``name_key`` in ``system``."""
    return bool(name_key) and run_key == name_key


def scan_words(folded: str) -> str:
    """The prefilter keys of the katakana and hangul runs of folded text (characters separated by
    spaces, as ``fold_text`` gives them): ``" \\x00j<KEY>"`` for every tail of a katakana run, and
    ``" \\x00k<KEY>"`` for a hangul run, so that a name's pattern (``pattern``) starts a word."""
    out: list[str] = []
    run: list[str] = []
    system = ""
    for ch in [*folded.split(" "), ""]:
        now = system_of(ch[:1]) if len(ch) == 1 or _JAMO.match(ch[:1]) else ""
        if now and now == system:
            run.append(ch)
            continue
        if run:
            out.extend(f" \x00{system}{k}" for k in run_keys(run, system) if len(k) >= MIN_CLASSES)
        run, system = ([ch], now) if now else ([], "")
    return "".join(out)


def pattern(key: str, system: str) -> str:
    """The prefilter pattern of a name word's key in one system (see ``scan_words``)."""
    return f"\x00{system}{key}"
