"""Every CSV/Excel export × actor: the status, and for staff the rows cut to their
jurisdiction, written out by hand (world and actors in tests/access_world.py).

The exports: the supervision lists (?format=csv|xlsx), the activity and dashboard figures,
and the 一企一档 (enterprise file) download.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.access_world import ACTORS, NAMES, build_world

# anonymous, owner, other_enterprise, provider, other_provider,
# district_a, district_b, city, fuzhou, admin
STAFF_ONLY = (302, 403, 403, 403, 403, 200, 200, 200, 200, 200)
ENTERPRISE_FILE = (302, 200, 404, 404, 404, 200, 404, 200, 404, 200)

LISTS = ("needs", "enterprises", "providers", "products")
EXPORTS = {
    **{
        f"/supervision/{name}?format={fmt}": STAFF_ONLY for name in LISTS for fmt in ("csv", "xlsx")
    },
    "/supervision/activity?format=csv": STAFF_ONLY,
    "/supervision/activity?format=xlsx": STAFF_ONLY,
    "/supervision/dashboard?format=csv": STAFF_ONLY,
    "/supervision/dashboard?format=csv&table=by_district": STAFF_ONLY,
    "/supervision/dashboard?format=xlsx": STAFF_ONLY,
    "/projects/enterprise/{enterprise}?format=csv": ENTERPRISE_FILE,
    "/projects/enterprise/{enterprise}?format=xlsx": ENTERPRISE_FILE,
}

# the names (second column) each staff actor's list export holds, out of the world's
_A, _B, _FZ = "district_a", "district_b", "fuzhou"
ROWS = {
    "needs": {
        _A: {"need"},
        _B: {"need_b"},
        "city": {"need", "need_b"},
        _FZ: {"need_fz"},
        "admin": {"need", "need_b", "need_fz"},
    },
    "enterprises": {
        _A: {"enterprise"},
        _B: {"enterprise_b"},
        "city": {"enterprise", "enterprise_b"},
        _FZ: {"enterprise_fz"},
        "admin": {"enterprise", "enterprise_b", "enterprise_fz"},
    },
    # approved providers and products are public to every official of their city; pending
    # ones only to those who vet them (厦门: the district)
    "providers": {
        _A: {"provider", "provider_b", "provider_pending"},
        _B: {"provider", "provider_b"},
        "city": {"provider", "provider_b", "provider_pending"},
        _FZ: {"provider_fz"},
        "admin": {"provider", "provider_b", "provider_pending", "provider_fz"},
    },
    "products": {
        _A: {"pending", "approved", "approved_b"},
        _B: {"approved", "approved_b"},
        "city": {"pending", "approved", "approved_b"},
        _FZ: set(),
        "admin": {"pending", "approved", "approved_b"},
    },
}
# needs posted (all this week) in each staff actor's activity and dashboard figures
NEEDS_POSTED = {_A: 1, _B: 1, "city": 2, _FZ: 1, "admin": 3}

MATRIX_SIZE = len(EXPORTS) * len(ACTORS)


@pytest.fixture
def world(make_organisation, make_user, make_need, make_quote_request, make_product, reviewer):
    return build_world(
        make_organisation, make_user, make_need, make_quote_request, make_product, reviewer
    )


def csv_rows(response) -> list[list[str]]:
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def xlsx_sheets(response) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(response.data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def second_column(rows) -> set[str]:
    return {row[1] for row in rows[1:]}


@pytest.mark.parametrize("actor", ACTORS)
def test_export_status(client, login, world, actor):
    ids, users = world
    if users[actor] is not None:
        login(users[actor])
    i = ACTORS.index(actor)
    wrong = []
    for template, expected in EXPORTS.items():
        path = template.format(**ids)
        response = client.get(path)
        if response.status_code != expected[i]:
            wrong.append(f"{path}: expected {expected[i]}, got {response.status_code}")
        elif expected[i] == 200 and "attachment" not in response.headers["Content-Disposition"]:
            wrong.append(f"{path}: not a download")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("actor", ["district_a", "district_b", "city", "fuzhou", "admin"])
def test_staff_exports_are_cut_to_the_jurisdiction(client, login, world, actor):
    ids, users = world
    login(users[actor])
    for name in LISTS:
        expected = {NAMES[key] for key in ROWS[name][actor]}
        as_csv = csv_rows(client.get(f"/supervision/{name}?format=csv"))
        assert second_column(as_csv) == expected, (name, "csv")
        (sheet,) = xlsx_sheets(client.get(f"/supervision/{name}?format=xlsx")).values()
        assert second_column(sheet) == expected, (name, "xlsx")

    posted = NEEDS_POSTED[actor]
    weeks = csv_rows(client.get("/supervision/activity?format=csv"))
    assert sum(int(row[2]) for row in weeks[1:]) == posted
    activity = xlsx_sheets(client.get("/supervision/activity?format=xlsx"))
    assert sum(row[2] for row in activity["按周"][1:]) == posted
    summary = csv_rows(client.get("/supervision/dashboard?format=csv"))
    assert int(summary[1][0]) == posted
    dashboard = xlsx_sheets(client.get("/supervision/dashboard?format=xlsx"))
    assert list(dashboard.values())[0][1][0] == posted


@pytest.mark.parametrize("actor", ["owner", "district_a", "city", "admin"])
def test_enterprise_file_export_holds_that_enterprise_only(client, login, world, actor):
    ids, users = world
    login(users[actor])
    path = f"/projects/enterprise/{ids['enterprise']}"
    as_csv = client.get(f"{path}?format=csv").data.decode("utf-8-sig")
    as_xlsx = str(xlsx_sheets(client.get(f"{path}?format=xlsx")))
    for text in (as_csv, as_xlsx):
        assert NAMES["need"] in text
        assert NAMES["need_b"] not in text
        assert NAMES["need_fz"] not in text
        assert NAMES["enterprise_b"] not in text
