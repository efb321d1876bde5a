"""Personal links: a curator sends a teacher a link to one form, which works without a login
until it is used, expires or is revoked. Only a hash of the token is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.people import Person


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PersonalLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())

    def by_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class PersonalLink(models.Model):
    class Purpose(models.TextChoices):
        REQUESTS = "requests", _("Профессиональные запросы")
        MENTOR_QUESTIONNAIRE = "mentor_questionnaire", _("Анкета наставника")

    class State(models.TextChoices):
        USABLE = "usable", _("действует")
        USED = "used", _("использована")
        EXPIRED = "expired", _("истекла")
        REVOKED = "revoked", _("отозвана")

    person = models.ForeignKey(
        Person, verbose_name=_("участник"), on_delete=models.CASCADE, related_name="personal_links"
    )
    purpose = models.CharField(_("форма"), max_length=30, choices=Purpose)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    expires_at = models.DateTimeField(_("действует до"))
    used_at = models.DateTimeField(_("использована"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозвана"), null=True, blank=True)

    objects = PersonalLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("персональная ссылка")
        verbose_name_plural = _("персональные ссылки")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.person}"

    @classmethod
    def issue(cls, *, person, purpose, created_by, lifetime) -> tuple["PersonalLink", str]:
        """Create a link and return it with its token, which is shown once and never stored."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            person=person,
            purpose=purpose,
            token_hash=hash_token(token),
            created_by=created_by,
            expires_at=timezone.now() + lifetime,
        )
        return link, token

    @property
    def state(self) -> str:
        """Used wins over revoked and expired: it says what actually happened to the link."""
        if self.used_at:
            return self.State.USED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.USABLE

    @property
    def state_label(self) -> str:
        return self.State(self.state).label

    @property
    def is_usable(self):
        return self.state == self.State.USABLE
