"""The school's public «Наставничество» section: what an anonymous visitor sees on each page,
what never appears (drafts, unpublished, unfinished), the Atom feed, the version for the
visually impaired, embed mode, cache headers, the sitemap and the pages' query counts."""

import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import Group, Practice, Programme
from registry.models import Consent, MentorEntry, Organisation
from roadmap.models import Activity, News, NormativeDocument, PublicSection, Stage, Target
from roadmap.public import VISION_COOKIE, NameMask
from tests.conftest import MINIMAL_PDF, give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    ProgrammeFactory,
    TopicFactory,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def url(world, name, *args, **query):
    path = reverse(f"public:{name}", args=[world.school.slug, *args])
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


def page(client, address) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def approve(row, number="12-од"):
    """Approve a roadmap or a version by a paper order typed in."""
    row.approved_number, row.approved_on = number, timezone.localdate() - datetime.timedelta(30)
    row.save()


@pytest.fixture
def mentor_with_consent(public_world):
    """A mentor of the bank who agreed to publish her name, position, subjects and experience."""
    person = PersonFactory(
        organisation=public_world.school,
        last_name="Белоусова",
        first_name="Вера",
        middle_name="Ильинична",
        position="учитель математики",
        subjects="математика, информатика",
        experience_start=timezone.localdate().replace(year=timezone.localdate().year - 12),
        email="belousova@school.example",
        phone="+7 900 111-22-33",
    )
    fields = ["full_name", "position", "subjects", "experience"]
    give_consent(person, Consent.Kind.PUBLICATION, published_fields=fields)
    entry = MentorEntryFactory(person=person, status=MentorEntry.Status.ACTIVE)
    entry.competencies.add(
        TopicFactory(organisation=public_world.school, name="Олимпиадная математика")
    )
    return entry


# Each page, for a visitor without a login


def test_the_index_tells_about_the_system_with_the_latest_news_and_consented_contacts(
    client, public_world
):
    curator = public_world.people["curator"]
    curator.phone, curator.position = "+7 999 000-00-01", "заместитель директора"
    curator.email = "kovaleva@school.example"
    curator.save()
    html = page(client, url(public_world, "index"))
    assert public_world.school.name in html
    assert "В школе действует система наставничества" in html
    assert public_world.news.title in html
    assert public_world.draft_news.title not in html
    # The consent allows name, position and email: no phone.
    assert curator.full_name in html
    assert "заместитель директора" in html
    assert "kovaleva@school.example" in html
    assert "+7 999 000-00-01" not in html
    assert "nastavnik@school-1.example" in html
    for name in ["documents", "roadmap", "news_list", "mentors", "results"]:
        assert url(public_world, name) in html


def test_without_a_valid_consent_the_contact_person_is_not_named(client, public_world):
    consent = public_world.people["curator"].consents.get(kind=Consent.Kind.PUBLICATION)
    consent.revoked_on = timezone.localdate() - datetime.timedelta(days=1)
    consent.save()
    html = page(client, url(public_world, "index"))
    assert public_world.people["curator"].last_name not in html
    assert "nastavnik@school-1.example" in html  # the school's office address stays


def test_a_contact_person_from_another_school_is_not_shown(client, public_world):
    stranger = PersonFactory(organisation=public_world.other_school, last_name="Чужакова")
    give_consent(stranger, Consent.Kind.PUBLICATION, published_fields=["full_name"])
    public_world.public_section.contact_person = stranger
    public_world.public_section.save()
    assert "Чужакова" not in page(client, url(public_world, "index"))


def test_the_index_shows_only_the_three_latest_news(client, public_world):
    for day in range(1, 5):
        News.objects.create(
            organisation=public_world.school,
            title=f"Новость дня {day}",
            body="Текст.",
            is_published=True,
            published_at=timezone.now() - datetime.timedelta(days=day),
        )
    html = page(client, url(public_world, "index"))
    assert public_world.news.title in html
    assert "Новость дня 1" in html and "Новость дня 2" in html
    assert "Новость дня 3" not in html


