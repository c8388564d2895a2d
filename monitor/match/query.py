"""The boolean query language: parse, compile errors, and evaluation over a prepared Doc.

Grammar (operators in capitals; adjacent terms are ANDed; precedence NOT > NEAR > AND > OR)::

    query   := and ("OR" and)*
    and     := near (["AND"] near)*
    near    := unary (("NEAR/n" | "ONEAR/n") unary)*
    unary   := "NOT" unary | primary
    primary := ("title:" | "text:") primary | "(" query ")" | '"phrase words*"' | term | term* | @concept

``@concept`` names an event concept of the language packs (``@kill``: killed, убит*, tués, ...).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from monitor.match import kana, skeleton
from monitor.match.document import MIN_PART, Doc, stem_word
from monitor.match.lang import concepts, irregular_forms
from monitor.match.morph import paradigm
from monitor.match.normalize import MIN_INFLECT, WORD_RE, any_stem_vowels, script_of
from monitor.match.normalize import fold_word as fold  # the same, cached: rules repeat their words

Span = tuple[int, int]          # first and last token position of one occurrence
_STEM_LANGS = {"latin": ("english", "french", "german", "turkish"), "cyrillic": ("russian",),
               "armenian": ("armenian",), "arabic": ("arabic",), "greek": ("greek",)}
_LEX = re.compile(r'\s+|(?P<lp>\()|(?P<rp>\))|(?P<phrase>"[^"]*"?)|(?P<word>[^\s()"]+)')
_NEAR = re.compile(r"^(O?NEAR)/(\d+)$", re.IGNORECASE)
_NEAR_LIKE = re.compile(r"^O?NEAR/", re.IGNORECASE)     # NEAR/ with a missing or bad distance
_FIELD = re.compile(r"^([A-Za-z_]+):(.*)$")
# Operators of other query languages that would silently be read as terms and never match:
# W/n, PRE/n, N/n, ADJ/n, WITHIN/n (any case), a bare NEAR, ADJn, and a Lucene boost or fuzziness
# suffix (term^2, term~2, term~).
_FOREIGN_PROXIMITY = re.compile(r"^(?:(?:W|PRE|N|ADJ|WITHIN|NOT\W*W)/\d*|/\d+)$", re.IGNORECASE)
_FOREIGN_BARE = re.compile(r"^(?:NEAR|ADJ\d*|PRE|W\d+)$")
_FOREIGN_SUFFIX = re.compile(r"^(?P<term>.+?)(?P<op>[\^~])[\d.]*$")
FIELDS = ("title", "text")


class QueryError(ValueError):
    """A query that cannot compile; the message says what and where."""


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a term or phrase, folded, with how it may vary."""

    text: str
    key: str
    mode: str                 # "prefix" (wild*), "inflect" (keyword), "name" (entity name)
    stems: frozenset[str] = frozenset()
    script: str | None = None  # cue words only match words of their own script
    forms: frozenset[str] = frozenset()   # stem paradigm (Сирия → Сирии, Сирию ...), folded
    upper: bool = False        # an acronym name (SSS, DTX): only upper-case words match it
    forms_prefix: str = ""     # what every one of ``forms`` starts with
    sounds: str = ""           # a Latin name word's sound sequence, found in other scripts (skeleton.py)
    kana_ja: str = ""          # its consonant key as katakana writes it (kana.py)
    kana_ko: str = ""          # and as hangul writes it
    parts: bool = False        # also a part of a compound in a compounding language (an event word: any
                               # part; a name: the first, "Gaza" in "Gazastreifen")
    stem: str = ""             # a Latin name without its final vowel: "bucz" of "Bucza", found with an
                               # ending in text whose pack replaces that vowel ("Buczy", normalize.stem_vowels_for)

    def positions(self, doc: Doc) -> list[int]:
        found = self._positions(doc)
        if self.script is not None and found:
            found = [p for p in found if doc.script(p) == self.script]
        if self.upper and found:
            found = [p for p in found if doc.surface(p).isupper()]
        return found

    def _positions(self, doc: Doc) -> list[int]:
        found = self._own_positions(doc)
        if self.parts and doc.compounds:      # "Wahlbetrug" in "Wahlbetrugsvorwürfe", "Mord" in "Völkermord"
            more = doc.compounded(self.key, prefix=self.mode == "prefix", name=self.mode == "name")
            if more:
                found = sorted(set(found) | set(more))
        return found

    def _own_positions(self, doc: Doc) -> list[int]:
        if self.mode == "prefix":
            return doc.prefixed(self.key, inflect_only=False)
        found = doc.exact(self.key) if len(self.key) < MIN_INFLECT else doc.prefixed(self.key, inflect_only=True)
        if self.key[-1].isdigit():      # an English plural glued to a model number: "S-300s", "F-16s"
            plural = doc.exact(self.key + "s")
            if plural:
                found = sorted(set(found) | set(plural))
        if self.forms:
            more = doc.among(self.forms_prefix, self.forms)
            if more:
                found = sorted(set(found) | set(more))
        if self.stem and self.key[-1] in doc.stem_vowels:
            more = [p for p in doc.prefixed(self.stem, inflect_only=True) if doc.script(p) == "latin"]
            if more:
                found = sorted(set(found) | set(more))
        if self.stems:
            extra = [p for s in self.stems for p in doc.stemmed(s)]
            if extra:
                found = sorted(set(found) | set(extra))
        if self.sounds:
            written = doc.written_as(self.sounds)
            if written:
                found = sorted(set(found) | set(written))
        if self.kana_ja or self.kana_ko:
            written = doc.written_in_kana(self.kana_ja, self.kana_ko)
            if written:
                found = sorted(set(found) | set(written))
        return found

    def patterns(self) -> set[str]:
        """Folded strings one of which must occur in the folded text for this word to match."""
        out = {self.key, *self.stems}
        if self.stem:
            out.add(self.stem)
        if self.sounds:
            out.add(skeleton.pattern(skeleton.consonants(self.sounds)))
        if self.kana_ja:
            out.add(kana.pattern(self.kana_ja, kana.JA))
        if self.kana_ko:
            out.add(kana.pattern(self.kana_ko, kana.KO))
        if self.forms:
            prefix = os.path.commonprefix([self.key, self.forms_prefix])
            out.update([prefix] if len(prefix) >= 3 else self.forms)
        return out


