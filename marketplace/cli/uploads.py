"""`flask uploads sweep`: remove uploaded files that no committed row names."""

import click
from flask.cli import with_appcontext

from marketplace.services.attachments import ORPHAN_AGE_SECONDS, sweep_orphan_files


@click.group("uploads")
def uploads() -> None:
    """Uploaded files."""


@uploads.command("sweep")
@click.option(
    "--min-age",
    default=ORPHAN_AGE_SECONDS,
    show_default=True,
    help="Seconds a file must be old before it counts as orphaned.",
)
@with_appcontext
def sweep(min_age: int) -> None:
    """Remove files left by a process killed between writing a file and committing its row."""
    removed = sweep_orphan_files(min_age)
    click.echo(f"removed {len(removed)} orphaned file(s)")
