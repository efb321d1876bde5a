import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.models import (
    AnswerStatus,
    MentorQuestionnaire,
    PersonalLink,
    ProfessionalRequest,
    Topic,
)
from registry.models.links import hash_token
from registry.services.selfservice import LinkNotUsable, personal_link_submit
from tests.factories import PersonFactory, TopicFactory

REQUEST_ANSWERS = {
    "difficulties": "Не получается выстроить работу с родителями пятиклассников.",
    "wishes": "Учитель русского языка, встречи после уроков.",
}
QUESTIONNAIRE_ANSWERS = {
    "motivation": "Двадцать лет в школе, хочу передать опыт молодым коллегам.",
    "experience": "Победитель муниципального конкурса «Учитель года».",
    "capacity": "3",
    "preferences": "Молодые учителя начальных классов.",
}


def link_url(token):
    return reverse("selfservice:personal_link", args=[token])


def issue(person, purpose=PersonalLink.Purpose.REQUESTS, days=14):
    return PersonalLink.issue(
        person=person, purpose=purpose, created_by=None, lifetime=datetime.timedelta(days=days)
    )


def messages_of(response):
    """The messages a response left for the next page, without rendering that page."""
    return [str(m) for m in get_messages(response.wsgi_request)]


# The curator creates and revokes links


def test_a_new_link_is_shown_once_in_full_and_only_its_hash_is_stored(curator_client, world):
    url = reverse("registry:link_create", args=[world.school.slug, world.person.pk])
    response = curator_client.post(url, {"purpose": "mentor_questionnaire", "days": "7"})

    link = world.person.personal_links.get(purpose=PersonalLink.Purpose.MENTOR_QUESTIONNAIRE)
    (message,) = messages_of(response)
    token = re.search(r"http://testserver/s/([\w-]+)/", message).group(1)
    assert "показана только сейчас" in message
    assert "Беловой И. П." in message
    assert link.token_hash == hash_token(token)
    assert token not in link.token_hash
    assert link.created_by == world.user("curator")
    assert link.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)
    assert response.url == world.person.get_absolute_url()
    # The next page shows it, and no page after that can.
    assert token in curator_client.get(reverse("home")).content.decode()
    assert token not in curator_client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("days", ["0", "61", "abc", ""])
def test_a_link_with_a_wrong_lifetime_is_not_created(curator_client, world, days):
    url = reverse("registry:link_create", args=[world.school.slug, world.person.pk])
    response = curator_client.post(url, {"purpose": "requests", "days": days})
    assert world.person.personal_links.count() == 1  # the world's own
    assert "Ссылка не создана" in messages_of(response)[0]


def test_no_link_is_created_for_an_anonymised_person(curator_client, world):
    world.person.anonymised_at = timezone.now()
    world.person.save(update_fields=["anonymised_at"])
    url = reverse("registry:link_create", args=[world.school.slug, world.person.pk])
    response = curator_client.post(url, {"purpose": "requests", "days": "14"})
    assert world.person.personal_links.count() == 1
    assert "обезличен" in messages_of(response)[0]


def test_revoking_a_link_stops_it(curator_client, world):
    url = reverse("registry:link_revoke", args=[world.school.slug, world.link.pk])
    response = curator_client.post(url)
    world.link.refresh_from_db()
    assert response.url == reverse(
        "registry:person_detail", args=[world.school.slug, world.person.pk]
    )
    assert world.link.revoked_at is not None
    assert curator_client.get(link_url(world.link_token)).status_code == 410


def test_a_person_or_link_of_another_school_cannot_be_reached(client, world):
    client.force_login(world.user("other_curator"))
    create = reverse("registry:link_create", args=[world.other_school.slug, world.person.pk])
    revoke = reverse("registry:link_revoke", args=[world.other_school.slug, world.link.pk])
    assert client.post(create, {"purpose": "requests", "days": "14"}).status_code == 404
    assert client.post(revoke).status_code == 404
    world.link.refresh_from_db()
    assert world.link.revoked_at is None
    assert world.person.personal_links.count() == 1


def test_the_person_page_partial_lists_links_with_their_state_and_forms(world):
    used, _ = issue(world.person, PersonalLink.Purpose.MENTOR_QUESTIONNAIRE)
    used.used_at = timezone.now()
    used.save()
    expired, _ = issue(world.person)
    PersonalLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    request = RequestFactory().get("/")
    html = render_to_string(
        "registry/_person_links.html",
        {
            "person": world.person,
            "links": world.person.personal_links.all(),
            "can_edit": True,
        },
        request=request,
    )
    assert "действует" in html
    assert "использована" in html
    assert "истекла" in html
    assert html.count("Отозвать") == 1  # only the usable link can be revoked
    assert 'for="id_link_purpose"' in html and 'for="id_link_days"' in html


