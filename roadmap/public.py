"""What the school's public «Наставничество» section shows, and nothing more.

The queries of the public pages live here, each with a fixed number of queries, and so does the
rule for people: a person appears only through a valid publication consent, with only the fields
it allows (a mentor is listed only with «full_name»); a mentee is never named. Programme results
are read without their private notes at all, and the names of those who may not be named are
masked in the texts written about a programme.
"""

import datetime
import re
from dataclasses import dataclass, field

from django import forms
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from mentoring_site.templatetags.russian import years
from programmes.models import Practice, Programme
from programmes.services.practices import EXTENSIONS
from programmes.services.programmes import term_text
from registry.models import Consent, MentorEntry, Person
from registry.models.consents import publication_fields
from roadmap.models import Activity, News, NormativeDocument, PublicSection, Roadmap, Stage, Target
from roadmap.progress import APPROVED_VERSION, RoadmapProgress, TargetProgress
from roadmap.services.drafting import approved_polozhenie
from roadmap.services.publishing import PRIVATE_NOTES

LATEST_NEWS = 3
FEED_ITEMS = 20
NEWS_PER_PAGE = 10
HIDDEN_NAME = "[имя скрыто]"


def get_public_section(slug: str) -> PublicSection:
    """The open public section of the organisation ``slug``; 404 for a closed section or an
    unknown slug, so a closed section cannot be told from a missing one."""
    section = (
        PublicSection.objects.select_related("organisation", "contact_person")
        .prefetch_related("contact_person__consents")
        .filter(organisation__slug=slug, is_enabled=True)
        .first()
    )
    if section is None:
        raise Http404
    return section


class Links:
    """The section's URLs, keeping ``?embed=1`` in embed mode so a visitor stays in the frame."""

    def __init__(self, slug: str, *, embed: bool):
        self.slug = slug
        self.embed = embed

    def url(self, name: str, *args, **query) -> str:
        url = reverse(f"public:{name}", args=[self.slug, *args])
        if self.embed:
            query["embed"] = "1"
        return f"{url}?{urlencode(query)}" if query else url

    def file(self, name: str, *args) -> str:
        """A file opens by itself, not as a page in the frame: it needs no embed mode."""
        return reverse(f"public:{name}", args=[self.slug, *args])


# People


@dataclass(frozen=True)
class PublicPerson:
    """What the public pages may show of a person: empty strings for what is not consented."""

    name: str = ""
    position: str = ""
    subjects: str = ""
    qualification: str = ""
    experience: str = ""
    email: str = ""
    phone: str = ""


def public_person(person: Person | None, on: datetime.date | None = None) -> PublicPerson | None:
    """The consented fields of ``person``, or None without a valid publication consent.
    Reads the prefetched ``person.consents``."""
    if person is None or person.is_anonymised:
        return None
    on = on or timezone.localdate()
    allowed = set(publication_fields(person, on))
    if not allowed:
        return None

    def shown(name: str, value) -> str:
        return str(value) if name in allowed and value else ""

    return PublicPerson(
        name=shown("full_name", person.full_name),
        position=shown("position", person.position),
        subjects=shown("subjects", ", ".join(person.subject_list)),
        qualification=shown(
            "qualification", person.qualification and person.get_qualification_display()
        ),
        experience=shown("experience", years(person.experience_years(on))),
        email=shown("email", person.email),
        phone=shown("phone", person.phone),
    )


def public_contact(section: PublicSection) -> PublicPerson | None:
    """The consented fields of the section's contact person, who must work at the school."""
    person = section.contact_person
    if person is None or person.organisation_id != section.organisation_id:
        return None
    return public_person(person)


def public_name(person: Person | None, on: datetime.date | None = None) -> str:
    """The person's full name when their consent allows it, else an empty string."""
    shown = public_person(person, on)
    return shown.name if shown else ""


def _with_publication_consent(on: datetime.date):
    """SQL prefilter: people with some publication consent in force (Python decides the fields
    by the newest consent, as publication_fields does)."""
    return Exists(
        Consent.objects.valid(on).filter(person=OuterRef("person"), kind=Consent.Kind.PUBLICATION)
    )


@dataclass(frozen=True)
class PublicMentor:
    person: PublicPerson
    competencies: list[str]


def public_mentors(organisation, on: datetime.date | None = None) -> list[PublicMentor]:
    """Mentors of the bank (not left) whose consent allows at least their full name."""
    on = on or timezone.localdate()
    entries = (
        MentorEntry.objects.filter(
            _with_publication_consent(on),
            person__organisation=organisation,
            person__anonymised_at__isnull=True,
        )
        .exclude(status=MentorEntry.Status.LEFT)
        .select_related("person")
        .prefetch_related("person__consents", "competencies")
        .order_by("person__search_text", "pk")
    )
    mentors = []
    for entry in entries:
        person = public_person(entry.person, on)
        if person and person.name:
            topics = sorted(topic.name for topic in entry.competencies.all())
            mentors.append(PublicMentor(person, topics))
    return mentors


# Names that may not appear


