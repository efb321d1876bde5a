"""Monitoring: the participants answer the standard questionnaires; the curator and the
director read the results per programme and per academic year, and export them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import document_response, render_xlsx
from mentoring_site.school_year import SchoolYear
from programmes.access import Need, get_programme
from programmes.forms.monitoring import SurveyForm
from programmes.models import SurveyResponse
from programmes.services.monitoring import (
    answer_rows,
    monitoring_tables,
    programme_rows,
    respondent_for,
    survey_response_save,
    year_responses,
)
from programmes.surveys import SURVEYS
from registry.access import Can, access_for, get_organisation


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, org, pk, survey):
    """A participant answers a questionnaire of their own side: the mentee the mentee's, the
    mentor the mentor's. Answering again replaces the earlier answers."""
    programme = get_programme(request, org, pk, Need.COMMENT)
    if survey not in SURVEYS:
        raise Http404
    questionnaire = SURVEYS[survey]
    respondent = respondent_for(request.user, programme, questionnaire)
    if respondent is None:
        raise PermissionDenied
    earlier = SurveyResponse.objects.filter(
        programme=programme, respondent=respondent, survey=survey
    ).first()
    form = SurveyForm(
        request.POST or None, survey=questionnaire, answers=earlier.answers if earlier else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_save(
                programme=programme, respondent=respondent, survey=survey, answers=form.answers()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Спасибо! Ответы сохранены."))
            return redirect(programme)
    return render(
        request,
        "programmes/survey_answer.html",
        {
            "organisation": programme.group.organisation,
            "programme": programme,
            "survey": questionnaire,
            "form": form,
            "earlier": earlier,
        },
    )


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isdecimal() and 2000 <= int(value) <= 2100:
        return int(value)
    return SchoolYear.current().start


@login_required
@require_http_methods(["GET"])
def monitoring(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PROGRAMMES)
    year = _year(request)
    with_names = access_for(request.user).can(organisation, Can.MANAGE_PROGRAMMES)
    tables = monitoring_tables(year_responses(organisation, year), with_names=with_names)
    current = SchoolYear.current().start
    years = sorted({current, year, *range(current - 4, current)}, reverse=True)
    return render(
        request,
        "programmes/monitoring.html",
        {
            "organisation": organisation,
            "tables": tables,
            "year": year,
            "year_label": SchoolYear(year).label,
            "years": [(value, SchoolYear(value).label) for value in years],
            "with_names": with_names,
            "has_responses": any(table.count for table in tables),
        },
    )


@login_required
@require_http_methods(["GET"])
def monitoring_export(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PROGRAMMES)
    year = _year(request)
    with_names = access_for(request.user).can(organisation, Can.MANAGE_PROGRAMMES)
    responses = list(year_responses(organisation, year))
    tables = monitoring_tables(responses, with_names=with_names)
    document = render_xlsx(
        [
            (
                _("По программам"),
                [
                    _("Программа"),
                    _("Наставник"),
                    _("Анкета"),
                    _("Вопрос"),
                    _("Ответов"),
                    _("Средняя оценка"),
                    _("До, в среднем"),
                    _("После, в среднем"),
                    _("Рост"),
                ],
                programme_rows(tables),
            ),
            (
                _("Ответы"),
                [
                    _("Программа"),
                    _("Анкета"),
                    _("Кто отвечал"),
                    _("Дата"),
                    _("Вопрос"),
                    _("Ответ"),
                    _("До"),
                    _("После"),
                ],
                answer_rows(responses, with_names=with_names),
            ),
        ],
        filename=f"monitoring-{year}-{year + 1}.xlsx",
    )
    return document_response(document)
