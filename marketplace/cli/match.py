"""`flask match …`: evaluate, bench and train the matcher."""

import click


@click.group("match")
def match() -> None:
    """Matching: evaluation on labelled sets, benchmarks, re-ranker training."""
