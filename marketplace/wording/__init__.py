"""The one catalogue of user-facing wording that services only name by code: status labels,
domain-error messages, event reasons and export headers. Templates reach it as the `wording`
global (`wording.status(s, 'projects')`, `wording.error(e)`, `wording.event_reason(ev)`…);
exports call the same functions. Every string is translated when it is said, so a download
or a page comes out in the requesting user's language."""

from types import SimpleNamespace

from marketplace.wording import admission, evaluation
from marketplace.wording.answerable import answerable_term
from marketplace.wording.errors import (
    BY_DETAIL,
    ERROR_MESSAGES,
    FALLBACK,
    MOVED_MEANWHILE,
    WITH_DETAILS,
)
from marketplace.wording.headers import CELLS, HEADERS, SHEETS
from marketplace.wording.notifications import KIND_LABELS, NOTIFICATION_TEXTS
from marketplace.wording.ranker import feature_name, ranker_kind
from marketplace.wording.reasons import LEGACY, LEGACY_PATTERNS, REASON_WITH_TEXT, REASONS
from marketplace.wording.statuses import (
    ACCEPTANCE_RESULTS,
    LOOKUP_ORDER,
    ROLES,
    SPECIALISED,
    STATUS_LABELS,
)
from marketplace.wording.subsidy_notes import subsidy_note


def status(value: str | None, aggregate: str | None = None) -> str:
    """The label of a status of `aggregate` (a table name such as 'projects'); without one,
    the first aggregate in LOOKUP_ORDER that has the status. Unknown values pass through."""
    if not value:
        return ""
    tables = [STATUS_LABELS[aggregate]] if aggregate in STATUS_LABELS else []
    tables += [STATUS_LABELS[name] for name in LOOKUP_ORDER]
    for labels in tables:
        if value in labels:
            return str(labels[value])
    return value


def error(err) -> str:
    """The message for a DomainError (or a bare code), sharpened by its details when it has them."""
    code = getattr(err, "code", err)
    details = getattr(err, "details", None) or {}
    details = admission.said_details(code, details)
    if code == "moved_meanwhile":
        return _moved_meanwhile(details.get("subject"), details.get("status"))
    if code in BY_DETAIL:
        key, by_value = BY_DETAIL[code]
        if details.get(key) in by_value:
            return str(by_value[details[key]])
    if code in WITH_DETAILS:
        needed, message = WITH_DETAILS[code]
        if all(k in details for k in needed):
            return str(message) % {k: details[k] for k in needed}
    return str(ERROR_MESSAGES.get(code, FALLBACK))


def _moved_meanwhile(aggregate: str | None, state: str | None) -> str:
    message = MOVED_MEANWHILE.get((aggregate, state)) or MOVED_MEANWHILE.get(aggregate)
    if message is None or state is None:
        return str(ERROR_MESSAGES["moved_meanwhile"])
    return str(message) % {"status": status(state, aggregate)}


class _Figures(dict):
    """A reason's figures; one missing from an old row shows as '?' rather than failing."""

    def __missing__(self, key):
        return "?"


def _said(code: str, args: dict | None) -> str:
    if not args and code in evaluation.WITHOUT_FIGURES:
        return str(evaluation.WITHOUT_FIGURES[code])
    message = str(REASONS[code])
    args = evaluation.said_args(code, args or {})
    return message % _Figures(args) if "%(" in message else message


def reason(text: str | None, args: dict | None = None) -> str:
    """A stored reason: a code (or an old Chinese system sentence) in the viewer's language;
    anything else is a person's words and shows as typed."""
    if not text:
        return ""
    if text in REASONS:
        return _said(text, args)
    if text in LEGACY:
        return _said(LEGACY[text], args)
    for pattern, code in LEGACY_PATTERNS:
        match = pattern.match(text)
        if match:
            return _said(code, match.groupdict())
    return text


def event_reason(event) -> str:
    """An event's why: the system's reason and the person's words, whichever are there."""
    code = reason(event.reason_code, event.reason_args) if event.reason_code else ""
    text = reason(event.reason)
    if code and text:
        return str(REASON_WITH_TEXT) % {"said": code, "text": text}
    return code or text


def header(key) -> str:
    """An export column header by key; a lazy string or plain text passes through translated."""
    return str(HEADERS.get(key, key)) if isinstance(key, str) else str(key)


def sheet(key) -> str:
    return str(SHEETS.get(key, key)) if isinstance(key, str) else str(key)


def cell(key: str) -> str:
    return str(CELLS[key])


def yes_no(value: bool) -> str:
    return cell("yes") if value else cell("no")


def acceptance(result: str | None) -> str:
    return str(ACCEPTANCE_RESULTS.get(result, result or ""))


def role(value: str | None) -> str:
    return str(ROLES.get(value, value or ""))


def specialised(value: str | None) -> str:
    return str(SPECIALISED.get(value, "")) if value else ""


def notification(item) -> str:
    """What a notification says, with the figures kept with it."""
    args = _Figures(item.args or {})
    kind = "quote_revised" if item.kind == "quote_answered" and args.get("revised") else item.kind
    if kind == "project_acceptance_result":
        args["result"] = status(args.get("to_state"), "projects")
    message = NOTIFICATION_TEXTS.get(kind)
    if message is None:
        return kind
    message = str(message)
    return message % args if "%(" in message else message


def notification_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


CATALOGUE = SimpleNamespace(
    notification=notification,
    notification_kind=notification_kind,
    status=status,
    error=error,
    reason=reason,
    event_reason=event_reason,
    header=header,
    sheet=sheet,
    cell=cell,
    yes_no=yes_no,
    acceptance=acceptance,
    role=role,
    specialised=specialised,
    subsidy_note=subsidy_note,
    admission=admission,
    answerable=answerable_term,
    ranker_kind=ranker_kind,
    feature_name=feature_name,
    evaluation=evaluation,
)


def register(app) -> None:
    app.jinja_env.globals["wording"] = CATALOGUE
