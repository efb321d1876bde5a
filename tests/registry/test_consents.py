import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from mentoring_site.uploads import validate_scan
from registry.models import Consent, MenteeEntry, Person, has_valid_consent
from registry.services.banks import mentee_enrol
from registry.services.consents import (
    consent_record,
    consent_revoke,
    people_without_personal_data_consent,
    person_anonymise,
)
from tests.conftest import MINIMAL_PDF, give_consent
from tests.factories import MenteeEntryFactory, PersonFactory

DAY = datetime.timedelta(days=1)


def image_bytes(format_name):
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), "white").save(buffer, format_name)
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def create_url(world, person=None, kind=None):
    url = reverse("registry:consent_create", args=[world.school.slug, (person or world.person).pk])
    return f"{url}?kind={kind}" if kind else url


def form_data(today, **fields):
    return {"kind": "personal_data", "given_on": today.isoformat(), "note": "", **fields}


@pytest.fixture
def minor(world, today):
    return PersonFactory(
        organisation=world.school,
        last_name="Зайцев",
        first_name="Артём",
        middle_name="Кириллович",
        gender=Person.Gender.MALE,
        kind=Person.Kind.STUDENT,
        birth_date=today.replace(year=today.year - 12),
        grade="6 А",
        representative_name="Зайцева Ольга Викторовна",
        representative_relation="мать",
    )


# Recording


@pytest.mark.parametrize("kind", ["personal_data", "publication", "duties", "representative"])
def test_the_curator_records_each_kind_of_consent(curator_client, world, today, minor, kind):
    person = minor if kind == "representative" else world.person
    data = form_data(today, kind=kind, published_fields=["full_name", "position"])
    response = curator_client.post(create_url(world, person), data)
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    consent = person.consents.filter(kind=kind).latest("pk")
    assert consent.given_on == today
    assert consent.is_valid()
    assert consent.recorded_by == world.user("curator")
    assert consent.history.get().history_user == world.user("curator")


def test_the_kind_is_preselected_from_the_address(curator_client, world):
    response = curator_client.get(create_url(world, kind="duties"))
    assert response.context["form"]["kind"].value() == "duties"
    assert 'value="duties" selected' in response.content.decode()


def test_a_publication_consent_needs_at_least_one_published_field(curator_client, world, today):
    response = curator_client.post(create_url(world), form_data(today, kind="publication"))
    assert response.status_code == 200
    assert "Отметьте хотя бы одно сведение" in response.content.decode()
    assert not world.person.consents.filter(kind="publication").exists()


def test_published_fields_are_ignored_for_other_kinds(curator_client, world, today):
    curator_client.post(
        create_url(world), form_data(today, kind="duties", published_fields=["phone"])
    )
    assert world.person.consents.get(kind="duties").published_fields == []


def test_a_representatives_consent_needs_the_representative_named(curator_client, world, today):
    response = curator_client.post(create_url(world), form_data(today, kind="representative"))
    assert response.status_code == 200
    assert "законного представителя подписывает представитель" in response.content.decode()
    assert not world.person.consents.filter(kind="representative").exists()


def test_a_consent_cannot_end_before_it_was_signed(curator_client, world, today):
    data = form_data(today, kind="duties", valid_until=(today - DAY).isoformat())
    response = curator_client.post(create_url(world), data)
    assert "не может закончиться раньше дня подписания" in response.content.decode()
    assert not world.person.consents.filter(kind="duties").exists()


def test_the_service_refuses_what_the_form_would(world, today):
    with pytest.raises(ValidationError) as error:
        consent_record(
            person=world.person,
            kind=Consent.Kind.PUBLICATION,
            recorded_by=None,
            given_on=today,
            published_fields=["shoe_size"],
        )
    assert "published_fields" in error.value.message_dict


