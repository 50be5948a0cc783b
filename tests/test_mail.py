"""Email: queued with the change it tells of, delivered to a real SMTP server after the
commit, in the recipient's language; a failing server never fails the action, and the mail
is retried by `flask mail send`."""

from datetime import timedelta

from sqlalchemy import delete, select

from marketplace.extensions import db
from models import OutboundMail, QuoteRequest, utcnow
from tests.conftest import first_user


def forget_setup_mails() -> None:
    """The fixtures' vetting steps queued mails of their own (provider and product approved);
    each test starts from an empty outbox."""
    db.session.execute(delete(OutboundMail))
    db.session.commit()


def ask_for_quote(client, login, need, product):
    """The enterprise asks through the page; the response is closed as a WSGI server closes
    it once sent (that is when the request's mails go out)."""
    login(first_user(need.enterprise))
    response = client.post(
        f"/quotes/need/{need.id}/request",
        data={"product_ids": [product.id], "message": "请尽快报价"},
    )
    response.close()
    return response


def test_quote_request_mails_the_provider_through_the_smtp_server(
    client, login, smtp_server, make_need, make_product
):
    need = make_need(title="注塑车间设备联网")
    product = make_product()
    provider_user = first_user(product.provider)

    forget_setup_mails()
    response = ask_for_quote(client, login, need, product)

    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == provider_user.email
    assert "noreply@example.cn" in mail["From"]
    assert "注塑车间设备联网" in mail["Subject"]
    assert "询价" in mail["Subject"]
    request_id = db.session.scalar(select(QuoteRequest.id).where(QuoteRequest.need_id == need.id))
    body = mail.get_content()
    assert f"https://szt.example.cn/quotes/{request_id}" in body
    assert "https://szt.example.cn/notifications/preferences" in body
    assert db.session.scalar(select(OutboundMail.sent_at)) is not None


def test_mail_is_in_the_recipients_language(client, login, smtp_server, make_need, make_product):
    need = make_need(title="仓储条码管理")
    product = make_product()
    first_user(product.provider).locale = "en"
    db.session.commit()
    forget_setup_mails()

    ask_for_quote(client, login, need, product)

    mail = smtp_server.messages[0]
    assert "asked you for a quote" in mail["Subject"]
    assert "仓储条码管理" in mail["Subject"]  # the enterprise's title stays as typed
    assert "View it" in mail.get_content()


def test_no_mail_for_a_kind_the_user_switched_off(
    client, login, smtp_server, make_need, make_product
):
    need = make_need()
    product = make_product()
    login(first_user(product.provider))
    client.post("/notifications/preferences", data={"email": ["quote_accepted"]})
    forget_setup_mails()

    ask_for_quote(client, login, need, product)

    assert smtp_server.messages == []
    assert db.session.scalar(select(OutboundMail.id)) is None


def test_a_refusing_smtp_server_never_fails_the_action_and_the_mail_is_retried(
    client, login, runner, smtp_server, make_need, make_product
):
    need = make_need(title="质量追溯系统")
    product = make_product()
    smtp_server.refusing = True
    forget_setup_mails()

    response = ask_for_quote(client, login, need, product)

    assert response.status_code == 302  # the request was made
    assert db.session.scalar(select(QuoteRequest.id).where(QuoteRequest.need_id == need.id))
    mail = db.session.scalar(select(OutboundMail))
    assert mail.sent_at is None
    assert mail.attempts == 1
    assert "451" in mail.last_error
    assert mail.next_attempt_at > utcnow()  # a pause before the next try

    # not yet due: `flask mail send` leaves it
    result = runner.invoke(args=["mail", "send"])
    assert "sent 0" in result.output
    smtp_server.refusing = False
    mail.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    result = runner.invoke(args=["mail", "send"])

    assert "sent 1" in result.output, result.output
    db.session.expire_all()
    assert db.session.get(OutboundMail, mail.id).sent_at is not None
    assert len(smtp_server.messages) == 1
    assert "质量追溯系统" in smtp_server.messages[0]["Subject"]


def test_an_unreachable_smtp_server_never_fails_the_action(
    app, client, login, make_need, make_product
):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)  # nothing listens
    need = make_need()
    product = make_product()
    forget_setup_mails()

    response = ask_for_quote(client, login, need, product)

    assert response.status_code == 302
    mail = db.session.scalar(select(OutboundMail))
    assert mail.attempts == 1
    assert mail.sent_at is None
    assert mail.last_error


def test_a_rolled_back_change_sends_nothing(app, smtp_server, make_need, make_product):
    from marketplace.services import quotes

    need = make_need()
    product = make_product()
    forget_setup_mails()
    quotes.request_quote_from(need, product.provider, first_user(need.enterprise), product, "")
    db.session.rollback()

    assert db.session.scalar(select(OutboundMail.id)) is None
    assert smtp_server.messages == []


def test_without_mail_server_nothing_is_queued(client, login, make_need, make_product):
    need = make_need()
    product = make_product()

    ask_for_quote(client, login, need, product)

    assert db.session.scalar(select(OutboundMail.id)) is None
