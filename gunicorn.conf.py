"""gunicorn's production settings, read from the working directory by `gunicorn labourplan.wsgi`.

Each can be changed by the environment (GUNICORN_*) or on the command line.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads, because a request mostly waits on PostgreSQL; two processes a core for the Python work.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# gunicorn's threaded worker, less a stop that resets the connections a proxy opened meanwhile.
worker_class = "labourplan.lib.gunicorn_worker.DrainingThreadWorker"
# The national workbook and the Form 3 volumes take seconds, not a minute.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# Keep an idle connection longer than a user (or the proxy in front) waits between two requests.
# gunicorn's default of 2 s closed connections that clients were reusing at that very moment: the
# deadline-day load test saw them as "connection reset" (bench/LOAD.md).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# Access log: GUNICORN_ACCESSLOG="-" for standard output (journald, the container's log; the
# deployment kit sets it), or a file; none by default (the benchmarks run gunicorn too). The
# combined format that log tools read, then the client as the proxy saw it, the time taken and
# the request's id (lib/logs.py), which the application's own log lines carry too.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT",
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
    'forwarded_for="%({x-forwarded-for}i)s" duration_ms=%(M)s request_id=%({x-request-id}o)s',
)
