"""Workflows across entities: verb_noun functions that flush and never commit."""
