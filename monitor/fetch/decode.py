"""Content decoding with a size limit that holds after decompression (gzip, deflate, br)."""

from __future__ import annotations

import zlib

import brotli

from monitor.errors import PermanentFetchError


class TooLarge(PermanentFetchError):
    """The body exceeds the configured maximum (raw or decompressed)."""


class LimitedDecoder:
    """Decodes one Content-Encoding chunk by chunk and stops at ``limit`` output bytes."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self.limit = limit
        self.url = url
        self.size = 0
        self._encoding = encoding.strip().lower()
        self._zlib: zlib._Decompress | None = None
        self._brotli: brotli.Decompressor | None = None
        self._deflate_probe = False
        if self._encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._encoding == "deflate":
            self._zlib = zlib.decompressobj()
            self._deflate_probe = True
        elif self._encoding == "br":
            self._brotli = brotli.Decompressor()
        elif self._encoding not in ("", "identity"):
            raise PermanentFetchError(f"unsupported Content-Encoding {encoding!r}", url=url)

    def _account(self, out: bytes) -> bytes:
        self.size += len(out)
        if self.size > self.limit:
            raise TooLarge(f"body larger than {self.limit} bytes after decompression", url=self.url)
        return out

    def feed(self, chunk: bytes) -> bytes:
        """Decode ``chunk``; raises TooLarge once the output passes the limit."""
        try:
            if self._zlib is not None:
                return self._feed_zlib(chunk)
            if self._brotli is not None:
                return self._feed_brotli(chunk)
        except (zlib.error, brotli.error) as exc:
            raise PermanentFetchError(f"corrupt {self._encoding} body: {exc}", url=self.url) from exc
        return self._account(chunk)

    def _feed_zlib(self, chunk: bytes) -> bytes:
        assert self._zlib is not None
        if self._deflate_probe:
            self._deflate_probe = False
            if chunk and (chunk[0] & 0x0F) != 8:  # raw deflate without the zlib header
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        room = self.limit - self.size + 1
        out = self._zlib.decompress(chunk, room)
        if self._zlib.unconsumed_tail:
            raise TooLarge(f"body larger than {self.limit} bytes after decompression", url=self.url)
        return self._account(out)

    def _feed_brotli(self, chunk: bytes) -> bytes:
        assert self._brotli is not None
        room = self.limit - self.size + 1
        out: bytes = self._brotli.process(chunk, output_buffer_limit=room)
        self._account(out)
        if not self._brotli.can_accept_more_data():
            raise TooLarge(f"body larger than {self.limit} bytes after decompression", url=self.url)
        return out

    def flush(self) -> bytes:
        if self._zlib is not None:
            return self._account(self._zlib.flush())
        return b""