_ENDING = re.compile(r"[аяеёиоуыэюйь]+$")


def _stem(word: str) -> str:
    """The word without its vowel ending, so the declined forms match too: «Яковлев» finds
    «Яковлева», «Яковлевой», «Яковлеву». Short names are kept whole."""
    stem = _ENDING.sub("", word)
    return stem if len(stem) >= 3 else word


def _letters(text: str) -> str:
    """A regular expression for ``text`` that does not care about «ё» written as «е»."""
    return re.sub("[её]", "[её]", re.sub("[ЕЁ]", "[ЕЁ]", re.escape(text)))


def _name_pattern(person: Person) -> str:
    """«Яковлева П. С.», «П. С. Яковлевой», «Яковлева Полина Сергеевна», «Полина Яковлева»."""

    def word(text: str) -> str:
        return _letters(_stem(text)) + r"\w*"

    def initial(text: str) -> str:
        return _letters(text[0]) + r"\."

    last = word(person.last_name)
    if not person.first_name:
        return rf"(?<!\w){last}"
    initials, names = initial(person.first_name), word(person.first_name)
    if person.middle_name:
        initials += rf"(?:\s*{initial(person.middle_name)})?"
        names += rf"(?:\s+{word(person.middle_name)})?"
    given = f"(?:{initials}|{names})"
    return rf"(?<!\w)(?:{given}\s*)?{last}(?:\s*{given})?"


class NameMask:
    """Hides the names of ``people`` in a text written about them (a programme's title, its
    summary): a mentee is never named on the public pages, whatever the text says."""

    def __init__(self, people):
        patterns = [_name_pattern(person) for person in people if person.last_name]
        self.regex = re.compile("|".join(patterns)) if patterns else None

    def hide(self, text: str) -> str:
        return self.regex.sub(HIDDEN_NAME, text) if self.regex and text else text


# Documents and the Положение


def public_documents(organisation, links: Links) -> list[tuple[str, list[NormativeDocument]]]:
    """Published normative documents by level, from the federal down."""
    documents = list(organisation.normative_documents.filter(is_published=True))
    for document in documents:
        document.file_url = links.file("document_file", document.pk) if document.file else ""
        document.file_kind = EXTENSIONS.get(document.file_content_type, "").upper()
    levels = [
        (label, [document for document in documents if document.level == level])
        for level, label in NormativeDocument.Level.choices
    ]
    return [(label, rows) for label, rows in levels if rows]


def public_polozhenie(organisation):
    """The approved version of the Положение in force, when its act is published; else None."""
    version = approved_polozhenie(organisation)
    if version is None or not version.regulation.is_published:
        return None
    return version


def get_published_document(section: PublicSection, pk: int) -> NormativeDocument:
    document = NormativeDocument.objects.filter(
        organisation=section.organisation, is_published=True, pk=pk
    ).first()
    if document is None or not document.file:
        raise Http404
    return document


# The roadmap


@dataclass
class PublicRoadmap:
    roadmap: Roadmap
    stages: list[Stage] = field(default_factory=list)
    targets: list[TargetProgress] = field(default_factory=list)


def public_roadmaps(organisation, on: datetime.date | None = None) -> list[PublicRoadmap]:
    """The approved roadmaps whose period includes ``on``, with stages, activities and targets.
    Activities are read without the people responsible: the public page names roles only."""
    on = on or timezone.localdate()
    roadmaps = list(
        Roadmap.objects.filter(
            APPROVED_VERSION, organisation=organisation, starts_on__lte=on, ends_on__gte=on
        )
        .select_related("approved_order")
        .order_by("starts_on", "pk")
    )
    if not roadmaps:
        return []
    activities = Activity.objects.only(
        "stage_id", "number", "text", "deadline_kind", "deadline", "responsible_roles", "status"
    )
    stages = Stage.objects.filter(roadmap__in=roadmaps).prefetch_related(
        Prefetch("activities", activities)
    )
    targets = Target.objects.filter(roadmap__in=roadmaps)
    shown = {roadmap.pk: PublicRoadmap(roadmap) for roadmap in roadmaps}
    for stage in stages:
        shown[stage.roadmap_id].stages.append(stage)
    progress = {roadmap.pk: RoadmapProgress(roadmap, on) for roadmap in roadmaps}
    for target in targets:
        shown[target.roadmap_id].targets.append(progress[target.roadmap_id].target(target))
    return list(shown.values())


# News


def published_news(organisation, kind: str = ""):
    news = News.objects.published().filter(organisation=organisation)
    if kind in News.Kind.values:
        news = news.filter(kind=kind)
    return news


def with_links(items, links: Links):
    """News items with the URLs their templates print."""
    for news in items:
        news.url = links.url("news_detail", news.pk)
        news.image_url = links.file("news_image", news.pk) if news.image else ""
    return items


def get_published_news(section: PublicSection, pk: int) -> News:
    news = published_news(section.organisation).filter(pk=pk).first()
    if news is None:
        raise Http404
    return news


# Results of programmes and the methodical bank


