from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Person
from tests.conftest import give_consent
from tests.factories import PersonFactory

VALID = {
    "last_name": "  Зайцев ",
    "first_name": "Кирилл",
    "middle_name": "Андреевич",
    "gender": "male",
    "kind": "staff",
    "position": "учитель информатики",
    "email": "zaytsev@example.ru",
    "phone": "",
}


def test_the_curator_adds_a_person_to_their_school(curator_client, world):
    response = curator_client.post(
        reverse("registry:person_create", args=[world.school.slug]), VALID
    )
    person = Person.objects.get(last_name="Зайцев")
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    assert person.organisation == world.school
    assert person.short_name == "Зайцев К. А."


def test_a_person_without_a_name_or_gender_is_refused_in_russian(curator_client, world):
    response = curator_client.post(
        reverse("registry:person_create", args=[world.school.slug]),
        {**VALID, "last_name": "", "gender": ""},
    )
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    assert not Person.objects.filter(first_name="Кирилл").exists()


def test_an_edit_changes_the_person_and_keeps_a_history(curator_client, world):
    url = reverse("registry:person_edit", args=[world.school.slug, world.person.pk])
    data = {**VALID, "last_name": "Белова-Смирнова", "first_name": "Ирина", "gender": "female"}
    curator_client.post(url, data)
    world.person.refresh_from_db()
    assert world.person.last_name == "Белова-Смирнова"
    assert world.person.history.count() == 2
    assert world.person.history.first().history_user == world.user("curator")


def test_a_person_cannot_be_moved_to_another_school_by_a_form(curator_client, world):
    url = reverse("registry:person_edit", args=[world.school.slug, world.person.pk])
    curator_client.post(url, {**VALID, "organisation": world.other_school.pk})
    world.person.refresh_from_db()
    assert world.person.organisation == world.school


def test_the_list_searches_every_word_in_names_and_positions(curator_client, world):
    PersonFactory(organisation=world.school, last_name="Савельев", position="учитель физики")
    PersonFactory(organisation=world.school, last_name="Савельева", position="библиотекарь")
    response = curator_client.get(
        reverse("registry:person_list", args=[world.school.slug]), {"q": "савельев физики"}
    )
    names = [p.last_name for p in response.context["page"].object_list]
    assert names == ["Савельев"]


def test_the_list_shows_only_the_schools_own_people(curator_client, world):
    PersonFactory(organisation=world.other_school, last_name="Чужой")
    response = curator_client.get(reverse("registry:person_list", args=[world.school.slug]))
    assert "Чужой" not in response.content.decode()
    assert "Белова Ирина Петровна" in response.content.decode()


def test_the_list_is_paginated_and_keeps_the_filter_in_page_links(curator_client, world):
    PersonFactory.create_batch(30, organisation=world.school, kind=Person.Kind.STUDENT)
    url = reverse("registry:person_list", args=[world.school.slug])
    response = curator_client.get(url, {"kind": "student"})
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"].object_list) == 25
    assert "kind=student&amp;page=2" in response.content.decode()
    assert len(curator_client.get(url, {"kind": "student", "page": 2}).context["page"]) == 5


def test_a_page_number_out_of_range_shows_the_last_page(curator_client, world):
    url = reverse("registry:person_list", args=[world.school.slug])
    assert curator_client.get(url, {"page": "999"}).status_code == 200
    assert curator_client.get(url, {"page": "abc"}).status_code == 200


def test_the_people_list_runs_as_many_queries_for_100_people_as_for_5(curator_client, world):
    url = reverse("registry:person_list", args=[world.school.slug])

    def queries_with(count):
        existing = Person.objects.filter(organisation=world.school).count()
        for person in PersonFactory.create_batch(count - existing, organisation=world.school):
            give_consent(person)
        with CaptureQueriesContext(connection) as context:
            response = curator_client.get(url, {"page": 1})
        assert response.status_code == 200
        return len(context)

    assert queries_with(5) == queries_with(100)


def test_the_settings_page_saves_the_print_settings(client, world):
    client.force_login(world.user("director"))
    director = PersonFactory(organisation=world.school, last_name="Миронов")
    response = client.post(
        reverse("registry:organisation_settings", args=[world.school.slug]),
        {
            "name": world.school.name,
            "short_name": world.school.short_name,
            "director": director.pk,
            "header": "РОССИЙСКАЯ ФЕДЕРАЦИЯ\n\nМБОУ СОШ № 1",
            "header_second_language": "РОССИИ ФЕДЕРАЦИ",
            "place": "с. Илсхан-Юрт",
            "order_suffix": "-од",
        },
    )
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.director == director
    assert world.school.header_lines == ["РОССИЙСКАЯ ФЕДЕРАЦИЯ", "МБОУ СОШ № 1"]
    assert world.school.header_second_language_lines == ["РОССИИ ФЕДЕРАЦИ"]


def test_the_director_must_be_someone_of_the_school(client, world):
    client.force_login(world.user("director"))
    stranger = PersonFactory(organisation=world.other_school)
    response = client.post(
        reverse("registry:organisation_settings", args=[world.school.slug]),
        {"name": "x", "short_name": "x", "director": stranger.pk, "order_suffix": "-од"},
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()


def test_search_ignores_case_and_the_letter_yo(curator_client, world):
    PersonFactory(organisation=world.school, last_name="Королёва", first_name="Наталья")
    url = reverse("registry:person_list", args=[world.school.slug])
    for text in ["королева", "КОРОЛЁВА", "Наталья Королева"]:
        names = [p.last_name for p in curator_client.get(url, {"q": text}).context["page"]]
        assert names == ["Королёва"], text


def test_the_list_is_in_alphabetical_order_with_yo_in_its_place(curator_client, world):
    for last_name in ["Яковлева", "Ёлкина", "Ежова", "Жукова"]:
        PersonFactory(organisation=world.school, last_name=last_name)
    url = reverse("registry:person_list", args=[world.school.slug])
    names = [p.last_name for p in curator_client.get(url).context["page"]]
    assert names.index("Ежова") < names.index("Ёлкина") < names.index("Жукова")
    assert names[-1] == "Яковлева"
