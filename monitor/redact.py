"""Hide credentials in URLs (user:pass@, ?apikey=, token=...) wherever a URL is shown or logged.

``hide_credentials`` is the one function every output uses (logs, ``feeds list``, last errors,
OPML export, operator notices, the database URL in the startup log); the URL actually fetched or
connected to keeps its credentials. Linear in the input: no regex with nested repetition.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, unquote

MASK = "***"
# a query or fragment parameter is secret when its name, cut at - _ . and lower-cased, has one of
# these parts (api_key, X-Api-Key, access_token, auth, sig ...) or contains one of SECRET_INFIXES
SECRET_PARTS = frozenset({
    "key", "apikey", "token", "secret", "password", "passwd", "pwd", "pass", "auth", "authorization",
    "signature", "sig", "session", "sessionid", "sid", "credential", "credentials", "jwt", "bearer",
    "otp", "cookie", "code", "hash",     # ?code= (Azure Functions keys, OAuth codes), ?hash= (signed links)
})
SECRET_INFIXES = ("token", "secret", "password", "passwd", "apikey", "credential", "signature")
# a URL inside free text: a short scheme (bounded, so a long run of letters costs linear time)
_URL_IN_TEXT = re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s'\"<>]+")
_NAME_PARTS = re.compile(r"[-_.\s]+")
NESTING = 3     # levels of URLs inside parameter values looked into (?url=https%3A%2F%2F...%3Ftoken%3D...)


def is_secret_parameter(name: str) -> bool:
    """Whether a query parameter called ``name`` is likely to carry a credential."""
    lowered = name.strip().lower()
    if any(infix in lowered for infix in SECRET_INFIXES):
        return True
    return any(part in SECRET_PARTS for part in _NAME_PARTS.split(lowered) if part)


def _mask_parameters(text: str, depth: int = 0) -> str:
    """``a=1&apikey=s`` -> ``a=1&apikey=***`` (``&`` and ``;`` separate parameters); a value that
    is itself a URL, percent-encoded or not (feed proxies and redirectors: ``?url=https%3A%2F%2Fh
    %2Frss%3Fapikey%3Ds``), is masked the same way, a few levels deep."""
    out: list[str] = []
    for piece in re.split(r"([&;])", text):
        name, eq, value = piece.partition("=")
        if eq and value and is_secret_parameter(name):
            out.append(f"{name}={MASK}")
        elif eq and value and depth < NESTING:
            out.append(f"{name}={_mask_nested(value, depth + 1)}")
        else:
            out.append(piece)
    return "".join(out)


def _mask_nested(value: str, depth: int) -> str:
    """``value`` with the credentials of a URL or query string inside it masked (re-encoded as
    it came, once); unchanged when there are none."""
    decoded = value
    for _ in range(NESTING):        # encoded once per redirector it went through
        if "%" not in decoded or unquote(decoded) == decoded:
            break
        decoded = unquote(decoded)
    if "://" in decoded or "?" in decoded or "#" in decoded:
        masked = _hide(decoded, depth)
    elif "=" in decoded:
        masked = _mask_parameters(decoded, depth)
    else:
        return value
    if masked == decoded:
        return value
    return masked if decoded == value else quote(masked, safe="*")


def hide_credentials(url: str) -> str:
    """``https://u:p@h/x?apikey=s&a=1`` -> ``https://***@h/x?apikey=***&a=1``.

    Keeps the scheme, host, port and path (what tells an operator which feed it is); masks the
    user info and every secret-looking query or fragment parameter."""
    return _hide(url, 0)


def _hide(url: str, depth: int) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    cut = len(rest)
    for ch in "/?#":
        at = rest.find(ch)
        if at != -1:
            cut = min(cut, at)
    netloc, tail = rest[:cut], rest[cut:]
    if "@" in netloc:
        netloc = MASK + "@" + netloc.rpartition("@")[2]
    tail, hash_, fragment = tail.partition("#")
    path, question, query = tail.partition("?")
    masked = path + question + _mask_parameters(query, depth) + hash_ + _mask_parameters(fragment, depth)
    return (scheme + sep if sep else "") + netloc + masked


def hide_credentials_in_text(text: str) -> str:
    """``text`` with every URL in it passed through ``hide_credentials``."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda m: hide_credentials(m.group(0)), text)


class CredentialFilter(logging.Filter):
    """A logging filter that passes each record's message through ``hide_credentials_in_text``
    (for libraries that log request URLs, such as httpx at INFO)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = hide_credentials_in_text(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        if record.exc_info and not record.exc_text:  # a traceback may quote a URL too
            record.exc_text = hide_credentials_in_text(logging.Formatter().formatException(record.exc_info))
        return True


def install_log_filter(*names: str, handlers: tuple[logging.Handler, ...] = ()) -> None:
    """Add a CredentialFilter to each named logger and each handler (once)."""
    for target in (*(logging.getLogger(name) for name in names), *handlers):
        if not any(isinstance(f, CredentialFilter) for f in target.filters):
            target.addFilter(CredentialFilter())
