"""The aiohttp Bot API transport against the fake Bot API over real HTTP on 127.0.0.1."""

import pytest
from support.fake_api import FakeBotApi, free_port
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.conversation.model import Button
from bot.telegram.http import AiohttpRequest
from bot.telegram.sending import send_html

TOKEN = "123456:TRANSPORT-TOKEN"


@pytest.fixture
async def api():
    async with FakeBotApi(TOKEN) as fake:
        yield fake


def bot_for(api: FakeBotApi, read_timeout: float = 5.0) -> Bot:
    return Bot(
        TOKEN,
        base_url=api.base_url,
        request=AiohttpRequest(read_timeout=read_timeout),
        get_updates_request=AiohttpRequest(),
    )


async def test_messages_and_markup_arrive_as_sent(api):
    text = "<b>Hip thrust</b> & glutes 🍑 — שלום 100%+5 kg?a=b"  # characters a form or JSON encoder could mangle
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅ Done 5 × 100", callback_data="w:done:s1:0"),
                InlineKeyboardButton("+30 s", callback_data="w:rest:s1:0:add"),
            ]
        ]
    )
    async with bot_for(api) as bot:
        sent = await bot.send_message(7, text, parse_mode="HTML", reply_markup=keyboard, disable_notification=True)
    assert sent.chat.id == 7 and sent.message_id > 0
    [(method, params)] = [c for c in api.calls if c[0] == "sendMessage"]
    assert params["text"] == text and params["parse_mode"] == "HTML" and params["disable_notification"] is True
    assert [b["callback_data"] for b in params["reply_markup"]["inline_keyboard"][0]] == [
        "w:done:s1:0",
        "w:rest:s1:0:add",
    ]


async def test_files_go_as_multipart_with_their_caption(api):
    csv = b"date,exercise\n2026-11-30,hip thrust\n"
    async with bot_for(api) as bot:
        await bot.send_document(7, document=csv, filename="history.csv", caption="Your log")
    [(method, params)] = [c for c in api.calls if c[0] == "sendDocument"]
    assert params["caption"] == "Your log"
    assert params["document"]["filename"] == "history.csv" and params["document"]["size"] == len(csv)


async def test_send_html_sends_exactly_what_send_message_would(api):
    """The handlers' lean sendMessage must stay equivalent to PTB's own (see send_html's docstring)."""
    rows = (
        (Button("✅ Done 5 × 100", "w:done:s1:0"), Button("+30 s", "w:rest:s1:0:add")),
        (Button("Skip ⏭", "w:skip:s1:0"),),
    )
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )
    async with bot_for(api) as bot:
        await send_html(bot, 7, "<b>Set 2</b> & more", rows, reply_to=3)
        await bot.send_message(
            7,
            "<b>Set 2</b> & more",
            parse_mode="HTML",
            reply_markup=keyboard,
            reply_to_message_id=3,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
        await send_html(bot, 8, "plain")
        await bot.send_message(8, "plain", parse_mode="HTML", link_preview_options=LinkPreviewOptions(is_disabled=True))
        api.fail_next("sendMessage", "429")
        with pytest.raises(RetryAfter):  # PTB's error types, so with_retries and the rate limiter still work
            await send_html(bot, 7, "x")
    ours, theirs, ours_plain, theirs_plain = [params for method, params in api.calls if method == "sendMessage"]
    assert ours == theirs and ours_plain == theirs_plain


async def test_send_html_silences_only_ptbs_hint_to_use_send_message(api):
    """Contract with PTB: send_html calls the public Bot.do_api_request("sendMessage"), which warns
    with a hint our filter (SEND_HINT) silences. If PTB rewords it, this fails before users see logs."""
    import re
    import warnings

    from telegram.warnings import PTBUserWarning

    from bot.telegram.sending import SEND_HINT

    async with bot_for(api) as bot:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # see the warning our filter would hide
            await send_html(bot, 7, "hi")
    hints = [w for w in caught if issubclass(w.category, PTBUserWarning)]
    assert len(hints) == 1 and re.match(SEND_HINT, str(hints[0].message))
    assert [method for method, _ in api.calls].count("sendMessage") == 1


async def test_telegram_errors_keep_their_meaning(api):
    async with bot_for(api) as bot:
        api.fail_next("sendMessage", "429")
        with pytest.raises(RetryAfter):
            await bot.send_message(7, "x")
        api.fail_next("sendMessage", "drop")
        with pytest.raises(NetworkError):
            await bot.send_message(7, "x")
    assert not [c for c in api.calls if c[0] == "sendMessage"]


async def test_a_slow_answer_is_a_timeout(api):
    api.slow_seconds = 1.5
    async with bot_for(api, read_timeout=0.3) as bot:
        api.fail_next("sendMessage", "slow")
        with pytest.raises(TimedOut):
            await bot.send_message(7, "x")


async def test_nobody_listening_is_a_network_error():
    port = free_port()
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()


async def test_using_it_before_initialize_is_a_clear_error():
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:1/x", "POST")


def test_error_texts_never_carry_the_token():
    from bot.telegram.http import redact_token

    text = "Invalid URL http://127.0.0.1:8081/bot123456:SECRET-abc/sendMessage and /file/bot123456:SECRET-abc/x.png"
    assert "SECRET" not in redact_token(text)
    assert "/bot<token>/sendMessage" in redact_token(text)


async def test_a_failing_request_does_not_chain_the_url():
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:1/bot{TOKEN}/getMe")  # port 1: refused
        assert TOKEN not in str(caught.value) and caught.value.__cause__ is None
    finally:
        await request.shutdown()
