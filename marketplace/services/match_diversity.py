"""Provider diversity of a ranked list: one provider with many close products must not fill
the top of an enterprise's matches, so the enterprise sees several providers to ask.

The one home of the rule, applied after scoring by both the live matcher
(matching.rank_products_for_need) and the stored rankings read back
(ranked_matches._to_matches), so both paths order alike.
"""

TOP = 5  # the places the rule guards
PER_PROVIDER = 2  # at most this many products of one provider among them


def diversify(matches: list, top: int = TOP, per_provider: int = PER_PROVIDER) -> list:
    """`matches` (best first) re-ordered so that no provider holds more than `per_provider`
    of the first `top` places. A product pushed down keeps its order relative to the others
    pushed down and to everything below; when too few providers are left to fill the top,
    the best remaining products fill it anyway."""
    chosen, rest = [], list(matches)
    held: dict[int, int] = {}
    while rest and len(chosen) < top:
        index = next(
            (i for i, m in enumerate(rest) if held.get(m.product.provider_id, 0) < per_provider),
            0,
        )
        match = rest.pop(index)
        held[match.product.provider_id] = held.get(match.product.provider_id, 0) + 1
        chosen.append(match)
    return chosen + rest


def others_by_provider(shown: list, ranked: list) -> dict[int, list]:
    """For the first product of each provider in `shown`, the provider's other matches in
    `ranked` (the whole ranking, best first): what "该服务商的其他匹配产品" lists. Keyed by
    the product id the list hangs under."""
    by_provider: dict[int, list] = {}
    for match in ranked:
        by_provider.setdefault(match.product.provider_id, []).append(match)
    others, seen = {}, set()
    for match in shown:
        provider_id = match.product.provider_id
        if provider_id in seen:
            continue
        seen.add(provider_id)
        rest = [m for m in by_provider.get(provider_id, []) if m.product.id != match.product.id]
        if rest:
            others[match.product.id] = rest
    return others
