import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Group, MentoringForm
from programmes.services.groups import group_create, group_set_status
from registry.models import MenteeEntry, MentorEntry
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    MentoringFormFactory,
    PersonFactory,
    PlanItemFactory,
    ProgrammeFactory,
)

shipped_forms = importlib.import_module("programmes.migrations.0002_shipped_forms")


def url(world, name, *args):
    return reverse(f"programmes:{name}", args=[world.school.slug, *args])


def waiting_mentee(world, last_name="Орлова", consent=True):
    person = PersonFactory(organisation=world.school, last_name=last_name)
    if consent:
        give_consent(person)
    return MenteeEntryFactory(person=person)


def free_mentor(world, last_name="Егорова", capacity=2):
    person = PersonFactory(
        organisation=world.school, last_name=last_name, first_name="Ирина", middle_name="Павловна"
    )
    give_consent(person)
    return MentorEntryFactory(person=person, capacity=capacity)


def create(client, world, *, mentor, mentees, form=None, **extra):
    data = {
        "mentor": mentor.pk,
        "mentees": [entry.pk for entry in mentees],
        "form": (form or world.form).pk,
        **extra,
    }
    return client.post(url(world, "group_create"), data)


def errors(response):
    form = response.context["form"]
    return (
        " ".join(form.non_field_errors())
        + " "
        + " ".join(" ".join(messages) for messages in form.errors.values())
    )


# Forming a group through the page


def test_the_curator_forms_a_pair_and_the_mentee_is_paired(curator_client, world):
    mentor, mentee = free_mentor(world), waiting_mentee(world)
    response = create(curator_client, world, mentor=mentor, mentees=[mentee])
    group = Group.objects.get(mentor=mentor)
    assert response.status_code == 302
    assert response.url == url(world, "group_detail", group.pk)
    assert group.status == Group.Status.PROPOSED
    assert list(group.mentees.all()) == [mentee]
    mentee.refresh_from_db()
    assert mentee.status == MenteeEntry.Status.PAIRED


def test_the_mentor_choice_shows_the_free_places(curator_client, world):
    free_mentor(world, capacity=2)
    page = curator_client.get(url(world, "group_create")).content.decode()
    assert "Егорова И. П. — свободно 2 из 2" in page
    # The mentor persona has two open groups at a capacity of two.
    assert re.search(r"Савельева [А-Я]\. [А-Я]\. — свободно 0 из 2", page)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("capacity", "свободных мест 0, а в группе 1"),
        ("consent", "нет действующего согласия на обработку персональных данных"),
        ("oneself", "Наставник не может быть наставляемым в своей же группе."),
    ],
)
def test_a_group_that_breaks_a_rule_is_refused_in_russian_and_nothing_is_saved(
    curator_client, world, case, message
):
    mentor, mentee = free_mentor(world), waiting_mentee(world)
    if case == "capacity":
        mentor = world.mentor_entry  # two open groups at a capacity of two
    elif case == "consent":
        mentee = waiting_mentee(world, last_name="Фомина", consent=False)
    elif case == "oneself":
        mentee = MenteeEntryFactory(person=mentor.person)
    groups_before = Group.objects.count()
    response = create(curator_client, world, mentor=mentor, mentees=[mentee])
    assert response.status_code == 200
    assert message in errors(response)
    assert Group.objects.count() == groups_before
    mentee.refresh_from_db()
    assert mentee.status == MenteeEntry.Status.WAITING


