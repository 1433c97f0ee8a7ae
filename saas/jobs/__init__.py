"""Background jobs: arq in production, the same functions in-process when embedded."""
