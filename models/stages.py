"""The 16 business scenes (业务环节) of the 2024 中小企业数字化水平评测指标, in their 4 groups.

Needs and products are tagged with these names; they are the shared vocabulary of matching.
"""

STAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "产品生命周期": ("产品设计", "工艺设计", "营销管理", "售后服务"),
    "生产执行": ("计划排程", "生产管控", "质量管理", "设备管理", "安全生产", "能耗管理"),
    "供应链": ("采购管理", "仓储物流"),
    "管理决策": ("财务管理", "人力资源", "协同办公", "决策支持"),
}

STAGES: tuple[str, ...] = tuple(s for group in STAGE_GROUPS.values() for s in group)

STAGE_ENGLISH: dict[str, str] = {
    "产品设计": "Product design",
    "工艺设计": "Process design",
    "营销管理": "Marketing & sales",
    "售后服务": "After-sales service",
    "计划排程": "Planning & scheduling",
    "生产管控": "Production control",
    "质量管理": "Quality management",
    "设备管理": "Equipment management",
    "安全生产": "Work safety",
    "能耗管理": "Energy management",
    "采购管理": "Procurement",
    "仓储物流": "Warehousing & logistics",
    "财务管理": "Finance",
    "人力资源": "Human resources",
    "协同办公": "Collaboration & office",
    "决策支持": "Decision support",
}


def in_stage_order(stages) -> list[str]:
    """`stages` in the catalogue's order (STAGES), whatever order the database returned
    them in; names outside the catalogue go last, as given."""
    place = {stage: i for i, stage in enumerate(STAGES)}
    return sorted(stages, key=lambda stage: place.get(stage, len(STAGES)))
