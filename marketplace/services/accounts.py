"""Accounts: staff users created from the command line, sign-in (throttled), the user's
own password change, and account administration by city officials and admins."""

import secrets

from sqlalchemy import or_, select

from marketplace.extensions import db
from marketplace.services import throttle
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import record_event
from models import District, User, utcnow
from models.user import check_dummy_password

MIN_PASSWORD_LENGTH = 8


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
    if len(password or "") < MIN_PASSWORD_LENGTH:
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


def sign_in(email: str, password: str, address: str | None = None) -> User:
    """The user with these credentials, stamped with the login time.

    Refused first, without looking at the password, while the email or the client
    `address` is locked (throttle.SignInLocked). A wrong password, for a known email or
    an unknown one alike, is counted against both and raises InvalidInput('bad_credentials');
    the caller commits that count. NotAllowed('account_disabled') only when the password is
    right but the account was switched off (only then is that revealed).
    """
    email = normalise_email(email)
    throttle.check("sign_in_account", email)
    throttle.check("sign_in_address", address)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        check_dummy_password(password or "")  # as long as a real check: no enumeration
    if user is None or not user.check_password(password or ""):
        throttle.record("sign_in_account", email)
        throttle.record("sign_in_address", address)
        raise InvalidInput("bad_credentials")
    throttle.clear("sign_in_account", email)
    if not user.is_enabled:
        raise NotAllowed("account_disabled")
    user.last_login_at = utcnow()
    return user


def change_password(user: User, current: str, new: str, confirmation: str) -> User:
    """The user's own change: the current password is required (a wrong one counts as a
    failed sign-in, so an unattended session cannot be used to guess it)."""
    throttle.check("sign_in_account", user.email)
    if not user.check_password(current or ""):
        throttle.record("sign_in_account", user.email)
        raise InvalidInput("wrong_current_password")
    if len(new or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password_too_short")
    if new != confirmation:
        raise InvalidInput("password_mismatch")
    if new == current:
        raise InvalidInput("password_unchanged")
    from_state = user.account_state
    user.set_password(new)
    user.must_change_password = False
    record_event(user, from_state, user.account_state, user, reason_code="password_changed")
    db.session.flush()
    return user


# --- account administration by city officials and admins ---------------------------------


def _require_manageable(target: User, actor: User) -> None:
    if actor.id == target.id:
        raise NotAllowed("own_account")
    if not target.can_be_managed_by(actor):
        raise NotAllowed("not_account_manager")


def _typed_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required")
    return reason[:500]


def disable_account(target: User, actor: User, reason: str) -> User:
    """Switch the account off: its sessions and API tokens stop working at once."""
    _require_manageable(target, actor)
    reason = _typed_reason(reason)
    if not target.is_enabled:
        raise InvalidInput("account_already_disabled")
    from_state = target.account_state
    target.is_enabled = False
    record_event(target, from_state, "disabled", actor, reason, reason_code="account_disabled")
    db.session.flush()
    return target


def enable_account(target: User, actor: User, reason: str) -> User:
    _require_manageable(target, actor)
    reason = _typed_reason(reason)
    if target.is_enabled:
        raise InvalidInput("account_already_enabled")
    target.is_enabled = True
    record_event(
        target, "disabled", target.account_state, actor, reason, reason_code="account_enabled"
    )
    db.session.flush()
    return target


def set_temporary_password(target: User, actor: User, reason: str) -> str:
    """Give the account a new random password, returned once to be passed on, which must be
    changed at the next sign-in; a sign-in lock on the account is lifted."""
    _require_manageable(target, actor)
    reason = _typed_reason(reason)
    from_state = target.account_state
    password = secrets.token_urlsafe(9)
    target.set_password(password)
    target.must_change_password = True
    throttle.clear("sign_in_account", target.email, with_lock=True)
    record_event(
        target,
        from_state,
        target.account_state,
        actor,
        reason,
        reason_code="temporary_password_set",
    )
    db.session.flush()
    return password


def managed_users_query(actor: User, q: str | None = None, role=None, state=None):
    """The accounts `actor` manages, filtered by name or email, role and state, by name."""
    query = select(User).where(User.manageable_by(actor)).order_by(User.name, User.id)
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(or_(User.name.ilike(pattern), User.email.ilike(pattern)))
    if role:
        query = query.where(User.role == role)
    if state == "disabled":
        query = query.where(User.is_enabled.is_(False))
    elif state == "enabled":
        query = query.where(User.is_enabled.is_(True), User.must_change_password.is_(False))
    elif state == "must_change_password":
        query = query.where(User.is_enabled.is_(True), User.must_change_password.is_(True))
    return query
