"""Which page of a list to show: every paginated HTML view reads ?page= here.

A page number that means nothing (a word, 0, -1) shows the first page, one past the end
shows the last page: a stale or hand-edited link still lands on a list, as it would with a
pager's own "first" and "last" buttons.
"""

from flask import current_app, request
from sqlalchemy import Select

from marketplace.extensions import db

# beyond this the offset alone would overflow a query; no list here has that many pages
MAX_PAGE = 100_000


def page_arg() -> int:
    raw = request.args.get("page", "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def paginate(query: Select, per_page: int | None = None):
    """The requested page of `query` (a Flask-SQLAlchemy Pagination), clamped to the list."""
    per_page = per_page or current_app.config["PER_PAGE"]
    page = db.paginate(query, page=page_arg(), per_page=per_page, error_out=False)
    if page.page > page.pages > 0:
        page = db.paginate(query, page=page.pages, per_page=per_page, error_out=False)
    return page


class ListPage:
    """One page of an already computed list, with the interface of db.paginate's pages."""

    def __init__(self, items: list, page: int, per_page: int):
        self.total = len(items)
        self.per_page = per_page
        self.pages = max(1, -(-self.total // per_page))
        self.page = min(max(1, page), self.pages)
        self.items = items[(self.page - 1) * per_page : self.page * per_page]
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1

    def iter_pages(self, **_):
        return iter(range(1, self.pages + 1))


def paginate_list(items: list, per_page: int | None = None) -> ListPage:
    return ListPage(items, page_arg(), per_page or current_app.config["PER_PAGE"])
