"""Migrations build exactly the models' schema, and go down and up again, on both databases."""

from alembic import command
from sqlalchemy import inspect

from core.db import make_engine
from core.migrate import alembic_config, current, downgrade, upgrade
from core.models import Base


def test_migrations_match_the_models_and_round_trip(db_url):
    command.check(alembic_config(db_url))  # raises when the models and migrations differ
    assert current(db_url) == "0002"
    downgrade(db_url, "base")
    engine = make_engine(db_url)
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert tables == set()
    upgrade(db_url)
    engine = make_engine(db_url)
    inspector = inspect(engine)
    assert set(Base.metadata.tables) <= set(inspector.get_table_names())
    assert "current_grades" in inspector.get_view_names()
    engine.dispose()
