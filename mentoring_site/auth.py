"""Logging in: the login forms (the site's and the admin's) with a throttle against password
guessing, and the start of a session's clock.

The throttle counts failed logins in the database (LoginFailure), so several app servers behind
one database share the count: after FAILURES_PER_USERNAME failures for one user name, or
FAILURES_PER_ADDRESS from one IP address, within WINDOW, every further attempt is refused —
the right password too — until the window has passed. A successful login clears the user
name's failures; the address's stay, so one valid account cannot reset a guesser's count.
"""

import datetime
import ipaddress
import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring_site.models import LoginFailure

FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 30
WINDOW = datetime.timedelta(minutes=15)

# The session key with the time (Unix seconds) of the user's latest request, for the idle limit
# in mentoring_site.middleware.SessionIdleMiddleware.
SEEN_KEY = "_mentoring_seen"


def client_address(request) -> str | None:
    """The client's IP address from REMOTE_ADDR (which ClientAddressMiddleware sets from the
    proxy's header when configured), or None when there is none to trust."""
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None


def _key(username: str) -> str:
    return username.lower()[: LoginFailure._meta.get_field("username").max_length]


def _blocked_until(failures, limit: int) -> datetime.datetime | None:
    """With ``limit`` or more recent failures, the moment they drop below the limit."""
    nth = failures.order_by("-at").values_list("at", flat=True)[limit - 1 : limit]
    return nth[0] + WINDOW if nth else None


def login_wait(username: str, address: str | None) -> datetime.timedelta | None:
    """How long logins for ``username`` from ``address`` are refused; None when they are not."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - WINDOW)
    ends = [_blocked_until(recent.filter(username=_key(username)), FAILURES_PER_USERNAME)]
    if address:
        ends.append(_blocked_until(recent.filter(address=address), FAILURES_PER_ADDRESS))
    end = max((moment for moment in ends if moment), default=None)
    return end - now if end else None


def record_failure(username: str, address: str | None) -> None:
    now = timezone.now()
    # Old rows go as new ones come: the table never holds much more than one window's worth.
    LoginFailure.objects.filter(at__lte=now - WINDOW).delete()
    LoginFailure.objects.create(username=_key(username), address=address, at=now)


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=_key(username)).delete()


THROTTLED = _("Слишком много неудачных попыток входа. Попробуйте снова через %(minutes)d мин.")


class ThrottledLogin:
    """A mixin for Django's login forms: refuses a throttled login before checking the password,
    records a wrong password, clears the user name's failures on success."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        address = client_address(self.request)
        wait = login_wait(username, address)
        if wait:
            raise ValidationError(
                THROTTLED,
                code="throttled",
                params={"minutes": max(1, math.ceil(wait.total_seconds() / 60))},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            # A right password refused for another reason (no staff rights for the admin) is
            # not a guess.
            if self.user_cache is None:
                record_failure(username, address)
            raise
        clear_failures(username)
        return cleaned_data


class LoginForm(ThrottledLogin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass


# Connected when the app is ready (MentoringSiteConfig.ready). A session without the clock
# (made before it existed) keeps only the fixed end.
@receiver(user_logged_in, dispatch_uid="mentoring_site.auth.start_session_clock")
def start_session_clock(sender, request, user, **kwargs):
    """A session ends SESSION_COOKIE_AGE after login however busy it is (a fixed expiry date:
    saving the session later does not move it), and earlier after SESSION_IDLE_TIMEOUT without
    a request."""
    request.session.set_expiry(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE))
    request.session[SEEN_KEY] = int(time.time())
