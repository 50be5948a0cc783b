"""The English catalog: every string in the code is translated, and the pages switch language."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import refresh

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO_FILE = PO_FILE.with_suffix(".mo")
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")


def switch_language(client, code):
    """GET /lang/<code>. The app fixture keeps one app context (and so Flask-Babel's cached
    locale) across the test client's requests; a real request starts without it."""
    response = client.get(f"/lang/{code}")
    refresh()
    return response


def read_catalog():
    with PO_FILE.open("rb") as f:
        return read_po(f, locale="en")


@pytest.fixture(scope="session", autouse=True)
def compiled_catalog():
    """The .mo is built by `make install`; build it here when missing or older than the .po."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        catalog = read_catalog()
        with MO_FILE.open("wb") as f:
            write_mo(f, catalog)


def strings_in_code() -> set[str]:
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        # Babel skips "_"-prefixed folders by default; templates/_partials must be read too.
        directory_filter=lambda path: not Path(path).name.startswith("."),
    )
    ids = set()
    for _filename, _lineno, message, _comments, _context in found:
        ids.update(message if isinstance(message, tuple) else (message,))
    return {i for i in ids if i}


def test_every_string_in_the_code_has_an_english_translation():
    in_code = strings_in_code()
    catalog = read_catalog()
    translated = {
        m.id: m.string
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    assert len(in_code) > 900  # the extraction really read the templates and forms
    missing = sorted(in_code - translated.keys())
    assert not missing, (
        f"{len(missing)} strings have no English translation (see babel.cfg for the commands): "
        f"{missing[:20]}"
    )


def test_translations_keep_the_placeholders_of_their_source():
    wrong = [
        m.id
        for m in read_catalog()
        if m.id
        and isinstance(m.id, str)
        and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    ]
    assert not wrong


def test_pages_are_in_chinese_by_default(client):
    home = client.get("/").get_data(as_text=True)
    assert "产品目录" in home
    assert "登录" in home
    catalog = client.get("/catalog/browse").get_data(as_text=True)
    assert "应用筛选" in catalog


def test_home_and_catalog_switch_to_english(client):
    response = switch_language(client, "en")
    assert response.status_code == 302

    home = client.get("/").get_data(as_text=True)
    assert "Catalog" in home
    assert "Log in" in home
    assert "Browse the catalog" in home
    assert "产品目录" not in home  # the nav label is gone
    assert "浏览产品目录" not in home

    catalog = client.get("/catalog/browse").get_data(as_text=True)
    assert "Apply filters" in catalog
    assert "Search" in catalog
    assert "应用筛选" not in catalog
    assert "产品目录" not in catalog

    switch_language(client, "zh")
    assert "产品目录" in client.get("/").get_data(as_text=True)


def test_flash_and_form_errors_follow_the_language(client):
    switch_language(client, "en")
    page = client.post(
        "/account/login", data={"email": "nobody@example.com", "password": "wrong-password"}
    ).get_data(as_text=True)
    assert "Incorrect email or password" in page
    page = client.post("/account/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Please enter your email" in page
    assert "请填写邮箱" not in page


def test_macro_labels_follow_the_language_after_a_chinese_request(
    client, login, make_user, make_product
):
    """Imported macro templates are cached: their labels must not freeze in the first language."""
    make_product(status="pending", name="待审核的能耗监测平台")
    login(make_user("official"))
    assert ">通过<" in client.get("/supervision/review-queue").get_data(as_text=True)
    switch_language(client, "en")
    page = client.get("/supervision/review-queue").get_data(as_text=True)
    assert ">Approve<" in page
    assert ">通过<" not in page
