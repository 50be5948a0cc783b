"""Accounts: staff users created from the command line, and sign-in."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from models import District, User, utcnow


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_taken(email: str) -> bool:
    return (
        db.session.scalar(select(User.id).where(User.email == normalise_email(email))) is not None
    )


def create_staff_user(*, email, name, role, password, pilot=None, district_name=None) -> User:
    """An official (scoped to a pilot city, optionally a district) or an admin."""
    if role not in ("official", "admin"):
        raise InvalidInput("role")
    if role == "official" and pilot is None:
        raise InvalidInput("pilot_required")
    if email_taken(email):
        raise InvalidInput("email_taken")
    if len(password or "") < 8:
        raise InvalidInput("password_too_short")
    district = None
    if district_name:
        district = db.session.scalar(
            select(District).where(District.pilot_id == pilot.id, District.name == district_name)
        )
        if district is None:
            raise InvalidInput("unknown_district")
    user = User(email=normalise_email(email), name=name, role=role, pilot=pilot, district=district)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.check_password(password) or not user.is_enabled:
        return None
    user.last_login_at = utcnow()
    return user


def sign_in(email: str, password: str) -> User:
    """The user with these credentials, stamped with the login time.

    Raises InvalidInput('bad_credentials'), or NotAllowed('account_disabled') when the
    password is right but the account was switched off (only then is that revealed).
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.check_password(password or ""):
        raise InvalidInput("bad_credentials")
    if not user.is_enabled:
        raise NotAllowed("account_disabled")
    user.last_login_at = utcnow()
    return user
