"""Request-wide security: the client's real address behind the proxy, the idle limit of a
session, and private caching by default."""

import contextlib
import ipaddress
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from mentoring_site.auth import SEEN_KEY

# How often the time of a user's latest request is written to the session: the idle limit is
# this coarse, and a busy user costs one session write per interval instead of one per request.
SEEN_RESOLUTION = 5 * 60


class ClientAddressMiddleware:
    """Behind nginx, REMOTE_ADDR is the proxy's address. With CLIENT_IP_HEADER set (the proxy
    overwrites that header with the client's address: ``proxy_set_header X-Real-IP
    $remote_addr``), REMOTE_ADDR becomes the client's, so the login throttle counts per client.
    Only for an app server that nobody but the proxy can reach."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = settings.CLIENT_IP_HEADER

    def __call__(self, request):
        if self.header:
            value = request.headers.get(self.header, "").strip()
            # Without a valid value REMOTE_ADDR stays the peer's: a request that did not come
            # through the proxy.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(value))
        return self.get_response(request)


class SessionIdleMiddleware:
    """Logs a user out after SESSION_IDLE_TIMEOUT seconds without a request (the fixed end of
    the session, SESSION_COOKIE_AGE after login, is its expiry date in the database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Visitors without a session cookie (the public section) are not even looked at.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        seen = request.session.get(SEEN_KEY)
        if seen is None:
            return
        now = int(time.time())
        if now - seen > settings.SESSION_IDLE_TIMEOUT:
            logout(request)
            messages.info(
                request,
                _("Сеанс завершён: сайт долго не использовался. Войдите снова."),
            )
        elif now - seen > SEEN_RESOLUTION:
            request.session[SEEN_KEY] = now


class PrivateByDefaultMiddleware:
    """Every response that does not set its own caching is private and not stored: pages carry
    personal data and are often opened on a shared computer in the staff room. The public
    section and its files set their own public caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
