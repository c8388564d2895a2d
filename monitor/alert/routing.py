"""Routing: which destinations a hit goes to (pure; no I/O)."""

from __future__ import annotations

from monitor.config.model import Config
from monitor.config.notifiers import RouteConfig
from monitor.match.types import Hit


def route_accepts(route: RouteConfig, hit: Hit) -> bool:
    """Whether one destination's route takes ``hit`` (verdict, denial, minimum score)."""
    if hit.verdict.value not in route.verdicts:
        return False
    if route.denials and hit.denial_id not in route.denials:
        return False
    return hit.score >= route.min_score


def denial_alerts(hit: Hit, config: Config) -> bool:
    """Whether the denial's own alert thresholds let ``hit`` through (unknown denial: yes)."""
    for denial in config.denials:
        if denial.id == hit.denial_id:
            return hit.verdict.value in denial.alert.verdicts and hit.score >= denial.alert.min_score
    return True


def destinations_for(hit: Hit, config: Config) -> list[str]:
    """Names of the notifiers that should be told about ``hit``, in config order."""
    if not denial_alerts(hit, config):
        return []
    names = config.notifier_names()
    return [name for name, notifier in zip(names, config.notifiers, strict=True)
            if route_accepts(notifier.route, hit)]
