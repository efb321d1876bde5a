"""Programme pages: writing a programme (empty, from a template, from a best practice), the
list, comments, amendments, completion, results, best practices and the template library."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import (
    Amendment,
    Comment,
    Group,
    PlanItem,
    Practice,
    Programme,
    ProgrammeTemplate,
    TemplateItem,
)
from programmes.models.programmes import add_months
from registry.models import AnswerStatus, MenteeEntry
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    PlanItemFactory,
    ProfessionalRequestFactory,
    ProgrammeFactory,
)


def url(name, world, *args):
    return reverse(f"programmes:{name}", args=[world.school.slug, *args])


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def start():
    return datetime.date(2026, 9, 1)


def create_data(start, **extra):
    return {
        "title": "Первый год в школе",
        "goal": "Освоиться в профессии.",
        "starts_on": start.isoformat(),
        "ends_on": datetime.date(2027, 5, 31).isoformat(),
        **extra,
    }


def shipped_template():
    template = ProgrammeTemplate.objects.create(
        title="Адаптация (каталог)", goal="Помочь освоиться.", tasks="Знакомство.", months=9
    )
    for order, week in enumerate([1, 3, 10], start=1):
        TemplateItem.objects.create(
            template=template, order=order, week=week, activity=f"Шаг {order}", form="Беседа"
        )
    return template


# Creating


def test_a_curator_writes_an_empty_draft_programme(curator_client, world, start):
    response = curator_client.post(
        url("programme_create", world, world.new_group.pk), create_data(start)
    )
    programme = Programme.objects.get(group=world.new_group)
    assert response.status_code == 302
    assert response.url == programme.get_absolute_url()
    assert programme.status == Programme.Status.DRAFT
    assert programme.approved_on is None
    assert not programme.items.exists()
    assert programme.created_by == world.user("curator")


def test_a_programme_can_start_at_once_with_its_approval_date(curator_client, world, start):
    curator_client.post(
        url("programme_create", world, world.new_group.pk),
        create_data(start, activate="on", approved_on="2026-08-30"),
    )
    programme = Programme.objects.get(group=world.new_group)
    assert programme.status == Programme.Status.ACTIVE
    assert programme.approved_on == datetime.date(2026, 8, 30)


def test_a_template_turns_its_weeks_into_deadlines_from_the_start(curator_client, world, start):
    template = shipped_template()
    curator_client.post(
        url("programme_create", world, world.new_group.pk),
        create_data(start, title="", goal="", source=f"template:{template.pk}"),
    )
    programme = Programme.objects.get(group=world.new_group)
    assert (programme.title, programme.goal, programme.tasks) == (
        "Адаптация (каталог)",
        "Помочь освоиться.",
        "Знакомство.",
    )
    assert [(item.activity, item.deadline) for item in programme.items.all()] == [
        ("Шаг 1", start),
        ("Шаг 2", start + datetime.timedelta(weeks=2)),
        ("Шаг 3", start + datetime.timedelta(weeks=9)),
    ]


def test_the_page_fills_itself_from_a_chosen_template(curator_client, world):
    template = shipped_template()
    world.new_group.starts_on = datetime.date(2026, 9, 1)
    world.new_group.save()
    response = curator_client.get(
        url("programme_create", world, world.new_group.pk), {"source": f"template:{template.pk}"}
    )
    form = response.context["form"]
    assert form.initial["goal"] == "Помочь освоиться."
    assert form.initial["ends_on"] == datetime.date(2027, 5, 31)  # nine months, less a day


def test_a_best_practice_is_copied_with_its_deadlines_shifted(curator_client, world, start):
    model = world.programme
    model.status = Programme.Status.COMPLETED
    model.is_best_practice = True
    model.tasks, model.strengths = "Задачи образца.", "Любит детей."
    model.save()
    model.forms.add(world.form)
    shift = start - model.starts_on
    curator_client.post(
        url("programme_create", world, world.new_group.pk),
        create_data(start, title="Копия", goal="", source=f"programme:{model.pk}"),
    )
    programme = Programme.objects.get(group=world.new_group)
    assert programme.title == "Копия"
    assert (programme.goal, programme.tasks, programme.strengths) == (
        model.goal,
        "Задачи образца.",
        "Любит детей.",
    )
    assert list(programme.forms.all()) == [world.form]
    copied = programme.items.get()
    assert copied.activity == world.item.activity
    assert copied.deadline == world.item.deadline + shift
    assert copied.status == PlanItem.Status.PLANNED
    assert not copied.evidence


def test_only_best_practices_of_the_same_school_can_be_copied(curator_client, world, start):
    foreign = ProgrammeFactory(
        group=GroupFactory(organisation=world.other_school), is_best_practice=True
    )
    response = curator_client.post(
        url("programme_create", world, world.new_group.pk),
        create_data(start, source=f"programme:{foreign.pk}"),
    )
    assert response.status_code == 200
    assert "source" in response.context["form"].errors
    assert not Programme.objects.filter(group=world.new_group).exists()


@pytest.mark.parametrize("ends_on", ["2026-11-15", "2027-10-01"])
def test_a_programme_runs_3_to_12_months(curator_client, world, start, ends_on):
    response = curator_client.post(
        url("programme_create", world, world.new_group.pk), create_data(start, ends_on=ends_on)
    )
    assert response.status_code == 200
    assert "от 3 до 12 месяцев" in str(response.context["form"].errors["ends_on"])
    assert not Programme.objects.filter(group=world.new_group).exists()


def test_difficulties_come_from_the_mentees_requests_not_rejected(curator_client, world):
    person = world.other_mentee.person
    wanted = ProfessionalRequestFactory(person=person, difficulties="Не получается с родителями.")
    ProfessionalRequestFactory(person=person, status=AnswerStatus.REJECTED)
    ProfessionalRequestFactory(person=world.people["mentee"])  # another group's mentee
    response = curator_client.get(url("programme_create", world, world.new_group.pk))
    field = response.context["form"].fields["difficulties"]
    assert list(field.queryset) == [wanted]
    label = field.label_from_instance(wanted)
    assert "Не получается с родителями." in label and " г.:" in label


def test_a_group_that_has_a_programme_leads_to_it(curator_client, world):
    response = curator_client.get(url("programme_create", world, world.group.pk))
    assert response.status_code == 302
    assert response.url == world.programme.get_absolute_url()


# The list


def test_a_mentor_lists_only_the_programmes_of_own_groups(client, world):
    stranger = ProgrammeFactory(group=GroupFactory(organisation=world.school, form=world.form))
    client.force_login(world.user("mentor"))
    response = client.get(url("programme_list", world))
    shown = list(response.context["page"].object_list)
    assert shown == [world.programme]
    assert stranger not in shown


def test_the_list_filters_by_status(curator_client, world):
    draft = ProgrammeFactory(
        group=GroupFactory(organisation=world.school, form=world.form),
        status=Programme.Status.DRAFT,
    )
    response = curator_client.get(url("programme_list", world), {"status": "draft"})
    assert list(response.context["page"].object_list) == [draft]


def test_the_list_shows_progress_and_overdue_items(curator_client, world, today):
    PlanItemFactory(programme=world.programme, status=PlanItem.Status.DONE)
    PlanItemFactory(programme=world.programme, deadline=today - datetime.timedelta(days=3))
    response = curator_client.get(url("programme_list", world))
    programme = response.context["page"].object_list[0]
    assert programme.progress == 33
    assert programme.overdue == 1
    assert "33 %" in response.text


def test_the_list_runs_as_many_queries_for_30_programmes_as_for_5(curator_client, world):
    def queries_with(count):
        while Programme.objects.count() < count:
            group = GroupFactory(
                organisation=world.school,
                form=world.form,
                mentor=MentorEntryFactory(person=PersonFactory(organisation=world.school)),
                mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.school))],
            )
            programme = ProgrammeFactory(group=group)
            PlanItemFactory.create_batch(2, programme=programme)
        with CaptureQueriesContext(connection) as context:
            assert curator_client.get(url("programme_list", world)).status_code == 200
        return len(context)

    assert queries_with(5) == queries_with(30)


# The programme page


def test_the_page_shows_each_action_only_to_who_may_use_it(client, world):
    page = url("programme_detail", world, world.programme.pk)
    client.force_login(world.user("curator"))
    curator = client.get(page).text
    client.force_login(world.user("mentee"))
    mentee = client.get(page).text
    client.force_login(world.user("director"))
    director = client.get(page).text
    edit = url("programme_edit", world, world.programme.pk)
    comment = url("comment_create", world, world.programme.pk)
    assert edit in curator and edit not in mentee and edit not in director
    assert comment in mentee and comment not in director
    assert f'"{url("item_update", world, world.item.pk)}"' not in mentee
    assert f'"{url("item_update", world, world.item.pk)}"' in curator
    assert world.people["mentee"].full_name in director


# Comments


def test_the_mentee_comments_on_the_programme(client, world):
    client.force_login(world.user("mentee"))
    response = client.post(
        url("comment_create", world, world.programme.pk), {"text": "  Спасибо!  "}
    )
    assert response.status_code == 302
    assert response.url.endswith("#comments")
    comment = Comment.objects.get()
    assert (comment.text, comment.author) == ("Спасибо!", world.user("mentee"))
    page = client.get(world.programme.get_absolute_url()).text
    assert world.people["mentee"].full_name in page and "Спасибо!" in page


@pytest.mark.parametrize("text", ["   ", "я" * 2001])
def test_an_empty_or_long_comment_is_refused_with_a_message(client, world, text):
    client.force_login(world.user("mentee"))
    response = client.post(url("comment_create", world, world.programme.pk), {"text": text})
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert any(message.startswith("Комментарий не добавлен") for message in texts(response))


# Amendments


def test_an_extension_moves_the_end_and_records_the_previous_one(curator_client, world):
    programme = world.programme
    previous = programme.ends_on
    new_end = previous + datetime.timedelta(days=30)
    response = curator_client.post(
        url("amendment_create", world, programme.pk),
        {
            "kind": "extend",
            "date": programme.starts_on.isoformat(),
            "reason": "Болезнь наставляемой, договорились продлить.",
            "new_ends_on": new_end.isoformat(),
        },
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.previous_ends_on, amendment.new_ends_on) == (previous, new_end)
    programme.refresh_from_db()
    assert programme.ends_on == new_end


@pytest.mark.parametrize(
    "new_end, message",
    [
        (lambda p: p.ends_on, "позже"),
        (lambda p: add_months(p.starts_on, 12) + datetime.timedelta(days=5), "12 месяцев"),
    ],
)
def test_an_extension_must_be_later_and_within_12_months(curator_client, world, new_end, message):
    programme = world.programme
    previous = programme.ends_on
    response = curator_client.post(
        url("amendment_create", world, programme.pk),
        {
            "kind": "extend",
            "date": programme.starts_on,
            "reason": "Нужно больше времени.",
            "new_ends_on": new_end(programme),
        },
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["new_ends_on"])
    assert not Amendment.objects.exists()
    programme.refresh_from_db()
    assert programme.ends_on == previous


def test_a_change_of_plan_needs_a_reason_and_keeps_the_term(curator_client, world):
    page = url("amendment_create", world, world.programme.pk)
    data = {"kind": "plan", "date": world.programme.starts_on, "reason": ""}
    response = curator_client.post(page, data)
    assert "reason" in response.context["form"].errors
    curator_client.post(page, {**data, "reason": "Заменили посещение уроков вебинаром."})
    assert Amendment.objects.get().new_ends_on is None


def test_a_draft_is_not_amended(curator_client, world):
    world.programme.status = Programme.Status.DRAFT
    world.programme.save()
    response = curator_client.get(url("amendment_create", world, world.programme.pk))
    assert response.status_code == 302


# Completion


def complete(client, world, **data):
    return client.post(
        url("programme_complete", world, world.programme.pk),
        {"completion_reason": "done", "curator_conclusion": "План выполнен.", **data},
    )


@pytest.mark.parametrize("missing", ["completion_reason", "curator_conclusion"])
def test_completion_needs_a_reason_and_a_conclusion(curator_client, world, missing):
    response = complete(curator_client, world, **{missing: ""})
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    world.programme.refresh_from_db()
    assert world.programme.status == Programme.Status.ACTIVE


@pytest.mark.parametrize("reason", ["done", "early", "improper"])
def test_completion_finishes_the_group_and_the_mentees(curator_client, world, today, reason):
    response = complete(curator_client, world, completion_reason=reason)
    assert response.status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.status == Programme.Status.COMPLETED
    assert world.programme.completion_reason == reason
    assert world.programme.completed_on == today
    world.group.refresh_from_db()
    assert world.group.status == Group.Status.FINISHED
    world.mentee_entry.refresh_from_db()
    assert world.mentee_entry.status == MenteeEntry.Status.FINISHED
    assert world.mentee_entry.get_status_display() == "Завершил программу"


def test_the_completion_page_warns_when_results_are_missing(curator_client, world):
    world.programme.mentor_review = "Справилась."
    world.programme.save()
    text = curator_client.get(url("programme_complete", world, world.programme.pk)).text
    assert "Наставляемый ещё не написал самооценку" in text
    assert "Справилась." in text


def test_a_draft_cannot_be_completed(curator_client, world):
    world.programme.status = Programme.Status.DRAFT
    world.programme.save()
    response = complete(curator_client, world)
    assert response.status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.status == Programme.Status.DRAFT
    assert "Черновик программы завершить нельзя" in " ".join(texts(response))


def test_a_completed_programme_is_not_edited(curator_client, world):
    world.programme.status = Programme.Status.COMPLETED
    world.programme.save()
    response = curator_client.post(
        url("programme_edit", world, world.programme.pk), {"title": "Новое"}
    )
    assert response.status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.title != "Новое"
    assert "Завершённую программу изменить нельзя." in texts(response)


def test_editing_keeps_the_plan_and_starts_a_draft(curator_client, world):
    programme = world.programme
    programme.status = Programme.Status.DRAFT
    programme.save()
    response = curator_client.post(
        url("programme_edit", world, programme.pk),
        {
            "title": "Новое название",
            "goal": programme.goal,
            "starts_on": programme.starts_on.isoformat(),
            "ends_on": programme.ends_on.isoformat(),
            "activate": "on",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.title, programme.status) == ("Новое название", Programme.Status.ACTIVE)
    assert programme.items.count() == 1


# Results


def test_each_participant_writes_only_their_own_part_of_the_results(client, world):
    page = url("programme_results", world, world.programme.pk)
    client.force_login(world.user("mentee"))
    assert list(client.get(page).context["form"].fields) == ["mentee_self_assessment"]
    client.post(page, {"mentee_self_assessment": "Научилась держать класс.", "mentor_review": "x"})
    client.force_login(world.user("mentor"))
    assert list(client.get(page).context["form"].fields) == ["mentor_review"]
    client.post(page, {"mentor_review": "Очень старалась.", "mentee_self_assessment": "y"})
    world.programme.refresh_from_db()
    assert world.programme.mentee_self_assessment == "Научилась держать класс."
    assert world.programme.mentor_review == "Очень старалась."


def test_a_manager_may_edit_both_parts_of_the_results(curator_client, world):
    page = url("programme_results", world, world.programme.pk)
    fields = curator_client.get(page).context["form"].fields
    assert set(fields) == {"mentee_self_assessment", "mentor_review"}


# Best practice and templates


def test_a_completed_programme_becomes_a_best_practice_in_the_bank(curator_client, world):
    programme = world.programme
    programme.status = Programme.Status.COMPLETED
    programme.curator_conclusion = "Пара сработала отлично."
    programme.save()
    response = curator_client.post(url("programme_best_practice", world, programme.pk))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.is_best_practice
    practice = Practice.objects.exclude(pk=world.practice.pk).get(programme=programme)
    assert practice.kind == Practice.Kind.PRACTICE
    assert practice.title == programme.title
    assert programme.goal in practice.summary and "Пара сработала отлично." in practice.summary
    assert list(practice.authors.all()) == [world.people["mentor"]]
    assert not practice.is_published


def test_a_running_programme_is_not_a_best_practice_yet(curator_client, world):
    response = curator_client.post(url("programme_best_practice", world, world.programme.pk))
    assert response.status_code == 302
    assert "только завершённую программу" in " ".join(texts(response))
    assert (
        not Practice.objects.filter(kind=Practice.Kind.PRACTICE, programme=world.programme)
        .exclude(pk=world.practice.pk)
        .exists()
    )


def test_the_plan_is_saved_as_the_schools_own_template(curator_client, world):
    programme = world.programme
    PlanItemFactory(programme=programme, deadline=programme.starts_on + datetime.timedelta(days=15))
    PlanItemFactory(programme=programme, status=PlanItem.Status.CANCELLED)
    response = curator_client.post(url("programme_save_template", world, programme.pk))
    assert response.status_code == 302
    template = ProgrammeTemplate.objects.get(organisation=world.school)
    assert template.title == programme.title and template.goal == programme.goal
    assert template.months == 9
    expected_week = (world.item.deadline - programme.starts_on).days // 7 + 1
    assert [item.week for item in template.items.all()] == [expected_week, 3]


def test_the_library_shows_shipped_and_own_templates_not_another_schools(curator_client, world):
    shipped = shipped_template()
    own = ProgrammeTemplate.objects.create(organisation=world.school, title="Наш", goal="Цель")
    ProgrammeTemplate.objects.create(organisation=world.other_school, title="Чужой", goal="Цель")
    response = curator_client.get(url("template_list", world))
    shown = response.context["templates"]
    assert shipped in shown and own in shown
    assert "Чужой" not in [template.title for template in shown]
    assert "Шаг 3" in response.text
    assert "План: 3 пункта" in response.text


def test_the_shipped_templates_come_with_the_migration(db):
    titles = set(
        ProgrammeTemplate.objects.filter(organisation=None).values_list("title", flat=True)
    )
    if not titles:
        pytest.skip("the database was flushed by a browser test")
    assert "Адаптация молодого педагога" in titles
    students = ProgrammeTemplate.objects.get(title="Ученик — ученик: поддержка в учёбе")
    assert students.audience == "students" and students.items.count() >= 5


def test_overdue_items_are_marked_in_words_while_the_programme_runs(curator_client, world, today):
    PlanItemFactory(programme=world.programme, deadline=today - datetime.timedelta(days=1))
    page = url("programme_detail", world, world.programme.pk)
    response = curator_client.get(page)
    assert "Просрочено" in response.text
    assert response.context["progress"]["text"] == "Выполнено 0 %: 0 из 2 пунктов; просрочено: 1"
    world.programme.status = Programme.Status.COMPLETED
    world.programme.save()
    assert "Просрочено" not in curator_client.get(page).text
    listed = curator_client.get(url("programme_list", world)).context["page"].object_list[0]
    assert listed.overdue == 0
