"""Rankings computed when data changes and read back by the pages (STYLE rule 18).

A need's ranking (every product in its scope the matcher would show, with features and
reason data) is stored in `ranked_matches` when the need, a product in its scope or a
provider serving its city changes, and by `flask seed-demo` / `flask reindex`; the need
index neighbours of each provider's products are stored in `lead_candidates`. The need page
and the provider's leads read those rows: no encoder, no index search per view.

What the view still decides live, so a stale row never shows what may not be shown: the
product is visible and its provider serves the need's city (matching.visible_products),
the need is open and in the provider's cities, and the provider's record (quote requests
change it without touching a product), which is a feature of the score: each row is
re-scored with the current record, so scores and reasons are the ones the live matcher
gives.

refresh_matches / refresh_matches_for_products are idempotent and open their own session;
the after-commit path (services/indexing.py) calls them and logs, never raises, a failure.
"""

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.matching import (
    POOL,
    Match,
    ProviderRecord,
    chip_words,
    current_ranker,
    fill_terms,
    lead_index_candidates,
    lead_needs,
    lead_pilot_ids,
    lead_products,
    need_text,
    order_matches,
    price_fit,
    provider_records,
    rank_products_for_need,
    structure_text,
    visible_products,
)
from models import (
    PROVIDER,
    LeadCandidate,
    LeadCandidateSet,
    Need,
    NeedRanking,
    Organisation,
    Product,
    RankedMatch,
)
from models.pilot import SubIndustry

TERMS_RANKS = 20  # key terms are stored for the enterprise's top rows and each provider's best
AFFECTED_NEEDS = 500  # a product or provider change re-ranks at most this many needs


# writing ----------------------------------------------------------------------------------
RANKING_ATTEMPTS = 3


def _in_session(session: Session | None, work):
    """`work(session)` in the caller's session (it commits), or in a fresh one committed here
    (after a commit the request's session cannot run SQL).

    Two processes re-ranking one need at the same moment both delete its rows and both insert
    new ones; on PostgreSQL the second insert collides with the first's committed rows. The
    loser runs again, on what the winner committed, so the stored ranking is always one
    computed from committed data, never the older of two."""
    if session is not None:
        result = work(session)
        session.flush()
        return result
    for attempt in range(1, RANKING_ATTEMPTS + 1):
        with Session(db.engine) as fresh:
            try:
                result = work(fresh)
                fresh.commit()
                return result
            except IntegrityError:
                fresh.rollback()
                if attempt == RANKING_ATTEMPTS:
                    raise
    return None


def refresh_matches(need_ids, session: Session | None = None) -> int:
    """Recompute the stored ranking of these needs (a need no longer open keeps none); the
    lead candidates of the providers in their cities become stale (their next leads view
    recomputes them). Returns the rows stored."""

    def work(s: Session) -> int:
        needs = _rank_needs(s, set(need_ids))
        pilots = {need.enterprise.pilot_id for need in needs}
        providers = [p.id for p in _providers_of_pilots(s, pilots)]
        if providers:
            s.execute(
                update(LeadCandidateSet)
                .where(LeadCandidateSet.provider_id.in_(providers))
                .values(is_stale=True)
            )
        return s.info.pop("ranked_rows", 0)

    return _in_session(session, work)


def refresh_matches_for_products(
    product_ids, provider_ids=(), session: Session | None = None
) -> int:
    """Re-rank the needs these products (and all products of these providers) can reach:
    open needs in the providers' cities whose enterprise is in one of the products'
    sub-industries (any, for a generic product), and the needs holding rows of them; the
    most recent AFFECTED_NEEDS. Then the providers' lead candidates."""

    def work(s: Session) -> int:
        products = _products_of(s, set(product_ids), set(provider_ids))
        providers = {p.provider for p in products} | set(
            s.scalars(select(Organisation).where(Organisation.id.in_(set(provider_ids))))
        )
        _rank_needs(s, _affected_needs(s, products, providers))
        _refresh_candidates(s, [p for p in providers if p.is_provider])
        return s.info.pop("ranked_rows", 0)

    return _in_session(session, work)


