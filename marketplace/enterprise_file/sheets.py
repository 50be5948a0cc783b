"""The 一企一档 (one file per enterprise) as tables for CSV/Excel, said in the requesting
user's language through marketplace/wording."""

from marketplace import wording


def _said(sheet: str, headers: tuple[str, ...], rows: list[list]) -> tuple[str, list[str], list]:
    return wording.sheet(sheet), [wording.header(h) for h in headers], rows


def enterprise_file_sheets(data: dict) -> list[tuple[str, list[str], list[list]]]:
    """The file as (title, headers, rows), from services.enterprise_file.enterprise_file(enterprise)."""
    e = data["enterprise"]
    scale = "above_scale" if e.is_above_scale else "below_scale"
    profile = [
        [wording.header("enterprise_name"), e.name],
        [wording.header("credit_code"), e.credit_code],
        [wording.header("enterprise_district"), e.district.name if e.district else ""],
        [wording.header("sub_industry"), e.sub_industry.name if e.sub_industry else ""],
        [wording.header("scale_class"), wording.cell(scale)],
        [
            wording.header(
                "certified_level" if data["current_level"].is_certified else "self_assessed_level"
            ),
            data["current_level"].level if data["current_level"].level is not None else "",
        ],
        [wording.header("contact_name"), e.contact_name],
        [wording.header("contact_phone"), e.contact_phone],
    ]
    levels = [
        [a.created_at, a.kind, a.edition, a.score, a.level, a.project_id or ""]
        for a in data["levels"]
    ]
    needs = [
        [n.id, n.title, wording.status(n.status, "needs"), n.budget_min, n.budget_max, n.created_at]
        for n in data["needs"]
    ]
    shown = [
        [
            s.product.name,
            s.product.provider.name,
            s.first_shown_at,
            s.last_shown_at,
            s.times_shown,
            s.needs,
            wording.yes_no(s.quote_asked),
        ]
        for s in data["shown_products"]
    ]
    quotes = [
        [
            r.id,
            r.need.title,
            r.provider.name,
            wording.status(r.status, "quote_requests"),
            r.quote.total if r.quote else "",
            r.created_at,
        ]
        for r in data["quote_requests"]
    ]
    projects = [
        [
            p.id,
            p.title,
            wording.status(p.status, "projects"),
            p.provider.name if p.provider else "",
            p.contract_no,
            p.budget_total,
            p.target_level,
            p.certified_level,
            p.subsidy_estimate,
            p.subsidy_confirmed,
            p.subsidy_paid,
        ]
        for p in data["projects"]
    ]
    events = [
        [
            pid,
            ev.at,
            wording.status(ev.from_state, "projects"),
            wording.status(ev.to_state, "projects"),
            ev.actor.name if ev.actor else wording.cell("system"),
            wording.event_reason(ev),
        ]
        for pid, evs in data["events"].items()
        for ev in evs
    ]
    documents = [
        [a.project_id, a.purpose, a.filename, a.size, a.uploaded_at]
        for p in data["projects"]
        for a in p.attachments
    ]
    return [
        _said("profile", ("item", "content"), profile),
        _said("levels", ("time", "kind", "edition", "score", "level", "project"), levels),
        _said(
            "needs",
            ("id", "title", "status", "budget_min", "budget_max", "published_at"),
            needs,
        ),
        _said(
            "shown_products",
            (
                "product",
                "provider",
                "first_shown_at",
                "last_shown_at",
                "times_shown",
                "needs_count",
                "quote_asked",
            ),
            shown,
        ),
        _said(
            "quote_requests",
            ("id", "need", "provider", "status", "quote_total", "requested_at"),
            quotes,
        ),
        _said(
            "projects",
            (
                "id",
                "project",
                "status",
                "provider",
                "contract_no",
                "budget_total",
                "target_level_grade",
                "certified_level",
                "subsidy_estimate",
                "subsidy_confirmed",
                "subsidy_paid",
            ),
            projects,
        ),
        _said(
            "project_events",
            ("project", "time", "from_state", "to_state", "actor", "reason"),
            events,
        ),
        _said(
            "project_documents",
            ("project", "kind", "filename", "size_bytes", "uploaded_at"),
            documents,
        ),
    ]
