"""notifications, email preferences and the mail outbox; messages on quote requests and
projects; providers' interest in leads

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 13:30:00
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}"
    )


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_type", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("args", sa.JSON(), nullable=True),
        sa.Column("dedupe_key", sa.String(80), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        _fk("notifications", "user_id", "users"),
        _fk("notifications", "event_id", "events"),
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_notifications_user_id"),
    )
    op.create_index("ix_notifications_created_at", "notifications", ["created_at"])
    op.create_index("ix_notifications_user_unread", "notifications", ["user_id", "read_at"])
    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("is_email", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notification_preferences"),
        _fk("notification_preferences", "user_id", "users"),
        sa.UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_id"),
    )
    op.create_index(
        "ix_notification_preferences_user_id", "notification_preferences", ["user_id"]
    )
    op.create_table(
        "outbound_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.String(120), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbound_mails"),
    )
    op.create_index("ix_outbound_mails_next_attempt_at", "outbound_mails", ["next_attempt_at"])
    op.create_index("ix_outbound_mails_sent_at", "outbound_mails", ["sent_at"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_type", sa.String(32), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
        _fk("messages", "author_id", "users"),
        _fk("messages", "organisation_id", "organisations"),
        _fk("messages", "attachment_id", "attachments"),
    )
    op.create_index("ix_messages_thread", "messages", ["thread_type", "thread_id"])
    op.create_table(
        "lead_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("quote_request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lead_interests"),
        _fk("lead_interests", "need_id", "needs"),
        _fk("lead_interests", "provider_id", "organisations"),
        _fk("lead_interests", "product_id", "products"),
        _fk("lead_interests", "author_id", "users"),
        _fk("lead_interests", "quote_request_id", "quote_requests"),
        sa.UniqueConstraint("need_id", "provider_id", name="uq_lead_interests_need_id"),
    )
    op.create_index("ix_lead_interests_need_id", "lead_interests", ["need_id"])
    op.create_index("ix_lead_interests_provider_id", "lead_interests", ["provider_id"])
    op.create_index("ix_lead_interests_status", "lead_interests", ["status"])


def downgrade() -> None:
    for table in (
        "lead_interests",
        "messages",
        "outbound_mails",
        "notification_preferences",
        "notifications",
    ):
        op.drop_table(table)
