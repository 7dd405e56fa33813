"""The bot's HTTP servers (tornado): the public webhook, and /metrics on its own loopback address.

The webhook is on the internet, so it gives away as little as it can: the secret header is checked
as soon as the headers are in (a request without it is refused before its body is read), bodies
are limited to what a Telegram update can be, slow or half-open connections are dropped, and an
update Telegram could never send (an update_id outside 0..2^63-1) is refused with 400 instead of
failing to store and being retried for ever.
"""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

import orjson
import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST
from telegram import Update
from telegram.ext import Application
from tornado.http1connection import HTTP1Connection

from ..metrics import METRICS
from . import handlers

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # Telegram updates are a few KB; 1 MB leaves room for any real one
MAX_HEADER_BYTES = 16 * 1024
HEADER_TIMEOUT = 10.0  # seconds for a connection to send its request headers (half-open ones are dropped)
BODY_TIMEOUT = 10.0  # seconds for the body to arrive once the headers are in
MAX_UPDATE_ID = 2**63 - 1  # the update_inbox key is a signed 64-bit integer
GAUGE_CACHE_SECONDS = 10.0  # gauges run a COUNT: at most once per this many seconds, however often scraped


def secret_matches(expected: str, received: str | None) -> bool:
    """Constant-time comparison, so the secret can't be guessed byte by byte from timings."""
    return received is not None and hmac.compare_digest(expected.encode(), received.encode())


def valid_update_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_UPDATE_ID


class WebhookServer:
    """POST /telegram (secret-checked) feeds the update queue; GET /healthz says whether the bot runs."""

    def __init__(
        self,
        application: Application,
        secret: str,
        listen: str,
        port: int,
        *,
        header_timeout: float = HEADER_TIMEOUT,
        body_timeout: float = BODY_TIMEOUT,
        max_body: int = MAX_UPDATE_BYTES,
    ):
        from .runner import INBOX_KEY

        app_ref, secret_ref = application, secret

        @tornado.web.stream_request_body
        class UpdateHandler(tornado.web.RequestHandler):
            def prepare(self) -> None:  # the headers are in; the body is not read yet
                self._chunks: list[bytes] = []
                if self.request.method != "POST":
                    return
                if not secret_matches(secret_ref, self.request.headers.get(SECRET_HEADER)):
                    self.set_status(403)
                    self.finish("forbidden")  # before reading a single byte of the body
                    return
                declared = self.request.headers.get("Content-Length")
                if declared is not None and (not declared.isdigit() or int(declared) > max_body):
                    self.set_status(413)
                    self.finish("too large")
                    return
                connection = self.request.connection
                assert isinstance(connection, HTTP1Connection)  # tornado's HTTP/1 server: the only one we run
                connection.set_max_body_size(max_body)  # also bounds chunked bodies

            def data_received(self, chunk: bytes) -> None:
                self._chunks.append(chunk)

            async def post(self) -> None:
                try:
                    data = orjson.loads(b"".join(self._chunks))
                    if not isinstance(data, dict) or not valid_update_id(data.get("update_id")):
                        raise ValueError(
                            "update_id must be an integer from 0 to 2^63-1"
                        )  # else storing it fails: 503 for ever
                    update = Update.de_json(data, app_ref.bot)
                except Exception:
                    self.set_status(400)
                    self.finish("bad update")
                    return
                try:  # stored before we answer 200: once Telegram hears "ok", the update is ours to keep
                    fresh = await app_ref.bot_data[INBOX_KEY].accept([update])
                except Exception:
                    log.exception("could not store an update; Telegram will deliver it again")
                    self.set_status(503)
                    self.finish("try again")
                    return
                for new in fresh:  # a duplicate delivery is answered "ok" and dropped
                    await app_ref.update_queue.put(new)
                self.finish("ok")

        class HealthHandler(tornado.web.RequestHandler):
            def get(self) -> None:
                healthy = app_ref.running
                self.set_status(200 if healthy else 503)
                self.finish({"status": "ok" if healthy else "starting"})

        self._app = tornado.web.Application([(WEBHOOK_PATH, UpdateHandler), ("/healthz", HealthHandler)])
        self.listen, self.port = listen, port
        self._options: dict[str, Any] = {
            "idle_connection_timeout": header_timeout,
            "body_timeout": body_timeout,
            "max_body_size": max_body,
            "max_header_size": MAX_HEADER_BYTES,
        }
        self._server: Any = None

    def start(self) -> None:
        self._server = self._app.listen(self.port, address=self.listen, **self._options)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()


class MetricsServer:
    """GET /metrics (Prometheus text format) on its own address, loopback by default; gauges cached."""

    def __init__(self, application: Application, listen: str, port: int):
        cache: dict[str, Any] = {"at": float("-inf"), "gauges": {}}

        class MetricsHandler(tornado.web.RequestHandler):
            async def get(self) -> None:
                now = time.monotonic()
                if now - cache["at"] >= GAUGE_CACHE_SECONDS:
                    coach = application.bot_data.get(handlers.COACH_KEY)
                    cache["gauges"] = await coach.gauges() if coach is not None else {}
                    cache["at"] = now
                self.set_header("Content-Type", CONTENT_TYPE_LATEST)
                self.finish(METRICS.render(cache["gauges"]))

        self._app = tornado.web.Application([("/metrics", MetricsHandler)])
        self.listen, self.port = listen, port
        self._server: Any = None

    def start(self) -> None:
        self._server = self._app.listen(
            self.port,
            address=self.listen,
            idle_connection_timeout=HEADER_TIMEOUT,
            body_timeout=BODY_TIMEOUT,
            max_body_size=64 * 1024,
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()


__all__ = ["MAX_UPDATE_BYTES", "MetricsServer", "WEBHOOK_PATH", "WebhookServer", "secret_matches", "valid_update_id"]
