"""Selection rounds (遴选): open_round (a city-level official, one category of the city's data)
→ nominate (enterprises and providers for themselves, officials for any organisation of the
city) → close_nominations → form_nomination_panel and the experts' scores
(services/expert_panels.py, as for provider review) → publish_round (the selected nominations,
at most the round's target, and their awards, each capped by the city's subsidy item).
Every step is an event."""

from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import expert_panels as panels
from marketplace.services.blacklist import require_none_blacklisted
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.expert_rules import selection_categories
from marketplace.services.subsidy import current_policy
from marketplace.services.workflow import change_state, record_event, require_transition
from models import Nomination, Organisation, PilotCity, Product, SelectionRound
from models.access import Jurisdiction
from models.base import utcnow

STATEMENT_LIMIT = 2000
# what a nominee of the wrong kind is told, by the category's nominee kind (literal codes)
NOT_FITTING = {
    "enterprise": lambda: InvalidInput("nominee_not_enterprise"),
    "provider": lambda: InvalidInput("nominee_not_provider"),
    "either": lambda: InvalidInput("nominee_not_either"),
    "product": lambda: InvalidInput("nominee_not_product"),
}
TITLE_LIMIT = 120


def may_open_round(user, pilot: PilotCity) -> bool:
    jurisdiction = Jurisdiction.of(user)
    if jurisdiction is None or jurisdiction.is_district:
        return False
    return jurisdiction.is_all_cities or jurisdiction.pilot_id == pilot.id


def open_round(pilot: PilotCity, category: str, actor, title: str = "") -> SelectionRound:
    if not may_open_round(actor, pilot):
        raise NotAllowed("not_city_official")
    spec = selection_categories(pilot.code).get(category)
    if spec is None:
        raise InvalidInput("selection_category")
    title = (title or "").strip()
    if len(title) > TITLE_LIMIT:
        raise InvalidInput("text_too_long", limit=TITLE_LIMIT)
    selection_round = SelectionRound(
        pilot=pilot,
        category=category,
        title=title,
        target_count=spec["target"],
        opened_by_id=actor.id,
    )
    db.session.add(selection_round)
    db.session.flush()
    record_event(selection_round, None, "open", actor, reason_code="round_opened")
    return selection_round


def nominee_kind(selection_round: SelectionRound) -> str:
    return selection_categories(selection_round.pilot.code)[selection_round.category]["nominee"]


def nominate(
    selection_round: SelectionRound,
    actor,
    organisation: Organisation,
    statement: str,
    product: Product | None = None,
) -> Nomination:
    """A nomination while the round is open: by the organisation itself (an enterprise or an
    approved provider, as the category asks) or by an official of the city."""
    if selection_round.status != "open":
        raise InvalidInput("round_not_open")
    is_self = actor.organisation_id is not None and actor.organisation_id == organisation.id
    if not (is_self or may_open_round(actor, selection_round.pilot)):
        raise NotAllowed("not_nominee")
    _require_fits(selection_round, organisation, product)
    require_none_blacklisted([organisation], "nomination")
    statement = (statement or "").strip()
    if not statement:
        raise InvalidInput("statement_required")
    if len(statement) > STATEMENT_LIMIT:
        raise InvalidInput("text_too_long", limit=STATEMENT_LIMIT)
    if any(
        n.organisation_id == organisation.id and n.product_id == getattr(product, "id", None)
        for n in selection_round.nominations
    ):
        raise InvalidInput("already_nominated")
    nomination = Nomination(
        organisation=organisation, product=product, statement=statement, nominated_by_id=actor.id
    )
    selection_round.nominations.append(nomination)
    db.session.flush()
    record_event(nomination, None, "nominated", actor)
    return nomination


def _require_fits(selection_round, organisation: Organisation, product) -> None:
    kind = nominee_kind(selection_round)
    in_city = organisation.pilot_id == selection_round.pilot_id or (
        organisation.is_provider and organisation.serves_pilot(selection_round.pilot_id)
    )
    if not in_city:
        raise InvalidInput("nominee_outside_city")
    fits = {
        "enterprise": organisation.is_enterprise,
        "provider": organisation.is_active_provider,
        "either": organisation.is_enterprise or organisation.is_active_provider,
        "product": product is not None
        and product.provider_id == organisation.id
        and product.is_visible,
    }[kind]
    if not fits:
        raise NOT_FITTING[kind]()


