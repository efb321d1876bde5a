"""Test settings: the production code path (DEBUG off) with what a test run needs instead:
a fast password hasher, plain HTTP on the live server, and plain static storage (the manifest
storage needs collectstatic, which the live-server browser tests do not run)."""

import os

os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from mentoring_site.settings import *  # noqa: F403
from mentoring_site.settings import STORAGES, VAR_DIR

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES["private"] = {**STORAGES["private"], "OPTIONS": {"location": VAR_DIR / "test-private"}}
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files from the apps' folders, as runserver does: there is no collectstatic here.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
