"""The matcher's per-process caches stay under their caps, and a full one under its memory budget,
on real multilingual news (the corpora of tests/corpus/real)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.match import Document
from monitor.match import document as document_mod
from monitor.match.document import GUESS_SAMPLE, Doc
from monitor.match.lang import codes
from monitor.match.lang import guess as guess_mod

CORPORA = Path(__file__).resolve().parents[1] / "corpus" / "real"
BUDGET = 8_000_000        # bytes a full cache may hold (a poll process stays under 250 MB)


def corpus_items() -> Iterator[tuple[str, str, str]]:
    for path in sorted(CORPORA.glob("*/*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    item = json.loads(line)
                    yield item.get("title") or "", item.get("text") or "", item.get("language") or "en"


def deep_size(cache: dict[Any, Any]) -> int:
    """The dict with its table, and every key and value (tuples opened), each object counted once."""
    seen: set[int] = set()
    total = sys.getsizeof(cache)

    def add(obj: object) -> None:
        nonlocal total
        if id(obj) not in seen:
            seen.add(id(obj))
            total += sys.getsizeof(obj)
            if isinstance(obj, tuple):
                for part in obj:
                    add(part)

    for key, value in cache.items():
        add(key)
        add(value)
    return total


def fill(cache: dict[Any, Any], cap: int, step: Any) -> int:
    """Run ``step`` on corpus items until ``cache`` has been emptied at its cap twice, checking its
    size after every item; returns its bytes per entry once nine tenths full."""
    cleared, largest, per_entry = 0, 0, 0.0
    for title, text, language in corpus_items():
        before = len(cache)
        step(title, text, language)
        assert len(cache) <= cap
        cleared += len(cache) < before
        largest = max(largest, len(cache))
        if not per_entry and len(cache) >= cap * 0.9:
            per_entry = deep_size(cache) / len(cache)
        if cleared == 2:
            break
    assert cleared == 2, f"the corpora never filled the cache ({largest} of {cap})"
    return round(per_entry)


def test_text_keys_stay_under_their_cap_and_budget() -> None:
    cache, cap = document_mod._TEXT_KEYS, document_mod._MAX_TEXT_KEYS
    cache.clear()

    def build(title: str, text: str, language: str) -> None:
        Doc.build(Document(id="x", title=title, text=text, language=language))

    per_entry = fill(cache, cap, build)
    assert 100 < per_entry < 300, per_entry       # measured: 150-165 with the table
    assert per_entry * cap <= BUDGET, (per_entry, cap)
    assert Doc.build(Document(id="x", title="Ministry denies talks", text="", language="en")).tokens


@pytest.fixture
def walker() -> Iterator[Any]:
    """The guesser's own walk cache (the one each guess of a packed language goes through)."""
    ident = guess_mod._identifier(codes())
    cells = [c.cell_contents for c in type(ident)._raw_score.__closure__ or ()]
    (found,) = [c for c in cells if isinstance(c, guess_mod._WalkCache)]
    found._walks.clear()
    yield found


def test_language_walks_stay_under_their_cap_and_budget(walker: Any) -> None:
    from monitor.match.lang import guess_packed

    cap = guess_mod._MAX_WALKS

    def guess(title: str, text: str, _language: str) -> None:
        guess_packed(title + "\n" + text[:GUESS_SAMPLE])

    per_entry = fill(walker._walks, cap, guess)
    assert 300 < per_entry < 900, per_entry       # measured: 570-590 with the table
    assert per_entry * cap <= BUDGET, (per_entry, cap)
