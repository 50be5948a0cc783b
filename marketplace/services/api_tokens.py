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
from marketplace.services.errors import InvalidInput
from models import ApiToken, User, utcnow

TOKEN_PREFIX = "szt_"
# last_used_at is bookkeeping, not an audit trail: do not write on every request
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the plain token, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("token_name_required")
    if not user.is_enabled:
        raise InvalidInput("user_disabled")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name[:64], prefix=raw[:12], token_hash=digest(raw))
    db.session.add(token)
    db.session.flush()
    return token, raw


def issue_token_for_email(email: str, name: str) -> tuple[ApiToken, str]:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise InvalidInput("unknown_user", email=email)
    return issue_token(user, name)


def user_for_token(raw_token: str) -> User | None:
    """The owner of a valid token (not revoked, owner enabled), noting when it was used."""
    if not raw_token or not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw_token)))
    if token is None or not token.is_usable:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user


def revoke_token(token: ApiToken) -> ApiToken:
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
