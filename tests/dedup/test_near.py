"""MinHash against exact Jaccard and against datasketch, on real news text (tests/fixtures/real_news.jsonl)."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from monitor.dedup.keys import content_hash
from monitor.dedup.near import (
    BAND_BYTES,
    NUM_PERM,
    STORY_BITS,
    THRESHOLD,
    StoryIndex,
    band_keys,
    band_keys_many,
    shingles,
    signature,
    similarity,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "real_news.jsonl"
ARTICLES: list[dict[str, str]] = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def _texts() -> list[str]:
    """The real articles, plus the first 60% and 80% of the words of each longer one (real text
    whose Jaccard with its article lies in 0.5-0.8, so the range around the threshold is tested)."""
    out = [a["text"] for a in ARTICLES]
    for a in ARTICLES:
        words = a["text"].split()
        if len(words) >= 120:
            out += [" ".join(words[: len(words) * 6 // 10]), " ".join(words[: len(words) * 8 // 10])]
    return out


TEXTS = _texts()
SETS = [set(shingles("", t)) for t in TEXTS]
SIGS = [signature("", t) for t in TEXTS]


def _exact(i: int, j: int) -> float:
    return len(SETS[i] & SETS[j]) / len(SETS[i] | SETS[j])


PAIRS = [(i, j, _exact(i, j)) for i, j in itertools.combinations(range(len(TEXTS)), 2)]


def test_fixture_is_real_news_with_near_copies() -> None:
    assert len(ARTICLES) >= 35 and all(a["url"].startswith(("http://", "https://")) for a in ARTICLES)
    paragraphs = sum(len([p for p in a["text"].splitlines() if p.strip()]) for a in ARTICLES)
    assert paragraphs >= 150
    close = [(i, j) for i, j, e in PAIRS if i < len(ARTICLES) and j < len(ARTICLES) and e > 0.3]
    assert len(close) >= 4        # syndicated copies: AP, AFP, BBC/RNZ rewrites


def _error(i: int, j: int, exact: float) -> float:
    a, b = SIGS[i], SIGS[j]
    assert a is not None and b is not None
    return abs(similarity(a, b) - exact)


def test_estimate_within_0_1_of_exact_for_real_articles_above_0_3() -> None:
    above = [(i, j, e) for i, j, e in PAIRS if j < len(ARTICLES) and e > 0.3]
    assert above and max(_error(i, j, e) for i, j, e in above) <= 0.1


def test_estimate_close_to_exact_around_the_threshold() -> None:
    """Articles against their own 60% and 80% prefixes (135 pairs, Jaccard 0.3-0.8): the error is
    what 256 permutations give (sd 0.031 at J=0.6), never beyond 3.5 sd."""
    above = [(i, j, e) for i, j, e in PAIRS if e > 0.3]
    assert len(above) >= 100
    errors = [_error(i, j, e) for i, j, e in above]
    assert sum(errors) / len(errors) <= 0.03
    assert max(errors) <= 0.11


def test_no_pair_under_0_3_reaches_the_threshold() -> None:
    """The old family scored two texts of Jaccard 0.004 at 0.33 and merged unrelated stories."""
    under = [(i, j) for i, j, e in PAIRS if e < 0.3]
    assert len(under) > 1000
    assert max(similarity(SIGS[i], SIGS[j]) for i, j in under) < THRESHOLD  # type: ignore[arg-type]
    unrelated = [similarity(SIGS[i], SIGS[j]) for i, j, e in PAIRS if e < 0.02]  # type: ignore[arg-type]
    assert sum(unrelated) / len(unrelated) < 0.03


def test_as_accurate_as_datasketch() -> None:
    """datasketch's MinHash with as many permutations, on the same 3-gram sets (its mean error over
    four seeds, since one seed's error on correlated pairs varies by +-20%): ours is no worse."""
    datasketch = pytest.importorskip("datasketch")
    above = [(i, j, e) for i, j, e in PAIRS if e > 0.3]
    theirs = []
    for seed in range(1, 5):
        sketches = []
        for grams in SETS:
            m = datasketch.MinHash(num_perm=NUM_PERM, seed=seed)
            m.update_batch([g.encode("utf-8") for g in grams])
            sketches.append(m)
        theirs.append(sum(abs(sketches[i].jaccard(sketches[j]) - e) for i, j, e in above) / len(above))
    ours = sum(_error(i, j, e) for i, j, e in above) / len(above)
    assert ours <= 1.25 * sum(theirs) / len(theirs)
    under = [(i, j) for i, j, e in PAIRS if e < 0.3]
    assert max(similarity(SIGS[i], SIGS[j]) for i, j in under) < THRESHOLD  # type: ignore[arg-type]


