"""Near-duplicate stories across feeds: MinHash signatures and a banded LSH index of stories."""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterable

import numpy as np

NUM_PERM = 256                  # bins of the signature: estimates within 0.09 of exact Jaccard on real news
LSH_PERM = 128                  # the index bands the first 128 values only: same curve, same memory
BANDS = 32                      # 32 bands x 4 rows: candidates from Jaccard ~0.4 upwards (0.99 at 0.6)
ROWS = LSH_PERM // BANDS
SCHEME = b"OPH2"                # ends each signature: one written by another scheme never compares
SIGNATURE_BYTES = NUM_PERM * 4 + len(SCHEME)  # NUM_PERM little-endian uint32, then SCHEME
BAND_BYTES = LSH_PERM * 4       # the part of a signature the index's bands use
THRESHOLD = 0.6                 # estimated Jaccard at which two items are the same story
MIN_SHINGLES = 8                # shorter texts are too small to compare reliably
MAX_CHARS = 20_000              # only the first 20,000 characters are shingled: bounded cost per item
_WORD = re.compile(r"\w+", re.UNICODE)
# Fixed seed: stored signatures must stay comparable across restarts and versions.
_rng = np.random.default_rng(20261205)
_SEED = np.uint64(int(_rng.integers(0, 1 << 63)))
_TRIES = 64                     # densification: bins an empty bin tries, in this order, before rotation
_BORROW = _rng.integers(0, NUM_PERM, size=(NUM_PERM, _TRIES)).astype(np.intp)
_BIN_SHIFT = np.uint64(64 - 8)  # the top 8 bits of a key's hash choose its bin (NUM_PERM = 2^8)
_VALUE_SHIFT = np.uint64(64 - 8 - 32)   # the next 32 bits are its value in the bin
_LOW32 = np.uint64(0xFFFFFFFF)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_C1, _C2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_SHIFT = np.uint64(32)
_M1, _M2, _M3, _M4 = (np.uint64(c) for c in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F,
                                                   0x165667B19E3779F9, 0xFF51AFD7ED558CCD))


def words_of(title: str, text: str) -> list[str]:
    """The case-folded words of the title and text (of their first MAX_CHARS characters): what
    ``word_hashes`` hashes, one by one (the specification it is tested against)."""
    return _WORD.findall(_folded(title, text))


def _folded(title: str, text: str) -> str:
    return f"{title} {text}"[:MAX_CHARS].casefold()


def shingles(title: str, text: str) -> list[str]:
    """Word 3-grams of the case-folded title and text: the sets whose Jaccard MinHash estimates."""
    words = words_of(title, text)
    return [" ".join(words[i:i + 3]) for i in range(max(0, len(words) - 2))]


# Word hashes: a word's code points c_0 .. c_n-1 give sum(c_j * P^j) modulo 2^64. Over the whole
# text that is a difference of two prefix sums of c_i * P^i, times P^-start (P is odd, so it has
# an inverse modulo 2^64): every word of an item in a few numpy passes, no Python string per word.
_P = 0x100000001B3
_P_INV = pow(_P, -1, 1 << 64)
_tables = (np.ones(1, dtype=np.uint64),) * 2     # P^i and P^-i modulo 2^64, grown on demand
# \w of a str pattern: str.isalnum() or "_"; a table for the Basic Multilingual Plane (64 KB),
# code points above it (emoji, rare Han) are looked up one by one
_IS_WORD = np.array([chr(c).isalnum() or c == 0x5F for c in range(0x10000)], dtype=bool)


def _power_tables(size: int) -> tuple[np.ndarray, np.ndarray]:
    """The power tables, at least ``size`` long (replaced as one tuple: threads may share them)."""
    global _tables
    tables = _tables
    if len(tables[0]) < size:
        size = max(size, 2 * len(tables[0]), 4096)
        tables = _tables = (_powers_exact(size, _P), _powers_exact(size, _P_INV))
    return tables


def _powers_exact(size: int, base: int) -> np.ndarray:
    """base^0 .. base^(size-1) modulo 2^64 (numpy's uint64 products wrap modulo 2^64)."""
    out = np.empty(size, dtype=np.uint64)
    out[0] = 1
    out[1:] = np.uint64(base)
    return np.cumprod(out, out=out)