def refresh_all(session: Session | None = None) -> int:
    """Every open need re-ranked and every provider's lead candidates (seed-demo, reindex)."""

    def work(s: Session) -> int:
        s.execute(delete(RankedMatch))
        s.execute(delete(NeedRanking))
        _rank_needs(s, set(s.scalars(select(Need.id).where(Need.status == Need.OPEN_STATUS))))
        providers = s.scalars(select(Organisation).where(Organisation.kind == PROVIDER))
        _refresh_candidates(s, list(providers))
        return s.info.pop("ranked_rows", 0)

    return _in_session(session, work)


def _products_of(s: Session, product_ids: set, provider_ids: set) -> list[Product]:
    if not product_ids and not provider_ids:
        return []
    return s.scalars(
        select(Product)
        .where(or_(Product.id.in_(product_ids), Product.provider_id.in_(provider_ids)))
        .options(selectinload(Product.sub_industries), selectinload(Product.provider))
    ).all()


def _affected_needs(s: Session, products, providers) -> set[int]:
    pilots = {pilot for provider in providers for pilot in lead_pilot_ids(provider)}
    subs = {sub.id for product in products for sub in product.sub_industries}
    if any(product.is_generic for product in products):
        subs = set(s.scalars(select(SubIndustry.id)))
    in_scope = (
        select(Need.id)
        .join(Organisation, Need.enterprise_id == Organisation.id)
        .where(
            Need.status == Need.OPEN_STATUS,
            Organisation.pilot_id.in_(pilots),
            or_(Organisation.sub_industry_id.in_(subs), Organisation.sub_industry_id.is_(None)),
        )
        .order_by(Need.created_at.desc())
        .limit(AFFECTED_NEEDS)
    )
    holding = select(RankedMatch.need_id).where(
        RankedMatch.product_id.in_([p.id for p in products])
    )
    return set(s.scalars(in_scope)) | set(s.scalars(holding))


def _rank_needs(s: Session, need_ids: set) -> list[Need]:
    """Replace the stored rows of these needs; returns the needs (open or not)."""
    if not need_ids:
        return []
    s.execute(delete(RankedMatch).where(RankedMatch.need_id.in_(need_ids)))
    s.execute(delete(NeedRanking).where(NeedRanking.need_id.in_(need_ids)))
    needs = s.scalars(
        select(Need)
        .where(Need.id.in_(need_ids))
        .options(selectinload(Need.enterprise), selectinload(Need.stage_links))
    ).all()
    engine = indexing.product_engine()
    version = current_ranker().version
    stored = 0
    for need in needs:
        if need.is_open:
            every = max(len(engine.vectors), 1)
            matches = rank_products_for_need(
                need, limit=every, with_terms=False, pool=every, session=s
            )
            rows = _rows(need, matches, engine)
            s.add_all(rows)
            stored += len(rows)
        s.add(NeedRanking(need_id=need.id, model_version=version))
    s.info["ranked_rows"] = s.info.get("ranked_rows", 0) + stored
    return list(needs)


def _rows(need: Need, matches: list[Match], engine) -> list[RankedMatch]:
    """The rows of one need: rank = place in the enterprise's list (the POOL best retrieval
    candidates, best score first); key terms for its top rows and each provider's best."""
    shown = [m for m in matches if m.pool_position < POOL]
    rank = {m.product.id: place for place, m in enumerate(shown, start=1)}
    best_of: dict[int, Match] = {}
    for match in matches:  # best score first already
        best_of.setdefault(match.product.provider_id, match)
    with_terms = {m.product.id for m in shown[:TERMS_RANKS]} | {
        m.product.id for m in best_of.values()
    }
    text, structure = need_text(need), structure_text(need)
    rows = []
    for match in matches:
        terms = need_terms = None
        if match.product.id in with_terms:
            terms = engine.lexical.highlights(match.product.id, text)
            need_terms = (
                engine.lexical.highlights(match.product.id, structure, top=5) if structure else []
            )
        rows.append(
            RankedMatch(
                need_id=need.id,
                product_id=match.product.id,
                provider_id=match.product.provider_id,
                rank=rank.get(match.product.id),
                pool_position=match.pool_position,
                score=match.score,
                parts=match.parts,
                reasons={
                    "shared_stages": match.shared_stages,
                    "key_terms": terms,
                    "need_terms": need_terms,
                    "price_fit": match.price_fit,
                    "timeline_fit": match.timeline_fit,
                    "is_generic_match": match.is_generic_match,
                    "semantic": match.semantic,
                    "stages_inferred": match.stages_inferred,
                },
                model_version=match.model_version,
            )
        )
    return rows


