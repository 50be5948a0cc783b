"""Where a notification leads: the page of its subject (for the inbox and for mails)."""

THREAD_SLUGS = {"quote_requests": "quote", "projects": "project"}

LINKS = {
    "quote_requests": lambda n: ("quotes.detail", {"request_id": n.subject_id}),
    "organisations": lambda n: ("auth.profile", {}),
    "products": lambda n: ("catalog.product_detail", {"product_id": n.subject_id}),
    "projects": lambda n: ("projects.detail", {"project_id": n.subject_id}),
    "lead_interests": lambda n: ("messages.interest", {"interest_id": n.subject_id}),
    "provider_evaluations": lambda n: ("evaluation.result", {"result_id": n.subject_id}),
    "expert_reviews": lambda n: ("experts.review", {"review_id": n.subject_id}),
    "messages": lambda n: (
        "messages.thread",
        {
            "kind": THREAD_SLUGS.get((n.args or {}).get("thread_type"), "quote"),
            "thread_id": (n.args or {}).get("thread_id", 0),
        },
    ),
}


def link_of(notification) -> tuple[str, dict]:
    """(endpoint, values) of the page the notification is about; the inbox otherwise."""
    make = LINKS.get(notification.subject_type)
    return make(notification) if make else ("notifications.inbox", {})
