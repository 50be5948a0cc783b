"""Why an assessment got its level: which row of the edition's level rule decided it, and what
the next level up still lacks (score, scenes at the grade, 约束性 scenes). Codes and figures
out; marketplace/wording/levels.py says them."""

from decimal import Decimal

from marketplace.services.digital_level import LevelResult, questionnaire


def _row_check(row: dict, result: LevelResult) -> list[dict]:
    """What `result` lacks for `row` of the rule: [] when it meets it."""
    lacks = []
    if result.score < Decimal(str(row["min_score"])):
        lacks.append({"code": "score", "need": row["min_score"], "have": result.score})
    if "min_scenes" in row:
        grade = row["min_scene_level"]
        n_all, n_constrained = result.scene_counts.get(grade, (0, 0))
        if n_all < row["min_scenes"]:
            lacks.append(
                {"code": "scenes", "grade": grade, "need": row["min_scenes"], "have": n_all}
            )
        if n_constrained < row["min_constrained"]:
            lacks.append(
                {
                    "code": "constrained",
                    "grade": grade,
                    "need": row["min_constrained"],
                    "have": n_constrained,
                }
            )
    return lacks


def explain_level(result: LevelResult) -> dict:
    """{'level', 'rule': the row that decided it (or None), 'scene_counts' for that row's grade,
    'next': {'level', 'lacks': [...]} for the level above (None at the top)}."""
    rows = {row["level"]: row for row in questionnaire(result.edition)["level_rule"]["levels"]}
    rule = rows.get(result.level)
    counts = None
    if rule and "min_scenes" in rule:
        counts = result.scene_counts.get(rule["min_scene_level"], (0, 0))
    above = rows.get(result.level + 1)
    return {
        "level": result.level,
        "score": result.score,
        "rule": rule,
        "counts": counts,
        "next": {"level": above["level"], "lacks": _row_check(above, result)} if above else None,
    }