def word_hashes(title: str, text: str) -> np.ndarray:
    """One 64-bit hash per word of ``words_of(title, text)``, in order: sum(c_j * P^j) modulo
    2^64 over the word's code points."""
    folded = _folded(title, text)
    points = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    size = len(points)
    if not size:
        return np.empty(0, dtype=np.uint64)
    is_word = np.zeros(size + 2, dtype=bool)           # padded: a word at either end has both edges
    if points.max() <= 0xFFFF:
        is_word[1:-1] = _IS_WORD.take(points)
    else:
        is_word[1:-1] = _IS_WORD.take(np.minimum(points, 0xFFFF))
        astral = np.flatnonzero(points > 0xFFFF)
        is_word[astral + 1] = [chr(c).isalnum() for c in points[astral].tolist()]
    bounds = np.flatnonzero(is_word[1:] != is_word[:-1])   # where a word starts, then where it ends
    starts, ends = bounds[0::2], bounds[1::2]
    powers, inverse = _power_tables(size)
    sums = np.empty(size + 1, dtype=np.uint64)
    sums[0] = 0
    np.cumsum(points.astype(np.uint64) * powers[:size], out=sums[1:])
    hashes: np.ndarray = (sums[ends] - sums[starts]) * inverse[starts]
    return hashes


def shingle_keys(hashes: np.ndarray) -> np.ndarray:
    """One 32-bit key per distinct word 3-gram: the three word hashes (``word_hashes``) mixed
    with odd 64-bit constants (vectorised, no string per 3-gram), the top 32 bits kept."""
    if len(hashes) < 3:
        return np.empty(0, dtype=np.uint64)
    mixed = hashes[:-2] * _M1
    mixed ^= hashes[1:-1] * _M2
    mixed ^= hashes[2:] * _M3
    mixed *= _M4
    mixed >>= _SHIFT
    mixed.sort()                      # sorted and deduplicated as np.unique does, in a seventh of its time
    return mixed[np.concatenate(([True], mixed[1:] != mixed[:-1]))]


