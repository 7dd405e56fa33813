"""The update inbox with the per-user processor: what is handled is done, what failed is replayed."""

import asyncio
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from support import updates
from telegram import Update

from bot.telegram.inbox import UpdateInbox
from bot.telegram.ordering import PerUserOrderedProcessor


async def handled() -> None:
    return None


@pytest.fixture
def inbox(sqlite_repo):
    return UpdateInbox(sqlite_repo.inbox, replay_after=timedelta(0))


async def unfinished_ids(inbox: UpdateInbox) -> list[int]:
    await asyncio.sleep(0.05)  # done-marks are written in the background
    return [u.update_id for u in await inbox.unfinished(None)]


async def test_a_handled_update_is_done_and_never_replayed(inbox):
    update = Update.de_json(updates.message(7, "5x100"), None)
    assert await inbox.accept([update]) == [update]
    await PerUserOrderedProcessor(8, after=inbox.settle).do_process_update(update, handled())
    assert await unfinished_ids(inbox) == []


async def test_an_update_that_failed_is_replayed_and_a_duplicate_is_not_accepted(inbox):
    @asynccontextmanager
    async def lock_database_down(user_id):  # type: ignore[no-untyped-def]
        raise ConnectionError("lock database unavailable")
        yield

    update = Update.de_json(updates.message(7, "5x100"), None)
    await inbox.accept([update])
    assert await inbox.accept([update]) == []  # delivered twice: the copy is dropped
    with pytest.raises(ConnectionError):
        await PerUserOrderedProcessor(8, shared_lock=lock_database_down, after=inbox.settle).do_process_update(
            update, handled()
        )
    [replayed] = await inbox.unfinished(None)
    assert replayed.update_id == update.update_id and replayed.message.text == "5x100"


async def test_an_update_still_being_handled_here_is_not_replayed(inbox):
    update = Update.de_json(updates.message(8, "hip thrust cues?"), None)
    await inbox.accept([update])
    assert await inbox.unfinished(None) == []  # accepted by this process and not settled yet


async def test_polling_duplicates_are_skipped_and_leave_the_original_to_the_replay(inbox):
    update = Update.de_json(updates.message(9, "4x100"), None)
    await inbox.accept([update])
    await inbox.settle(update, False)  # say its first handling failed
    inbox.skip_when_handled([update])  # then Telegram sent it again with the next batch
    assert inbox.is_duplicate(update)
    await inbox.settle(update, True)  # the skipped copy settles without marking the original done
    assert await unfinished_ids(inbox) == [update.update_id]
    assert not inbox.is_duplicate(update)


async def test_an_update_with_an_inaccessible_message_is_stored_and_does_not_fail_the_others(inbox):
    """PTB keeps date 0 (an inaccessible message) as a datetime in to_dict(): it failed the JSON
    write of the whole batch, so every update in it got 503 (webhook) or polling stalled."""
    pinned = updates.message(10, "")
    del pinned["message"]["text"]
    pinned["message"]["pinned_message"] = {"message_id": 5, "date": 0, "chat": pinned["message"]["chat"]}
    odd, normal = Update.de_json(pinned, None), Update.de_json(updates.message(11, "5x100"), None)
    assert await inbox.accept([odd, normal]) == [odd, normal]
    await inbox.settle(odd, False)
    await inbox.settle(normal, False)
    replayed = {u.update_id: u for u in await inbox.unfinished(None)}
    assert (
        replayed[odd.update_id].message.pinned_message.message_id == 5
        and replayed[normal.update_id].message.text == "5x100"
    )
