"""Single-user server time of the main pages on a seeded demo database, in ms per page.

    PYTHONPATH=$PWD .venv/bin/python scripts/page_timings.py [DATABASE_FILE] [--runs N]

Works on a copy of the database (the pages record what they showed) and of its search
folder (DATABASE_FILE's sibling `search/`, else SEARCH_INDEX_DIR); without a file, seeds
a fresh demo database in a temporary folder first. Each page is fetched once to warm up,
then N times (default 5); the median is printed, with the 100 ms target beside it.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 100


def prepare(database: str | None, folder: Path) -> tuple[str, str]:
    """(database URL, search folder) of a working copy in `folder`."""
    copy = folder / "demo.sqlite"
    search = folder / "search"
    if database:
        shutil.copy(database, copy)
        source = Path(database).with_name("search")
        if not source.is_dir():
            source = Path(os.environ.get("SEARCH_INDEX_DIR", ""))
        shutil.copytree(source, search)
        return f"sqlite:///{copy}", str(search)
    from marketplace import create_app

    app = create_app(config(f"sqlite:///{copy}", str(search)))
    runner = app.test_cli_runner()
    for command in (["init-db"], ["seed-demo"]):
        result = runner.invoke(args=command)
        if result.exit_code:
            sys.exit(result.output)
    return f"sqlite:///{copy}", str(search)


def config(url: str, search: str) -> dict:
    return {
        "SECRET_KEY": os.urandom(16).hex(),
        "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_INDEX_DIR": search,
        "RATE_LIMITS_ENABLED": False,
    }


def pages(app) -> list[tuple[str, str | None, str]]:
    """(label, account email or None, path) of the pages measured, ids from the data."""
    from sqlalchemy import func, select

    from marketplace.extensions import db
    from models import Need, Product, QuoteRequest, User

    with app.app_context():
        product = db.session.scalar(select(Product.id).where(Product.is_visible).limit(1))
        need = db.session.execute(
            select(Need.id, User.email)
            .join(QuoteRequest, QuoteRequest.need_id == Need.id)
            .join(User, User.organisation_id == Need.enterprise_id)
            .where(Need.status == Need.OPEN_STATUS)
            .group_by(Need.id, User.email)
            .order_by(func.count(QuoteRequest.id).desc(), Need.id)
            .limit(1)
        ).first()
    enterprise = need.email
    return [
        ("home", None, "/"),
        ("catalog", None, "/catalog/browse"),
        ("catalog search", None, "/catalog/browse?q=设备联网"),
        ("product page", None, f"/catalog/products/{product}"),
        ("need page with matches", enterprise, f"/needs/{need.id}"),
        ("quote comparison", enterprise, f"/quotes/need/{need.id}/compare"),
        ("enterprise needs", enterprise, "/needs/my-needs"),
        ("provider inbox", "prov.xiamen@demo.cn", "/quotes/inbox"),
        ("leads", "prov.xiamen@demo.cn", "/needs/leads"),
        ("provider products", "prov.xiamen@demo.cn", "/catalog/my-products"),
        ("official dashboard", "official.xiamen@demo.cn", "/supervision/dashboard"),
        ("review queue", "official.xiamen@demo.cn", "/supervision/review-queue"),
        ("supervision needs", "official.xiamen@demo.cn", "/supervision/needs"),
        ("supervision providers", "official.xiamen@demo.cn", "/supervision/providers"),
        ("supervision products", "official.xiamen@demo.cn", "/supervision/products"),
        ("supervision enterprises", "official.xiamen@demo.cn", "/supervision/enterprises"),
    ]


def sign_in(app, client, email: str | None) -> None:
    """Put the account in the session, as Flask-Login does at sign-in (no password hashing
    in the figures)."""
    from sqlalchemy import select

    from marketplace.extensions import db
    from models import User

    with client.session_transaction() as session:
        session.clear()
        if email:
            with app.app_context():
                user_id = db.session.scalar(select(User.id).where(User.email == email))
            session["_user_id"] = str(user_id)
            session["_fresh"] = True


def measure(app, runs: int) -> list[tuple[str, float, int]]:
    from marketplace.services import indexing

    with app.app_context():  # the encoder and indexes load once per process, not per page
        indexing.product_engine().encode_query("设备联网")
        indexing.need_engine()
    results = []
    client = app.test_client()
    for label, email, path in pages(app):
        sign_in(app, client, email)
        status = client.get(path).status_code
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        results.append((label, statistics.median(times), status))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", help="demo SQLite file (else a fresh seed)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from marketplace import create_app

    with tempfile.TemporaryDirectory(prefix="page-timings-") as folder:
        url, search = prepare(args.database, Path(folder))
        app = create_app(config(url, search))
        results = measure(app, args.runs)
        with app.app_context():
            from marketplace.extensions import db

            db.engine.dispose()
    width = max(len(label) for label, _, _ in results)
    print(f"{'page':<{width}}  {'ms':>7}  status  (target ≤ {TARGET_MS} ms)")
    for label, ms, status in results:
        flag = "" if ms <= TARGET_MS else "  over"
        print(f"{label:<{width}}  {ms:7.1f}  {status:>6}{flag}")


if __name__ == "__main__":
    main()