def test_an_edit_changes_dates_and_fields_but_not_the_kind(curator_client, world, today):
    consent = give_consent(world.person, Consent.Kind.PUBLICATION, published_fields=["full_name"])
    url = reverse("registry:consent_edit", args=[world.school.slug, consent.pk])
    data = {
        "kind": "duties",
        "given_on": (today - 3 * DAY).isoformat(),
        "valid_until": (today + 400 * DAY).isoformat(),
        "published_fields": ["full_name", "email"],
        "note": "Подписано на собрании",
    }
    assert curator_client.post(url, data).status_code == 302
    consent.refresh_from_db()
    assert consent.kind == Consent.Kind.PUBLICATION
    assert consent.given_on == today - 3 * DAY
    assert consent.published_fields == ["full_name", "email"]
    assert consent.note == "Подписано на собрании"


# Revocation


def revoke_url(world, consent=None):
    return reverse(
        "registry:consent_revoke", args=[world.school.slug, (consent or world.consent).pk]
    )


def test_the_revocation_page_proposes_today(curator_client, world, today):
    response = curator_client.get(revoke_url(world))
    assert response.context["form"]["revoked_on"].value() == today
    assert "Отзыв действует сразу и везде" in response.content.decode()


def test_a_revoked_consent_closes_the_bank_gate_at_once(curator_client, world, today):
    person = world.person
    assert has_valid_consent(person, Consent.Kind.PERSONAL_DATA)
    response = curator_client.post(
        revoke_url(world), {"revoked_on": today.isoformat(), "note": "Заявление от сегодня"}
    )
    assert response.status_code == 302
    world.consent.refresh_from_db()
    assert world.consent.state() == Consent.State.REVOKED
    assert world.consent.revocation_note == "Заявление от сегодня"
    person = Person.objects.get(pk=person.pk)
    assert not has_valid_consent(person, Consent.Kind.PERSONAL_DATA)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        mentee_enrol(person=person, category=MenteeEntry.Category.OTHER, created_by=None)
    assert not MenteeEntry.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "не может быть в будущем"), (-31, "не может быть отозвано раньше, чем подписано")],
)
def test_a_revocation_date_must_lie_between_signing_and_today(
    curator_client, world, today, days, message
):
    revoked_on = (today + days * DAY).isoformat()
    response = curator_client.post(revoke_url(world), {"revoked_on": revoked_on, "note": "x"})
    assert message in response.content.decode()
    world.consent.refresh_from_db()
    assert world.consent.revoked_on is None


def test_a_revocation_needs_its_ground(curator_client, world, today):
    response = curator_client.post(revoke_url(world), {"revoked_on": today.isoformat()})
    assert response.status_code == 200
    world.consent.refresh_from_db()
    assert world.consent.revoked_on is None


def test_a_revoked_consent_cannot_be_edited_and_says_why(curator_client, world, today):
    consent_revoke(consent=world.consent, revoked_on=today, note="Заявление")
    url = reverse("registry:consent_edit", args=[world.school.slug, world.consent.pk])
    response = curator_client.post(url, {"given_on": "2020-01-01", "note": "x"}, follow=True)
    assert "изменить его нельзя" in response.content.decode()
    world.consent.refresh_from_db()
    assert world.consent.given_on != datetime.date(2020, 1, 1)


def test_a_revoked_consent_cannot_be_revoked_again(world, today):
    consent_revoke(consent=world.consent, revoked_on=today, note="Заявление")
    with pytest.raises(ValidationError, match="уже отозвано"):
        consent_revoke(consent=world.consent, revoked_on=today, note="Ещё раз")


def test_a_new_consent_after_a_revoked_one_restores_the_gate(world, today):
    consent_revoke(consent=world.consent, revoked_on=today - DAY, note="Заявление")
    consent_record(
        person=world.person, kind=Consent.Kind.PERSONAL_DATA, recorded_by=None, given_on=today
    )
    assert has_valid_consent(Person.objects.get(pk=world.person.pk), Consent.Kind.PERSONAL_DATA)


# States and the register


