"""The annual analytical report: its figures are computed from the data (roadmap/figures.py);
only the curator's conclusions are written by hand and kept here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models import Organisation


class AnnualReport(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(
        _("учебный год"), help_text=_("Год начала: 2026 — это 2026/2027 учебный год.")
    )
    conclusions = models.TextField(
        _("выводы куратора"),
        blank=True,
        help_text=_("Абзацы разделяйте пустой строкой."),
    )
    proposals = models.TextField(_("предложения на следующий год"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("аналитический отчёт")
        verbose_name_plural = _("аналитические отчёты")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_report_per_year")
        ]

    def __str__(self):
        return f"{self.organisation}: {self.year}/{self.year + 1}"
