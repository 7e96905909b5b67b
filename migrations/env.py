"""Alembic environment: migrations run against DATABASE_URL (or the URL the caller passes)."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

import shared.models  # noqa: F401 - registers every table on the metadata
from shared.db import db

config = context.config
target_metadata = db.metadata


def run_migrations() -> None:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or os.environ["DATABASE_URL"]
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
