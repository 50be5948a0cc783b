"""pilot cities say whether providers are vetted by the city or by their district

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 08:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pilot_cities") as batch:
        batch.add_column(
            sa.Column(
                "is_provider_vetting_city_level",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("pilot_cities") as batch:
        batch.drop_column("is_provider_vetting_city_level")