def _providers_of_pilots(s: Session, pilot_ids: set) -> list[Organisation]:
    if not pilot_ids:
        return []
    providers = s.scalars(
        select(Organisation)
        .where(Organisation.kind == PROVIDER)
        .options(selectinload(Organisation.served_pilots))
    ).all()
    return [p for p in providers if lead_pilot_ids(p) & pilot_ids]


def _refresh_candidates(s: Session, providers) -> None:
    """Store each provider's need-index candidates (none for a provider without leads)."""
    providers = list(providers)
    if not providers:
        return
    ids = [p.id for p in providers]
    s.execute(delete(LeadCandidate).where(LeadCandidate.provider_id.in_(ids)))
    s.execute(delete(LeadCandidateSet).where(LeadCandidateSet.provider_id.in_(ids)))
    s.add_all(LeadCandidateSet(provider_id=i) for i in ids)
    for provider in providers:
        products = lead_products(provider, s)
        if products:
            ids = lead_index_candidates(provider, products)
            s.add_all(LeadCandidate(provider_id=provider.id, need_id=i) for i in sorted(ids))


# reading ----------------------------------------------------------------------------------
def _ensure_ranked(needs: list[Need]) -> None:
    """Compute, once, the rankings of needs that have none or one by another ranker."""
    version = current_ranker().version
    fresh = set(
        db.session.scalars(
            select(NeedRanking.need_id).where(
                NeedRanking.need_id.in_([n.id for n in needs]),
                NeedRanking.model_version == version,
            )
        )
    )
    missing = [n.id for n in needs if n.id not in fresh]
    if missing:
        try:
            refresh_matches(missing)
        except Exception:  # e.g. another request ranked it at the same moment: read theirs
            current_app.logger.exception("stored matches not computed on view")


def _ensure_candidates(provider: Organisation) -> None:
    """Compute, once, the provider's lead candidates when they are missing or stale."""
    fresh = db.session.scalar(
        select(LeadCandidateSet.provider_id).where(
            LeadCandidateSet.provider_id == provider.id, LeadCandidateSet.is_stale.is_(False)
        )
    )
    if fresh is None:
        try:
            _in_session(None, lambda s: _refresh_candidates(s, [s.get(Organisation, provider.id)]))
        except Exception:  # the leads still show, from the candidates stored before
            current_app.logger.exception("lead candidates not computed on view")


def _to_matches(need: Need, rows: list[RankedMatch], products, records) -> list[Match]:
    """Matches of the rows that may be shown now, re-scored with the current records, best
    first (as the live matcher orders them)."""
    ranker = current_ranker()
    matches = []
    for row in rows:
        product = products.get(row.product_id)
        if product is None or not product.provider.serves_pilot(need.enterprise.pilot_id):
            continue
        record = records.get(product.provider_id) or ProviderRecord()
        parts = dict(row.parts)
        parts["record"] = record.score
        reasons = row.reasons
        matches.append(
            Match(
                product=product,
                score=round(min(1.0, max(0.0, ranker.score(parts))), 4),
                parts=parts,
                shared_stages=list(reasons["shared_stages"]),
                key_terms=chip_words(reasons["key_terms"]),
                # rows stored before the need's structure was read have no entry
                need_terms=chip_words(reasons.get("need_terms")),
                # judged now, from the need and product as they are (rows stored before the
                # rule judged the price both ways read the same as fresh ones)
                price_fit=price_fit(need, product),
                timeline_fit=reasons["timeline_fit"],
                is_generic_match=reasons["is_generic_match"],
                semantic=reasons["semantic"],
                stages_inferred=reasons["stages_inferred"],
                provider_record=record,
                local_service=product.provider.local_service or "",
                model_version=row.model_version,
                pool_position=row.pool_position,
            )
        )
    return order_matches(matches)


def _fill_terms(need: Need, matches: list[Match]) -> None:
    """Key terms of rows stored without them (a row that rose with its provider's record)."""
    if any(m.key_terms is None or m.need_terms is None for m in matches):
        fill_terms(need, matches)


