"""What every step of the demo build shares: the accounts' password and mail domain, the
local clock, and a provider as the builder knows it."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from models import (
    Organisation,
    User,
)

DEMO_PASSWORD = "demo12345"
EMAIL_DOMAIN = "demo.cn"
RANDOM_SEED = 20240228  # the day 厦门 published its pilot work plan
LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def profile_fields(profile: dict) -> dict:
    e, p, q, m = (
        profile["equipment"],
        profile["processes"],
        profile["quality"],
        profile["materials"],
    )
    label = profile["label"]
    return {
        "label": label + " " if label.isascii() else label,  # "PCB 质量追溯系统"
        "goods": profile["goods"],
        "e1": e[0],
        "e2": e[1],
        "e3": e[2],
        "p1": p[0],
        "p2": p[1],
        "p3": p[2],
        "p4": p[3],
        "q1": q[0],
        "q2": q[1],
        "m1": m[0],
        "m2": m[1],
        "energy": profile["energy"],
        "hazard": profile["hazard"],
        "customers": profile["customers"],
    }


@dataclass
class DemoProvider:
    org: Organisation
    user: User
    brand: str
    profiles: tuple | None
    city: str