@functools.lru_cache(maxsize=65536)    # rules repeat their words; a Word is immutable
def make_word(text: str, mode: str, *, own_script: bool = False, by_sound: bool = True) -> Word:
    """One Word of ``text``; ``by_sound``: a Latin name word is also looked for as Arabic, Hebrew,
    Devanagari, katakana and hangul write it."""
    raw = text[:-1] if text.endswith("*") else text
    if "*" in raw or "?" in raw:
        raise QueryError(f"wildcard only allowed at the end of a term: {text!r}")
    key = fold(raw)
    if not key or not re.fullmatch(f"(?:{WORD_RE})", key):
        raise QueryError(f"term {text!r} has no letters or digits to match")
    if text.endswith("*"):
        if len(raw) < 3:    # as written: "ill*" folds to "il*" (doubled letters merge) but is fine
            raise QueryError(f"wildcard term {text!r} needs at least 3 letters before *")
        return Word(text, key, "prefix", script=script_of(raw) if own_script else None,
                    parts=not own_script and len(key) >= MIN_PART)
    stems: frozenset[str] = frozenset()
    low = raw.casefold()
    if mode == "inflect":
        langs = _STEM_LANGS.get(script_of(low), ())
        # (a short stem is too loose a key, unless it is an irregular form's: "met" is "meet")
        stems = frozenset(s for lang in langs for s in (fold(stem_word(lang, low)),)
                          if len(s) >= 4 or low in irregular_forms(lang))
    forms = paradigm(low, script_of(low), min_stem=3 if mode == "name" else 4)
    # an acronym name matches only in capitals ("SSS" is no "sss"), unless it holds a digit
    # ("mh17" in a lower-case headline is still the flight)
    upper = mode == "name" and raw.isupper() and len(raw) <= 5 and not any(c.isdigit() for c in raw)
    # a Latin name is also found as Arabic, Hebrew or Devanagari script writes it ("بيغاسوس")
    sounds = skeleton.latin_sequence(raw) if by_sound and mode == "name" and script_of(raw) == "latin" \
        and not any(c.isdigit() for c in raw) and skeleton.name_key(raw) else ""
    # and as katakana and hangul write it ("ナワリヌイ", "나발니"): kana.py
    plain = by_sound and mode == "name" and script_of(raw) == "latin" and not any(c.isdigit() for c in raw) \
        and not upper
    # a Latin name whose final vowel some packs' endings replace ("Bucza" → Polish "Buczy")
    stem = key[:-1] if mode == "name" and not upper and script_of(raw) == "latin" \
        and len(key) > MIN_INFLECT and key[-1] in any_stem_vowels() else ""
    return Word(text, key, mode, stems, script_of(raw) if own_script else None, forms, upper,
                os.path.commonprefix([*forms]) if forms else "", sounds,
                kana.latin_key(raw, kana.JA) if plain else "", kana.latin_key(raw, kana.KO) if plain else "",
                not own_script and len(key) >= MIN_PART and (mode == "inflect" or (
                    mode == "name" and not upper and script_of(raw) == "latin")), stem)


