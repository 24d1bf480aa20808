"""fusion outputs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 13:05:47.409133
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('happenings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('mode', sa.String(length=80), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('time_start', sa.Date(), nullable=True),
    sa.Column('time_end', sa.Date(), nullable=True),
    sa.Column('reports', sa.Integer(), nullable=False),
    sa.Column('contradicted', sa.Boolean(), nullable=False),
    sa.Column('first_reported', sa.Date(), nullable=True),
    sa.Column('last_reported', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('happenings', schema=None) as batch_op:
        batch_op.create_index('ix_happenings_time', ['time_start', 'time_end'], unique=False)
        batch_op.create_index('ix_happenings_type', ['type'], unique=False)

    op.create_table('presences',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('place_id', sa.String(length=100), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('first_reported', sa.Date(), nullable=True),
    sa.Column('last_reported', sa.Date(), nullable=True),
    sa.Column('reports', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('presences', schema=None) as batch_op:
        batch_op.create_index('ix_presences_actor', ['actor'], unique=False)
        batch_op.create_index('ix_presences_place', ['place_id'], unique=False)

    op.create_table('happening_events',
    sa.Column('happening_id', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['happening_id'], ['happenings.id'], ),
    sa.PrimaryKeyConstraint('happening_id', 'event_id')
    )
    with op.batch_alter_table('happening_events', schema=None) as batch_op:
        batch_op.create_index('ix_happening_events_event', ['event_id'], unique=False)


def downgrade() -> None:
    op.drop_table("happening_events")
    op.drop_table("presences")
    op.drop_table("happenings")
