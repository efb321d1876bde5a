import datetime
import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring_site.school_year import SchoolYear
from programmes.models import SurveyResponse
from programmes.services.monitoring import (
    monitoring_tables,
    survey_context,
    year_responses,
)
from programmes.surveys import SURVEYS
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    ProgrammeFactory,
)


def survey_url(world, survey, programme=None):
    programme = programme or world.programme
    return reverse(
        "programmes:survey_answer",
        kwargs={"org": world.school.slug, "pk": programme.pk, "survey": survey},
    )


def answers_post(survey_key, scale=8, before=3, after=7, text="Разбор уроков"):
    data = {}
    for question in SURVEYS[survey_key].questions:
        if question.before_after:
            data[f"{question.key}__before"] = before
            data[f"{question.key}__after"] = after
        elif question.is_scale:
            data[question.key] = scale
        else:
            data[question.key] = text
    return data


def answers(survey_key, scale=8, before=3, after=7, text="Разбор уроков"):
    result = {}
    for question in SURVEYS[survey_key].questions:
        if question.before_after:
            result[question.key] = {"before": before, "after": after}
        elif question.is_scale:
            result[question.key] = scale
        else:
            result[question.key] = text
    return result


@pytest.fixture
def mentee_client(client, world):
    client.force_login(world.user("mentee"))
    return client


# The questionnaires


def test_the_four_questionnaires_have_their_audiences_stages_and_scales():
    assert set(SURVEYS) == {"mentee_quality", "mentor_quality", "mentee_growth", "mentor_growth"}
    for key, survey in SURVEYS.items():
        assert survey.audience == key.split("_")[0]
        assert survey.stage == key.split("_")[1]
        assert survey.open_questions
        assert all(
            question.before_after == (survey.stage == "growth") for question in survey.scales
        )
    quality = [question.key for question in SURVEYS["mentee_quality"].scales]
    assert quality == ["usefulness", "regularity", "goals", "relationship"]


def test_a_mentee_answers_the_mentees_questionnaire(mentee_client, world):
    page = mentee_client.get(survey_url(world, "mentee_quality")).content.decode()
    assert "Оценки ставятся по шкале от 1 до 10" in page
    response = mentee_client.post(
        survey_url(world, "mentee_quality"), answers_post("mentee_quality")
    )
    assert response.status_code == 302
    assert response.url == world.programme.get_absolute_url()
    saved = SurveyResponse.objects.get()
    assert saved.respondent == world.mentee_entry.person
    assert saved.answers == answers("mentee_quality")


def test_growth_is_answered_before_and_after(mentee_client, world):
    data = answers_post("mentee_growth", before=2, after=9)
    assert mentee_client.post(survey_url(world, "mentee_growth"), data).status_code == 302
    assert SurveyResponse.objects.get().answers["planning"] == {"before": 2, "after": 9}


def test_answering_twice_updates_the_one_response(mentee_client, world):
    mentee_client.post(survey_url(world, "mentee_quality"), answers_post("mentee_quality", scale=4))
    page = mentee_client.get(survey_url(world, "mentee_quality")).content.decode()
    assert "Вы уже отвечали" in page
    mentee_client.post(survey_url(world, "mentee_quality"), answers_post("mentee_quality", scale=9))
    saved = SurveyResponse.objects.get()
    assert saved.answers["usefulness"] == 9


