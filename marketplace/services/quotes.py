"""Requests for quotation and the providers' itemised answers: ask, quote (and revise),
decline, withdraw, compare side by side and accept one, which tells the others."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from marketplace.extensions import db
from marketplace.services import workflow
from marketplace.services.errors import Conflict, InvalidInput, NotAllowed
from marketplace.services.needs import open_requests_of
from marketplace.services.projects import create_project_from_quote
from marketplace.services.workflow import change_state, record_event
from models import (
    Need,
    Organisation,
    Product,
    Quote,
    QuoteLine,
    QuoteRequest,
    QuoteRevision,
    utcnow,
)
from models.quote import LINE_KINDS

# Stored in the event log of every request closed by an acceptance (a record, not UI text).
# reason codes (said by marketplace/wording)
NOT_SELECTED_REASON = "other_provider_selected"
REVISED_REASON = "quote_revised"
MONEY = Decimal("0.01")


@dataclass
class LineInput:
    kind: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal


def _require_owner(need: Need, actor) -> None:
    if not need.is_owned_by(actor):
        raise NotAllowed("not_owner")


def require_active_provider(quote_request: QuoteRequest) -> None:
    """Only an approved provider answers or revises a quote (pending, suspended and removed
    ones are refused, whatever they had sent before)."""
    workflow.require_active_provider(quote_request.provider)


def quotable_products(product_ids) -> list[Product]:
    """Approved products of approved providers among these ids."""
    if not product_ids:
        return []
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.id.in_(list(product_ids)), Product.is_visible)
            .order_by(Product.id)
        )
    )


def existing_provider_ids(need: Need) -> set[int]:
    return set(
        db.session.scalars(select(QuoteRequest.provider_id).where(QuoteRequest.need_id == need.id))
    )


def needs_asking(provider_id: int, need_ids) -> set[int]:
    """Which of these needs already have a request to this provider."""
    return set(
        db.session.scalars(
            select(QuoteRequest.need_id).where(
                QuoteRequest.provider_id == provider_id, QuoteRequest.need_id.in_(list(need_ids))
            )
        )
    )


def request_quotes(need: Need, product_ids, actor, message: str = "") -> list[QuoteRequest]:
    """One request per provider for this need; providers already asked are skipped.

    Returns the new requests (empty when every chosen provider had already been asked).
    """
    _require_owner(need, actor)
    if not need.is_open:
        raise NotAllowed("need_not_open")
    products = quotable_products(product_ids)
    if not products:
        raise InvalidInput("no_products")
    asked = existing_provider_ids(need)
    created = []
    for product in products:
        provider = product.provider
        if provider.id in asked or not provider.serves_pilot(need.pilot_id):
            continue
        asked.add(provider.id)
        created.append(_new_request(need, provider, product, actor, message))
    return created


def request_quote_from(
    need: Need, provider: Organisation, actor, product: Product | None = None, message: str = ""
) -> QuoteRequest:
    """Ask one provider directly (optionally about one of its products).

    Raises NotAllowed unless the actor owns the open need and the provider is approved,
    serves the need's city and has not been asked yet.
    """
    _require_owner(need, actor)
    if not need.is_open:
        raise NotAllowed("need_not_open")
    if not provider.is_active_provider or not provider.serves_pilot(need.pilot_id):
        raise NotAllowed("provider_not_available")
    if product is not None and product.provider_id != provider.id:
        raise InvalidInput("product_of_other_provider")
    if provider.id in existing_provider_ids(need):
        raise NotAllowed("already_asked")
    return _new_request(need, provider, product, actor, message)


def _new_request(need, provider, product, actor, message) -> QuoteRequest:
    quote_request = QuoteRequest(
        need=need,
        provider=provider,
        product=product,
        message=(message or "").strip(),
        status="requested",
    )
    db.session.add(quote_request)
    db.session.flush()
    record_event(quote_request, None, "requested", actor)
    return quote_request


def parse_lines(rows) -> list[LineInput]:
    """Quote lines from raw rows (dicts); blank rows are skipped, the rest must be complete."""
    lines = []
    for row in rows:
        description = (row.get("description") or "").strip()
        quantity, unit_price = row.get("quantity"), row.get("unit_price")
        if not description and quantity in (None, "") and unit_price in (None, ""):
            continue
        if row.get("kind") not in LINE_KINDS:
            raise InvalidInput("line_kind")
        if not description:
            raise InvalidInput("line_description")
        try:
            quantity = Decimal(str(quantity)).quantize(MONEY)
            unit_price = Decimal(str(unit_price)).quantize(MONEY)
        except (InvalidOperation, ValueError, TypeError) as error:
            raise InvalidInput("line_number") from error
        if quantity <= 0:
            raise InvalidInput("line_quantity")
        if unit_price < 0:
            raise InvalidInput("line_price")
        unit = (row.get("unit") or "").strip() or "项"
        lines.append(LineInput(row["kind"], description, quantity, unit[:16], unit_price))
    if not lines:
        raise InvalidInput("no_lines")
    return lines


def default_coverage(need: Need, product: Product | None) -> list[str]:
    """What a quote for this product is taken to cover before the provider says: the need's
    stages the product is tagged with, else all of the need's stages."""
    need_stages = list(need.stages)
    if product is not None:
        shared = [stage for stage in need_stages if stage in set(product.stages)]
        if shared:
            return shared
    return need_stages


