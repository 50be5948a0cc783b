"""precomputed matches: each need's ranked products, read back by the need page and leads

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:40:00
"""

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ranked_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("pool_position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("model_version", sa.String(length=32), nullable=False),
        sa.Column("computed_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_ranked_matches_need_id_needs")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_ranked_matches_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisations.id"],
            name=op.f("fk_ranked_matches_provider_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranked_matches")),
    )
    with op.batch_alter_table("ranked_matches") as batch:
        batch.create_index("ix_ranked_matches_need_rank", ["need_id", "rank"], unique=False)
        batch.create_index(batch.f("ix_ranked_matches_product_id"), ["product_id"], unique=False)
        batch.create_index(
            batch.f("ix_ranked_matches_provider_id"), ["provider_id"], unique=False
        )
    op.create_table(
        "need_rankings",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=32), nullable=False),
        sa.Column("computed_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_rankings_need_id_needs")
        ),
        sa.PrimaryKeyConstraint("need_id", name=op.f("pk_need_rankings")),
    )
    op.create_table(
        "lead_candidates",
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_lead_candidates_need_id_needs")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisations.id"],
            name=op.f("fk_lead_candidates_provider_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("provider_id", "need_id", name=op.f("pk_lead_candidates")),
    )
    with op.batch_alter_table("lead_candidates") as batch:
        batch.create_index(batch.f("ix_lead_candidates_need_id"), ["need_id"], unique=False)
    op.create_table(
        "lead_candidate_sets",
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("is_stale", sa.Boolean(), nullable=False),
        sa.Column("computed_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisations.id"],
            name=op.f("fk_lead_candidate_sets_provider_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("provider_id", name=op.f("pk_lead_candidate_sets")),
    )


def downgrade() -> None:
    op.drop_table("lead_candidate_sets")
    with op.batch_alter_table("lead_candidates") as batch:
        batch.drop_index("ix_lead_candidates_need_id")
    op.drop_table("lead_candidates")
    op.drop_table("need_rankings")
    with op.batch_alter_table("ranked_matches") as batch:
        batch.drop_index("ix_ranked_matches_provider_id")
        batch.drop_index("ix_ranked_matches_product_id")
        batch.drop_index("ix_ranked_matches_need_rank")
    op.drop_table("ranked_matches")
