from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.organisations import Organisation


class Membership(models.Model):
    """A user's role in an organisation. One user may hold several roles in several places."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("Руководитель")
        CURATOR = "curator", _("Куратор")
        WORKING_GROUP = "working_group", _("Член рабочей группы")
        MENTOR = "mentor", _("Наставник")
        MENTEE = "mentee", _("Наставляемый")
        COORDINATOR = "coordinator", _("Координатор органа управления образованием")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("роль"), max_length=20, choices=Role)
    created_at = models.DateTimeField(_("назначен"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        ordering = ["organisation__short_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_role_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"

    def clean(self):
        is_coordinator = self.role == self.Role.COORDINATOR
        if self.organisation_id and is_coordinator != self.organisation.is_authority:
            raise ValidationError(
                {
                    "role": _(
                        "Координатор назначается только в органе управления образованием, "
                        "а остальные роли — только в образовательной организации."
                    )
                }
            )
