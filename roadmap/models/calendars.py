"""A private, revocable link to a user's calendar of deadlines (iCalendar)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.links import hash_token


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at=None)

    def by_token(self, token: str):
        return self.active().filter(token_hash=hash_token(token))


class CalendarFeed(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("отозвана"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("последнее обращение"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ссылка на календарь")
        verbose_name_plural = _("ссылки на календарь")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user}: {self.created_at:%d.%m.%Y}"

    @classmethod
    def issue(cls, user) -> tuple["CalendarFeed", str]:
        """Revoke the user's previous link and make a new one. The token is shown once."""
        from django.utils import timezone

        cls.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
        token = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, token_hash=hash_token(token)), token
