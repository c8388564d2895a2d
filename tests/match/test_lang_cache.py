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
