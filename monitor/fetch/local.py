"""``file:`` feeds: opt-in, regular files only, size-capped and read within the fetch deadline."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from monitor.errors import PermanentFetchError
from monitor.fetch.decode import TooLarge

FILE_SWITCH = "fetch.allow_file_urls"
# kernel views and devices: regular-looking files there (/proc/self/environ) are not feeds
PSEUDO_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))


def file_path(url: str) -> Path:
    """The local path of a ``file:`` URL; PermanentFetchError for a remote host or a relative path."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise PermanentFetchError(f"file: URL with a remote host {parts.netloc!r}", url=url)
    path = Path(unquote(parts.path))
    if not path.is_absolute():
        raise PermanentFetchError("file: URL without an absolute path", url=url)
    return path


def _read_regular(path: Path, limit: int, url: str) -> bytes:
    real = Path(os.path.realpath(path))
    if any(real == root or root in real.parents for root in PSEUDO_ROOTS):
        raise PermanentFetchError(f"refused: {real} is a system path, not a feed file", url=url)
    # O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on the open file
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise PermanentFetchError(f"refused: {real} is not a regular file", url=url)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"file larger than {limit} bytes", url=url)
    return data


async def read_file_url(url: str, *, allowed: bool, limit: int, deadline: float) -> bytes:
    """The bytes of a ``file:`` feed. Refused unless ``fetch.allow_file_urls`` is on; only
    regular files outside /proc, /sys and /dev; at most ``limit`` bytes, within ``deadline``."""
    if not allowed:
        raise PermanentFetchError(f"refused: file: feeds are off (set {FILE_SWITCH}: true to allow them)",
                                  url=url)
    path = file_path(url)
    try:
        async with asyncio.timeout(deadline):
            return await asyncio.to_thread(_read_regular, path, limit, url)
    except TimeoutError as exc:
        raise PermanentFetchError(f"file not read within the {deadline:g}s deadline", url=url) from exc
    except OSError as exc:
        raise PermanentFetchError(f"cannot read file: {exc.strerror or exc}", url=url) from exc
