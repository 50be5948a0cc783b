"""accounts: temporary passwords, API token expiry, and the shared throttle marks

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:30:00

Tokens issued before expiry existed get 90 days from the upgrade, so no client running
today is cut off without notice.
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(
            sa.Column("expires_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
    tokens = sa.table("api_tokens", sa.column("expires_at", models.base.UTCDateTime()))
    op.execute(tokens.update().values(expires_at=datetime.now(UTC) + timedelta(days=90)))
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column(
            "expires_at", existing_type=models.base.UTCDateTime(timezone=True), nullable=False
        )

    op.create_table(
        "throttle_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=24), nullable=False),
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("is_lock", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_marks")),
    )
    with op.batch_alter_table("throttle_marks") as batch:
        batch.create_index(batch.f("ix_throttle_marks_at"), ["at"], unique=False)
        batch.create_index(
            "ix_throttle_marks_bucket_key", ["bucket", "key_digest", "at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("throttle_marks")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