def test_a_mentee_already_in_a_group_is_not_offered_and_not_accepted(curator_client, world):
    page = curator_client.get(url(world, "group_create")).content.decode()
    assert "Лебедева" not in page  # world.other_mentee is in the proposed world.new_group
    groups_before = Group.objects.count()
    response = create(
        curator_client, world, mentor=free_mentor(world), mentees=[world.other_mentee]
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in errors(response)
    assert Group.objects.count() == groups_before


def test_the_service_refuses_a_mentee_already_in_a_group(world):
    with pytest.raises(ValidationError, match="уже состоит в другой паре или группе"):
        group_create(
            organisation=world.school,
            mentor=free_mentor(world),
            mentees=[world.other_mentee],
            form=world.form,
            created_by=None,
        )


def test_several_mentees_need_a_group_form(curator_client, world):
    mentor = free_mentor(world)
    first, second = waiting_mentee(world), waiting_mentee(world, last_name="Фомина")
    response = create(curator_client, world, mentor=mentor, mentees=[first, second])
    assert response.status_code == 200
    assert "индивидуальная: в ней один наставляемый" in errors(response)
    assert not Group.objects.filter(mentor=mentor).exists()

    group_form = MentoringFormFactory(organisation=world.school, name="Группа", is_group=True)
    response = create(
        curator_client, world, mentor=mentor, mentees=[first, second], form=group_form
    )
    assert response.status_code == 302
    assert Group.objects.get(mentor=mentor).mentees.count() == 2


def test_a_co_mentor_needs_a_role_and_is_saved_with_it(curator_client, world):
    mentor, co_mentor, mentee = (
        free_mentor(world),
        free_mentor(world, "Гришина"),
        waiting_mentee(world),
    )
    response = create(
        curator_client, world, mentor=mentor, mentees=[mentee], co_mentor=co_mentor.pk
    )
    assert "второй это наставник или замещающий" in errors(response)
    response = create(
        curator_client,
        world,
        mentor=mentor,
        mentees=[mentee],
        co_mentor=co_mentor.pk,
        co_mentor_role=Group.CoMentorRole.SUBSTITUTE,
    )
    assert response.status_code == 302
    group = Group.objects.get(mentor=mentor)
    assert (group.co_mentor, group.co_mentor_role) == (co_mentor, Group.CoMentorRole.SUBSTITUTE)


def test_dates_must_be_in_order(curator_client, world):
    response = create(
        curator_client,
        world,
        mentor=free_mentor(world),
        mentees=[waiting_mentee(world)],
        starts_on="2026-09-01",
        ends_on="2026-05-31",
    )
    assert "Окончание раньше начала." in errors(response)


# Statuses


def move(client, world, group, status, reason="", on=None):
    data = {"status": status, "reason": reason, "on": on or "2026-01-15"}
    return client.post(url(world, "group_status", group.pk), data)


def test_mentee_statuses_follow_the_group(curator_client, world):
    mentor = free_mentor(world)
    first, second = waiting_mentee(world), waiting_mentee(world, last_name="Фомина")
    create(curator_client, world, mentor=mentor, mentees=[first])
    create(curator_client, world, mentor=mentor, mentees=[second])
    dissolved, finished = Group.objects.filter(mentor=mentor).order_by("pk")
    for group in (dissolved, finished):
        assert move(curator_client, world, group, Group.Status.ACTIVE).status_code == 302
    first.refresh_from_db()
    mentor.refresh_from_db()
    assert first.status == MenteeEntry.Status.PAIRED
    assert mentor.status == MentorEntry.Status.ACTIVE

    move(curator_client, world, dissolved, Group.Status.DISSOLVED, reason="Переезд наставляемой")
    move(curator_client, world, finished, Group.Status.FINISHED)
    first.refresh_from_db()
    second.refresh_from_db()
    mentor.refresh_from_db()
    assert first.status == MenteeEntry.Status.WAITING
    assert second.status == MenteeEntry.Status.FINISHED
    assert mentor.status == MentorEntry.Status.READY
    dissolved.refresh_from_db()
    assert dissolved.dissolution_reason == "Переезд наставляемой"


def test_the_status_page_offers_only_the_allowed_next_statuses(curator_client, world):
    page = curator_client.get(url(world, "group_status", world.new_group.pk)).content.decode()
    assert "Закреплена приказом" in page and "Работает" in page and "Расформирована" in page
    assert "Завершила работу" not in page


def test_an_invalid_transition_is_refused(curator_client, world):
    response = move(curator_client, world, world.new_group, Group.Status.FINISHED)
    assert response.status_code == 200
    assert "Выберите корректный вариант" in errors(response)
    world.new_group.refresh_from_db()
    assert world.new_group.status == Group.Status.PROPOSED
    with pytest.raises(ValidationError, match="нельзя перейти"):
        group_set_status(group=world.new_group, status=Group.Status.FINISHED)


def test_dissolving_needs_a_reason(curator_client, world):
    response = move(curator_client, world, world.group, Group.Status.DISSOLVED, reason="  ")
    assert response.status_code == 200
    assert "Укажите причину расформирования." in errors(response)
    world.group.refresh_from_db()
    assert world.group.status == Group.Status.ACTIVE


def test_a_finished_group_offers_no_next_status(curator_client, world):
    group_set_status(group=world.group, status=Group.Status.FINISHED)
    page = curator_client.get(url(world, "group_status", world.group.pk)).content.decode()
    assert "перейти больше некуда" in page


def test_the_group_page_shows_participants_consents_history_and_the_programme_link(
    curator_client, world
):
    move(curator_client, world, world.new_group, Group.Status.ACTIVE)
    page = curator_client.get(url(world, "group_detail", world.new_group.pk)).content.decode()
    assert world.other_mentee.person.full_name in page
    assert "ПДн: " in page  # consent badges
    assert "Предложена" in page and "Работает" in page  # the history
    assert url(world, "programme_create", world.new_group.pk) in page
    page = curator_client.get(url(world, "group_detail", world.group.pk)).content.decode()
    assert (
        reverse("programmes:programme_detail", args=[world.school.slug, world.programme.pk]) in page
    )


def test_a_mentee_sees_the_group_without_manager_buttons(client, world):
    client.force_login(world.user("mentee"))
    page = client.get(url(world, "group_detail", world.group.pk)).content.decode()
    assert "Сменить статус" not in page
    assert url(world, "group_edit", world.group.pk) not in page


# Editing


def test_editing_replaces_mentees_and_releases_the_old_one(curator_client, world):
    newcomer = waiting_mentee(world)
    response = curator_client.post(
        url(world, "group_edit", world.new_group.pk),
        {"mentees": [newcomer.pk], "form": world.form.pk},
    )
    assert response.status_code == 302
    assert list(world.new_group.mentees.all()) == [newcomer]
    world.other_mentee.refresh_from_db()
    newcomer.refresh_from_db()
    assert world.other_mentee.status == MenteeEntry.Status.WAITING
    assert newcomer.status == MenteeEntry.Status.PAIRED


def test_a_substitute_mentor_is_set_on_edit(curator_client, world):
    substitute = free_mentor(world)
    response = curator_client.post(
        url(world, "group_edit", world.group.pk),
        {
            "mentees": [world.mentee_entry.pk],
            "form": world.form.pk,
            "co_mentor": substitute.pk,
            "co_mentor_role": Group.CoMentorRole.SUBSTITUTE,
        },
    )
    assert response.status_code == 302
    world.group.refresh_from_db()
    assert world.group.co_mentor == substitute
    assert world.group.mentor == world.mentor_entry


def test_a_closed_group_cannot_be_edited(curator_client, world):
    group_set_status(group=world.new_group, status=Group.Status.DISSOLVED, reason="Отказ")
    response = curator_client.get(url(world, "group_edit", world.new_group.pk))
    assert response.status_code == 302


# The list


def test_a_mentor_sees_only_own_groups(client, world):
    other = GroupFactory(
        organisation=world.school,
        mentor=free_mentor(world, last_name="Гришина"),
        mentees=[waiting_mentee(world)],
        form=world.form,
    )
    client.force_login(world.user("mentor"))
    page = client.get(url(world, "group_list")).content.decode()
    assert url(world, "group_detail", world.group.pk) in page
    assert url(world, "group_detail", other.pk) not in page


def test_the_list_filters_by_status_and_form(curator_client, world):
    page = curator_client.get(url(world, "group_list"), {"status": "proposed"}).content.decode()
    assert url(world, "group_detail", world.new_group.pk) in page
    assert url(world, "group_detail", world.group.pk) not in page
    other_form = MentoringFormFactory(organisation=world.school)
    page = curator_client.get(url(world, "group_list"), {"form": other_form.pk}).content.decode()
    assert "Найдено: 0" in page


def test_the_list_shows_the_programme_progress(curator_client, world):
    PlanItemFactory(programme=world.programme, status="done")
    page = curator_client.get(url(world, "group_list")).content.decode()
    assert "выполнено 50 %" in page


def _groups(world, count):
    for number in range(count):
        mentor = free_mentor(world, last_name=f"Наставница{number}")
        group = GroupFactory(
            organisation=world.school,
            mentor=mentor,
            mentees=[waiting_mentee(world, last_name=f"Наставляемая{number}")],
            form=world.form,
            co_mentor=free_mentor(world, last_name=f"Второй{number}"),
            co_mentor_role=Group.CoMentorRole.CO_MENTOR,
        )
        PlanItemFactory(programme=ProgrammeFactory(group=group))


def test_the_group_list_query_count_does_not_grow_with_groups(curator_client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(url(world, "group_list")).status_code == 200
        return len(queries)

    _groups(world, 3)
    few = count()
    _groups(world, 22)  # 27 groups: more than a page
    assert count() == few


# The catalogue of forms


def test_the_shipped_catalogue_holds_every_form_in_its_audience(world):
    MentoringForm.objects.filter(organisation=None).delete()
    shipped_forms.add_forms(apps, None)
    shipped_forms.add_forms(apps, None)  # repeatable
    shipped = MentoringForm.objects.filter(organisation=None)
    assert shipped.count() == 15
    roles = set(shipped.values_list("roles", flat=True))
    assert {"педагог — педагог", "руководитель — педагог", "работодатель — студент"} <= roles
    students = shipped.filter(audience=MentoringForm.Audience.STUDENTS)
    assert set(students.values_list("roles", flat=True)) == {
        "ученик — ученик",
        "учитель — ученик",
        "студент — ученик",
        "работодатель — ученик",
    }
    assert set(shipped.filter(is_group=True).values_list("name", flat=True)) == {
        "Групповая",
        "Скоростная",
    }
    assert all(form.description.endswith(".") for form in shipped)
    shipped_forms.remove_forms(apps, None)
    assert not MentoringForm.objects.filter(organisation=None).exists()


def test_the_catalogue_lists_shipped_and_own_forms_by_audience(client, world):
    MentoringFormFactory(name="Традиционная (один на один)", roles="")
    MentoringFormFactory(
        name="Взаимная помощь учеников",
        audience=MentoringForm.Audience.STUDENTS,
        roles="ученик — ученик",
    )
    client.force_login(world.user("mentee"))
    page = client.get(url(world, "form_list")).content.decode()
    assert "Традиционная (один на один)" in page
    assert "Взаимная помощь учеников" in page
    assert world.form.name in page
    assert page.index("Педагоги") < page.index("Традиционная") < page.index("Обучающиеся")
    assert page.index("Обучающиеся") < page.index("Взаимная помощь учеников")
    assert url(world, "form_edit", world.form.pk) not in page  # not a manager


def test_a_shipped_form_is_not_editable(curator_client, world):
    shipped = MentoringFormFactory(name="Ситуационная", roles="")
    assert curator_client.get(url(world, "form_edit", shipped.pk)).status_code == 404
    assert curator_client.post(url(world, "form_edit", shipped.pk), {}).status_code == 404


def test_another_schools_form_is_not_found(curator_client, world):
    theirs = MentoringFormFactory(organisation=world.other_school)
    assert curator_client.get(url(world, "form_edit", theirs.pk)).status_code == 404


def test_the_curator_adds_and_edits_own_forms(curator_client, world):
    data = {
        "name": "  Педагог —  педагог-психолог ",
        "audience": MentoringForm.Audience.TEACHERS,
        "roles": "педагог-психолог — педагог",
        "description": "Психолог помогает педагогу с трудными классами.",
        "is_group": "",
        "is_active": "on",
    }
    assert curator_client.post(url(world, "form_create"), data).status_code == 302
    own = MentoringForm.objects.get(organisation=world.school, roles="педагог-психолог — педагог")
    assert own.name == "Педагог — педагог-психолог"
    response = curator_client.post(url(world, "form_edit", own.pk), {**data, "is_active": ""})
    assert response.status_code == 302
    own.refresh_from_db()
    assert not own.is_active


def test_a_form_name_must_be_new_in_its_audience(curator_client, world):
    MentoringFormFactory(name="Скоростная", roles="")
    response = curator_client.post(
        url(world, "form_create"),
        {"name": "скоростная", "audience": MentoringForm.Audience.TEACHERS, "is_active": "on"},
    )
    assert "уже есть в каталоге" in errors(response)