def close_nominations(selection_round: SelectionRound, actor):
    if not selection_round.nominations:
        raise InvalidInput("no_nominations")
    return change_state(selection_round, "scoring", actor, reason_code="nominations_closed")


def form_nomination_panel(nomination: Nomination, actor, expert_ids=None, size=None):
    """A panel for one nomination, once nominations are closed, on the category's criteria."""
    selection_round = nomination.round
    require_transition(selection_round, "published", actor)  # a city-level official
    if selection_round.status != "scoring":
        raise InvalidInput("round_not_scoring")
    if panels.open_review_of(nomination) is not None or panels.reviews_of(nomination):
        raise InvalidInput("panel_exists")
    spec = selection_categories(selection_round.pilot.code)[selection_round.category]
    return panels.seat_panel(
        nomination,
        nomination.organisation,
        spec["criteria"],
        actor,
        expert_ids,
        size,
        city_level=True,
    )


def ranked(selection_round: SelectionRound) -> list[tuple[Nomination, object]]:
    """Each nomination with its review (None before a panel), best average first."""
    rows = []
    for nomination in selection_round.nominations:
        reviews = panels.reviews_of(nomination)
        rows.append((nomination, reviews[-1] if reviews else None))

    def key(row):
        review = row[1]
        average = panels.average_total(review) if review is not None else None
        return (average is None, -(average or 0), row[0].id)

    return sorted(rows, key=key)


def award_cap(selection_round: SelectionRound) -> tuple[str | None, Decimal | None]:
    """The subsidy item an award of the round is recorded against, and its cap (the item's
    `cap`, or its `fixed` amount) in the city's current policy."""
    spec = selection_categories(selection_round.pilot.code)[selection_round.category]
    code = spec.get("award_item")
    policy = current_policy(selection_round.pilot_id)
    if code is None or policy is None:
        return None, None
    item = next((i for i in policy.rules.get("items", []) if i["code"] == code), None)
    if item is None:
        return None, None
    limit = item.get("cap") or item.get("fixed")
    return code, Decimal(str(limit)) if limit is not None else None


def publish_round(selection_round: SelectionRound, actor, selected_ids, awards: dict, reason=""):
    """Publish: the `selected_ids` (at most the target; each fully scored) are selected, with
    their award (元, optional, at most the item's cap), the rest not selected."""
    require_transition(selection_round, "published", actor)
    selected_ids = {int(i) for i in selected_ids}
    by_id = {n.id: n for n in selection_round.nominations}
    if not selected_ids <= set(by_id):
        raise InvalidInput("nominee_unknown")
    target = selection_round.target_count
    if target is not None and len(selected_ids) > target:
        raise InvalidInput("over_target", target=target)
    for nomination in selection_round.nominations:
        reviews = panels.reviews_of(nomination)
        if not reviews or not reviews[-1].is_fully_scored:
            raise InvalidInput("nomination_unscored", name=nomination.name)
    item, cap = award_cap(selection_round)
    amounts = {i: _amount(awards.get(i), cap) for i in selected_ids}
    if item is None and any(amounts.values()):
        raise InvalidInput("no_award_item")
    for nomination in selection_round.nominations:
        review = panels.reviews_of(nomination)[-1]
        chosen = nomination.id in selected_ids
        args = {"total": panels.average_total(review)}
        if chosen and amounts[nomination.id]:
            nomination.award_item, nomination.award_amount = item, amounts[nomination.id]
            args["amount"] = str(amounts[nomination.id])
        code = "nomination_selected" if chosen else "nomination_not_selected"
        if review.status == "scoring":
            to_review = "approved" if chosen else "rejected"
            change_state(review, to_review, actor, reason_code=code, reason_args=args)
        to_state = "selected" if chosen else "not_selected"
        change_state(nomination, to_state, actor, reason_code=code, reason_args=args)
    selection_round.published_at = utcnow()
    return change_state(selection_round, "published", actor, reason or None)


def _amount(value, cap: Decimal | None) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput("award_amount") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInput("award_amount")
    if cap is not None and amount > cap:
        raise InvalidInput("award_over_cap", cap=f"{cap:,.0f}")
    return amount.quantize(Decimal("0.01"))


def rounds_of(pilot_id: int | None) -> list[SelectionRound]:
    query = select(SelectionRound).order_by(SelectionRound.id.desc())
    if pilot_id is not None:
        query = query.where(SelectionRound.pilot_id == pilot_id)
    return list(db.session.scalars(query))
