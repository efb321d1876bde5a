"""The issue's check of the public section: crawl every page of a school's section from its index
(every internal link, pagination, embed mode, the feed and the sitemap) and find in it no name,
email or phone of anyone without a valid publication consent, nothing a consent does not allow,
and none of the private notes of a programme."""

import html
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.core.management import call_command
from django.urls import resolve, reverse

from programmes.models import Comment, Meeting, PlanItem, Programme
from programmes.models.monitoring import SurveyResponse
from registry.models import Consent, Organisation, Person, ProfessionalRequest
from registry.models.consents import publication_fields
from roadmap.services.publishing import PRIVATE_NOTES
from tests.conftest import give_consent

LINK = re.compile(r'(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>')
PAGES = {"index", "documents", "regulation", "roadmap", "news_list", "news_detail", "mentors",
         "results", "vision", "news_feed", "sitemap"}  # fmt: skip


def crawl(client, slug: str) -> dict[str, str]:
    """Every page of the section reachable from its index, its embed version, the feed and the
    sitemap: address → text with the HTML entities decoded. Files are fetched, not read."""
    root = reverse("public:index", args=[slug])
    queue = [root, f"{root}?embed=1", reverse("public:news_feed", args=[slug]), "/sitemap.xml"]
    pages: dict[str, str] = {}
    seen = set()
    while queue:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        assert response.status_code in (200, 302), address
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith(
            ("text/html", "application/atom+xml", "application/xml")
        ):
            continue
        text = html.unescape(response.content.decode())
        pages[address] = text
        for href, location in LINK.findall(text):
            target = urldefrag(urljoin(address, href or location)).url
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver", urlsplit(settings.SITE_URL).netloc):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(root) and path not in seen:
                queue.append(path)
    return pages


def visited(pages) -> list[str]:
    """The URL names of the crawled pages."""
    return [resolve(urlsplit(address).path).url_name for address in pages]


def whole_word(text: str):
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")


def leaks(pages: dict[str, str], organisation_ids) -> list[str]:
    """What the crawled pages show that they may not: (page, what) for each finding."""
    forbidden = []
    people = Person.objects.filter(organisation_id__in=organisation_ids).prefetch_related(
        "consents"
    )
    for person in people:
        allowed = set(publication_fields(person)) if not person.is_anonymised else set()
        if "full_name" not in allowed:
            forbidden += [whole_word(person.full_name), whole_word(person.last_name)]
        for field in ("email", "phone"):
            value = getattr(person, field)
            if value and field not in allowed:
                forbidden.append(whole_word(value))
        for value in (person.representative_name, person.representative_phone,
                      person.representative_email):  # fmt: skip
            if value:
                forbidden.append(whole_word(value))
    programmes = Programme.objects.filter(group__organisation_id__in=organisation_ids)
    notes = [
        value
        for programme in programmes.filter(status=Programme.Status.COMPLETED)
        for value in (getattr(programme, name) for name in PRIVATE_NOTES)
    ]
    notes += Meeting.objects.filter(programme__in=programmes).values_list("topic", flat=True)
    notes += Meeting.objects.filter(programme__in=programmes).values_list("note", flat=True)
    notes += Comment.objects.filter(programme__in=programmes).values_list("text", flat=True)
    notes += PlanItem.objects.filter(programme__in=programmes).values_list("mentor_note", flat=True)
    notes += ProfessionalRequest.objects.filter(
        person__organisation_id__in=organisation_ids
    ).values_list("difficulties", flat=True)
    for response in SurveyResponse.objects.filter(programme__in=programmes):
        notes += [value for value in response.answers.values() if isinstance(value, str)]
    forbidden += [re.compile(re.escape(note)) for note in notes if note.strip()]
    return [
        f"{address}: {match.group(0)}"
        for address, text in pages.items()
        for pattern in forbidden
        for match in [pattern.search(text)]
        if match
    ]


def test_no_public_page_of_the_demo_school_shows_what_it_may_not(client, db):
    call_command("load_demo", "--yes-demo")
    school = Organisation.objects.get(slug="zarechnaya-school-1")
    pages = crawl(client, school.slug)
    names = visited(pages)
    assert set(names) >= PAGES
    news = {
        urlsplit(address).path
        for address, name in zip(pages, names, strict=True)
        if name == "news_detail"
    }
    assert len(news) == 4  # the published ones: no draft, nothing scheduled
    # The demo has what the check is about: a finished programme with private notes and
    # published results, and consented mentors whose email the consent does not allow.
    assert Programme.objects.filter(
        group__organisation=school, status="completed", results_published=True
    ).exclude(mentor_review="")
    belova = Person.objects.get(organisation=school, last_name="Белова")
    assert belova.email and "email" not in publication_fields(belova)
    assert leaks(pages, Organisation.objects.values_list("pk", flat=True)) == []
    # And it does show what is consented: the mentors and the curator's contact.
    everything = "\n".join(pages.values())
    for name in [
        "Белова Ирина Петровна",
        "Савельев Игорь Николаевич",
        "Ковалёва Наталья Сергеевна",
    ]:
        assert name in everything


def test_no_public_page_of_the_test_school_shows_what_it_may_not(client, public_world):
    world = public_world
    curator = world.people["curator"]
    curator.phone, curator.email = "+7 999 000-00-01", "kovaleva@school-1.example"
    curator.save()
    mentor = world.people["mentor"]
    mentor.phone = "+7 999 000-00-02"
    mentor.save()
    # The mentor may be named but nothing more; the mentee's name is in the programme's texts.
    give_consent(mentor, Consent.Kind.PUBLICATION, published_fields=["full_name"])
    mentee = world.finished_programme.group.mentees.get().person
    mentee.email = "mentee@school-1.example"
    mentee.save()
    world.finished_programme.title = f"Программа наставничества: {mentee.short_name}"
    world.finished_programme.save()
    Meeting.objects.create(
        programme=world.finished_programme, date=world.finished_programme.starts_on, minutes=40,
        topic="Разбор урока в 5 «А»", note="Личное: трудности с родителями",
    )  # fmt: skip
    Comment.objects.create(programme=world.finished_programme, text="Личное: спасибо за помощь")

    pages = crawl(client, world.school.slug)
    assert set(visited(pages)) >= PAGES
    organisations = [world.school.pk, world.other_school.pk]
    assert leaks(pages, organisations) == []
    # The check itself finds a leak when there is one.
    probe = {"probe": f"{mentee.full_name}, {world.finished_programme.mentor_review}"}
    assert len(leaks(probe, organisations)) >= 3
    everything = "\n".join(pages.values())
    assert mentor.full_name in everything
    assert curator.full_name in everything and curator.email in everything
    assert world.finished_programme.public_summary in everything
