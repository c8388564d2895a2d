"""The JSON API's response and request models (they make its OpenAPI document)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

API_TEXT_MAX = 20_000
Verdict = Literal["match", "contradict", "mention"]
State = Literal["confirmed", "false_positive", "wrong_verdict"]


class Evidence(BaseModel):
    kind: str
    term: str
    field: str
    start: int
    end: int
    snippet: str


class Review(BaseModel):
    state: State
    right_verdict: Verdict | None
    reviewer: str
    note: str
    created_at: datetime


class Story(BaseModel):
    id: int
    outlets: int
    copies: int
    first_seen: datetime
    last_seen: datetime


class Hit(BaseModel):
    id: int
    created_at: datetime
    denial: str
    verdict: Verdict
    score: float
    reason: str
    evidence: list[Evidence]
    item_id: int
    title: str
    text: str = Field(description=f"the item's text, first {API_TEXT_MAX} characters")
    link: str | None = Field(description="only http(s) links; others are null")
    language: str | None
    feed: str
    published_at: datetime | None
    story: Story | None
    review: Review | None


class HitPage(BaseModel):
    items: list[Hit]
    next_cursor: str | None


class HitDetail(Hit):
    reviews: list[Review]


class ReviewIn(BaseModel):
    state: State
    right_verdict: Verdict | None = None
    note: str = Field(default="", max_length=4000)


class ReviewOut(Review):
    id: int
    hit_id: int


class ReviewPage(BaseModel):
    items: list[ReviewOut]
    next_cursor: str | None


class Denial(BaseModel):
    id: str
    title: str
    claim: str
    source: str | None
    url: str | None
    hits: dict[str, int]
    reviewed: int
    confirmed: int
    false_positive: int
    wrong_verdict: int
    precision: float | None


class Feed(BaseModel):
    id: int
    name: str | None
    url: str
    enabled: bool
    health: str
    last_polled_at: datetime | None
    last_success_at: datetime | None
    error_streak: int
    last_error: str | None
    items_per_day: float


class Delivery(BaseModel):
    id: int
    hit_id: int | None
    kind: str
    destination: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    last_status: int | None
    created_at: datetime
    sent_at: datetime | None


class DeliveryPage(BaseModel):
    items: list[Delivery]
    next_cursor: str | None