def parse_coverage(need: Need, stages) -> list[str]:
    """The need's stages a quote covers, in the need's order. None means all of them (a
    caller that does not ask); a need with stages needs at least one, and only its own."""
    need_stages = list(need.stages)
    if stages is None:
        return need_stages
    chosen = {str(stage) for stage in stages}
    if chosen - set(need_stages):
        raise InvalidInput("coverage_not_in_need")
    if need_stages and not chosen:
        raise InvalidInput("coverage_required")
    return [stage for stage in need_stages if stage in chosen]


def submit_quote(
    quote_request: QuoteRequest,
    actor,
    *,
    lines: list[LineInput],
    valid_until: date,
    delivery_days: int,
    discount_pct=0,
    note: str = "",
    covered_stages=None,
) -> Quote:
    """Answer a request, or revise the answer while the enterprise has not decided.

    Amounts and totals are always computed here from quantity × unit price. `covered_stages`
    are the need's stages the quote covers (None: all of them).
    """
    if actor.organisation_id != quote_request.provider_id:
        raise NotAllowed("not_provider")
    if not quote_request.need.is_open:
        raise NotAllowed("need_not_open")
    if quote_request.status not in QuoteRequest.OPEN_STATUSES:
        raise NotAllowed("request_closed")
    require_active_provider(quote_request)
    if valid_until is None or valid_until <= date.today():
        raise InvalidInput("valid_until_future")
    if delivery_days is None or delivery_days < 1:
        raise InvalidInput("delivery_days")
    discount = Decimal(str(discount_pct or 0))
    if not Decimal(0) <= discount < Decimal(100):
        raise InvalidInput("discount")
    if not lines:
        raise InvalidInput("no_lines")
    coverage = parse_coverage(quote_request.need, covered_stages)
    quote = quote_request.quote
    revising = quote is not None
    if quote is None:
        quote = Quote(request=quote_request, revision=1)
        db.session.add(quote)
    else:
        _keep_replaced_version(quote)
        quote.revision += 1
    quote.valid_until = valid_until
    quote.delivery_days = delivery_days
    quote.discount_pct = discount
    quote.note = (note or "").strip()
    quote.covered_stages = coverage
    quote.submitted_at = utcnow()
    quote.lines = [
        QuoteLine(
            position=i,
            kind=line.kind,
            description=line.description,
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
        )
        for i, line in enumerate(lines)
    ]
    quote_request.responded_at = utcnow()
    change_state(quote_request, "quoted", actor, reason_code=REVISED_REASON if revising else None)
    db.session.flush()
    return quote


def _keep_replaced_version(quote: Quote) -> None:
    quote.earlier.append(
        QuoteRevision(
            revision=quote.revision,
            submitted_at=quote.submitted_at,
            valid_until=quote.valid_until,
            delivery_days=quote.delivery_days,
            discount_pct=quote.discount_pct,
            total=quote.total,
            note=quote.note,
            covered_stages=list(quote.covered_stages or ()),
            lines=[
                {
                    "kind": line.kind,
                    "description": line.description,
                    "quantity": str(line.quantity),
                    "unit": line.unit,
                    "unit_price": str(line.unit_price),
                }
                for line in quote.lines
            ],
        )
    )


def decline_request(quote_request: QuoteRequest, actor, reason: str) -> QuoteRequest:
    if actor.organisation_id != quote_request.provider_id:
        raise NotAllowed("not_provider")
    if not (reason or "").strip():
        raise InvalidInput("reason_required")
    quote_request.responded_at = utcnow()
    change_state(quote_request, "declined", actor, reason.strip())
    db.session.flush()
    return quote_request


