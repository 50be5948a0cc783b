"""quotes are versioned: a revision number (also the row's optimistic lock), when it was
accepted, and the versions each revision replaced

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:20:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("accepted_at", UTCDateTime(), nullable=True))
    op.create_table(
        "quote_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("replaced_at", UTCDateTime(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("delivery_days", sa.Integer(), nullable=False),
        sa.Column("discount_pct", sa.Numeric(5, 2), nullable=False),
        sa.Column("total", sa.Numeric(14, 2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quote_revisions"),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quotes.id"], name="fk_quote_revisions_quote_id_quotes"
        ),
        sa.UniqueConstraint("quote_id", "revision", name="uq_quote_revisions_quote_id"),
    )
    op.create_index("ix_quote_revisions_quote_id", "quote_revisions", ["quote_id"])


def downgrade() -> None:
    op.drop_index("ix_quote_revisions_quote_id", table_name="quote_revisions")
    op.drop_table("quote_revisions")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("accepted_at")
        batch.drop_column("revision")
