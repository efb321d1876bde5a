"""The generated authority-sized data: `manage.py generate_scale_data`, `generate` and `grow`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from mentoring_site import scale_data
from programmes.models import Group, Meeting, PlanItem, Practice, Programme, SurveyResponse
from registry.models import Consent, MenteeEntry, MentorEntry, Organisation, Person
from roadmap.models import Activity, News, NormativeDocument, Order, PublicSection, Roadmap
from tests.factories import OrganisationFactory, UserFactory

User = get_user_model()


def generate_command(*args) -> str:
    out = StringIO()
    call_command("generate_scale_data", *args, stdout=out)
    return out.getvalue()


def test_the_command_builds_every_kind_of_row_in_every_school(db):
    UserFactory(username="admin", is_staff=True, is_superuser=True)

    output = generate_command("--schools", "2", "--people", "20")

    authority = Organisation.objects.get(kind=Organisation.Kind.AUTHORITY)
    schools = list(authority.children.order_by("slug"))
    assert [school.slug for school in schools] == ["school-001", "school-002"]
    for school in schools:
        people = Person.objects.filter(organisation=school)
        assert people.count() == 20
        assert {"staff", "student"} == set(people.values_list("kind", flat=True))
        assert school.director.organisation == school
        assert MentorEntry.objects.filter(person__organisation=school).exists()
        mentees = MenteeEntry.objects.filter(person__organisation=school)
        assert {"waiting", "paired", "finished"} <= set(mentees.values_list("status", flat=True))
        consents = Consent.objects.filter(person__organisation=school)
        assert set(consents.values_list("kind", flat=True)) == set(Consent.Kind.values)
        states = {consent.state() for consent in consents}
        assert {"valid", "expiring", "expired", "revoked"} <= states
        groups = Group.objects.filter(organisation=school)
        assert set(groups.values_list("status", flat=True)) == set(Group.Status.values)
        programmes = Programme.objects.filter(group__organisation=school)
        assert set(programmes.values_list("status", flat=True)) == set(Programme.Status.values)
        for programme in programmes:
            assert 6 <= programme.items.count() <= 10
        assert Meeting.objects.filter(programme__group__organisation=school).exists()
        assert SurveyResponse.objects.filter(programme__group__organisation=school).exists()
        assert Practice.objects.filter(organisation=school, is_published=True).exists()
        roadmap = Roadmap.objects.get(organisation=school)
        assert roadmap.is_approved and roadmap.targets.exists()
        assert Activity.objects.filter(stage__roadmap=roadmap, status="done").exists()
        orders = Order.objects.filter(organisation=school)
        assert {"draft", "sent", "signed"} == set(orders.values_list("status", flat=True))
        for order in orders.filter(status=Order.Status.SIGNED):
            assert order.number_text.endswith("-од") and order.snapshot["number"]
        assert NormativeDocument.objects.filter(organisation=school).exists()
        assert PublicSection.objects.get(organisation=school).is_enabled
        assert News.objects.published().filter(organisation=school).exists()
    curator = User.objects.get(username="curator-2")
    assert curator.memberships.get().organisation == schools[1]
    assert not curator.has_usable_password()
    assert "участников" in output and "войти по паролю нельзя" in output
    assert User.objects.filter(username="admin").count() == 1


def test_the_users_log_in_with_the_password_given(db):
    generate_command("--schools", "1", "--people", "12", "--password", "Masshtab-2026")

    client = Client()
    assert client.login(username="mentor-1", password="Masshtab-2026")
    assert client.get(reverse("roadmap:dashboard", args=["school-001"])).status_code == 200


@pytest.mark.parametrize(
    "existing",
    [
        lambda: OrganisationFactory(),
        lambda: UserFactory(username="teacher"),
    ],
    ids=["organisation", "user"],
)
def test_the_command_refuses_a_database_with_data_and_writes_nothing(db, existing):
    existing()
    before = (Organisation.objects.count(), Person.objects.count(), User.objects.count())

    with pytest.raises(CommandError, match="ничего не записано"):
        generate_command("--schools", "1", "--people", "10")

    after = (Organisation.objects.count(), Person.objects.count(), User.objects.count())
    assert after == before


def content(school_index: int) -> dict:
    """What the generated data says, without ids or moments of creation."""
    school = Organisation.objects.filter(kind="school").order_by("slug")[school_index]
    people = Person.objects.filter(organisation=school).order_by("search_text", "birth_date")
    groups = Group.objects.filter(organisation=school).order_by("starts_on", "mentor__person")
    return {
        "people": list(people.values_list("search_text", "kind", "birth_date", "grade")),
        "consents": sorted(
            Consent.objects.filter(person__organisation=school).values_list(
                "person__search_text", "kind", "given_on", "valid_until", "revoked_on"
            )
        ),
        "groups": [(g.mentor.person.full_name, g.status, g.form.name, g.starts_on) for g in groups],
        "items": sorted(
            PlanItem.objects.filter(programme__group__organisation=school).values_list(
                "programme__title", "order", "status", "deadline"
            )
        ),
        "orders": sorted(
            Order.objects.filter(organisation=school).values_list(
                "kind", "status", "number_text", "heading", "items"
            )
        ),
    }


def test_the_same_seed_makes_the_same_data(db):
    with transaction.atomic():
        scale_data.generate(schools=1, people=16, seed=7)
        first = content(0)
        transaction.set_rollback(True)
    data = scale_data.generate(schools=1, people=16, seed=7)
    assert content(0) == first
    scale_data.add_schools(data, schools=1, people=16, seed=8)
    assert content(1)["people"] != first["people"]


def test_grow_adds_people_and_what_grows_with_them(db):
    data = scale_data.generate(schools=2, people=16)
    school, other = data.schools

    def rows(school):
        return {
            "people": Person.objects.filter(organisation=school).count(),
            "mentees": MenteeEntry.objects.filter(person__organisation=school).count(),
            "mentors": MentorEntry.objects.filter(person__organisation=school).count(),
            "consents": Consent.objects.filter(person__organisation=school).count(),
            "groups": Group.objects.filter(organisation=school).count(),
            "programmes": Programme.objects.filter(group__organisation=school).count(),
            "items": PlanItem.objects.filter(programme__group__organisation=school).count(),
            "meetings": Meeting.objects.filter(programme__group__organisation=school).count(),
            "orders": Order.objects.filter(organisation=school).count(),
            "news": News.objects.filter(organisation=school).count(),
        }

    before, untouched = rows(school), rows(other)
    mentor = MentorEntry.objects.get(person__user=data.user("mentor"))
    groups_of_mentor = mentor.groups.count()

    scale_data.grow(school, people=48)

    after = rows(school)
    assert after["people"] == before["people"] + 48
    assert all(after[kind] > before[kind] for kind in before), (before, after)
    assert rows(other) == untouched
    assert mentor.groups.count() > groups_of_mentor
    numbers = Order.objects.filter(organisation=school, status="signed")
    numbers = numbers.values_list("journal_year", "number")
    assert len(set(numbers)) == len(numbers)


def test_generated_orders_and_personas_pages_render(db):
    data = scale_data.generate(schools=2, people=16)
    school = data.schools[1]
    order = Order.objects.filter(organisation=school, status="signed").first()
    curator = Client()
    curator.force_login(data.user("curator", 1))
    # A generated signed order has no stored file: its PDF is drawn from the snapshot.
    response = curator.get(reverse("roadmap:order_pdf", args=[school.slug, order.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert curator.get(order.get_absolute_url()).status_code == 200
    mentee = Client()
    mentee.force_login(data.user("mentee", 1))
    assert mentee.get(reverse("roadmap:dashboard", args=[school.slug])).status_code == 200
    director = Client()
    director.force_login(data.user("director", 1))
    assert director.get(reverse("roadmap:order_list", args=[school.slug])).status_code == 200
    public = reverse("public:index", args=[school.slug])
    assert Client().get(public).status_code == 200
