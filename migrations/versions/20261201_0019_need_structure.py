"""need structure: 转型难点, 转型计划 and 期待得到支持 beside the description (福州's need form)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

COLUMNS = ("pain_points", "transformation_plan", "support_wanted")


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
