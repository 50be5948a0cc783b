"""a viewer's recent impressions are looked up before a ranking is stored again

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-01 13:30:00
"""

from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_match_results_viewer_need", "match_results", ["viewer_id", "need_id"])


def downgrade() -> None:
    op.drop_index("ix_match_results_viewer_need", table_name="match_results")
