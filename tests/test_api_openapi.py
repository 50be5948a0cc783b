"""The OpenAPI document matches the routes both ways, is structurally sound, and real
responses conform to the schemas it declares."""

import re

import pytest

from tests.api_world import build_little_city

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture
def doc(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def api_rules(app):
    """(rule, view function) of every route of the api blueprint."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            yield rule, app.view_functions[rule.endpoint]


def openapi_path(rule: str) -> str:
    """'/api/v1/needs/<int(min=1):need_id>' → '/api/v1/needs/{need_id}'."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def routes(app) -> set[tuple[str, str]]:
    return {
        (openapi_path(rule.rule), method.lower())
        for rule, _view in api_rules(app)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def documented(doc) -> set[tuple[str, str]]:
    return {
        (path, method) for path, ops in doc["paths"].items() for method in ops if method in METHODS
    }


def test_every_api_route_is_documented_and_every_documented_path_exists(app, doc):
    assert routes(app) == documented(doc)
    assert len(documented(doc)) >= 15
    # the lead's placeholder blueprint is the one registered at /api/v1
    assert all(rule.rule.startswith("/api/v1/") for rule, _ in api_rules(app))


def resolve_refs(node, doc, seen):
    if isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            target = doc
            for part in ref[2:].split("/"):
                assert part in target, f"unresolved {ref}"
                target = target[part]
            seen.add(ref)
        for value in node.values():
            resolve_refs(value, doc, seen)
    elif isinstance(node, list):
        for value in node:
            resolve_refs(value, doc, seen)


def test_document_is_structurally_sound(doc):
    assert doc["openapi"] == "3.1.0"
    assert doc["info"]["title"]
    assert doc["info"]["version"]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    tags = {t["name"] for t in doc["tags"]}
    operation_ids = []
    for path, ops in doc["paths"].items():
        assert path.startswith("/")
        placeholders = set(re.findall(r"{(\w+)}", path))
        for method, op in ops.items():
            if method == "parameters":  # shared by the path's operations
                continue
            assert method in METHODS
            operation_ids.append(op["operationId"])
            assert op["summary"]
            assert set(op["tags"]) <= tags
            assert "200" in op["responses"]
            assert "401" in op["responses"]
            parameters = ops.get("parameters", []) + op.get("parameters", [])
            path_params = {p["name"] for p in parameters if p["in"] == "path"}
            assert path_params == placeholders, path
            for p in parameters:
                assert p["in"] in ("path", "query")
                assert "type" in p["schema"]
                assert p["required"] is True or p["in"] == "query"
            for requirement in op["security"]:
                assert set(requirement) <= set(doc["components"]["securitySchemes"])
            if op["x-access"] == "official":
                assert op["security"] == [{"bearerAuth": []}]
                assert "403" in op["responses"]
    assert len(operation_ids) == len(set(operation_ids))
    seen: set[str] = set()
    resolve_refs(doc, doc, seen)
    declared = {f"#/components/schemas/{name}" for name in doc["components"]["schemas"]}
    assert declared <= seen, f"schemas never referenced: {declared - seen}"


# A small JSON Schema checker for the subset the document uses (no extra dependency).
JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def check(value, schema, doc, where="$"):
    if "$ref" in schema:
        target = doc
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        return check(value, target, doc, where)
    if "allOf" in schema:
        for part in schema["allOf"]:
            check(value, part, doc, where)
        return None
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                return check(value, option, doc, where)
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{where}: matches no option: {errors}")
    types = schema.get("type")
    if types is not None:
        types = types if isinstance(types, list) else [types]
        ok = any(
            isinstance(value, JSON_TYPES[t])
            and not (t in ("integer", "number") and isinstance(value, bool))
            for t in types
        )
        assert ok, f"{where}: {value!r} is not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        assert value >= schema.get("minimum", value), f"{where}: below minimum"
        assert value <= schema.get("maximum", value), f"{where}: above maximum"
    if isinstance(value, dict):
        for name in schema.get("required", []):
            assert name in value, f"{where}: missing {name}"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                check(value[name], sub, doc, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], doc, f"{where}[{i}]")
    return None


@pytest.fixture
def populated(make_user, make_product, make_need, make_quote_request, make_quote):
    city = build_little_city(make_user, make_product, make_need, make_quote_request, make_quote)
    return {
        "official": city.official,
        "product_id": city.product.id,
        "provider_id": city.product.provider_id,
        "need_id": city.need.id,
        "enterprise_id": city.need.enterprise_id,
        "project_id": city.project.id,
        "pilot_id": city.product.provider.pilot_id,  # the supply lists of its city
    }


def test_responses_conform_to_the_documented_schemas(client, doc, populated, api_headers):
    headers = api_headers(populated["official"])
    values = {**populated}
    checked = 0
    for path, ops in doc["paths"].items():
        op = ops["get"]
        content = op["responses"]["200"]["content"]
        if "application/json" not in content:
            continue
        url = re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), path)
        if path == "/api/v1/events":
            url += f"?subject_type=needs&subject_id={populated['need_id']}"
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.json)
        check(response.json, content["application/json"]["schema"], doc)
        if "items" in response.json and path != "/api/v1/openapi.json":
            assert response.json["items"], f"{url} returned nothing to check"
        checked += 1
    assert checked >= 14


def test_schema_checker_rejects_a_wrong_shape(doc):
    named = {"$ref": "#/components/schemas/Named"}
    check({"id": 1, "name": "x"}, named, doc)
    for wrong in ({"id": "1", "name": "x"}, {"id": 1}, {"id": True, "name": "x"}, None):
        with pytest.raises(AssertionError):
            check(wrong, named, doc)


def test_error_bodies_conform_to_the_error_schema(client, doc):
    for url in ("/api/v1/needs", "/api/v1/products/999", "/api/v1/products?page=0"):
        response = client.get(url)
        check(response.json, {"$ref": "#/components/schemas/Error"}, doc)


def test_docs_page_lists_every_endpoint_without_external_assets(client, doc):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for path in doc["paths"]:
        assert path in html
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert "Authorization: Bearer" in html
    assert "api-token create" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_docs_page_runs_swagger_ui_from_local_files_without_inline_script(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)

    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts
    assert all('src="/' in attributes for attributes in scripts)
    for asset in re.findall(r'(?:src|href)="(/api/v1/docs/assets/[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200
        response.close()
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in html
