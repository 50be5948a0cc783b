"""the search index's outbox: index tasks written with the changes they follow

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 11:30:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_index_tasks"),
    )
    op.create_index("ix_index_tasks_created_at", "index_tasks", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_index_tasks_created_at", table_name="index_tasks")
    op.drop_table("index_tasks")
