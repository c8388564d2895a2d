"""The trimmed language model stored in the data dir gives the same guesses as py3langid's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.match.lang import codes
from monitor.match.lang import guess as guess_mod

TEXTS = ["Le ministère a démenti les informations publiées hier par l'agence.",
         "The ministry denied the reports published yesterday by the agency.",
         "Министерство опровергло сообщения, опубликованные вчера агентством.",
         "Nazirlik dünən agentliyin yaydığı məlumatları təkzib edib.",
         "Das Ministerium hat die gestern veröffentlichten Berichte dementiert."]


def test_trimmed_model_is_cached_and_guesses_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("DISINFO_MONITOR_DATA_DIR", str(tmp_path))
    guess_mod._identifier.cache_clear()
    langs = codes()
    try:
        built = guess_mod._identifier(langs)                   # trims and stores
        files = list((tmp_path / "cache").glob("langid-*.npz"))
        assert len(files) == 1 and not list((tmp_path / "cache").glob("*.tmp"))
        guess_mod._identifier.cache_clear()
        loaded = guess_mod._identifier(langs)                  # from the stored file
        assert loaded is not built
        assert loaded.nb_ptc.shape[1] == len(loaded.nb_classes) and set(loaded.nb_classes) == set(langs)
        assert loaded._full_model[0].shape == loaded.nb_ptc.shape          # no 142-column table kept
        assert isinstance(loaded.tk_nextmove, memoryview) and loaded.tk_nextmove.readonly   # mapped, shared
        assert len(loaded._rowbase) == len(loaded.tk_row) and not isinstance(loaded.tk_output, list)
        reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        reference.set_languages(list(langs))
        for text in TEXTS:
            code, prob = reference.classify(text)
            for ident in (loaded, built):
                got_code, got_prob = ident.classify(text)
                assert (got_code, got_prob) == (code, pytest.approx(prob))
        files[0].write_bytes(b"not a model")                   # unreadable: rebuilt, not fatal
        guess_mod._identifier.cache_clear()
        assert guess_mod._identifier(langs).classify(TEXTS[0])[0] == reference.classify(TEXTS[0])[0]
    finally:
        guess_mod._identifier.cache_clear()


def test_word_by_word_walk_finds_the_features_of_the_byte_by_byte_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cached walk gives py3langid's own Counter, keys in the same order (the scores are summed
    in that order), for repeated words, empty pieces, words too long to cache, and a full cache."""
    from py3langid.langid import visit_counts

    monkeypatch.setattr(guess_mod, "_MAX_WALKS", 20)
    ident = guess_mod._identifier(codes())
    walker = guess_mod._WalkCache(ident.tk_nextmove, ident._rowbase, ident.tk_output)
    texts = [*TEXTS, "", " ", "a", "  two  spaces  ", "x" * 200 + " tail " + "y" * 49, "ə ş ğ " * 30,
             " ".join(TEXTS) * 3, "\u02bc\u0627\u0644\u062c\u064a\u0634 ok"]
    for _ in range(2):                          # the second time from the cache
        for text in texts:
            data = ident._encode(text)
            want = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
            got = walker.visits(data)
            assert got == want and (got is None or list(got.items()) == list(want.items()))
    assert 0 < len(walker._walks) <= 20
    plain = guess_mod._load_identifier(codes())         # py3langid's byte-by-byte walk
    assert type(plain) is not type(ident)
    for text in texts:
        assert ident.classify(text) == plain.classify(text)  # to the bit


def _resident_kib(path_part: str) -> int:
    """Rss (KiB) of this process's mappings of files whose path contains ``path_part``."""
    total, inside = 0, False
    with open("/proc/self/smaps", encoding="utf-8") as fh:
        for line in fh:
            head = line.split()
            if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                inside = len(head) >= 6 and path_part in head[5]
            elif inside and line.startswith("Rss:"):
                total += int(head[1])
    return total


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="needs /proc (Linux)")
def test_released_table_pages_leave_the_process_and_guesses_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the daemon does once its parse pool runs: the table's pages go back, the walk cache
    empties, and a later guess (faulting pages in again) is the same guess."""
    monkeypatch.setenv("DISINFO_MONITOR_DATA_DIR", str(tmp_path))
    guess_mod._identifier.cache_clear()
    langs = codes()
    try:
        guess_mod._identifier(langs)                                     # trims and stores
        guess_mod._identifier.cache_clear()
        ident = guess_mod._identifier(langs)                             # mapped from the file
        before = [ident.classify(t) for t in TEXTS * 20]
        resident = _resident_kib(str(tmp_path))
        assert resident > 1024
        assert guess_mod.release_table_pages() >= 1
        assert _resident_kib(str(tmp_path)) < resident / 4
        assert all(not w._walks for w in guess_mod._WALKERS)
        assert [ident.classify(t) for t in TEXTS * 20] == before
    finally:
        guess_mod._identifier.cache_clear()
