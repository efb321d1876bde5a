"""Monitoring: answers to the standard questionnaires (programmes/surveys.py holds the
questions). One response per respondent, programme and questionnaire."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models.programmes import Programme
from registry.models import Person


class SurveyResponse(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="survey_responses"
    )
    survey = models.CharField(_("анкета"), max_length=40)  # a key of programmes.surveys.SURVEYS
    answers = models.JSONField(_("ответы"), default=dict)
    submitted_at = models.DateTimeField(_("заполнена"), auto_now_add=True)

    class Meta:
        verbose_name = _("ответ на анкету мониторинга")
        verbose_name_plural = _("ответы на анкеты мониторинга")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "respondent", "survey"], name="one_response_per_survey"
            )
        ]

    def __str__(self):
        return f"{self.survey}: {self.respondent}"
