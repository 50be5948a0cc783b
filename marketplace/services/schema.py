"""Database schema: Alembic migrations applied to the app's database."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from marketplace.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(connection=None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option(
        "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_database() -> None:
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
