"""A monitoring questionnaire as a form, built from its questions in programmes/surveys.py."""

from crispy_forms.layout import HTML, Field, Fieldset, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from programmes.surveys import SCALE_MAX, SCALE_MIN, Survey

SCALE = [(value, str(value)) for value in range(SCALE_MIN, SCALE_MAX + 1)]
SCALE_ERRORS = {"required": _("Поставьте оценку от 1 до 10.")}
LEGEND = _("Оценки ставятся по шкале от 1 до 10: 1 — совсем нет, 10 — полностью.")


def _scale_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages=SCALE_ERRORS,
    )


def _scale(name):
    return Field(name, template="programmes/survey_scale.html")


class SurveyForm(forms.Form):
    """Scales as radio buttons 1–10 (required), «до/после» pairs, open questions as text."""

    def __init__(self, *args, survey: Survey, answers: dict | None = None, **kwargs):
        super().__init__(*args, initial=self._initial(survey, answers or {}), **kwargs)
        self.survey = survey
        layout = [HTML(format_html('<p class="alert alert-info">{}</p>', LEGEND))]
        for question in survey.questions:
            if question.before_after:
                before, after = f"{question.key}__before", f"{question.key}__after"
                self.fields[before] = _scale_field(_("До программы"))
                self.fields[after] = _scale_field(_("После программы"))
                layout.append(Fieldset(question.text, _scale(before), _scale(after)))
            elif question.is_scale:
                self.fields[question.key] = _scale_field(question.text)
                layout.append(_scale(question.key))
            else:
                self.fields[question.key] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                layout.append(question.key)
        layout.append(Submit("save", _("Отправить ответы")))
        self.helper = FormLayout(*layout)

    @staticmethod
    def _initial(survey, answers):
        initial = {}
        for question in survey.questions:
            value = answers.get(question.key)
            if question.before_after and isinstance(value, dict):
                initial[f"{question.key}__before"] = value.get("before")
                initial[f"{question.key}__after"] = value.get("after")
            elif value is not None:
                initial[question.key] = value
        return initial

    def answers(self) -> dict:
        """The cleaned answers in the shape SurveyResponse.answers stores."""
        data = self.cleaned_data
        answers = {}
        for question in self.survey.questions:
            if question.before_after:
                answers[question.key] = {
                    "before": data[f"{question.key}__before"],
                    "after": data[f"{question.key}__after"],
                }
            elif question.is_scale:
                answers[question.key] = data[question.key]
            else:
                answers[question.key] = data[question.key].strip()
        return answers
