"""`flask index status | check [--repair] | sync`: this host's search index against the
database. The command forms are fixed (other tools call them)."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from marketplace.extensions import db
from marketplace.services import index_check, index_outbox, indexing
from models import utcnow
from search_index import folders


@click.group("index")
def index() -> None:
    """This host's search index: status, drift check and repair, catching up."""


@index.command("status")
@with_appcontext
def status() -> None:
    """Documents per collection, pending tasks and the age of the oldest, the last rebuild."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    for kind in indexing.INDEX_KINDS:
        documents, _ = index_check.indexed_documents(kind)
        count, oldest = index_outbox.pending(kind)
        state = folders.read_cursor(folders.live_build(root, kind))
        age = f"{(utcnow() - oldest).total_seconds():.0f} s" if oldest else "-"
        click.echo(
            f"{kind}: {len(documents)} documents, {count} pending tasks "
            f"(oldest {age}), cursor {state['task_id']}, "
            f"last rebuild {state.get('built_at') or 'never'}"
        )


@index.command("check")
@click.option("--repair", is_flag=True, help="Mend the drift through the outbox.")
@with_appcontext
def check(repair: bool) -> None:
    """Compare the index with the database; exit 1 on drift (0 after --repair mends it)."""
    drifts = index_check.check_index()
    for drift in drifts:
        click.echo(
            f"{drift.kind}: {drift.expected} expected, {drift.indexed} indexed; "
            f"missing {len(drift.missing)}, extra {len(drift.extra)}, stale {len(drift.stale)}"
        )
    total = sum(d.count for d in drifts)
    if not total:
        click.echo("no drift")
        return
    if not repair:
        click.echo(f"drift: {total} documents (run with --repair to mend it)")
        sys.exit(1)
    queued = index_check.repair_index(drifts)
    left = sum(d.count for d in index_check.check_index())
    click.echo(f"repaired: {queued} tasks applied, drift left {left}")
    sys.exit(1 if left else 0)


@index.command("sync")
@with_appcontext
def sync() -> None:
    """Apply the tasks this host has not applied yet (after a crash or a lock timeout)."""
    applied = index_outbox.apply_pending()
    pruned = index_outbox.prune_old_tasks()
    db.session.commit()
    click.echo(
        "applied: " + ", ".join(f"{k} {n}" for k, n in applied.items()) + f"; pruned {pruned}"
    )
