"""What the curator publishes in the school's public «Наставничество» section: its settings, news
and announcements with their illustrations, and the results of completed programmes.

A news illustration lives in private storage and is served by the public page only while the
news item is published; a replaced or removed illustration is deleted once the transaction
commits, so a failed save loses nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring_site import uploads
from programmes.models import Practice, Programme
from registry.models import PUBLISHABLE_FIELDS, MentorEntry, Organisation, Person
from registry.models.consents import publication_fields
from roadmap.models import News, NormativeDocument, PublicSection
from roadmap.services.drafting import approved_polozhenie

IMAGE_TYPES = {uploads.JPEG, uploads.PNG}
IMAGE_ALT_REQUIRED = gettext_lazy("Опишите иллюстрацию: это прочтут незрячие посетители.")


# Consents


def publication_note(person: Person, on: datetime.date | None = None) -> str:
    """What the public pages may show of ``person``, in words for the curator."""
    fields = publication_fields(person, on)
    if not fields:
        return _("нет согласия на публикацию — имя не будет показано")
    labels = ", ".join(
        _("ФИО") if field == "full_name" else str(PUBLISHABLE_FIELDS[field]) for field in fields
    )
    if "full_name" not in fields:
        return _("согласие на публикацию: %(fields)s — имя не будет показано") % {"fields": labels}
    return _("согласие на публикацию: %(fields)s") % {"fields": labels}


# The public section's settings


def public_section_of(organisation: Organisation) -> PublicSection:
    """The organisation's settings, or fresh unsaved ones (a closed section) before the first
    save: opening the settings page writes nothing."""
    section = PublicSection.objects.filter(organisation=organisation).first()
    return section or PublicSection(organisation=organisation)


@transaction.atomic
def public_section_save(*, section: PublicSection) -> PublicSection:
    section.full_clean()
    section.save()
    return section


@dataclass(frozen=True)
class Overview:
    """What the public section shows now: the checklist of the settings page."""

    news_published: int
    news_scheduled: int
    news_drafts: int
    documents: int
    polozhenie: object  # the approved version shown, or None
    polozhenie_hidden: bool  # approved, but its act is not marked for publication
    practices: int
    mentors: int
    results_published: int
    results_completed: int


def published_overview(organisation: Organisation, now: datetime.datetime | None = None):
    """Counts of what a visitor of the public section sees, with a fixed number of queries."""
    now = now or timezone.now()
    news = News.objects.filter(organisation=organisation).aggregate(
        published=Count("pk", filter=Q(is_published=True, published_at__lte=now)),
        scheduled=Count("pk", filter=Q(is_published=True, published_at__gt=now)),
        drafts=Count("pk", filter=Q(is_published=False)),
    )
    results = Programme.objects.filter(
        group__organisation=organisation, status=Programme.Status.COMPLETED
    ).aggregate(completed=Count("pk"), published=Count("pk", filter=Q(results_published=True)))
    mentors = (
        MentorEntry.objects.filter(person__organisation=organisation, person__anonymised_at=None)
        .exclude(status=MentorEntry.Status.LEFT)
        .select_related("person")
        .prefetch_related("person__consents")
    )
    today = timezone.localdate(now)
    polozhenie = approved_polozhenie(organisation)
    return Overview(
        news_published=news["published"],
        news_scheduled=news["scheduled"],
        news_drafts=news["drafts"],
        documents=NormativeDocument.objects.filter(
            organisation=organisation, is_published=True
        ).count(),
        polozhenie=polozhenie if polozhenie and polozhenie.regulation.is_published else None,
        polozhenie_hidden=bool(polozhenie) and not polozhenie.regulation.is_published,
        practices=Practice.objects.filter(organisation=organisation, is_published=True).count(),
        # The public page lists a mentor only with consent to publish the full name.
        mentors=sum("full_name" in publication_fields(entry.person, today) for entry in mentors),
        results_published=results["published"],
        results_completed=results["completed"],
    )


# News and announcements


class NewsStatus(models.TextChoices):
    PUBLISHED = "published", gettext_lazy("опубликовано")
    SCHEDULED = "scheduled", gettext_lazy("запланировано")
    DRAFT = "draft", gettext_lazy("черновик")


def news_status(news: News, now: datetime.datetime | None = None) -> str:
    if not news.is_published:
        return NewsStatus.DRAFT
    if news.published_at and news.published_at > (now or timezone.now()):
        return NewsStatus.SCHEDULED
    return NewsStatus.PUBLISHED


def news_status_filter(status: str, now: datetime.datetime | None = None) -> Q:
    """The SQL side of news_status: the news items in ``status`` (a NewsStatus value)."""
    now = now or timezone.now()
    return {
        NewsStatus.PUBLISHED: Q(is_published=True, published_at__lte=now),
        NewsStatus.SCHEDULED: Q(is_published=True, published_at__gt=now),
        NewsStatus.DRAFT: Q(is_published=False),
    }[status]


def validate_image(file) -> str:
    """The content type of an uploaded illustration: JPEG or PNG told by content, at most
    5 MB; ValidationError in Russian otherwise. Leaves the file rewound."""
    try:
        content_type = uploads.validate_scan(file)
    except ValidationError as error:
        if error.code == "too_large":
            raise ValidationError(
                _("Изображение больше 5 МБ: уменьшите его или сожмите."), code="too_large"
            ) from None
        content_type = None
    if content_type not in IMAGE_TYPES:
        raise ValidationError(
            _(
                "Файл «%(name)s» не похож на изображение JPEG или PNG. Загрузите фотографию "
                "или картинку в одном из этих форматов."
            )
            % {"name": file.name},
            code="not_image",
        )
    return content_type


def _image_change(news: News, *, image=None, remove_image=False) -> None:
    """Put a checked image on ``news`` or take it off; the replaced file goes after commit."""
    replaced = news.image.name or None
    if image:
        news.image_content_type = validate_image(image)
        extension = uploads.EXTENSIONS[news.image_content_type]
        news.image.save(f"image.{extension}", image, save=False)
    elif remove_image and news.image:
        news.image, news.image_content_type = "", ""
    else:
        return
    if replaced:
        _delete_after_commit(replaced)


def _delete_after_commit(name: str) -> None:
    storage = News._meta.get_field("image").storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def news_save(*, news: News, image=None, remove_image=False, created_by=None) -> News:
    """Save a new or changed news item (``news`` carries the form's fields) with its
    illustration: a new image replaces the old one, ``remove_image`` takes it off."""
    if news.pk is None:
        news.created_by = created_by
    if news.is_published and news.published_at is None:
        news.published_at = timezone.now()
    news.full_clean(exclude=["image", "created_by"])
    # Checked before the upload is written to storage, so a refused save leaves no file behind.
    keeps_image = bool(image) or (bool(news.image) and not remove_image)
    if keeps_image and not news.image_alt.strip():
        raise ValidationError({"image_alt": IMAGE_ALT_REQUIRED})
    _image_change(news, image=image, remove_image=remove_image)
    news.save()
    return news


@transaction.atomic
def news_delete(*, news: News) -> None:
    """Delete the news item; its illustration goes once the deletion is committed."""
    if news.image:
        _delete_after_commit(news.image.name)
    news.delete()


# Results of programmes


PRIVATE_NOTES = ("mentee_self_assessment", "mentor_review", "curator_conclusion")


@transaction.atomic
def results_publish(*, programme: Programme, results_published: bool, public_summary: str):
    """Publish (or withdraw) the results of a completed programme: only the summary written for
    the site is shown, never the private notes (Положение 8.2)."""
    if programme.status != Programme.Status.COMPLETED:
        raise ValidationError(_("Итоги публикуют только после завершения программы."))
    public_summary = public_summary.strip()
    if results_published and not public_summary:
        raise ValidationError(
            {"public_summary": _("Напишите итоги для сайта: без них публиковать нечего.")}
        )
    programme.results_published = results_published
    programme.public_summary = public_summary
    programme.save(update_fields=["results_published", "public_summary", "updated_at"])
    return programme
