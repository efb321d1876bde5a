"""Monitoring: saving answers to the standard questionnaires and adding them up per programme
and per academic year (1 September – 31 August)."""

import datetime
from dataclasses import dataclass, field
from statistics import fmean

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring_site.school_year import SchoolYear
from programmes.access import participation
from programmes.models import Programme, SurveyResponse
from programmes.surveys import AUDIENCES, SCALE_MAX, SCALE_MIN, SURVEYS, Question, Survey
from registry.models import Person


def respondent_for(user, programme: Programme, survey: Survey) -> Person | None:
    """The user's person on the survey's side of the programme's group, or None when the user
    does not take part on that side (a mentor cannot answer the mentee's questionnaire)."""
    group = programme.group
    if survey.audience not in participation(user, group):
        return None
    if survey.audience == "mentee":
        people = [entry.person for entry in group.mentees.all()]
    else:
        people = [entry.person for entry in (group.mentor, group.co_mentor) if entry]
    return next(person for person in people if person.user_id == user.pk)


def _check_answers(survey: Survey, answers: dict) -> None:
    def scale(value):
        return isinstance(value, int) and SCALE_MIN <= value <= SCALE_MAX

    for question in survey.questions:
        value = answers.get(question.key)
        if question.before_after:
            ok = (
                isinstance(value, dict) and scale(value.get("before")) and scale(value.get("after"))
            )
        elif question.is_scale:
            ok = scale(value)
        else:
            ok = isinstance(value, str)
        if not ok:
            raise ValidationError(
                _("Нет ответа на вопрос «%(question)s».") % {"question": question.text}
            )


@transaction.atomic
def survey_response_save(
    *, programme: Programme, respondent: Person, survey: str, answers: dict
) -> SurveyResponse:
    """Create the respondent's answers to ``survey`` or replace the earlier ones."""
    _check_answers(SURVEYS[survey], answers)
    response = SurveyResponse.objects.select_for_update().filter(
        programme=programme, respondent=respondent, survey=survey
    ).first() or SurveyResponse(programme=programme, respondent=respondent, survey=survey)
    response.answers = answers
    response.full_clean()
    response.save()
    return response


@dataclass
class Answerable:
    """A questionnaire the user may fill for a programme, with their earlier answers if any."""

    key: str
    survey: Survey
    response: SurveyResponse | None


def survey_context(user, programme: Programme) -> dict:
    """What templates/programmes/_surveys.html expects: ``responses`` (the programme's
    answered questionnaires, each with ``survey_title``) and ``can_answer`` (survey key →
    Answerable, for the questionnaires the user answers in this programme)."""
    responses = list(programme.responses.select_related("respondent").order_by("submitted_at"))
    for response in responses:
        response.survey_title = SURVEYS[response.survey].title if response.survey in SURVEYS else ""
    roles = participation(user, programme.group) if user.is_authenticated else set()
    can_answer = {}
    for key, survey in SURVEYS.items():
        if survey.audience in roles:
            respondent = respondent_for(user, programme, survey)
            own = next(
                (r for r in responses if r.survey == key and r.respondent_id == respondent.pk),
                None,
            )
            can_answer[key] = Answerable(key, survey, own)
    return {"programme": programme, "responses": responses, "can_answer": can_answer}


def _mean(values):
    return round(fmean(values), 2) if values else None


@dataclass
class Cell:
    """One question's result: the average of a scale, or before/after and growth."""

    question: Question
    average: float | None = None
    before: float | None = None
    after: float | None = None

    @property
    def growth(self):
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def _cells(survey: Survey, responses) -> list[Cell]:
    cells = []
    for question in survey.scales:
        values = [r.answers.get(question.key) for r in responses]
        if question.before_after:
            pairs = [v for v in values if isinstance(v, dict)]
            cells.append(
                Cell(
                    question,
                    before=_mean([v["before"] for v in pairs if isinstance(v.get("before"), int)]),
                    after=_mean([v["after"] for v in pairs if isinstance(v.get("after"), int)]),
                )
            )
        else:
            cells.append(Cell(question, average=_mean([v for v in values if isinstance(v, int)])))
    return cells


@dataclass
class ProgrammeRow:
    programme: Programme
    count: int
    cells: list[Cell]


@dataclass
class OpenAnswer:
    programme: Programme
    respondent: str  # a name for managers, the side («наставляемый») for everyone else
    submitted_at: datetime.datetime
    question: Question
    text: str


@dataclass
class SurveyTable:
    key: str
    survey: Survey
    rows: list[ProgrammeRow] = field(default_factory=list)
    total: list[Cell] = field(default_factory=list)
    count: int = 0
    open_answers: list[OpenAnswer] = field(default_factory=list)


def year_responses(organisation, year: int):
    """The organisation's responses submitted in the academic year, with what the reports
    print, in a fixed number of queries."""
    start, end = SchoolYear(year).bounds
    return (
        SurveyResponse.objects.filter(
            programme__group__organisation=organisation,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .select_related("respondent", "programme__group__mentor__person")
        .order_by("programme__title", "programme_id", "submitted_at", "pk")
    )


def respondent_label(response: SurveyResponse, *, with_names: bool) -> str:
    if with_names:
        return response.respondent.short_name
    return str(AUDIENCES[SURVEYS[response.survey].audience]).capitalize()


def monitoring_tables(responses, *, with_names: bool) -> list[SurveyTable]:
    """Per questionnaire: a row per programme (averages, growth), the year's totals and the
    open answers. Names of respondents only ``with_names``."""
    tables = {key: SurveyTable(key, survey) for key, survey in SURVEYS.items()}
    by_programme: dict[tuple[str, int], list[SurveyResponse]] = {}
    for response in responses:
        if response.survey in tables:
            by_programme.setdefault((response.survey, response.programme_id), []).append(response)
    for (key, _programme_id), rows in by_programme.items():
        table = tables[key]
        table.rows.append(ProgrammeRow(rows[0].programme, len(rows), _cells(table.survey, rows)))
        for response in rows:
            for question in table.survey.open_questions:
                text = str(response.answers.get(question.key, "")).strip()
                if text:
                    table.open_answers.append(
                        OpenAnswer(
                            response.programme,
                            respondent_label(response, with_names=with_names),
                            response.submitted_at,
                            question,
                            text,
                        )
                    )
    for table in tables.values():
        everyone = [
            response
            for (key, _programme_id), rows in by_programme.items()
            if key == table.key
            for response in rows
        ]
        table.count = len(everyone)
        table.total = _cells(table.survey, everyone)
    return list(tables.values())


def answer_rows(responses, *, with_names: bool):
    """One row per response per question, for the «Ответы» sheet."""
    for response in responses:
        survey = SURVEYS.get(response.survey)
        if survey is None:
            continue
        for question in survey.questions:
            value = response.answers.get(question.key)
            before = after = answer = None
            if question.before_after and isinstance(value, dict):
                before, after = value.get("before"), value.get("after")
            else:
                answer = value
            yield [
                response.programme.title,
                str(survey.title),
                respondent_label(response, with_names=with_names),
                timezone.localtime(response.submitted_at).date(),
                str(question.text),
                answer,
                before,
                after,
            ]


def programme_rows(tables: list[SurveyTable]):
    """One row per programme, questionnaire and scale, for the «По программам» sheet."""
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                yield [
                    row.programme.title,
                    row.programme.group.mentor.person.short_name,
                    str(table.survey.title),
                    str(cell.question.text),
                    row.count,
                    cell.average,
                    cell.before,
                    cell.after,
                    cell.growth,
                ]
