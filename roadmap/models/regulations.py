"""Local acts (the Положение and others) with their versions, and the library of normative
documents the public section lists."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Organisation
from registry.models.consents import private_storage
from roadmap.models.marks import ApprovalMarks


class Regulation(models.Model):
    class Kind(models.TextChoices):
        POLOZHENIE = "polozhenie", _("Положение о системе наставничества")
        LOCAL_ACT = "local_act", _("Иной локальный акт")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="regulations",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind, default=Kind.POLOZHENIE)
    title = models.CharField(_("название"), max_length=500)
    is_published = models.BooleanField(
        _("публиковать на сайте"),
        default=True,
        help_text=_("На сайте показывается только утверждённая редакция."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("локальный акт")
        verbose_name_plural = _("локальные акты")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("roadmap:regulation_detail", args=[self.organisation.slug, self.pk])


class RegulationVersion(ApprovalMarks):
    """One редакция of a local act. A version is edited until it is approved; then a change
    is a new version."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("редакция"))
    text = models.TextField(
        _("текст"),
        help_text=_(
            "Абзацы разделяйте пустой строкой. Строка, начинающаяся с «#», — заголовок раздела."
        ),
    )
    effective_from = models.DateField(_("вводится в действие с"), null=True, blank=True)
    note = models.CharField(_("что изменилось"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("редакция локального акта")
        verbose_name_plural = _("редакции локальных актов")
        ordering = ["regulation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number"], name="unique_regulation_version_number"
            )
        ]

    def __str__(self):
        return f"{self.regulation} (редакция {self.number})"

    @property
    def blocks(self) -> list[tuple[str, str]]:
        """The text as printed: ("heading" | "paragraph", text) blocks."""
        result = []
        for block in self.text.replace("\r\n", "\n").split("\n\n"):
            block = block.strip()
            if not block:
                continue
            if block.startswith("#"):
                result.append(("heading", block.lstrip("#").strip()))
            else:
                result.append(("paragraph", " ".join(block.split())))
        return result


def normative_file_path(document, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    stamp = f"{timezone.now():%Y%m%d%H%M%S}"
    return f"normative/{document.organisation_id}/{stamp}.{extension}"


class NormativeDocument(models.Model):
    """A federal, regional, municipal or local document the mentoring system rests on."""

    class Level(models.TextChoices):
        FEDERAL = "federal", _("Федеральный")
        REGIONAL = "regional", _("Региональный")
        MUNICIPAL = "municipal", _("Муниципальный")
        LOCAL = "local", _("Локальный")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="normative_documents",
    )
    level = models.CharField(_("уровень"), max_length=20, choices=Level)
    title = models.CharField(_("название"), max_length=1000)
    issuer = models.CharField(_("кем принят"), max_length=300, blank=True)
    number = models.CharField(_("номер"), max_length=60, blank=True)
    issued_on = models.DateField(_("дата"), null=True, blank=True)
    url = models.URLField(_("ссылка на официальный текст"), max_length=500, blank=True)
    file = models.FileField(
        _("файл"), storage=private_storage, upload_to=normative_file_path, blank=True
    )
    file_content_type = models.CharField(max_length=100, blank=True, editable=False)
    is_published = models.BooleanField(_("публиковать на сайте"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("нормативный документ")
        verbose_name_plural = _("нормативные документы")
        ordering = ["level", "-issued_on", "title"]

    def __str__(self):
        return self.title

    @property
    def requisites(self) -> str:
        """«Минпросвещения России от 25.12.2019 № Р-145»."""
        parts = [self.issuer]
        if self.issued_on:
            parts.append(f"от {self.issued_on:%d.%m.%Y}")
        if self.number:
            parts.append(f"№\u00a0{self.number}")
        return " ".join(part for part in parts if part)
