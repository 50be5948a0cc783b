"""Throttling shared by every worker and host: the marks live in the database.

Two kinds of limit, both declared in LIMITS (the one place their figures live):
- with a lock-out (sign-in, API tokens): once `attempts` failures of one key fall within
  `window`, a lock mark closes the key for `lockout`; a closed key is refused before anything
  else is checked (a refused sign-in does not even look at the password);
- without one (the catalog search): each use is a mark, and a key whose last `window` holds
  `attempts` uses waits until the oldest of them leaves the window.

Limits per client address can be switched off (RATE_LIMITS_ENABLED=0) for a benchmark whose
simulated users all come from 127.0.0.1; the per-account limit stays on.

Marks older than PRUNE_AFTER are deleted as new ones are written. The services flush; the
caller commits, and must commit a failure it records even though the request then fails.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from marketplace.extensions import db
from marketplace.services.errors import Throttled
from models import ThrottleMark, utcnow


class SignInLocked(Throttled):
    code = "sign_in_locked"


class TokenAttemptsLocked(Throttled):
    code = "token_attempts_locked"


class SearchRateLimited(Throttled):
    code = "search_rate_limited"


@dataclass(frozen=True)
class Limit:
    attempts: int
    window: timedelta
    lockout: timedelta | None  # None: a sliding window without a lock
    error: type[Throttled]


LIMITS = {
    # wrong passwords for one email (known or not), and from one client address
    "sign_in_account": Limit(5, timedelta(minutes=15), timedelta(minutes=15), SignInLocked),
    "sign_in_address": Limit(20, timedelta(minutes=15), timedelta(minutes=15), SignInLocked),
    # bearer tokens that match no token, from one client address
    "api_token_address": Limit(
        20, timedelta(minutes=15), timedelta(minutes=15), TokenAttemptsLocked
    ),
    # catalog searches (each runs the sentence encoder), per client address
    "search_address": Limit(60, timedelta(minutes=1), None, SearchRateLimited),
}
PRUNE_AFTER = max(max(limit.window, limit.lockout or limit.window) for limit in LIMITS.values())


def digest(key: str) -> str:
    return hashlib.sha256((key or "").encode("utf-8")).hexdigest()


def _marks(bucket: str, key: str, since: datetime, is_lock: bool):
    return select(ThrottleMark.at).where(
        ThrottleMark.bucket == bucket,
        ThrottleMark.key_digest == digest(key),
        ThrottleMark.is_lock.is_(is_lock),
        ThrottleMark.at > since,
    )


def refused_until(bucket: str, key: str, now: datetime | None = None) -> datetime | None:
    """When `key` may try again, or None when it may now."""
    limit, now = LIMITS[bucket], now or utcnow()
    if limit.lockout is not None:
        query = _marks(bucket, key, now - limit.lockout, is_lock=True)
        locked_at = db.session.scalar(query.with_only_columns(func.max(ThrottleMark.at)))
        return locked_at + limit.lockout if locked_at is not None else None
    times = list(db.session.scalars(_marks(bucket, key, now - limit.window, False).order_by("at")))
    if len(times) < limit.attempts:
        return None
    return times[len(times) - limit.attempts] + limit.window


def _applies(bucket: str, key: str | None) -> bool:
    """A missing key (no client address) is never throttled."""
    if key is None:
        return False
    return not bucket.endswith("_address") or current_app.config.get("RATE_LIMITS_ENABLED", True)


def check(bucket: str, key: str | None, now: datetime | None = None) -> None:
    """Raise the limit's Throttled error (with `until`, `minutes`, `seconds`) while `key`
    is refused."""
    if not _applies(bucket, key):
        return
    now = now or utcnow()
    until = refused_until(bucket, key, now)
    if until is not None and until > now:
        wait = (until - now).total_seconds()
        raise LIMITS[bucket].error(
            until=until, seconds=math.ceil(wait), minutes=max(1, math.ceil(wait / 60))
        )


def record(bucket: str, key: str | None, now: datetime | None = None) -> None:
    """Count one failure (or, for a sliding window, one use) of `key`; lock it when the
    failures within the window reach the limit."""
    if not _applies(bucket, key):
        return
    limit, now = LIMITS[bucket], now or utcnow()
    db.session.execute(delete(ThrottleMark).where(ThrottleMark.at < now - PRUNE_AFTER))
    db.session.add(ThrottleMark(bucket=bucket, key_digest=digest(key), at=now))
    db.session.flush()
    if limit.lockout is None:
        return
    counted = _marks(bucket, key, now - limit.window, False).with_only_columns(func.count())
    if db.session.scalar(counted) >= limit.attempts and refused_until(bucket, key, now) is None:
        db.session.add(ThrottleMark(bucket=bucket, key_digest=digest(key), at=now, is_lock=True))
        db.session.flush()


def spend(bucket: str, key: str | None) -> None:
    """One use of a sliding-window limit: refused (Throttled) when the window is full,
    else counted."""
    check(bucket, key)
    record(bucket, key)


def clear(bucket: str, key: str, *, with_lock: bool = False) -> None:
    """Forget the failures of `key` (a successful sign-in); a lock stays unless `with_lock`
    (an official giving the account a temporary password opens it at once)."""
    query = delete(ThrottleMark).where(
        ThrottleMark.bucket == bucket, ThrottleMark.key_digest == digest(key)
    )
    if not with_lock:
        query = query.where(ThrottleMark.is_lock.is_(False))
    db.session.execute(query)
