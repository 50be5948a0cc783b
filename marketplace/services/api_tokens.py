"""Issuing, checking and revoking API tokens for machine clients.

Tokens are 256-bit random strings; a fast SHA-256 digest is enough to store them because,
unlike passwords, they cannot be guessed from a dictionary.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.accounts import normalise_email
from marketplace.services.errors import InvalidInput, NotAllowed
from models import ApiToken, User, utcnow

TOKEN_PREFIX = "szt_"
# how long a token lives: the choices offered, and the one given when none is asked for
EXPIRY_DAYS_CHOICES = (30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90
# last_used_at is bookkeeping, not an audit trail: do not write on every request
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str, days: int = DEFAULT_EXPIRY_DAYS) -> tuple[ApiToken, str]:
    """A new token for `user` that expires in `days` (1..365); returns the row and the plain
    token, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("token_name_required")
    if not user.is_enabled:
        raise InvalidInput("user_disabled")
    if not isinstance(days, int) or not 1 <= days <= max(EXPIRY_DAYS_CHOICES):
        raise InvalidInput("token_days", longest=max(EXPIRY_DAYS_CHOICES))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name[:64],
        prefix=raw[:12],
        token_hash=digest(raw),
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    return token, raw


def issue_token_for_email(
    email: str, name: str, days: int = DEFAULT_EXPIRY_DAYS
) -> tuple[ApiToken, str]:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise InvalidInput("unknown_user", email=email)
    return issue_token(user, name, days)


def find_token(raw_token: str) -> ApiToken | None:
    """The token with this value, whatever its state (None when it matches none)."""
    if not raw_token or not raw_token.startswith(TOKEN_PREFIX):
        return None
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw_token)))


def owner_of_token(raw_token: str) -> User:
    """The owner of a usable token, noting when it was used. Raises InvalidInput
    'token_invalid' (no such token, revoked, or owner disabled) or 'token_expired'."""
    token = find_token(raw_token)
    if token is None or token.is_revoked or not token.user.is_enabled:
        raise InvalidInput("token_invalid")
    if token.is_expired:
        raise InvalidInput("token_expired", expired_at=token.expires_at)
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user


def user_for_token(raw_token: str) -> User | None:
    """The owner of a usable token, or None."""
    try:
        return owner_of_token(raw_token)
    except InvalidInput:
        return None


def revoke_token(token: ApiToken, actor: User | None = None) -> ApiToken:
    """Revoke at once; `actor` (None from the command line) must be the owner."""
    if actor is not None and actor.id != token.user_id:
        raise NotAllowed("not_token_owner")
    if not token.is_revoked:
        token.is_revoked = True
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def list_tokens(email: str | None = None) -> list[ApiToken]:
    query = select(ApiToken).join(ApiToken.user).order_by(ApiToken.id)
    if email:
        query = query.where(User.email == normalise_email(email))
    return list(db.session.scalars(query))


def tokens_of(user: User) -> list[ApiToken]:
    """The user's own tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))
