"""``denials suggest``: propose a denial rule from an official statement or a headline (an analyst tool).

The speaker of the denial becomes the ``denier``; names in the claim clause become claim entities
in base form; denial wording becomes cues; the claim's event becomes a keyword group, written as an
event concept of the match engine's language packs where one fits. See docs/rules.md.
"""

from __future__ import annotations

from monitor.suggest.propose import suggest_denial

__all__ = ["suggest_denial"]
