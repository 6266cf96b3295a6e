"""Where pollers keep their cursors between runs (since_id, offsets).

Cursors are an optimisation, not a source of truth: `record_inbound` ignores messages
it already has, so a lost cursor costs a re-read, never a lost or doubled message.
The database store (the default) serves every worker on every host; the file store
suits a single machine.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import utcnow
from core.models import PollCursor


class CursorStore(Protocol):
    def load(self, channel: str) -> dict[str, Any]: ...

    def save(self, channel: str, cursor: dict[str, Any]) -> None: ...


class MemoryCursorStore:
    """Cursors for one process (tests, the demo)."""

    def __init__(self) -> None:
        self.cursors: dict[str, dict[str, Any]] = {}

    def load(self, channel: str) -> dict[str, Any]:
        return dict(self.cursors.get(channel, {}))

    def save(self, channel: str, cursor: dict[str, Any]) -> None:
        self.cursors[channel] = dict(cursor)


class DbCursorStore:
    """Cursors in the `poll_cursors` table, through the poller's session.

    `save` only flushes: the poller commits, after the messages of the same page. A channel
    with no row yet starts from `fallback` (the cursor file of a single-host install, so
    that an upgrade does not re-read every account from the beginning).
    """

    def __init__(self, session: Session, fallback: CursorStore | None = None) -> None:
        self.session = session
        self.fallback = fallback

    def load(self, channel: str) -> dict[str, Any]:
        row = self.session.get(PollCursor, channel)
        if row is not None:
            return dict(row.cursor)
        return self.fallback.load(channel) if self.fallback is not None else {}

    def save(self, channel: str, cursor: dict[str, Any]) -> None:
        row = self.session.get(PollCursor, channel)
        if row is None:
            try:
                with self.session.begin_nested():  # another worker may insert it first
                    self.session.add(PollCursor(channel=channel, cursor=dict(cursor)))
                return
            except IntegrityError:
                row = self.session.get(PollCursor, channel, populate_existing=True)
        row.cursor = dict(cursor)  # a new dict: JSON columns do not track in-place changes
        row.updated_at = utcnow()
        self.session.flush()


class FileCursorStore:
    """Cursors in one JSON file, replaced atomically on each save."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def from_settings(cls, settings: Any) -> FileCursorStore:
        return cls(Path(settings.data_dir) / "poll-cursors.json")

    def _read(self) -> dict[str, Any]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def load(self, channel: str) -> dict[str, Any]:
        return dict(self._read().get(channel, {}))

    def save(self, channel: str, cursor: dict[str, Any]) -> None:
        data = self._read()
        data[channel] = cursor
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".cursors-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, sort_keys=True)
        os.replace(tmp, self.path)
