"""Near-duplicate stories across feeds: MinHash signatures and a banded LSH index of stories."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16                      # 16 bands x 4 rows: candidates from Jaccard ~0.5 upwards
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.6                 # estimated Jaccard at which two items are the same story
MIN_SHINGLES = 8                # shorter texts are too small to compare reliably
_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = MinHash(num_perm=NUM_PERM, seed=1)
_PERMS, _SCHEME = _SEED.permutations, _SEED.scheme  # shared: building them is the slow part


def shingles(title: str, text: str) -> list[bytes]:
    """Word 3-grams of the case-folded title and text."""
    words = _WORD.findall(f"{title} {text}".casefold())
    return [" ".join(words[i:i + 3]).encode("utf-8") for i in range(max(0, len(words) - 2))]


def signature(title: str, text: str) -> bytes | None:
    """The MinHash signature as bytes (NUM_PERM little-endian uint64), None when too short."""
    grams = shingles(title, text)
    if len(set(grams)) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMS, scheme=_SCHEME)
    mh.update_batch(grams)
    return mh.hashvalues.astype("<u8").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    va = np.frombuffer(a, dtype="<u8")
    vb = np.frombuffer(b, dtype="<u8")
    if va.shape != vb.shape:
        return 0.0
    return float(np.count_nonzero(va == vb)) / float(len(va))


def band_keys(sig: bytes) -> list[int]:
    """One hash per band; two signatures sharing any band key are candidates."""
    step = ROWS * 8
    return [hash((i, sig[i * step:(i + 1) * step])) for i in range(BANDS)]


class StoryIndex:
    """Band key -> story id for recent items; rebuilt from stored signatures after a restart."""

    def __init__(self) -> None:
        self._bands: dict[int, int] = {}
        self.size = 0

    def add(self, story_id: int, sig: bytes) -> None:
        for key in band_keys(sig):
            self._bands.setdefault(key, story_id)
        self.size += 1

    def candidates(self, sig: bytes) -> list[int]:
        """Story ids sharing a band with ``sig``, most shared bands first."""
        counts: dict[int, int] = {}
        for key in band_keys(sig):
            sid = self._bands.get(key)
            if sid is not None:
                counts[sid] = counts.get(sid, 0) + 1
        return sorted(counts, key=lambda s: -counts[s])

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, bytes]]) -> StoryIndex:
        index = cls()
        for story_id, sig in rows:
            if sig:
                index.add(story_id, sig)
        return index
