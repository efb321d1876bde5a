import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from registry.demo import DEMO_PASSWORD, LOGINS
from registry.models import Membership, Organisation, Person


@override_settings(DEBUG=False)
def test_the_demo_refuses_to_load_without_debug_or_the_flag(db):
    with pytest.raises(CommandError, match="--yes-demo"):
        call_command("load_demo")
    assert not Organisation.objects.exists()


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("load_demo", "--yes-demo")
    counts = (Organisation.objects.count(), Person.objects.count(), Membership.objects.count())
    call_command("load_demo", "--yes-demo")
    assert counts == (
        Organisation.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )
    assert counts[0] == 3


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
