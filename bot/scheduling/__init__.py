"""Pure scheduling maths: local times, time zones, and when a reminder fires next."""
