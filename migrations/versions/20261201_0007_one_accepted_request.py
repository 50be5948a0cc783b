"""at most one accepted quote request per need, kept by the database

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ACCEPTED = sa.text("status = 'accepted'")


def upgrade() -> None:
    op.create_index(
        "uq_quote_requests_one_accepted_per_need",
        "quote_requests",
        ["need_id"],
        unique=True,
        sqlite_where=ACCEPTED,
        postgresql_where=ACCEPTED,
    )


def downgrade() -> None:
    op.drop_index("uq_quote_requests_one_accepted_per_need", table_name="quote_requests")
