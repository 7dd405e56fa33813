"""Build the python-telegram-bot Application and run it by long polling or webhook."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import UTC, datetime

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from ..composition import build_coach
from ..config import Settings, scale_out_enabled
from ..conversation.coach import COMMANDS, Coach
from ..conversation.flow import Notification
from ..logs import configure_logging
from ..memory import limit_malloc_arenas, release_free_memory_every
from ..storage.locks import PostgresUserLocks
from . import handlers, sending
from .fairness import SLOW_DOWN, UserRateLimiter
from .http import AiohttpRequest
from .inbox import InboxBot, UpdateInbox
from .ordering import PerUserOrderedProcessor
from .redaction import redact_secrets_in_logs
from .web import MetricsServer, WebhookServer, secret_matches

log = logging.getLogger(__name__)
TICK_SECONDS = 1.0  # rest timers: a ping is at most this late (plus the send); each tick is a few indexed reads
REPLAY_TICK_SECONDS = 30.0
# Updates handled at once (one user's are still in order). Too low and, under load, some users
# wait seconds for a free slot while others are served in milliseconds.
MAX_CONCURRENT_UPDATES = 256
SHUTDOWN_GRACE_SECONDS = 20.0  # within compose's 30 s stop_grace_period and systemd's default 90 s
MEMORY_TRIM_SECONDS = 300.0  # how often free heap pages go back to the OS (see release_free_memory)
INBOX_KEY = "inbox"
REMINDER_DRAIN_KEY = "reminder_drain"
REMINDER_BATCH = 50  # reminders claimed at a time; a crash mid-batch loses at most these
SINGLE_PROCESS_KEY = "single_process"


async def replay_unfinished_updates(application: Application, *, at_startup: bool = False) -> None:
    """Updates accepted by a process that died before handling them go through the queue again."""
    inbox: UpdateInbox = application.bot_data[INBOX_KEY]
    try:
        replayed = await inbox.unfinished(
            application.bot, at_startup=at_startup, single_process=application.bot_data[SINGLE_PROCESS_KEY]
        )
    except Exception:
        log.exception("could not read unfinished updates; will try again")
        return
    for update in replayed:
        await application.update_queue.put(update)


async def replay_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await replay_unfinished_updates(context.application)


async def send_due_timers(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue tick: rest timers and workout nudges (in the database, so a restart loses none).
    Never behind reminders: those drain in their own task, one send at a time."""
    coach: Coach = context.application.bot_data[handlers.COACH_KEY]
    notes = await coach.due_urgent(datetime.now(UTC))
    await asyncio.gather(*(_deliver(context, note) for note in notes))
    application = context.application
    drain = application.bot_data.get(REMINDER_DRAIN_KEY)
    if drain is None or drain.done():  # a reminder storm drains beside the ticks, never inside one
        application.bot_data[REMINDER_DRAIN_KEY] = application.create_task(
            drain_reminders(context), name="drain-reminders"
        )


async def drain_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send due reminders in bounded batches, one message at a time: each waits its turn at the rate
    limiter, so replies and rest pings get the capacity in between, and a storm of N reminders
    takes about N / (the send limit) seconds without ever holding up a tick."""
    coach: Coach = context.application.bot_data[handlers.COACH_KEY]
    while context.application.running:
        batch = await coach.due_bulk(datetime.now(UTC), limit=REMINDER_BATCH)
        if not batch:
            return
        for note in batch:
            await _deliver(context, note)


async def _deliver(context: ContextTypes.DEFAULT_TYPE, note: Notification) -> None:
    try:
        if note.reply.edit:
            await sending.edit(context, note.chat_id, note.edit_message_id, note.reply)
        else:
            await sending.send(context, note.chat_id, note.reply)
    except Exception:
        log.exception("could not deliver a scheduled message")


def build_application(
    settings: Settings,
    coach: Coach,
    *,
    base_url: str | None = None,
    tick_seconds: float = TICK_SECONDS,
    request: BaseRequest | None = None,
) -> Application:
    assert settings.telegram_bot_token is not None
    scale_out = scale_out_enabled(settings)
    user_locks = (
        PostgresUserLocks(settings.database_url)
        if scale_out and settings.database_url.startswith("postgresql")
        else None
    )
    inbox = UpdateInbox(coach.storage.inbox)
    if request is None:
        timeout = settings.telegram_timeout
        request = AiohttpRequest(connection_pool_size=64, read_timeout=timeout, write_timeout=timeout)
        updates_request: BaseRequest = AiohttpRequest(
            connection_pool_size=1, read_timeout=timeout, write_timeout=timeout
        )
    else:  # tests: an offline request object instead of HTTP
        updates_request = request
    bot = InboxBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=base_url or settings.telegram_base_url,
        base_file_url=file_url_for(base_url or settings.telegram_base_url),
        request=request,
        get_updates_request=updates_request,
        rate_limiter=AIORateLimiter(overall_max_rate=settings.telegram_rate_limit, max_retries=3),
        inbox=inbox,
    )

    async def slow_down(update: object) -> None:
        await tell_to_slow_down(bot, update)

    processor = PerUserOrderedProcessor(
        MAX_CONCURRENT_UPDATES,
        shared_lock=user_locks.hold if user_locks else None,
        after=inbox.settle,
        limiter=UserRateLimiter(settings.user_rate_limit, settings.user_burst),
        on_throttled=slow_down,
        is_duplicate=inbox.is_duplicate,
    )
    application = ApplicationBuilder().bot(bot).concurrent_updates(processor).build()
    handlers.register(application, coach, settings.admin_chat_id, inbox=inbox)
    application.bot_data[INBOX_KEY] = inbox
    application.bot_data[SINGLE_PROCESS_KEY] = not scale_out
    if user_locks is not None:
        application.bot_data["user_locks"] = user_locks
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(send_due_timers, interval=tick_seconds, first=0.5, name="due-notifications")
    application.job_queue.run_repeating(
        replay_job, interval=REPLAY_TICK_SECONDS, first=REPLAY_TICK_SECONDS, name="replay-updates"
    )
    return application


def file_url_for(base_url: str) -> str:
    """Files come from <server>/file/bot<token>/<path>: https://api.telegram.org/bot -> .../file/bot,
    and the same for a local Bot API server or the test's fake one."""
    root, sep, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{root}/file/bot" if sep else "https://api.telegram.org/file/bot"


