"""providers answerable: ratings, complaints and their files, the blacklist

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 14:00:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0016"
# briefed as "0009"; 0015 already revises 0009 on this branch, so this follows it (one head)
down_revision = "0015"
branch_labels = None
depends_on = None

ASPECTS = ("quality", "timeliness", "responsiveness", "value")


def _fk(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}"
    )


def upgrade() -> None:
    op.create_table(
        "provider_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        *(sa.Column(a, sa.Integer(), nullable=False) for a in ASPECTS),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_by_id", sa.Integer(), nullable=True),
        sa.Column("replied_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        *(
            sa.CheckConstraint(f"{a} BETWEEN 1 AND 5", name=f"ck_provider_ratings_{a}_1_to_5")
            for a in ASPECTS
        ),
        _fk("project_id", "provider_ratings", "projects"),
        _fk("provider_id", "provider_ratings", "organisations"),
        _fk("enterprise_id", "provider_ratings", "organisations"),
        _fk("author_id", "provider_ratings", "users"),
        _fk("replied_by_id", "provider_ratings", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_provider_ratings"),
        sa.UniqueConstraint("project_id", "provider_id", name="uq_provider_ratings_project_id"),
    )
    for column in ("project_id", "provider_id", "created_at"):
        op.create_index(f"ix_provider_ratings_{column}", "provider_ratings", [column])

    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("quote_request_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("respond_by", sa.Date(), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_at", UTCDateTime(), nullable=True),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("enterprise_id", "complaints", "organisations"),
        _fk("provider_id", "complaints", "organisations"),
        _fk("pilot_id", "complaints", "pilot_cities"),
        _fk("district_id", "complaints", "districts"),
        _fk("project_id", "complaints", "projects"),
        _fk("quote_request_id", "complaints", "quote_requests"),
        _fk("filed_by_id", "complaints", "users"),
        _fk("handled_by_id", "complaints", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_complaints"),
    )
    for column in (
        "enterprise_id",
        "provider_id",
        "pilot_id",
        "district_id",
        "project_id",
        "quote_request_id",
        "status",
        "respond_by",
        "created_at",
    ):
        op.create_index(f"ix_complaints_{column}", "complaints", [column])

    op.create_table(
        "complaint_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        _fk("complaint_id", "complaint_files", "complaints"),
        _fk("attachment_id", "complaint_files", "attachments"),
        sa.PrimaryKeyConstraint("id", name="pk_complaint_files"),
        sa.UniqueConstraint("attachment_id", name="uq_complaint_files_attachment_id"),
    )
    op.create_index("ix_complaint_files_complaint_id", "complaint_files", ["complaint_id"])

    op.create_table(
        "blacklist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("credit_code", sa.String(18), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("clawback_amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("pilot_id", "blacklist_entries", "pilot_cities"),
        _fk("organisation_id", "blacklist_entries", "organisations"),
        _fk("created_by_id", "blacklist_entries", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_blacklist_entries"),
    )
    op.create_index("ix_blacklist_entries_pilot_id", "blacklist_entries", ["pilot_id"])
    op.create_index("ix_blacklist_entries_credit_code", "blacklist_entries", ["credit_code"])


def downgrade() -> None:
    op.drop_table("blacklist_entries")
    op.drop_table("complaint_files")
    op.drop_table("complaints")
    op.drop_table("provider_ratings")
