"""The one language guesser: py3langid restricted to the packed languages, loaded on first use.

py3langid ships its model LZMA-compressed with all 142 languages (about 0.6 s to decompress, 74 MB
in memory per process). The first process trims it to the packed languages and stores the result
uncompressed in ``<data dir>/cache``; every later process (the parse workers, the next run) loads
that file instead: no decompression, and only the columns used are kept. The largest part, the
tokenizer's transition table (37 MB), is a file of its own that each process maps read-only: the
processes share its pages, and each one holds only the pages its texts reach (about a third for
English news); the per-state tables are compact arrays, not lists of Python ints (8 MB less).

The guesser walks its byte n-gram automaton one byte at a time in Python (about a third of the
cost of preparing an item that hits). ``_WalkCache`` walks it a word at a time instead, each
(state, word) walked once: the same features in the same order, so the same scores to the bit.
That pays on text that repeats itself (bench_poll's items: 7,129 walks, 99 % found, guesses twice
as fast); on varied news the state before a word depends on the word before it, and few walks
come back (the real corpora: 24-40 % found, no gain measured).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import mmap
import os
import tempfile
import weakref
import zipfile
from array import array
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Below this probability the guess is no guess (a name, a number, a line of mixed scripts).
MIN_PROBABILITY = 0.5
_LATIN = ("en", "az", "tr", "fr", "de", "es", "it", "pt", "pl", "sr", "hu", "ro", "cs", "sk")


# Cached (state, word) walks; the cache is emptied when full. An entry holds a tuple key, its bytes,
# the next state and a tuple of feature ints: 570-590 bytes with the table, measured full on the
# real corpora (221,833 distinct walks in one pass over their 7,450 items), so 6.2 MB at this cap
# (2/3 of 2**14: the table's size up to it) and 118 MB at the 200,000 it had. Guessing each item
# once from an empty cache (benchmarks/bench_caches.py, alternated runs): bench_poll's items
# 0.8-1.1 s at this cap and at 200,000 alike (they need 7,129 walks; 1.3-1.7 s without the cache);
# the corpora 1.8-2.3 s at this cap, 1.6 s at 200,000, 1.4-1.7 s without: a cache that finds 24 %
# of its walks costs more than it saves (40 % at 200,000 about breaks even). 40 us an item, in a
# matcher that took 71-78 s over the corpora with either cap.
_MAX_WALKS = 10_922
_WALKERS: weakref.WeakSet[_WalkCache] = weakref.WeakSet()   # this process's walk caches
_MAX_PIECE = 48          # bytes: longer words are walked, not cached (bounded memory per entry)


class _WalkCache:
    """py3langid's ``visit_counts`` (its automaton's features met along the bytes of a text, as a
    Counter in order of first sight), a space-separated piece at a time, each (state, piece)
    walked once: news reuses its words, and the state before a word depends only on the few bytes
    before it."""

    def __init__(self, nextmove: Any, rowbase: list[int], output: list[int]) -> None:
        self._nextmove, self._rowbase, self._output = nextmove, rowbase, output
        self._walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}

    def clear(self) -> None:
        self._walks = {}

    def _walk(self, state: int, data: bytes) -> tuple[int, tuple[int, ...]]:
        nextmove, rowbase, output = self._nextmove, self._rowbase, self._output
        found = []
        for byte in data:
            state = nextmove[rowbase[state] + byte]
            feature = output[state]
            if feature >= 0:
                found.append(feature)
        return state, tuple(found)

    def visits(self, text: bytes) -> Counter[int] | None:
        walks, walk = self._walks, self._walk
        state = 0
        features: list[int] = []
        pieces = text.split(b" ")
        last = pieces.pop()
        for piece in pieces:         # each followed by its space
            got = walks.get((state, piece))
            if got is None:
                got = walk(state, piece + b" ")
                if len(piece) < _MAX_PIECE:
                    if len(walks) >= _MAX_WALKS:
                        walks.clear()
                    walks[(state, piece)] = got
            state, found = got
            features += found
        features += walk(state, last)[1]
        return Counter(features) if features else None


def _cached_walks(ident: Any) -> Any:
    """``ident`` (a py3langid LanguageIdentifier) scoring through a _WalkCache: its ``_raw_score``
    (the Counter of features, then its own ``_sparse_score``) is replaced on a subclass."""
    base = type(ident)
    walker = _WalkCache(ident.tk_nextmove, ident._rowbase, ident.tk_output)
    _WALKERS.add(walker)

    class Cached(base):  # type: ignore[valid-type,misc]
        __slots__ = ()

        def _raw_score(self, text: bytes) -> Any:
            visits = walker.visits(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return base._raw_score(self, text)      # no feature: py3langid's own floor

    ident.__class__ = Cached
    return ident


@functools.lru_cache(maxsize=2)
def _identifier(languages: tuple[str, ...]) -> Any:
    return _cached_walks(_load_identifier(languages))


def _load_identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    cache = _cache_file(Path(MODEL_FILE), languages)
    if cache is not None and cache.exists():
        try:
            return _load_trimmed(cache)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            log.warning("language model cache %s unreadable (%s): rebuilt", cache, exc)
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(languages))
    ident._full_model = ident.nb_ptc, ident.nb_pc, ident.nb_classes   # the 142 columns go
    if cache is not None and _save_trimmed(cache, ident):
        try:
            return _load_trimmed(cache)     # mapped, as every later process has it
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
            pass
    return ident


def _cache_file(model: Path, languages: tuple[str, ...]) -> Path | None:
    """Where the trimmed model for ``languages`` is stored; None when there is no data dir."""
    from monitor.errors import ConfigError
    from monitor.paths import default_data_dir

    try:
        from py3langid.langid import __file__ as package_file

        stat = (Path(package_file).parent / model).stat()
        base = default_data_dir() / "cache"
    except (OSError, ConfigError):
        return None
    key = hashlib.sha256(repr((stat.st_size, stat.st_mtime_ns, sorted(languages), 2)).encode()).hexdigest()[:16]
    return base / f"langid-{key}.npz"     # and its transition table beside it (_table_file)


def _table_file(path: Path) -> Path:
    return path.with_suffix(".nextmove.npy")


def _replace(path: Path, write: Any) -> None:
    """``write(file)`` into a temporary file renamed to ``path``: processes starting together never
    read half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _save_trimmed(path: Path, ident: Any) -> bool:
    """The transition table first, then the rest: a reader that finds the second finds both.
    Returns whether both were written."""
    import numpy as np

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        table = np.frombuffer(ident.tk_nextmove, dtype=np.dtype(ident.tk_nextmove.typecode))
        _replace(_table_file(path), lambda out: np.save(out, table))
        _replace(path, lambda out: np.savez(
            out, ptc=ident.nb_ptc, pc=ident.nb_pc, classes=np.array(ident.nb_classes),
            row=np.frombuffer(ident.tk_row, dtype=np.dtype(ident.tk_row.typecode)),
            output=np.asarray(ident.tk_output, dtype=np.int32)))
    except OSError as exc:   # only start-up time is lost; an unusable data dir is reported where it is used
        log.debug("language model cache %s not written: %s", path, exc)
        return False
    return True


