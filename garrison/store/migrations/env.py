"""Alembic environment: the connection comes from the Store (config.attributes["connection"])."""

from alembic import context

from garrison.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: use the URL in the config
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    connection = engine.connect()

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
