"""The one language guesser: py3langid restricted to the packed languages, loaded on first use."""

from __future__ import annotations

import functools
from typing import Any

# Below this probability the guess is no guess (a name, a number, a line of mixed scripts).
MIN_PROBABILITY = 0.5
_LATIN = ("en", "az", "tr", "fr", "de", "es", "it", "pt", "pl", "sr", "hu", "ro")


@functools.lru_cache(maxsize=2)
def _identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(languages))
    return ident


def guess_language(text: str, languages: tuple[str, ...], *, latin_only: bool = False,
                   min_probability: float = MIN_PROBABILITY) -> str | None:
    """The most likely of ``languages`` for ``text`` (its first 2,000 characters), or None when
    the guesser is less sure than ``min_probability``. ``latin_only`` restricts the choice to
    Latin-script languages."""
    sample = text[:2000]
    if not sample.strip():
        return None
    choice = tuple(code for code in languages if code in _LATIN) if latin_only else languages
    code, prob = _identifier(choice).classify(sample)
    return str(code) if prob >= min_probability else None
