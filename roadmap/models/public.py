"""The school's public «Наставничество» section: what it says about itself, its news and
announcements, and where it may be embedded. Nothing here is personal: people appear on the public
pages only through their publication consents."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring_site.uploads import EXTENSIONS
from registry.models import Organisation, Person
from registry.models.consents import private_storage


def parse_origins(text: str) -> list[str]:
    """The embedding origins, one per line: «https://school.ru»; a bad line raises."""
    origins = []
    for line in text.splitlines():
        origin = line.strip().rstrip("/")
        if not origin:
            continue
        scheme, _sep, host = origin.partition("://")
        if scheme not in {"https", "http"} or not host or "/" in host or " " in host:
            raise ValidationError(
                _(
                    "«%(line)s» — не адрес сайта. Укажите по одному в строке, например https://school.ru."
                )
                % {"line": line.strip()}
            )
        origins.append(origin)
    return origins


class PublicSection(models.Model):
    """The settings of the organisation's public section: whether it is open, the text about the
    mentoring system, the contacts and the sites allowed to embed it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="public_section"
    )
    is_enabled = models.BooleanField(
        _("раздел открыт"),
        default=False,
        help_text=_("Пока раздел закрыт, его страницы отвечают «не найдено»."),
    )
    about = models.TextField(
        _("о системе наставничества"),
        blank=True,
        help_text=_("Абзацы разделяйте пустой строкой."),
    )
    contact_person = models.ForeignKey(
        Person,
        verbose_name=_("контактное лицо"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Показывается только то, что разрешает его согласие на публикацию."),
    )
    contact_role = models.CharField(
        _("кто отвечает на вопросы"), max_length=200, blank=True, default="Куратор наставничества"
    )
    contact_email = models.EmailField(
        _("электронная почта для вопросов"), blank=True, help_text=_("Служебный адрес школы.")
    )
    contact_phone = models.CharField(_("телефон для вопросов"), max_length=50, blank=True)
    contact_hours = models.CharField(_("часы приёма"), max_length=200, blank=True)
    embed_origins = models.TextField(
        _("сайты, на которых можно встроить раздел"),
        blank=True,
        help_text=_("По одному адресу в строке, например https://school.ru."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("публичный раздел")
        verbose_name_plural = _("публичные разделы")

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        try:
            parse_origins(self.embed_origins)
        except ValidationError as error:
            raise ValidationError({"embed_origins": error.messages}) from None

    @property
    def origins(self) -> list[str]:
        try:
            return parse_origins(self.embed_origins)
        except ValidationError:
            return []


def news_image_path(news, filename):
    extension = EXTENSIONS.get(news.image_content_type, "bin")
    stamp = f"{timezone.now():%Y%m%d%H%M%S}"
    return f"news/{news.organisation_id}/{stamp}.{extension}"


class NewsQuerySet(models.QuerySet):
    def published(self, at=None):
        """Published news whose time has come (a post may be scheduled)."""
        return self.filter(is_published=True, published_at__lte=at or timezone.now())


class News(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("Новость")
        ANNOUNCEMENT = "announcement", _("Объявление")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="news")
    kind = models.CharField(_("вид"), max_length=20, choices=Kind, default=Kind.NEWS)
    title = models.CharField(_("заголовок"), max_length=300)
    lead = models.CharField(
        _("кратко"), max_length=500, blank=True, help_text=_("Одна-две фразы для списка и ленты.")
    )
    body = models.TextField(_("текст"), help_text=_("Абзацы разделяйте пустой строкой."))
    event_on = models.DateField(
        _("дата события"), null=True, blank=True, help_text=_("Для объявления: когда оно будет.")
    )
    image = models.FileField(
        _("иллюстрация"),
        storage=private_storage,
        upload_to=news_image_path,
        blank=True,
        max_length=300,
    )
    image_content_type = models.CharField(max_length=50, blank=True, editable=False)
    image_alt = models.CharField(
        _("описание иллюстрации"),
        max_length=300,
        blank=True,
        help_text=_("Что изображено: прочтут незрячие посетители."),
    )
    is_published = models.BooleanField(_("опубликовано"), default=False)
    published_at = models.DateTimeField(
        _("дата публикации"),
        null=True,
        blank=True,
        help_text=_("Можно указать будущую: новость появится в этот момент."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("новость")
        verbose_name_plural = _("новости и объявления")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "is_published", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_published=False) | models.Q(published_at__isnull=False),
                name="published_news_has_date",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:news_detail", args=[self.organisation.slug, self.pk])
