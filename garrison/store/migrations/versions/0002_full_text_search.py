"""full-text search over document titles and texts

SQLite: an FTS5 table kept in step by the store.  PostgreSQL: a generated tsvector
column with a GIN index ('simple' configuration: the corpus is multilingual).

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "document_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('simple', text), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_documents_search ON documents USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
    else:
        op.execute("DROP INDEX ix_documents_search")
        op.execute("ALTER TABLE documents DROP COLUMN search")
