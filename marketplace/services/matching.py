"""Ranks approved products for a need (and open needs for a provider), with the reasons.

Hybrid retrieval (search_index.engine: Whoosh BM25F + USE vectors fused, stages inferred from
the need's text when none were tagged, sub-industry scope), then the re-ranker
(search_index.ranker: hand-set formula, or the model trained by `flask match train`) over the
retrieval features and the marketplace's own: price vs budget, deployment vs timeline,
provider serving the city, provider record. Every ranking shown is stored once per sitting (services/ranking_log.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.indexing import GENERIC_SCOPE, pilot_scope
from marketplace.services.match_diversity import diversify
from marketplace.services.ratings import rating_totals, shrunk_average
from models import Need, Organisation, Product, QuoteRequest
from search_index.engine import Query
from search_index.lexical import is_chip_word
from search_index.ranker import NEUTRAL, load_ranker

MODEL_VERSION = "formula-v2"  # the formula's version; a trained model reports its own
POOL = 80  # candidates re-ranked per need
MIN_RELEVANCE = 0.25  # below this retrieval score a product shares no stage is not shown
ANSWERED = ("quoted", "accepted", "not_selected")


@dataclass
class ProviderRecord:
    """How a provider has dealt with quote requests on the platform."""

    requests: int = 0
    answered: int = 0
    accepted: int = 0
    median_response_hours: float | None = None
    ratings: int = 0  # the enterprises' ratings after acceptance (services/ratings.py)
    rating_total: float = 0.0  # the sum of each rating's average of its four aspects

    @property
    def answer_rate(self) -> float:
        return self.answered / self.requests if self.requests else 0.0

    @property
    def rating_average(self) -> float | None:
        """The ratings shrunk toward the neutral midpoint (ratings.shrunk_average), 1–5."""
        if not self.ratings:
            return None
        return round(shrunk_average(self.rating_total, self.ratings), 2)

    @property
    def score(self) -> float:
        """0..1 for the ranker; NEUTRAL without history. The shrunk rating maps 1..5 onto
        0..1 (3, an unrated provider's place, is NEUTRAL); with a quote history too, each
        weighs half."""
        if not self.ratings:
            return self._quote_score()
        rated = round((self.rating_average - 1) / 4, 4)
        if not self.requests:
            return rated
        return round(0.5 * self._quote_score() + 0.5 * rated, 4)

    def _quote_score(self) -> float:
        if not self.requests:
            return NEUTRAL
        hours = self.median_response_hours
        speed = 0.5 if hours is None else max(0.0, min(1.0, 1 - (hours - 24) / (24 * 6)))
        return round(0.5 * self.answer_rate + 0.3 * speed + 0.2 * min(1.0, self.accepted / 3), 4)

    def __bool__(self) -> bool:
        """Any history: quote requests or ratings (each is told as a reason of its own)."""
        return self.requests > 0 or self.ratings > 0

    def __str__(self) -> str:
        from flask_babel import gettext

        text = gettext(
            "收到询价 %(n)s 次，已报价 %(a)s 次，中标 %(w)s 次",
            n=self.requests,
            a=self.answered,
            w=self.accepted,
        )
        if self.median_response_hours is not None:
            text += gettext("，平均 %(h)s 小时内响应", h=round(self.median_response_hours))
        return text


@dataclass
class Match:
    product: Product
    score: float
    parts: dict[str, float]
    shared_stages: list[str] = field(default_factory=list)
    key_terms: list[str] | None = field(default_factory=list)
    need_terms: list[str] | None = None  # the need's 难点/期待 words the product covers
    price_fit: str = "unknown"  # within / below / far_below / above / unknown
    timeline_fit: str = "unknown"  # fits / tight / unknown
    is_generic_match: bool = False
    semantic: float | None = None  # cosine of the need and product texts
    stages_inferred: bool = False  # shared_stages come from stages read in the need's text
    provider_record: ProviderRecord | None = None
    local_service: str = ""
    model_version: str = MODEL_VERSION
    pool_position: int = 0  # place among the retrieval candidates (hybrid order)


def need_text(need: Need) -> str:
    """The need as retrieval reads it: the title, the description, and the pain points
    (转型难点) and support wanted (期待得到支持) as parts of one text, so their words weigh
    as the description's do. The plan (转型计划: phases and dates) is left out."""
    parts = (need.title, need.description, need.pain_points, need.support_wanted)
    return "\n".join(part for part in parts if part)


def structure_text(need: Need) -> str:
    """The words of the need's 难点 and 期待 (the `need_terms` reason names those a product
    covers)."""
    return "\n".join(part for part in (need.pain_points, need.support_wanted) if part)


def fill_terms(need: Need, matches: list["Match"], engine=None) -> None:
    """Key terms, and the need's 难点/期待 words each product covers, where not known yet
    (None; stored rows keep them only for the top places)."""
    engine = engine or indexing.product_engine()
    text, structure = need_text(need), structure_text(need)
    for match in matches:
        if match.key_terms is None:
            match.key_terms = engine.lexical.highlights(match.product.id, text)
        if match.need_terms is None:
            match.need_terms = (
                engine.lexical.highlights(match.product.id, structure, top=5) if structure else []
            )


def current_ranker():
    """The re-ranker of this app (trained model if saved, else the formula), loaded once."""
    cache = current_app.extensions.setdefault("search_ranker", {})
    folder = indexing.ranker_folder()
    if folder not in cache:
        cache[folder] = load_ranker(folder)
    return cache[folder]


def reset_ranker() -> None:
    current_app.extensions.pop("search_ranker", None)


FAR_BELOW = 0.2  # a price under a fifth of the budget's lower bound likely covers less


def _price_fit(need: Need, product: Product) -> tuple[str, float]:
    """The price judged against the budget range both ways: within it; somewhat below the
    lower bound (cheaper); far below it (likely covers less than planned: a caveat); above
    the upper bound (over budget)."""
    low = float(need.budget_min) if need.budget_min else None
    high = float(need.budget_max) if need.budget_max else None
    if low is None and high is None:
        return "unknown", NEUTRAL
    price = float(product.pilot_price)
    if high is not None and price > high:
        return "above", max(0.0, 1.5 - price / high)
    if low is not None and price < low:
        if price < low * FAR_BELOW:
            return "far_below", 0.5
        return "below", 0.9
    return "within", 1.0


def price_fit(need: Need, product: Product) -> str:
    return _price_fit(need, product)[0]


def chip_words(terms: list[str] | None) -> list[str] | None:
    """Stored key terms as chips show them: words only (rows stored before highlights left
    numbers out may hold "12"); None stays None (terms not computed yet)."""
    if terms is None:
        return None
    return [term for term in terms if is_chip_word(term)]


def _timeline_fit(need: Need, product: Product) -> tuple[str, float]:
    if not need.duration_days:
        return "unknown", NEUTRAL
    if product.deployment_days <= need.duration_days:
        return "fits", 1.0
    return "tight", max(0.0, need.duration_days / product.deployment_days)


def provider_records(provider_ids, session=None) -> dict[int, ProviderRecord]:
    records: dict[int, ProviderRecord] = defaultdict(ProviderRecord)
    if not provider_ids:
        return records
    rows = (
        (session or db.session)
        .execute(
            select(
                QuoteRequest.provider_id,
                QuoteRequest.status,
                QuoteRequest.created_at,
                QuoteRequest.responded_at,
            ).where(QuoteRequest.provider_id.in_(set(provider_ids)))
        )
        .all()
    )
    hours: dict[int, list[float]] = defaultdict(list)
    for provider_id, status, created, responded in rows:
        record = records[provider_id]
        record.requests += 1
        record.answered += status in ANSWERED
        record.accepted += status == "accepted"
        if responded and created:
            hours[provider_id].append((responded - created).total_seconds() / 3600)
    for provider_id, values in hours.items():
        records[provider_id].median_response_hours = round(median(values), 1)
    for provider_id, (count, total) in rating_totals(provider_ids, session).items():
        records[provider_id].ratings = count
        records[provider_id].rating_total = total
    return records


def need_query(need: Need) -> Query:
    sub_industry = need.enterprise.sub_industry_id
    return Query(
        text=need_text(need),
        stages=list(need.stages),
        scopes=[str(sub_industry), GENERIC_SCOPE] if sub_industry else None,
        exact_scopes=[str(sub_industry)] if sub_industry else [],
    )


def visible_products(ids, session=None) -> dict[int, Product]:
    """The products among `ids` that may be shown right now (the database has the last word)."""
    if not ids:
        return {}
    rows = (session or db.session).scalars(
        select(Product)
        .where(Product.id.in_(ids), Product.is_visible)
        .options(
            selectinload(Product.stage_links),
            selectinload(Product.sub_industries),
            selectinload(Product.provider).selectinload(Organisation.served_pilots),
        )
    )
    return {p.id: p for p in rows}


def rank_products_for_need(
    need: Need,
    limit: int = 20,
    only_product_ids=None,
    with_terms: bool = True,
    pool: int = POOL,
    vector=None,
    session=None,
) -> list[Match]:
    """`pool`: retrieval candidates re-ranked (stored rankings take every product in scope);
    `vector`: the need text's encoding when the caller has it; `session`: the one to read
    with (a refresh after a commit has its own)."""
    engine = indexing.product_engine()
    query = need_query(need)
    if vector is None:
        vector = engine.encode_query(query.text)
    only = None if only_product_ids is None else [str(i) for i in only_product_ids]
    hits = engine.hybrid(query, limit=pool, vector=vector, only_ids=only)
    products = visible_products([int(h.id) for h in hits], session)
    records = provider_records({p.provider_id for p in products.values()}, session)
    ranker = current_ranker()
    matches = []
    for position, hit in enumerate(hits):
        product = products.get(int(hit.id))
        if product is None:
            continue
        if not hit.shared_stages and hit.features["retrieval"] < MIN_RELEVANCE:
            continue
        # A pilot's enterprises contract only providers vetted for their city; generic
        # products of providers elsewhere are not offers they can take up.
        if not product.provider.serves_pilot(need.enterprise.pilot_id):
            continue
        price_fit, price = _price_fit(need, product)
        timeline_fit, timeline = _timeline_fit(need, product)
        record = records.get(product.provider_id) or ProviderRecord()
        parts = dict(hit.features)
        parts.update(
            price=round(price, 4),
            timeline=round(timeline, 4),
            # based in the city beats serving it from elsewhere (local service)
            city=1.0 if product.provider.pilot_id == need.enterprise.pilot_id else 0.5,
            record=record.score,
        )
        generic = GENERIC_SCOPE in _scopes(product) and hit.features["scope_exact"] == 0.0
        matches.append(
            Match(
                product=product,
                score=round(min(1.0, max(0.0, ranker.score(parts))), 4),
                parts=parts,
                shared_stages=hit.shared_stages,
                price_fit=price_fit,
                timeline_fit=timeline_fit,
                is_generic_match=generic,
                semantic=round(max(0.0, hit.features["dense"]), 4),
                stages_inferred=hit.stages_inferred,
                provider_record=record,
                local_service=product.provider.local_service or "",
                model_version=ranker.version,
                pool_position=position,
            )
        )
    top = order_matches(matches)[:limit]
    if with_terms:
        for match in top:
            match.key_terms = None
        fill_terms(need, top, engine)
    return top


def order_matches(matches: list[Match]) -> list[Match]:
    """Best score first, then the provider-diversity rule (services/match_diversity.py):
    the order of the live and the stored rankings alike."""
    return diversify(sorted(matches, key=lambda m: (-m.score, m.product.id)))


def _scopes(product: Product) -> list[str]:
    scopes = [str(s.id) for s in product.sub_industries]
    if product.is_generic:
        scopes.append(GENERIC_SCOPE)
    return scopes


LEAD_NEEDS = 200  # most recent candidate needs a provider's leads are drawn from


def lead_products(provider: Organisation, session=None) -> list[Product]:
    """The provider's products that can make leads (none unless the provider is approved)."""
    products = (
        (session or db.session)
        .scalars(
            select(Product)
            .where(Product.provider_id == provider.id, Product.is_visible)
            .options(selectinload(Product.stage_links))
        )
        .all()
    )
    return products if provider.status == "approved" else []


def lead_pilot_ids(provider: Organisation) -> set[int]:
    return {provider.pilot_id} | {p.id for p in provider.served_pilots}


def lead_index_candidates(provider: Organisation, products: list[Product]) -> set[int]:
    """Needs of the provider's cities near its (first 20) products in the need index."""
    scopes = [pilot_scope(p) for p in lead_pilot_ids(provider)]
    engine = indexing.need_engine()
    candidate_ids: set[int] = set()
    for product in products[:20]:
        text = f"{product.name}\n{product.summary}\n{product.description}"
        vector = indexing.stored_vector(indexing.product_engine(), product.id)
        candidate_ids |= {int(i) for i, _ in engine.dense(text, scopes, 30, vector=vector)}
        candidate_ids |= {int(i) for i, _ in engine.bm25(text, scopes, 30)}
    return candidate_ids


def lead_needs(provider: Organisation, products: list[Product], candidates) -> list[Need]:
    """The open needs leads are drawn from: index candidates (`candidates`: ids or a select
    of ids) or sharing a stage with the products, most recent first."""
    stages = {stage for product in products[:20] for stage in product.stages}
    return db.session.scalars(
        select(Need)
        .join(Organisation, Need.enterprise_id == Organisation.id)
        .where(
            Need.status == Need.OPEN_STATUS,
            Organisation.pilot_id.in_(lead_pilot_ids(provider)),
        )
        .where(Need.id.in_(candidates) | Need.stage_links.any(_stage_in(stages)))
        .order_by(Need.created_at.desc())
        .limit(LEAD_NEEDS)
        .options(
            selectinload(Need.enterprise).selectinload(Organisation.district),
            selectinload(Need.stage_links),
        )
    ).all()


def rank_needs_for_provider(provider: Organisation, limit: int = 30) -> list[tuple[Need, Match]]:
    """Leads: open needs of the cities the provider serves, each with the provider's best
    product for it, scored exactly as the enterprise would see that product ranked.
    Computed live (the encoder runs per need); the pages read the stored ones
    (services/ranked_matches.py `stored_leads`)."""
    products = lead_products(provider)
    if not products:
        return []
    needs = lead_needs(provider, products, lead_index_candidates(provider, products))
    own = [p.id for p in products]
    leads = []
    for need in needs:
        best = rank_products_for_need(need, limit=1, only_product_ids=own)
        if best:
            leads.append((need, best[0]))
    leads.sort(key=lambda pair: (-pair[1].score, -pair[0].id))
    for need, match in leads[:limit]:
        match.key_terms = None
        fill_terms(need, [match])
    return leads[:limit]


def _stage_in(stages):
    from models import NeedStage

    return NeedStage.stage.in_(stages)


def match_reasons(match: Match) -> list[tuple[str, dict]]:
    """The reasons of a match as (code, data) pairs, best first, for templates and the API."""
    reasons: list[tuple[str, dict]] = []
    if match.shared_stages:
        code = "stages_inferred" if match.stages_inferred else "stages_shared"
        reasons.append((code, {"stages": match.shared_stages}))
    if match.key_terms:
        reasons.append(("key_terms", {"terms": match.key_terms}))
    if match.need_terms:
        reasons.append(("need_terms", {"terms": match.need_terms}))
    if match.semantic is not None:
        reasons.append(("semantic", {"pct": round(match.semantic * 100)}))
    reasons.append((f"price_{match.price_fit}", {"price": float(match.product.pilot_price)}))
    reasons.append((f"timeline_{match.timeline_fit}", {"days": match.product.deployment_days}))
    if match.is_generic_match:
        reasons.append(("generic", {}))
    record = match.provider_record
    if record and record.ratings:
        reasons.append(
            ("provider_rating", {"count": record.ratings, "average": record.rating_average})
        )
    if record and record.requests:
        reasons.append(
            (
                "provider_record",
                {
                    "requests": record.requests,
                    "answered": record.answered,
                    "accepted": record.accepted,
                    "median_response_hours": record.median_response_hours,
                },
            )
        )
    return reasons
