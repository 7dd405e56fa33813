"""The thin Telegram layer: turns updates into Coach calls and replies into Bot API calls."""
