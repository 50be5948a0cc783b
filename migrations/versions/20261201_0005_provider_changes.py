"""provider scope changes: an approved provider's new served cities and sub-industries wait
for review

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:40:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "provider_scope_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("pilot_ids", sa.JSON(), nullable=False),
        sa.Column("sub_industry_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisations.id"],
            name=op.f("fk_provider_scope_changes_provider_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_provider_scope_changes_requested_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_provider_scope_changes_decided_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_scope_changes")),
    )
    with op.batch_alter_table("provider_scope_changes") as batch:
        batch.create_index(
            batch.f("ix_provider_scope_changes_provider_id"), ["provider_id"], unique=False
        )
        batch.create_index(batch.f("ix_provider_scope_changes_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("provider_scope_changes") as batch:
        batch.drop_index(batch.f("ix_provider_scope_changes_status"))
        batch.drop_index(batch.f("ix_provider_scope_changes_provider_id"))
    op.drop_table("provider_scope_changes")