def test_every_scale_is_required(mentee_client, world):
    data = answers_post("mentee_quality")
    del data["regularity"]
    data["goals"] = 11
    response = mentee_client.post(survey_url(world, "mentee_quality"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["regularity"] == ["Поставьте оценку от 1 до 10."]
    assert "goals" in errors
    assert not SurveyResponse.objects.exists()


def test_a_mentee_cannot_answer_the_mentors_questionnaire(mentee_client, world):
    assert mentee_client.get(survey_url(world, "mentor_quality")).status_code == 403
    data = answers_post("mentor_quality")
    assert mentee_client.post(survey_url(world, "mentor_quality"), data).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_the_mentor_answers_the_mentors_questionnaire_only(client, world):
    client.force_login(world.user("mentor"))
    assert client.get(survey_url(world, "mentee_quality")).status_code == 403
    data = answers_post("mentor_growth")
    assert client.post(survey_url(world, "mentor_growth"), data).status_code == 302
    assert SurveyResponse.objects.get().respondent == world.mentor_entry.person


def test_the_curator_does_not_answer_for_participants(curator_client, world):
    assert curator_client.get(survey_url(world, "mentee_quality")).status_code == 403


def test_an_unknown_questionnaire_is_not_found(mentee_client, world):
    assert mentee_client.get(survey_url(world, "parents_quality")).status_code == 404


def test_the_programme_partial_knows_what_each_user_answers(world, rf):
    SurveyResponse.objects.create(
        programme=world.programme,
        respondent=world.mentee_entry.person,
        survey="mentee_quality",
        answers=answers("mentee_quality"),
    )
    context = survey_context(world.user("mentee"), world.programme)
    assert set(context["can_answer"]) == {"mentee_quality", "mentee_growth"}
    assert context["can_answer"]["mentee_quality"].response is not None
    assert context["can_answer"]["mentee_growth"].response is None
    assert [r.survey_title for r in context["responses"]] == [SURVEYS["mentee_quality"].title]
    assert survey_context(world.user("curator"), world.programme)["can_answer"] == {}
    page = render_to_string("programmes/_surveys.html", context, request=rf.get("/"))
    assert "Изменить ответы" in page and "Заполнить" in page
    assert world.mentee_entry.person.short_name in page


# Aggregates


def second_programme(world, title="Программа наставничества по математике"):
    mentor_person = PersonFactory(organisation=world.school, last_name="Егорова")
    mentee_person = PersonFactory(organisation=world.school, last_name="Орлова")
    for person in (mentor_person, mentee_person):
        give_consent(person)
    group = GroupFactory(
        organisation=world.school,
        mentor=MentorEntryFactory(person=mentor_person),
        mentees=[MenteeEntryFactory(person=mentee_person)],
        form=world.form,
    )
    return ProgrammeFactory(group=group, title=title), mentee_person


def respond(programme, person, survey, when=None, **values):
    response = SurveyResponse.objects.create(
        programme=programme, respondent=person, survey=survey, answers=answers(survey, **values)
    )
    if when:
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=when)
    return response


def this_year():
    return SchoolYear.current().start


def test_averages_and_growth_are_computed_per_programme_and_for_the_year(world):
    other, other_mentee = second_programme(world)
    respond(world.programme, world.mentee_entry.person, "mentee_quality", scale=6)
    respond(world.programme, world.person, "mentee_quality", scale=9)
    respond(other, other_mentee, "mentee_quality", scale=3)
    respond(world.programme, world.mentee_entry.person, "mentee_growth", before=2, after=8)
    respond(other, other_mentee, "mentee_growth", before=5, after=6)

    tables = {
        table.key: table
        for table in monitoring_tables(year_responses(world.school, this_year()), with_names=True)
    }
    quality = tables["mentee_quality"]
    rows = {row.programme.pk: row for row in quality.rows}
    assert rows[world.programme.pk].count == 2
    assert rows[world.programme.pk].cells[0].average == 7.5
    assert rows[other.pk].cells[0].average == 3
    assert quality.count == 3
    assert quality.total[0].average == 6  # (6 + 9 + 3) / 3

    growth = tables["mentee_growth"]
    rows = {row.programme.pk: row for row in growth.rows}
    planning = rows[world.programme.pk].cells[0]
    assert (planning.before, planning.after, planning.growth) == (2, 8, 6)
    total = growth.total[0]
    assert (total.before, total.after, total.growth) == (3.5, 7, 3.5)
    assert tables["mentor_quality"].count == 0


def test_the_academic_year_runs_from_september_to_august(world):
    zone = timezone.get_current_timezone()
    last_year = this_year() - 1
    respond(
        world.programme,
        world.mentee_entry.person,
        "mentee_quality",
        when=datetime.datetime(last_year, 9, 1, 0, 30, tzinfo=zone),
        scale=10,
    )
    respond(
        world.programme,
        world.person,
        "mentee_quality",
        when=datetime.datetime(last_year, 8, 31, 23, 30, tzinfo=zone),
        scale=1,
    )
    assert SchoolYear.of(datetime.date(2026, 8, 31)).start == 2025
    assert SchoolYear.of(datetime.date(2026, 9, 1)).start == 2026
    responses = list(year_responses(world.school, last_year))
    assert [r.answers["usefulness"] for r in responses] == [10]


def test_the_monitoring_page_shows_the_chosen_year(curator_client, world):
    respond(world.programme, world.mentee_entry.person, "mentee_quality", scale=7, text="Доверие")
    url = reverse("programmes:monitoring", args=[world.school.slug])
    page = curator_client.get(url).content.decode()
    assert "7,0" in page
    assert "Доверие" in page
    page = curator_client.get(url, {"year": this_year() - 1}).content.decode()
    assert "анкет ещё никто не заполнял" in page


def test_names_in_open_answers_are_for_managers_only(client, curator_client, world):
    respond(world.programme, world.mentee_entry.person, "mentee_quality", text="Понравилось всё")
    url = reverse("programmes:monitoring", args=[world.school.slug])
    name = world.mentee_entry.person.short_name
    assert name in curator_client.get(url).content.decode()
    client.force_login(world.user("director"))
    page = client.get(url).content.decode()
    assert "Понравилось всё" in page
    assert name not in page
    assert "Наставляемый" in page


def test_the_monitoring_page_query_count_does_not_grow_with_responses(curator_client, world):
    url = reverse("programmes:monitoring", args=[world.school.slug])

    def add(count):
        for number in range(count):
            programme, person = second_programme(world, title=f"Программа № {number}")
            respond(programme, person, "mentee_quality")
            respond(programme, person, "mentee_growth")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(url).status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(15)
    assert count() == few


def test_the_export_has_a_sheet_per_programme_and_a_row_per_answer(curator_client, world):
    other, other_mentee = second_programme(world)
    respond(world.programme, world.mentee_entry.person, "mentee_quality", scale=6)
    respond(other, other_mentee, "mentee_growth", before=4, after=9)
    response = curator_client.get(
        reverse("programmes:monitoring_export", args=[world.school.slug]), {"year": this_year()}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["По программам", "Ответы"]

    by_programme = list(book["По программам"].iter_rows(values_only=True))
    assert by_programme[0][:5] == ("Программа", "Наставник", "Анкета", "Вопрос", "Ответов")
    assert len(by_programme) == 1 + 4 + 5  # four quality scales, five growth pairs
    usefulness = next(
        row for row in by_programme if row[3] == SURVEYS["mentee_quality"].questions[0].text
    )
    assert (usefulness[0], usefulness[4], usefulness[5]) == (world.programme.title, 1, 6)
    planning = next(row for row in by_programme if row[3] == "Планирую уроки и рабочую программу")
    assert planning[6:] == (4, 9, 5)

    answers_sheet = list(book["Ответы"].iter_rows(values_only=True))
    questions = len(SURVEYS["mentee_quality"].questions) + len(SURVEYS["mentee_growth"].questions)
    assert len(answers_sheet) == 1 + questions
    assert {row[2] for row in answers_sheet[1:]} == {
        world.mentee_entry.person.short_name,
        other_mentee.short_name,
    }