def _word_parts(text: str) -> list[str]:
    """The words of a phrase as written, a trailing ``*`` kept. The modifier apostrophe of Ukrainian
    and Belarusian (U+02BC) is a letter to ``\\w`` but folds to "'", which separates words: split
    where the document's words split ("Обʼєднані")."""
    return re.findall(f"(?:{WORD_RE})\\*?", text.replace("\u02bc", "'"))


@functools.lru_cache(maxsize=65536)
def words_of(text: str, mode: str, *, own_script: bool = False, by_sound: bool = True) -> tuple[Word, ...]:
    """Split a phrase or name into Words (punctuation and hyphens separate words)."""
    parts = _word_parts(text)
    if not parts:
        raise QueryError(f"{text!r} has no letters or digits to match")
    return tuple(make_word(p, mode, own_script=own_script, by_sound=by_sound) for p in parts)


# --- AST --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[Word, ...]
    text: str
    lang: str | None = None      # a word of one language pack (an expanded concept): only in its text
    concept: str = ""            # the event concept it was expanded from

    def spans(self, doc: Doc, field: str | None) -> list[Span]:
        if self.lang is not None:
            langs = doc.languages
            if langs is not None and self.lang not in langs:
                return []
        first = self.words[0].positions(doc)
        if field is not None:
            first = [p for p in first if doc.tokens[p].field == field]
        if len(self.words) == 1:
            return [(p, p) for p in first]
        out: list[Span] = []
        if not first:
            return out
        rest: list[set[int]] = []
        for w in self.words[1:]:        # a phrase with a word that does not occur has no spans
            found = w.positions(doc)
            if not found:
                return out
            rest.append(set(found))
        for p in first:
            if all(p + i + 1 in s and doc.tokens[p + i + 1].field == doc.tokens[p].field
                   for i, s in enumerate(rest)):
                out.append((p, p + len(self.words) - 1))
        return out


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class Near:
    left: Node
    right: Node
    distance: int
    ordered: bool


@dataclass(frozen=True, slots=True)
class Scope:
    field: str
    child: Node


Node = Term | And | Or | Not | Near | Scope