def test_story_index_finds_the_syndicated_copy_only() -> None:
    index = StoryIndex()
    for n, sig in enumerate(SIGS[: len(ARTICLES)]):
        if sig is not None:
            index.add(n, sig)
    for i, j, e in PAIRS:
        if j >= len(ARTICLES) or e < 0.75:
            continue
        assert i in index.candidates(SIGS[j])  # type: ignore[arg-type]


def test_short_and_foreign_signatures() -> None:
    assert signature("short", "too short") is None
    sig = signature("", ARTICLES[0]["text"])
    assert sig is not None and len(sig) == NUM_PERM * 4 + 4 and sig.endswith(b"OPH2")
    assert similarity(sig, sig) == 1.0
    assert similarity(sig, b"\0" * 512 + b"x") == 0.0      # a signature of another size never matches
    assert similarity(sig, sig[:512]) == 0.0                # nor one stored by the 128-permutation release
    assert similarity(sig[:1024], sig[:1024]) == 0.0        # nor by the 256-permutation one
    assert similarity(sig, sig[:-4] + b"OPH1") == 0.0       # nor by the earlier word hashing (CRC-32 per word)
    assert similarity(sig, sig[:-4] + b"OPH3") == 0.0       # nor by another scheme of the same size


def test_index_built_at_once_finds_what_the_incremental_one_finds() -> None:
    rows = [(n, sig) for n, sig in enumerate(SIGS) if sig is not None]
    incremental = StoryIndex()
    for n, sig in rows:
        incremental.add(n, sig)
    bulk = StoryIndex.from_rows(rows, chunk=7)
    assert bulk.size == incremental.size == len(rows) and bulk.story_ids() == {n for n, _ in rows}
    for _, sig in rows:
        assert sorted(bulk.candidates(sig)) == sorted(incremental.candidates(sig))
        assert bulk.candidates(sig)[0] == incremental.candidates(sig)[0]


def test_stored_signatures_and_hashes_do_not_change() -> None:
    """Signatures and content hashes are stored: a faster implementation must give the same bytes
    (digests over the real-news fixture: the signature's from the pure-Python
    ``_reference_signature`` of one permutation hashing over polynomial word hashes, the content hash's from commit fa8008e)."""
    sigs = b"".join(signature(a.get("title", ""), a["text"]) or b"-" for a in ARTICLES)
    assert hashlib.sha256(sigs).hexdigest() == "3ecda462cea2c2c2ae26f15f2508201f85d44794b25c0fcd6e61856eaffea10c"
    hashes = "".join(content_hash(a.get("title", "") + " \t\u00a0x", a["text"] + "\n\n ") for a in ARTICLES)
    assert hashlib.sha256(hashes.encode()).hexdigest() == (
        "6f71c0b0292ae5fb19aa35cc5272ee52a9efba61d484f71db35e17ee437f26ae")


def _candidates_one_by_one(index: StoryIndex, sig: bytes) -> list[int]:
    """The per-signature look-up as it was before the batched one: the specification."""
    keys = band_keys(sig)
    counts: dict[int, int] = {}
    packed = index._packed.tolist()                    # (top 33 bits of the key) << 31 | story id
    for key in keys.tolist():
        same = [p & (2 ** STORY_BITS - 1) for p in packed if p >> STORY_BITS == key >> STORY_BITS]
        if same:
            sid = min(same)                                 # the oldest story of the key
            counts[sid] = counts.get(sid, 0) + 1
    for key in keys.tolist():
        pending = index._pending_story(key >> STORY_BITS)
        if pending is not None:
            counts[pending] = counts.get(pending, 0) + 1
    return sorted(counts, key=lambda s: -counts[s])