@dataclass(frozen=True)
class PublicResult:
    title: str
    form: str
    period: str
    completed_on: datetime.date | None
    reason: str
    summary: str
    mentor: str


def public_results(organisation, on: datetime.date | None = None) -> list[PublicResult]:
    """Completed programmes whose results the curator published: the summary written for the
    site, with the mentor's name only when consented and no mentee's name."""
    on = on or timezone.localdate()
    programmes = (
        Programme.objects.filter(
            group__organisation=organisation,
            status=Programme.Status.COMPLETED,
            results_published=True,
        )
        .defer(*PRIVATE_NOTES)  # never even read for the public pages
        .select_related("group__form", "group__mentor__person", "group__co_mentor__person")
        .prefetch_related(
            "group__mentor__person__consents",
            "group__co_mentor__person__consents",
            "group__mentees__person",
        )
        .order_by("-completed_on", "-pk")
    )
    results = []
    for programme in programmes:
        group = programme.group
        mentors = [entry.person for entry in (group.mentor, group.co_mentor) if entry]
        named = [person for person in mentors if public_name(person, on)]
        mask = NameMask(
            [entry.person for entry in group.mentees.all()]
            + [person for person in mentors if person not in named]
        )
        results.append(
            PublicResult(
                title=mask.hide(programme.title),
                form=group.form.name,
                period=term_text(programme.starts_on, programme.completed_on or programme.ends_on),
                completed_on=programme.completed_on,
                reason=programme.get_completion_reason_display(),
                summary=mask.hide(programme.public_summary),
                mentor=", ".join(person.full_name for person in named),
            )
        )
    return results


@dataclass(frozen=True)
class PublicPractice:
    title: str
    kind: str
    summary: str
    authors: list[str]
    published_on: datetime.date | None
    file_url: str
    file_kind: str
    link: str


def public_practices(organisation, links: Links, on: datetime.date | None = None):
    """Published materials of the methodical bank; authors named only when consented."""
    on = on or timezone.localdate()
    practices = (
        Practice.objects.filter(organisation=organisation, is_published=True)
        .prefetch_related(
            Prefetch("authors", Person.objects.prefetch_related("consents")),
            "programme__group__mentees__person",
        )
        .order_by("-published_on", "-pk")
    )
    shown = []
    for practice in practices:
        authors = list(practice.authors.all())
        named = [person for person in authors if public_name(person, on)]
        hidden = [person for person in authors if person not in named]
        if practice.programme:
            hidden += [entry.person for entry in practice.programme.group.mentees.all()]
        mask = NameMask(hidden)
        shown.append(
            PublicPractice(
                title=mask.hide(practice.title),
                kind=practice.get_kind_display(),
                summary=mask.hide(practice.summary),
                authors=[person.full_name for person in named],
                published_on=practice.published_on,
                file_url=links.file("practice_file", practice.pk) if practice.file else "",
                file_kind=EXTENSIONS.get(practice.file_content_type, "").upper(),
                link=practice.link,
            )
        )
    return shown


def get_published_practice(section: PublicSection, pk: int) -> Practice:
    practice = Practice.objects.filter(
        organisation=section.organisation, is_published=True, pk=pk
    ).first()
    if practice is None or not practice.file:
        raise Http404
    return practice


# The version for the visually impaired (ГОСТ Р 52872-2019)

VISION_COOKIE = "nastavnichestvo_vision"
VISION_MAX_AGE = 365 * 24 * 60 * 60


class VisionForm(forms.Form):
    """A visitor's settings of the version for the visually impaired; sent by GET, since it
    changes nothing but the visitor's own cookie."""

    size = forms.ChoiceField(
        label=_("Размер шрифта"),
        choices=[
            ("normal", _("Обычный")),
            ("large", _("Крупный")),
            ("xlarge", _("Очень крупный")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    scheme = forms.ChoiceField(
        label=_("Цветовая схема"),
        choices=[
            ("bw", _("Чёрный текст на белом фоне")),
            ("wb", _("Белый текст на чёрном фоне")),
            ("blue", _("Тёмно-синий текст на голубом фоне")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    images = forms.ChoiceField(
        label=_("Изображения"),
        choices=[("on", _("Показывать")), ("off", _("Не показывать"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


@dataclass(frozen=True)
class Vision:
    size: str = "large"
    scheme: str = "bw"
    images: str = "on"

    @classmethod
    def from_cookie(cls, value: str | None) -> "Vision | None":
        """The settings a cookie holds, or None for no cookie or one that was tampered with."""
        parts = (value or "").split(".")
        if len(parts) != 3:
            return None
        form = VisionForm(dict(zip(("size", "scheme", "images"), parts, strict=True)))
        return cls(**form.cleaned_data) if form.is_valid() else None

    @property
    def cookie(self) -> str:
        return f"{self.size}.{self.scheme}.{self.images}"

    @property
    def css_class(self) -> str:
        return f"vi vi-size-{self.size} vi-scheme-{self.scheme} vi-images-{self.images}"

    @property
    def query(self) -> dict[str, str]:
        return {"size": self.size, "scheme": self.scheme, "images": self.images}
