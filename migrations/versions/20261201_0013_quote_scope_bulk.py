"""quotes declare the need's stages they cover (kept with each replaced version too), and
the enterprise opening its need's matches is a recorded figure

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:30:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(
            sa.Column("covered_stages", sa.JSON(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("quote_revisions") as batch:
        batch.add_column(
            sa.Column("covered_stages", sa.JSON(), nullable=False, server_default="[]")
        )
    op.create_table(
        "need_match_views",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("first_viewed_at", UTCDateTime(), nullable=False),
        sa.Column("last_viewed_at", UTCDateTime(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("need_id", name="pk_need_match_views"),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name="fk_need_match_views_need_id_needs"
        ),
    )


def downgrade() -> None:
    op.drop_table("need_match_views")
    with op.batch_alter_table("quote_revisions") as batch:
        batch.drop_column("covered_stages")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("covered_stages")