_TYPECODES = {2: "H", 4: "I", 8: "Q"}
_MAPS: weakref.WeakValueDictionary[Path, mmap.mmap] = weakref.WeakValueDictionary()   # tables mapped, by file


def release_table_pages() -> int:
    """Give back this process's resident pages of the mapped transition tables (MADV_DONTNEED:
    the file's pages stay in the page cache, a later guess faults them in again) and empty its
    walk caches. For a process that has handed its guessing to workers (the daemon once its parse
    pool runs): its peak RSS in bench_poll's daemon fell from 275 to 244 MiB. Returns how many tables
    were released."""
    for walker in _WALKERS:
        walker.clear()
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if advice is None:   # pragma: no cover - not on Unix
        return 0
    tables = list(_MAPS.values())
    for table in tables:
        table.madvise(advice)
    return len(tables)


def _load_trimmed(path: Path) -> Any:
    """The stored model, its transition table mapped read-only (py3langid indexes it like its own
    array), the per-state row offsets and outputs as arrays."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    table = np.load(_table_file(path), mmap_mode="r", allow_pickle=False)
    with np.load(path, allow_pickle=False) as data:
        row = data["row"]
        if table.ndim != 1 or table.dtype.itemsize not in _TYPECODES or int(row.max(initial=0) + 1) * 256 > len(table):
            raise ValueError("transition table does not fit the model")
        ident = LanguageIdentifier(data["ptc"], data["pc"], data["classes"].tolist(), array("H"),
                                   array("i", data["output"].astype(np.int32).tobytes()), norm_probs=True,
                                   tk_row=_to_array(row))
    if isinstance(getattr(table, "_mmap", None), mmap.mmap):
        _MAPS[path] = table._mmap
    raw: Any = memoryview(table).cast("B")
    ident.tk_nextmove = raw.cast(_TYPECODES[table.dtype.itemsize])
    ident._rowbase = array("Q", (row.astype(np.uint64) << np.uint64(8)).tobytes())   # py3langid's row << 8
    return ident


def guess_language(text: str, languages: tuple[str, ...], *, latin_only: bool = False,
                   min_probability: float = MIN_PROBABILITY, letters: Mapping[str, str] | None = None) -> str | None:
    """The most likely of ``languages`` for ``text`` (its first 2,000 characters), or None when
    the guesser is less sure than ``min_probability``. ``latin_only`` restricts the choice to
    Latin-script languages. ``letters`` maps a language to the letters its text always has (Czech
    "ěřů..."): a language none of whose letters the sample holds is no choice ("Ministry denies
    Karimov met Davletov in Zarechye" is not Slovak), and the others' probabilities are scaled to
    the remaining choice, as a model trained on it alone would give them."""
    sample = text[:2000]
    if not sample.strip():
        return None
    choice = tuple(code for code in languages if code in _LATIN) if latin_only else languages
    ident = _identifier(choice)
    code, prob = ident.classify(sample)
    if letters and code in letters:
        low = sample.casefold()
        lacking = {c for c in choice if c in letters and not any(ch in low for ch in letters[c])}
        if code in lacking:
            rest = [(c, p) for c, p in ident.rank(sample) if c not in lacking]
            total = sum(p for _, p in rest)
            code, prob = (rest[0][0], rest[0][1] / total) if rest and total > 0 else (None, 0.0)
    return str(code) if code is not None and prob >= min_probability else None
