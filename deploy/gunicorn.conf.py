"""Production gunicorn settings: ``gunicorn -c deploy/gunicorn.conf.py`` from any directory.

Every value can be changed through the environment, with the same strict parsers as the Django
settings (a bad value stops the start-up):

GUNICORN_BIND                  addresses, comma-separated (127.0.0.1:8000; unix:/run/... works)
GUNICORN_WORKERS               worker processes (2 × CPU + 1)
GUNICORN_THREADS               threads per worker (4)
GUNICORN_TIMEOUT               seconds of silence before a worker is restarted (30)
GUNICORN_GRACEFUL_TIMEOUT      seconds a stopping worker gets to finish its requests (30)
GUNICORN_KEEPALIVE             seconds an idle keep-alive connection stays open (5)
GUNICORN_MAX_REQUESTS          requests before a worker is replaced (5000; 0 never)
GUNICORN_MAX_REQUESTS_JITTER   random extra requests, so workers are not replaced together (500)
GUNICORN_FORWARDED_ALLOW_IPS   proxies trusted to say the scheme (127.0.0.1,::1; * for any)
GUNICORN_LOG_LEVEL             gunicorn's own log level (info)
"""

import multiprocessing
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# The config is read before gunicorn changes directory: make the project importable from here.
sys.path.insert(0, str(BASE_DIR))

from mentoring_site.env import env_int, env_list, env_str  # noqa: E402

wsgi_app = "mentoring_site.wsgi:application"
chdir = str(BASE_DIR)

bind = env_list("GUNICORN_BIND", ["127.0.0.1:8000"])

# gthread, not sync. Sync workers serve one request per process, so a request waiting for
# SQLite's write lock (up to its 20 s busy timeout) or for PostgreSQL holds a whole process; a few
# threads per worker keep the other requests moving and keep connections alive for clients that
# talk to gunicorn directly, at the memory of one process. The GIL makes CPU-bound work (templates,
# PDFs) no faster with more threads, hence few threads and the usual number of processes.
worker_class = "gthread"
workers = env_int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = env_int("GUNICORN_THREADS", 4)

# A gthread worker's main loop reports for it while its threads work: the timeout restarts a hung
# worker, it does not cut a long request (a big PDF) short.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Replacing workers now and then bounds the memory that font and PDF caches gather over days. A
# new worker costs about a second of CPU to start: every 5,000 requests that is under 1 % of them.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 500)

# Only the reverse proxy on this machine may say a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = env_str("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to the journal (systemd) or the terminal: access log to stdout, errors to stderr. The
# access line ends with the request's duration in milliseconds.
accesslog = "-"
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# systemd manages the server by signals; gunicornc's control socket (one path in $HOME by
# default) would only collide between several instances on one machine.
control_socket_disable = True

# The heartbeat file is touched all the time: in memory, not on the disk, where it can stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