def evaluate(node: Node, doc: Doc, field: str | None = None) -> list[Span] | None:
    """Spans that satisfy ``node`` (``[]`` = true without evidence), or None when false."""
    if isinstance(node, Term):
        return node.spans(doc, field) or None
    if isinstance(node, Scope):
        return evaluate(node.child, doc, node.field)
    if isinstance(node, Not):
        return [] if evaluate(node.child, doc, field) is None else None
    if isinstance(node, And):
        out: list[Span] = []
        for child in node.children:
            got = evaluate(child, doc, field)
            if got is None:
                return None
            out.extend(got)
        return list(dict.fromkeys(out))
    if isinstance(node, Or):
        found = [got for c in node.children if (got := evaluate(c, doc, field)) is not None]
        return list(dict.fromkeys(s for got in found for s in got)) if found else None
    left, right = evaluate(node.left, doc, field) or [], evaluate(node.right, doc, field) or []
    pairs: list[Span] = []
    for a in left:
        for b in right:
            if doc.tokens[a[0]].field != doc.tokens[b[0]].field:
                continue
            gap = b[0] - a[1] - 1 if b[0] > a[1] else (a[0] - b[1] - 1 if not node.ordered else -1)
            if 0 <= gap <= node.distance:
                pairs.extend((a, b))
    return list(dict.fromkeys(pairs)) or None


def needs_positive(node: Node) -> bool:
    """True when the node can only be true if one of its positive terms occurs."""
    if isinstance(node, (Term, Near)):
        return True
    if isinstance(node, Scope):
        return needs_positive(node.child)
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(needs_positive(c) for c in node.children)
    return all(needs_positive(c) for c in node.children)


def positive_words(node: Node) -> Iterator[Word]:
    if isinstance(node, Term):
        yield from node.words
    elif isinstance(node, Scope):
        yield from positive_words(node.child)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            yield from positive_words(c)
    elif isinstance(node, Near):
        yield from positive_words(node.left)
        yield from positive_words(node.right)


# --- parser -----------------------------------------------------------------------------------

def _refuse_foreign(value: str, start: int) -> None:
    """A QueryError for a word that is an operator of another query language (see _FOREIGN_*)."""
    where = f"at column {start + 1}"
    if _FOREIGN_PROXIMITY.match(value) or _FOREIGN_BARE.match(value):
        distance = "".join(c for c in value if c.isdigit()) or "5"
        raise QueryError(f"{value!r} is not an operator of this rule language; for words near each "
                         f"other write NEAR/n (e.g. meet* NEAR/{distance} place) {where}")
    suffix = _FOREIGN_SUFFIX.match(value)
    if suffix:
        what = "a boost (^)" if suffix.group("op") == "^" else "fuzzy matching (~)"
        raise QueryError(f"{value!r}: {what} is not supported; write the term alone "
                         f"({suffix.group('term')!r}), and NEAR/n for words near each other {where}")