# The public form behind a link


def test_the_link_opens_the_request_form_with_only_the_short_name_and_school(client, world):
    world.person.email = "belova@example.ru"
    world.person.phone = "+7 900 000-00-00"
    world.person.save()
    response = client.get(link_url(world.link_token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Белова И. П." in html
    assert world.school.short_name in html
    assert "Ирина" not in html
    assert "belova@example.ru" not in html and "900" not in html
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_the_request_form_offers_topics_grouped_by_area_and_no_other_schools(client, world):
    TopicFactory(organisation=world.other_school, name="Чужое направление")
    TopicFactory(area=Topic.Area.PARENTS, name="Родительский лекторий")
    html = client.get(link_url(world.link_token)).content.decode()
    assert "<legend" in html and "Работа с родителями" in html
    assert "Родительский лекторий" in html and world.topic.name in html
    assert "Чужое направление" not in html


def test_the_public_form_saves_a_request_and_uses_up_the_link(client, world):
    response = client.post(
        link_url(world.link_token), {**REQUEST_ANSWERS, "topics": [world.topic.pk]}
    )
    assert response.status_code == 200
    assert "Спасибо" in response.content.decode()
    request = world.person.professional_requests.get()
    assert request.source == ProfessionalRequest.Source.QUESTIONNAIRE
    assert request.status == AnswerStatus.NEW
    assert list(request.topics.all()) == [world.topic]
    assert request.wishes == REQUEST_ANSWERS["wishes"]
    world.link.refresh_from_db()
    assert world.link.used_at is not None


def test_a_second_submit_is_refused_and_saves_nothing(client, world):
    client.post(link_url(world.link_token), REQUEST_ANSWERS)
    again = client.post(link_url(world.link_token), REQUEST_ANSWERS)
    assert again.status_code == 410
    assert "уже использована" in again.content.decode()
    assert world.person.professional_requests.count() == 1


def test_a_submit_racing_another_saves_nothing(world):
    """The link was fetched as usable, but another submit used it before this one saved."""
    PersonalLink.objects.filter(pk=world.link.pk).update(used_at=timezone.now())
    with pytest.raises(LinkNotUsable):
        personal_link_submit(link=world.link, difficulties="Вторая отправка.")
    assert not world.person.professional_requests.exists()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, "истекла"),
        ({"revoked_at": timezone.now()}, "отозвана"),
    ],
)
def test_an_expired_or_revoked_link_is_gone_and_saves_nothing(client, world, change, words):
    PersonalLink.objects.filter(pk=world.link.pk).update(**change)
    for response in (
        client.get(link_url(world.link_token)),
        client.post(link_url(world.link_token), REQUEST_ANSWERS),
    ):
        assert response.status_code == 410
        assert words in response.content.decode()
        assert "новую ссылку" in response.content.decode()
    assert not world.person.professional_requests.exists()


@pytest.mark.parametrize("token", ["nope", "x" * 300, "%00", "..", "'; DROP"])
def test_an_unknown_token_is_not_found(client, world, token):
    assert client.get(f"/s/{token}/").status_code == 404
    assert client.post(f"/s/{token}/", REQUEST_ANSWERS).status_code == 404