def withdraw_request(quote_request: QuoteRequest, actor, reason: str | None = None):
    """The enterprise takes a request back before the provider has answered it."""
    _require_owner(quote_request.need, actor)
    if quote_request.status != "requested":
        raise NotAllowed("already_answered")
    change_state(quote_request, "withdrawn", actor, (reason or "").strip() or None)
    db.session.flush()
    return quote_request


def accept_quote(
    quote_request: QuoteRequest, actor, *, revision: int | None, today: date | None = None
):
    """Accept version `revision` of this quote, the one the enterprise saw: the others still
    open are not selected, the need is awarded and the project draft (立项 starts from it) is
    created. A version replaced since is refused (the provider revised it meanwhile).

    Returns the requests that were closed as not selected.
    """
    need = quote_request.need
    _require_owner(need, actor)
    if not need.is_open:
        raise NotAllowed("need_not_open")
    if quote_request.status != "quoted" or quote_request.quote is None:
        raise NotAllowed("not_quoted")
    # the provider was suspended, removed or sent back to review after it quoted
    workflow.require_active_provider(quote_request.provider, "acceptance")
    quote = quote_request.quote
    if revision is None:
        raise InvalidInput("revision_required")
    if revision != quote.revision:
        raise Conflict("quote_revised", revision=quote.revision)
    if quote.valid_until < (today or date.today()):
        raise InvalidInput("quote_expired")
    # the need first: of two acceptances racing, the second waits on this row and loses here,
    # before touching any request (locking requests first would deadlock the two)
    change_state(need, "awarded", actor)
    change_state(quote_request, "accepted", actor)
    others = [r for r in open_requests_of(need) if r.id != quote_request.id]
    for other in others:
        change_state(other, "not_selected", actor, reason_code=NOT_SELECTED_REASON)
    quote.accepted_at = utcnow()  # written WHERE revision = the one seen (models/quote.py)
    quote_id = quote.id  # a failed flush expires it
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(
            "quote_revised", revision=workflow.committed_value(Quote.revision, Quote.id == quote_id)
        ) from None
    create_project_from_quote(quote_request, actor)
    db.session.flush()
    return others


# what a list of quote requests shows of each: the need (stages, enterprise and its places),
# the product, the quote's total; loaded per page in a few queries, not per row
LISTING_LOADS = (
    selectinload(QuoteRequest.need).selectinload(Need.stage_links),
    selectinload(QuoteRequest.need)
    .selectinload(Need.enterprise)
    .options(selectinload(Organisation.pilot), selectinload(Organisation.district)),
    selectinload(QuoteRequest.product),
    selectinload(QuoteRequest.quote).selectinload(Quote.lines),
)


def provider_requests_query(provider_id: int, status: str | None = None):
    query = select(QuoteRequest).where(QuoteRequest.provider_id == provider_id)
    if status:
        query = query.where(QuoteRequest.status == status)
    return query.order_by(QuoteRequest.created_at.desc(), QuoteRequest.id.desc())


def enterprise_requests_query(enterprise_id: int, status: str | None = None):
    query = (
        select(QuoteRequest)
        .join(Need, QuoteRequest.need_id == Need.id)
        .where(Need.enterprise_id == enterprise_id)
    )
    if status:
        query = query.where(QuoteRequest.status == status)
    return query.order_by(QuoteRequest.created_at.desc(), QuoteRequest.id.desc())


DECIDED_STATUSES = ("accepted", "not_selected")


def unseen_outcomes(provider_id: int) -> list[QuoteRequest]:
    """The enterprise decisions this provider has not been shown yet."""
    return list(
        db.session.scalars(
            select(QuoteRequest)
            .where(
                QuoteRequest.provider_id == provider_id,
                QuoteRequest.status.in_(DECIDED_STATUSES),
                QuoteRequest.outcome_seen_at.is_(None),
            )
            .order_by(QuoteRequest.id)
        )
    )


def mark_outcomes_seen(decided: list[QuoteRequest]) -> None:
    for quote_request in decided:
        quote_request.outcome_seen_at = utcnow()
    db.session.flush()


def status_counts(query) -> dict[str, int]:
    """How many requests of a listing query are in each status (for the filter tabs)."""
    sub = query.order_by(None).subquery()
    rows = db.session.execute(select(sub.c.status, func.count()).group_by(sub.c.status))
    return dict(rows.all())


def open_needs_of(enterprise_id: int) -> list[Need]:
    return list(
        db.session.scalars(
            select(Need)
            .where(Need.enterprise_id == enterprise_id, Need.status == Need.OPEN_STATUS)
            .order_by(Need.created_at.desc())
        )
    )


def today() -> date:
    return date.today()
