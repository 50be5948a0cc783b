"""数字化水平评测: score a questionnaire edition (data in marketplace/data/digital_level_*.json),
derive the level with the edition's level rule, and keep the enterprise's level history."""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput
from models import LevelAssessment

EDITIONS = ("2024", "2022")
CURRENT_EDITION = "2024"


@cache
def questionnaire(edition: str = CURRENT_EDITION) -> dict:
    if edition not in EDITIONS:
        raise InvalidInput("unknown_edition", edition=edition)
    path = resources.files("marketplace.data").joinpath(f"digital_level_{edition}.json")
    return json.loads(path.read_text("utf-8"))


def all_scenes(edition: str = CURRENT_EDITION) -> list[str]:
    return [s for group in questionnaire(edition)["scene_groups"] for s in group["scenes"]]


@dataclass
class LevelResult:
    edition: str
    score: Decimal
    level: int  # 0: 无等级
    by_dimension: dict[str, Decimal] = field(default_factory=dict)
    scene_counts: dict[int, tuple[int, int]] = field(default_factory=dict)  # grade → (all, 约束性)


def score_answers(edition: str, answers: dict) -> tuple[Decimal, dict[str, Decimal]]:
    """Sum the option points. Single choice: one option id; multi: a list of ids, where the
    '无' option (0 points) adds nothing. Unknown ids are refused."""
    data = questionnaire(edition)
    by_dimension = {d["name"]: Decimal("0") for d in data["dimensions"]}
    for q in data["questions"]:
        points = {o["id"]: Decimal(str(o["points"])) for o in q["options"]}
        chosen = answers.get(q["id"])
        if chosen in (None, "", []):
            raise InvalidInput("unanswered", question=q["id"])
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        if q["type"] == "single" and len(chosen) != 1:
            raise InvalidInput("one_option_only", question=q["id"])
        if any(c not in points for c in chosen):
            raise InvalidInput("unknown_option", question=q["id"])
        by_dimension[q["dimension"]] += sum((points[c] for c in set(chosen)), Decimal("0"))
    return sum(by_dimension.values(), Decimal("0")), by_dimension


def compute_level(
    edition: str, answers: dict | None = None, scenes: dict | None = None, score=None
) -> LevelResult:
    """Score and level. The 2024 rule needs the scored answers and the 16 scene grades; the
    2022 edition (per-item tables unknown) takes the total score directly."""
    data = questionnaire(edition)
    rule = data["level_rule"]
    if rule["mode"] == "score_only":
        if score is None:
            raise InvalidInput("score_required")
        total, by_dimension = Decimal(str(score)), {}
        if not Decimal(0) <= total <= Decimal(100):
            raise InvalidInput("score_out_of_range")
    else:
        total, by_dimension = score_answers(edition, answers or {})
    grades = _scene_grades(edition, scenes or {}) if rule["mode"] != "score_only" else {}
    constrained = set(data["constrained_scenes"])
    counts = {
        g: (
            sum(1 for v in grades.values() if v >= g),
            sum(1 for s, v in grades.items() if v >= g and s in constrained),
        )
        for g in (1, 2, 3, 4)
    }
    level = 0
    for row in sorted(rule["levels"], key=lambda r: -r["level"]):
        if total < Decimal(str(row["min_score"])):
            continue
        if "min_scenes" in row:
            n_all, n_constrained = counts[row["min_scene_level"]]
            if n_all < row["min_scenes"] or n_constrained < row["min_constrained"]:
                continue
        level = row["level"]
        break
    return LevelResult(edition, total, level, by_dimension, counts)


def _scene_grades(edition: str, scenes: dict) -> dict[str, int]:
    grades = {}
    for scene in all_scenes(edition):
        try:
            grade = int(scenes.get(scene, 0) or 0)
        except (TypeError, ValueError):
            raise InvalidInput("bad_scene_grade", scene=scene) from None
        if grade not in (0, 1, 2, 3, 4):
            raise InvalidInput("bad_scene_grade", scene=scene)
        grades[scene] = grade
    return grades


def record_assessment(
    enterprise,
    actor,
    *,
    edition: str = CURRENT_EDITION,
    answers: dict | None = None,
    scenes: dict | None = None,
    score=None,
    kind: str = "self",
    project=None,
) -> LevelAssessment:
    """Compute and store an assessment; a self-assessment also updates the enterprise's
    self-assessed level shown on its profile."""
    result = compute_level(edition, answers, scenes, score)
    assessment = LevelAssessment(
        enterprise_id=enterprise.id,
        project_id=getattr(project, "id", None),
        kind=kind,
        edition=edition,
        answers=answers or {},
        scenes=scenes or {},
        score=result.score,
        level=result.level,
        assessed_by_id=getattr(actor, "id", None),
    )
    db.session.add(assessment)
    if kind in ("self", "after") and result.level:
        enterprise.self_assessed_level = result.level
    db.session.flush()
    return assessment


def record_level(enterprise, actor, level: int, kind: str, project=None) -> LevelAssessment:
    """A level stated without a questionnaire: 'before'/'after' given at acceptance, or the
    level the official certifies (现场评定)."""
    assessment = LevelAssessment(
        enterprise_id=enterprise.id,
        project_id=getattr(project, "id", None),
        kind=kind,
        edition=CURRENT_EDITION,
        level=level,
        assessed_by_id=getattr(actor, "id", None),
    )
    db.session.add(assessment)
    db.session.flush()
    return assessment


def level_history(enterprise) -> list[LevelAssessment]:
    return list(
        db.session.scalars(
            select(LevelAssessment)
            .where(LevelAssessment.enterprise_id == enterprise.id)
            .order_by(LevelAssessment.created_at, LevelAssessment.id)
        )
    )
