"""Email reminders: who switched them off, and what was sent when, so that nobody hears of the
same item twice in a day."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderPreference(models.Model):
    """A user's choice about reminders; a user without a row gets them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    enabled = models.BooleanField(_("присылать напоминания"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("настройка напоминаний")
        verbose_name_plural = _("настройки напоминаний")

    def __str__(self):
        return f"{self.user}: {'да' if self.enabled else 'нет'}"


class ReminderSent(models.Model):
    """One item mentioned in one day's letter to one user: «activity:12:overdue»."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("отправленное напоминание")
        verbose_name_plural = _("отправленные напоминания")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "sent_on"], name="one_reminder_per_item_per_day"
            )
        ]
        indexes = [models.Index(fields=["sent_on"])]

    def __str__(self):
        return f"{self.user}: {self.key} ({self.sent_on})"


UNSUBSCRIBE_SALT = "roadmap.reminders.unsubscribe"


def unsubscribe_token(user) -> str:
    """A token for the one-click «switch reminders off» link in each letter: signed, so it
    cannot be forged for another user, and without expiry, as a letter may be read late."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str):
    """The user the token was made for, or None for a bad token or a removed user."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
