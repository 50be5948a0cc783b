"""provider performance evaluation: periods, results and appeals; a blacklist entry lifted early

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 16:30:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _fk(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}"
    )


def upgrade() -> None:
    op.create_table(
        "evaluation_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("computed_at", UTCDateTime(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("appeal_until", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("pilot_id", "evaluation_periods", "pilot_cities"),
        _fk("created_by_id", "evaluation_periods", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_periods"),
        sa.UniqueConstraint("pilot_id", "code", name="uq_evaluation_periods_pilot_id"),
    )
    for column in ("pilot_id", "status"):
        op.create_index(f"ix_evaluation_periods_{column}", "evaluation_periods", [column])

    op.create_table(
        "provider_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("score", sa.Numeric(6, 2), nullable=False),
        sa.Column("computed_grade", sa.String(24), nullable=False),
        sa.Column("grade", sa.String(24), nullable=False),
        sa.Column("hard_rule", sa.String(40), nullable=True),
        sa.Column("adjust_reason", sa.Text(), nullable=True),
        sa.Column("appeal_text", sa.Text(), nullable=True),
        sa.Column("appealed_at", UTCDateTime(), nullable=True),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        _fk("period_id", "provider_evaluations", "evaluation_periods"),
        _fk("pilot_id", "provider_evaluations", "pilot_cities"),
        _fk("provider_id", "provider_evaluations", "organisations"),
        _fk("decided_by_id", "provider_evaluations", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_provider_evaluations"),
        sa.UniqueConstraint("period_id", "provider_id", name="uq_provider_evaluations_period_id"),
    )
    for column in ("period_id", "pilot_id", "provider_id", "status"):
        op.create_index(f"ix_provider_evaluations_{column}", "provider_evaluations", [column])

    with op.batch_alter_table("blacklist_entries") as batch:
        batch.add_column(sa.Column("lifted_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("lifted_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("lift_reason", sa.Text(), nullable=True))
        batch.create_foreign_key(
            "fk_blacklist_entries_lifted_by_id_users", "users", ["lifted_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("blacklist_entries") as batch:
        batch.drop_constraint("fk_blacklist_entries_lifted_by_id_users", type_="foreignkey")
        batch.drop_column("lift_reason")
        batch.drop_column("lifted_by_id")
        batch.drop_column("lifted_at")
    op.drop_table("provider_evaluations")
    op.drop_table("evaluation_periods")
