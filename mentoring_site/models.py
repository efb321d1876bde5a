from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed login, counted by the login throttle (mentoring_site.auth). It lives in the
    database, not in a process, so every app server behind one database sees the same count.
    Rows older than the throttle's window are deleted as new failures come in."""

    # Folded to lower case: «Kurator» and «kurator» are one name to the throttle.
    username = models.CharField(_("имя пользователя"), max_length=150)
    address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("неудачная попытка входа")
        verbose_name_plural = _("неудачные попытки входа")
        indexes = [
            models.Index(fields=["username", "at"], name="login_failure_username"),
            models.Index(fields=["address", "at"], name="login_failure_address"),
        ]

    def __str__(self):
        return f"{self.username} — {self.at:%d.%m.%Y %H:%M}"