def test_batched_candidates_are_the_one_by_one_candidates() -> None:
    rows = [(n, sig) for n, sig in enumerate(SIGS) if sig is not None]
    index = StoryIndex.from_rows(rows[: len(rows) // 2])          # half in the sorted arrays
    for n, sig in rows[len(rows) // 2:]:                          # half pending
        index.add(n, sig)
    sigs = [sig for _, sig in rows]
    batched = index.candidates_many(band_keys_many(sigs))
    assert batched == [_candidates_one_by_one(index, sig) for sig in sigs]
    assert batched == [index.candidates(sig) for sig in sigs]
    assert sum(len(c) > 1 for c in batched) > 0                  # the near copies share bands
    assert StoryIndex().candidates_many(band_keys_many(sigs)) == [[] for _ in sigs]
    assert index.candidates_many(band_keys_many([])) == []


def _word_hash(word: str) -> int:
    """A word's hash as specified: sum of its code points times P^position, modulo 2**64."""
    from monitor.dedup.near import _P

    return sum(ord(ch) * pow(_P, j, 2 ** 64) for j, ch in enumerate(word)) % 2 ** 64


def _reference_keys(title: str, text: str) -> set[int]:
    """The 3-gram keys as specified, from the regular expression's words (``words_of``), in
    Python integers: (h1 x M1 XOR h2 x M2 XOR h3 x M3) x M4 modulo 2**64, its top 32 bits."""
    from monitor.dedup.near import words_of

    mask = 2 ** 64 - 1
    m1, m2, m3, m4 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xFF51AFD7ED558CCD
    h = [_word_hash(w) for w in words_of(title, text)]
    return {((((a * m1) & mask) ^ ((b * m2) & mask) ^ ((c * m3) & mask)) * m4 & mask) >> 32
            for a, b, c in zip(h, h[1:], h[2:], strict=False)}


def _reference_signature(title: str, text: str) -> bytes | None:
    """The plain formula, in Python integers: each distinct 3-gram key (``_reference_keys``)
    hashed once (SplitMix64's finaliser of key XOR seed), its bin the top 8 bits, its value the
    next 32, a bin's least value kept; an empty bin takes the value of the first filled bin of
    its _BORROW row, else of the next filled bin after it (wrapping)."""
    from monitor.dedup.near import _BORROW, _SEED, MIN_SHINGLES

    keys = sorted(_reference_keys(title, text))
    if len(keys) < MIN_SHINGLES:
        return None
    mask = 2 ** 64 - 1
    best: dict[int, int] = {}
    for key in keys:
        x = key ^ int(_SEED)
        x ^= x >> 30
        x = (x * 0xBF58476D1CE4E5B9) & mask
        x ^= x >> 27
        x = (x * 0x94D049BB133111EB) & mask
        x ^= x >> 31
        b, v = x >> 56, (x >> 24) & 0xFFFFFFFF
        best[b] = min(best.get(b, v), v)
    out = []
    for b in range(NUM_PERM):
        if b not in best:
            tried = [t for t in _BORROW[b].tolist() if t in best]
            source = tried[0] if tried else next(t % NUM_PERM for t in range(b + 1, b + NUM_PERM + 1)
                                                 if t % NUM_PERM in best)
            out.append(best[source])
        else:
            out.append(best[b])
    return np.array(out, dtype="<u4").tobytes() + b"OPH2"


@pytest.mark.parametrize("text", [
    "", "   ", "x", "_", "snake_case and 12,5 x2", "Straße ﬃ İstanbul ΣΊΣΥΦΟΣ",   # casefold lengthens
    "😀a😀 b𝔘c 𠀀𠀁 end", "lone \ud800 surrogate", "हिन्दी समाचार", "بوتشا: 'الأدلة' مفبركة",
    "中国气球 спутник Буча", "é composed e\u0301 decomposed", "a" * 30_000,
])
def test_word_hashes_are_the_regular_expressions_words_hashed_one_by_one(text: str) -> None:
    """The vectorised word split and hash equal ``words_of``'s words (the regular expression
    \\w+ over the case-folded text, capped at MAX_CHARS) hashed one at a time."""
    from monitor.dedup.near import word_hashes, words_of

    for title, body in [("", text), ("Title: ", text), (text, "")]:
        assert word_hashes(title, body).tolist() == [_word_hash(w) for w in words_of(title, body)]


def test_word_hashes_of_real_articles_and_the_word_character_table() -> None:
    import re

    from monitor.dedup.near import _IS_WORD, word_hashes, words_of

    for a in ARTICLES:
        assert word_hashes(a.get("title", ""), a["text"]).tolist() == [
            _word_hash(w) for w in words_of(a.get("title", ""), a["text"])]
    word = re.compile(r"\w")
    assert _IS_WORD.tolist() == [bool(word.fullmatch(chr(c))) for c in range(0x10000)]


@pytest.mark.parametrize("words", [5, 9, 12, 400, 2_050, 4_000])
def test_signature_is_the_plain_formula_whatever_the_size(words: int) -> None:
    """Small and large items, one after the other (the shortest has empty bins that none of
    their tries fill)."""
    vocabulary = " ".join(a["text"] for a in ARTICLES).split()
    texts = [" ".join(vocabulary[k:k + words]) for k in (0, 7_000, 3)]
    for text in [*texts, texts[0]]:
        assert signature("T", text) == _reference_signature("T", text)


@pytest.mark.parametrize("expected", [0, 3, 10_000])
def test_index_from_the_band_part_of_each_signature_is_the_same(expected: int) -> None:
    """Built from the first BAND_BYTES of each signature (what the start reads), with room made
    for fewer, as many or more rows than come, the index is the one built from whole signatures."""
    rows = [(n, sig) for n, sig in enumerate(SIGS) if sig is not None]
    whole = StoryIndex.from_rows(rows, chunk=5)
    banded = StoryIndex.from_rows([(n, sig[:BAND_BYTES]) for n, sig in rows], chunk=5, expected=expected)
    assert banded.size == whole.size and banded._packed.tolist() == whole._packed.tolist()
    assert StoryIndex.from_rows([(1, b"short"), (2, b"")], expected=2).size == 0


def test_equal_keys_keep_the_oldest_story() -> None:
    sig = SIGS[0]
    assert sig is not None
    index = StoryIndex.from_rows([(5, sig), (9, sig)])
    index.add(3, sig)                                   # pending: the first one added wins
    assert index.candidates(sig) == [5, 3]
    index._merge()
    assert index.candidates(sig) == [3]


@pytest.mark.parametrize("chunk", [1, 7, 1 << 16])
def test_sorted_keys_merge_as_a_sorted_concatenation(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Merged in place from the back a chunk at a time (equal keys included, the map grown each
    time), the keys are the sorted concatenation of every batch; the index's keys likewise."""
    from monitor.dedup.near import SortedKeys

    monkeypatch.setattr(SortedKeys, "CHUNK", chunk)
    rng = np.random.default_rng(7)
    keys, every = SortedKeys(), np.empty(0, dtype=np.uint64)
    for size in (0, 1, 50, 3, 400, 2_000, 1):
        batch = np.sort(rng.integers(0, 300, size=size, dtype=np.uint64))   # many equal keys
        keys.merge(batch)
        every = np.concatenate([every, batch])
        assert keys.array.tolist() == sorted(every.tolist())
    view = keys.array                                  # a view kept: the map is copied, not resized
    keys.merge(np.array([5, 500], dtype=np.uint64))
    assert keys.array.tolist() == sorted([*every.tolist(), 5, 500]) and len(view) == len(every)
    appended = SortedKeys()
    for block in np.array_split(rng.integers(0, 1 << 63, size=1_000, dtype=np.uint64), 9):
        appended.append(block, room=10)
    appended.sort()
    assert appended.array.tolist() == sorted(appended.array.tolist()) and len(appended) == 1_000
    reference = np.empty(0, dtype=np.uint64)           # the index's merges as np.insert made them
    merge = SortedKeys.merge

    def both(self: SortedKeys, new: np.ndarray) -> None:
        nonlocal reference
        reference = np.insert(reference, np.searchsorted(reference, new), new)
        merge(self, new)

    monkeypatch.setattr(SortedKeys, "merge", both)
    monkeypatch.setattr(StoryIndex, "MERGE_AT", 40)
    index = StoryIndex()
    for n, sig in enumerate(SIGS):
        if sig is not None:
            index.add(n, sig)
    index._merge()
    assert len(reference) > 100 and index._packed.tolist() == reference.tolist()


def _band_keys_plain(sig: bytes) -> list[int]:
    """The band key as specified: sum over the band's rows of value x its row's multiplier,
    modulo 2**64, XOR the band's salt (Python integers: no numpy arithmetic)."""
    mix = [0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x2545F4914F6CDD1D, 0x9FB21C651E98DF25]
    values = np.frombuffer(sig, dtype="<u4", count=BAND_BYTES // 4).tolist()
    rows = len(mix)
    return [(sum(v * m for v, m in zip(values[b * rows:(b + 1) * rows], mix, strict=True)) % 2 ** 64)
            ^ ((b + 1) * 0x9E3779B97F4A7C15 % 2 ** 64) for b in range(len(values) // rows)]


def test_band_keys_are_the_plain_formula() -> None:
    rng = np.random.default_rng(7)
    sigs = [s for s in SIGS if s is not None][:20] + [b"\xff" * (NUM_PERM * 4) + b"OPH2", b"\0" * (NUM_PERM * 4) + b"OPH2"]
    sigs += [rng.integers(0, 2 ** 32, size=NUM_PERM, dtype=np.uint32).tobytes() + b"OPH2" for _ in range(20)]
    many = band_keys_many(sigs)
    for row, sig in zip(many.tolist(), sigs, strict=True):
        assert row == _band_keys_plain(sig) == band_keys(sig).tolist()
    index = StoryIndex.from_rows([(n + 1, sig[:BAND_BYTES]) for n, sig in enumerate(sigs)])
    expected = sorted((((k >> STORY_BITS) << STORY_BITS) | (n + 1)) for n, sig in enumerate(sigs)
                      for k in _band_keys_plain(sig))
    assert index._packed.tolist() == expected


def test_a_very_short_text_fills_its_bins_by_rotation_too() -> None:
    """Eight 3-grams fill at most eight bins: some empty bins find no filled bin among their
    tries and take the next filled one; the result is still the reference formula."""
    from monitor.dedup.near import _BIN_SHIFT, _BORROW, key_hashes, shingle_keys, word_hashes

    text = " ".join(" ".join(a["text"] for a in ARTICLES).split()[:9])
    filled = np.zeros(NUM_PERM, dtype=bool)
    filled[(key_hashes(shingle_keys(word_hashes("T", text))) >> _BIN_SHIFT).astype(np.intp)] = True
    empty = np.flatnonzero(~filled)
    assert (~filled[_BORROW[empty]].any(axis=1)).sum() > 0
    assert signature("T", text) == _reference_signature("T", text)


def test_batch_overlaps_are_the_pairwise_band_comparison() -> None:
    """Whether a row shares a band key prefix with an earlier or a later row, as a double loop
    over the rows says, on the real articles with their prefixes (which share bands) and a row
    repeated."""
    from monitor.dedup.near import batch_overlaps

    sigs = [s for s in SIGS if s is not None]
    sigs = sigs[:30] + [sigs[0]] + sigs[30:]
    keys = band_keys_many(sigs)
    prefixes = [set((row >> STORY_BITS).tolist()) for row in keys]
    earlier, later = batch_overlaps(keys)
    assert earlier.tolist() == [any(prefixes[i] & prefixes[j] for j in range(i)) for i in range(len(sigs))]
    assert later.tolist() == [any(prefixes[i] & prefixes[j] for j in range(i + 1, len(sigs)))
                              for i in range(len(sigs))]
    assert 0 < sum(earlier) < len(sigs) and earlier[30] and later[0]
    assert [a.tolist() for a in batch_overlaps(keys[:1])] == [[False], [False]]
    assert [a.tolist() for a in batch_overlaps(keys[:0])] == [[], []]


@pytest.mark.parametrize("fold_at", [1, 64, 96])
def test_folding_the_latest_additions_changes_no_candidate(fold_at: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The latest additions go from a dict into a sorted pending array every FOLD_AT keys: the
    candidates and pending stories are those of one dict of every pending key (the first story of
    a key counting once), checked along the way. Real articles and their near copies, each added
    twice under two story ids."""
    reference = StoryIndex()                       # everything pending in one dict
    monkeypatch.setattr(reference, "FOLD_AT", 10 ** 9)
    folded = StoryIndex()
    monkeypatch.setattr(folded, "FOLD_AT", fold_at)
    sigs = [sig for sig in SIGS if sig is not None]
    keys = band_keys_many(sigs)
    story = 0
    for round_ in range(2):
        for n, sig in enumerate(sigs):
            story += 1
            reference.add(story, sig)
            folded.add(story, sig)
            if n % 7 == round_:
                assert folded.candidates_many(keys) == reference.candidates_many(keys)
    assert len(folded._recent) > 0 and len(reference._recent) == 0
    assert folded.candidates_many(keys) == reference.candidates_many(keys)
    # a story whose every key was taken is not among the dict's; the latest additions may still name it
    assert reference.story_ids() <= folded.story_ids() <= set(range(1, story + 1))
    for prefix in (keys >> STORY_BITS).ravel().tolist():
        assert folded._pending_story(prefix) == reference._pending_story(prefix)


@pytest.mark.parametrize(("fold_at", "merge_at"), [(64, 256), (1, 64), (8192, 300)])
def test_folds_and_merges_keep_every_story_findable(fold_at: int, merge_at: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """With folds and merges into the sorted index along the way, each signature still finds the
    first story it was added under, and that story's id is kept."""
    index = StoryIndex()
    monkeypatch.setattr(index, "FOLD_AT", fold_at)
    monkeypatch.setattr(index, "MERGE_AT", merge_at)
    sigs = [sig for sig in SIGS if sig is not None]
    for story, sig in enumerate(sigs * 2, start=1):
        index.add(story, sig)
    assert len(index._packed) > 0
    found = index.candidates_many(band_keys_many(sigs))
    distinct = {sig: n for n, sig in reversed(list(enumerate(sigs, start=1)))}   # first story of each text
    assert all(row and distinct[sig] in row for sig, row in zip(sigs, found, strict=True))
    assert index.story_ids() >= set(distinct.values())
