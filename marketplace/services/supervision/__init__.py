"""What an official may see and the figures about it, one module per concept:

- scope: the Scope (a models/access.py jurisdiction with its user) and the scoped select()s
- lists: the filtered lists and the related rows of the object pages
- review_queue: what waits for the official's vetting
- activity: weekly activity by week, sub-industry and district
- dashboard: the matchmaking funnel, stale needs, slow providers, level figures
- projects: project and subsidy figures

The views and tests use the package as `sv`; the names below are its public face.
"""

from marketplace.services.supervision.activity import (
    ACTIVITY_METRICS,
    Activity,
    activity,
    iso_week,
    last_weeks,
    week_start,
)
from marketplace.services.supervision.dashboard import (
    RESPONDED_STATUSES,
    SLOW_PROVIDER_DAYS,
    STALE_NEED_DAYS,
    Dashboard,
    dashboard,
    level_figures,
    provider_service,
    slow_providers,
    stale_needs,
)
from marketplace.services.supervision.lists import (
    PER_PAGE,
    filter_enterprises,
    filter_needs,
    filter_products,
    filter_providers,
    match_views_of_need,
    needs_of_enterprise,
    products_of_provider,
    quote_requests_of_need,
    quote_requests_of_provider,
)
from marketplace.services.supervision.projects import project_figures
from marketplace.services.supervision.review_queue import review_queue
from marketplace.services.supervision.scope import (
    Jurisdiction,
    Scope,
    all_rows,
    count_in_scope,
    enterprise_ids,
    find_in_scope,
    of_needs_in_scope,
    place_names,
    provider_ids,
    scope_districts,
    scope_of,
    scope_pilots,
    scope_sub_industries,
    scoped_enterprises,
    scoped_needs,
    scoped_products,
    scoped_providers,
    scoped_quote_requests,
)

__all__ = [
    "ACTIVITY_METRICS",
    "PER_PAGE",
    "RESPONDED_STATUSES",
    "SLOW_PROVIDER_DAYS",
    "STALE_NEED_DAYS",
    "Activity",
    "Dashboard",
    "Jurisdiction",
    "Scope",
    "activity",
    "all_rows",
    "count_in_scope",
    "dashboard",
    "enterprise_ids",
    "filter_enterprises",
    "filter_needs",
    "filter_products",
    "filter_providers",
    "find_in_scope",
    "iso_week",
    "last_weeks",
    "level_figures",
    "match_views_of_need",
    "needs_of_enterprise",
    "place_names",
    "products_of_provider",
    "project_figures",
    "of_needs_in_scope",
    "provider_ids",
    "provider_service",
    "quote_requests_of_need",
    "quote_requests_of_provider",
    "review_queue",
    "scope_districts",
    "scope_of",
    "scope_pilots",
    "scope_sub_industries",
    "scoped_enterprises",
    "scoped_needs",
    "scoped_products",
    "scoped_providers",
    "scoped_quote_requests",
    "slow_providers",
    "stale_needs",
    "week_start",
]
