"""listing sort indexes: the API pages happenings, events and documents in time order by keyset

An index on the sort key itself (the date, undated rows last, then the id) lets a filtered page walk the index
and stop at its limit instead of sorting every matching row with its JSON.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

UNDATED = sa.text("'9999-12-31'")


def upgrade() -> None:
    op.create_index('ix_happenings_sort', 'happenings', [sa.func.coalesce(sa.column('time_start'), UNDATED),
                                                        sa.column('id')])
    op.create_index('ix_events_sort', 'events', [sa.func.coalesce(sa.column('time_start'), UNDATED), sa.column('id')])
    op.create_index('ix_documents_sort', 'documents', [sa.func.coalesce(sa.column('published'), UNDATED),
                                                       sa.column('id')])


def downgrade() -> None:
    op.drop_index('ix_documents_sort', 'documents')
    op.drop_index('ix_events_sort', 'events')
    op.drop_index('ix_happenings_sort', 'happenings')
