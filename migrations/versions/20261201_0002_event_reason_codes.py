"""event reason codes: the system's reason as a code with its figures, beside typed text

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 07:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("reason_args", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("reason_args")
        batch_op.drop_column("reason_code")
