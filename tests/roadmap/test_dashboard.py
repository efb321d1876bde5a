"""The dashboard: what each persona sees, the figures against the roadmap's targets, the
redirect for an authority, and a query count that does not grow with the school."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import Group, Meeting, PlanItem
from registry.models import Person
from roadmap.models import Activity, Order, Roadmap, Target
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    PlanItemFactory,
    ProgrammeFactory,
)


def url(organisation):
    return reverse("roadmap:dashboard", args=[organisation.slug])


def page(client, world, persona, organisation=None):
    client.force_login(world.user(persona))
    response = client.get(url(organisation or world.school))
    assert response.status_code == 200
    return response.content.decode()


def days_ago(number):
    return timezone.localdate() - datetime.timedelta(days=number)


@pytest.fixture
def busy(world):
    """Something in every list: a waiting mentee without a consent, an overdue activity, a
    stalled programme; and a pair of other people the mentor must not see."""
    waiting = PersonFactory(organisation=world.school, last_name="Ожидающая")
    MenteeEntryFactory(person=waiting, entered_on=days_ago(9))
    Activity.objects.filter(pk=world.activity.pk).update(due_on=days_ago(4))
    strangers = GroupFactory(
        organisation=world.school,
        mentor=MentorEntryFactory(
            person=PersonFactory(organisation=world.school, last_name="Чужая")
        ),
        mentees=[
            MenteeEntryFactory(
                person=PersonFactory(organisation=world.school, last_name="Посторонняя")
            )
        ],
        form=world.form,
    )
    ProgrammeFactory(group=strangers, title="Программа без движения", starts_on=days_ago(40))
    return world


# What each persona sees


def test_the_curator_sees_the_lists_with_counts_links_and_buttons(client, busy):
    world = busy
    html = page(client, world, "curator")
    assert "Требует внимания" in html
    assert "Наставляемые ждут наставника" in html
    assert "Ожидающая" in html and "Ждёт наставника 9 дней" in html
    assert "Просроченные мероприятия дорожной карты" in html
    assert 'href="#overdue_activities"' in html
    assert f"#activity-{world.activity.pk}" in html
    assert "Программа без движения" in html
    assert world.sent_order.heading in html
    assert "Подобрать наставника" in html
    assert "Внести согласие" in html


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_the_director_and_the_coordinator_read_the_lists_without_buttons(client, busy, persona):
    html = page(client, busy, persona)
    assert "Ожидающая" in html
    assert "Программа без движения" in html
    for button in ("Подобрать наставника", "Внести согласие", ">Изменить<", "Завершить"):
        assert button not in html


def test_a_mentor_sees_their_own_pair_and_not_others(client, busy):
    world = busy
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=days_ago(1))
    Meeting.objects.create(
        programme=world.programme, date=timezone.localdate(), minutes=90, topic="Встреча"
    )
    html = page(client, world, "mentor")
    assert "Мои пары и группы" in html
    assert world.people["mentee"].short_name in html
    assert world.programme.title in html
    assert world.item.activity in html and "просрочено на 1 день" in html
    assert "Встреч: <strong>1</strong>, всего <strong>1,5 ч</strong>" in html
    for hidden in ("Чужая", "Посторонняя", "Ожидающая", "Требует внимания", "Показатели"):
        assert hidden not in html


def test_a_mentee_sees_their_pair_only(client, busy):
    html = page(client, busy, "mentee")
    assert busy.people["mentor"].short_name in html
    assert "наставляемый" in html
    assert "Посторонняя" not in html and "Требует внимания" not in html


def test_a_curator_who_is_also_a_mentor_sees_their_own_pairs_too(client, world):
    curator = world.people["curator"]
    group = GroupFactory(
        organisation=world.school,
        mentor=MentorEntryFactory(person=curator),
        mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.school))],
        form=world.form,
    )
    html = page(client, world, "curator")
    assert "Мои пары, сроки и встречи" in html
    assert reverse("programmes:group_detail", args=[world.school.slug, group.pk]) in html


def test_nothing_to_do_is_said_in_words(client, world):
    # Clear every list of the world: consents, waiting mentees, the order, the activity.
    for person in Person.objects.filter(organisation=world.school):
        give_consent(person)
    give_consent(world.mentor_entry.person, "duties")
    from registry.models import MenteeEntry

    MenteeEntry.objects.update(status=MenteeEntry.Status.PAIRED)
    Order.objects.update(status=Order.Status.DRAFT)
    Activity.objects.update(status=Activity.Status.DONE)
    html = page(client, world, "curator")
    assert "Сейчас ничего не требует внимания" in html


def test_an_authority_is_sent_to_its_schools_figures(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(url(world.authority))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "roadmap:authority_overview", args=[world.authority.slug]
    )


def test_long_lists_show_the_first_ten_and_link_to_the_rest(client, world):
    for _number in range(12):
        MenteeEntryFactory(person=PersonFactory(organisation=world.school))
    html = page(client, world, "curator")
    assert "Показаны первые 10 из" in html
    assert reverse("programmes:waiting_list", args=[world.school.slug]) in html


# Figures


def test_the_headline_shares_are_measured_against_the_roadmaps_targets(client, world):
    Target.objects.create(
        roadmap=world.roadmap,
        text="Доля педагогов, вовлечённых в наставничество",
        value=50,
        metric=Target.Metric.STAFF_INVOLVED,
    )
    Target.objects.create(
        roadmap=world.roadmap, text="Проведено семинаров", value=4, unit="items", actual=5
    )
    html = page(client, world, "curator")
    assert f'Цели — из дорожной карты «<a href="/o/{world.school.slug}/roadmaps/' in html
    assert "Педагоги в наставничестве" in html
    assert "не менее 50 %" in html
    assert "Целевые показатели дорожной карты" in html
    assert "Проведено семинаров" in html and "5 шт. — <strong>достигнуто</strong>" in html
    assert html.count("<svg") >= 4
    assert "(цель 50)" in html  # the chart's description names the target


def test_the_headline_share_is_counted_from_the_data(client, world):
    # Staff of the school: six personas' people and the person without a login, plus two here.
    # In formed groups: the mentor and the mentee of the active pair.
    staff = Person.objects.filter(organisation=world.school, kind=Person.Kind.STAFF).count()
    html = page(client, world, "curator")
    percent = round(100 * 2 / staff)
    assert f"{percent} % — 2 из {staff} педагогов" in html


def test_without_a_current_roadmap_the_year_is_measured_without_targets(client, world):
    Roadmap.objects.filter(pk=world.roadmap.pk).update(
        starts_on=world.roadmap.starts_on.replace(year=world.roadmap.starts_on.year - 2),
        ends_on=world.roadmap.ends_on.replace(year=world.roadmap.ends_on.year - 2),
    )
    html = page(client, world, "curator")
    assert "Дорожной карты на текущий период нет" in html
    assert "Педагоги в наставничестве" in html


def test_groups_and_programmes_by_status_are_charted_and_written(client, world):
    html = page(client, world, "curator")
    assert "Пары и группы по состоянию" in html
    assert f"{Group.Status.ACTIVE.label}: 1" in html
    assert f"{Group.Status.PROPOSED.label}: 1" in html


def test_the_page_has_its_print_stylesheet(client, world):
    html = page(client, world, "director")
    assert "css/dashboard.css" in html


# Query counts


def grow(world, count):
    for number in range(count):
        mentee = MenteeEntryFactory(person=PersonFactory(organisation=world.school))
        group = GroupFactory(
            organisation=world.school,
            mentor=world.mentor_entry,
            mentees=[mentee],
            form=world.form,
        )
        programme = ProgrammeFactory(group=group, starts_on=days_ago(30 + number))
        PlanItemFactory(programme=programme, deadline=days_ago(number))
        Meeting.objects.create(
            programme=programme, date=timezone.localdate(), minutes=30, topic="Встреча"
        )
        MenteeEntryFactory(person=PersonFactory(organisation=world.school))
        Activity.objects.create(
            stage=world.stage,
            number=10 + number,
            text="Ещё одно мероприятие",
            deadline_kind=Activity.Deadline.DATE,
            deadline=days_ago(number + 1),
        ).responsible_people.add(world.people["mentor"])


@pytest.mark.parametrize("persona", ["curator", "mentor"])
def test_the_dashboard_pays_no_query_per_row(client, world, persona, django_assert_num_queries):
    Target.objects.create(
        roadmap=world.roadmap, text="Вовлечённость", value=50, metric=Target.Metric.STAFF_INVOLVED
    )
    client.force_login(world.user(persona))
    grow(world, 2)
    client.get(url(world.school))  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(url(world.school))
    grow(world, 8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(world.school))
    assert response.status_code == 200
