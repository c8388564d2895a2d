"""Fetch stage: download feeds politely and safely (limits, conditional GET, redirects)."""

from monitor.fetch.client import Conditional, Fetcher, FetchLimits, FetchResult, RequestOptions

__all__ = ["Conditional", "FetchLimits", "FetchResult", "Fetcher", "RequestOptions"]
