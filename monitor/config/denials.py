"""Config schema of an official denial and its rules (see docs/rules.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from monitor.config.base import Duration, Name, Strict


class EntityConfig(Strict):
    """A named entity: one canonical name and aliases in any script (one base form each)."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    # 'claim': part of the denied claim; 'denier': the denying official or body (its presence as
    # speaker is a denial cue, it does not count towards min_entities)
    role: Literal["claim", "denier"] = "claim"


class KeywordGroup(Strict):
    """A named boolean query (AND OR NOT ( ) "phrase" wild* NEAR/n ONEAR/n title: text:)."""

    name: Name
    query: str = Field(min_length=1)
    required: bool = True


class CueConfig(Strict):
    """Extra wording, added to the built-in lexicons for this denial only."""

    denial: list[str] = Field(default_factory=list)
    hedge: list[str] = Field(default_factory=list)


class WindowConfig(Strict):
    """Items published outside [date - before, date + after] are not checked."""

    before: Duration | None = None
    after: Duration | None = None


VerdictName = Literal["match", "contradict", "mention"]


def _default_alert_verdicts() -> list[VerdictName]:
    return ["match", "contradict"]


class AlertThresholds(Strict):
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)
    verdicts: list[VerdictName] = Field(default_factory=_default_alert_verdicts)


class DenialConfig(Strict):
    """One official denial: metadata, entities, keyword groups, thresholds and scope."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str = Field(min_length=1)
    claim: str = Field(min_length=1)
    source: str | None = None              # the denying official or body
    date: dt.date | None = None            # when the denial was issued
    url: str | None = None                 # where the denial was published
    expires: dt.date | None = None
    entities: list[EntityConfig] = Field(default_factory=list)
    keywords: list[KeywordGroup] = Field(default_factory=list)
    query: str | None = None               # optional overall boolean query, must also match
    min_entities: int | None = Field(default=None, ge=0)  # default: min(2, claim entities)
    languages: list[str] = Field(default_factory=list)     # empty = any
    feeds: list[str] = Field(default_factory=list)         # feed names; empty = any
    window: WindowConfig | None = None
    cues: CueConfig = Field(default_factory=CueConfig)
    alert: AlertThresholds = Field(default_factory=AlertThresholds)
