"""Sending replies to Telegram: retries, long texts split, the lean sendMessage, per-update caps."""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import ContextTypes
from telegram.warnings import PTBUserWarning

from ..conversation.model import TELEGRAM_TEXT_LIMIT, Button, Reply

log = logging.getLogger(__name__)
# send_html calls do_api_request("sendMessage") on purpose (see there): silence PTB's hint to use
# Bot.sendMessage instead, and only that one.
SEND_HINT = r"Please use 'Bot\.sendMessage' instead"  # PTB's wording; a contract test holds it
warnings.filterwarnings("ignore", message=SEND_HINT, category=PTBUserWarning)
SEND_ATTEMPTS = 4
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.buttons]
    )


async def with_retries(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Retry transient network failures; RetryAfter is waited out by AIORateLimiter first."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await call(*args, **kwargs)
        except RetryAfter as exc:
            if attempt == SEND_ATTEMPTS:
                raise
            wait = exc.retry_after
            await asyncio.sleep(wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait))
        except TimedOut:
            raise  # the request may have gone through: retrying could send it twice
        except NetworkError:
            if attempt == SEND_ATTEMPTS:
                raise
            await asyncio.sleep(0.2 * attempt)
    return None


async def send(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, reply_to: int | None = None
) -> int | None:
    """Send one reply; the id of the (first) message sent when Telegram says it, for a later edit."""
    bot = context.bot
    if reply.photo is not None:
        await with_retries(
            bot.send_photo,
            chat_id,
            photo=reply.photo,
            caption=reply.text[:1024],
            parse_mode=ParseMode.HTML,
            reply_markup=markup(reply),
        )
        return None
    if reply.document is not None:
        name, content = reply.document
        await with_retries(
            bot.send_document,
            chat_id,
            document=content,
            filename=name,
            caption=reply.text[:1024],
            parse_mode=ParseMode.HTML,
        )
        return None
    chunks = split_message(reply.text, TELEGRAM_TEXT_LIMIT)
    first: int | None = None
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent = await with_retries(
            send_html, bot, chat_id, chunk, reply.buttons if last else (), reply_to if i == 0 else None
        )
        first = sent if i == 0 else first
    return first if len(chunks) == 1 else None  # a split answer can't be replaced by one edit


async def send_html(
    bot: Bot, chat_id: int, text: str, buttons: tuple[tuple[Button, ...], ...] = (), reply_to: int | None = None
) -> int | None:
    """sendMessage from plain JSON. Not Bot.send_message: building PTB objects for the keyboard and
    parsing the sent Message back (which nothing here reads) took about a fifth of a busy bot's
    event-loop time. Bot.do_api_request (public) still applies the rate limiter and PTB's error types;
    PTB's defaults are not applied, which is why every option is set here."""
    data: dict[str, Any] = {
        "chat_id": chat_id,
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    if buttons:
        data["reply_markup"] = {
            "inline_keyboard": [[{"text": b.label, "callback_data": b.data} for b in row] for row in buttons]
        }
    if reply_to is not None:
        data["reply_parameters"] = {"message_id": reply_to}
    result = await bot.do_api_request("sendMessage", api_kwargs=data)
    return result.get("message_id") if isinstance(result, dict) else None


MAX_MESSAGES_PER_UPDATE = 4


async def send_all(update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply]) -> list[int | None]:
    chat = update.effective_chat
    assert chat is not None
    group = chat.type != ChatType.PRIVATE
    reply_to = update.effective_message.message_id if group and update.effective_message else None
    if len(replies) > MAX_MESSAGES_PER_UPDATE:  # no update may fan out into a burst (an audit saw 68 from one tap)
        log.warning("a reply of %d messages was cut to %d", len(replies), MAX_MESSAGES_PER_UPDATE)
    return [await send(context, chat.id, reply, reply_to) for reply in replies[:MAX_MESSAGES_PER_UPDATE]]


async def edit(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int | None, reply: Reply) -> None:
    """Edit a message the bot sent (a countdown tick). Without its id nothing is sent: a new message every
    few seconds would flood the chat, and the tick that matters (time is up) comes as a new message."""
    if message_id is None:
        return
    try:
        await with_retries(
            context.bot.edit_message_text,
            reply.text,
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup(reply),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:  # unchanged, or the user deleted the message: the next tick tries again
        log.info("edit of a scheduled message failed (%s)", exc.__class__.__name__)


def split_message(text: str, limit: int) -> list[str]:
    """Split a long message into chunks under `limit`, preferring paragraph then sentence breaks."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = max(rest.rfind(". ", 0, limit) + 1, rest.rfind(" ", 0, limit))
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks
