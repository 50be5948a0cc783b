"""What an id in a URL is: a whole number from 1 to 2^31-1, the range of the INTEGER primary
keys on every database here (PostgreSQL refuses a larger number in a comparison with one). The `int` path converter and the query-string reader share that rule, so an
absurd id is a 404 (path) or a 400 (query string), never an overflow deep in a query.

Free text in a query string (a keyword, a name filter) is at most MAX_QUERY_LENGTH characters
and holds no control characters (a NUL cannot even be stored by PostgreSQL), on the HTML pages
(query_text_rule, a form validator: the page says so and leaves the filter out) as in the API
(marketplace/api/args.py: a 400 naming the parameter), and the search service refuses longer
text before it reaches the encoder (services/indexing.py)."""

import re

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter
from wtforms.validators import Length, ValidationError

MAX_ID = 2**31 - 1
MAX_QUERY_LENGTH = 100


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # the same, as a pattern
CONTROL_CHARACTERS_MESSAGE = _l("关键词含有无法识别的控制字符，请重新输入")


def has_control_characters(text: str | None) -> bool:
    return bool(text) and CONTROL_CHARACTERS.search(text) is not None


def query_text_rule():
    """The rule of a free-text filter field read from the query string, with its messages:
    at most MAX_QUERY_LENGTH characters, no control characters."""
    length = Length(max=MAX_QUERY_LENGTH, message=_l("关键词不超过%(max)d字，请缩短后再搜索"))

    def check(form, field):
        length(form, field)
        if has_control_characters(field.data):
            raise ValidationError(CONTROL_CHARACTERS_MESSAGE)

    return check


class IdConverter(IntegerConverter):
    """`<int:...>` that matches only 1..2^31-1; anything else does not match the rule."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BadArgument(BadRequest):
    """A query-string argument that cannot mean anything; the 400 page names it."""

    def __init__(self, argument: str):
        super().__init__()
        self.argument = argument


def register_converters(app) -> None:
    """Before any blueprint: rules pick their converter when they are added."""
    app.url_map.converters["int"] = IdConverter


def id_arg(name: str) -> int | None:
    """The id in ?name=…, None when absent or blank; BadArgument when it is no id at all."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise BadArgument(name)
    return int(raw)