@pytest.fixture
def one_of_each_state(world, today):
    """Duties consents of the school's person in every state, by state."""
    kind = Consent.Kind.DUTIES
    return {
        "valid": give_consent(world.person, kind, given_on=today - 10 * DAY),
        "expiring": give_consent(
            world.person, kind, given_on=today - 300 * DAY, valid_until=today + 10 * DAY
        ),
        "expired": give_consent(
            world.person, kind, given_on=today - 400 * DAY, valid_until=today - DAY
        ),
        "revoked": give_consent(
            world.person, kind, given_on=today - 20 * DAY, revoked_on=today - DAY
        ),
        "pending": give_consent(world.person, kind, given_on=today + 5 * DAY),
    }


def test_each_consent_reports_its_state_from_its_dates(one_of_each_state):
    assert {name: c.state() for name, c in one_of_each_state.items()} == {
        "valid": "valid",
        "expiring": "expiring",
        "expired": "expired",
        "revoked": "revoked",
        "pending": "pending",
    }


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("valid", {"valid", "expiring"}),
        ("expiring", {"expiring"}),
        ("expired", {"expired"}),
        ("revoked", {"revoked"}),
        ("pending", {"pending"}),
    ],
)
def test_the_register_filters_by_state(curator_client, world, one_of_each_state, state, expected):
    response = curator_client.get(
        reverse("registry:consent_list", args=[world.school.slug]),
        {"state": state, "kind": "duties"},
    )
    # The world's mentor has a duties consent of their own: look at world.person's only.
    found = {c.pk for c in response.context["page"].object_list if c.person_id == world.person.pk}
    assert found == {one_of_each_state[name].pk for name in expected}


def test_the_register_shows_states_in_words(curator_client, world, one_of_each_state):
    html = curator_client.get(reverse("registry:consent_list", args=[world.school.slug])).content
    for word in ["действует", "скоро истекает", "истекло", "отозвано", "ещё не вступило в силу"]:
        assert word in html.decode()


def test_the_register_searches_by_person_and_keeps_to_its_school(curator_client, world):
    stranger = PersonFactory(organisation=world.other_school, last_name="Белова")
    give_consent(stranger)
    response = curator_client.get(
        reverse("registry:consent_list", args=[world.school.slug]), {"q": "белова ирина"}
    )
    assert [c.pk for c in response.context["page"].object_list] == [world.consent.pk]


def test_the_register_is_paginated_newest_first(curator_client, world, today):
    for days in range(30):
        give_consent(world.person, Consent.Kind.DUTIES, given_on=today - days * DAY)
    url = reverse("registry:consent_list", args=[world.school.slug])
    page = curator_client.get(url, {"kind": "duties"}).context["page"]
    assert len(page.object_list) == 25
    dates = [c.given_on for c in page.object_list]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == today


def make_consents(world, count):
    for number in range(count):
        person = PersonFactory(organisation=world.school, last_name=f"Иванов{number}")
        give_consent(person, recorded_by=world.user("curator"))


def list_queries(client, world):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registry:consent_list", args=[world.school.slug]))
    assert response.status_code == 200
    return len(queries)


def test_the_register_costs_the_same_queries_for_5_and_200_consents(curator_client, world):
    make_consents(world, 5)
    few = list_queries(curator_client, world)
    make_consents(world, 195)
    assert list_queries(curator_client, world) == few


def test_people_without_consent_are_counted_and_listed(curator_client, world, minor, today):
    no_consent = PersonFactory(organisation=world.school, last_name="Безсогласия")
    give_consent(minor, Consent.Kind.PERSONAL_DATA)  # a child's own signature is not enough
    url = reverse("registry:consent_list", args=[world.school.slug])
    assert curator_client.get(url).context["missing_count"] == 2
    response = curator_client.get(url, {"show": "missing"})
    listed = {p.pk for p in response.context["page"].object_list}
    assert listed == {no_consent.pk, minor.pk}
    assert "ПДн: нет" in response.content.decode()
    give_consent(minor, Consent.Kind.REPRESENTATIVE)
    assert set(people_without_personal_data_consent(world.school.people.all())) == {no_consent}