def _lex(query: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    for m in _LEX.finditer(query):
        kind = m.lastgroup
        if kind is None:
            continue
        value = m.group(kind)
        if kind == "phrase" and (len(value) < 2 or not value.endswith('"')):
            raise QueryError(f"unclosed quote at column {m.start() + 1}")
        if kind == "word":
            _refuse_foreign(value, m.start())
            if value in ("AND", "OR", "NOT"):
                kind = value
            elif _NEAR_LIKE.match(value):
                near = _NEAR.match(value)
                if near is None or int(near.group(2)) < 1:
                    raise QueryError(f"{value}: the distance must be a whole number of words, 1 or "
                                     f"more (e.g. {value.split('/')[0]}/5) at column {m.start() + 1}")
                kind = "NEAR"
            elif (fm := _FIELD.match(value)) and not fm.group(1).isdigit():
                if fm.group(1).lower() not in FIELDS:
                    raise QueryError(f"unknown field {fm.group(1)!r}: (use title: or text:) "
                                     f"at column {m.start() + 1}")
                out.append(("FIELD", fm.group(1).lower(), m.start()))
                if fm.group(2):
                    out.append(("word", fm.group(2), m.start() + len(fm.group(1)) + 1))
                continue
        out.append((kind, value, m.start()))
    return out


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _lex(query)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def fail(self, what: str) -> QueryError:
        tok = self.peek()
        where = f"at column {tok[2] + 1} ({tok[1]!r})" if tok else "at the end of the query"
        return QueryError(f"{what} {where}")

    def parse(self) -> Node:
        if not self.toks:
            raise QueryError("empty query")
        node = self.or_expr()
        if self.peek() is not None:
            raise self.fail("unexpected ')'" if self.peek()[0] == "rp" else "unexpected token")  # type: ignore[index]
        if not needs_positive(node):
            raise QueryError("query has only negative terms; add a term that must occur")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (t := self.peek()) and t[0] == "OR":
            self.i += 1
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children = [self.near_expr()]
        while (t := self.peek()) and t[0] not in ("OR", "rp"):
            if t[0] == "AND":
                self.i += 1
            children.append(self.near_expr())
        return children[0] if len(children) == 1 else And(tuple(children))

    def near_expr(self) -> Node:
        node = self.unary()
        while (t := self.peek()) and t[0] == "NEAR":
            m = _NEAR.match(t[1])
            assert m is not None
            self.i += 1
            right = self.unary()
            for side in (node, right):
                if not _near_operand(side):
                    raise QueryError(f"{t[1]} at column {t[2] + 1}: operands must be terms, "
                                     "phrases or OR groups of them")
            node = Near(node, right, int(m.group(2)), m.group(1).upper() == "ONEAR")
        return node

    def unary(self) -> Node:
        t = self.peek()
        if t and t[0] == "NOT":
            self.i += 1
            return Not(self.unary())
        return self.primary()

    def primary(self) -> Node:
        t = self.peek()
        if t is None:
            raise self.fail("expected a term")
        kind, value, col = t
        self.i += 1
        if kind == "FIELD":
            return Scope(value, self.primary())
        if kind == "lp":
            node = self.or_expr()
            if (end := self.peek()) is None or end[0] != "rp":
                raise QueryError(f"unbalanced '(' at column {col + 1}")
            self.i += 1
            return node
        if kind == "word" and value.startswith("@"):
            return concept_node(value[1:], col)
        if kind in ("word", "phrase"):
            text = value.strip('"') if kind == "phrase" else value
            try:
                if kind == "word" and ("*" in text[:-1] or "?" in text):
                    raise QueryError(f"wildcard only allowed at the end of a term: {text!r}")
                return Term(words_of(text, "inflect"), text)
            except QueryError as exc:
                raise QueryError(f"{exc} at column {col + 1}") from None
        self.i -= 1
        raise self.fail(f"expected a term, got {kind if kind not in ('rp',) else ')'}")


def _near_operand(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Scope):
        return _near_operand(node.child)
    return isinstance(node, (Or, Near)) and all(
        _near_operand(c) for c in (node.children if isinstance(node, Or) else (node.left, node.right)))


# --- event concepts (lang/*.yaml ``events``) ---------------------------------------------------

@functools.cache
def concept_terms(concept: str) -> tuple[Term, ...]:
    """The words of ``concept`` in every pack, each tagged with its language."""
    return tuple(Term(words_of(phrase, "inflect"), phrase, lang, concept) for lang, phrase in concepts()[concept])


def concept_node(name: str, col: int = 0) -> Node:
    """``@name`` in a query: any word of the concept, in any packed language."""
    if name not in concepts():
        raise QueryError(f"unknown event concept '@{name}' at column {col + 1} "
                         f"(known: {', '.join('@' + c for c in concepts())})")
    return Or(concept_terms(name))


def _plain(word: Word) -> str:
    """A word as written, lower case and without accents: concept phrases are compared on these,
    not on folded keys, which merge letters across scripts and spellings (Russian "плотин*" folds to
    "plotin*", which starts like "plot*"; "aggressive" and "agree*" fold alike)."""
    return _plain_text(word.text[:-1] if word.text.endswith("*") else word.text)


def _plain_text(raw: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", raw.casefold()) if not unicodedata.combining(c))


@functools.cache
def _concept_index() -> dict[str, list[tuple[str, tuple[str, ...], bool]]]:
    """Concept phrases by the first three letters of their last word: (concept, words, prefix).
    Read from the phrases as written, as ``words_of`` splits them: a concept's Terms (stems,
    paradigms, patterns) are built only for the concepts a rule brings in (``concept_terms``)."""
    index: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
    for concept, phrases in concepts().items():
        for _lang, phrase in phrases:
            parts = _word_parts(phrase)
            if not parts:
                continue
            keys = tuple(_plain_text(p.removesuffix("*")) for p in parts)
            index.setdefault(keys[-1][:3], []).append((concept, keys, parts[-1].endswith("*")))
    return index


@functools.cache
def _concepts_of(keys: tuple[str, ...], prefix: bool) -> tuple[str, ...]:
    """The concepts one of whose phrases is this rule term (or covers it, or it covers); ``keys``
    are the term's words as ``_plain`` gives them."""
    out: list[str] = []
    for concept, ckeys, cprefix in _concept_index().get(keys[-1][:3], ()):
        if concept in out or len(ckeys) != len(keys) or ckeys[:-1] != keys[:-1]:
            continue
        last, clast = keys[-1], ckeys[-1]
        if last == clast or (cprefix and last.startswith(clast)) or (prefix and len(last) >= 4 and clast.startswith(last)):
            out.append(concept)
    return tuple(out)


def word_concepts(word: Word) -> tuple[str, ...]:
    """The event concepts one of whose words ``word`` is ("killed": @kill)."""
    return _concepts_of((_plain(word),), word.mode == "prefix")


def expand_concepts(node: Node) -> tuple[Node, tuple[tuple[str, str], ...]]:
    """``node`` with every positive term that belongs to an event concept ORed with the concept's
    words in every packed language; also returns (concept, the rule's term) for each expansion."""
    found: list[tuple[str, str]] = []

    def walk(n: Node, added: set[str]) -> Node:
        """``added``: the concepts already ORed in at this place (an OR needs each only once)."""
        if isinstance(n, Term):
            if n.lang is not None:
                return n
            got = _concepts_of(tuple(_plain(w) for w in n.words), n.words[-1].mode == "prefix")
            found.extend((c, n.text) for c in got)
            new = [c for c in got if c not in added]
            added.update(new)
            return Or((n, *(t for c in new for t in concept_terms(c)))) if new else n
        if isinstance(n, Scope):
            return Scope(n.field, walk(n.child, set()))
        if isinstance(n, And):
            return And(tuple(walk(c, set()) for c in n.children))
        if isinstance(n, Or):
            shared: set[str] = set()
            return Or(tuple(walk(c, shared) for c in n.children))
        if isinstance(n, Near):
            return Near(walk(n.left, set()), walk(n.right, set()), n.distance, n.ordered)
        return n        # NOT: what must not occur is not widened

    out = walk(node, set())
    return out, tuple(dict.fromkeys(found))


def matched_terms(node: Node, doc: Doc) -> list[tuple[Term, list[Span]]]:
    """The positive terms of ``node`` that occur in ``doc`` with their spans (for explanations)."""
    out: list[tuple[Term, list[Span]]] = []

    def walk(n: Node, field: str | None) -> None:
        if isinstance(n, Term):
            spans = n.spans(doc, field)
            if spans:
                out.append((n, spans))
        elif isinstance(n, Scope):
            walk(n.child, n.field)
        elif isinstance(n, (And, Or)):
            for c in n.children:
                walk(c, field)
        elif isinstance(n, Near):
            walk(n.left, field)
            walk(n.right, field)

    walk(node, None)
    return out


def parse_query(query: str) -> Node:
    """Parse ``query``; raises QueryError naming the problem and its column."""
    return _Parser(query).parse()
