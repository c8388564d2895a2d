"""Which feed URLs may be stored at all: the scheme and address checks of ``feeds add``, OPML
import and the config (pure; the fetcher checks every resolved address again)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from monitor.fetch.guard import ALLOW_ENV, is_public_address

MAX_URL_LENGTH = 2048          # the feeds.url column
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


class UnsafeURL(ValueError):
    """A feed URL that must not be stored; the message says why, without the URL's secrets."""


def _literal_address(host: str) -> str | None:
    """The address a literal host stands for, also in the legacy IPv4 forms that resolvers
    accept (``2130706433``, ``0x7f.1``, ``017700000001`` are 127.0.0.1); None for a name."""
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host.lower()):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def check_feed_url(url: str, *, allow_file: bool, allow_private: bool) -> str:
    """``url`` stripped, or UnsafeURL: only http(s) (``file:`` when ``allow_file``), a host name,
    no control characters, and no private, loopback or link-local literal address or local name
    unless ``allow_private``."""
    url = url.strip()
    if not url:
        raise UnsafeURL("empty URL")
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeURL(f"URL longer than {MAX_URL_LENGTH} characters")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        raise UnsafeURL("URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError as exc:
        raise UnsafeURL(f"malformed URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme == "file":
        if not allow_file:
            raise UnsafeURL("file: feeds are off (set fetch.allow_file_urls: true to allow them)")
        return url
    if scheme not in ("http", "https"):
        raise UnsafeURL(f"scheme {scheme + ':' if scheme else '(none)'} is not allowed: "
                        "a feed URL starts with http:// or https://")
    if not host:
        raise UnsafeURL("URL without a host")
    if not allow_private:
        local = host.rstrip(".").lower()
        literal = _literal_address(host)
        if (literal is not None and not is_public_address(literal)) or local in LOCAL_NAMES \
                or local.endswith(".localhost"):
            raise UnsafeURL(f"{host} is a private, loopback or link-local address (set "
                            f"fetch.allow_private_networks or {ALLOW_ENV}=1 to allow it)")
    return url
