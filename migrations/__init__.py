"""Alembic migrations of the Vigie database (run with `vigie db upgrade`)."""
