"""Test support: the fake Bot API, a recording request, bot processes, storage backends, shared paths."""
