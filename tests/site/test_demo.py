import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils.timezone import localdate as today

from mentoring_site.school_year import SchoolYear
from programmes.models import Group, Programme
from registry.demo import DEMO_PASSWORD, LOGINS
from registry.models import Consent, Membership, MenteeEntry, MentorEntry, Organisation, Person
from roadmap.attention import organisation_attention
from roadmap.models import Activity, NormativeDocument, Order, RegulationVersion, Roadmap


@override_settings(DEBUG=False)
def test_the_demo_refuses_to_load_without_debug_or_the_flag(db):
    with pytest.raises(CommandError, match="--yes-demo"):
        call_command("load_demo")
    assert not Organisation.objects.exists()


DEMO_MODELS = [
    Organisation,
    Person,
    Membership,
    Consent,
    MenteeEntry,
    MentorEntry,
    Group,
    Programme,
    Roadmap,
    Activity,
    Order,
    RegulationVersion,
    NormativeDocument,
]


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("load_demo", "--yes-demo")
    counts = [model.objects.count() for model in DEMO_MODELS]
    history = Person.history.count()
    call_command("load_demo", "--yes-demo")
    assert counts == [model.objects.count() for model in DEMO_MODELS]
    assert Person.history.count() == history
    assert counts[0] == 3


def test_the_demo_shows_groups_in_every_state(db):
    call_command("load_demo", "--yes-demo")
    assert set(Group.objects.values_list("status", flat=True)) == set(Group.Status.values)
    assert Programme.objects.filter(status=Programme.Status.COMPLETED, is_best_practice=True)


def test_the_demo_governs_itself_by_a_roadmap_orders_and_the_polozhenie(db):
    call_command("load_demo", "--yes-demo")
    roadmap = Roadmap.objects.get()
    assert roadmap.is_approved
    statuses = set(Activity.objects.filter(stage__roadmap=roadmap).values_list("status", flat=True))
    assert statuses == set(Activity.Status.values)
    assert Activity.objects.overdue().exists()
    signed = Order.objects.filter(status=Order.Status.SIGNED)
    assert set(signed.values_list("kind", flat=True)) == set(Order.Kind.values)
    assert all(order.pdf for order in signed)
    numbers = list(signed.order_by("signed_on", "number").values_list("number", flat=True))
    assert numbers == sorted(numbers), "the journal's numbers follow the dates"
    assert Order.objects.filter(status=Order.Status.SENT).count() == 1
    assert RegulationVersion.objects.get().is_approved


def test_every_printed_demo_login_works(db, capsys):
    call_command("load_demo", "--yes-demo")
    printed = capsys.readouterr().out
    for login in LOGINS:
        assert login.username in printed
        client = Client()
        response = client.post("/login/", {"username": login.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, login.username
        assert client.get("/").status_code == 200


def test_the_demo_authority_has_two_schools_with_directors(db):
    call_command("load_demo", "--yes-demo")
    authority = Organisation.objects.get(kind=Organisation.Kind.AUTHORITY)
    schools = authority.children.all()
    assert schools.count() == 2
    assert all(school.director for school in schools)


def test_the_demo_dashboard_has_something_to_attend_to(db):
    call_command("load_demo", "--yes-demo")
    school = Organisation.objects.get(slug="zarechnaya-school-1")
    attention = organisation_attention([school])[school.pk]
    for key in ("overdue_activities", "expiring_consents", "waiting_mentees", "awaiting_orders"):
        assert attention.section(key).items, key
    year_start = SchoolYear.current().starts_on
    if today() - year_start > datetime.timedelta(days=45):
        assert attention.section("stalled_programmes").items
