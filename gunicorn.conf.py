"""gunicorn settings for `make serve`: every figure from the environment, defaults sized for
2 cores. The app is built once per worker (no preload) and each worker loads the encoder and
opens the search index as it boots (post_worker_init), so a worker that dies takes nothing
with the others and a new one starts clean. Measured on the demo data, 2 workers: the master
holds 0.35 GB, each worker about 1.0 GB resident once the encoder is loaded."""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Behind a reverse proxy on the same host: trust its X-Forwarded-* headers only from there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# One line per request on stdout, with the request id the app puts in X-Request-ID.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
wsgi_app = "marketplace.production:create_production_app()"


def on_starting(server):
    """Refuse to start, before any worker, when the settings are unsafe (one line, exit 1)."""
    from marketplace import create_app
    from marketplace.production import unsafe_setting

    problem = unsafe_setting(create_app().config)
    if problem:
        print(problem, flush=True)
        raise SystemExit(1)


def post_worker_init(worker):
    """Load the encoder and open the indexes before the worker takes requests, so no user
    waits for them (about 9 s on 2 cores)."""
    from marketplace.services import indexing

    with worker.wsgi.app_context():
        indexing.product_engine().encode_query("设备联网")
        indexing.need_engine()
