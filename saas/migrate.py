"""Apply the committed aerich migrations (`saas migrate`)."""

from __future__ import annotations

from aerich import Command

from saas.db import MIGRATIONS_LOCATION, tortoise_config
from saas.settings import Settings


async def migrate(settings: Settings) -> list[str]:
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command = Command(
        tortoise_config=tortoise_config(settings),
        app="models",
        location=MIGRATIONS_LOCATION,
    )
    async with command:
        await command.init()
        return await command.upgrade(run_in_transaction=True)
