"""Pure workout domain: programs, typed set input, the session engine, progression and plates."""
