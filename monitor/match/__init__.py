"""The match stage: compile denial rules into one matcher and classify documents."""

from __future__ import annotations

from monitor.match.engine import RuleMatcher, compile_matcher
from monitor.match.types import Document, Evidence, Hit, Matcher, Verdict

__all__ = ["Document", "Evidence", "Hit", "Matcher", "RuleMatcher", "Verdict", "compile_matcher"]
