"""Email through an outbox. A mail is a row written in the transaction of the change it
tells of (so a rolled-back change sends nothing), rendered then in the recipient's language.
After the commit the request that queued it sends it once its response is out
(`register_mail_after_commit`); whatever fails waits for `flask mail send` (cron, every
minute or so), which retries with growing pauses. Sending never raises into a user's action.

SMTP is configured by MAIL_SERVER, MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS and
MAIL_DEFAULT_SENDER (marketplace/config.py); without MAIL_SERVER nothing is mailed."""

import contextlib
import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, g, has_app_context, render_template
from flask_babel import force_locale
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from marketplace.extensions import db
from models import OutboundMail, utcnow

log = logging.getLogger(__name__)

_QUEUED_KEY = "mails_queued"
MAX_ATTEMPTS = 8
CLAIM = timedelta(minutes=5)  # how long a sender holds a mail before another may try it


def backoff(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failure: 1, 2, 4 … minutes, at most 4 hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 240))


def site_url(path: str) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + path


def url_path(endpoint: str, **values) -> str:
    """A URL path outside any request (mails are also written by CLI commands)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def queue_mail(to_address: str, subject: str, body: str) -> OutboundMail:
    mail = OutboundMail(to_address=to_address, subject=subject[:200], body=body)
    db.session.add(mail)
    db.session.flush()
    db.session.info.setdefault(_QUEUED_KEY, []).append(mail.id)
    return mail


def queue_notification_mail(user, notification) -> OutboundMail:
    """The mail of a notification, in the user's language (default Chinese)."""
    from marketplace import wording
    from marketplace.services.notification_links import link_of

    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = wording.notification(notification)
        endpoint, values = link_of(notification)
        subject = render_template("mail/subject.txt", text=text).strip()
        body = render_template(
            "mail/notification.txt",
            user=user,
            text=text,
            link=site_url(url_path(endpoint, **values)),
            preferences=site_url(url_path("notifications.preferences")),
        )
    return queue_mail(user.email, subject, body)


def _connect():
    config = current_app.config
    smtp = smtplib.SMTP(
        config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]
    )
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _as_email(mail: OutboundMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    return message


def _claim(mail_id: int, session: Session) -> OutboundMail | None:
    """Take a due mail for this sender (another worker's claim wins over ours)."""
    now = utcnow()
    taken = session.execute(
        update(OutboundMail)
        .where(
            OutboundMail.id == mail_id,
            OutboundMail.sent_at.is_(None),
            OutboundMail.attempts < MAX_ATTEMPTS,
            OutboundMail.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + CLAIM)
    )
    session.commit()
    return session.get(OutboundMail, mail_id) if taken.rowcount == 1 else None


def send_due(ids=None, limit: int = 200) -> dict[str, int]:
    """Send the mails that are due (only `ids`, if given); returns {'sent', 'failed'}.
    A failure counts an attempt and sets the next one after `backoff`."""
    counts = {"sent": 0, "failed": 0}
    if not current_app.config.get("MAIL_SERVER"):
        return counts
    with Session(db.engine, expire_on_commit=False) as session:
        query = select(OutboundMail.id).where(
            OutboundMail.sent_at.is_(None),
            OutboundMail.attempts < MAX_ATTEMPTS,
            OutboundMail.next_attempt_at <= utcnow(),
        )
        if ids is not None:
            query = query.where(OutboundMail.id.in_(list(ids)))
        due = list(session.scalars(query.order_by(OutboundMail.id).limit(limit)))
        smtp = None
        for mail_id in due:
            mail = _claim(mail_id, session)
            if mail is None:
                continue
            try:
                smtp = smtp or _connect()
                smtp.send_message(_as_email(mail))
            except (OSError, smtplib.SMTPException) as error:
                smtp = _close(smtp)
                mail.attempts += 1
                mail.next_attempt_at = utcnow() + backoff(mail.attempts)
                mail.last_error = f"{type(error).__name__}: {error}"[:300]
                counts["failed"] += 1
                log.warning("mail %s to %s not sent: %s", mail.id, mail.to_address, error)
            else:
                mail.attempts += 1
                mail.sent_at = utcnow()
                counts["sent"] += 1
            session.commit()
        _close(smtp)
    return counts


def _close(smtp) -> None:
    if smtp is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()
    return None


def _mails_committed(session: Session) -> None:
    ids = session.info.pop(_QUEUED_KEY, None)
    if ids and has_app_context():
        g.setdefault("mails_to_send", []).extend(ids)


def _mails_dropped(session: Session, previous_transaction=None) -> None:
    session.info.pop(_QUEUED_KEY, None)


def register_mail_after_commit(app) -> None:
    """Committed mails go out once the response that queued them is sent; never raises."""
    if not event.contains(Session, "after_commit", _mails_committed):
        event.listen(Session, "after_commit", _mails_committed)
        event.listen(Session, "after_soft_rollback", _mails_dropped)

    @app.after_request
    def send_after_response(response):
        ids = g.pop("mails_to_send", None)
        if ids and app.config.get("MAIL_SEND_AFTER_REQUEST", True):
            response.call_on_close(lambda: _send_quietly(app, ids))
        return response


def _send_quietly(app, ids) -> None:
    try:
        with app.app_context():
            send_due(ids)
    except Exception:  # the action is committed; `flask mail send` retries what is left
        log.exception("sending mails after the request failed; they wait for `flask mail send`")