def test_an_adult_whose_birth_date_is_unknown_signs_for_themselves(world):
    adult = PersonFactory(organisation=world.school, birth_date=None)
    give_consent(adult, Consent.Kind.PERSONAL_DATA)
    assert adult not in people_without_personal_data_consent(world.school.people.all())


# Badges


def badges(person):
    return Template("{% load consents %}{% consent_badges person %}").render(
        Context({"person": person})
    )


def test_badges_name_each_state_in_words(world, today, minor):
    give_consent(world.person, Consent.Kind.PUBLICATION, published_fields=["full_name"])
    give_consent(world.person, Consent.Kind.DUTIES, revoked_on=today)
    html = badges(world.person)
    assert "ПДн: действует" in html
    assert "Публикация: действует" in html
    assert "Наставничество: отозвано" in html
    assert "text-bg-success" in html and "text-bg-danger" in html
    child = badges(minor)
    assert "ПДн (представитель): нет" in child
    assert "Наставничество" not in child


def test_badges_of_a_prefetched_list_cost_no_query_per_person(world):
    people = list(world.school.people.prefetch_related("consents"))
    with CaptureQueriesContext(connection) as queries:
        for person in people:
            badges(person)
    assert len(queries) == 0


# Scans


def test_validate_scan_tells_the_type_by_content_not_by_name():
    assert validate_scan(upload("скан.jpg", MINIMAL_PDF)) == "application/pdf"
    assert validate_scan(upload("скан.pdf", image_bytes("PNG"))) == "image/png"
    assert validate_scan(upload("скан.png", image_bytes("JPEG"))) == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("скан.pdf", b"This is not a PDF at all", "Файл не похож на PDF, JPEG или PNG"),
        ("скан.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "Файл не похож на PDF, JPEG или PNG"),
        ("скан.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "Файл больше 5 МБ"),
    ],
)
def test_a_bad_scan_is_refused_and_nothing_is_saved(
    curator_client, world, today, name, content, message
):
    data = form_data(today, kind="duties", scan=upload(name, content))
    response = curator_client.post(create_url(world), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not world.person.consents.filter(kind="duties").exists()


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (MINIMAL_PDF, "application/pdf", ".pdf"),
        (image_bytes("PNG"), "image/png", ".png"),
        (image_bytes("JPEG"), "image/jpeg", ".jpg"),
    ],
)
def test_a_real_scan_is_stored_with_the_type_of_its_content(
    curator_client, world, today, content, content_type, extension
):
    # Every upload is named .pdf: the name must not matter.
    data = form_data(today, kind="duties", scan=upload("скан.pdf", content))
    assert curator_client.post(create_url(world), data).status_code == 302
    consent = world.person.consents.get(kind="duties")
    assert consent.scan_content_type == content_type
    assert consent.scan.name.endswith(extension)
    assert consent.scan.read() == content


