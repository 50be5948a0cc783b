"""acceptance with separated duties: assessment agencies, the four-eyes subsidy approval and
each city's subsidy budget

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 13:30:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("assessor_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("materials_missing", sa.JSON(), nullable=True))
        batch.create_foreign_key(
            "fk_projects_assessor_id_organisations", "organisations", ["assessor_id"], ["id"]
        )
        batch.create_index("ix_projects_assessor_id", ["assessor_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("assessed_level", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_assessments_project_id_projects"
        ),
        sa.ForeignKeyConstraint(
            ["assessor_id"], ["organisations.id"], name="fk_assessments_assessor_id_organisations"
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"], ["users.id"], name="fk_assessments_assigned_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["attachments.id"], name="fk_assessments_report_id_attachments"
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name="fk_assessments_submitted_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
    )
    op.create_index("ix_assessments_project_id", "assessments", ["project_id"])
    op.create_index("ix_assessments_assessor_id", "assessments", ["assessor_id"])
    op.create_index("ix_assessments_status", "assessments", ["status"])
    op.create_table(
        "subsidy_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("estimate", sa.Numeric(14, 2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_subsidy_approvals_project_id_projects"
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name="fk_subsidy_approvals_proposed_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name="fk_subsidy_approvals_decided_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_subsidy_approvals"),
    )
    op.create_index("ix_subsidy_approvals_project_id", "subsidy_approvals", ["project_id"])
    op.create_index("ix_subsidy_approvals_status", "subsidy_approvals", ["status"])
    op.create_table(
        "subsidy_budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilot_cities.id"], name="fk_subsidy_budgets_pilot_id_pilot_cities"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_subsidy_budgets_created_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_subsidy_budgets"),
        sa.UniqueConstraint("pilot_id", "version", name="uq_subsidy_budgets_pilot_id"),
    )
    op.create_index("ix_subsidy_budgets_pilot_id", "subsidy_budgets", ["pilot_id"])


def downgrade() -> None:
    op.drop_index("ix_subsidy_budgets_pilot_id", table_name="subsidy_budgets")
    op.drop_table("subsidy_budgets")
    op.drop_index("ix_subsidy_approvals_status", table_name="subsidy_approvals")
    op.drop_index("ix_subsidy_approvals_project_id", table_name="subsidy_approvals")
    op.drop_table("subsidy_approvals")
    op.drop_index("ix_assessments_status", table_name="assessments")
    op.drop_index("ix_assessments_assessor_id", table_name="assessments")
    op.drop_index("ix_assessments_project_id", table_name="assessments")
    op.drop_table("assessments")
    with op.batch_alter_table("projects") as batch:
        batch.drop_index("ix_projects_assessor_id")
        batch.drop_constraint("fk_projects_assessor_id_organisations", type_="foreignkey")
        batch.drop_column("materials_missing")
        batch.drop_column("assessor_id")