def test_a_link_of_an_anonymised_person_is_not_found(client, world):
    world.person.anonymised_at = timezone.now()
    world.person.save(update_fields=["anonymised_at"])
    assert client.get(link_url(world.link_token)).status_code == 404


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Обязательное поле."),
        ({"difficulties": "   "}, "Обязательное поле."),
        ({"difficulties": "я" * 3001}, "не более 3000 символов"),
        ({"difficulties": "Текст", "topics": ["abc"]}, "является неверным значением"),
        ({"difficulties": "Текст", "topics": ["999999"]}, "Выберите корректный вариант"),
        ({"difficulties": "Текст\x00"}, "ноль-байт"),
    ],
)
def test_invalid_answers_are_shown_again_with_russian_errors(client, world, data, error):
    response = client.post(link_url(world.link_token), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not world.person.professional_requests.exists()
    world.link.refresh_from_db()
    assert world.link.used_at is None


def test_a_topic_of_another_school_cannot_be_submitted(client, world):
    foreign = TopicFactory(organisation=world.other_school)
    response = client.post(link_url(world.link_token), {**REQUEST_ANSWERS, "topics": [foreign.pk]})
    assert "Выберите корректный вариант" in response.content.decode()
    assert not world.person.professional_requests.exists()


def test_a_mentor_questionnaire_link_saves_a_questionnaire(client, world):
    person = PersonFactory(organisation=world.school, last_name="Орлова")
    link, token = issue(person, PersonalLink.Purpose.MENTOR_QUESTIONNAIRE)
    page = client.get(link_url(token)).content.decode()
    assert "Почему вы хотите стать наставником" in page
    response = client.post(
        link_url(token), {**QUESTIONNAIRE_ANSWERS, "competencies": [world.topic.pk]}
    )
    assert response.status_code == 200
    answer = MentorQuestionnaire.objects.get(person=person)
    assert answer.status == AnswerStatus.NEW
    assert answer.capacity == 3
    assert list(answer.competencies.all()) == [world.topic]
    assert not person.professional_requests.exists()
    link.refresh_from_db()
    assert link.used_at is not None


@pytest.mark.parametrize("capacity", ["0", "11", "много", "99999999999999999999999"])
def test_a_questionnaire_with_a_wrong_capacity_is_shown_again(client, world, capacity):
    person = PersonFactory(organisation=world.school)
    _link, token = issue(person, PersonalLink.Purpose.MENTOR_QUESTIONNAIRE)
    response = client.post(link_url(token), {**QUESTIONNAIRE_ANSWERS, "capacity": capacity})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not MentorQuestionnaire.objects.filter(person=person).exists()


# Logged in: the forms about oneself


def test_my_requests_lists_and_saves_the_own_persons_requests(client, world):
    mentee = world.people["mentee"]
    client.force_login(world.user("mentee"))
    url = reverse("registry:my_requests", args=[world.school.slug])
    page = client.get(url)
    assert world.professional_request.difficulties in page.content.decode()

    response = client.post(url, {**REQUEST_ANSWERS, "person": world.person.pk})
    assert response.status_code == 302
    assert mentee.professional_requests.count() == 2
    newest = mentee.professional_requests.latest("pk")
    assert newest.source == ProfessionalRequest.Source.QUESTIONNAIRE
    assert newest.status == AnswerStatus.NEW
    assert not world.person.professional_requests.exists()


def test_my_requests_does_not_show_other_peoples_requests(client, world):
    client.force_login(world.user("mentor"))
    page = client.get(reverse("registry:my_requests", args=[world.school.slug]))
    assert world.professional_request.difficulties not in page.content.decode()


def test_my_requests_shows_errors_in_russian(client, world):
    client.force_login(world.user("mentee"))
    response = client.post(reverse("registry:my_requests", args=[world.school.slug]), {})
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()


def test_my_mentor_questionnaire_saves_for_the_own_person_only(client, world):
    mentor = world.people["mentor"]
    client.force_login(world.user("mentor"))
    url = reverse("registry:my_mentor_questionnaire", args=[world.school.slug])
    response = client.post(
        url, {**QUESTIONNAIRE_ANSWERS, "competencies": [world.topic.pk], "person": world.person.pk}
    )
    assert response.status_code == 302
    answer = mentor.mentor_questionnaires.get()
    assert answer.capacity == 3
    assert world.person.mentor_questionnaires.count() == 1  # the world's own, untouched
    page = client.get(url).content.decode()
    assert "Мои анкеты" in page and "Новый" in page


def test_a_member_without_a_person_record_cannot_fill_the_forms(client, world):
    client.force_login(world.user("coordinator"))
    assert client.get(reverse("registry:my_requests", args=[world.school.slug])).status_code == 403
    response = client.post(
        reverse("registry:my_mentor_questionnaire", args=[world.school.slug]),
        QUESTIONNAIRE_ANSWERS,
    )
    assert response.status_code == 403


# Text a browser can send: anything but lone surrogates, which no UTF-8 form can carry.
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=3100)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    purpose=st.sampled_from(PersonalLink.Purpose.values),
    data=st.dictionaries(
        st.sampled_from(
            [
                "topics",
                "difficulties",
                "wishes",
                "motivation",
                "competencies",
                "experience",
                "capacity",
                "preferences",
            ]
        ),
        any_text,
    ),
)
def test_no_answer_breaks_the_public_form(client, world, purpose, data):
    _link, token = issue(world.person, purpose)
    response = client.post(link_url(token), data)
    assert response.status_code == 200