def test_the_documents_page_lists_only_published_documents_with_their_files(client, public_world):
    hidden = NormativeDocument.objects.create(
        organisation=public_world.school,
        level=NormativeDocument.Level.LOCAL,
        title="Проект локального акта, не для сайта",
        is_published=False,
        file_content_type="application/pdf",
    )
    hidden.file.save("draft.pdf", ContentFile(MINIMAL_PDF))
    html = page(client, url(public_world, "documents"))
    assert public_world.public_document.title in html
    assert url(public_world, "document_file", public_world.public_document.pk) in html
    assert "Федеральный уровень" in html
    assert hidden.title not in html
    assert client.get(url(public_world, "document_file", hidden.pk)).status_code == 404
    response = client.get(url(public_world, "document_file", public_world.public_document.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_the_polozhenie_is_shown_only_once_approved(client, public_world):
    html = page(client, url(public_world, "regulation"))
    assert "готовится к утверждению" in html
    assert "Текст положения." not in html
    assert "готовится к утверждению" in page(client, url(public_world, "documents"))

    approve(public_world.version, "90-од")
    html = page(client, url(public_world, "regulation"))
    assert "Общие положения" in html and "Текст положения." in html
    assert "№ 90-од" in html
    assert url(public_world, "regulation") in page(client, url(public_world, "documents"))


def test_an_approved_polozhenie_of_an_act_not_for_the_site_is_not_shown(client, public_world):
    approve(public_world.version)
    public_world.regulation.is_published = False
    public_world.regulation.save()
    html = page(client, url(public_world, "regulation"))
    assert "Текст положения." not in html


def test_the_roadmap_page_shows_only_an_approved_roadmap_with_roles_not_names(client, public_world):
    public_world.activity.responsible_roles = "Куратор, руководители МО"
    public_world.activity.evidence = "Внутренняя пометка куратора"
    public_world.activity.save()
    public_world.activity.responsible_people.add(public_world.people["director"])
    Target.objects.create(
        roadmap=public_world.roadmap, text="Молодые специалисты с наставником", value=90
    )
    html = page(client, url(public_world, "roadmap"))
    assert public_world.activity.text not in html
    assert "будет опубликована после её утверждения" in html

    approve(public_world.roadmap)
    html = page(client, url(public_world, "roadmap"))
    assert public_world.roadmap.title in html
    assert public_world.stage.title in html
    assert public_world.activity.text in html
    assert "Куратор, руководители МО" in html
    assert "Запланировано" in html
    assert "Молодые специалисты с наставником" in html and "не менее 90 %" in html
    assert public_world.people["director"].last_name not in html
    assert "Внутренняя пометка куратора" not in html


def test_the_roadmap_of_another_period_is_not_shown(client, public_world):
    approve(public_world.roadmap)
    public_world.roadmap.starts_on = public_world.roadmap.starts_on.replace(
        year=public_world.roadmap.starts_on.year - 2
    )
    public_world.roadmap.ends_on = public_world.roadmap.ends_on.replace(
        year=public_world.roadmap.ends_on.year - 2
    )
    public_world.roadmap.save()
    assert public_world.roadmap.title not in page(client, url(public_world, "roadmap"))


def test_the_news_list_filters_by_kind_and_hides_drafts_and_scheduled_news(client, public_world):
    announcement = News.objects.create(
        organisation=public_world.school,
        kind=News.Kind.ANNOUNCEMENT,
        title="Семинар для наставников",
        body="Приходите.",
        event_on=timezone.localdate() + datetime.timedelta(days=7),
        is_published=True,
    )
    scheduled = News.objects.create(
        organisation=public_world.school,
        title="Запланированная новость",
        body="Позже.",
        is_published=True,
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    html = page(client, url(public_world, "news_list"))
    assert public_world.news.title in html and announcement.title in html
    assert public_world.draft_news.title not in html and scheduled.title not in html
    html = page(client, url(public_world, "news_list", kind="announcement"))
    assert announcement.title in html and public_world.news.title not in html
    assert "состоится" in html
    for hidden in (public_world.draft_news, scheduled):
        assert client.get(url(public_world, "news_detail", hidden.pk)).status_code == 404


def test_the_news_list_is_paginated(client, public_world):
    public_world.news.published_at = timezone.now() - datetime.timedelta(days=30)
    public_world.news.save()
    for number in range(12):
        News.objects.create(
            organisation=public_world.school,
            title=f"Заметка {number:02}",
            body="Текст.",
            is_published=True,
            published_at=timezone.now() - datetime.timedelta(hours=number + 1),
        )
    first = page(client, url(public_world, "news_list"))
    assert "page=2" in first
    assert "Заметка 00" in first and public_world.news.title not in first
    assert public_world.news.title in page(client, url(public_world, "news_list", page=2))


def test_a_news_item_shows_its_text_and_image_with_a_description(client, public_world):
    html = page(client, url(public_world, "news_detail", public_world.news.pk))
    assert public_world.news.title in html and public_world.news.body in html
    assert url(public_world, "news_image", public_world.news.pk) in html
    assert 'alt="Участники занятия"' in html
    response = client.get(url(public_world, "news_image", public_world.news.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_image_of_an_unpublished_news_item_is_not_served(client, public_world):
    public_world.news.is_published = False
    public_world.news.save()
    assert client.get(url(public_world, "news_image", public_world.news.pk)).status_code == 404
    assert client.get(url(public_world, "news_detail", public_world.news.pk)).status_code == 404


def test_the_news_of_another_school_are_not_found_here(client, public_world):
    other = News.objects.create(
        organisation=public_world.other_school, title="Чужая", body="—", is_published=True
    )
    assert client.get(url(public_world, "news_detail", other.pk)).status_code == 404
    assert client.get(url(public_world, "news_image", other.pk)).status_code == 404


def test_the_mentors_page_lists_consented_mentors_with_consented_fields_only(
    client, public_world, mentor_with_consent
):
    html = page(client, url(public_world, "mentors"))
    assert "Белоусова Вера Ильинична" in html
    assert "учитель математики" in html
    assert "математика, информатика" in html
    assert "12 лет" in html
    assert "Олимпиадная математика" in html
    assert "belousova@school.example" not in html
    assert "+7 900 111-22-33" not in html
    # The mentor persona has no publication consent.
    assert public_world.people["mentor"].last_name not in html


@pytest.mark.parametrize(
    "change",
    ["no_name", "revoked", "expired", "left"],
)
def test_a_mentor_without_a_consent_to_publish_the_name_is_not_listed(
    client, public_world, mentor_with_consent, change
):
    consent = mentor_with_consent.person.consents.get(kind=Consent.Kind.PUBLICATION)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if change == "no_name":
        consent.published_fields = ["position", "subjects"]
    elif change == "revoked":
        consent.revoked_on = yesterday
    elif change == "expired":
        consent.valid_until = yesterday
    consent.save()
    if change == "left":
        mentor_with_consent.status = MentorEntry.Status.LEFT
        mentor_with_consent.save()
    html = page(client, url(public_world, "mentors"))
    assert "Белоусова" not in html
    assert "Сведения о наставниках пока не опубликованы" in html


def test_the_results_page_shows_the_public_summary_never_the_private_notes(client, public_world):
    html = page(client, url(public_world, "results"))
    finished = public_world.finished_programme
    assert finished.title in html
    assert finished.public_summary in html
    assert public_world.form.name in html
    assert "Программа выполнена в полном объёме" in html
    assert "Личное:" not in html
    # Neither the mentor (no consent) nor the mentee is named.
    assert public_world.people["mentor"].last_name not in html
    for entry in finished.group.mentees.all():
        assert entry.person.last_name not in html
    # The active programme and its practice are not published.
    assert public_world.programme.title not in html
    assert public_world.practice.title not in html
    assert public_world.public_practice.title in html
    assert url(public_world, "practice_file", public_world.public_practice.pk) in html


def test_results_are_shown_only_for_completed_programmes_the_curator_published(
    client, public_world
):
    finished = public_world.finished_programme
    finished.results_published = False
    finished.save()
    assert finished.public_summary not in page(client, url(public_world, "results"))

    public_world.programme.results_published = True
    public_world.programme.public_summary = "Итоги ещё идущей программы"
    public_world.programme.save()
    assert "Итоги ещё идущей программы" not in page(client, url(public_world, "results"))


def test_a_consented_mentor_is_named_but_mentee_names_are_masked(client, public_world):
    mentor = public_world.people["mentor"]
    give_consent(mentor, Consent.Kind.PUBLICATION, published_fields=["full_name"])
    mentee = public_world.finished_programme.group.mentees.get().person
    public_world.finished_programme.title = f"Программа наставничества: {mentee.short_name}"
    public_world.finished_programme.public_summary = f"{mentee.full_name} провела открытый урок."
    public_world.finished_programme.save()
    html = page(client, url(public_world, "results"))
    assert mentor.full_name in html
    assert mentee.last_name not in html
    assert "Программа наставничества: [имя скрыто]" in html


def test_the_name_mask_hides_names_in_any_case_and_order():
    from registry.models import Person

    mask = NameMask([Person(last_name="Яковлева", first_name="Полина", middle_name="Сергеевна")])
    for text in [
        "Программа: Яковлева П. С.",
        "Помогли П. С. Яковлевой",
        "Яковлева Полина Сергеевна провела урок",
        "Полина Яковлева",
        "Яковлевой",
    ]:
        assert "Яковлев" not in mask.hide(text)
        assert "Полин" not in mask.hide(text)
    assert mask.hide("Заречная школа") == "Заречная школа"


def test_unpublished_practice_files_are_not_served(client, public_world):
    assert (
        client.get(url(public_world, "practice_file", public_world.practice.pk)).status_code == 404
    )
    response = client.get(url(public_world, "practice_file", public_world.public_practice.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF


# A closed section


CLOSED_URLS = [
    ("index", ()),
    ("documents", ()),
    ("regulation", ()),
    ("roadmap", ()),
    ("news_list", ()),
    ("news_feed", ()),
    ("mentors", ()),
    ("results", ()),
    ("vision", ()),
]


def _all_urls(public_world):
    with_pk = [
        ("document_file", public_world.public_document.pk),
        ("news_detail", public_world.news.pk),
        ("news_image", public_world.news.pk),
        ("practice_file", public_world.public_practice.pk),
    ]
    return [url(public_world, name) for name, _args in CLOSED_URLS] + [
        url(public_world, name, pk) for name, pk in with_pk
    ]


def test_every_page_of_a_closed_section_is_not_found(client, public_world):
    public_world.public_section.is_enabled = False
    public_world.public_section.save()
    for address in _all_urls(public_world):
        assert client.get(address).status_code == 404, address


def test_a_school_without_a_section_or_an_unknown_slug_is_not_found(client, public_world):
    assert (
        client.get(reverse("public:index", args=[public_world.other_school.slug])).status_code
        == 404
    )
    assert client.get(reverse("public:index", args=["no-such-school"])).status_code == 404
    assert client.get(reverse("public:news_feed", args=["no-such-school"])).status_code == 404


def test_a_logged_in_member_sees_the_same_public_page(client, public_world):
    anonymous = page(client, url(public_world, "results"))
    client.force_login(public_world.user("curator"))
    member = page(client, url(public_world, "results"))
    assert member == anonymous
    assert "Выйти" not in member and reverse("login") not in member


# The Atom feed


def test_the_feed_is_atom_and_holds_only_published_news(client, public_world):
    News.objects.create(
        organisation=public_world.school,
        title="Будущая новость",
        body="—",
        is_published=True,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = client.get(url(public_world, "news_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        f"Новость: {public_world.news.title}"
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(url(public_world, "news_detail", public_world.news.pk))


def test_every_page_links_the_feed(client, public_world):
    html = page(client, url(public_world, "mentors"))
    assert 'type="application/atom+xml"' in html
    assert url(public_world, "news_feed") in html


# The version for the visually impaired


def test_the_vision_page_offers_the_settings(client, public_world):
    html = page(client, url(public_world, "vision"))
    for label in ["Размер шрифта", "Очень крупный", "Белый текст на чёрном фоне",
                  "Тёмно-синий текст на голубом фоне", "Не показывать"]:  # fmt: skip
        assert label in html


def test_the_vision_settings_are_stored_in_a_cookie_and_change_every_page(client, public_world):
    back = url(public_world, "mentors")
    response = client.get(
        url(public_world, "vision"),
        {"size": "xlarge", "scheme": "blue", "images": "off", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    cookie = response.cookies[VISION_COOKIE]
    assert cookie.value == "xlarge.blue.off"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]
    html = page(client, back)
    assert "vi-size-xlarge vi-scheme-blue vi-images-off" in html
    assert "public-vision.css" in html
    assert "Обычная версия" in html and "Версия для слабовидящих</a>" not in html

    response = client.get(url(public_world, "vision"), {"reset": "1", "next": back})
    assert response.status_code == 302
    assert response.cookies[VISION_COOKIE].value == ""
    html = page(client, back)
    assert "vi-size" not in html
    assert "Версия для слабовидящих" in html


def test_the_usual_page_links_the_version_for_the_visually_impaired(client, public_world):
    html = page(client, url(public_world, "results"))
    assert "Версия для слабовидящих" in html
    assert "size=large" in html


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""],
)
def test_the_vision_settings_never_send_the_visitor_to_another_site(client, public_world, target):
    response = client.get(
        url(public_world, "vision"),
        {"size": "large", "scheme": "bw", "images": "on", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == url(public_world, "index")


def test_bad_vision_settings_show_the_form_again_without_a_cookie(client, public_world):
    response = client.get(
        url(public_world, "vision"), {"size": "huge", "scheme": "bw", "images": "on"}
    )
    assert response.status_code == 200
    assert VISION_COOKIE not in response.cookies
    assert "Выберите по одному значению" in response.content.decode()


def test_a_tampered_vision_cookie_is_ignored(client, public_world):
    client.cookies[VISION_COOKIE] = 'huge.red.on"><script>'
    html = page(client, url(public_world, "index"))
    assert "vi-size" not in html and "<script>" not in html


# Embed mode


def test_embed_mode_may_be_framed_by_the_listed_site_only(client, public_world):
    response = client.get(url(public_world, "news_list", embed=1))
    assert response.status_code == 200
    assert "frame-ancestors https://school-1.example" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    # No chrome: the content with its links kept in embed mode.
    assert "public-header" not in html and "public-footer" not in html
    assert f'href="{url(public_world, "news_detail", public_world.news.pk)}?embed=1"' in html


def test_embed_mode_without_sites_refuses_every_frame(client, public_world):
    public_world.public_section.embed_origins = ""
    public_world.public_section.save()
    response = client.get(url(public_world, "index", embed=1))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_usual_pages_keep_the_strict_framing_defaults(client, public_world):
    response = client.get(url(public_world, "index"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "public-header" in response.content.decode()


# Cache headers and the sitemap


@pytest.mark.parametrize("name", ["index", "documents", "regulation", "roadmap", "news_list",
                                  "mentors", "results", "vision", "news_feed"])  # fmt: skip
def test_public_pages_may_be_cached_for_five_minutes_varying_by_cookie(client, public_world, name):
    response = client.get(url(public_world, name))
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=300"} <= cache
    assert "Cookie" in response["Vary"]


def test_a_news_item_has_its_last_modification_time(client, public_world):
    response = client.get(url(public_world, "news_detail", public_world.news.pk))
    assert response["Last-Modified"]


def test_public_files_may_be_cached_longer(client, public_world):
    response = client.get(url(public_world, "practice_file", public_world.public_practice.pk))
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=3600"} <= cache
    assert "no-store" not in cache


def test_the_sitemap_lists_open_sections_and_published_news(client, public_world, settings):
    settings.SITE_URL = "https://nastavnik.example"
    other = PublicSection.objects.create(organisation=public_world.other_school, is_enabled=False)
    hidden = News.objects.create(
        organisation=public_world.other_school, title="Закрытая", body="—", is_published=True
    )
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    tree = ElementTree.fromstring(response.content)
    locations = [node.text for node in tree.iter(f"{SITEMAP}loc")]
    base = "https://nastavnik.example"
    for name in ["index", "documents", "regulation", "roadmap", "news_list", "mentors", "results"]:
        assert base + url(public_world, name) in locations
    assert base + url(public_world, "news_detail", public_world.news.pk) in locations
    assert base + url(public_world, "news_detail", public_world.draft_news.pk) not in locations
    assert not any(f"/{other.organisation.slug}/" in location for location in locations)
    assert not any(location.endswith(f"/news/{hidden.pk}/") for location in locations)


# Query counts


def _pinned(client, address, add, django_assert_num_queries):
    add(2)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    add(8)
    with django_assert_num_queries(len(queries)):
        assert client.get(address).status_code == 200


def test_the_index_and_news_pages_pay_no_query_per_news_item(
    client, public_world, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            News.objects.create(
                organisation=public_world.school, title="Ещё новость", body="—", is_published=True
            )

    for name in ["index", "news_list"]:
        _pinned(client, url(public_world, name), add, django_assert_num_queries)
    _pinned(client, url(public_world, "news_feed"), add, django_assert_num_queries)


def test_the_mentors_page_pays_no_query_per_mentor(client, public_world, django_assert_num_queries):
    topic = TopicFactory(organisation=public_world.school)

    def add(count):
        for _ in range(count):
            person = PersonFactory(organisation=public_world.school, subjects="физика")
            give_consent(person, Consent.Kind.PUBLICATION, published_fields=["full_name"])
            MentorEntryFactory(person=person).competencies.add(topic)

    _pinned(client, url(public_world, "mentors"), add, django_assert_num_queries)


def test_the_results_page_pays_no_query_per_programme_or_practice(
    client, public_world, django_assert_num_queries
):
    mentor = public_world.people["mentor"]
    give_consent(mentor, Consent.Kind.PUBLICATION, published_fields=["full_name"])

    def add(count):
        for _ in range(count):
            group = GroupFactory(
                organisation=public_world.school,
                mentor=public_world.mentor_entry,
                co_mentor=MentorEntryFactory(
                    person=PersonFactory(organisation=public_world.school)
                ),
                mentees=[
                    MenteeEntryFactory(person=PersonFactory(organisation=public_world.school))
                ],
                form=public_world.form,
                status=Group.Status.FINISHED,
            )
            programme = ProgrammeFactory(
                group=group,
                status=Programme.Status.COMPLETED,
                completion_reason=Programme.CompletionReason.EARLY,
                completed_on=timezone.localdate(),
                results_published=True,
                public_summary="Итоги.",
            )
            practice = Practice.objects.create(
                organisation=public_world.school,
                title="Практика",
                summary="—",
                programme=programme,
                is_published=True,
            )
            practice.authors.add(mentor, PersonFactory(organisation=public_world.school))

    _pinned(client, url(public_world, "results"), add, django_assert_num_queries)


def test_the_roadmap_and_documents_pages_pay_no_query_per_row(
    client, public_world, django_assert_num_queries
):
    approve(public_world.roadmap)
    Target.objects.create(
        roadmap=public_world.roadmap, text="Педагоги", value=30, metric=Target.Metric.STAFF_INVOLVED
    )

    def add(count):
        stage = Stage.objects.create(roadmap=public_world.roadmap, number=9, title="Ещё этап")
        for number in range(count):
            Activity.objects.create(stage=stage, number=number, text="Мероприятие")
            NormativeDocument.objects.create(
                organisation=public_world.school,
                level=NormativeDocument.Level.REGIONAL,
                title="Закон",
            )
        Target.objects.create(
            roadmap=public_world.roadmap, text="Обучено", value=count, unit="people"
        )

    _pinned(client, url(public_world, "roadmap"), add, django_assert_num_queries)
    _pinned(client, url(public_world, "documents"), add, django_assert_num_queries)


@pytest.mark.parametrize("slug", ["admin", "s"])
def test_a_school_cannot_take_a_slug_the_site_uses_itself(db, slug):
    """/admin/nastavnichestvo/ would be the admin's, /s/nastavnichestvo/ a personal link."""
    school = Organisation(name="Школа", short_name="Школа", slug=slug)
    with pytest.raises(ValidationError) as error:
        school.full_clean()
    assert "занят самим сайтом" in str(error.value)