def stored_matches(need: Need, limit: int) -> list[Match]:
    """The need's ranked matches as the enterprise sees them, from the stored ranking."""
    return stored_matches_and_rest(need, limit)[0]


def stored_matches_and_rest(need: Need, limit: int) -> tuple[list[Match], list[Match]]:
    """The first `limit` matches (as stored_matches) and the whole ranking they head (key
    terms only where stored)."""
    ranked = _stored_ranking(need)
    matches = ranked[:limit]
    _fill_terms(need, matches)
    return matches, ranked


def _stored_ranking(need: Need) -> list[Match]:
    if not need.is_open:
        return []
    _ensure_ranked([need])
    rows = db.session.scalars(
        select(RankedMatch)
        .where(RankedMatch.need_id == need.id, RankedMatch.rank.is_not(None))
        .order_by(RankedMatch.rank)
    ).all()
    products = visible_products([r.product_id for r in rows])
    records = provider_records({p.provider_id for p in products.values()})
    return _to_matches(need, rows, products, records)


def stored_leads(provider: Organisation, limit: int) -> list[tuple[Need, Match]]:
    """The provider's leads (services/matching.py rank_needs_for_provider) from the stored
    rankings: the open needs of its cities among its candidates, each with its best product."""
    products = lead_products(provider)
    if not products:
        return []
    _ensure_candidates(provider)
    candidates = select(LeadCandidate.need_id).where(LeadCandidate.provider_id == provider.id)
    needs = lead_needs(provider, products, candidates)
    by_need: dict[int, list[RankedMatch]] = {}
    for row in db.session.scalars(
        select(RankedMatch)
        .where(
            RankedMatch.provider_id == provider.id,
            RankedMatch.need_id.in_([n.id for n in needs]),
        )
        .order_by(RankedMatch.pool_position)
    ):
        by_need.setdefault(row.need_id, []).append(row)
    own = visible_products([p.id for p in products])
    records = provider_records({provider.id})
    leads = []
    for need in needs:
        # the live matcher re-ranks the provider's POOL best retrieval candidates
        best = _to_matches(need, by_need.get(need.id, [])[:POOL], own, records)
        if best:
            leads.append((need, best[0]))
    leads.sort(key=lambda pair: (-pair[1].score, -pair[0].id))
    leads = leads[:limit]
    for need, match in leads:
        _fill_terms(need, [match])
    return leads


def match_counts(needs: list[Need], limit: int) -> dict[int, int]:
    """How many matches each open need shows (at most `limit`), for a list of needs: the
    live checks of stored_matches (product visible, its provider serving the need's city)
    without drawing the matches, in three queries for the whole list."""
    needs = [n for n in needs if n.is_open]
    if not needs:
        return {}
    _ensure_ranked(needs)
    pairs = db.session.execute(
        select(RankedMatch.need_id, RankedMatch.product_id).where(
            RankedMatch.need_id.in_([n.id for n in needs]), RankedMatch.rank.is_not(None)
        )
    ).all()
    products = visible_products({product_id for _, product_id in pairs})
    pilot_of = {n.id: n.enterprise.pilot_id for n in needs}
    counts = dict.fromkeys(pilot_of, 0)
    for need_id, product_id in pairs:
        product = products.get(product_id)
        if product is not None and product.provider.serves_pilot(pilot_of[need_id]):
            counts[need_id] = min(limit, counts[need_id] + 1)
    return counts


# the after-commit path ----------------------------------------------------------------------
def refresh_after_commit(product_ids, organisation_ids, need_ids) -> None:
    """What changed in a commit, re-ranked; a failure is logged, the user's request stands."""
    try:
        with Session(db.engine) as s:
            organisations = s.scalars(
                select(Organisation).where(Organisation.id.in_(set(organisation_ids)))
            ).all()
            providers = {o.id for o in organisations if o.is_provider}
            enterprises = {o.id for o in organisations if not o.is_provider}
            if enterprises:
                need_ids = set(need_ids) | set(
                    s.scalars(select(Need.id).where(Need.enterprise_id.in_(enterprises)))
                )
        if product_ids or providers:
            refresh_matches_for_products(product_ids, providers)
        if need_ids:
            refresh_matches(need_ids)
    except Exception:  # the page the user asked for must not fail for this
        current_app.logger.exception("stored matches not refreshed")
