"""expert review: the experts' pool, their conflicts, panels, scores and 公示 objections;
selection rounds and their nominations

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 16:22:26
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expert_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("publicity_ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_expert_reviews_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_expert_reviews_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_expert_reviews_district_id_districts")
        ),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilot_cities.id"], name=op.f("fk_expert_reviews_pilot_id_pilot_cities")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisations.id"],
            name=op.f("fk_expert_reviews_provider_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_reviews")),
    )
    with op.batch_alter_table("expert_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expert_reviews_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_expert_reviews_pilot_id"), ["pilot_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_expert_reviews_provider_id"), ["provider_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_expert_reviews_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_expert_reviews_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "experts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("affiliation", sa.String(length=120), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilot_cities.id"], name=op.f("fk_experts_pilot_id_pilot_cities")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_experts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts")),
        sa.UniqueConstraint("user_id", name=op.f("uq_experts_user_id")),
    )
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experts_pilot_id"), ["pilot_id"], unique=False)

    op.create_table(
        "expert_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("declared_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declared_by_id"], ["users.id"], name=op.f("fk_expert_conflicts_declared_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["experts.id"], name=op.f("fk_expert_conflicts_expert_id_experts")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_expert_conflicts_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_conflicts")),
    )
    with op.batch_alter_table("expert_conflicts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expert_conflicts_credit_code"), ["credit_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_expert_conflicts_expert_id"), ["expert_id"], unique=False
        )

    op.create_table(
        "expert_sub_industries",
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("sub_industry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["experts.id"], name=op.f("fk_expert_sub_industries_expert_id_experts")
        ),
        sa.ForeignKeyConstraint(
            ["sub_industry_id"],
            ["sub_industries.id"],
            name=op.f("fk_expert_sub_industries_sub_industry_id_sub_industries"),
        ),
        sa.PrimaryKeyConstraint(
            "expert_id", "sub_industry_id", name=op.f("pk_expert_sub_industries")
        ),
    )
    op.create_table(
        "panel_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("total", sa.Double(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("scored_at", UTCDateTime(), nullable=True),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["experts.id"], name=op.f("fk_panel_seats_expert_id_experts")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["expert_reviews.id"],
            name=op.f("fk_panel_seats_review_id_expert_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_seats")),
        sa.UniqueConstraint("review_id", "expert_id", name=op.f("uq_panel_seats_review_id")),
    )
    with op.batch_alter_table("panel_seats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_seats_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_panel_seats_review_id"), ["review_id"], unique=False)

    op.create_table(
        "publicity_objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["filed_by_id"], ["users.id"], name=op.f("fk_publicity_objections_filed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_publicity_objections_resolved_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["expert_reviews.id"],
            name=op.f("fk_publicity_objections_review_id_expert_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publicity_objections")),
    )
    with op.batch_alter_table("publicity_objections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publicity_objections_review_id"), ["review_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_publicity_objections_status"), ["status"], unique=False
        )

    op.create_table(
        "selection_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_selection_rounds_opened_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilot_cities.id"], name=op.f("fk_selection_rounds_pilot_id_pilot_cities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selection_rounds")),
    )
    with op.batch_alter_table("selection_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_selection_rounds_pilot_id"), ["pilot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_selection_rounds_status"), ["status"], unique=False)

    op.create_table(
        "nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("nominated_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("award_item", sa.String(length=40), nullable=True),
        sa.Column("award_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nominated_by_id"], ["users.id"], name=op.f("fk_nominations_nominated_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_nominations_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_nominations_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["selection_rounds.id"], name=op.f("fk_nominations_round_id_selection_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nominations")),
        sa.UniqueConstraint(
            "round_id", "organisation_id", "product_id", name=op.f("uq_nominations_round_id")
        ),
    )
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nominations_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_nominations_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominations_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nominations_status"))
        batch_op.drop_index(batch_op.f("ix_nominations_round_id"))
        batch_op.drop_index(batch_op.f("ix_nominations_organisation_id"))

    op.drop_table("nominations")
    with op.batch_alter_table("selection_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selection_rounds_status"))
        batch_op.drop_index(batch_op.f("ix_selection_rounds_pilot_id"))

    op.drop_table("selection_rounds")
    with op.batch_alter_table("publicity_objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publicity_objections_status"))
        batch_op.drop_index(batch_op.f("ix_publicity_objections_review_id"))

    op.drop_table("publicity_objections")
    with op.batch_alter_table("panel_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_seats_review_id"))
        batch_op.drop_index(batch_op.f("ix_panel_seats_expert_id"))

    op.drop_table("panel_seats")
    op.drop_table("expert_sub_industries")
    with op.batch_alter_table("expert_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expert_conflicts_expert_id"))
        batch_op.drop_index(batch_op.f("ix_expert_conflicts_credit_code"))

    op.drop_table("expert_conflicts")
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_pilot_id"))

    op.drop_table("experts")
    with op.batch_alter_table("expert_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expert_reviews_subject_id"))
        batch_op.drop_index(batch_op.f("ix_expert_reviews_status"))
        batch_op.drop_index(batch_op.f("ix_expert_reviews_provider_id"))
        batch_op.drop_index(batch_op.f("ix_expert_reviews_pilot_id"))
        batch_op.drop_index(batch_op.f("ix_expert_reviews_created_at"))

    op.drop_table("expert_reviews")
