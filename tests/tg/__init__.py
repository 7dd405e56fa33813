"""Offline Telegram test doubles: a recording request for handler tests, a fake Bot API server for end-to-end tests."""
