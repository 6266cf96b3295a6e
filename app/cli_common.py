"""Helpers shared by the CLI modules: console, JSON output, French errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a French error on stderr and return the Exit to raise."""
    errors.print(f"[bold red]Erreur :[/] {message}")
    return typer.Exit(code)


@contextmanager
def database_session() -> Iterator[Session]:
    """A committing session on the configured database; a clear French error if it is not ready."""
    from sqlalchemy.exc import OperationalError

    from core.db import session_scope
    from core.migrate import current
    from core.settings import get_settings

    url = get_settings().database_url
    try:
        revision = current(url)
    except OperationalError as exc:
        raise fail(f"base de données injoignable ({url.split('@')[-1]}) : {exc.orig}") from exc
    if revision is None:
        raise fail("la base de données n'est pas initialisée : lancez « vigie db upgrade ».")
    with session_scope(url) as session:
        yield session


def print_rows(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], *,
               as_json: bool, title: str) -> None:  # fmt: skip
    """A readable table, or one JSON object per line with `--json`."""
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for _, header in columns:
        table.add_column(header)
    for row in rows:
        table.add_row(*(_cell(row.get(key)) for key, _ in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)
