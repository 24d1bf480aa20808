"""Alembic environment: the connection comes from the Store (config.attributes["connection"])."""

from alembic import context

from garrison.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: use the URL in the config
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    connection = engine.connect()



def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    # Tables the schema does not describe (SQLite's FTS5 shadow tables) are not autogenerate's business.
    return not (type_ == "table" and reflected and compare_to is None)


context.configure(
    connection=connection, target_metadata=metadata, render_as_batch=True, include_object=include_object
)
with context.begin_transaction():
    context.run_migrations()
