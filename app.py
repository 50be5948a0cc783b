"""Entry point: `flask --app app run`."""

import marketplace

app = marketplace.create_app()
