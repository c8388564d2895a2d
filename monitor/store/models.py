"""SQLAlchemy models: every piece of state that must survive a restart.

Ownership by stage: feeds/items/stories (fetch, parse, dedup), denials/hits (match),
deliveries/destinations/silences (alert). After changing a model, add an Alembic revision
(``python scripts/regen_migration.py "what changed"`` drafts one); released revisions are frozen.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def new_webhook_id() -> str:
    """``msg_`` and 128 random bits: unique per delivery across every database, forever."""
    return f"msg_{uuid.uuid4().hex}"


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Feed(Base):
    """A feed and its poll state."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    config_url: Mapped[str | None] = mapped_column(String(2048), index=True)  # as configured (301s move url)
    name: Mapped[str | None] = mapped_column(String(512))
    origin: Mapped[str] = mapped_column(String(16), default="config")  # config | cli | opml
    interval_seconds: Mapped[float | None] = mapped_column(Float)       # per-feed override
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(1024))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    item_digests: Mapped[bytes | None] = mapped_column(LargeBinary)   # the last body's items (parse/repeated.py)
    ttl_seconds: Mapped[float | None] = mapped_column(Float)          # from <ttl>/max-age/Expires
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)
    last_polled_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    error_streak: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    health: Mapped[str] = mapped_column(String(16), default="new")    # new|ok|degraded|broken
    broken_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    idle_polls: Mapped[int] = mapped_column(Integer, default=0)       # polls in a row with nothing new
    created_at: Mapped[datetime]
    # per-feed request options (config, `feeds add` options) and OPML metadata
    category: Mapped[str | None] = mapped_column(String(256))
    html_url: Mapped[str | None] = mapped_column(String(2048))
    request_headers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    auth_username: Mapped[str | None] = mapped_column(String(256))
    auth_password: Mapped[str | None] = mapped_column(String(1024))   # never shown or exported
    user_agent: Mapped[str | None] = mapped_column(String(512))
    # A replica that claimed the feed for this cycle; others skip it until the lease runs out
    lease_until: Mapped[datetime | None] = mapped_column(index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(64))


class Story(Base):
    """One story, seen in one or more items (syndicated copies, near-duplicates)."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_seen_at: Mapped[datetime] = mapped_column(index=True)
    last_seen_at: Mapped[datetime]
    sightings: Mapped[int] = mapped_column(Integer, default=1)
    # MinHash of its first sighting: near-duplicate checks read one row, whatever the story's size
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)


class Item(Base):
    """A normalised feed item (one sighting of a story)."""

    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("feed_id", "dedup_key", name="uq_items_feed_dedup"),
                      Index("ix_items_feed_fetched", "feed_id", "fetched_at"))   # items per day per feed

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    dedup_key: Mapped[str] = mapped_column(String(128))     # hash of guid, else link, else content
    guid: Mapped[str | None] = mapped_column(String(2048))
    link: Mapped[str | None] = mapped_column(String(2048))
    canonical_url: Mapped[str | None] = mapped_column(String(2048), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(16))
    published_at: Mapped[datetime | None]
    fetched_at: Mapped[datetime] = mapped_column(index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)


class Denial(Base):
    """A denial as last loaded from the config (kept so hits stay readable)."""

    __tablename__ = "denials"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    claim: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2048))
    config_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class Hit(Base):
    """An item that relates to a denial, with its verdict and evidence."""

    __tablename__ = "hits"
    __table_args__ = (UniqueConstraint("item_id", "denial_id", name="uq_hits_item_denial"),
                      # covering indexes of the console's per-denial counts (no row reads at 100,000 hits)
                      Index("ix_hits_denial_verdict", "denial_id", "verdict"),
                      Index("ix_hits_created_denial_verdict", "created_at", "denial_id", "verdict"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    denial_id: Mapped[str] = mapped_column(ForeignKey("denials.id"), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    verdict: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(index=True)


class Delivery(Base):
    """Outbox: one row per (hit, destination), or per operator notice; written with the hit."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hit_id: Mapped[int | None] = mapped_column(ForeignKey("hits.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="hit")      # hit | notice
    destination: Mapped[str] = mapped_column(String(256), index=True)
    # one row per (hit, destination) or notice: a second insert of the same one fails
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    # the webhook-id: random when the row is created, so unique across databases, and stored, so
    # the same on every try
    webhook_id: Mapped[str] = mapped_column(String(64), unique=True, index=True, default=new_webhook_id)
    # pending | sent | dead (dead-lettered) | silenced | folded (syndicated copy already announced)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # webhook-id of the message this row is sent in; set once when its group is formed, then fixed
    batch_key: Mapped[str | None] = mapped_column(String(128), index=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)          # for notices
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class Destination(Base):
    """Per-destination state: disabled for good, rate limiting."""

    __tablename__ = "destinations"

    name: Mapped[str] = mapped_column(String(256), primary_key=True)
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    blocked_until: Mapped[datetime | None]     # Retry-After of the whole destination
    last_sent_at: Mapped[datetime | None]
    config_hash: Mapped[str | None] = mapped_column(String(64))  # config when disabled; change re-enables
    failure_streak: Mapped[int] = mapped_column(Integer, default=0)


class Silence(Base):
    """Mute a denial, feed or destination until a time."""

    __tablename__ = "silences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[str] = mapped_column(String(16))     # denial | feed | destination
    value: Mapped[str] = mapped_column(String(2048))
    until: Mapped[datetime]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class Review(Base):
    """An analyst's judgement of a hit; the newest per hit (``current``) is the hit's review state."""

    __tablename__ = "reviews"
    # at most one current review per hit (migration 0006); add_review locks the hit row before writing
    __table_args__ = (Index("ix_reviews_current", "hit_id", "current"),
                      Index("ux_reviews_one_current", "hit_id", unique=True, sqlite_where=text("current"),
                            postgresql_where=text("current")))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hit_id: Mapped[int] = mapped_column(ForeignKey("hits.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16))          # confirmed | false_positive | wrong_verdict
    right_verdict: Mapped[str | None] = mapped_column(String(16))   # with wrong_verdict: the right one
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(128))
    current: Mapped[bool] = mapped_column(Boolean, default=True)    # False once a newer review exists
    created_at: Mapped[datetime]


class ConsoleLogin(Base):
    """A console login: the session cookie carries its secret, the database keeps its hash. Logging
    out deletes the row, so a copy of the cookie stops working too (and on every replica)."""

    __tablename__ = "console_logins"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)   # sha256 hex of the cookie's secret
    user: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
