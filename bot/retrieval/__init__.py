"""Question answering over the authored knowledge base (pure domain code, no Telegram)."""
