"""Fixtures of the alert tests: a scriptable receiver, a clock, a SQLite URL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.alert.helpers import Clock
from tests.alert.receiver import Receiver, receiver


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as server:
        yield server


@pytest.fixture
def hook2() -> Iterator[Receiver]:
    with receiver() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()
