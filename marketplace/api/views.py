"""JSON API for data exchange with provincial/national platforms."""

from flask import Blueprint

bp = Blueprint("api", __name__)
