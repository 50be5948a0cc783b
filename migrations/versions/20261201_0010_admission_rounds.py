"""pilot admission and rounds: a city's rounds (批次), enterprises' applications to join the
pilot (入库) and the round each project was filed in

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 13:30:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pilot_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("filing_deadline", sa.Date(), nullable=False),
        sa.Column("acceptance_deadline", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilot_cities.id"], name="fk_pilot_rounds_pilot_id_pilot_cities"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_pilot_rounds_created_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pilot_rounds"),
        sa.UniqueConstraint("pilot_id", "name", name="uq_pilot_rounds_pilot_id"),
    )
    op.create_index("ix_pilot_rounds_pilot_id", "pilot_rounds", ["pilot_id"])
    op.create_table(
        "pilot_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("employee_count", sa.Integer(), nullable=True),
        sa.Column("revenue_wan", sa.Numeric(14, 2), nullable=True),
        sa.Column("size_class", sa.String(length=8), nullable=True),
        sa.Column("is_independent_legal_person", sa.Boolean(), nullable=False),
        sa.Column("has_clean_credit", sa.Boolean(), nullable=False),
        sa.Column("exclusions", sa.JSON(), nullable=False),
        sa.Column("digital_level", sa.Integer(), nullable=True),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("materials_note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["organisations.id"],
            name="fk_pilot_applications_enterprise_id_organisations",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["pilot_rounds.id"], name="fk_pilot_applications_round_id_pilot_rounds"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pilot_applications"),
        sa.UniqueConstraint(
            "enterprise_id", "round_id", name="uq_pilot_applications_enterprise_id"
        ),
    )
    op.create_index(
        "ix_pilot_applications_enterprise_id", "pilot_applications", ["enterprise_id"]
    )
    op.create_index("ix_pilot_applications_round_id", "pilot_applications", ["round_id"])
    op.create_index("ix_pilot_applications_status", "pilot_applications", ["status"])
    op.create_table(
        "round_filings",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_round_filings_project_id_projects"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["pilot_rounds.id"], name="fk_round_filings_round_id_pilot_rounds"
        ),
        sa.PrimaryKeyConstraint("project_id", name="pk_round_filings"),
    )
    op.create_index("ix_round_filings_round_id", "round_filings", ["round_id"])


def downgrade() -> None:
    op.drop_index("ix_round_filings_round_id", table_name="round_filings")
    op.drop_table("round_filings")
    for column in ("status", "round_id", "enterprise_id"):
        op.drop_index(f"ix_pilot_applications_{column}", table_name="pilot_applications")
    op.drop_table("pilot_applications")
    op.drop_index("ix_pilot_rounds_pilot_id", table_name="pilot_rounds")
    op.drop_table("pilot_rounds")
