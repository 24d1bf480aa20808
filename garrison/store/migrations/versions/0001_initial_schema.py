"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 12:28:06.948555
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('author', sa.String(length=300), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('published_source', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('source_path', sa.Text(), nullable=True),
    sa.Column('content_type', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('duplicate_of', sa.String(length=40), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['duplicate_of'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_duplicate_of', ['duplicate_of'], unique=False)
        batch_op.create_index('ix_documents_published', ['published'], unique=False)

    op.create_table('entities',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index('ix_entities_type', ['type'], unique=False)

    op.create_table('rejects',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('seen', sa.Integer(), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'reason', name='uq_rejects_source_reason')
    )
    op.create_table('document_copies',
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.UniqueConstraint('document_id', 'source_path', name='uq_document_copies')
    )
    op.create_table('events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=True),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('mode', sa.String(length=80), nullable=True),
    sa.Column('trigger', sa.Text(), nullable=True),
    sa.Column('actors', sa.JSON(), nullable=True),
    sa.Column('targets', sa.JSON(), nullable=True),
    sa.Column('materiel', sa.JSON(), nullable=True),
    sa.Column('location', sa.JSON(), nullable=True),
    sa.Column('origin', sa.JSON(), nullable=True),
    sa.Column('destination', sa.JSON(), nullable=True),
    sa.Column('time', sa.JSON(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('time_start', sa.Date(), nullable=True),
    sa.Column('time_end', sa.Date(), nullable=True),
    sa.Column('time_from_dct', sa.Boolean(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_document', ['document_id'], unique=False)
        batch_op.create_index('ix_events_time', ['time_start', 'time_end'], unique=False)
        batch_op.create_index('ix_events_type', ['type'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=True),
    sa.Column('sentence', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index('ix_mentions_document', ['document_id'], unique=False)
        batch_op.create_index('ix_mentions_entity', ['entity_id'], unique=False)

    op.create_table('stage_runs',
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'stage')
    )
    with op.batch_alter_table('stage_runs', schema=None) as batch_op:
        batch_op.create_index('ix_stage_runs_stage', ['stage'], unique=False)

    op.create_table('timexes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=12), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=True),
    sa.Column('span', sa.JSON(), nullable=True),
    sa.Column('span_start', sa.Date(), nullable=True),
    sa.Column('span_end', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('timexes', schema=None) as batch_op:
        batch_op.create_index('ix_timexes_document', ['document_id'], unique=False)

    op.create_table('toponyms',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('mention_label', sa.String(length=20), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('place_id', sa.String(length=100), nullable=True),
    sa.Column('place', sa.JSON(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('toponyms', schema=None) as batch_op:
        batch_op.create_index('ix_toponyms_document', ['document_id'], unique=False)
        batch_op.create_index('ix_toponyms_place', ['place_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('source_chain', sa.JSON(), nullable=True),
    sa.Column('speaker', sa.Text(), nullable=True),
    sa.Column('speaker_role', sa.Text(), nullable=True),
    sa.Column('stance', sa.String(length=30), nullable=False),
    sa.Column('cue', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_document', ['document_id'], unique=False)
        batch_op.create_index('ix_claims_event', ['event_id'], unique=False)
        batch_op.create_index('ix_claims_stance', ['stance'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_stance')
        batch_op.drop_index('ix_claims_event')
        batch_op.drop_index('ix_claims_document')

    op.drop_table('claims')
    with op.batch_alter_table('toponyms', schema=None) as batch_op:
        batch_op.drop_index('ix_toponyms_place')
        batch_op.drop_index('ix_toponyms_document')

    op.drop_table('toponyms')
    with op.batch_alter_table('timexes', schema=None) as batch_op:
        batch_op.drop_index('ix_timexes_document')

    op.drop_table('timexes')
    with op.batch_alter_table('stage_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_runs_stage')

    op.drop_table('stage_runs')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_entity')
        batch_op.drop_index('ix_mentions_document')

    op.drop_table('mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_type')
        batch_op.drop_index('ix_events_time')
        batch_op.drop_index('ix_events_document')

    op.drop_table('events')
    op.drop_table('document_copies')
    op.drop_table('rejects')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index('ix_entities_type')

    op.drop_table('entities')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_published')
        batch_op.drop_index('ix_documents_duplicate_of')

    op.drop_table('documents')