def key_hashes(keys: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser of each key XOR the seed: 64 well-mixed bits per 3-gram."""
    x = keys ^ _SEED
    x ^= x >> _S30
    x *= _C1                          # wraps mod 2^64 by design
    x ^= x >> _S27
    x *= _C2
    x ^= x >> _S31
    return x


def signature(title: str, text: str) -> bytes | None:
    """The MinHash signature as bytes (NUM_PERM little-endian uint32, then SCHEME), None when
    too short.

    One permutation hashing with optimal densification (Li, Owen and Zhang 2012; Shrivastava
    2017): each distinct 3-gram key is hashed once; the hash's top 8 bits choose one of NUM_PERM
    bins and its next 32 bits are its value; a bin keeps its least value. An empty bin borrows
    the value of the first non-empty bin in its own fixed random list of bins (_BORROW), else of
    the next non-empty bin after it. The fraction of equal bins estimates Jaccard as NUM_PERM
    independent permutations do, at one hash per key instead of NUM_PERM (a third of the
    signature's cost went); estimates are compared with exact Jaccard and with datasketch's
    MinHash on real news text in tests/dedup/test_near.py.
    """
    keys = shingle_keys(word_hashes(title, text))
    if len(keys) < MIN_SHINGLES:
        return None
    hashes = key_hashes(keys)
    hashes.sort()                     # by bin, then by value within the bin
    bins = (hashes >> _BIN_SHIFT).astype(np.intp)
    first = np.flatnonzero(np.concatenate(([True], bins[1:] != bins[:-1])))   # each bin's least
    values = np.zeros(NUM_PERM, dtype="<u4")
    filled = np.zeros(NUM_PERM, dtype=bool)
    values[bins[first]] = (hashes[first] >> _VALUE_SHIFT) & _LOW32
    filled[bins[first]] = True
    empty = np.flatnonzero(~filled)
    if len(empty):
        tries = _BORROW[empty]
        found = filled[tries]
        pick = found.argmax(axis=1)
        rows = np.arange(len(empty))
        source = tries[rows, pick]
        lost = ~found[rows, pick]
        if lost.any():                # none of its tries was filled (a very short text): rotation
            occupied = np.flatnonzero(filled)
            source[lost] = occupied[np.searchsorted(occupied, empty[lost]) % len(occupied)]
        values[empty] = values[source]
    return values.tobytes() + SCHEME


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 when they are not both current ones)."""
    if len(a) != SIGNATURE_BYTES or len(b) != SIGNATURE_BYTES or not (a.endswith(SCHEME) and b.endswith(SCHEME)):
        return 0.0
    va = np.frombuffer(a, dtype="<u4", count=NUM_PERM)
    vb = np.frombuffer(b, dtype="<u4", count=NUM_PERM)
    return float(np.count_nonzero(va == vb)) / float(NUM_PERM)


_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
_MIX = np.array([0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x2545F4914F6CDD1D, 0x9FB21C651E98DF25]
                * (ROWS // 4 + 1), dtype=np.uint64)[:ROWS]


def _mixed(values: np.ndarray) -> np.ndarray:
    """The band keys of ``values`` (uint32, shape (..., BANDS, ROWS)): each band's ROWS values
    times _MIX, summed modulo 2**64, XOR the band's salt. One multiply-add per row over whole
    columns: numpy's sum over a short last axis cost ten times as much (the same keys: the
    arithmetic is modulo 2**64 in any order)."""
    keys: np.ndarray = values[..., 0].astype(np.uint64) * _MIX[0]
    for row in range(1, ROWS):
        keys += values[..., row].astype(np.uint64) * _MIX[row]
    keys ^= _SALT
    return keys


def band_keys(sig: bytes) -> np.ndarray:
    """One 64-bit key per band; two signatures sharing any band key are candidates."""
    return _mixed(np.frombuffer(sig, dtype="<u4", count=LSH_PERM).reshape(BANDS, ROWS))


def band_keys_many(sigs: list[bytes]) -> np.ndarray:
    """``band_keys`` of each signature (all of SIGNATURE_BYTES), one row each, in one numpy pass."""
    if not sigs:
        return np.empty((0, BANDS), dtype=np.uint64)
    mat = np.frombuffer(b"".join(sigs), dtype="<u4").reshape(len(sigs), SIGNATURE_BYTES // 4)[:, :LSH_PERM]
    return _mixed(mat.reshape(len(sigs), BANDS, ROWS))


STORY_BITS = 31                 # story ids are positive 32-bit integers (PostgreSQL's INTEGER)
_STORY_MASK = np.uint64((1 << STORY_BITS) - 1)
_STORY_SHIFT = np.uint64(STORY_BITS)


def batch_overlaps(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows of band keys (``band_keys_many``): whether each row shares a band key prefix (what
    the index compares) with an earlier row, and with a later one. A batch's own index needs
    only the rows with a later one, and only rows with an earlier one look in it: most items of
    a feed share no band with another item of it."""
    n = len(keys)
    earlier, later = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if n < 2:
        return earlier, later
    flat = (keys >> _STORY_SHIFT).ravel()
    owner = np.repeat(np.arange(n), keys.shape[1])
    order = np.lexsort((owner, flat))               # by prefix, then by row
    prefix, row = flat[order], owner[order]
    start = np.concatenate(([True], prefix[1:] != prefix[:-1]))
    group = np.cumsum(start) - 1
    first = row[start][group]                       # the group's first and last row
    last = row[np.concatenate((start[1:], [True]))][group]
    earlier[row[row > first]] = True
    later[row[row < last]] = True
    return earlier, later


def packed_keys(keys: np.ndarray, story_ids: np.ndarray) -> np.ndarray:
    """One uint64 per band key: the key's top 33 bits above the story id's 31 (``StoryIndex``)."""
    return ((keys >> _STORY_SHIFT) << _STORY_SHIFT) | (story_ids.astype(np.uint64) & _STORY_MASK)


def _anonymous(size: int) -> mmap.mmap:
    """Private memory of its own: given back to the system when freed, never a hole in the heap."""
    if hasattr(mmap, "MAP_PRIVATE") and hasattr(mmap, "MAP_ANONYMOUS"):
        return mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    return mmap.mmap(-1, size)   # pragma: no cover - not on Unix


class SortedKeys:
    """A sorted uint64 array in its own anonymous memory map, grown and merged in place.

    The near-duplicate index grows by a merge every few thousand stories. A numpy array per merge
    (``np.insert``) needs the old and the new array at once, and the allocator keeps the holes the
    old ones leave (arrays below 32 MB come from the heap once larger ones were freed): the
    index's 26 MB for 100,000 stories took about 100 MB of the process. Here the map grows where it
    is (``mremap``), the old keys are moved up from the back a chunk at a time and the new ones
    written into the gaps: the process holds the keys, a chunk and nothing more.
    """

    CHUNK = 1 << 16          # keys moved at a time while merging (512 KB)

    def __init__(self) -> None:
        self._map: mmap.mmap | None = None
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def array(self) -> np.ndarray:
        """The keys (a view of the map: do not keep it across ``reserve`` or ``merge``)."""
        if self._map is None:
            return np.empty(0, dtype=np.uint64)
        return np.frombuffer(self._map, dtype=np.uint64, count=self._size)

    def _whole(self) -> np.ndarray:
        assert self._map is not None
        return np.frombuffer(self._map, dtype=np.uint64)

    def append(self, block: np.ndarray, room: int = 0) -> None:
        """Add ``block`` after the keys, unsorted (``sort`` follows); ``room``: keys to make room
        for at once when the map is full (at least twice what it holds)."""
        size = self._size + len(block)
        if self._map is None or size * 8 > len(self._map):
            self.reserve(max(size, room, 2 * self._size))
        self._whole()[self._size:size] = block
        self._size = size

    def sort(self) -> None:
        """Sort the keys in place and give back the room not used."""
        self.reserve(self._size)
        self.array.sort()

    def reserve(self, count: int) -> None:
        """Room for ``count`` keys (the map is grown or shrunk to that size, whole pages)."""
        need = max(count, 1) * 8
        if self._map is not None and len(self._map) == need:
            return
        if self._map is None:
            self._map = _anonymous(need)
            return
        try:
            self._map.resize(need)             # mremap: the pages stay where they are
        except (BufferError, OSError, SystemError, ValueError):   # a view is kept, or no mremap
            grown = _anonymous(need)
            keep = min(self._size, count) * 8
            grown[:keep] = self._map[:keep]
            self._map = grown

    def merge(self, new: np.ndarray) -> None:
        """Merge the sorted keys ``new`` in; equal keys keep the ones already here first."""
        if not len(new):
            return
        old = self._size
        total = old + len(new)
        places = np.searchsorted(self.array, new, side="right")   # old keys before each new one
        self.reserve(total)
        buffer = self._whole()
        for end in range(old, 0, -self.CHUNK):   # from the back: each key moves up, onto keys already moved
            start = max(0, end - self.CHUNK)
            first, last = np.searchsorted(places, (start, end), side="left").tolist()
            # old key j moves up by the number of new keys placed at or before it
            shift = np.cumsum(np.bincount(places[first:last] - start, minlength=end - start)) + first
            chunk = buffer[start:end].copy()
            buffer[np.arange(start, end) + shift] = chunk
        buffer[places + np.arange(len(new))] = new
        self._size = total


def _find(packed: np.ndarray, prefixes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each key prefix (any shape): whether the sorted packed keys hold it, and the story of
    its first (oldest) packed key there (meaningful only where held)."""
    if not len(packed):
        return np.zeros(prefixes.shape, dtype=bool), np.zeros(prefixes.shape, dtype=np.int64)
    pos = np.minimum(np.searchsorted(packed, prefixes << _STORY_SHIFT), len(packed) - 1)
    at = packed[pos]
    return (at >> _STORY_SHIFT) == prefixes, (at & _STORY_MASK).astype(np.int64)


class StoryIndex:
    """Band key -> story id for recent items, rebuilt from stored signatures after a restart.

    Kept compact for large corpora: one sorted array of 8 bytes per band key (the key's top
    33 bits above the story id: sorted, equal keys keep the oldest story first; ``SortedKeys``) plus
    the keys added since its last merge: a dict of the latest additions, folded every FOLD_AT keys
    into a sorted pending array (8 bytes a key), merged into the index every MERGE_AT keys. 100,000 stories take 26 MB (a
    dict of Python ints would take 185 MB, a key and a story array 51 MB and twice that while
    sorting). Two band keys equal in their top 33 bits but not below are one key here: about 1
    look-up in 100 finds one story it would not have (3.2 million keys in 2^33); candidates are
    checked against the whole signature (``similarity``), so that costs a comparison, not a
    wrong story.
    """

    MERGE_AT = 100_000   # pending band keys (3,125 stories or more) before they go into the array
    FOLD_AT = 8_192      # keys of the dict of the latest additions before they join the pending array

    def __init__(self) -> None:
        self._keys = SortedKeys()
        self._recent = np.empty(0, dtype=np.uint64)   # pending packed keys, sorted, one per prefix
        self._latest: dict[int, int] = {}             # key prefix -> story, added since the last fold
        self._ids: set[int] | None = None   # every story id, kept by from_rows until story_ids takes it
        self.size = 0

    def add(self, story_id: int, sig: bytes, keys: np.ndarray | None = None) -> None:
        """Index ``sig`` under ``story_id`` (``keys``: its band keys, when already computed)."""
        for key in (band_keys(sig) if keys is None else keys).tolist():
            self._latest.setdefault(key >> STORY_BITS, story_id)
        if self._ids is not None:
            self._ids.add(story_id)
        self.size += 1
        if len(self._latest) >= self.FOLD_AT:
            self._fold()
        if len(self._recent) + len(self._latest) >= self.MERGE_AT:
            self._merge()

    def _fold(self) -> None:
        """The dict of the latest additions into the sorted pending array (8 bytes a key instead of
        about 75), a prefix already pending keeping its first story."""
        prefixes = np.fromiter(self._latest.keys(), dtype=np.uint64, count=len(self._latest))
        stories = np.fromiter(self._latest.values(), dtype=np.uint64, count=len(self._latest))
        self._latest = {}
        order = np.argsort(prefixes)      # distinct prefixes: sorted, their packed keys are too
        prefixes, stories = prefixes[order], stories[order]
        fresh = ~_find(self._recent, prefixes)[0]
        added = (prefixes[fresh] << _STORY_SHIFT) | (stories[fresh] & _STORY_MASK)
        # two sorted runs: the stable sort (timsort) merges them in one linear pass
        self._recent = np.sort(np.concatenate([self._recent, added]), kind="stable")

    def _merge(self) -> None:
        if self._latest:
            self._fold()
        recent, self._recent = self._recent, np.empty(0, dtype=np.uint64)
        self._keys.merge(recent)

    def _pending_story(self, prefix: int) -> int | None:
        """The story a pending key prefix belongs to (the first one added), None when none."""
        held, story = _find(self._recent, np.array([prefix], dtype=np.uint64))
        return int(story[0]) if held[0] else self._latest.get(prefix)

    @property
    def _packed(self) -> np.ndarray:
        """The sorted keys (a view: not kept across a merge)."""
        return self._keys.array

    def candidates(self, sig: bytes) -> list[int]:
        """Story ids sharing a band with ``sig``, most shared bands first."""
        return self.candidates_many(band_keys(sig).reshape(1, BANDS))[0]

    def candidates_many(self, keys: np.ndarray) -> list[list[int]]:
        """``candidates`` for each row of band keys (``band_keys_many``): one sorted search for
        the whole batch instead of one per signature."""
        prefixes = keys >> _STORY_SHIFT
        hit, stories = _find(self._packed, prefixes)
        found: list[list[int]] = [[] for _ in range(len(keys))]
        for row in np.flatnonzero(hit.any(axis=1)).tolist():
            found[row] = stories[row][hit[row]].tolist()
        # a pending key counts once: its story in the pending array, else in the latest additions
        held, recent = _find(self._recent, prefixes)
        recent = np.where(held, recent, -1)
        latest = self._latest
        out = []
        for prefix_row, found_row, recent_row in zip(prefixes.tolist(), found, recent.tolist(), strict=True):
            counts: dict[int, int] = {}
            for sid in found_row:
                counts[sid] = counts.get(sid, 0) + 1
            for prefix, sid in zip(prefix_row, recent_row, strict=True):
                pending = sid if sid >= 0 else latest.get(prefix)
                if pending is not None:
                    counts[pending] = counts.get(pending, 0) + 1
            out.append(sorted(counts, key=counts.__getitem__, reverse=True))   # stable, as -count
        return out

    def story_ids(self) -> set[int]:
        """Every story id in the index. The first call after ``from_rows`` hands over the set it
        built (no second copy of 100,000 ints kept); later calls compute it from the array."""
        if self._ids is not None:
            ids, self._ids = self._ids, None
            return ids
        # unique first: a list of every band's story id is 32 Python ints per story
        stories = np.unique(np.concatenate([self._packed, self._recent]) & _STORY_MASK).astype(np.int64)
        return set(stories.tolist()) | set(self._latest.values())

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, bytes]], chunk: int = 2_000, expected: int = 0) -> StoryIndex:
        """The index of ``rows`` (story id, signature, or only its first LSH_PERM values) in id
        order, built with numpy a chunk at a time into one array (``expected``: how many rows to
        make room for at once), then sorted in place: 100,000 stories take about 26 MB."""
        index = cls()
        index._ids = set()
        room = expected * BANDS
        ids: list[int] = []
        sigs: list[bytes] = []

        def flush() -> None:
            keys = _mixed(np.frombuffer(b"".join(sigs), dtype="<u4").reshape(len(sigs), BANDS, ROWS))
            index._keys.append(packed_keys(keys, np.array(ids, dtype=np.uint64)[:, None]).ravel(), room)
            index.size += len(ids)
            index._ids.update(ids)   # type: ignore[union-attr]
            ids.clear()
            sigs.clear()

        for story_id, sig in rows:
            if sig and len(sig) in (SIGNATURE_BYTES, BAND_BYTES):
                ids.append(story_id)
                sigs.append(sig[:BAND_BYTES])
                if len(ids) >= chunk:
                    flush()
        if ids:
            flush()
        index._keys.sort()       # in place; equal keys: the smaller (older) story id first
        return index
