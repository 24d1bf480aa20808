"""corpus runs: when each corpus stage last ran and the marks of what it read

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('corpus_runs',
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('outputs', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('stage')
    )


def downgrade() -> None:
    op.drop_table("corpus_runs")
