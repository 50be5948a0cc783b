"""Serving a real city: the start refusal without a real SECRET_KEY, /healthz for a load
balancer, and a request id on every response."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from marketplace import create_app
from marketplace.extensions import db
from marketplace.production import unsafe_setting

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("key", [None, "", "dev-only-change-me"])
def test_no_real_secret_key_is_refused_with_a_line_naming_it(key):
    problem = unsafe_setting({"SECRET_KEY": key})
    assert problem is not None
    assert "SECRET_KEY" in problem


def test_a_real_secret_key_with_debug_off_may_serve():
    assert unsafe_setting({"SECRET_KEY": "9f3b0c1e7a5d4e2f8a6b", "DEBUG": False}) is None
    assert "DEBUG" in unsafe_setting({"SECRET_KEY": "9f3b0c1e7a5d4e2f8a6b", "DEBUG": True})


def test_serving_without_a_secret_key_exits_non_zero_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from marketplace.production import create_production_app as c; c()",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "SECRET_KEY" in lines[0]


def test_healthz_answers_200_when_database_and_index_answer(client, make_product, make_need):
    make_product()  # approving it, and posting the need, build the two indexes
    make_need()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": True, "search_index": True}}
    assert "Set-Cookie" not in response.headers


def test_healthz_answers_503_without_a_search_index(tmp_path, sqlite_template):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{sqlite_template}",
            "SEARCH_INDEX_DIR": str(tmp_path / "never-built"),
        }
    )
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    assert response.json["checks"] == {"database": True, "search_index": False}
    assert not (tmp_path / "never-built").exists()  # the check creates nothing


def test_every_response_carries_a_request_id_and_keeps_a_sane_one(client):
    made = client.get("/catalog/browse").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/", headers={"X-Request-ID": "lb-7f3a9c21"}).headers["X-Request-ID"] == (
        "lb-7f3a9c21"
    )
    forged = client.get("/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert len(forged.headers["X-Request-ID"]) == 32


def test_a_fresh_deployment_is_healthy_after_init_db(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite'}",
            "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        }
    )
    assert app.test_client().get("/healthz").status_code == 503
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    assert app.test_client().get("/healthz").status_code == 200
    with app.app_context():
        db.engine.dispose()
