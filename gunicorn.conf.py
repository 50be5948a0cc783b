"""gunicorn settings for `make serve`: every figure from the environment, defaults sized for
2 cores.

Each worker builds the app and loads the encoder and the search indexes itself, before it takes
requests (post_worker_init): a worker that dies takes nothing with the others and a new one
starts clean. GUNICORN_PRELOAD=1 loads them once in the master instead and forks the workers
from it; `scripts/serve_memory` measures both ways (see the README's Production section for the
figures and why per-worker loading is the default)."""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
# 8 threads on 2 cores: most requests are kept pages (a millisecond or two), and with 4 they
# queued behind the few drawn ones (`make loadtest` stress 298 → 464 req/s, p95 780 → 320 ms)
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
preload_app = os.environ.get("GUNICORN_PRELOAD", "0").lower() in ("1", "true", "yes")
# Behind a reverse proxy on the same host: trust its X-Forwarded-* headers only from there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# One line per request on stdout, with the request id the app puts in X-Request-ID.
accesslog = "-"
errorlog = "-"
# page= says whether a kept page was served again (marketplace/page_cache.py)
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s page=%({x-page-cache}o)s'
)
wsgi_app = "marketplace.production:create_production_app()"


def on_starting(server):
    """Refuse to start, before any worker, when the settings are unsafe (one line, exit 1)."""
    from marketplace import create_app
    from marketplace.production import unsafe_setting

    problem = unsafe_setting(create_app().config)
    if problem:
        print(problem, flush=True)
        raise SystemExit(1)


def _warm(app):
    """Load the encoder, open the indexes and load the word segmenter's dictionary (jieba
    loads it at its first keyword, for seconds, with every other search waiting on it):
    about 10 s on 2 cores, before any user."""
    from marketplace.services import indexing

    with app.app_context():
        engine = indexing.product_engine()
        engine.encode_query("设备联网")
        engine.bm25("设备联网")
        indexing.need_engine()


def when_ready(server):
    if preload_app:  # the app was built in the master: warm it there, before the fork
        _warm(server.app.wsgi())


def post_fork(server, worker):
    if preload_app:  # never share the master's database connections with a worker
        from marketplace.extensions import db

        with server.app.wsgi().app_context():
            db.engine.dispose(close=False)


def post_worker_init(worker):
    # a worker that dies of a native crash (SIGSEGV in a C extension) writes every thread's
    # Python stack to the log first, so the crash can be traced
    import faulthandler

    faulthandler.enable()
    if not preload_app:
        _warm(worker.wsgi)
    # what is loaded by now (the app, the encoder, the indexes) lives as long as the worker:
    # out of the collector's reach, a full collection no longer walks it (pauses of every
    # thread of the worker, seen as a p95 far above the p50 under load)
    import gc

    gc.collect()
    gc.freeze()
    worker.log.info("worker %s warm", worker.pid)  # benchmarks wait for every worker's line
