# 数转通 — set-up and everyday commands. `make run` and `make test` are all a newcomer needs.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
FLASK   := .venv/bin/flask --app app
STAMP   := .venv/.installed

.PHONY: run serve loadtest faulttest test test-postgres install browser-deps lint translations clean

# Mail goes to a local catcher (scripts/dev_smtp.py, 127.0.0.1:8025) that saves each mail
# under instance/mail/; it is started in the background unless one already listens there.
DEV_MAIL := MAIL_SERVER=127.0.0.1 MAIL_PORT=8025

run: install
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty   # builds the search index with the data
	@$(PY) -c "import socket; socket.create_connection(('127.0.0.1', 8025), 1).close()" 2>/dev/null \
		|| ($(PY) scripts/dev_smtp.py >> instance/dev_smtp.log 2>&1 &) ; \
		echo "mail: saved under instance/mail/ (dev SMTP on 127.0.0.1:8025, log instance/dev_smtp.log)"
	$(DEV_MAIL) $(FLASK) run --host 127.0.0.1 --port 5000

# Production: migrations only (never demo data), then gunicorn (gunicorn.conf.py) on
# 127.0.0.1:$${PORT:-8000}. Refuses to start without a real SECRET_KEY.
serve: install
	@.venv/bin/python -c "from marketplace import create_app; from marketplace.production import refuse_unsafe_start; refuse_unsafe_start(create_app())"
	$(FLASK) init-db
	.venv/bin/gunicorn --config gunicorn.conf.py

# A benchmark, not a test: gunicorn (as `make serve`) on a copy of the demo data under Locust,
# stress (50 users, no wait) and realistic (300 users, 1-3 s): p50/p95/p99 per page,
# requests/s, errors. DURATION=20s for a quick check; LOADTEST_DATABASE=file to copy.
loadtest: install
	$(PY) scripts/loadtest/run

# Also a benchmark, not a test: gunicorn (2 workers) on the demo data in a throwaway PostgreSQL
# under 20 writing clients, while a worker is killed, a reindex is killed half-way, the index
# is read-only for 10 s and the database stops for 4 s; then what was lost, refused, drifted
# (scripts/faulttest/run says how; at most 6 minutes; exit 1 when a must-be-0 figure is not).
faulttest: install
	$(PY) scripts/faulttest/run

# Two workers (pytest-xdist), one per core; a module's tests stay on one worker so its
# module fixtures (the seeded demo data) are built once. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
PYTEST  := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope

test: install browser-deps
	$(PYTEST)
	$(MAKE) --no-print-directory test-postgres

# The whole suite again (or TESTS=...) on a throwaway PostgreSQL 15 cluster on 127.0.0.1;
# the browser journeys and the tests that read no database (database_free) ran on SQLite.
test-postgres: install
	@url=$$(scripts/pg-test-server start) && \
	TEST_DATABASE_URL=$$url $(PYTEST) -m "not browser and not database_free" $(TESTS); \
	status=$$?; scripts/pg-test-server stop; exit $$status

install: $(STAMP) translations

# torch first, pinned: 2.13.0 is the local CPU build; any other version drags in CUDA.
$(STAMP): pyproject.toml
	test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	.venv/bin/pybabel -q compile -d translations -f

# Debian's Chromium for the browser journeys (Playwright's own download cannot work here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi

lint: install
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

clean:
	rm -rf .venv instance
