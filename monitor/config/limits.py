"""Config schema of the per-item caps applied to feed text before anything parses or matches it."""

from __future__ import annotations

from pydantic import Field

from monitor.config.base import Strict


class ItemLimits(Strict):
    """Caps per feed item. A longer field is cut (the start is kept) and the cut is logged;
    matching needs only the first part of an article. See docs/security.md."""

    title_chars: int = Field(default=1_000, ge=100, le=100_000)        # headline kept, after tags are stripped
    text_chars: int = Field(default=20_000, ge=1_000, le=1_000_000)    # body text kept, after tags are stripped
    item_bytes: int = Field(default=256 * 1024, ge=16 * 1024, le=16 * 1024 * 1024)  # markup read per item