async def tell_to_slow_down(bot: InboxBot, update: object) -> None:
    """The one notice of a dropped burst: a message in a private chat, a toast for a button tap,
    nothing in groups (the flood may not even have been meant for us) or for inline queries."""
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        await bot.answer_callback_query(update.callback_query.id, SLOW_DOWN[:200])
        return
    chat = update.effective_chat
    if update.effective_message is not None and chat is not None and chat.type == "private":
        await sending.send_html(bot, chat.id, SLOW_DOWN)


async def announce_commands(application: Application) -> None:
    await application.bot.set_my_commands([BotCommand(name, desc) for name, desc, _ in COMMANDS])


async def serve(
    settings: Settings,
    coach: Coach,
    stop: asyncio.Event,
    *,
    base_url: str | None = None,
    tick_seconds: float = TICK_SECONDS,
    shutdown_grace: float = SHUTDOWN_GRACE_SECONDS,
) -> None:
    """Run until `stop` is set: polling, or webhook when WEBHOOK_URL is configured."""
    application = build_application(settings, coach, base_url=base_url, tick_seconds=tick_seconds)
    async with application:
        await announce_commands(application)
        await application.start()
        await replay_unfinished_updates(application, at_startup=True)  # before new updates, so order is kept
        server = None
        metrics = (
            MetricsServer(application, settings.metrics_listen, settings.metrics_port)
            if settings.metrics_port
            else None
        )
        if metrics is not None:
            metrics.start()
            log.info("metrics on http://%s:%s/metrics", settings.metrics_listen, settings.metrics_port)
        if settings.webhook_url:
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
            if not secret:
                raise RuntimeError("WEBHOOK_SECRET must be set in webhook mode")
            server = WebhookServer(application, secret, settings.webhook_listen, settings.webhook_port)
            server.start()
            await application.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            log.info("webhook mode on %s:%s", settings.webhook_listen, settings.webhook_port)
        else:
            await application.bot.delete_webhook()
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0, timeout=20)  # type: ignore[union-attr]
            log.info("polling for updates")
        try:
            await stop.wait()
        finally:
            for web_server in (server, metrics):
                if web_server is not None:
                    await web_server.stop()
            if application.updater and application.updater.running:
                await application.updater.stop()
            try:  # finish what is queued, but not forever: whatever is left stays in the inbox for the next start
                await asyncio.wait_for(application.stop(), shutdown_grace)
                await asyncio.wait_for(application.bot_data[INBOX_KEY].drain(), shutdown_grace)
            except TimeoutError:
                log.warning(
                    "shutdown grace of %.0f s over; unfinished updates will be handled at the next start",
                    shutdown_grace,
                )
            if "user_locks" in application.bot_data:
                await application.bot_data["user_locks"].close()


def run_bot(settings: Settings) -> int:
    limit_malloc_arenas()  # first, before any thread has allocated
    configure_logging(settings)
    redact_secrets_in_logs(
        secret.get_secret_value() for secret in (settings.telegram_bot_token, settings.webhook_secret) if secret
    )

    async def main() -> None:
        coach = await build_coach(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)  # graceful shutdown: finish in-flight updates
        trimming = asyncio.create_task(release_free_memory_every(MEMORY_TRIM_SECONDS, stop))
        try:
            await serve(settings, coach, stop)
        finally:
            stop.set()
            await trimming
            await coach.close()

    asyncio.run(main())
    return 0


__all__ = ["build_application", "serve", "run_bot", "secret_matches", "WebhookServer", "MetricsServer"]
