"""The Celery task that processes the durable inbox (beat schedules it: campaigns.tasks).

A shared task, bound to whichever Celery app loads this module, so that webhooks needs
nothing from campaigns.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="vigie.process_inbox")
def process_inbox(limit: int = 500) -> dict[str, int]:
    from core.db import session_factory
    from core.settings import get_settings
    from webhooks.processing import process_pending

    return process_pending(session_factory(get_settings().database_url), limit)
