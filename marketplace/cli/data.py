"""Data commands: init-db, seed-demo, create-user, reindex."""

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.pilots import load_pilots, pilot_by_code
from marketplace.services.ranked_matches import refresh_all
from marketplace.services.schema import upgrade_database
from models import Organisation


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Apply the migrations, load the pilot cities and their subsidy policies, and open the
    (empty) search indexes a fresh host serves from (safe to run again)."""
    from marketplace.services.subsidy import load_policies

    upgrade_database()
    added = load_pilots()
    policies = load_policies()
    db.session.commit()
    indexing.ensure_index_folders()
    click.echo(f"数据库已就绪（新增试点城市 {added} 个，补贴政策 {policies} 项）")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no organisation yet.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the deterministic demo data set (providers, products, enterprises, needs, quotes…)."""
    from marketplace.demo.seed import seed_demo_data

    if if_empty and db.session.scalar(select(func.count(Organisation.id))):
        click.echo("已有数据，跳过演示数据")
        return
    # one index build at the end instead of a sync after every commit of the load
    with indexing.deferred_indexing():
        summary = seed_demo_data()
        db.session.commit()
    indexed = indexing.reindex_all()
    ranked = refresh_all(db.session)
    db.session.commit()
    click.echo("演示数据已载入：" + "，".join(f"{k} {v}" for k, v in summary.items()))
    click.echo(f"索引已建立：{indexed} 个产品，匹配结果 {ranked} 条")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["official", "admin", "assessor"]), required=True)
@click.option("--pilot", "pilot_code", help="Pilot city code (officials, assessors), e.g. xiamen.")
@click.option("--district", help="District name, for a district official.")
@click.option(
    "--organisation",
    "organisation_name",
    help="The assessment agency (第三方评估机构) an assessor works for; made if new.",
)
@click.password_option()
@with_appcontext
def create_user(email, name, role, pilot_code, district, organisation_name, password) -> None:
    """Create an official, admin or assessment-agency account (never by public sign-up)."""
    from marketplace.services.accounts import create_staff_user
    from marketplace.services.assessments import create_assessor_user
    from marketplace.services.errors import DomainError

    pilot = pilot_by_code(pilot_code) if pilot_code else None
    try:
        if role == "assessor":
            user = create_assessor_user(
                email=email,
                name=name,
                password=password,
                pilot=pilot,
                organisation_name=organisation_name or "",
            )
        else:
            user = create_staff_user(
                email=email,
                name=name,
                role=role,
                password=password,
                pilot=pilot,
                district_name=district,
            )
    except DomainError as error:
        raise click.ClickException(f"无法创建账号：{error.code} {error.details}") from error
    db.session.commit()
    click.echo(f"已创建 {user.role} 账号 {user.email}")


@click.command("reindex")
@with_appcontext
def reindex() -> None:
    """Rebuild the search index and vectors from the database."""
    from tqdm import tqdm

    with tqdm(desc="重建索引", unit="个") as bar:

        def progress(done: int) -> None:
            bar.update(done - bar.n)

        count = indexing.reindex_all(progress=progress)
    ranked = refresh_all(db.session)
    db.session.commit()
    click.echo(f"索引已重建：{count} 个产品，匹配结果 {ranked} 条")


data_commands = [init_db, seed_demo, create_user, reindex]
