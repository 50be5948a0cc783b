"""`flask api-token …`: issue, list and revoke the tokens of the JSON API."""

import click
from flask.cli import with_appcontext

from marketplace.extensions import db
from marketplace.services import api_tokens
from marketplace.services.errors import DomainError
from models import ApiToken


@click.group("api-token")
def api_token() -> None:
    """Tokens for machine clients of /api/v1 (provincial and national platforms)."""


@api_token.command("create")
@click.option("--email", required=True, help="The owner: the token acts with this user's scope.")
@click.option("--name", required=True, help="What the token is for, e.g. 省平台对接.")
@click.option(
    "--days",
    type=click.IntRange(1, max(api_tokens.EXPIRY_DAYS_CHOICES)),
    default=api_tokens.DEFAULT_EXPIRY_DAYS,
    show_default=True,
    help="Days until the token expires.",
)
@with_appcontext
def create(email: str, name: str, days: int) -> None:
    """Issue a token and print it once; only its digest is kept."""
    try:
        token, raw = api_tokens.issue_token_for_email(email, name, days)
    except DomainError as error:
        raise click.ClickException(f"无法创建令牌：{error.code} {error.details}") from error
    db.session.commit()
    click.echo(
        f"已为 {token.user.email} 创建令牌 #{token.id}「{token.name}」，"
        f"{token.expires_at:%Y-%m-%d %H:%M} (UTC) 过期，请立即妥善保存（仅显示这一次）："
    )
    click.echo(raw)


@api_token.command("list")
@click.option("--email", help="Only the tokens of this user.")
@with_appcontext
def list_(email: str | None) -> None:
    """The tokens with owner, prefix, creation, last use, expiry and state."""
    tokens = api_tokens.list_tokens(email)
    if not tokens:
        click.echo("没有令牌")
        return
    for t in tokens:
        state = {"revoked": "已吊销", "expired": "已过期"}.get(t.state, "有效")
        used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "从未使用"
        created = t.created_at.strftime("%Y-%m-%d %H:%M")
        expires = t.expires_at.strftime("%Y-%m-%d %H:%M")
        click.echo(
            f"#{t.id}\t{t.prefix}…\t{t.user.email}\t{t.name}\t{created}\t{used}"
            f"\t{expires} 过期\t{state}"
        )


@api_token.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke(token_id: int) -> None:
    """Revoke a token at once: its next request is refused with 401."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"没有编号为 {token_id} 的令牌")
    api_tokens.revoke_token(token)
    db.session.commit()
    click.echo(f"令牌 #{token.id}「{token.name}」已吊销")
