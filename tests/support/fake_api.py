"""A small fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real Application.

It keeps a transcript per chat, hands updates to getUpdates (long polling) or POSTs them to a
registered webhook, and can inject faults: 429 RetryAfter, 5xx errors and dropped connections.
Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import ssl
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx
import tornado.httpserver
import tornado.netutil
import tornado.web

from .recording import decode_json_values

# Telegram's real descriptions, which PTB maps to its error types (403 -> Forbidden, 429 -> RetryAfter).
DESCRIPTIONS = {
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after 1",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class ApiError(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


BOT = {
    "id": 12345,
    "is_bot": True,
    "first_name": "LiftCoach",
    "username": "LiftCoachTestBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}


@dataclass
class BotMessage:
    message_id: int
    chat_id: int
    text: str
    reply_markup: dict | None = None
    kind: str = "text"  # text | photo | document
    edits: list[str] = field(default_factory=list)
    at: float = field(default_factory=time.monotonic)  # when the bot sent it (latency benchmarks)

    def buttons(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b.get("callback_data", "") for row in rows for b in row]


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on (for the bot's webhook server, or to be refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeBotApi:
    def __init__(self, token: str = "123456:TEST-TOKEN"):
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.transcript: dict[int, list[BotMessage]] = defaultdict(list)
        self.callback_answers: list[dict[str, Any]] = []
        self.inline_answers: list[dict[str, Any]] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {}
        self.webhook_deliveries: list[int] = []  # HTTP statuses of our webhook POSTs
        # Acting as the reverse proxy in front of several replicas: deliveries rotate over these.
        self.proxy_targets: list[str] = []
        self.slow_seconds = 2.0
        self._next_target = itertools.count()
        self._updates: list[dict[str, Any]] = []
        self._new_update = asyncio.Event()
        self._faults: dict[str, list[str]] = defaultdict(list)
        self.faults_served: dict[str, int] = defaultdict(int)  # per method: injected faults the bot has hit
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._server: tornado.httpserver.HTTPServer | None = None
        self._changed = asyncio.Condition()  # notified whenever the bot does something
        self._tasks: set[asyncio.Task] = set()
        self._webhook_client: httpx.AsyncClient | None = None  # shared: a client per POST costs ~30 ms of CPU
        self.webhook_ca: str | None = (
            None  # a CA file to trust for https webhooks (Telegram accepts self-signed certificates too)
        )
        self.files: dict[str, bytes] = {}  # file_id -> content: getFile and the file download URL serve these
        self.port = 0

    # --- lifecycle ------------------------------------------------------------
    async def start(self) -> FakeBotApi:
        api = self

        class Handler(tornado.web.RequestHandler):
            async def post(self, token: str, method: str) -> None:
                await api._handle(self, token, method)

            async def get(self, token: str, method: str) -> None:
                await api._handle(self, token, method)

        class FileHandler(tornado.web.RequestHandler):
            def get(self, token: str, file_id: str) -> None:  # https://api.telegram.org/file/bot<token>/<file_path>
                if token != api.token or file_id not in api.files:
                    self.set_status(404 if token == api.token else 401)
                    self.finish({"ok": False, "error_code": self.get_status(), "description": "Not Found"})
                    return
                self.finish(api.files[file_id])

        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        routes = [(r"/bot([^/]+)/(\w+)", Handler), (r"/file/bot([^/]+)/documents/([\w-]+)", FileHandler)]
        self._server = tornado.httpserver.HTTPServer(tornado.web.Application(routes))
        self._server.add_sockets(sockets)
        return self

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._webhook_client is not None:
            await self._webhook_client.aclose()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- faults -----------------------------------------------------------------
    def fail_next(self, method: str, kind: str, times: int = 1) -> None:
        """kind: "429", "403" (the user blocked the bot), "500", "502", "drop" (close the connection
        without answering) or "slow" (process the request, then answer only after the client has
        given up: a timeout)."""
        self._faults[method].extend([kind] * times)

    def clear_faults(self) -> None:
        self._faults.clear()

    # --- the API ----------------------------------------------------------------
    async def _handle(self, handler: tornado.web.RequestHandler, token: str, method: str) -> None:
        if token != self.token:
            handler.set_status(401)
            handler.finish({"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        params = self._params(handler)
        if self._faults.get(method):
            kind = self._faults[method].pop(0)
            self.faults_served[method] += 1
            if kind == "drop":
                handler.request.connection.stream.close()  # type: ignore[union-attr]
                return
            if kind == "slow":
                self.calls.append((method, params))
                result = await getattr(self, f"_{method}", self._true)(params)
                await asyncio.sleep(self.slow_seconds)  # bounded: longer than the client's timeout
                handler.finish({"ok": True, "result": result})
                return
            status = int(kind)
            handler.set_status(status)
            body: dict[str, Any] = {
                "ok": False,
                "error_code": status,
                "description": DESCRIPTIONS.get(status, "Internal Server Error"),
            }
            if status == 429:
                body["parameters"] = {"retry_after": 1}
            handler.finish(body)
            return
        self.calls.append((method, params))
        try:
            result = await getattr(self, f"_{method}", self._true)(params)
        except ApiError as exc:
            handler.set_status(exc.status)
            handler.finish({"ok": False, "error_code": exc.status, "description": exc.description})
            return
        handler.finish({"ok": True, "result": result})
        async with self._changed:
            self._changed.notify_all()

    @staticmethod
    def _params(handler: tornado.web.RequestHandler) -> dict[str, Any]:
        params: dict[str, Any] = {}
        content_type = handler.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and handler.request.body:
            params = json.loads(handler.request.body)
        else:
            for key, values in handler.request.body_arguments.items():
                params[key] = values[0].decode()
            for key, files in handler.request.files.items():
                params[key] = {"filename": files[0].filename, "size": len(files[0].body)}
        return decode_json_values(params)

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT

    async def _getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params["file_id"])
        if file_id not in self.files:  # as Telegram answers an unknown file id
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": f"documents/{file_id}",
        }

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=min(float(params.get("timeout") or 0), 1.0))
            except TimeoutError:
                pass
        return self._updates[: int(params.get("limit") or 100)]

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._record(params, str(params.get("text", "")), "text")

    async def _sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._record(params, str(params.get("caption", "")), "photo")

    async def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._record(params, str(params.get("caption", "")), "document")

    def _record(self, params: dict[str, Any], text: str, kind: str) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = BotMessage(next(self._ids), chat_id, text, params.get("reply_markup"), kind)
        self.transcript[chat_id].append(message)
        return self._message_json(message)

    async def _editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for message in self.transcript[chat_id]:
            if message.message_id == message_id:
                message.edits.append(message.text)
                message.text = str(params["text"])
                message.reply_markup = params.get("reply_markup")
                return self._message_json(message)
        return True

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.callback_answers.append(params)
        return True

    async def _answerInlineQuery(self, params: dict[str, Any]) -> bool:
        self.inline_answers.append(params)
        return True

    async def _setMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands = list(params.get("commands", []))
        return True

    async def _setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    async def _getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _message_json(self, m: BotMessage) -> dict[str, Any]:
        chat_type = "private" if m.chat_id > 0 else "supergroup"
        data: dict[str, Any] = {
            "message_id": m.message_id,
            "date": int(time.time()),
            "chat": {"id": m.chat_id, "type": chat_type},
            "from": BOT,
        }
        if m.kind == "text":
            data["text"] = m.text
        else:
            data["caption"] = m.text
        if m.reply_markup:
            data["reply_markup"] = m.reply_markup
        return data

    # --- scripted users -----------------------------------------------------------
    async def _deliver(self, update: dict[str, Any], copies: int = 1) -> None:
        if self.webhook:
            for _ in range(copies):  # copies > 1: the same update reaches several replicas
                url = (
                    self.proxy_targets[next(self._next_target) % len(self.proxy_targets)]
                    if self.proxy_targets
                    else self.webhook["url"]
                )
                task = asyncio.create_task(self._post_webhook(update, url))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        else:
            self._updates.append(update)
            self._new_update.set()

    async def _post_webhook(self, update: dict[str, Any], url: str) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook.get("secret_token") or ""}
        if self._webhook_client is None:
            self._webhook_client = httpx.AsyncClient(
                timeout=5, verify=ssl.create_default_context(cafile=self.webhook_ca) if self.webhook_ca else True
            )
        for attempt in range(3):  # Telegram retries failed deliveries; we do it a bounded number of times
            try:
                response = await self._webhook_client.post(url, json=update, headers=headers)
                self.webhook_deliveries.append(response.status_code)
                if response.status_code == 200:
                    return
            except httpx.HTTPError:
                self.webhook_deliveries.append(0)
            await asyncio.sleep(0.1 * (attempt + 1))

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": "en"}

    async def user_sends(
        self, user_id: int, text: str, *, chat_id: int | None = None, chat_type: str = "private", copies: int = 1
    ) -> int:
        chat_id = chat_id if chat_id is not None else user_id
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "from": self._user(user_id),
            "chat": {"id": chat_id, "type": chat_type},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        update_id = next(self._update_ids)
        await self._deliver({"update_id": update_id, "message": message}, copies)
        return update_id

    async def post_update(self, body: dict[str, Any]) -> int:
        """Deliver any update shape (channel posts, captions, business messages...); returns its update_id."""
        update_id = next(self._update_ids)
        await self._deliver({"update_id": update_id, **body})
        return update_id

    def new_message_id(self) -> int:
        return next(self._ids)

    async def user_sends_document(self, user_id: int, file_name: str, content: bytes) -> int:
        file_id = f"doc{next(self._ids)}"
        self.files[file_id] = content
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "from": self._user(user_id),
            "chat": {"id": user_id, "type": "private"},
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": file_name,
                "mime_type": "text/csv",
                "file_size": len(content),
            },
        }
        return await self.post_update({"message": message})

    async def user_presses(self, user_id: int, message: BotMessage, data: str) -> int:
        update_id = next(self._update_ids)
        query = {
            "id": f"cq{update_id}",
            "from": self._user(user_id),
            "chat_instance": str(message.chat_id),
            "data": data,
            "message": self._message_json(message),
        }
        await self._deliver({"update_id": update_id, "callback_query": query})
        return update_id

    async def user_inline_query(self, user_id: int, query: str) -> int:
        update_id = next(self._update_ids)
        await self._deliver(
            {
                "update_id": update_id,
                "inline_query": {"id": f"iq{update_id}", "from": self._user(user_id), "query": query, "offset": ""},
            }
        )
        return update_id

    # --- waiting ------------------------------------------------------------------
    async def wait_for(self, predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
        """Wait (bounded) until predicate() holds, re-checking whenever the bot calls the API."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("timed out waiting for the bot")
                try:
                    await asyncio.wait_for(self._changed.wait(), timeout=min(left, 0.25))
                except TimeoutError:
                    pass

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10.0) -> list[BotMessage]:
        await self.wait_for(lambda: len(self.transcript[chat_id]) >= count, timeout)
        return self.transcript[chat_id]
