"""gunicorn configuration for Kundcenter (`gunicorn -c contrib/gunicorn.py kundcenter.wsgi`).

Every value can be overridden by the environment (GUNICORN_*), so one file serves every
host; see README, Operations.
"""

import multiprocessing
import os

# Behind nginx on the same host (contrib/nginx.conf); a separate load balancer connects to
# 0.0.0.0:8001 instead (GUNICORN_BIND).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: every request is short (pages are a constant number of queries), and
# mail and other slow work leaves through the outbox to the Celery worker.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# A worker is replaced after this many requests (plus jitter), bounding slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
# Uploads (attachments up to ATTACHMENT_MAX_BYTES) are buffered by nginx first.
limit_request_line = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The access log carries the request id nginx passes on, as the application log does.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}i)s]'
# Loaded once in the master: workers fork from a warm process.
preload_app = True
