"""`flask notify due` (deadline reminders) and `flask mail send` (the outbox)."""

import click
from flask.cli import with_appcontext

from marketplace.extensions import db
from marketplace.services.mail import send_due
from marketplace.services.notifications import notify_due


@click.group("notify")
def notify() -> None:
    """Notifications."""


@notify.command("due")
@with_appcontext
def due() -> None:
    """Remind of project end dates and rectification deadlines near or passed (run daily;
    each reminder is written once per project and deadline), then send their mails."""
    made = notify_due()
    db.session.commit()
    counts = send_due()
    click.echo(f"{made} reminder(s); mail sent {counts['sent']}, failed {counts['failed']}")


@click.group("mail")
def mail() -> None:
    """The outbox of mails."""


@mail.command("send")
@with_appcontext
def send() -> None:
    """Send the mails that are due, retrying failed ones after their pause (run every minute)."""
    counts = send_due()
    click.echo(f"mail sent {counts['sent']}, failed {counts['failed']}")
