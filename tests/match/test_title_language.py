"""A headline in another language than its text (an English URL slug over a Hindi article) gets the
cues of its own language, in the headline only; the text keeps the cues of its language."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match import Document
from monitor.match.cues import cue_languages
from monitor.match.document import Doc
from monitor.match.engine import cue_lexicon, title_languages
from monitor.match.normalize import fold_text
from monitor.match.types import Verdict
from tests.match.conftest import make_matcher

PAGERS: dict[str, Any] = {
    "id": "pagers", "title": "Taiwanese firm denies it made the exploding pagers",
    "claim": "The pagers that exploded in Lebanon were made by a Taiwanese company.",
    "entities": [{"name": "Lebanon", "aliases": ["लेबनान"]}],
    "keywords": [{"name": "pagers", "query": "pager* OR पेजर"}],
    "min_entities": 1,
}
HINDI = ("लेबनान और सीरिया के कुछ हिस्सों में सिलसिलेवार ढंग से हुए पेजर ब्लास्ट मामले से हर कोई हैरान है. "
         "इस हमले के बाद पेजर बनाने वाली ताइवानी कंपनी सुर्खियों में है.")


def _cues(title: str, text: str, language: str) -> dict[str, list[tuple[str, tuple[int, int]]]]:
    doc = Doc.build(Document(id="t", title=title, text=text, language=language))
    return cue_lexicon().find(doc, fold_text(f"{title}\n{text}"))


@pytest.mark.parametrize(("title", "text", "language", "want"), [
    ("taiwan firm denies making pagers that detonated in lebanon blast", HINDI, "hi", {"en"}),
    ("लेबनान में पेजर ब्लास्ट", HINDI, "hi", None),                 # the text's own language
    ("pager blasts", HINDI, "hi", None),                            # too short to tell
    # the same script as the text: not guessed (the text's cues already cover most such headlines)
    ("Mexico denies spying on journalists", "El gobierno niega haber espiado a periodistas.", "es", None),
])
def test_title_languages(title: str, text: str, language: str, want: set[str] | None) -> None:
    doc = Doc.build(Document(id="t", title=title, text=text, language=language))
    allowed = cue_languages(doc.lang)
    assert allowed is not None
    got = title_languages(doc, allowed)
    assert (set(got) if got else None) == want


def test_headline_cues_of_its_own_language_only_in_the_headline() -> None:
    title = "taiwan firm denies making pagers that detonated in lebanon blast"
    found = _cues(title, HINDI + " The company denies it.", "hi")
    denials = [span for text, span in found.get("denial", []) if text.startswith("den")]
    assert denials and all(span[0] < len(title.split()) for span in denials)


def test_english_slug_over_hindi_text_is_read_as_a_denial() -> None:
    matcher = make_matcher(PAGERS)
    doc = Document(id="d", title="taiwan firm denies making pagers that detonated in lebanon blast",
                   text=HINDI, language="hi")
    hits = matcher.classify(doc)
    assert [h.verdict for h in hits] == [Verdict.MATCH]
    plain = Document(id="p", title="taiwan firm makes pagers that detonated in lebanon blast", text=HINDI,
                     language="hi")
    assert [h.verdict for h in matcher.classify(plain)] == [Verdict.CONTRADICT]
