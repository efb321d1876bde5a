"""The curator's side of the public section: its settings, news and announcements with their
illustrations, and the results of completed programmes published on the site."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programmes.models import Group, Programme
from registry.models import Consent
from roadmap.models import News, PublicSection
from roadmap.services.publishing import publication_note
from tests.conftest import MINIMAL_PDF, give_consent, tiny_png
from tests.factories import GroupFactory, MenteeEntryFactory, PersonFactory, ProgrammeFactory

# Every test here works in the school with its public section, news and finished programme.
pytestmark = pytest.mark.usefixtures("public_world")


def url(world, name, *args):
    return reverse(f"roadmap:{name}", args=[world.school.slug, *args])


def news_data(**fields):
    return {
        "kind": News.Kind.NEWS,
        "title": "Наставники провели открытые уроки",
        "lead": "Неделя открытых уроков завершилась.",
        "body": "Пять наставников провели уроки.\n\nМолодые педагоги посетили каждый.",
        "event_on": "",
        "image_alt": "",
        "is_published": "on",
        "published_at": "",
        **fields,
    }


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def png(name="фото.png"):
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def client_for(client, world, persona):
    client.force_login(world.user(persona))
    return client


# News: who writes them


@pytest.mark.parametrize("persona", ["curator", "working_group"])
def test_the_curator_and_the_working_group_write_news(client, world, persona):
    client = client_for(client, world, persona)
    response = client.post(url(world, "news_create"), news_data())
    assert response.status_code == 302
    news = News.objects.get(title="Наставники провели открытые уроки")
    assert news.organisation == world.school
    assert news.created_by == world.user(persona)
    assert news.is_published and news.published_at <= timezone.now()
    assert "опубликовано на сайте" in messages_of(response)


@pytest.mark.parametrize("persona", ["curator", "working_group"])
def test_the_curator_and_the_working_group_edit_news(client, world, persona):
    client = client_for(client, world, persona)
    news = world.draft_news
    response = client.post(
        url(world, "news_edit", news.pk),
        news_data(title="Итоги конкурса наставников", is_published=""),
    )
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.title == "Итоги конкурса наставников"
    assert not news.is_published
    assert news.created_by == world.user("curator")  # the author stays


@pytest.mark.parametrize("persona", ["curator", "working_group"])
def test_the_curator_and_the_working_group_delete_news(
    client, world, persona, django_capture_on_commit_callbacks
):
    client = client_for(client, world, persona)
    news = world.news
    storage, name = news.image.storage, news.image.name
    page = url(world, "news_delete", news.pk)
    assert "Удалить «Школа молодого педагога" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page)
    assert response.status_code == 302
    assert response["Location"] == url(world, "news_list")
    assert not News.objects.filter(pk=news.pk).exists()
    assert not storage.exists(name)


def test_a_news_item_whose_author_is_gone_can_still_be_edited(curator_client, world):
    News.objects.filter(pk=world.draft_news.pk).update(created_by=None)
    response = curator_client.post(
        url(world, "news_edit", world.draft_news.pk), news_data(is_published="")
    )
    assert response.status_code == 302


def test_the_director_may_not_write_news(client, world):
    client = client_for(client, world, "director")
    response = client.post(url(world, "news_create"), news_data())
    assert response.status_code == 403
    assert not News.objects.filter(title="Наставники провели открытые уроки").exists()


@pytest.mark.parametrize("persona", ["director", "mentor"])
def test_others_may_not_change_or_delete_news(client, world, persona):
    client = client_for(client, world, persona)
    news = world.news
    assert client.post(url(world, "news_edit", news.pk), news_data()).status_code == 403
    assert client.post(url(world, "news_delete", news.pk)).status_code == 403
    news.refresh_from_db()
    assert news.title == "Школа молодого педагога открыла сезон"


def test_another_schools_news_is_not_found(client, world):
    other = News.objects.create(organisation=world.other_school, title="Чужая", body="Текст")
    client = client_for(client, world, "curator")
    assert client.get(url(world, "news_edit", other.pk)).status_code == 404
    assert client.post(url(world, "news_delete", other.pk)).status_code == 404
    assert News.objects.filter(pk=other.pk).exists()


def test_a_body_with_html_is_refused(curator_client, world):
    response = curator_client.post(
        url(world, "news_create"), news_data(body="<p>Привет</p><script>alert(1)</script>")
    )
    assert response.status_code == 200
    assert "без HTML-разметки" in response.context["form"].errors["body"][0]
    assert not News.objects.filter(title="Наставники провели открытые уроки").exists()


def test_a_less_than_sign_is_plain_text(curator_client, world):
    response = curator_client.post(url(world, "news_create"), news_data(body="Оценки: 3 < 5."))
    assert response.status_code == 302


# News: the illustration


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("фото.pdf", MINIMAL_PDF, content_type="application/pdf"),
        SimpleUploadedFile("фото.png", MINIMAL_PDF, content_type="image/png"),
        SimpleUploadedFile("фото.png", "просто текст".encode(), content_type="image/png"),
    ],
    ids=["pdf", "pdf-renamed-png", "text-renamed-png"],
)
def test_an_illustration_that_is_not_an_image_is_refused(curator_client, world, upload):
    response = curator_client.post(
        url(world, "news_create"), news_data(upload=upload, image_alt="Фото")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [
        f"Файл «{upload.name}» не похож на изображение JPEG или PNG. Загрузите фотографию или "
        "картинку в одном из этих форматов."
    ]
    assert not News.objects.filter(title="Наставники провели открытые уроки").exists()


def test_an_illustration_over_5_mb_is_refused(curator_client, world):
    big = SimpleUploadedFile("фото.png", tiny_png() + b"\0" * (5 * 1024 * 1024))
    response = curator_client.post(
        url(world, "news_create"), news_data(upload=big, image_alt="Фото")
    )
    assert response.context["form"].errors["upload"] == [
        "Изображение больше 5 МБ: уменьшите его или сожмите."
    ]


def test_a_png_is_stored_with_its_content_type(curator_client, world):
    response = curator_client.post(
        url(world, "news_create"),
        news_data(upload=png(), image_alt="Наставник и молодой педагог на уроке"),
    )
    assert response.status_code == 302
    news = News.objects.get(title="Наставники провели открытые уроки")
    assert news.image_content_type == "image/png"
    assert news.image.name.startswith(f"news/{world.school.pk}/")
    assert news.image.name.endswith(".png")
    assert news.image.storage.exists(news.image.name)
    with news.image.open("rb") as stored:
        assert stored.read() == tiny_png()


def test_an_illustration_needs_its_description(curator_client, world):
    response = curator_client.post(url(world, "news_create"), news_data(upload=png()))
    assert response.status_code == 200
    assert response.context["form"].errors["image_alt"] == [
        "Опишите иллюстрацию: это прочтут незрячие посетители."
    ]
    assert not News.objects.filter(title="Наставники провели открытые уроки").exists()


def test_a_kept_illustration_keeps_needing_its_description(curator_client, world):
    news = world.news
    response = curator_client.post(
        url(world, "news_edit", news.pk), news_data(title=news.title, image_alt="")
    )
    assert "image_alt" in response.context["form"].errors


def test_a_new_illustration_replaces_the_old_one(
    curator_client, world, django_capture_on_commit_callbacks
):
    news = world.news
    old = news.image.name
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            url(world, "news_edit", news.pk),
            news_data(title=news.title, upload=png(), image_alt="Новое фото"),
        )
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.image.name != old and news.image.storage.exists(news.image.name)
    assert not news.image.storage.exists(old)


def test_removing_the_illustration_deletes_the_file_after_commit(
    curator_client, world, django_capture_on_commit_callbacks
):
    news = world.news
    storage, old = news.image.storage, news.image.name
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            url(world, "news_edit", news.pk), news_data(title=news.title, remove_image="on")
        )
    news.refresh_from_db()
    assert not news.image and news.image_content_type == ""
    assert not storage.exists(old)


# News: the list


def test_a_news_item_with_a_future_date_is_scheduled(curator_client, world):
    moment = timezone.localtime() + datetime.timedelta(days=3)
    response = curator_client.post(
        url(world, "news_create"),
        news_data(published_at=moment.strftime("%Y-%m-%dT%H:%M")),
    )
    assert "появится на сайте" in messages_of(response)
    news = News.objects.get(title="Наставники провели открытые уроки")
    assert news.published_at > timezone.now()
    assert not News.objects.published().filter(pk=news.pk).exists()
    page = curator_client.get(url(world, "news_list"))
    statuses = {row.title: row.status_label for row in page.context["rows"]}
    assert statuses == {
        "Наставники провели открытые уроки": "запланировано",
        "Школа молодого педагога открыла сезон": "опубликовано",
        "Черновик: итоги конкурса наставников": "черновик",
    }
    assert "запланировано" in page.content.decode()


@pytest.mark.parametrize(
    ("status", "titles"),
    [
        ("draft", ["Черновик: итоги конкурса наставников"]),
        ("published", ["Школа молодого педагога открыла сезон"]),
        ("scheduled", []),
    ],
)
def test_the_list_filters_by_status(curator_client, world, status, titles):
    response = curator_client.get(url(world, "news_list"), {"status": status})
    assert [row.title for row in response.context["rows"]] == titles


def test_the_list_filters_by_kind(curator_client, world):
    News.objects.create(
        organisation=world.school,
        kind=News.Kind.ANNOUNCEMENT,
        title="Семинар наставников 15 октября",
        body="Приглашаем.",
    )
    response = curator_client.get(url(world, "news_list"), {"kind": "announcement"})
    assert [row.title for row in response.context["rows"]] == ["Семинар наставников 15 октября"]


@pytest.mark.parametrize("count", [2, 30])
def test_the_news_list_makes_the_same_queries_for_few_and_many(
    curator_client, world, django_assert_num_queries, count
):
    for number in range(count - 2):  # the world has two already
        News.objects.create(
            organisation=world.school, title=f"Новость {number}", body="Текст", is_published=True
        )
    # session, user, memberships, organisation, the count, the page, the menu's two inbox counts
    with django_assert_num_queries(8):
        response = curator_client.get(url(world, "news_list"))
    assert len(response.context["rows"]) == min(count, 25)


# The settings of the section


def test_opening_the_settings_writes_nothing(client, world):
    client = client_for(client, world, "other_curator")
    page = reverse("roadmap:public_settings", args=[world.other_school.slug])
    response = client.get(page)
    assert response.status_code == 200
    assert "Раздел закрыт" in response.content.decode()
    assert not PublicSection.objects.filter(organisation=world.other_school).exists()


def test_the_first_save_creates_the_settings(client, world):
    client = client_for(client, world, "other_curator")
    page = reverse("roadmap:public_settings", args=[world.other_school.slug])
    response = client.post(page, {"is_enabled": "on", "about": "О нас.", "contact_role": "Куратор"})
    assert response.status_code == 302
    section = PublicSection.objects.get(organisation=world.other_school)
    assert section.is_enabled and section.about == "О нас."


def settings_data(world, **fields):
    section = world.public_section
    return {
        "is_enabled": "on",
        "about": section.about,
        "contact_person": section.contact_person_id,
        "contact_role": section.contact_role,
        "contact_email": section.contact_email,
        "contact_phone": "",
        "contact_hours": "",
        "embed_origins": section.embed_origins,
        **fields,
    }


def test_a_bad_embedding_origin_is_refused(curator_client, world):
    response = curator_client.post(
        url(world, "public_settings"),
        settings_data(world, embed_origins="https://school-1.example\nschool-1.example/news"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["embed_origins"] == [
        "«school-1.example/news» — не адрес сайта. Укажите по одному в строке, например "
        "https://school.ru."
    ]
    world.public_section.refresh_from_db()
    assert world.public_section.embed_origins == "https://school-1.example"


def test_embedding_origins_are_stored_one_a_line_without_slashes(curator_client, world):
    response = curator_client.post(
        url(world, "public_settings"),
        settings_data(world, embed_origins="  https://school-1.example/ \n\nhttp://edu.example"),
    )
    assert response.status_code == 302
    world.public_section.refresh_from_db()
    assert world.public_section.origins == ["https://school-1.example", "http://edu.example"]
    assert world.public_section.embed_origins == "https://school-1.example\nhttp://edu.example"


def test_the_settings_show_the_addresses_and_the_embed_code(curator_client, world):
    content = curator_client.get(url(world, "public_settings")).content.decode()
    assert "http://testserver/school-1/nastavnichestvo/" in content
    assert "Открыть раздел" in content
    assert "http://testserver/school-1/nastavnichestvo/news/feed/" in content
    # The code is shown as text, escaped, never as a live frame.
    assert (
        "&lt;iframe src=&quot;http://testserver/school-1/nastavnichestvo/?embed=1&quot; "
        "title=&quot;Наставничество — МБОУ СОШ № 1&quot;"
    ) in content
    assert "<iframe" not in content


def test_the_settings_say_what_the_contact_persons_consent_allows(curator_client, world):
    give_consent(world.people["mentor"], Consent.Kind.PUBLICATION, published_fields=["position"])
    response = curator_client.get(url(world, "public_settings"))
    content = response.content.decode()
    curator, mentor = world.people["curator"], world.people["mentor"]
    note = "согласие на публикацию: ФИО, должность, адрес электронной почты"
    assert f"Сейчас: {curator.short_name} — {note}" in content
    labels = dict(response.context["form"].fields["contact_person"].choices)
    by_name = {str(label).split(" — ")[0]: str(label) for label in labels.values()}
    assert by_name[curator.short_name].endswith(note)
    assert by_name[mentor.short_name].endswith(
        "согласие на публикацию: должность — имя не будет показано"
    )
    assert by_name[world.person.short_name].endswith(
        "нет согласия на публикацию — имя не будет показано"
    )


def test_a_revoked_consent_allows_nothing(world, today):
    curator = world.people["curator"]
    curator.consents.filter(kind=Consent.Kind.PUBLICATION).update(revoked_on=today)
    assert publication_note(curator) == "нет согласия на публикацию — имя не будет показано"


def test_students_are_not_offered_as_the_contact(curator_client, world):
    student = PersonFactory(organisation=world.school, kind="student")
    response = curator_client.get(url(world, "public_settings"))
    offered = response.context["form"].fields["contact_person"].queryset
    assert student not in offered and world.people["curator"] in offered


def test_the_checklist_counts_what_is_published(curator_client, world):
    overview = curator_client.get(url(world, "public_settings")).context["overview"]
    assert (overview.news_published, overview.news_scheduled, overview.news_drafts) == (1, 0, 1)
    assert overview.documents == 2
    world.normative_document.is_published = False
    world.normative_document.save()
    assert overview.polozhenie is None  # the world's Положение is a draft
    assert overview.practices == 1
    assert overview.results_published == 1 and overview.results_completed == 1
    assert overview.mentors == 0  # the mentor persona has no publication consent
    give_consent(world.people["mentor"], Consent.Kind.PUBLICATION, published_fields=["full_name"])
    overview = curator_client.get(url(world, "public_settings")).context["overview"]
    assert overview.mentors == 1 and overview.documents == 1


def test_a_refused_change_does_not_show_as_the_sections_state(curator_client, world):
    response = curator_client.post(
        url(world, "public_settings"), settings_data(world, is_enabled="", embed_origins="x")
    )
    assert response.status_code == 200
    assert response.context["is_enabled"]


# Results of completed programmes


def results_url(world, programme):
    return url(world, "results_publish", programme.pk)


def completed_programme(world, **fields):
    group = GroupFactory(
        organisation=world.school,
        mentor=world.mentor_entry,
        mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.school))],
        form=world.form,
        status=Group.Status.FINISHED,
    )
    today = timezone.localdate()
    return ProgrammeFactory(
        group=group,
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today - datetime.timedelta(days=5),
        status=Programme.Status.COMPLETED,
        completion_reason=Programme.CompletionReason.DONE,
        completed_on=today - datetime.timedelta(days=5),
        **fields,
    )


def test_publishing_needs_a_summary(curator_client, world):
    programme = completed_programme(world)
    response = curator_client.post(
        results_url(world, programme), {"results_published": "on", "public_summary": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["public_summary"] == [
        "Напишите итоги для сайта: без них публиковать нечего."
    ]
    programme.refresh_from_db()
    assert not programme.results_published


def test_publishing_the_results_of_a_completed_programme(curator_client, world):
    programme = completed_programme(world)
    response = curator_client.post(
        results_url(world, programme),
        {"results_published": "on", "public_summary": "  Педагог провёл открытый урок.  "},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.results_published
    assert programme.public_summary == "Педагог провёл открытый урок."
    assert programme.history.first().history_user == world.user("curator")


def test_withdrawing_the_results_keeps_the_summary(curator_client, world):
    programme = world.finished_programme
    response = curator_client.post(
        results_url(world, programme), {"public_summary": programme.public_summary}
    )
    assert "сняты с сайта" in messages_of(response)
    programme.refresh_from_db()
    assert not programme.results_published and programme.public_summary


def test_an_unfinished_programme_is_not_found(curator_client, world):
    page = results_url(world, world.programme)
    assert curator_client.get(page).status_code == 404
    response = curator_client.post(page, {"results_published": "on", "public_summary": "Итоги."})
    assert response.status_code == 404
    world.programme.refresh_from_db()
    assert not world.programme.results_published


def test_the_private_notes_are_shown_beside_as_not_published(curator_client, world):
    content = curator_client.get(results_url(world, world.finished_programme)).content.decode()
    assert "Личное: рекомендовать к аттестации." in content
    assert content.count("не публикуется") == 3


def test_a_copied_private_note_is_refused(curator_client, world):
    programme = world.finished_programme
    response = curator_client.post(
        results_url(world, programme),
        {
            "results_published": "on",
            "public_summary": "Итоги. Личное: нужна поддержка в работе с родителями.",
        },
    )
    assert response.status_code == 200
    assert "«отзыв наставника»" in response.context["form"].errors["public_summary"][0]


def test_the_results_list_shows_completed_programmes_only(curator_client, world):
    response = curator_client.get(url(world, "results_list"))
    assert list(response.context["page"].object_list) == [world.finished_programme]
    assert "опубликованы" in response.content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_the_results_list_makes_the_same_queries_for_few_and_many(
    curator_client, world, django_assert_num_queries, count
):
    for _number in range(count - 1):
        completed_programme(world)
    # session, user, memberships, organisation, the count, the page, the menu's two inbox counts
    with django_assert_num_queries(8):
        response = curator_client.get(url(world, "results_list"))
    assert len(response.context["page"].object_list) == count
