"""Transport-neutral conversation logic: Telegram and the terminal chat both drive it."""