def test_a_replaced_scan_file_is_deleted(
    curator_client, world, today, django_capture_on_commit_callbacks
):
    old = world.consent.scan.name
    url = reverse("registry:consent_edit", args=[world.school.slug, world.consent.pk])
    data = {"given_on": world.consent.given_on.isoformat(), "note": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(url, {**data, "scan": upload("x.png", image_bytes("PNG"))})
    assert response.status_code == 302
    world.consent.refresh_from_db()
    assert world.consent.scan_content_type == "image/png"
    assert not world.consent.scan.storage.exists(old)
    assert world.consent.scan.storage.exists(world.consent.scan.name)


def test_the_scan_is_served_inline_privately_with_its_stored_type(client, world):
    client.force_login(world.user("director"))
    response = client.get(
        reverse("registry:consent_scan", args=[world.school.slug, world.consent.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_a_consent_without_a_scan_has_no_scan_page(curator_client, world):
    consent = give_consent(world.person, Consent.Kind.DUTIES)
    url = reverse("registry:consent_scan", args=[world.school.slug, consent.pk])
    assert curator_client.get(url).status_code == 404


def test_a_scan_never_gets_a_public_link(curator_client, world):
    url = reverse("registry:consent_edit", args=[world.school.slug, world.consent.pk])
    html = curator_client.get(url).content.decode()
    assert world.consent.scan.name not in html
    assert reverse("registry:consent_scan", args=[world.school.slug, world.consent.pk]) in html


# Anonymisation


@pytest.fixture
def anonymised(world, django_capture_on_commit_callbacks):
    """The school's person, with a bank entry and a publication consent, anonymised."""
    world.person.email = "belova@example.ru"
    world.person.representative_name = "Белов Пётр Ильич"
    world.person.name_genitive = "Беловой Ирины Петровны"
    world.person.save()
    MenteeEntryFactory(person=world.person)
    give_consent(world.person, Consent.Kind.PUBLICATION, published_fields=["full_name"])
    scan = world.consent.scan.name
    with django_capture_on_commit_callbacks(execute=True):
        person = person_anonymise(person=world.person, by=world.user("curator"))
    return person, scan


def test_anonymisation_removes_the_name_everywhere_it_was_kept(world, anonymised):
    person, _scan = anonymised
    assert person.full_name == f"Участник № {person.pk}"
    assert person.gender == Person.Gender.FEMALE
    assert person.is_anonymised
    assert (person.email, person.representative_name, person.name_genitive) == ("", "", "")
    assert person.user is None
    versions = list(person.history.values())
    assert len(versions) >= 3
    for version in versions:
        text = " ".join(str(value) for value in version.values())
        for trace in ["Белова", "Ирина", "Петровна", "belova@", "Белов Пётр", "Беловой"]:
            assert trace not in text
    assert not world.school.people.search("белова").exists()
    assert world.school.people.search("участник").get() == person


def test_anonymisation_keeps_the_records_and_deletes_the_scans(world, anonymised):
    person, scan = anonymised
    assert MenteeEntry.objects.filter(person=person).exists()
    kinds = sorted(person.consents.values_list("kind", flat=True))
    assert kinds == ["personal_data", "publication"]
    assert not Consent.objects.filter(person=person).exclude(scan="").exists()
    assert not Consent.history.filter(person_id=person.pk).exclude(scan="").exists()
    assert not world.consent.scan.storage.exists(scan)


def test_anonymising_twice_changes_nothing(world, anonymised):
    person, _scan = anonymised
    versions = person.history.count()
    again = person_anonymise(person=person, by=world.user("curator"))
    assert again.anonymised_at == person.anonymised_at
    assert person.history.count() == versions


def test_the_anonymisation_page_explains_then_acts(curator_client, world):
    url = reverse("registry:person_anonymise", args=[world.school.slug, world.person.pk])
    assert "нельзя отменить" in curator_client.get(url).content.decode()
    response = curator_client.post(url, follow=True)
    assert "Данные участника обезличены" in response.content.decode()
    world.person.refresh_from_db()
    assert world.person.is_anonymised
    assert world.person.history.first().history_user == world.user("curator")


def test_no_consent_is_recorded_or_edited_for_an_anonymised_person(
    curator_client, world, today, anonymised
):
    response = curator_client.post(create_url(world), form_data(today), follow=True)
    assert "обезличены" in response.content.decode()
    assert world.person.consents.count() == 2
    url = reverse("registry:consent_edit", args=[world.school.slug, world.consent.pk])
    assert curator_client.get(url).status_code == 302


def test_the_person_consents_section_offers_no_changes_once_anonymised(world, anonymised):
    person, _scan = anonymised
    person.organisation = world.school
    html = render_to_string(
        "registry/_person_consents.html",
        {"person": person, "consents": person.consents.all(), "can_edit": True},
    )
    assert "обезличены" in html
    assert "Записать" not in html
    assert "Изменить" not in html
    assert "Отозвать" in html  # a revocation is still the person's right


def test_the_person_consents_section_offers_the_kinds_that_apply(world, minor):
    html = render_to_string(
        "registry/_person_consents.html",
        {"person": minor, "consents": minor.consents.all(), "can_edit": True},
    )
    assert "?kind=representative" in html
    assert "?kind=publication" in html
    assert "?kind=duties" not in html
    assert "/consent-form/representative/" in html
