"""python-telegram-bot handlers: small functions that translate between Telegram and the Coach."""

from __future__ import annotations

import html
import logging
import traceback
from collections import OrderedDict

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TimedOut
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from ..conversation.coach import Coach, parse_command
from ..conversation.model import Reply, User
from ..metrics import METRICS
from .alerts import ErrorThrottle, error_key, hide_sql_parameters
from .edge import READS_TEXT, SHARED_IDENTITY, clean_name, clean_text, is_shared_sender, message_text, unsupported
from .inbox import UpdateInbox
from .sending import NO_PREVIEW, markup, send, send_all, send_html, with_retries

log = logging.getLogger(__name__)
COACH_KEY = "coach"
ADMIN_CHAT_KEY = "admin_chat_id"
ALERTS_KEY = "admin_alerts"
ANSWERED_KEY = "answered"  # bot_data: (chat id, question message id) -> the answer's message id
ANSWERED_REMEMBERED = 10_000
ERROR_REPLY = "Sorry, something went wrong on my side. Please try that again in a moment."


def coach_of(context: ContextTypes.DEFAULT_TYPE) -> Coach:
    return context.application.bot_data[COACH_KEY]


def user_of(update: Update) -> User:
    u, chat = update.effective_user, update.effective_chat
    assert u is not None
    return User(id=u.id, chat_id=chat.id if chat else u.id, first_name=clean_name(u.first_name))


# --- commands ------------------------------------------------------------------
async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every command: the Coach parses and routes it. In a group, a command we don't know is answered
    only when addressed to us by name: it was probably meant for another bot."""
    message = update.effective_message
    if message is None or not message.text:
        return
    text = clean_text(message.text)
    coach = coach_of(context)
    parsed = parse_command(text, context.bot.username)
    if parsed is None:
        return  # addressed to another bot
    group = message.chat.type != ChatType.PRIVATE
    if group and not coach.knows(parsed.name) and "@" not in text.split()[0]:
        return
    replies = await coach.dispatch(user_of(update), text, message.message_id, bot_username=context.bot.username)
    await send_all(update, context, replies)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed text, or the caption of a photo: questions, typed sets, answers to a prompt."""
    message = update.effective_message
    if message is None:
        return
    text = message_text(message)
    if not text:
        return
    if message.chat.type != ChatType.PRIVATE:
        addressed = addressed_text(message, context.bot.username, context.bot.id)
        if addressed is None:
            return  # in groups we speak only when spoken to
        text = addressed
    replies = await coach_of(context).text(user_of(update), text, message_id=message.message_id)
    sent = await send_all(update, context, replies)
    if replies and replies[0].answers_question and sent and sent[0] is not None:
        answered = context.application.bot_data.setdefault(ANSWERED_KEY, OrderedDict())
        answered[(message.chat.id, message.message_id)] = sent[0]
        while len(answered) > ANSWERED_REMEMBERED:  # bounded: only recent questions can be re-answered on edit
            answered.popitem(last=False)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: an edited typed set corrects that set (✏️); an edited question gets its
    earlier answer replaced in place (not a second answer); other edits get no reply."""
    message = update.effective_message
    if message is None or is_shared_sender(message) or update.effective_user is None:
        return
    text = message_text(message)
    if message.chat.type != ChatType.PRIVATE:
        text = addressed_text(message, context.bot.username, context.bot.id) or ""
    if not text or text.startswith("/"):
        return
    corrected = await coach_of(context).edited_text(user_of(update), text, message.message_id)
    if corrected:
        await send_all(update, context, corrected)
        return
    answer_id = context.application.bot_data.get(ANSWERED_KEY, {}).get((message.chat.id, message.message_id))
    if answer_id is None:
        return
    answer = await coach_of(context).ask(user_of(update), text)
    try:
        await with_retries(
            context.bot.edit_message_text,
            answer.text,
            chat_id=message.chat.id,
            message_id=answer_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup(answer),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:  # e.g. "message is not modified" when the edit changed nothing we answer differently
        log.info("re-answering an edited question failed (%s)", exc.__class__.__name__)


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The message text without our @mention, or None if the message is not for us."""
    mention = f"@{username}".lower()
    captioned = message.text is None
    entities = message.caption_entities if captioned else message.entities
    parse = message.parse_caption_entity if captioned else message.parse_entity
    mentioned = any(e.type == MessageEntity.MENTION and parse(e).lower() == mention for e in entities or ())
    replied = (
        message.reply_to_message is not None
        and message.reply_to_message.from_user is not None
        and message.reply_to_message.from_user.id == bot_id
    )
    if not (mentioned or replied):
        return None
    text = message_text(message)
    if mentioned:
        text = " ".join(w for w in text.split() if w.lower() != mention)
    return text


MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_MEDIA = (
    filters.PHOTO
    | filters.Sticker.ALL
    | filters.VOICE
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.AUDIO
    | filters.ANIMATION
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
    | filters.Dice.ALL
)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.document is None or message.chat.type != ChatType.PRIVATE:
        return
    document = message.document
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await send_all(update, context, [Reply("That file is too big (over 5 MB).")])
        return
    file = await with_retries(document.get_file)
    data = bytes(await with_retries(file.download_as_bytearray))
    await send_all(
        update,
        context,
        await coach_of(context).document(user_of(update), clean_text(document.file_name) or "upload.csv", data),
    )


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo without a caption, a sticker, a voice note... in a private chat: one line, no guessing."""
    await send_all(update, context, [Reply(READS_TEXT)])


async def on_shared_sender(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An anonymous admin, a channel, or a channel post forwarded into its discussion group: many
    people share the id, so only questions are answered (under the chat's identity, never the shared
    user id) and personal features are declined in one line."""
    message = update.effective_message
    assert message is not None
    text = message_text(message)
    coach = coach_of(context)
    chat_id = message.chat.id
    who = User(id=message.sender_chat.id if message.sender_chat else chat_id, chat_id=chat_id, first_name="")
    if text.startswith("/"):
        parsed = parse_command(text, context.bot.username)
        if parsed is None:
            return  # addressed to another bot
        if coach.personal(parsed.name):
            await send_all(update, context, [Reply(SHARED_IDENTITY)])
        elif coach.knows(parsed.name):
            await send_all(update, context, await coach.command(who, parsed.name, parsed.args))
        return
    question = (
        addressed_text(message, context.bot.username, context.bot.id) if message.chat.type != ChatType.PRIVATE else text
    )
    if question:
        await send_all(update, context, [await coach.ask(who, question)])


async def ignore_unsupported(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if isinstance(update, Update) and unsupported(update):
        raise ApplicationHandlerStop  # channel posts and business updates: not ours to answer


class _SharedSender(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return is_shared_sender(message)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    message_id = query.message.message_id if query.message else None
    outcome = await coach_of(context).callback(
        user_of(update), clean_text(query.data), tap_id=query.id, message_id=message_id
    )
    await with_retries(query.answer, outcome.toast)
    chat_id = query.message.chat.id if query.message else query.from_user.id
    for reply in outcome.replies:
        if reply.edit and query.message is not None and reply.photo is None:
            try:
                await with_retries(
                    query.edit_message_text,
                    reply.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup(reply),
                    link_preview_options=NO_PREVIEW,
                )
                continue
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    continue
                log.info("edit failed (%s); sending a new message instead", exc.__class__.__name__)
        await send(context, chat_id, reply)


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    assert query is not None
    coach = coach_of(context)
    text = clean_text(query.query).strip()
    results = []
    if text:
        for result in await coach.inline_results(text):
            results.append(
                InlineQueryResultArticle(
                    id=result.id,
                    title=result.title,
                    description=result.description,
                    input_message_content=InputTextMessageContent(result.html, parse_mode=ParseMode.HTML),
                )
            )
    await with_retries(query.answer, results, cache_time=60, is_personal=False)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure, tell the user in one line, and notify the admin chat if configured."""
    error = context.error
    hide_sql_parameters(error)  # before it is logged or reported: no user data from SQL parameters
    if isinstance(error, Forbidden):
        log.info("user blocked the bot; nothing to tell them")
        return
    log.error("error while handling an update: %s", error.__class__.__name__, exc_info=error)
    if isinstance(error, TimedOut):
        return  # Telegram most likely delivered the reply; an "it went wrong" message would be a false alarm
    if (
        isinstance(update, Update)
        and update.effective_chat is not None
        and update.effective_chat.type != ChatType.CHANNEL
    ):
        try:
            await context.bot.send_message(update.effective_chat.id, ERROR_REPLY)
        except Exception:  # the error may be that Telegram is unreachable
            log.warning("could not tell the user about the error")
    admin_chat = context.application.bot_data.get(ADMIN_CHAT_KEY)
    throttle: ErrorThrottle = context.application.bot_data.setdefault(ALERTS_KEY, ErrorThrottle())
    repeats = throttle.admit(error_key(error)) if admin_chat else None
    if admin_chat and repeats is not None:  # the same error is reported at most once a minute
        trace = "".join(traceback.format_exception(error))[-3000:] if error else "(no exception)"
        also = f" (and {repeats} more time{'s' if repeats != 1 else ''} since the last report)" if repeats else ""
        try:
            await send_html(context.bot, admin_chat, f"⚠️ LiftCoach error{also}\n<pre>{html.escape(trace)}</pre>")
        except Exception:
            log.warning("could not notify the admin chat")


async def count_update(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    METRICS.updates.inc()


def register(
    application: Application, coach: Coach, admin_chat_id: int | None = None, *, inbox: UpdateInbox | None = None
) -> None:
    application.bot_data[COACH_KEY] = coach
    application.bot_data[ADMIN_CHAT_KEY] = admin_chat_id
    if inbox is not None:

        async def skip_duplicate(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
            """An update Telegram sent again (after a crash) is handled once, by the inbox replay."""
            if inbox.is_duplicate(update):
                raise ApplicationHandlerStop

        application.add_handler(TypeHandler(Update, skip_duplicate), group=-2)
    application.add_handler(TypeHandler(Update, ignore_unsupported), group=-3)
    application.add_handler(TypeHandler(Update, count_update), group=-1)  # sees every update first
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED, on_edited)
    )  # edits never reach the command or text handlers
    application.add_handler(MessageHandler(_SharedSender(), on_shared_sender))  # before anything personal
    application.add_handler(MessageHandler(filters.COMMAND, on_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))  # before captions: a CSV may have one
    application.add_handler(MessageHandler(filters.CAPTION, on_text))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & _MEDIA, on_media))
    application.add_handler(CallbackQueryHandler(on_callback))
    application.add_handler(InlineQueryHandler(on_inline_query))
    application.add_error_handler(on_error)
