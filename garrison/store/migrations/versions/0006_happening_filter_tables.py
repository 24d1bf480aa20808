"""happening filter tables: a happening's places, entities and stances as indexed rows; background flags

The API's place, actor and stance filters used to match the JSON text of every happening: with few matches a
page read the whole table.  These rows (casefolded, as the filters compare) let a filter find its happenings
through an index.  Stores made before this revision get them here, from the JSON they already hold, by the same
function the store writes them with (garrison.store.rows).

Revision ID: 0006
Revises: 0005
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    from garrison.store.rows import compact_happening, happening_side_rows, presence_keys

    # Plain ADD COLUMN (with a constant default both databases allow it): a batch on SQLite would reflect the
    # table, and its reflection cannot see the expression index of migration 0005.
    op.add_column('happenings', sa.Column('background', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('happenings', sa.Column('compact', sa.JSON()))
    op.add_column('presences', sa.Column('actor_key', sa.String(length=200), nullable=False, server_default=''))
    op.add_column('presences', sa.Column('place_key', sa.Text(), nullable=False, server_default=''))
    op.add_column('presences', sa.Column('country_key', sa.String(length=8), nullable=False, server_default=''))
    op.add_column('presences', sa.Column('background', sa.Boolean(), nullable=False, server_default=sa.false()))

    places = op.create_table(
        'happening_places',
        sa.Column('happening_id', sa.String(length=40), sa.ForeignKey('happenings.id'), primary_key=True),
        sa.Column('role', sa.String(length=12), primary_key=True),
        sa.Column('place_id', sa.String(length=100)),
        sa.Column('name_key', sa.Text(), nullable=False),
        sa.Column('country_key', sa.String(length=8), nullable=False),
        sa.Column('sort_date', sa.Date(), nullable=False),
    )
    entities = op.create_table(
        'happening_entities',
        sa.Column('happening_id', sa.String(length=40), sa.ForeignKey('happenings.id'), primary_key=True),
        sa.Column('role', sa.String(length=12), primary_key=True),
        sa.Column('entity_key', sa.String(length=200), primary_key=True),
        sa.Column('sort_date', sa.Date(), nullable=False),
    )
    stances = op.create_table(
        'happening_stances',
        sa.Column('happening_id', sa.String(length=40), sa.ForeignKey('happenings.id'), primary_key=True),
        sa.Column('stance', sa.String(length=30), primary_key=True),
        sa.Column('claims', sa.Integer(), nullable=False),
        sa.Column('sort_date', sa.Date(), nullable=False),
    )
    keys = op.create_table(
        'happening_filter_keys',
        sa.Column('kind', sa.String(length=12), primary_key=True),
        sa.Column('key', sa.Text(), primary_key=True),
    )
    tables = {"happening_places": places, "happening_entities": entities, "happening_stances": stances}

    bind = op.get_bind()
    happenings = sa.table('happenings', sa.column('id', sa.String), sa.column('data', sa.Text),
                          sa.column('background', sa.Boolean), sa.column('compact', sa.JSON))
    presences = sa.table('presences', sa.column('id', sa.String), sa.column('data', sa.Text),
                         sa.column('actor_key', sa.String), sa.column('place_key', sa.Text),
                         sa.column('country_key', sa.String),
                         sa.column('background', sa.Boolean))
    after = ""
    while True:  # by keyset, a batch at a time: a large store is never in memory at once
        batch = bind.execute(sa.select(happenings.c.id, sa.cast(happenings.c.data, sa.Text)).where(
            happenings.c.id > after).order_by(happenings.c.id).limit(BATCH)).all()
        if not batch:
            break
        rows: dict[str, list[dict]] = {name: [] for name in tables}
        updates = []
        for hid, text in batch:
            data = json.loads(text)
            for name, found in happening_side_rows(data).items():
                rows[name].extend(found)
            updates.append({"hid": hid, "bg": bool((data.get("attributes") or {}).get("background")),
                            "cp": compact_happening(data)})
        for name, found in rows.items():
            if found:
                bind.execute(tables[name].insert(), found)
        bind.execute(happenings.update().where(happenings.c.id == sa.bindparam('hid')).values(
            background=sa.bindparam('bg'), compact=sa.bindparam('cp')), updates)
        after = batch[-1][0]
    op.execute(sa.insert(keys).from_select(
        ["kind", "key"], sa.select(sa.literal("entity"), entities.c.entity_key).distinct()))
    op.execute(sa.insert(keys).from_select(
        ["kind", "key"], sa.select(sa.literal("place"), places.c.name_key).distinct()))
    after = ""
    while True:
        batch = bind.execute(sa.select(presences.c.id, sa.cast(presences.c.data, sa.Text)).where(
            presences.c.id > after).order_by(presences.c.id).limit(BATCH)).all()
        if not batch:
            break
        bind.execute(presences.update().where(presences.c.id == sa.bindparam('pid')).values(
            actor_key=sa.bindparam("ak"), place_key=sa.bindparam("pk"), country_key=sa.bindparam("ck"),
            background=sa.bindparam("bg")),
            [{"pid": pid, **_presence_params(presence_keys(json.loads(text)))} for pid, text in batch])
        after = batch[-1][0]

    # Indexes after the rows: one sort instead of a tree grown row by row.
    op.create_index('ix_happening_places_name', 'happening_places', ['name_key', 'sort_date', 'happening_id'])
    op.create_index('ix_happening_places_country', 'happening_places', ['country_key', 'sort_date', 'happening_id'])
    op.create_index('ix_happening_entities_entity', 'happening_entities', ['entity_key', 'sort_date', 'happening_id'])
    op.create_index('ix_happening_stances_stance', 'happening_stances', ['stance', 'sort_date', 'happening_id'])
    if bind.dialect.name == "postgresql":  # the planner's statistics of the new tables and columns, at once
        op.execute("ANALYZE happenings, presences, happening_places, happening_entities, happening_stances, "
                   "happening_filter_keys")


def _presence_params(keys: dict) -> dict:
    return {"ak": keys["actor_key"], "pk": keys["place_key"], "ck": keys["country_key"], "bg": keys["background"]}


def downgrade() -> None:
    op.drop_table('happening_filter_keys')
    op.drop_table('happening_stances')
    op.drop_table('happening_entities')
    op.drop_table('happening_places')
    # Plain DROP COLUMN (SQLite 3.35 and later), for the reason given in upgrade().
    for column in ('background', 'country_key', 'place_key', 'actor_key'):
        op.drop_column('presences', column)
    for column in ('compact', 'background'):
        op.drop_column('happenings', column)
