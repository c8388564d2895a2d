"""Config schema of alert destinations (notifiers) and delivery."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field

from monitor.config.base import Duration, Strict


class RouteConfig(Strict):
    """Which hits go to a destination."""

    verdicts: list[Literal["match", "contradict", "mention"]] = Field(
        default_factory=lambda: ["match", "contradict"])
    denials: list[str] = Field(default_factory=list)    # empty = all
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)


class _NotifierBase(Strict):
    name: str | None = None                 # default: the type, numbered if repeated
    route: RouteConfig = Field(default_factory=RouteConfig)


class ConsoleNotifier(_NotifierBase):
    type: Literal["console"]


class WebhookNotifier(_NotifierBase):
    type: Literal["webhook"]
    url: str = Field(min_length=1)
    secret: str | list[str] | None = None   # whsec_... ; a list for rotation (first signs)
    timeout: Duration = timedelta(seconds=10)


class SlackNotifier(_NotifierBase):
    type: Literal["slack"]
    url: str = Field(min_length=1)
    timeout: Duration = timedelta(seconds=10)


NotifierConfig = Annotated[ConsoleNotifier | WebhookNotifier | SlackNotifier,
                           Field(discriminator="type")]


class DeliveryConfig(Strict):
    """How the delivery loop runs."""

    interval: Duration = timedelta(seconds=5)
    batch_size: int = Field(default=50, gt=0)
    lease: Duration = timedelta(minutes=2)
