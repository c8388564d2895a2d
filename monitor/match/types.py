"""Types the match stage takes and returns: documents in, hits with evidence out."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol


class Verdict(enum.StrEnum):
    """How an item relates to a denial (see shared VERDICTS.md)."""

    MATCH = "match"            # reports or echoes the denial
    CONTRADICT = "contradict"  # repeats or asserts the denied claim as true
    MENTION = "mention"        # about the claim, no clear stance


@dataclass(frozen=True, slots=True)
class Document:
    """One item to classify: plain text, no HTML."""

    id: str
    title: str
    text: str
    url: str | None = None
    language: str | None = None
    published: datetime | None = None
    feed: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One span that counted towards a hit."""

    kind: Literal["entity", "keyword", "cue", "hedge"]
    term: str                    # what the rule asked for (canonical entity name, query term, cue)
    field: Literal["title", "text"]
    start: int                   # character offsets into Document.title or Document.text
    end: int
    snippet: str                 # a short window of the original text around the span

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "term": self.term, "field": self.field,
                "start": self.start, "end": self.end, "snippet": self.snippet}


@dataclass(frozen=True, slots=True)
class Hit:
    """A document that relates to a denial."""

    denial_id: str
    verdict: Verdict
    score: float                 # 0..1
    reason: str                  # one line, for humans
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {"denial": self.denial_id, "verdict": self.verdict.value, "score": round(self.score, 3),
                "reason": self.reason, "evidence": [e.to_dict() for e in self.evidence]}


class Matcher(Protocol):
    """All denials compiled into one matcher."""

    def classify(self, doc: Document) -> list[Hit]:
        """Return the hits for ``doc`` (at most one per denial), best first. Never raises on text."""
        ...

    @property
    def denial_ids(self) -> Sequence[str]:
        ...
