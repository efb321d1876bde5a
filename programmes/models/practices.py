"""The methodical bank (методическая копилка): best practices and materials."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programmes.models.programmes import Programme, private_storage
from registry.models import Organisation, Person


class Practice(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Лучшая практика")
        MATERIAL = "material", _("Методический материал")
        CASE = "case", _("Кейс")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="practices"
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind, default=Kind.PRACTICE)
    title = models.CharField(_("название"), max_length=300)
    summary = models.TextField(_("описание"))
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
    )
    authors = models.ManyToManyField(Person, verbose_name=_("авторы"), blank=True)
    file = models.FileField(
        _("файл"), storage=private_storage, upload_to="practices/%Y/", blank=True, max_length=300
    )
    file_content_type = models.CharField(max_length=100, blank=True, editable=False)
    link = models.URLField(_("ссылка"), blank=True)
    is_published = models.BooleanField(_("опубликовано на сайте"), default=False)
    published_on = models.DateField(_("дата публикации"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("материал методической копилки")
        verbose_name_plural = _("методическая копилка")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:practice_detail", args=[self.organisation.slug, self.pk])
