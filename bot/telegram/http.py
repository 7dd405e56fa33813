"""An aiohttp transport for python-telegram-bot, on its public `BaseRequest` interface (timeouts left
unset arrive as `BaseRequest.DEFAULT_NONE`, which PTB documents to compare with `is`).

Why: profiling the bot under load showed the default httpx transport spending about 40% of
the event loop's time in connection-pool bookkeeping per request; aiohttp does the same job
for a fraction of the CPU (numbers in the README's benchmark section).
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import orjson
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON_HEADERS = {"Content-Type": "application/json"}
BOT_PATH = re.compile(r"/(bot|file/bot)[^/\s]+")


def redact_token(text: str) -> str:
    """Bot API URLs carry the token (/bot<token>/method); error texts must not."""
    return BOT_PATH.sub(lambda m: f"/{m.group(1)}<token>", text)


class AiohttpRequest(BaseRequest):
    """One aiohttp session per request object; PTB creates one for getUpdates and one for the rest."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 64,
        read_timeout: float | None = 20.0,
        write_timeout: float | None = 20.0,
        connect_timeout: float | None = 10.0,
        pool_timeout: float | None = 10.0,
        media_write_timeout: float | None = 60.0,
    ):
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError as exc:
            raise TelegramError("Invalid server response") from exc

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = self._read_timeout if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout
        connect = self._connect_timeout if connect_timeout is BaseRequest.DEFAULT_NONE else connect_timeout
        pool = self._pool_timeout if pool_timeout is BaseRequest.DEFAULT_NONE else pool_timeout
        write = (
            (self._media_write_timeout if files else self._write_timeout)
            if write_timeout is BaseRequest.DEFAULT_NONE
            else write_timeout
        )
        # aiohttp has no separate write timeout: the whole exchange may take connect + write + read.
        total = None if None in (read, write, connect) else float(read or 0) + float(write or 0) + float(connect or 0)
        timeout = aiohttp.ClientTimeout(total=total, connect=pool, sock_connect=connect, sock_read=read)
        body, headers = self._body(request_data)
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(
                f"aiohttp.{exc.__class__.__name__}: {redact_token(str(exc))}"
            ) from None  # the cause's text may hold the URL

    @staticmethod
    def _body(request_data: RequestData | None) -> tuple[Any, dict[str, str] | None]:
        """JSON, or multipart when files are attached (the Bot API takes both). JSON rather than a
        form: URL-encoding every reply's text and keyboard was a visible slice of a busy bot's CPU."""
        if request_data is None:
            return None, None
        files = request_data.multipart_data
        if not files:
            parameters = request_data.parameters  # a property that rebuilds the dict on each access
            return (orjson.dumps(parameters), JSON_HEADERS) if parameters else (None, None)
        form = aiohttp.FormData()
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, (filename, content, mimetype) in files.items():
            form.add_field(name, content, filename=filename, content_type=mimetype)
        return form, None
